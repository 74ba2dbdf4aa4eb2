"""Loading what an installation serves (SPEC §9): job centres, consultants, workplaces, roster."""

from __future__ import annotations

import hashlib
import tomllib
from datetime import date, datetime
from importlib import resources
from pathlib import Path
from typing import Any, TypedDict

from sqlalchemy import delete, func
from sqlmodel import Session, col, select

from fasttrack_core.domain.municipalities import MUNICIPALITIES
from fasttrack_core.domain.policy import SPECIALIST_BY_CAUSE, Policy, PolicyError
from fasttrack_core.errors import Refused
from fasttrack_core.models import (
    BookingSetup,
    ConfigChange,
    Consultant,
    ConsultantAbsence,
    ConsultantCalendar,
    JobCentre,
    RosterEntry,
    Specialist,
    Workplace,
)
from fasttrack_core.presentation.danish import WEEKDAYS
from fasttrack_core.schemas import SpecialistIn, parse
from fasttrack_core.services.free_times import booking_rules_json, parse_working_hours
from fasttrack_core.services.notices.escalation import missing_team_lead_warnings
from fasttrack_core.services.policies import policy_of
from fasttrack_core.services.specialists import team_of

DEMO_SOURCE = "demo"


def demo_config_text() -> str:
    return resources.files("fasttrack_core").joinpath("demo_config.toml").read_text("utf-8")


def is_configured(session: Session) -> bool:
    return bool(session.exec(select(func.count()).select_from(JobCentre)).one())


def ensure_configured(session: Session, config_file: Path | None, now: datetime) -> None:
    """Load the configured file, or the bundled demo configuration, into an empty database."""
    if is_configured(session):
        return
    if config_file is not None:
        load_config(session, config_file.read_text("utf-8"), str(config_file), now)
    else:
        load_config(session, demo_config_text(), DEMO_SOURCE, now)


class LoadSummary(TypedDict):
    """What a file held, and what works but not as it should (Danish)."""

    job_centres: int
    consultants: int
    workplaces: int
    specialists: int
    roster_entries: int
    warnings: list[str]


def load_config(session: Session, text: str, source: str, now: datetime) -> LoadSummary:
    """Upsert the file's contents (by municipality code, e-mail, CVR + workplace) and commit.

    A consultant's absences and a job centre's roster are replaced by what the file says.
    Refuses the whole file, changing nothing, when any part of it is wrong. Warns about every
    job centre without a team lead (its escalations go to a fallback).
    """
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise Refused(f"Konfigurationsfilen kan ikke læses: {exc}.") from None
    try:
        roster_entries = _apply(session, data)
    except (PolicyError, KeyError, ValueError, TypeError) as exc:
        session.rollback()
        raise Refused(f"Konfigurationen kan ikke bruges: {_reason(exc)}") from None
    summary = LoadSummary(
        job_centres=len(data.get("job_centre", [])),
        consultants=len(data.get("consultant", [])),
        workplaces=len(data.get("workplace", [])),
        specialists=len(data.get("specialist", [])),
        roster_entries=roster_entries,
        warnings=[*missing_team_lead_warnings(session), *missing_specialist_warnings(session)],
    )
    digest = hashlib.sha256(text.encode()).hexdigest()[:16]
    session.add(ConfigChange(loaded_at=now, source=source, summary={**summary, "sha256": digest}))
    session.commit()
    return summary


def _reason(exc: Exception) -> str:
    if isinstance(exc, KeyError):
        return f"feltet {exc} mangler."
    return str(exc)


def _apply(session: Session, data: dict[str, Any]) -> int:
    """Write the file's contents; return how many roster entries it held."""
    centres = {c.municipality_code: c for c in session.exec(select(JobCentre))}
    for raw in data.get("job_centre", []):
        code = str(raw["municipality"])
        if code not in MUNICIPALITIES:
            raise ValueError(f"ukendt kommunekode {code}.")
        policy = dict(raw.get("policy", {}))
        Policy.from_mapping(policy)
        centre = centres.get(code) or JobCentre(municipality_code=code, name=raw["name"])
        centre.name = raw["name"]
        centre.policy = policy
        centre.team_lead_email = raw.get("team_lead_email")
        centre.admin_email = raw.get("admin_email")
        centre.steering_emails = list(raw.get("steering_emails", []))
        session.add(centre)
        centres[code] = centre
    session.flush()

    consultants = {c.email: c for c in session.exec(select(Consultant))}
    for raw in data.get("consultant", []):
        centre = centres[str(raw["municipality"])]
        assert centre.id is not None  # every job centre was flushed above
        consultant = consultants.get(raw["email"]) or Consultant(
            job_centre_id=centre.id, name=raw["name"], email=raw["email"]
        )
        consultant.job_centre_id = centre.id
        consultant.name = raw["name"]
        consultant.fte = float(raw.get("fte", 1.0))
        consultant.active = bool(raw.get("active", True))
        session.add(consultant)
        session.flush()
        assert consultant.id is not None
        consultants[consultant.email] = consultant
        session.execute(
            delete(ConsultantAbsence).where(col(ConsultantAbsence.consultant_id) == consultant.id)
        )
        for absence in raw.get("absences", []):
            starts, ends = _date(absence["from"]), _date(absence["to"])
            if ends < starts:
                raise ValueError(f"fravær for {consultant.email} slutter før det begynder.")
            session.add(
                ConsultantAbsence(consultant_id=consultant.id, starts_on=starts, ends_on=ends)
            )
        _apply_calendar(session, consultant.id, raw)

    for raw in data.get("workplace", []):
        owner = consultants[raw["consultant"]]
        assert owner.id is not None  # every consultant was flushed above
        existing = session.exec(
            select(Workplace).where(
                col(Workplace.cvr) == raw["cvr"], col(Workplace.name) == raw["name"]
            )
        ).first()
        workplace = existing or Workplace(cvr=raw["cvr"], name=raw["name"], consultant_id=owner.id)
        workplace.consultant_id = owner.id
        session.add(workplace)

    _apply_specialists(session, data, centres)
    for code, raw in data.get("booking", {}).items():
        centre = centres[str(code)]
        assert centre.id is not None
        _apply_booking(session, centre.id, raw)

    roster_count = 0
    for code, entries in data.get("roster", {}).items():
        centre = centres[str(code)]
        assert centre.id is not None
        session.execute(delete(RosterEntry).where(col(RosterEntry.job_centre_id) == centre.id))
        for key, email in entries.items():
            day, weekday = _roster_key(key)
            on_duty = consultants[email]
            assert on_duty.id is not None
            session.add(
                RosterEntry(
                    job_centre_id=centre.id,
                    day=day,
                    weekday=weekday,
                    consultant_id=on_duty.id,
                )
            )
            roster_count += 1
    session.flush()
    return roster_count


def _apply_specialists(
    session: Session, data: dict[str, Any], centres: dict[str, JobCentre]
) -> None:
    """Each job centre the file lists (as a job centre or by a specialist) gets exactly the
    specialists the file gives it (issue 14 item 8: Roskilde's interdisciplinary team)."""
    given = [_specialist(n, raw) for n, raw in enumerate(data.get("specialist", []), start=1)]
    named = {str(raw["municipality"]) for raw in data.get("job_centre", [])}
    for code in named | {s.municipality for s in given}:
        if code not in centres:
            raise ValueError(f"fagperson i kommune {code}, som ikke har et jobcenter.")
        session.execute(delete(Specialist).where(col(Specialist.job_centre_id) == centres[code].id))
    session.flush()
    for specialist in given:
        centre_id = centres[specialist.municipality].id
        assert centre_id is not None  # every job centre was flushed above
        session.add(
            Specialist(
                job_centre_id=centre_id,
                profession=specialist.profession,
                name=specialist.name,
                email=specialist.email,
            )
        )


def _specialist(number: int, raw: Any) -> SpecialistIn:
    try:
        return parse(SpecialistIn, raw)
    except Refused as refused:
        raise ValueError(f"fagperson {number}: {' '.join(refused.reasons)}") from None


def missing_specialist_warnings(session: Session) -> list[str]:
    """A job centre whose policy suggests specialists but has none of a suggested profession."""
    warnings = []
    for centre in session.exec(select(JobCentre).order_by(col(JobCentre.municipality_code))):
        if not policy_of(centre).suggest_specialist or centre.id is None:
            continue
        team = {s.profession.casefold() for s in team_of(session, centre.id)}
        missing = sorted({p for p in SPECIALIST_BY_CAUSE.values() if p.casefold() not in team})
        if missing:
            warnings.append(
                f"{centre.name} foreslår fagpersoner til rundbordssamtalen, men har ingen "
                f"{', '.join(missing)} i sit tværfaglige team."
            )
    return warnings


def _apply_calendar(session: Session, consultant_id: int, raw: dict[str, Any]) -> None:
    """A consultant's own working hours and CalDAV calendar (issue 15), replaced by the file's;
    the CalDAV password only by the name of the environment variable that holds it."""
    row = session.exec(
        select(ConsultantCalendar).where(col(ConsultantCalendar.consultant_id) == consultant_id)
    ).first()
    caldav = dict(raw.get("caldav", {}))
    if "password" in caldav:
        raise ValueError(
            "en CalDAV-adgangskode må ikke stå i konfigurationsfilen: angiv password_env, navnet "
            "på den miljøvariabel der har den."
        )
    unknown = sorted(set(caldav) - {"url", "username", "password_env"})
    if unknown:
        raise ValueError(f"ukendte CalDAV-felter: {', '.join(unknown)}.")
    if "working_hours" not in raw and not caldav:
        if row is not None:
            session.delete(row)
        return
    row = row or ConsultantCalendar(consultant_id=consultant_id)
    hours = raw.get("working_hours")
    row.working_hours = parse_working_hours(hours) if hours is not None else None
    row.caldav_url = caldav.get("url")
    row.caldav_username = caldav.get("username")
    row.caldav_password_env = caldav.get("password_env")
    session.add(row)


def _apply_booking(session: Session, job_centre_id: int, raw: dict[str, Any]) -> None:
    """A job centre's booking rules (issue 15): opening hours, meeting types, closing days."""
    row = session.exec(
        select(BookingSetup).where(col(BookingSetup.job_centre_id) == job_centre_id)
    ).first() or BookingSetup(job_centre_id=job_centre_id)
    row.rules = booking_rules_json(raw)
    session.add(row)


def _date(value: Any) -> date:
    return value if isinstance(value, date) else date.fromisoformat(str(value))


def _roster_key(key: str) -> tuple[date | None, int | None]:
    """A roster entry is for a weekday ("mandag") or a date ("2026-11-23")."""
    if key.lower() in WEEKDAYS:
        return None, WEEKDAYS.index(key.lower())
    return date.fromisoformat(key), None
