"""Absence alerts (Hjørring; issue 16): import an employer's absence file, raise the alerts its
job centre's rules call for, e-mail the leader, and record the leader's answer.

`import_absence_file` is one transaction: a file with a bad row is refused whole (a Danish reason
per line, nothing written); the same file (by its content's hash) imports once. The alert rules
are `domain/absence_rules.py`, per job centre from its policy. The leader's e-mail names the
employee by the employer's own number only, never a cause or a date of absence.
"""

from __future__ import annotations

import csv
import hashlib
import io
import secrets
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import insert
from sqlmodel import Session, col, select

from fasttrack_core.db import AppContext
from fasttrack_core.domain.absence_file import MAX_ROWS, AbsenceRow, check_rows, header_problem
from fasttrack_core.domain.absence_rules import (
    AlertAnswer,
    AlertRule,
    AlertRules,
    Spell,
    Trigger,
    answer_due,
    current,
    spells_of,
    triggers,
)
from fasttrack_core.domain.access import AuditAction
from fasttrack_core.domain.calendar import local_date
from fasttrack_core.errors import Refused
from fasttrack_core.models import (
    AbsenceAlert,
    AbsenceImport,
    AbsenceRegistration,
    JobCentre,
    absence_alert_dedupe_key,
    absence_employee_key,
)
from fasttrack_core.services.audit import Actor, log
from fasttrack_core.services.notices.absence import queue_absence_alert
from fasttrack_core.services.policies import policy_of


@dataclass(frozen=True)
class ImportResult:
    imported: int
    alerts: int

    def as_dict(self) -> dict[str, int]:
        return {"imported": self.imported, "alerts": self.alerts}


@dataclass(frozen=True)
class AlertView:
    """An alert as its answer page shows it (reached by the token in the leader's e-mail)."""

    reference: str
    job_centre: str
    employee_ref: str
    workplace: str
    rule: AlertRule
    raised_on: date
    answer_due: date
    answer: AlertAnswer | None
    rules: AlertRules  # the job centre's rules, as the page explains the alert


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def import_absence_file(
    ctx: AppContext, *, content: bytes, file_name: str, as_of: datetime, actor: Actor
) -> ImportResult:
    """Import the file at business time `as_of`: `imported` rows and the `alerts` raised; the
    same file again imports nothing (0, 0). Refused whole, with a reason per bad line."""
    today = local_date(as_of)
    rows = _read(content, today)
    digest = hashlib.sha256(content).hexdigest()
    now = ctx.clock.now()
    with ctx.unit_of_work() as session:
        seen = session.exec(select(AbsenceImport).where(col(AbsenceImport.file_hash) == digest))
        if seen.first() is not None:
            return ImportResult(0, 0)
        centres = _centres_by_employer(session)
        unshared = [
            f"Linje {row.line}: CVR-nummeret {row.cvr} deler ikke fraværsdata med et jobcenter "
            "i systemet (politikfeltet absence_alert_employers)."
            for row in rows
            if row.cvr not in centres
        ]
        if unshared:
            raise Refused(unshared)
        record = AbsenceImport(
            file_hash=digest, file_name=file_name[:200], imported_at=now, rows=len(rows), alerts=0
        )
        session.add(record)
        session.flush()
        assert record.id is not None
        keyed = [(row, absence_employee_key(ctx.vault, row.cvr, row.employee_id)) for row in rows]
        session.execute(
            insert(AbsenceRegistration),
            [
                {
                    "import_id": record.id,
                    "job_centre_id": centres[row.cvr].id,
                    "employer_cvr": row.cvr,
                    "employee_key": key,
                    "employee_ref": row.employee_id,
                    "first_day": row.first_day,
                    "last_day": row.last_day,
                }
                for row, key in keyed
            ],
        )
        raised = _raise_alerts(ctx, session, keyed, centres, as_of)
        record.alerts = raised
        session.add(record)
        detail = f"fraværsfil importeret: {len(rows)} registreringer, {raised} alarmer"
        log(session, actor, AuditAction.CHANGE, now, None, detail)
        session.commit()
    return ImportResult(len(rows), raised)


def _read(content: bytes, today: date) -> list[AbsenceRow]:
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise Refused("Filen er ikke UTF-8-tekst (CSV).") from None
    reader = csv.DictReader(io.StringIO(text, newline=""))
    problem = header_problem(reader.fieldnames)
    if problem:
        raise Refused(problem)
    try:
        numbered = [(reader.line_num, values) for values in reader]
    except csv.Error as exc:
        raise Refused(f"Linje {reader.line_num}: kan ikke læses som CSV ({exc}).") from None
    if not numbered:
        raise Refused("Filen har ingen registreringer under overskriften.")
    if len(numbered) > MAX_ROWS:
        raise Refused(f"Filen har flere end {MAX_ROWS} registreringer; del den op.")
    rows, problems = check_rows(numbered, today)
    if problems:
        raise Refused(problems)
    return rows


def _centres_by_employer(session: Session) -> dict[str, JobCentre]:
    """Each employer (CVR) that shares its absence data, and its job centre."""
    found: dict[str, JobCentre] = {}
    for centre in session.exec(select(JobCentre)).all():
        for cvr in policy_of(centre).absence_alert_employers:
            found.setdefault(cvr, centre)
    return found


def _raise_alerts(
    ctx: AppContext,
    session: Session,
    keyed: list[tuple[AbsenceRow, str]],
    centres: dict[str, JobCentre],
    as_of: datetime,
) -> int:
    """The alerts the employees of the file now call for, from all their registrations."""
    by_employee: dict[str, list[AbsenceRow]] = defaultdict(list)
    for row, key in keyed:
        by_employee[key].append(row)
    raised = 0
    today = local_date(as_of)
    for key, rows in by_employee.items():
        latest = max(rows, key=lambda row: (row.last_day, row.line))
        centre = centres[latest.cvr]
        rules = AlertRules.of(policy_of(centre))
        days = session.exec(
            select(col(AbsenceRegistration.first_day), col(AbsenceRegistration.last_day)).where(
                col(AbsenceRegistration.employee_key) == key
            )
        ).all()
        spells = spells_of([Spell(first, last) for first, last in days], ctx.calendar)
        for trigger in current(triggers(spells, rules), today):
            if _raise(ctx, session, centre, latest, key, trigger, rules, as_of):
                raised += 1
    return raised


def _raise(
    ctx: AppContext,
    session: Session,
    centre: JobCentre,
    row: AbsenceRow,
    key: str,
    trigger: Trigger,
    rules: AlertRules,
    as_of: datetime,
) -> bool:
    dedupe = absence_alert_dedupe_key(key, trigger.rule, trigger.spell_first_day)
    known = session.exec(select(AbsenceAlert.id).where(col(AbsenceAlert.dedupe_key) == dedupe))
    if known.first() is not None:
        return False
    token = secrets.token_urlsafe(32)
    hashed = token_hash(token)
    raised_on = local_date(as_of)
    due = answer_due(raised_on, rules, ctx.calendar)
    alert = AbsenceAlert(
        reference=hashed[:20],  # replaced by the numbered reference below
        job_centre_id=centre.id or 0,
        employer_cvr=row.cvr,
        workplace=row.workplace,
        employee_key=key,
        employee_ref=row.employee_id,
        leader_email=row.leader_email,
        rule=trigger.rule,
        spell_first_day=trigger.spell_first_day,
        raised_at=as_of,
        answer_due=due,
        token_hash=hashed,
        dedupe_key=dedupe,
    )
    session.add(alert)
    session.flush()
    alert.reference = f"FA-{raised_on.year}-{alert.id:06d}"
    session.add(alert)
    queue_absence_alert(
        session,
        reference=alert.reference,
        job_centre=centre.name,
        leader_email=row.leader_email,
        token=token,
        employee_ref=row.employee_id,
        workplace=row.workplace,
        rule=trigger.rule,
        rules=rules,
        answer_due=due,
        base_url=ctx.base_url,
        now=ctx.clock.now(),
    )
    return True


def _alert_by_token(session: Session, token: str) -> AbsenceAlert | None:
    if not token or len(token) > 100:
        return None
    statement = select(AbsenceAlert).where(col(AbsenceAlert.token_hash) == token_hash(token))
    return session.exec(statement).first()


def _view(session: Session, alert: AbsenceAlert) -> AlertView:
    centre = session.get_one(JobCentre, alert.job_centre_id)
    return AlertView(
        alert.reference,
        centre.name,
        alert.employee_ref or "",
        alert.workplace or "",
        AlertRule(alert.rule),
        local_date(alert.raised_at),
        alert.answer_due,
        AlertAnswer(alert.answer) if alert.answer else None,
        AlertRules.of(policy_of(centre)),
    )


def alert_for_token(ctx: AppContext, token: str) -> AlertView | None:
    """The alert the answer link names, or None (unknown, or anonymised by retention)."""
    with ctx.unit_of_work() as session:
        alert = _alert_by_token(session, token)
        return _view(session, alert) if alert is not None else None


def answer_alert(
    ctx: AppContext, *, token: str, answer: str, as_of: datetime, actor: Actor
) -> AlertView | None:
    """Record the leader's answer (the first answer stands; a second changes nothing). None
    when the token names no alert."""
    try:
        chosen = AlertAnswer(answer)
    except ValueError:
        reason = "Vælg et af svarene."
        raise Refused(reason, fields={"answer": reason}) from None
    with ctx.unit_of_work() as session:
        alert = _alert_by_token(session, token)
        if alert is None:
            return None
        if alert.answer is None:
            alert.answer = chosen
            alert.answered_at = as_of
            session.add(alert)
            detail = f"fraværsalarm {alert.reference} besvaret: {chosen}"
            log(session, actor, AuditAction.CHANGE, ctx.clock.now(), None, detail)
        view = _view(session, alert)
        session.commit()
        return view
