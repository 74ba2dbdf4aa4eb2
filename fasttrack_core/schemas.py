"""The JSON a user sends: a request (SPEC §3) and the data of recorded events (SPEC §4).

Formats are checked here, with messages in Danish; the time rules live in `domain/intake.py`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from datetime import date, datetime
from functools import lru_cache
from typing import Annotated, Any, TypeVar

from pydantic import (
    AfterValidator,
    AwareDatetime,
    BaseModel,
    ConfigDict,
    EmailStr,
    Field,
    StringConstraints,
    ValidationError,
    WithJsonSchema,
    field_validator,
    model_validator,
)
from pydantic.networks import validate_email
from pydantic_core import PydanticCustomError

from fasttrack_core.domain.identifiers import cpr_birth_date, cpr_is_valid, cvr_is_valid
from fasttrack_core.domain.limits import day_in_range
from fasttrack_core.domain.municipalities import MUNICIPALITIES
from fasttrack_core.domain.pause import PauseReason
from fasttrack_core.domain.reasons import Reason
from fasttrack_core.domain.vocabulary import (
    DEFAULT_STAIRCASE,
    Cause,
    Channel,
    Employment,
    ExtensionGround,
    Language,
    Measure,
    MeetingMode,
    Outcome,
    ParticipantRole,
    ReassessmentOutcome,
    Requester,
)
from fasttrack_core.errors import Refused


def _cpr(value: str) -> str:
    if not cpr_is_valid(value):
        raise PydanticCustomError(
            "cpr",
            "skal være 10 cifre, hvor de 6 første er en gyldig fødselsdato (DDMMÅÅ)",
        )
    return value


def _cvr(value: str) -> str:
    if not cvr_is_valid(value):
        raise PydanticCustomError("cvr", "skal være et gyldigt CVR-nummer på 8 cifre")
    return value


def _municipality(value: str) -> str:
    if value not in MUNICIPALITIES:
        raise PydanticCustomError("municipality", "er ikke en kendt kommunekode (3 cifre, fx 183)")
    return value


def _reference(value: str) -> str:
    if not re.fullmatch(r"FT-\d{4}-\d{6}", value):
        raise PydanticCustomError("reference", "skal være et sagsnummer, fx FT-2026-000123")
    return value


def _day_in_range(value: date) -> date:
    if not day_in_range(value):
        raise PydanticCustomError("day_range", "skal ligge mellem 1900-01-01 og 2100-12-31")
    return value


def _moment_in_range(value: datetime) -> datetime:
    _day_in_range(value.date())
    return value


# Control characters (NUL above all: PostgreSQL refuses it in text) are never part of what a
# person writes; tab, line feed and carriage return are.
_CONTROL = frozenset(chr(code) for code in range(32) if chr(code) not in "\t\n\r") | {"\x7f"}


def has_control_characters(value: str) -> bool:
    return not _CONTROL.isdisjoint(value)


Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=2000)]
Name = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]
Phone = Annotated[
    str, StringConstraints(strip_whitespace=True, max_length=20, pattern=r"^\+?[0-9 ()-]*$")
]
Digits = Annotated[str, StringConstraints(strip_whitespace=True, max_length=20)]
Cpr = Annotated[Digits, AfterValidator(_cpr)]
Cvr = Annotated[Digits, AfterValidator(_cvr)]
MunicipalityCode = Annotated[Digits, AfterValidator(_municipality)]
Day = Annotated[date, AfterValidator(_day_in_range)]
Reference = Annotated[
    str, StringConstraints(strip_whitespace=True, to_upper=True), AfterValidator(_reference)
]
Moment = Annotated[AwareDatetime, AfterValidator(_moment_in_range)]
# How many entries a list in a recorded event may hold (a roundtable's participants, measures,
# actions): generous for any real meeting, small enough that no list is a way to store megabytes.
MAX_LIST = 30


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    @field_validator("*", mode="before")
    @classmethod
    def _no_control_characters(cls, value: Any) -> Any:
        if isinstance(value, str) and has_control_characters(value):
            raise PydanticCustomError("control_characters", "må ikke indeholde kontroltegn")
        return value


@lru_cache(maxsize=1024)
def _work_email(address: str) -> str:
    """The address as `EmailStr` normalises it, or its error. Remembered: a leader's and an HR
    contact's work addresses recur across requests (an HR system sends many with the same HR
    contact), and checking one took about 90 µs, a fifth of a request's validation (issue 13).
    The employee's private address is not remembered (`Employee.email`)."""
    return validate_email(address)[1]


# An address at work, checked as `EmailStr` checks it (the same errors, the same JSON schema).
WorkEmail = Annotated[
    str, AfterValidator(_work_email), WithJsonSchema({"type": "string", "format": "email"})
]


class Contact(Strict):
    name: Name
    email: WorkEmail


WeeklyHours = Annotated[float, Field(gt=0, le=80)]


class Employee(Contact):
    # Without an e-mail address the employee's notice and summonses go as PDF letters (issue 15).
    email: EmailStr | None = None  # type: ignore[assignment]  # not remembered: see WorkEmail
    cpr: Cpr
    phone: Phone | None = None
    residence_municipality: MunicipalityCode
    weekly_hours: WeeklyHours | None = None  # normal working hours, for a partial return (§ 53)


class Employer(Strict):
    cvr: Cvr
    name: Name
    workplace: Name
    municipality: MunicipalityCode | None = None


class Questions(Strict):
    """The three questions (BEK 1710/2024 § 3; the leaflet)."""

    affected_functions: Text
    affected_since: Text
    adaptation_tried: Text


class AbsenceSpell(Strict):
    """An earlier spell of sickness absence with benefit (§ 24: the 9 preceding months)."""

    model_config = ConfigDict(populate_by_name=True)

    start: Day = Field(alias="from")
    to: Day

    @model_validator(mode="after")
    def _ends_after_it_starts(self) -> AbsenceSpell:
        if self.to < self.start:
            raise PydanticCustomError("to", "skal ligge på eller efter 'from'")
        return self


class RequestIn(Strict):
    requested_by: Requester
    channel: Channel = Channel.DIGITAL
    requested_at: Moment
    first_absence_day: Day
    expected_over_8_weeks: bool
    employment: Employment = Employment.EMPLOYED
    # The language of the messages to the employee and the leader (issue 15; staff's are Danish).
    language: Language = Language.DA
    employee: Employee
    employer: Employer | None = None
    leader: Contact | None = None
    hr_contact: Contact | None = None
    questions: Questions
    cause_category: Cause | None = None
    employee_agrees: bool | None = None
    # Earlier spells counted toward the § 24 reassessment; each ends before the first absence day.
    previous_absence: list[AbsenceSpell] = Field(default=[], max_length=24)

    @model_validator(mode="after")
    def _earlier_spells_end_before_this_one(self) -> RequestIn:
        if any(spell.to >= self.first_absence_day for spell in self.previous_absence):
            raise PydanticCustomError(
                "previous_absence", "skal slutte før første sygedag (first_absence_day)"
            )
        return self

    @model_validator(mode="after")
    def _employed_has_employer_and_leader(self) -> RequestIn:
        """An employee has an employer and a leader; an unemployed or self-employed person asks
        on their own (§ 7 e, secondary: Cabi) and needs neither."""
        if self.employment is not Employment.EMPLOYED:
            if self.requested_by is Requester.EMPLOYER:
                raise PydanticCustomError(
                    "employment", "skal være employed, når arbejdsgiveren anmoder"
                )
            return self
        if self.employer is None:
            raise PydanticCustomError("employer", "mangler (en ansat har en arbejdsgiver)")
        if self.leader is None:
            raise PydanticCustomError("leader", "mangler (en ansat har en leder)")
        return self

    @model_validator(mode="after")
    def _employee_born_by_the_request(self) -> RequestIn:
        # A CPR number whose birth date lies after the request (and so in the future: the
        # request may not be) is no one's (issue 11 item 10).
        born = cpr_birth_date(self.employee.cpr)
        if born is not None and born > self.requested_at.date():
            raise PydanticCustomError(
                "employee.cpr", "giver en fødselsdato efter anmodningen (DDMMÅÅ og 7. ciffer)"
            )
        return self


class Participant(Strict):
    """A participant by role alone is enough: the case knows its employee, leader and
    consultant (issue 11 item 10)."""

    role: ParticipantRole
    name: Name | None = None
    email: EmailStr | None = None
    profession: Name | None = None

    @model_validator(mode="after")
    def _specialist_has_profession(self) -> Participant:
        if self.role is ParticipantRole.SPECIALIST and not self.profession:
            raise PydanticCustomError("profession", "mangler (en fagperson skal have en)")
        return self


class SpecialistIn(Strict):
    """A member of a job centre's interdisciplinary team in the configuration (issue 14 item 8)."""

    municipality: MunicipalityCode
    profession: Name
    name: Name
    email: EmailStr

    @field_validator("municipality", mode="before")
    @classmethod
    def _code_as_text(cls, value: Any) -> Any:
        return str(value) if isinstance(value, int) else value


class Note(Strict):
    note: Text | None = None


class Booking(Strict):
    starts_at: Moment | None = None
    minutes: int = Field(default=60, ge=5, le=480)
    location: Name | None = None
    participants: list[Participant] = Field(default=[], max_length=MAX_LIST)
    cancelled: bool = False

    @model_validator(mode="after")
    def _needs_start_unless_cancelled(self) -> Booking:
        if not self.cancelled and self.starts_at is None:
            raise PydanticCustomError("starts_at", "mangler (eller markér mødet som aflyst)")
        return self


class DoctorStatementRequested(Note):
    due: date | None = None  # the deadline given to the GP, if not the usual one


class DoctorStatementNotNeeded(Strict):
    reason: Text


class ShortUncomplicated(Note):
    expected_return: Day


class FollowupHeld(Note):
    mode: MeetingMode = MeetingMode.IN_PERSON
    # Why the first talk was not held in person (domain.effects: § 13 b, stk. 1, 4 and 5).
    reason: Text | None = None


# Helsingør's conversation tool has six steps (vocabulary.DEFAULT_STAIRCASE; the seed).
STAIRCASE_STEPS = max(DEFAULT_STAIRCASE)


class Staircase(Strict):
    employee: int = Field(ge=1, le=STAIRCASE_STEPS)
    employer: int = Field(ge=1, le=STAIRCASE_STEPS)


class PlanAction(Strict):
    what: Text
    owner: Name
    due: Day


# A roundtable is the employee, the employer side and the job centre's consultant together
# (Helsingør's seed: the employee and the employer place the employee on the staircase; LAW.md
# rule 26). HR stands for the employer as well as the leader does.
EMPLOYER_SIDE = frozenset({ParticipantRole.LEADER, ParticipantRole.HR})


class RoundtableHeld(Strict):
    participants: list[Participant] = Field(min_length=1, max_length=MAX_LIST)
    # Only where the job centre's policy uses the staircase (domain.effects.staircase_placement).
    staircase: Staircase | None = None
    measures: list[Measure] = Field(default=[], max_length=MAX_LIST)
    actions: list[PlanAction] = Field(default=[], max_length=MAX_LIST)
    next_review: Day | None = None
    note: Text | None = None

    @model_validator(mode="after")
    def _employee_employer_and_consultant_take_part(self) -> RoundtableHeld:
        roles = {p.role for p in self.participants}
        if not (
            ParticipantRole.EMPLOYEE in roles
            and ParticipantRole.CONSULTANT in roles
            and roles & EMPLOYER_SIDE
        ):
            raise PydanticCustomError(
                "participants",
                "skal mindst være medarbejderen, arbejdsgiversiden (leder eller HR) og konsulenten",
            )
        return self


class ReviewHeld(Note):
    next_review: Day | None = None
    staircase: Staircase | None = None


class ActionCompleted(Strict):
    action: int = Field(ge=1)


class PartialReturn(Strict):
    hours_per_week: float = Field(gt=0, le=60)  # worked, from now on
    # The normal weekly hours, when the request did not give them (or they have changed).
    normal_hours_per_week: WeeklyHours | None = None


class Closed(Note):
    outcome: Outcome
    # The case this one duplicates (outcome `duplicate`): same person, another case.
    duplicate_of: Reference | None = None

    @model_validator(mode="after")
    def _duplicate_names_the_other_case(self) -> Closed:
        if (self.outcome is Outcome.DUPLICATE) != (self.duplicate_of is not None):
            raise PydanticCustomError(
                "duplicate_of", "angives netop når udfaldet er 'duplicate' (fx FT-2026-000123)"
            )
        return self


class Corrected(Strict):
    """A correction of an earlier event (domain/corrections.py): which, why, and what is right."""

    event_id: int = Field(ge=1)
    reason: Text
    at: Moment | None = None
    data: dict[str, Any] | None = None

    @model_validator(mode="after")
    def _corrects_something(self) -> Corrected:
        if self.at is None and not self.data:
            raise PydanticCustomError("at", "mangler (angiv det rigtige tidspunkt og/eller data)")
        return self


class Reopened(Strict):
    reason: Text


class Paused(Note):
    """Why the case is paused (a reason code; `note` says more, and must for `other`) and when it
    is to resume (domain/pause.py)."""

    reason: PauseReason
    resume_on: Day

    @model_validator(mode="after")
    def _other_says_why(self) -> Paused:
        if self.reason is PauseReason.OTHER and not self.note:
            raise PydanticCustomError("note", "mangler (skriv grunden, når den er 'anden grund')")
        return self


class Resumed(Note):
    automatic: bool = False  # resumed by the sweep on the resume date


class Reassessed(Note):
    outcome: ReassessmentOutcome
    ground: ExtensionGround | None = None  # § 27, stk. 1: required for an extension
    next_reassessment: Day | None = None  # when an extension is to be reassessed

    @model_validator(mode="after")
    def _extension_has_a_ground(self) -> Reassessed:
        extended = self.outcome is ReassessmentOutcome.EXTENDED
        if extended and self.ground is None:
            raise PydanticCustomError("ground", "mangler (forlængelse efter § 27, stk. 1)")
        if not extended and (self.ground or self.next_reassessment):
            raise PydanticCustomError("ground", "gives kun ved forlængelse (outcome: extended)")
        return self


FIELD_LABELS: dict[str, str] = {
    "requested_by": "Hvem anmoder (requested_by)",
    "channel": "Kanal (channel)",
    "requested_at": "Anmodningstidspunkt (requested_at)",
    "first_absence_day": "Første sygedag (first_absence_day)",
    "expected_over_8_weeks": "Forventning om mere end 8 ugers fravær (expected_over_8_weeks)",
    "employment": "Beskæftigelsen (employment)",
    "employee_agrees": "Medarbejderens svar på tilbuddet (employee_agrees)",
    "employer": "Arbejdsgiveren (employer)",
    "leader": "Lederen (leader)",
    "employee.cpr": "Medarbejderens CPR-nummer",
    "employee.name": "Medarbejderens navn",
    "employee.email": "Medarbejderens e-mail",
    "employee.residence_municipality": "Medarbejderens bopælskommune",
    "employee.phone": "Medarbejderens telefonnummer",
    "employee.weekly_hours": "Medarbejderens normale ugentlige arbejdstid (employee.weekly_hours)",
    "employer.cvr": "Arbejdsgiverens CVR-nummer",
    "employer.name": "Arbejdsgiverens navn",
    "employer.workplace": "Arbejdsstedet",
    "leader.name": "Lederens navn",
    "leader.email": "Lederens e-mail",
    "hr_contact.email": "Personaleafdelingens e-mail",
    "questions.affected_functions": "Spørgsmål 1: Hvilke jobfunktioner er påvirket af sygdommen?",
    "questions.affected_since": "Spørgsmål 2: Hvor længe har sygdommen påvirket arbejdet?",
    "questions.adaptation_tried": "Spørgsmål 3: Har arbejdspladsen forsøgt at tilpasse jobbet?",
    "cause_category": "Årsagskategori (cause_category)",
    # recorded events; "#" stands for a list index, shown counted from 1
    "note": "Noten (note)",
    "starts_at": "Mødets starttidspunkt (starts_at)",
    "minutes": "Mødets varighed i minutter (minutes)",
    "location": "Mødestedet (location)",
    "mode": "Samtaleformen (mode)",
    "reason": "Begrundelsen (reason)",
    "resume_on": "Genoptagelsesdatoen (resume_on)",
    "duplicate_of": "Sagen, den er en dublet af (duplicate_of)",
    "event_id": "Hændelsen, der rettes (event_id)",
    "at": "Tidspunktet (at)",
    "data": "De rettede data (data)",
    "due": "Fristen (due)",
    "participants": "Deltagerne (participants)",
    "participants.#": "Deltager {0}",
    "participants.#.role": "Deltager {0}: rollen",
    "participants.#.name": "Deltager {0}: navnet",
    "participants.#.email": "Deltager {0}: e-mailen",
    "participants.#.profession": "Deltager {0}: professionen",
    "staircase.employee": "Medarbejderens placering på trappen (staircase.employee)",
    "staircase.employer": "Arbejdsgiverens placering på trappen (staircase.employer)",
    "measures.#": "Tiltag {0} (measures)",
    "actions.#.what": "Handling {0}: hvad der skal ske",
    "actions.#.owner": "Handling {0}: hvem der gør det",
    "actions.#.due": "Handling {0}: fristen",
    "next_review": "Næste opfølgning (next_review)",
    "action": "Handlingens nummer (action)",
    "hours_per_week": "Timer om ugen (hours_per_week)",
    "normal_hours_per_week": "Normal ugentlig arbejdstid (normal_hours_per_week)",
    "outcome": "Udfaldet (outcome)",
    "ground": "Grundlaget for forlængelsen (ground)",
    "next_reassessment": "Næste revurdering (next_reassessment)",
    "expected_return": "Forventet tilbagevenden (expected_return)",
    "previous_absence": "Tidligere sygefravær (previous_absence)",
    "previous_absence.#.from": "Tidligere sygefravær {0}: første dag (from)",
    "previous_absence.#.to": "Tidligere sygefravær {0}: sidste dag (to)",
    # a concern (issue 16: services/concern.py)
    "raised_by": "Hvem der henvender sig (raised_by)",
    "concern": "Bekymringen (concern)",
    "absent_since": "Første sygedag (absent_since)",
    "employee_consents": "Medarbejderens samtykke (employee_consents)",
}
# Rules about one field checked on the whole object: the error belongs to that field.
_FIELD_RULES = frozenset(
    {
        "starts_at",
        "profession",
        "participants",
        "employee.cpr",
        "employment",
        "employer",
        "leader",
        "to",
        "ground",
        "previous_absence",
        "note",
        "duplicate_of",
        "at",
    }
)


def _label(path: str) -> str:
    if path in FIELD_LABELS:
        return FIELD_LABELS[path]
    parts = path.split(".")
    generic = FIELD_LABELS.get(".".join("#" if p.isdigit() else p for p in parts))
    if generic is None:
        return path or "Anmodningen"
    return generic.format(*(int(p) + 1 for p in parts if p.isdigit()))


_MOMENT = "skal være et tidspunkt med tidszone, fx 2026-03-24T09:30:00+01:00"
_TYPE_MESSAGES: dict[str, str] = {
    "missing": "mangler",
    "string_too_short": "må ikke være tom",
    "string_too_long": "er for lang",
    "string_type": "skal være tekst",
    "bool_type": "skal være true eller false",
    "bool_parsing": "skal være true eller false",
    "int_type": "skal være et heltal",
    "int_parsing": "skal være et heltal",
    "float_parsing": "skal være et tal",
    "date_from_datetime_parsing": "skal være en dato (ÅÅÅÅ-MM-DD)",
    "date_parsing": "skal være en dato (ÅÅÅÅ-MM-DD)",
    "date_type": "skal være en dato (ÅÅÅÅ-MM-DD)",
    "datetime_parsing": _MOMENT,
    "datetime_from_date_parsing": _MOMENT,
    "datetime_type": _MOMENT,
    "timezone_aware": "skal have en tidszone, fx +01:00",
    "extra_forbidden": "er ikke et kendt felt",
    "model_type": "skal være et JSON-objekt",
    "model_attributes_type": "skal være et JSON-objekt",
    "dict_type": "skal være et JSON-objekt",
    "json_invalid": "er ikke gyldig JSON",
    "list_type": "skal være en liste",
    "too_short": "skal have mindst ét element",
    "too_long": f"må højst have {MAX_LIST} elementer",
    "string_pattern_mismatch": "må kun indeholde cifre, mellemrum, +, - og parenteser",
    "greater_than": "er for lille",
    "greater_than_equal": "er for lille",
    "less_than_equal": "er for stor",
}


def danish_errors(errors: Iterable[Mapping[str, Any]]) -> list[tuple[str, Reason]]:
    """One Danish sentence per problem (pydantic's error list), naming the field the user must
    correct, with the field's JSON path; its code is pydantic's error type ("email" for an
    e-mail address that is not one; "enum" with the `expected` values)."""
    messages = []
    for item in errors:
        kind = item["type"]
        location = [str(p) for p in item["loc"]]
        if kind in _FIELD_RULES:
            location.append(kind)
        path = ".".join(location)
        label = _label(path)
        values: dict[str, Any] = {}
        if kind == "enum":
            values["expected"] = item.get("ctx", {}).get("expected", "")
            text = f"skal være en af: {values['expected']}"
        elif kind == "value_error" and "email" in path:
            kind = "email"
            text = "er ikke en gyldig e-mailadresse"
        elif kind in _TYPE_MESSAGES:
            text = _TYPE_MESSAGES[kind]
        else:
            text = item["msg"]
        messages.append((path, Reason(f"{label} {text}.", kind, **values)))
    return messages


ModelT = TypeVar("ModelT", bound=BaseModel)


def parse(model: type[ModelT], data: Any) -> ModelT:
    """Validate `data` (JSON, a form) against `model`; raise Refused with Danish reasons (each
    also by its field's path) when it does not fit."""
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        problems = danish_errors(exc.errors())
        raise Refused([message for _, message in problems], fields=dict(problems)) from None
