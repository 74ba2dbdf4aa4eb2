"""SQLModel tables: configuration, cases, their steps and their timeline."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import JSON, Column, DateTime, Engine, Index, String, UniqueConstraint, text
from sqlalchemy.engine import Dialect
from sqlalchemy.types import TypeDecorator
from sqlmodel import Field, SQLModel

from fasttrack_core.crypto import CprVault


class UTCDateTime(TypeDecorator[datetime]):
    """Stores timezone-aware datetimes as naive UTC; returns them aware (UTC)."""

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTCDateTime column")
        return value.astimezone(UTC).replace(tzinfo=None)

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        return None if value is None else value.replace(tzinfo=UTC)


def utc_column(*, nullable: bool = False, index: bool = False) -> Any:
    return Field(sa_column=Column(UTCDateTime(), nullable=nullable, index=index))


# --- health data at rest (issue 12): encrypted by the column type, so call sites do not change --


def attach_vault(engine: Engine, vault: CprVault) -> None:
    """The vault the engine's sealed columns encrypt with (Context attaches its own)."""
    engine.dialect.fasttrack_vault = vault  # type: ignore[attr-defined]


def attached_vault(dialect: Dialect) -> CprVault | None:
    """The vault attached to the engine of this dialect (None before a Context attaches one)."""
    vault: CprVault | None = getattr(dialect, "fasttrack_vault", None)
    return vault


def _seal(value: str, dialect: Dialect) -> str:
    vault = attached_vault(dialect)
    if vault is None:
        raise RuntimeError("health data written through an engine without a vault (no Context)")
    return vault.encrypt(value)


def _open(value: str, dialect: Dialect) -> str:
    vault = attached_vault(dialect)
    return vault.decrypt(value) if vault is not None and CprVault.is_sealed(value) else value


class SealedText(TypeDecorator[str]):
    """Text stored encrypted (a value from before encryption is read as it is)."""

    impl = String
    cache_ok = True

    def process_bind_param(self, value: str | None, dialect: Dialect) -> str | None:
        return None if value is None else _seal(value, dialect)

    def process_result_value(self, value: str | None, dialect: Dialect) -> str | None:
        return None if value is None else _open(value, dialect)


# The free text of recorded events that describes the person's health or whereabouts: a note,
# a meeting's place, a plan action's text, a reason (for handing a case back, for a talk not in
# person). Roles, measures, dates and numbers stay readable for the statistics.
SEALED_KEYS = frozenset({"note", "location", "what", "reason"})


def _map_sealed(value: Any, change: Any) -> Any:
    if isinstance(value, dict):
        return {
            key: change(item) if key in SEALED_KEYS and isinstance(item, str)
            else _map_sealed(item, change)
            for key, item in value.items()
        }  # fmt: skip
    if isinstance(value, list):
        return [_map_sealed(item, change) for item in value]
    return value


class SealedJSON(TypeDecorator[Any]):
    """JSON whose SEALED_KEYS values are stored encrypted."""

    impl = JSON
    cache_ok = True

    def process_bind_param(self, value: Any, dialect: Dialect) -> Any:
        return _map_sealed(value, lambda text: _seal(text, dialect))

    def process_result_value(self, value: Any, dialect: Dialect) -> Any:
        return _map_sealed(value, lambda text: _open(text, dialect))


# --- configuration (SPEC §9) -------------------------------------------------------------------


class JobCentre(SQLModel, table=True):
    __tablename__ = "job_centre"

    id: int | None = Field(default=None, primary_key=True)
    municipality_code: str = Field(unique=True, max_length=3)
    name: str
    policy: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    team_lead_email: str | None = None
    admin_email: str | None = None
    steering_emails: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))


class Consultant(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    job_centre_id: int = Field(foreign_key="job_centre.id", index=True)
    name: str
    email: str = Field(unique=True)
    fte: float = 1.0
    active: bool = True


class Specialist(SQLModel, table=True):
    """A member of a job centre's interdisciplinary team (Roskilde; issue 14 item 8): invited to a
    roundtable when the policy suggests their profession for the case's cause."""

    __table_args__ = (UniqueConstraint("job_centre_id", "email"),)

    id: int | None = Field(default=None, primary_key=True)
    job_centre_id: int = Field(foreign_key="job_centre.id", index=True)
    profession: str = Field(max_length=100)
    name: str = Field(max_length=200)
    email: str = Field(max_length=320)


class ConsultantAbsence(SQLModel, table=True):
    __tablename__ = "consultant_absence"

    id: int | None = Field(default=None, primary_key=True)
    consultant_id: int = Field(foreign_key="consultant.id", index=True)
    starts_on: date
    ends_on: date


class Workplace(SQLModel, table=True):
    """A workplace with a fixed consultant (Varde, Hjørring)."""

    __table_args__ = (UniqueConstraint("cvr", "name"),)

    id: int | None = Field(default=None, primary_key=True)
    cvr: str = Field(max_length=8)
    name: str
    consultant_id: int = Field(foreign_key="consultant.id")


class RosterEntry(SQLModel, table=True):
    """Who is on duty (Kolding's retention phone): on a date, or on a weekday (0 = Monday)."""

    __tablename__ = "roster_entry"
    __table_args__ = (
        UniqueConstraint("job_centre_id", "day"),
        UniqueConstraint("job_centre_id", "weekday"),
    )

    id: int | None = Field(default=None, primary_key=True)
    job_centre_id: int = Field(foreign_key="job_centre.id")
    day: date | None = None
    weekday: int | None = None
    consultant_id: int = Field(foreign_key="consultant.id")


class ConfigChange(SQLModel, table=True):
    """One configuration load: what changed, from where, when."""

    __tablename__ = "config_change"

    id: int | None = Field(default=None, primary_key=True)
    loaded_at: datetime = utc_column()
    source: str
    summary: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))


# --- cases --------------------------------------------------------------------------------------


class ReferenceCounter(SQLModel, table=True):
    """The last case number issued per year (FT-2026-000123)."""

    __tablename__ = "reference_counter"

    year: int = Field(primary_key=True, sa_column_kwargs={"autoincrement": False})
    last: int = 0


class Case(SQLModel, table=True):
    __tablename__ = "fasttrack_case"
    __table_args__ = (
        # The open cases of a job centre or a consultant with what the team's overview and the
        # task list join on and show, from the index alone (migration 0021_team_indexes).
        Index("ix_case_centre_status", "job_centre_id", "status", "consultant_id", "id"),
        Index("ix_case_consultant_status", "consultant_id", "status", "id", "reference"),
    )

    id: int | None = Field(default=None, primary_key=True)
    reference: str = Field(unique=True, max_length=20)
    job_centre_id: int = Field(foreign_key="job_centre.id")
    consultant_id: int | None = Field(default=None, foreign_key="consultant.id")
    status: str = Field(index=True, max_length=32)
    requested_by: str = Field(max_length=16)
    channel: str = Field(max_length=16)
    requested_at: datetime = utc_column()
    # The rule set the case follows (domain/rulesets.py): the one in force on the request's date.
    ruleset: str = Field(max_length=16)
    first_absence_day: date
    expected_over_8_weeks: bool
    # Health data: stored encrypted, in the column cause_sealed (issue 12).
    cause_category: str | None = Field(
        default=None,
        sa_column=Column("cause_sealed", SealedText(), key="cause_category", nullable=True),
    )
    # CPR: encrypted for display, keyed hash for look-up; never in clear text.
    cpr_encrypted: str
    cpr_hash: str = Field(index=True, max_length=64)
    # The keyed hash while the case is open, else NULL: one open case per employee.
    open_cpr_hash: str | None = Field(default=None, unique=True, max_length=64)
    employee_name: str
    employee_email: str | None = None  # none: the employee's messages go as letters
    # The language of the employee's and the leader's messages, "da" or "en" (issue 15).
    language: str = Field(default="da", max_length=2)
    employee_phone: str | None = None
    # employed, unemployed or self_employed (§ 7 e): only an employed person has an employer and a
    # leader.
    employment: str = Field(default="employed", max_length=16)
    employer_cvr: str | None = Field(default=None, max_length=8)
    employer_name: str | None = None
    workplace: str | None = None
    employer_municipality: str | None = Field(default=None, max_length=3)
    leader_name: str | None = None
    leader_email: str | None = None
    hr_name: str | None = None
    hr_email: str | None = None
    answers_encrypted: str  # the three questions' answers (health data)
    partial_return_hours: float | None = None
    # The employee's normal weekly working hours (the request, or a partial return event).
    normal_hours_per_week: float | None = None
    staircase_employee: int | None = None
    staircase_employer: int | None = None
    # A specialist took part in the roundtable (the steering report's share counts it).
    roundtable_specialist: bool = False
    outcome: str | None = Field(default=None, max_length=32)
    opened_at: datetime = utc_column()
    closed_at: datetime | None = utc_column(nullable=True)
    # When retention removed the personal data of the closed case (issue 12).
    anonymised_at: datetime | None = utc_column(nullable=True)
    # While paused (domain/pause.py): since when, why (the reason code) and until when; NULL else.
    paused_at: datetime | None = utc_column(nullable=True)
    pause_reason: str | None = Field(default=None, max_length=16)
    resume_on: date | None = Field(default=None, index=True)
    # The days of the case's ended pauses (the steering report's paused days).
    paused_days: int = 0


# The condition of `ix_step_outstanding_due`: domain/vocabulary.py's OUTSTANDING.
OUTSTANDING_STEP = text("status IN ('pending', 'overdue')")


class Step(SQLModel, table=True):
    __table_args__ = (
        UniqueConstraint("case_id", "kind", "seq"),
        # A case's outstanding steps by deadline from the index alone (the task list, the team).
        Index("ix_step_case_status_due", "case_id", "status", "due_at"),
        # The outstanding steps by status and deadline (the overdue ones; the pending ones due
        # by a day), with their case, from the index alone (the task list and the team's
        # overview on PostgreSQL: services/workload.py).
        Index(
            "ix_step_outstanding_due",
            "status",
            "due_at",
            "case_id",
            "id",
            sqlite_where=OUTSTANDING_STEP,
            postgresql_where=OUTSTANDING_STEP,
        ),
    )

    id: int | None = Field(default=None, primary_key=True)
    case_id: int = Field(foreign_key="fasttrack_case.id")
    kind: str = Field(max_length=32)
    seq: int = 1
    status: str = Field(max_length=16)
    due_at: datetime = utc_column()
    remind_at: datetime | None = utc_column(nullable=True)
    reminded_at: datetime | None = utc_column(nullable=True)
    escalated_at: datetime | None = utc_column(nullable=True)
    # When the sweep must look at the step next (reminder, then deadline); NULL when nothing
    # more can fire.
    next_check_at: datetime | None = utc_column(nullable=True, index=True)
    scheduled_at: datetime | None = utc_column(nullable=True)  # a booked meeting's start
    completed_at: datetime | None = utc_column(nullable=True)
    owner: str | None = None  # a plan action's owner (a role or a name)
    # A plan action's "what" (health data: encrypted).
    title: str | None = Field(default=None, sa_column=Column(SealedText(), nullable=True))


class Event(SQLModel, table=True):
    """One entry in a case's timeline: what happened (business time) and when it was recorded."""

    id: int | None = Field(default=None, primary_key=True)
    case_id: int = Field(foreign_key="fasttrack_case.id", index=True)
    kind: str = Field(max_length=32, index=True)
    occurred_at: datetime = utc_column()
    recorded_at: datetime = utc_column()
    actor: str = Field(max_length=200)
    # Notes, meeting places and action texts in it are encrypted (SealedJSON).
    data: dict[str, Any] = Field(default_factory=dict, sa_column=Column(SealedJSON, nullable=False))
    # Makes re-running a use case or a sweep harmless: the same fact is recorded once.
    dedupe_key: str | None = Field(default=None, unique=True, max_length=200)


# --- notifications (SPEC §6) --------------------------------------------------------------------


class OutboxMessage(SQLModel, table=True):
    """An email queued when its use case committed, waiting for (or past) delivery.

    Queued in the same transaction as the change that caused it, as its template context
    (`context`, `language`); the dispatcher renders it when it delivers it and keeps what it sent
    in `subject`, `text_body` and `html_body` (NULL until then; a row queued before migration
    0024 has its bodies and no context). `notify.outbox.rendered` gives a row's message either way.
    """

    __tablename__ = "outbox_message"
    __table_args__ = (Index("ix_outbox_status_next_attempt", "status", "next_attempt_at"),)

    id: int | None = Field(default=None, primary_key=True)
    # One message per fact: re-running a use case or a sweep never queues it twice.
    dedupe_key: str = Field(unique=True, max_length=200)
    kind: str = Field(max_length=40)  # the template (e.g. "reminder")
    case_id: int | None = Field(default=None, foreign_key="fasttrack_case.id", index=True)
    recipients: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    # The template's context as `notify.context_codec` stores it; NULL: rendered when queued.
    context: dict[str, Any] | None = Field(default=None, sa_column=Column(JSON, nullable=True))
    language: str = Field(default="da", max_length=2)  # of a citizen's or a leader's kind
    subject: str | None = None  # the rendered message: NULL until the dispatcher renders it
    text_body: str | None = None
    html_body: str | None = None
    # Each {"filename", "content_type", "content"} and, for binary content such as a PDF,
    # "encoding": "base64"; e.g. an iCalendar invitation, a steering report.
    attachments: list[dict[str, str]] = Field(
        default_factory=list, sa_column=Column(JSON, nullable=False)
    )
    # "email", or "letter": a PDF handed to the letter transport (an employee without an e-mail).
    channel: str = Field(default="email", max_length=8)
    # A message with legal effect to a citizen: its dispatch is recorded on the case's timeline.
    proof: bool = False
    status: str = Field(default="pending", max_length=16)  # pending, held, sent, failed
    attempts: int = 0
    next_attempt_at: datetime = utc_column()
    last_error: str | None = None
    created_at: datetime = utc_column()
    sent_at: datetime | None = utc_column(nullable=True)


class OperationsAlert(SQLModel, table=True):
    """One episode of an operational problem the watchdog found (issue 13): a message waiting too
    long (`outbox`), a scheduled run that has not happened (`run:sweep`), the Prefect API not
    answering (`prefect`). Open while `resolved_at` is empty; the administrator is emailed when it
    opens and again each day it stays open (services/watchdog.py)."""

    __tablename__ = "operations_alert"

    id: int | None = Field(default=None, primary_key=True)
    problem: str = Field(max_length=80, index=True)
    detail: str  # Danish; counts, times and deployment names only, never personal data
    opened_at: datetime = utc_column()
    alerted_at: datetime = utc_column()  # the last email about it
    resolved_at: datetime | None = utc_column(nullable=True)


# --- web: people who sign in, API clients, the audit log (issue 6) -------------------------------


class User(SQLModel, table=True):
    """Someone who signs in: a consultant, a team lead, an admin or a steering group member."""

    __tablename__ = "web_user"

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=200)
    email: str = Field(unique=True, max_length=320)
    role: str = Field(max_length=16)  # see domain.vocabulary.Role
    job_centre_id: int | None = Field(default=None, foreign_key="job_centre.id")
    password_hash: str  # argon2id
    active: bool = True
    created_at: datetime = utc_column()
    # An admin sees only their job centre's cases unless made a system admin (issue 12).
    system_admin: bool = False


class ApiKey(SQLModel, table=True):
    """A system that may submit requests (an HR system) or read the steering KPIs (the steering
    group's BI). Only the key's hash is kept."""

    __tablename__ = "api_key"

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(unique=True, max_length=200)
    key_hash: str = Field(unique=True, max_length=64)
    created_at: datetime = utc_column()
    revoked_at: datetime | None = utc_column(nullable=True)
    # What the key may do (domain.access.ApiRole): submit requests ("intake"), or read the KPI
    # JSON ("steering", issue 17), for one municipality when `municipality` is set.
    role: str = Field(default="intake", max_length=16)
    municipality: str | None = Field(default=None, max_length=3)


class IdempotentResponse(SQLModel, table=True):
    """The first answer to a request sent with an Idempotency-Key; a repeat gets it again."""

    __tablename__ = "idempotent_response"
    __table_args__ = (UniqueConstraint("api_key_id", "key"),)

    id: int | None = Field(default=None, primary_key=True)
    api_key_id: int = Field(foreign_key="api_key.id")
    key: str = Field(max_length=200)
    request_hash: str = Field(max_length=64)
    status_code: int
    body: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    created_at: datetime = utc_column()


class AuditEntry(SQLModel, table=True):
    """Who viewed, changed or exported what, and when. Holds no personal data of the citizen."""

    __tablename__ = "audit_entry"
    __table_args__ = (Index("ix_audit_entry_seq", "seq", unique=True),)

    id: int | None = Field(default=None, primary_key=True)
    at: datetime = utc_column(index=True)
    user_id: int | None = Field(default=None, foreign_key="web_user.id", index=True)
    actor: str = Field(max_length=320)  # the user's email, or "api:<key name>"
    action: str = Field(max_length=32)  # see domain.vocabulary.AuditAction
    case_id: int | None = Field(default=None, foreign_key="fasttrack_case.id", index=True)
    detail: str | None = Field(default=None, max_length=500)
    # Why (issue 12): routine case work unless the user stated a purpose (a CPR reveal, an export,
    # a search by CPR). The chain: this entry's place, the previous entry's hash and its own.
    purpose: str = Field(default="sagsbehandling", max_length=500)
    seq: int | None = None
    prev_hash: str | None = Field(default=None, max_length=64)
    entry_hash: str | None = Field(default=None, max_length=64)


# --- keys, the audit chain (issue 12) ------------------------------------------------------------


class DataKeyCheck(SQLModel, table=True):
    """A data key the database knows, by its key check value (never the key itself): a command
    started with a missing or wrong key refuses instead of writing under a key nobody can read."""

    __tablename__ = "data_key_check"

    key_id: str = Field(primary_key=True, max_length=16)
    check_value: str = Field(max_length=64)
    created_at: datetime = utc_column()
    retired_at: datetime | None = utc_column(nullable=True)


class AuditChain(SQLModel, table=True):
    """The audit chain's head (one row): the last entry's place and hash. Writers lock this row,
    so entries chain one after another; retention moves `start_*` past removed entries."""

    __tablename__ = "audit_chain"

    id: int = Field(default=1, primary_key=True, sa_column_kwargs={"autoincrement": False})
    length: int = 0
    head_hash: str = Field(max_length=64)
    start_seq: int = 1
    start_hash: str = Field(max_length=64)


# --- web: server-side sessions, sign-in throttling, second factor (issue 12) ---------------------


class WebSession(SQLModel, table=True):
    """A signed-in browser. The cookie holds a random token; only its hash is kept here, so
    ending the row (sign-out, idle, expiry, a disabled user, a password change, an admin) ends
    the session whatever the browser still holds."""

    __tablename__ = "web_session"

    id: int | None = Field(default=None, primary_key=True)
    token_hash: str = Field(unique=True, max_length=64)
    user_id: int = Field(foreign_key="web_user.id", index=True)
    created_at: datetime = utc_column()
    last_seen_at: datetime = utc_column()
    # False until the second factor is given (for a user who has or needs one).
    second_factor_done: bool = False
    client_address: str | None = Field(default=None, max_length=64)
    ended_at: datetime | None = utc_column(nullable=True)
    end_reason: str | None = Field(default=None, max_length=32)  # see services.sessions


class SignInFailure(SQLModel, table=True):
    """A wrong password or code, kept for the throttle's window only (then deleted)."""

    __tablename__ = "sign_in_failure"

    id: int | None = Field(default=None, primary_key=True)
    at: datetime = utc_column(index=True)
    email: str = Field(max_length=320, index=True)  # as typed, normalised to lower case
    client_address: str = Field(max_length=64, index=True)


class TotpFactor(SQLModel, table=True):
    """A user's TOTP second factor (RFC 6238): the shared secret and the last time step used,
    so that a code is accepted once. The secret (base32) is stored encrypted: with a copy of the
    database alone nobody can make a user's codes."""

    __tablename__ = "totp_factor"

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="web_user.id", unique=True)
    secret: str = Field(sa_column=Column("secret_sealed", SealedText(), nullable=False))
    last_step: int = 0
    enabled_at: datetime = utc_column()


class RecoveryCode(SQLModel, table=True):
    """A one-time code for signing in without the authenticator app (kept as a hash)."""

    __tablename__ = "recovery_code"

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="web_user.id", index=True)
    code_hash: str = Field(max_length=64)
    used_at: datetime | None = utc_column(nullable=True)


# --- the leader's side (issue 16): absence alerts ----------------------------------------------


class AbsenceImport(SQLModel, table=True):
    """One absence file imported: by its content's hash, so the same file imports once."""

    __tablename__ = "absence_import"

    id: int | None = Field(default=None, primary_key=True)
    file_hash: str = Field(unique=True, max_length=64)
    file_name: str = Field(max_length=200)
    imported_at: datetime = utc_column()
    rows: int
    alerts: int


def absence_employee_key(vault: CprVault, cvr: str, employee_ref: str) -> str:
    """An absence registration's and alert's `employee_key`: the keyed hash of the employer and
    its own number for the employee (two employers may give the same number to two people)."""
    return vault.lookup_hash(f"{cvr}:{employee_ref}")


def absence_alert_dedupe_key(employee_key: str, rule: str, spell_first_day: date) -> str:
    """An alert's `dedupe_key`: one alert per employee, rule and spell."""
    return f"{employee_key}:{rule}:{spell_first_day.isoformat()}"


class AbsenceRegistration(SQLModel, table=True):
    """One absence registration, kept to the minimum the alert rules need: the employer, a keyed
    hash of the employee's number to find their registrations by, and the days. No cause, no
    health data. The number itself is stored encrypted, so that `keys rotate` can compute the
    hash again under the new key (None for a registration imported before migration 0023: it
    keeps the hash of the key it was imported under)."""

    __tablename__ = "absence_registration"

    id: int | None = Field(default=None, primary_key=True)
    import_id: int = Field(foreign_key="absence_import.id", index=True)
    job_centre_id: int = Field(foreign_key="job_centre.id")
    employer_cvr: str = Field(max_length=8)
    employee_key: str = Field(max_length=64, index=True)
    employee_ref: str | None = Field(
        default=None, sa_column=Column("employee_ref_sealed", SealedText(), nullable=True)
    )
    first_day: date
    last_day: date = Field(index=True)


class AbsenceAlert(SQLModel, table=True):
    """An alert raised to a leader, and the leader's answer. The employee's number (the
    employer's own, to tell the leader whom it is about) is stored encrypted; `keys rotate`
    computes the alert's employee and dedupe keys again from it."""

    __tablename__ = "absence_alert"

    id: int | None = Field(default=None, primary_key=True)
    reference: str = Field(unique=True, max_length=20)
    job_centre_id: int = Field(foreign_key="job_centre.id", index=True)
    employer_cvr: str = Field(max_length=8)
    workplace: str | None = Field(default=None, max_length=200)
    employee_key: str | None = Field(default=None, max_length=64)
    employee_ref: str | None = Field(
        default=None, sa_column=Column("employee_ref_sealed", SealedText(), nullable=True)
    )
    leader_email: str | None = Field(default=None, max_length=320)
    rule: str = Field(max_length=32)
    spell_first_day: date
    raised_at: datetime = utc_column(index=True)
    answer_due: date
    # The answer link's token is in the e-mail only; here its hash (cleared by retention).
    token_hash: str | None = Field(default=None, unique=True, max_length=64)
    answer: str | None = Field(default=None, max_length=32)
    answered_at: datetime | None = utc_column(nullable=True)
    anonymised_at: datetime | None = utc_column(nullable=True)
    # One alert per employee, rule and spell: re-importing the same absence raises nothing.
    dedupe_key: str = Field(unique=True, max_length=200)


# --- the leader's side (issue 16): Fast track on concern ---------------------------------------


class ConcernCase(SQLModel, table=True):
    """A request on concern, before or at the start of absence (the leader, the employee, or a GP
    with the employee's consent): its own steps (contact, talk, agreed effort), each a due date
    and the time it was done; it may become a Fast track case (`case_id`) without retyping."""

    __tablename__ = "concern_case"

    id: int | None = Field(default=None, primary_key=True)
    reference: str = Field(unique=True, max_length=20)
    job_centre_id: int = Field(foreign_key="job_centre.id", index=True)
    consultant_id: int | None = Field(default=None, foreign_key="consultant.id")
    status: str = Field(max_length=16, index=True)
    raised_by: str = Field(max_length=16)  # leader, employee, doctor
    channel: str = Field(max_length=16)
    received_at: datetime = utc_column()
    absent_since: date | None = None
    cpr_encrypted: str
    cpr_hash: str = Field(index=True, max_length=64)
    # The keyed hash while the concern is open, else NULL: one open concern per employee.
    open_cpr_hash: str | None = Field(default=None, unique=True, max_length=64)
    employee_name: str
    employee_email: str | None = None
    employee_phone: str | None = None
    residence_municipality: str = Field(max_length=3)
    employer_cvr: str | None = Field(default=None, max_length=8)
    employer_name: str | None = None
    workplace: str | None = None
    leader_name: str | None = None
    leader_email: str | None = None
    # What the concern is about, and the three questions if answered (health data: encrypted).
    concern: str = Field(sa_column=Column("concern_sealed", SealedText(), nullable=False))
    answers: str | None = Field(
        default=None, sa_column=Column("answers_sealed", SealedText(), nullable=True)
    )
    contact_due: datetime = utc_column()
    contacted_at: datetime | None = utc_column(nullable=True)
    talk_due: datetime = utc_column()
    talk_held_at: datetime | None = utc_column(nullable=True)
    effort_due: datetime = utc_column()
    effort_agreed_at: datetime | None = utc_column(nullable=True)
    case_id: int | None = Field(default=None, foreign_key="fasttrack_case.id")
    closed_at: datetime | None = utc_column(nullable=True)
    outcome: str | None = Field(default=None, max_length=32)


class ConcernEvent(SQLModel, table=True):
    """One entry in a concern's timeline; copied to the Fast track case it becomes."""

    __tablename__ = "concern_event"

    id: int | None = Field(default=None, primary_key=True)
    concern_id: int = Field(foreign_key="concern_case.id", index=True)
    kind: str = Field(max_length=32)
    occurred_at: datetime = utc_column()
    recorded_at: datetime = utc_column()
    actor: str = Field(max_length=200)
    data: dict[str, Any] = Field(default_factory=dict, sa_column=Column(SealedJSON, nullable=False))


# --- official context (issue 17 item 3) -----------------------------------------------------------


class OfficialFigure(SQLModel, table=True):
    """A figure from a public table the user downloaded (Jobindsats: sickness benefit), shown beside
    the Fast track cohort's figures as a different population. One row per area, period, measure."""

    __tablename__ = "official_figure"
    __table_args__ = (UniqueConstraint("source", "area", "period", "measure"),)

    id: int | None = Field(default=None, primary_key=True)
    source: str = Field(max_length=40)  # "jobindsats"
    area: str = Field(max_length=200)  # as the table names it ("Ishøj", "Hele landet")
    period: str = Field(max_length=40)  # as the table names it ("2025M03", "2025K1", "2025")
    measure: str = Field(max_length=300)  # the column's heading
    value: float
    imported_at: datetime = utc_column()
    file_sha256: str = Field(max_length=64)


# --- the citizen's own way in; booking (issue 15) ------------------------------------------------


class CitizenAccess(SQLModel, table=True):
    """A personal, single-purpose link to one case for its employee: a random token whose
    SHA-256 alone is kept. It works until `expires_at`, and never after it is revoked (the case
    closed) or the case is closed; before it shows anything it asks for the date of birth."""

    __tablename__ = "citizen_access"

    id: int | None = Field(default=None, primary_key=True)
    case_id: int = Field(foreign_key="fasttrack_case.id", index=True)
    token_hash: str = Field(unique=True, max_length=64)
    audience: str = Field(default="employee", max_length=16)  # whom the link was sent to
    created_at: datetime = utc_column()
    expires_at: datetime = utc_column()
    revoked_at: datetime | None = utc_column(nullable=True)
    last_used_at: datetime | None = utc_column(nullable=True)


class CitizenAccessFailure(SQLModel, table=True):
    """A wrong date of birth (or an unknown link), kept for the throttle's window only."""

    __tablename__ = "citizen_access_failure"

    id: int | None = Field(default=None, primary_key=True)
    at: datetime = utc_column(index=True)
    token_hash: str = Field(max_length=64, index=True)  # of the token as sent, known or not
    client_address: str = Field(max_length=64, index=True)


class BookingSetup(SQLModel, table=True):
    """A job centre's booking rules as configured (`[booking.<code>]`: opening hours, meeting
    types, closing days, notice); read through `domain.booking.BookingRules`."""

    __tablename__ = "booking_setup"

    id: int | None = Field(default=None, primary_key=True)
    job_centre_id: int = Field(foreign_key="job_centre.id", unique=True)
    rules: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))


class ConsultantCalendar(SQLModel, table=True):
    """A consultant's own working hours (else the job centre's) and CalDAV calendar. The CalDAV
    password is never stored: `caldav_password_env` names the environment variable holding it."""

    __tablename__ = "consultant_calendar"

    id: int | None = Field(default=None, primary_key=True)
    consultant_id: int = Field(foreign_key="consultant.id", unique=True)
    working_hours: dict[str, Any] | None = Field(default=None, sa_column=Column(JSON))
    caldav_url: str | None = Field(default=None, max_length=500)
    caldav_username: str | None = Field(default=None, max_length=200)
    caldav_password_env: str | None = Field(default=None, max_length=100)
