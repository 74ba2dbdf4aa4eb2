"""The follow-up record (issue 17 item 2; BEK 1798/2020 § 37): the export of a simulated month has
one record per follow-up held, the day's file holds that day's follow-ups (0600), and a corrected
event gives a correction record of its own with its reason."""

from __future__ import annotations

import csv
import io
import stat
from datetime import date, datetime
from pathlib import Path

import pytest
from sqlalchemy import func, insert, select
from sqlmodel import col

from fasttrack_core.clock import FixedClock
from fasttrack_core.db import AppContext
from fasttrack_core.domain.access import AuditAction
from fasttrack_core.domain.calendar import COPENHAGEN, local_date
from fasttrack_core.errors import Refused
from fasttrack_core.models import AuditEntry, Case, Event
from fasttrack_core.reporting.followups import (
    FIELDS,
    FOLLOWUPS,
    daily_filename,
    export_followups,
    write_private,
)
from fasttrack_core.services.audit import Actor
from fasttrack_core.simulation import run_simulation

MARCH_FIRST, MARCH_LAST = date(2026, 3, 1), date(2026, 3, 31)
ACTOR = Actor("test:indberetning")
NOW = datetime(2026, 4, 1, 6, 0, tzinfo=COPENHAGEN)


@pytest.fixture
def simulated(ctx: AppContext, clock: FixedClock) -> AppContext:
    clock.set(datetime(2026, 2, 16, 0, 0, tzinfo=COPENHAGEN))
    run_simulation(ctx, cases=14, days=44, seed=5)  # 16 February - 31 March
    return ctx


def _held(ctx: AppContext) -> list[Event]:
    with ctx.unit_of_work() as session:
        return list(
            session.execute(select(Event).where(col(Event.kind).in_(list(FOLLOWUPS))))
            .scalars()
            .all()
        )


def test_a_simulated_month_has_one_record_per_followup_held(simulated: AppContext) -> None:
    held = [e for e in _held(simulated) if MARCH_FIRST <= local_date(e.recorded_at) <= MARCH_LAST]
    export = export_followups(simulated, MARCH_FIRST, MARCH_LAST, actor=ACTOR, as_of=NOW)
    assert len(held) > 5
    assert sorted(r.record_id for r in export.records) == sorted(e.id for e in held)
    assert {r.record_type for r in export.records} == {"opfølgning"}
    with simulated.unit_of_work() as session:
        cprs = {
            reference: simulated.vault.decrypt(token)
            for reference, token in session.execute(
                select(col(Case.reference), col(Case.cpr_encrypted))
            ).tuples()
        }
        exported = session.execute(
            select(func.count()).where(col(AuditEntry.action) == AuditAction.EXPORT)
        ).scalar_one()
    for record in export.records:
        assert record.cpr == cprs[record.case_reference] and len(record.cpr) == 10
        assert record.municipality_code.isdigit() and record.category_change is None
    # Each case in the export is in the audit log as exported, with the purpose.
    assert exported == export.cases == len({r.case_reference for r in export.records})
    rows = list(csv.DictReader(io.StringIO(export.render("csv").decode()), delimiter=";"))
    assert list(rows[0]) == list(FIELDS) and len(rows) == len(export.records)


def test_the_days_file_is_that_days_followups_and_private(
    simulated: AppContext, tmp_path: Path
) -> None:
    days = sorted({local_date(e.recorded_at) for e in _held(simulated)})
    day = days[len(days) // 2]
    export = export_followups(simulated, day, day, actor=ACTOR, as_of=NOW)
    path = tmp_path / "indberetning" / daily_filename(day, "csv")
    write_private(path, export.render("csv"))
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    lines = list(csv.DictReader(path.open(encoding="utf-8"), delimiter=";"))
    same_day = [e for e in _held(simulated) if local_date(e.recorded_at) == day]
    assert len(lines) == len(same_day) > 0
    assert {line["reported_on"] for line in lines} == {day.isoformat()}


def test_a_corrected_followup_gives_a_correction_record_with_its_reason(
    simulated: AppContext,
) -> None:
    original = next(e for e in _held(simulated) if e.kind == "followup_held")
    corrected_at = datetime(2026, 4, 2, 11, 0, tzinfo=COPENHAGEN)
    with simulated.unit_of_work() as session:
        # `corrected` as the pause helper records it (issue 14.5; not on main yet): as a row.
        session.execute(
            insert(Event).values(
                case_id=original.case_id,
                kind="corrected",
                occurred_at=corrected_at,
                recorded_at=corrected_at,
                actor="konsulent",
                data={
                    "event_id": original.id,
                    "reason": "Samtalen blev holdt telefonisk, ikke ved fremmøde",
                    "data": {"mode": "phone"},
                },
            )
        )
        session.commit()
    export = export_followups(
        simulated, date(2026, 4, 2), date(2026, 4, 2), actor=ACTOR, as_of=corrected_at
    )
    [record] = export.records
    assert record.record_type == "berigtigelse"
    assert record.corrects_record_id == original.id
    assert record.correction_reason == "Samtalen blev holdt telefonisk, ikke ved fremmøde"
    assert record.form == "Første opfølgningssamtale, telefonisk"
    assert record.followup_date == local_date(original.occurred_at).isoformat()


def test_a_period_that_ends_before_it_starts_is_refused(ctx: AppContext) -> None:
    with pytest.raises(Refused, match="efter den slutter"):
        export_followups(ctx, MARCH_LAST, MARCH_FIRST, actor=ACTOR, as_of=NOW)
