"""A consultant's free times (issue 15): the configured working hours and meeting types, minus
Danish holidays, the job centre's closing days, the consultant's absences, the meetings already
booked here and, where configured, the busy times of the consultant's own CalDAV calendar.

The booking rules are configured per job centre (`[booking.<code>]` in the configuration file)
and stored as JSON; `booking_rules_json` checks and normalises them when the file is loaded.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import replace
from datetime import date, datetime, time, timedelta
from functools import lru_cache
from typing import Any

from sqlalchemy import bindparam
from sqlmodel import Session, col, select

from fasttrack_core.db import AppContext
from fasttrack_core.domain.booking import (
    Absence,
    BookingRules,
    Span,
    check_working_hours,
    free_slots,
)
from fasttrack_core.domain.vocabulary import OUTSTANDING, StepKind
from fasttrack_core.models import (
    BookingSetup,
    Case,
    ConsultantAbsence,
    ConsultantCalendar,
    Step,
)
from fasttrack_core.presentation.danish import WEEKDAYS

_RULE_KEYS = frozenset(
    {
        "working_hours",
        "meeting_minutes",
        "closing_days",
        "slot_minutes",
        "min_notice_hours",
        "change_until_hours",
        "leader_books_roundtable",
    }
)
_BOOKABLE = frozenset({StepKind.FIRST_FOLLOWUP, StepKind.ROUNDTABLE})


# --- the configuration ----------------------------------------------------------------------------


def _clock(text: str) -> time:
    try:
        return time.fromisoformat(text.strip())
    except ValueError:
        raise ValueError(f"'{text}' er ikke et klokkeslæt (TT:MM).") from None


def parse_working_hours(raw: Mapping[str, Any]) -> dict[str, list[str]]:
    """`{ mandag = "09:00-15:00", ... }` (a weekday left out is not worked) as stored JSON:
    weekday number (0 = Monday) to [opens, closes]."""
    hours: dict[int, tuple[time, time]] = {}
    for name, span in raw.items():
        if name.lower() not in WEEKDAYS:
            raise ValueError(f"ukendt ugedag '{name}' i arbejdstiden.")
        opens, separator, closes = str(span).partition("-")
        if not separator:
            raise ValueError(f"arbejdstiden '{span}' skal skrives som 09:00-15:00.")
        hours[WEEKDAYS.index(name.lower())] = (_clock(opens), _clock(closes))
    check_working_hours(hours)
    return {str(day): [f"{o:%H:%M}", f"{c:%H:%M}"] for day, (o, c) in sorted(hours.items())}


def working_hours_of(stored: Mapping[str, Sequence[str]]) -> dict[int, tuple[time, time]]:
    return {
        int(day): (time.fromisoformat(o), time.fromisoformat(c)) for day, (o, c) in stored.items()
    }


def booking_rules_json(raw: Mapping[str, Any]) -> dict[str, Any]:
    """A job centre's `[booking.<code>]` checked and in its stored form; ValueError (Danish)."""
    unknown = sorted(set(raw) - _RULE_KEYS)
    if unknown:
        raise ValueError(f"ukendte bookingfelter: {', '.join(unknown)}.")
    stored: dict[str, Any] = {}
    if "working_hours" in raw:
        stored["working_hours"] = parse_working_hours(raw["working_hours"])
    if "meeting_minutes" in raw:
        minutes = {}
        for kind, value in raw["meeting_minutes"].items():
            if kind not in _BOOKABLE:
                raise ValueError(f"mødetypen '{kind}' kan ikke bookes her.")
            if not 15 <= int(value) <= 480:
                raise ValueError(f"mødetypen '{kind}' skal vare 15-480 minutter.")
            minutes[kind] = int(value)
        stored["meeting_minutes"] = minutes
    if "closing_days" in raw:
        stored["closing_days"] = sorted(
            (d if isinstance(d, date) else date.fromisoformat(str(d))).isoformat()
            for d in raw["closing_days"]
        )
    for key in ("slot_minutes", "min_notice_hours", "change_until_hours"):
        if key in raw:
            value = int(raw[key])
            if not 0 <= value <= 24 * 14 or (key == "slot_minutes" and value < 5):
                raise ValueError(f"{key} = {value} er uden for det mulige.")
            stored[key] = value
    if "leader_books_roundtable" in raw:
        stored["leader_books_roundtable"] = bool(raw["leader_books_roundtable"])
    booking_rules(stored)
    return stored


def booking_rules(stored: Mapping[str, Any]) -> BookingRules:
    """The domain's rules from their stored form (defaults where nothing is configured)."""
    rules = BookingRules()
    values: dict[str, Any] = {}
    if "working_hours" in stored:
        values["working_hours"] = working_hours_of(stored["working_hours"])
    if "meeting_minutes" in stored:
        values["meeting_minutes"] = {
            **rules.meeting_minutes,
            **{StepKind(k): int(v) for k, v in stored["meeting_minutes"].items()},
        }
    if "closing_days" in stored:
        values["closing_days"] = frozenset(date.fromisoformat(d) for d in stored["closing_days"])
    if "slot_minutes" in stored:
        values["slot_minutes"] = int(stored["slot_minutes"])
    if "min_notice_hours" in stored:
        values["min_notice"] = timedelta(hours=int(stored["min_notice_hours"]))
    if "change_until_hours" in stored:
        values["change_until"] = timedelta(hours=int(stored["change_until_hours"]))
    if "leader_books_roundtable" in stored:
        values["leader_books_roundtable"] = bool(stored["leader_books_roundtable"])
    return replace(rules, **values)


# Built once: intake reads it for every request.
_STORED_RULES = select(col(BookingSetup.rules)).where(
    col(BookingSetup.job_centre_id) == bindparam("job_centre_id")
)


def rules_for_centre(session: Session, job_centre_id: int) -> BookingRules:
    """The job centre's booking rules, read on every call (a configuration loaded by another
    process counts at once) and parsed once per distinct configuration."""
    stored = session.connection().execute(_STORED_RULES, {"job_centre_id": job_centre_id})
    return _parsed_rules(json.dumps(stored.scalar() or {}, sort_keys=True))


@lru_cache(maxsize=256)
def _parsed_rules(canonical: str) -> BookingRules:
    return booking_rules(json.loads(canonical))


# --- free times -----------------------------------------------------------------------------------


def _busy_here(
    session: Session,
    rules: BookingRules,
    consultant_id: int,
    start: datetime,
    end: datetime,
    leave_out: tuple[int, str] | None,
) -> list[Span]:
    """The meetings booked in this system for the consultant's cases (each as long as its
    meeting type), but `leave_out` (case id, step kind): the meeting being moved."""
    rows = session.exec(
        select(Step.case_id, Step.kind, Step.scheduled_at)
        .join(Case, col(Case.id) == col(Step.case_id))
        .where(
            col(Case.consultant_id) == consultant_id,
            col(Step.scheduled_at).is_not(None),
            col(Step.status).in_(OUTSTANDING),
            col(Step.scheduled_at) < end,
            col(Step.scheduled_at) > start - timedelta(hours=8),
        )
    ).all()
    busy = []
    for case_id, kind, starts_at in rows:
        if starts_at is None or (case_id, kind) == leave_out:
            continue
        minutes = rules.minutes(StepKind(kind))
        busy.append(Span(starts_at, starts_at + timedelta(minutes=minutes)))
    return busy


def own_calendar(session: Session, consultant_id: int) -> ConsultantCalendar | None:
    """The consultant's own working hours and calendar account, where configured."""
    return session.exec(
        select(ConsultantCalendar).where(col(ConsultantCalendar.consultant_id) == consultant_id)
    ).first()


def consultant_free_times(
    ctx: AppContext,
    session: Session,
    *,
    consultant_id: int,
    rules: BookingRules,
    kind: StepKind,
    deadline: datetime,
    now: datetime,
    leave_out: tuple[int, str] | None = None,
    elsewhere: Sequence[Span] = (),
) -> list[datetime]:
    """The start times at which a meeting of `kind` with the consultant can be booked now: from
    `now` plus the rules' notice, ending by `deadline`; `elsewhere`: busy times in the
    consultant's own calendar (read before the transaction: services.caldav_calendar)."""
    earliest = now + rules.min_notice
    if earliest >= deadline:
        return []
    calendar_row = own_calendar(session, consultant_id)
    hours = rules.working_hours
    if calendar_row is not None and calendar_row.working_hours:
        hours = working_hours_of(calendar_row.working_hours)
    absences = [
        Absence(a.starts_on, a.ends_on)
        for a in session.exec(
            select(ConsultantAbsence).where(col(ConsultantAbsence.consultant_id) == consultant_id)
        )
    ]
    busy = _busy_here(session, rules, consultant_id, earliest, deadline, leave_out)
    busy += elsewhere
    return free_slots(
        rules, hours, rules.minutes(kind), earliest, deadline, ctx.calendar, absences, busy
    )
