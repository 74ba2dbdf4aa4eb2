"""The follow-up record (opfølgningsregistrering) for the common data basis of the employment
area: one record per follow-up held, and a correction as a record of its own with its reason.

BEK om det fælles it-baserede datagrundlag og det statistiske datavarehus på
beskæftigelsesområdet (BEK 1798 of 3 December 2020, consolidated), § 37 [read in a consolidated
copy on elov.dk, not on retsinformation.dk]:
- stk. 1: for every follow-up held: 1) the person's identification, 2) the reporting
  municipality's code, 3) the date of the talk or other follow-up, 4) the form of follow-up
  (including follow-up without contact: standby), 5) the visitation category when it changed, 6)
  what was agreed about the further course (the latest follow-up's agreement holds them all);
- stk. 2: reported, as far as possible, the same day as the talk was held;
- stk. 3: a wrong registration is corrected by a correction with a comment on its reason.

The person is identified by the CPR number: the register is keyed on it, and the receiving case
system matches on it (a pseudonym would make the record useless for its one purpose). So this is
an export of personal data: each case in it is audited (export, with the purpose below), the
file is written readable by its owner alone (0600), and no CPR number leaves it otherwise (the
flow logs counts only). Which day a record belongs to: the Danish day it was recorded in fasttrack
(a talk recorded a day late is in the next day's file, with its own date).
"""

from __future__ import annotations

import csv
import io
import json
import os
import tempfile
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any, Literal

from sqlalchemy import select
from sqlmodel import col

from fasttrack_core.db import AppContext
from fasttrack_core.domain.access import AuditAction
from fasttrack_core.domain.calendar import COPENHAGEN, local_date
from fasttrack_core.domain.vocabulary import MEASURE_LABELS, OWNER_LABELS, EventKind, Measure
from fasttrack_core.errors import Refused
from fasttrack_core.models import Case, Event, JobCentre
from fasttrack_core.services.audit import Actor, log

# The pause helper's correction event (issue 14.5), read by name.
CORRECTED = "corrected"
PURPOSE = "Indberetning af afholdte opfølgninger til det fælles datagrundlag (BEK 1798/2020 § 37)"
FOLLOWUPS: dict[str, str] = {  # the event, and the form it had when its data does not say
    EventKind.FOLLOWUP_HELD: "Første opfølgningssamtale",
    EventKind.ROUNDTABLE_HELD: "Rundbordssamtale",
    EventKind.REVIEW_HELD: "Opfølgningssamtale",
}
MODES = {"in_person": "personligt fremmøde", "phone": "telefonisk", "video": "digitalt fremmøde"}
Format = Literal["csv", "json"]
MAX_DAYS = 366


@dataclass(frozen=True)
class FollowupRecord:
    """One line of the record; `FIELDS` documents each."""

    record_type: str  # "opfølgning" | "berigtigelse"
    record_id: int
    corrects_record_id: int | None
    cpr: str
    municipality_code: str
    case_reference: str
    followup_date: str
    form: str
    category_change: str | None
    agreed: str
    correction_reason: str | None
    reported_on: str


FIELDS: dict[str, str] = {
    "record_type": "«opfølgning» for en afholdt opfølgning, «berigtigelse» for en rettelse (§ 37, "
    "stk. 3).",
    "record_id": "Fasttracks nummer for hændelsen (entydigt); en berigtigelse har sit eget.",
    "corrects_record_id": "For en berigtigelse: record_id på den registrering, den retter.",
    "cpr": "Personens CPR-nummer (§ 37, stk. 1, nr. 1), 10 cifre uden bindestreg.",
    "municipality_code": "Den indberettende kommunes kode: jobcentrets kommune (nr. 2).",
    "case_reference": "Fasttracks sagsnummer (FT-ÅÅÅÅ-NNNNNN), til sagsbehandlingssystemet.",
    "followup_date": "Datoen for samtalen eller opfølgningen, dansk tid (nr. 3).",
    "form": "Opfølgningsformen (nr. 4): samtalens art og personligt fremmøde, telefonisk eller "
    "digitalt fremmøde.",
    "category_change": "Ændret visitationskategori (nr. 5). Fasttrack registrerer ikke "
    "kategorien (sygedagpengeloven § 12): altid tom; jobcentrets sagssystem indberetter den.",
    "agreed": "Aftaler om det videre forløb (nr. 6): tiltag, handlinger med ansvarlig og frist, "
    "næste opfølgning.",
    "correction_reason": "For en berigtigelse: årsagen, som konsulenten skrev den (stk. 3).",
    "reported_on": "Den dag, registreringen blev foretaget i fasttrack, og som filen dækker.",
}


@dataclass(frozen=True)
class Export:
    records: list[FollowupRecord]
    cases: int

    def render(self, format: Format) -> bytes:
        if format == "json":
            rows = [asdict(record) for record in self.records]
            return (json.dumps(rows, ensure_ascii=False, indent=2) + "\n").encode()
        buffer = io.StringIO()
        writer = csv.DictWriter(buffer, fieldnames=list(FIELDS), delimiter=";")
        writer.writeheader()
        writer.writerows(asdict(record) for record in self.records)
        return buffer.getvalue().encode()


def export_followups(
    ctx: AppContext, first: date, last: date, *, actor: Actor, as_of: datetime
) -> Export:
    """The follow-ups held and the corrections recorded on the Danish days `first`..`last`; each
    case in it is audited as exported, in the same transaction that read it."""
    if first > last:
        raise Refused(f"Perioden starter ({first}) efter den slutter ({last}).")
    if (last - first).days >= MAX_DAYS:
        raise Refused(f"Perioden må højst være {MAX_DAYS} dage.")
    start = datetime.combine(first, time.min, tzinfo=COPENHAGEN)
    end = datetime.combine(last + timedelta(days=1), time.min, tzinfo=COPENHAGEN)
    with ctx.unit_of_work() as session:
        rows = session.execute(
            select(Event, Case, col(JobCentre.municipality_code))
            .join(Case, col(Case.id) == col(Event.case_id))
            .join(JobCentre, col(JobCentre.id) == col(Case.job_centre_id))
            .where(
                col(Event.kind).in_([*FOLLOWUPS, CORRECTED]),
                col(Event.recorded_at) >= start,
                col(Event.recorded_at) < end,
            )
            .order_by(col(Event.recorded_at), col(Event.id))
        ).all()
        corrected_ids = [
            int(event.data["event_id"])
            for event, _, _ in rows
            if event.kind == CORRECTED and str(event.data.get("event_id", "")).isdigit()
        ]
        originals = {
            event.id: event
            for event in session.execute(
                select(Event).where(col(Event.id).in_(corrected_ids))
            ).scalars()
        }
        records = list(_records(ctx, rows, originals))
        case_ids = sorted({case.id for _, case, _ in rows if case.id is not None})
        for case_id in case_ids:
            log(session, actor, AuditAction.EXPORT, as_of, case_id, "opfølgningsindberetning",
                PURPOSE)  # fmt: skip
        session.commit()
    return Export(records, len(case_ids))


def _records(
    ctx: AppContext, rows: Iterable[Any], originals: dict[int | None, Event]
) -> Iterable[FollowupRecord]:
    for event, case, municipality in rows:
        if case.anonymised_at is not None:
            continue  # retention removed the person (5 years after closing): nothing to report
        cpr = ctx.vault.decrypt(case.cpr_encrypted)
        reported = local_date(event.recorded_at).isoformat()
        if event.kind in FOLLOWUPS:
            yield FollowupRecord("opfølgning", event.id, None, cpr, municipality, case.reference,
                                 local_date(event.occurred_at).isoformat(),
                                 _form(event.kind, event.data), None, _agreed(event.data), None,
                                 reported)  # fmt: skip
            continue
        original = originals.get(int(event.data.get("event_id", 0)))
        if original is None or original.kind not in FOLLOWUPS or original.case_id != case.id:
            continue  # a correction of something else than a follow-up
        data = {**original.data, **(event.data.get("data") or {})}
        held = event.data.get("at") or original.occurred_at.isoformat()
        yield FollowupRecord("berigtigelse", event.id, original.id, cpr, municipality,
                             case.reference, local_date(datetime.fromisoformat(held)).isoformat(),
                             _form(original.kind, data), None, _agreed(data),
                             str(event.data.get("reason", "")), reported)  # fmt: skip


def _form(kind: str, data: dict[str, Any]) -> str:
    mode = MODES.get(str(data.get("mode", "in_person")), "personligt fremmøde")
    return f"{FOLLOWUPS[kind]}, {mode}"


def _agreed(data: dict[str, Any]) -> str:
    parts = []
    measures = [MEASURE_LABELS.get(Measure(m), m) for m in data.get("measures", [])
                if m in Measure.__members__.values()]  # fmt: skip
    if measures:
        parts.append("Tiltag: " + ", ".join(measures))
    for action in data.get("actions", []):
        owner = OWNER_LABELS.get(str(action.get("owner")), str(action.get("owner", "")))
        parts.append(f"Handling: {action.get('what', '')} ({owner}, senest {action.get('due')})")
    if data.get("next_review"):
        parts.append(f"Næste opfølgning: {data['next_review']}")
    return "; ".join(parts)


def write_private(path: Path, content: bytes) -> None:
    """The file, readable and writable by its owner alone (0600), replaced whole (a rerun of the
    same day writes the same file again)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".opfoelgning-")
    try:
        os.fchmod(handle, 0o600)
        with os.fdopen(handle, "wb") as file:
            file.write(content)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def daily_filename(day: date, format: Format) -> str:
    return f"opfoelgninger-{day.isoformat()}.{format}"
