"""Meeting invitations (RFC 5545) parse back with the same library and mean what they say."""

from datetime import datetime, timedelta

from icalendar import Calendar

from fasttrack_core.notify.invitations import Attendee, Meeting, invitation
from tests.conftest import at

STAMP = at("2026-03-25 10:00")


def meeting(starts: datetime, sequence: int = 0) -> Meeting:
    return Meeting(
        uid="FT-2026-000001-roundtable@fasttrack",
        sequence=sequence,
        summary="Rundbordssamtale · FT-2026-000001",
        starts_at=starts,
        minutes=90,
        location="Hjemmeplejen Syd",
        description="Se sagen: http://127.0.0.1:8000/sager/FT-2026-000001",
        organizer="fasttrack@jobcenter.example.dk",
        attendees=[Attendee("Medarbejder", "ole@example.dk"), Attendee("Leder", "lise@example.dk")],
    )


def parsed(text: str) -> tuple[Calendar, object]:
    calendar = Calendar.from_ical(text)
    return calendar, calendar.walk("VEVENT")[0]


def test_invitation_carries_local_time_in_summer_and_winter() -> None:
    for local, offset in (("2026-04-07 13:00", 2), ("2026-11-24 13:00", 1)):
        _, event = parsed(invitation(meeting(at(local)), STAMP))
        start = event.decoded("dtstart")
        assert start == at(local) and start.utcoffset() == timedelta(hours=offset)
        assert event.decoded("dtend") - start == timedelta(minutes=90)
        assert str(event["dtstart"].params["TZID"]) == "Europe/Copenhagen"


def test_invitation_is_a_request_to_every_attendee_named_by_role() -> None:
    calendar, event = parsed(invitation(meeting(at("2026-04-07 13:00")), STAMP))
    assert str(calendar["method"]) == "REQUEST"
    attendees = event["attendee"]
    assert [str(a) for a in attendees] == ["mailto:ole@example.dk", "mailto:lise@example.dk"]
    assert [str(a.params["CN"]) for a in attendees] == ["Medarbejder", "Leder"]
    assert [c.name for c in calendar.subcomponents] == ["VTIMEZONE", "VEVENT"]


def test_cancellation_keeps_the_uid_with_a_higher_sequence() -> None:
    calendar, event = parsed(invitation(meeting(at("2026-04-07 13:00"), 2), STAMP, cancelled=True))
    assert str(calendar["method"]) == "CANCEL"
    assert str(event["status"]) == "CANCELLED"
    assert str(event["uid"]) == "FT-2026-000001-roundtable@fasttrack"
    assert int(event["sequence"]) == 2
