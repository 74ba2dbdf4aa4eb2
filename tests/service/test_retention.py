"""Issue 12, defect 6: no retention or erasure. A simulated year of cases, then the retention
policy applied as time goes on: emails, mail files and idempotency answers after their periods,
closed cases anonymised after five years, old audit entries removed with the chain intact; a dry
run changes nothing, and a second run finds nothing more."""

from __future__ import annotations

import os
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import func, update
from sqlmodel import col, select

from fasttrack_core.clock import FixedClock
from fasttrack_core.db import AppContext
from fasttrack_core.domain.access import AuditAction
from fasttrack_core.models import (
    ApiKey,
    AuditEntry,
    Case,
    CitizenAccess,
    CitizenAccessFailure,
    Event,
    IdempotentResponse,
    OutboxMessage,
    SignInFailure,
    Step,
    WebSession,
)
from fasttrack_core.schemas import RequestIn, parse
from fasttrack_core.services.audit import Actor, export_for_citizen, verify, write
from fasttrack_core.services.citizen_access import issue_link
from fasttrack_core.services.intake import submit_request
from fasttrack_core.services.recording import record_event
from fasttrack_core.services.retention import PERSONAL_KEYS, RetentionPolicy, apply_retention
from fasttrack_core.services.sessions import EndReason, end_session, start_session
from fasttrack_core.services.users import add_user, create_api_key
from fasttrack_core.simulation import run_simulation
from tests.conftest import START
from tests.e2e.cli import Fasttrack
from tests.service.helpers import table_counts

POLICY = RetentionPolicy()  # the defaults: 5 years, 90 days, 30 days, 7 days, 7 years
YEAR = timedelta(days=365)


def _simulated_year(ctx: AppContext) -> datetime:
    """A year of generated cases; every queued email delivered when it was queued. Returns the
    end of the year."""
    clock = ctx.clock
    assert isinstance(clock, FixedClock)
    run_simulation(ctx, cases=40, days=365, seed=12)
    with ctx.unit_of_work() as session:
        session.execute(
            update(OutboxMessage).values(status="sent", sent_at=OutboxMessage.created_at)
        )
        session.commit()
    return clock.now()


def _count(ctx: AppContext, model: Any, *where: Any) -> int:
    with ctx.unit_of_work() as session:
        return int(session.exec(select(func.count()).select_from(model).where(*where)).one())


def _personal_values(ctx: AppContext, case_ids: list[int]) -> list[Any]:
    with ctx.unit_of_work() as session:
        cases = session.exec(select(Case).where(col(Case.id).in_(case_ids))).all()
        events = session.exec(select(Event).where(col(Event.case_id).in_(case_ids))).all()
        steps = session.exec(select(Step).where(col(Step.case_id).in_(case_ids))).all()
    found: list[Any] = []
    for case in cases:
        found += [case.employee_name, case.employee_email, case.employee_phone, case.leader_name]
        found += [case.leader_email, case.hr_name, case.hr_email, case.cpr_encrypted]
        found += [case.answers_encrypted]
    found += [step.title for step in steps] + [step.owner for step in steps]
    for event in events:
        found += [key for key in _keys(event.data) if key in PERSONAL_KEYS]
    return [value for value in found if value]


def _keys(value: Any) -> list[str]:
    if isinstance(value, dict):
        return [key for key, item in value.items() for key in [key, *_keys(item)]]
    if isinstance(value, list):
        return [key for item in value for key in _keys(item)]
    return []


def test_defect_6_retention_over_a_simulated_year_and_after(
    ctx: AppContext, ole: dict[str, Any]
) -> None:
    year_end = _simulated_year(ctx)
    ole["requested_at"] = year_end.isoformat()
    ole["first_absence_day"] = (year_end - timedelta(days=10)).date().isoformat()
    submit_request(
        ctx, parse(RequestIn, ole), as_of=year_end
    )  # a case still open when the others are long closed
    emails = _count(ctx, OutboxMessage)
    assert emails > 100
    cutoff = year_end - timedelta(days=POLICY.email_days)

    before = table_counts(ctx)
    dry = apply_retention(ctx, POLICY, year_end, dry_run=True)
    assert table_counts(ctx) == before  # a dry run only says what it would do
    assert dry.emails_deleted == _count(ctx, OutboxMessage, col(OutboxMessage.sent_at) < cutoff)
    assert dry.emails_deleted > 0 and dry.cases_anonymised == 0

    done = apply_retention(ctx, POLICY, year_end)
    assert done.as_dict() == {**dry.as_dict(), "dry_run": False}
    assert _count(ctx, OutboxMessage, col(OutboxMessage.sent_at) < cutoff) == 0
    assert _count(ctx, OutboxMessage) == emails - done.emails_deleted
    again = apply_retention(ctx, POLICY, year_end)  # idempotent: nothing more to do
    assert not any(value for key, value in again.as_dict().items() if key != "dry_run")

    with ctx.unit_of_work() as session:
        closed = list(session.exec(select(Case.id).where(col(Case.closed_at).is_not(None))))
        still_open = list(session.exec(select(Case.id).where(col(Case.closed_at).is_(None))))
        last_closed = session.exec(select(func.max(Case.closed_at))).one()
        outcomes = dict(session.exec(select(Case.id, Case.outcome)).all())
    assert closed and still_open and last_closed is not None
    assert _personal_values(ctx, [c for c in closed if c is not None])
    five_years_on = last_closed + POLICY.closed_case_years * YEAR + timedelta(days=1)
    anonymised = apply_retention(ctx, POLICY, five_years_on)
    assert anonymised.cases_anonymised == len(closed)
    assert _personal_values(ctx, [c for c in closed if c is not None]) == []
    assert _personal_values(ctx, [c for c in still_open if c is not None])  # open cases stay
    with ctx.unit_of_work() as session:
        assert dict(session.exec(select(Case.id, Case.outcome)).all()) == outcomes  # statistics
    assert apply_retention(ctx, POLICY, five_years_on).cases_anonymised == 0
    assert verify(ctx).intact


def test_defect_6_audit_entries_go_after_their_period_and_the_chain_still_verifies(
    ctx: AppContext,
) -> None:
    actor = Actor("konsulent@ishoj.example.dk")
    for month in range(24):
        write(ctx, actor, AuditAction.VIEW, START + timedelta(days=30 * month))
    later = START + timedelta(days=30 * 23) + POLICY.audit_years * YEAR - timedelta(days=30 * 12)
    expected = _count(ctx, AuditEntry, col(AuditEntry.at) < later - POLICY.audit_years * YEAR)
    assert 0 < expected < 24
    result = apply_retention(ctx, POLICY, later)
    assert result.audit_entries_deleted == expected
    check = verify(ctx)
    assert check.intact and check.checked == 24 - expected + 1  # the retention run is logged
    with ctx.unit_of_work() as session:
        logged = session.exec(select(AuditEntry).where(col(AuditEntry.actor) == "system:sletning"))
        assert "audit_entries_deleted=" in (logged.one().detail or "")


def test_defect_6_caught_mail_files_and_idempotency_answers_go_after_their_periods(
    ctx: AppContext, tmp_path: Path
) -> None:
    mail = tmp_path / "mail"
    mail.mkdir()
    for age_days in (1, 29, 31, 400):
        path = mail / f"{age_days}.eml"
        path.write_text("Subject: x\n\n")
        moment = (START - timedelta(days=age_days)).timestamp()
        os.utime(path, (moment, moment))
    (mail / "notes.txt").write_text("kept: not a caught message")
    create_api_key(ctx, "HR-system", as_of=START)
    with ctx.unit_of_work() as session:
        client_id = session.exec(select(ApiKey.id)).one()
        for age_days in (1, 6, 8):
            session.add(
                IdempotentResponse(
                    api_key_id=client_id,
                    key=f"k{age_days}",
                    request_hash="0" * 64,
                    status_code=201,
                    body={},
                    created_at=START - timedelta(days=age_days),
                )
            )
        session.commit()
    dry = apply_retention(ctx, POLICY, START, mail, dry_run=True)
    assert (dry.mail_files_deleted, dry.idempotency_deleted) == (2, 1)
    assert len(list(mail.iterdir())) == 5
    apply_retention(ctx, POLICY, START, mail)
    assert sorted(path.name for path in mail.iterdir()) == ["1.eml", "29.eml", "notes.txt"]
    with ctx.unit_of_work() as session:
        kept = sorted(session.exec(select(IdempotentResponse.key)).all())
    assert kept == ["k1", "k6"]


def test_defect_6_an_anonymised_citizen_is_no_longer_found_by_cpr(
    ctx: AppContext, ole: dict[str, Any]
) -> None:
    reference = submit_request(ctx, parse(RequestIn, ole), as_of=START).reference
    closed_at = START + timedelta(days=1)
    record_event(ctx, reference, "closed", closed_at, {"outcome": "withdrawn"}, as_of=closed_at)
    admin = Actor("admin@jobcenter.example.dk")
    with ctx.unit_of_work() as session:
        case_id = session.exec(select(Case.id).where(col(Case.reference) == reference)).one()
    write(ctx, admin, AuditAction.VIEW, closed_at, case_id)
    purpose = "borgerens anmodning om indsigt"
    assert export_for_citizen(ctx, admin, ole["employee"]["cpr"], as_of=closed_at, purpose=purpose)
    apply_retention(ctx, POLICY, closed_at + 5 * YEAR + timedelta(days=1))
    with ctx.unit_of_work() as session:
        case = session.exec(select(Case).where(col(Case.reference) == reference)).one()
    assert case.anonymised_at is not None and case.cpr_encrypted == ""
    assert ctx.vault.lookup_hash(ole["employee"]["cpr"]) != case.cpr_hash
    assert not export_for_citizen(
        ctx, admin, ole["employee"]["cpr"], as_of=closed_at, purpose=purpose
    )


def test_defect_6_retention_apply_on_the_command_line(tmp_path: Path, ole: dict[str, Any]) -> None:
    fasttrack = Fasttrack(tmp_path)
    fasttrack.env["FASTTRACK_MAIL_DIR"] = str(tmp_path / "mail")
    fasttrack.json("request", "submit", fasttrack.file(ole))
    as_of = ("--as-of", "2036-01-01T03:00:00+01:00")
    dry = fasttrack.json("retention", "apply", "--dry-run", *as_of)
    assert dry["dry_run"] is True and dry["cases_anonymised"] == 0  # the case is still open
    assert fasttrack.json("retention", "apply", *as_of)["dry_run"] is False
    assert "Afvist" in fasttrack.run("retention", "apply", "--as-of", "i morgen", expect=2).stderr


def _session(
    ctx: AppContext,
    user_id: int,
    started: datetime,
    ended: datetime | None,
    seen: datetime | None = None,
) -> int:
    """A session started, last seen (`seen`, else when it started) and signed out (`ended`)."""
    start_session(ctx, user_id, started, "192.0.2.7", second_factor_done=True)
    with ctx.unit_of_work() as session:
        row = session.exec(select(WebSession).order_by(col(WebSession.id).desc())).first()
        assert row is not None and row.id is not None
        row.last_seen_at = seen or started
        session.add(row)
        session.commit()
        session_id = row.id
    if ended is not None:
        end_session(ctx, session_id, ended, EndReason.SIGNED_OUT)
    return session_id


def _link(ctx: AppContext, case_id: int, issued: datetime, revoked: datetime | None) -> int:
    with ctx.unit_of_work() as session:
        issue_link(session, case_id, issued)
        session.flush()
        link = session.exec(select(CitizenAccess).order_by(col(CitizenAccess.id).desc())).first()
        assert link is not None and link.id is not None
        link.revoked_at = revoked
        session.add(link)
        session.commit()
        return link.id


def test_ended_sessions_links_and_failed_attempts_are_deleted_after_their_periods(
    ctx: AppContext, ole: dict[str, Any]
) -> None:
    now = START + timedelta(days=10)
    user = add_user(
        ctx,
        "Kim",
        "consultant",
        "kim@ishoj.example.dk",
        "183",
        "blå kaffekande i hækken",
        as_of=START,
    )
    assert user.id is not None
    day, hour, minute = timedelta(days=1), timedelta(hours=1), timedelta(minutes=1)
    over = {
        _session(ctx, user.id, now - 2 * day - hour, now - 2 * day),  # signed out 2 days ago
        # Never ended by a request: idle since, or past the 8 hours while in use.
        _session(ctx, user.id, now - day - hour, None),
        _session(ctx, user.id, now - day - 9 * hour, None, seen=now - day - 10 * minute),
    }
    kept = {
        _session(ctx, user.id, now - 2 * hour, now - hour),  # signed out an hour ago
        _session(ctx, user.id, now - 10 * minute, None),  # still signed in
    }
    reference = submit_request(ctx, parse(RequestIn, ole), as_of=START).reference
    with ctx.unit_of_work() as session:
        case_id = session.exec(select(Case.id).where(col(Case.reference) == reference)).one()
        links_before = set(session.exec(select(CitizenAccess.id)).all())
    assert case_id is not None
    links_over = {
        _link(ctx, case_id, now - 70 * day, None),  # expired 10 days ago
        _link(ctx, case_id, now - 5 * day, now - 2 * day),  # revoked 2 days ago
    }
    links_kept = {
        *links_before,
        _link(ctx, case_id, now - day, None),
        _link(ctx, case_id, now - 5 * day, now - hour),
    }
    with ctx.unit_of_work() as session:
        for age in (16 * minute, 5 * minute):
            session.add(
                SignInFailure(
                    at=now - age, email="kim@ishoj.example.dk", client_address="192.0.2.7"
                )
            )
            session.add(
                CitizenAccessFailure(at=now - age, token_hash="0" * 64, client_address="192.0.2.7")
            )
        session.commit()

    dry = apply_retention(ctx, POLICY, now, dry_run=True)
    counts = (dry.sessions_deleted, dry.citizen_links_deleted, dry.failed_attempts_deleted)
    assert counts == (3, 2, 2)
    assert _count(ctx, WebSession) == 5  # a dry run deletes nothing
    done = apply_retention(ctx, POLICY, now)
    assert done.as_dict() == {**dry.as_dict(), "dry_run": False}
    with ctx.unit_of_work() as session:
        assert set(session.exec(select(WebSession.id)).all()) == kept
        assert set(session.exec(select(CitizenAccess.id)).all()) == links_kept
        failures = [
            *session.exec(select(SignInFailure.at)),
            *session.exec(select(CitizenAccessFailure.at)),
        ]
    assert failures == [now - 5 * minute] * 2
    assert not over & kept and not links_over & links_kept
    again = apply_retention(ctx, POLICY, now)
    assert (again.sessions_deleted, again.citizen_links_deleted, again.failed_attempts_deleted) == (
        0,
        0,
        0,
    )
