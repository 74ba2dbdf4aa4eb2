"""The case page's event forms: from the fields a consultant filled in to the JSON that
`fasttrack case record` takes (SPEC §4), and from a refusal's JSON paths back to those fields.

Every field is named `{kind}.{JSON path}` (e.g. `roundtable_held.actions.0.due`), so the forms on
one page never share a name or an id, and a refusal's path is the field's name without the kind.
A table's (participants, actions) blank rows after the last filled-in one are left out; a blank
row before it is sent as it is, so the refusal names that row.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from starlette.datastructures import FormData

from fasttrack_core.domain.calendar import COPENHAGEN
from fasttrack_core.domain.limits import day_in_range
from fasttrack_core.domain.vocabulary import CONSULTANT_EVENTS, EventKind
from fasttrack_core.errors import Refused
from fasttrack_core.schemas import parse
from fasttrack_core.services.recording import DATA_SCHEMAS
from fasttrack_core.web.danish_dates import MOMENT_ERROR, moment_text, parse_day, parse_moment

PARTICIPANT_ROWS = 6
BOOKING_PARTICIPANT_ROWS = 4
ACTION_ROWS = 5
PARTICIPANT_FIELDS = ("role", "name", "email", "profession")
ACTION_FIELDS = ("what", "owner", "due")

BOOKINGS = frozenset({EventKind.FOLLOWUP_BOOKED, EventKind.ROUNDTABLE_BOOKED})
WITH_NOTE = frozenset(
    {
        EventKind.ACCEPTED,
        EventKind.DECLINED,
        EventKind.DOCTOR_STATEMENT_REQUESTED,
        EventKind.DOCTOR_STATEMENT_RECEIVED,
        EventKind.FOLLOWUP_HELD,
        EventKind.SHORT_UNCOMPLICATED,
        EventKind.EMPOWERMENT_TALK_HELD,
        EventKind.ROUNDTABLE_HELD,
        EventKind.REVIEW_HELD,
        EventKind.REASSESSED,
        EventKind.PAUSED,
        EventKind.RESUMED,
        EventKind.CLOSED,
    }
)
FORM_KINDS = CONSULTANT_EVENTS  # one form per event a consultant records
# Recorded as of now: a booking, a correction and a reopening (no "when did it happen").
RECORDED_NOW = BOOKINGS | {EventKind.CORRECTED, EventKind.REOPENED}


def local_moment(at: datetime) -> str:
    """A time as the form's date and time field shows it (Danish local time)."""
    return moment_text(at.astimezone(COPENHAGEN))


@dataclass
class EventForm:
    kind: EventKind
    at: datetime | None = None
    data: dict[str, Any] = field(default_factory=dict)
    errors: dict[str, str] = field(default_factory=dict)  # found before the JSON was built

    def refusal(self) -> Refused:
        """The times and dates the form could not read, with what the kind's schema finds in
        the rest: every message shows at once."""
        try:
            parse(DATA_SCHEMAS[self.kind], self.data)
        except Refused as refused:
            return Refused([*self.errors.values(), *refused.reasons], fields=refused.fields)
        return Refused(list(self.errors.values()))

    def field_errors(self, refused: Refused) -> tuple[dict[str, str], list[str]]:
        """The refusal's messages by form field, and the reasons that name no field."""
        placed = {f"{self.kind}.{path}": text for path, text in refused.fields.items()}
        unplaced = [r for r in refused.reasons if r not in refused.fields.values()]
        return placed, unplaced


def build(kind: EventKind, form: FormData, now: datetime) -> EventForm:
    """The event's JSON from the form (only what was filled in: the schema says what is
    missing), and its business time: when it happened, or now for a booking."""
    built = EventForm(kind)

    def text(name: str) -> str:
        value = form.get(f"{kind}.{name}")
        return value.strip() if isinstance(value, str) else ""

    def put(name: str, value: str | None = None) -> None:
        value = text(name) if value is None else value
        if value:
            built.data[name] = value

    def day(name: str) -> str:
        return _day(built, name, text(name))

    built.at = now if kind in RECORDED_NOW else _moment(built, "at", text("at"))
    if kind in WITH_NOTE:
        put("note")
    if kind in BOOKINGS:
        if text("cancelled") == "ja":
            built.data["cancelled"] = True
            return built
        put("starts_at", _iso(_moment(built, "starts_at", text("starts_at"))))
        put("minutes")
        put("location")
        _table(built, text, "participants", PARTICIPANT_FIELDS, BOOKING_PARTICIPANT_ROWS)
    elif kind is EventKind.DOCTOR_STATEMENT_REQUESTED:
        put("due", day("due"))
    elif kind is EventKind.DOCTOR_STATEMENT_NOT_NEEDED:
        put("reason")
    elif kind is EventKind.SHORT_UNCOMPLICATED:
        put("expected_return", day("expected_return"))
    elif kind is EventKind.FOLLOWUP_HELD:
        put("mode")
        put("reason")
    elif kind in (EventKind.ROUNDTABLE_HELD, EventKind.REVIEW_HELD):
        # The staircase fields are on the form only where the job centre uses the staircase;
        # there a roundtable's empty fields are sent, so the refusal names each of them.
        staircase = {side: text(f"staircase.{side}") for side in ("employee", "employer")}
        offered = f"{kind}.staircase.employee" in form
        if (offered and kind is EventKind.ROUNDTABLE_HELD) or any(staircase.values()):
            built.data["staircase"] = {side: v for side, v in staircase.items() if v}
        put("next_review", day("next_review"))
        if kind is EventKind.ROUNDTABLE_HELD:
            _table(built, text, "participants", PARTICIPANT_FIELDS, PARTICIPANT_ROWS)
            built.data["measures"] = [
                m for m in form.getlist(f"{kind}.measures") if isinstance(m, str)
            ]
            _table(built, text, "actions", ACTION_FIELDS, ACTION_ROWS)
            for row, action in enumerate(built.data["actions"]):
                if "due" in action:
                    action["due"] = day(f"actions.{row}.due")
    elif kind is EventKind.ACTION_COMPLETED:
        put("action")
    elif kind is EventKind.PARTIAL_RETURN:
        for name in ("hours_per_week", "normal_hours_per_week"):
            put(name, text(name).replace(",", "."))  # Danish decimal comma
    elif kind is EventKind.REASSESSED:
        put("outcome")
        put("ground")
        put("next_reassessment", day("next_reassessment"))
    elif kind is EventKind.CLOSED:
        put("outcome")
        put("duplicate_of")
    elif kind is EventKind.PAUSED:
        put("reason")
        put("resume_on", day("resume_on"))
    elif kind is EventKind.REOPENED:
        put("reason")
    elif kind is EventKind.CORRECTED:
        _correction(built, text)
    return built


def _correction(built: EventForm, text: Callable[[str], str]) -> None:
    """Which event, why, and what is right: its time and/or its note (the command line takes
    any of its data)."""
    for name in ("event_id", "reason"):
        if text(name):
            built.data[name] = text(name)
    if text("new_at"):
        built.data["at"] = _iso(_moment(built, "new_at", text("new_at")))
    if text("new_note"):
        built.data["data"] = {"note": text("new_note")}


def _table(
    built: EventForm, text: Callable[[str], str], name: str, columns: tuple[str, ...], count: int
) -> None:
    """The rows of a table of fields `{name}.{row}.{column}` up to the last filled-in one."""
    rows = [{c: text(f"{name}.{row}.{c}") for c in columns} for row in range(count)]
    while rows and not any(rows[-1].values()):
        rows.pop()
    built.data[name] = [{c: v for c, v in row.items() if v} for row in rows]


def _day(built: EventForm, name: str, value: str) -> str:
    """A date field's day in ISO form (empty when not filled in); a Danish message when the
    text names no day."""
    if not value:
        return ""
    try:
        return parse_day(value).isoformat()
    except ValueError as problem:
        built.errors[f"{built.kind}.{name}"] = str(problem)
        return ""


def _moment(built: EventForm, name: str, value: str) -> datetime | None:
    if not value:
        built.errors[f"{built.kind}.{name}"] = "Angiv dato og klokkeslæt."
        return None
    try:
        moment = parse_moment(value)
    except ValueError as problem:
        built.errors[f"{built.kind}.{name}"] = str(problem)
        return None
    if not day_in_range(moment.date()):
        built.errors[f"{built.kind}.{name}"] = MOMENT_ERROR
        return None
    return moment.replace(tzinfo=COPENHAGEN)


def _iso(moment: datetime | None) -> str:
    return moment.isoformat() if moment else ""
