"""What the use cases queue in the outbox (SPEC §6; ARCHITECTURE invariants 3 and 5)."""

from __future__ import annotations

from typing import Any

from icalendar import Calendar
from sqlmodel import col, select

from fasttrack_core.db import AppContext
from fasttrack_core.models import JobCentre, OutboxMessage
from fasttrack_core.notify.outbox import rendered
from fasttrack_core.schemas import RequestIn, parse
from fasttrack_core.services.digest import queue_weekly_digests
from fasttrack_core.services.intake import submit_request
from fasttrack_core.services.recording import record_event
from fasttrack_core.services.sweep import advance
from tests.conftest import at

CONSULTANT = "mette.holm@ishoj.jobcenter.example.dk"
TEAM_LEAD = "teamleder@ishoj.jobcenter.example.dk"
SENSITIVE = ("0304782678", "030478", "Ole Hansen", "Ole", "musculoskeletal", "Forflytninger",
             "Smerter i ryg", "Kortere ruter")  # fmt: skip


def outbox(ctx: AppContext) -> list[OutboxMessage]:
    with ctx.unit_of_work() as session:
        return list(session.exec(select(OutboxMessage).order_by(col(OutboxMessage.id))))


def kinds_to(ctx: AppContext) -> list[tuple[str, tuple[str, ...]]]:
    return [(m.kind, tuple(m.recipients)) for m in outbox(ctx)]


def record(
    ctx: AppContext, ref: str, kind: str, when: str, data: dict[str, Any] | None = None
) -> None:
    record_event(ctx, ref, kind, at(when), data, as_of=at(when))


def open_case(ctx: AppContext, ole: dict[str, Any]) -> str:
    return submit_request(ctx, parse(RequestIn, ole), as_of=at("2026-03-24 12:00")).reference


def test_intake_notifies_employee_leader_and_consultant_once(
    ctx: AppContext, ole: dict[str, Any]
) -> None:
    open_case(ctx, ole)
    submit_request(
        ctx, parse(RequestIn, ole), as_of=at("2026-03-24 12:05")
    )  # the same request again: no new mail
    consultant = next(m for m in outbox(ctx) if m.kind == "case_assigned").recipients[0]
    assert kinds_to(ctx) == [
        ("employee_notice", ("ole.hansen@example.dk",)),
        ("leader_receipt", ("lise.berg@example.dk", "personale@example.dk")),
        ("case_assigned", (consultant,)),
        ("call_employee", (consultant,)),
    ]
    notice, receipt, assigned = outbox(ctx)[:3]
    assert "FT-2026-000001" in rendered(notice).subject
    # The employee and the leader cannot sign in: they get the page about Fast track; the
    # consultant gets the case page.
    for message in (notice, receipt):
        assert "http://127.0.0.1:8000/om-fast-track" in rendered(message).text
        assert "/sager/" not in rendered(message).text + rendered(message).html
        assert "Log ind" not in rendered(message).text
    assert "http://127.0.0.1:8000/sager/FT-2026-000001" in rendered(assigned).text


def test_acceptance_sends_the_booking_task_and_no_doctor_task_unless_a_statement_is_awaited(
    ctx: AppContext, ole: dict[str, Any]
) -> None:
    # A doctor's statement is asked for only when the consultant judges it necessary (§ 11 a).
    ref = open_case(ctx, ole)
    record(ctx, ref, "accepted", "2026-03-25 10:00")
    assert [k for k, _ in kinds_to(ctx)][-1:] == ["book_followup"]
    assert "request_doctor_statement" not in [k for k, _ in kinds_to(ctx)]


def test_first_talk_sends_the_roundtable_task(ctx: AppContext, ole: dict[str, Any]) -> None:
    ref = open_case(ctx, ole)
    record(ctx, ref, "accepted", "2026-03-25 10:00")
    record(ctx, ref, "followup_held", "2026-04-01 11:00")
    assert kinds_to(ctx)[-1][0] == "book_roundtable"


BOOKING = {
    "starts_at": "2026-04-01T10:00:00+02:00",
    "minutes": 60,
    "location": "Jobcenter Ishøj",
    "participants": [
        {"role": "employee", "name": "Ole Hansen", "email": "ole.hansen@example.dk"},
        {"role": "consultant", "name": "Mette Holm", "email": CONSULTANT},
    ],
}


def invitations(ctx: AppContext) -> list[Any]:
    found = []
    for message in outbox(ctx):
        for attachment in message.attachments:
            if attachment["content_type"].startswith("text/calendar"):
                calendar = Calendar.from_ical(attachment["content"])
                found.append((message, calendar, calendar.walk("VEVENT")[0]))
    return found


def test_booking_sends_an_icalendar_invitation_to_every_participant(
    ctx: AppContext, ole: dict[str, Any]
) -> None:
    ref = open_case(ctx, ole)
    record(ctx, ref, "followup_booked", "2026-03-25 10:00", BOOKING)
    [(message, calendar, event)] = invitations(ctx)
    assert message.recipients == ["ole.hansen@example.dk", CONSULTANT]
    assert str(calendar["method"]) == "REQUEST"
    assert event.decoded("dtstart") == at("2026-04-01 10:00")
    assert str(event["dtstart"].params["TZID"]) == "Europe/Copenhagen"
    assert [str(a) for a in event["attendee"]] == [f"mailto:{e}" for e in message.recipients]
    assert int(event["sequence"]) == 0
    assert "Ole" not in calendar.to_ical().decode(), "attendees are named by role only"


def test_the_meeting_place_stays_out_of_emails_and_invitations_unless_the_policy_allows_it(
    ctx: AppContext, ole: dict[str, Any]
) -> None:
    """Issue 12: the place is free text (it may say more than a place)."""
    place = "Mødelokale 3 (Ole har svært ved trapper)"
    ref = open_case(ctx, ole)
    record(ctx, ref, "followup_booked", "2026-03-25 10:00", {**BOOKING, "location": place})
    [(message, _, event)] = invitations(ctx)
    assert "location" not in event
    assert "Mødelokale" not in rendered(message).text + rendered(message).html
    with ctx.unit_of_work() as session:
        centre = session.exec(select(JobCentre).where(col(JobCentre.municipality_code) == "183"))
        ishoj = centre.one()
        ishoj.policy = {**ishoj.policy, "meeting_location_in_messages": True}
        session.add(ishoj)
        session.commit()
    record(
        ctx,
        ref,
        "followup_booked",
        "2026-03-25 11:00",
        {**BOOKING, "location": place, "minutes": 45},
    )
    moved = [found for found in invitations(ctx) if int(found[2]["sequence"]) == 1]
    [(message, _, event)] = moved
    assert str(event["location"]) == place
    assert place in rendered(message).text


def test_moving_and_cancelling_keep_the_uid_and_raise_the_sequence(
    ctx: AppContext, ole: dict[str, Any]
) -> None:
    ref = open_case(ctx, ole)
    record(ctx, ref, "followup_booked", "2026-03-25 10:00", BOOKING)
    record(
        ctx, ref, "followup_booked", "2026-03-26 10:00", {"starts_at": "2026-04-02T09:00:00+02:00"}
    )
    record(ctx, ref, "followup_booked", "2026-03-27 10:00", {"cancelled": True})
    versions = invitations(ctx)
    assert [str(c["method"]) for _, c, _ in versions] == ["REQUEST", "REQUEST", "CANCEL"]
    assert len({str(e["uid"]) for _, _, e in versions}) == 1
    assert [int(e["sequence"]) for _, _, e in versions] == [0, 1, 2]
    assert versions[1][2].decoded("dtstart") == at("2026-04-02 09:00")
    assert versions[2][0].recipients == versions[0][0].recipients, "the cancel reaches everyone"


def test_reminder_goes_to_the_consultant_and_escalation_to_the_team_lead_once(
    ctx: AppContext, ole: dict[str, Any]
) -> None:
    ref = open_case(ctx, ole)
    record(ctx, ref, "accepted", "2026-03-25 10:00")
    record(ctx, ref, "doctor_statement_requested", "2026-03-25 10:05")  # due with the talk
    before = len(outbox(ctx))
    advance(ctx, as_of=at("2026-03-31 07:00"))  # reminders: first talk and doctor's statement
    advance(ctx, as_of=at("2026-03-31 07:00"))
    advance(ctx, as_of=at("2026-04-08 07:00"))  # both overdue now
    advance(ctx, as_of=at("2026-04-09 07:00"))
    new = kinds_to(ctx)[before:]
    consultant = new[0][1]
    assert new == [
        ("reminder", consultant),
        ("reminder", consultant),
        ("overdue_escalation", (TEAM_LEAD,)),
        ("overdue_escalation", (TEAM_LEAD,)),
    ]


def test_weekly_digest_once_per_consultant_and_week(ctx: AppContext, ole: dict[str, Any]) -> None:
    open_case(ctx, ole)
    assert queue_weekly_digests(ctx, as_of=at("2026-03-30 06:00")) == 1
    queue_weekly_digests(ctx, as_of=at("2026-03-30 06:30"))
    digests = [m for m in outbox(ctx) if m.kind == "weekly_digest"]
    assert len(digests) == 1
    assert "FT-2026-000001" in rendered(digests[0]).text


def test_no_message_of_a_whole_case_carries_personal_or_health_data(
    ctx: AppContext, ole: dict[str, Any]
) -> None:
    # SPEC §6; ARCHITECTURE invariant 5: case reference, step, deadline and link only.
    ref = open_case(ctx, ole)
    record(ctx, ref, "accepted", "2026-03-25 10:00")
    record(ctx, ref, "followup_booked", "2026-03-25 10:05", BOOKING)
    record(ctx, ref, "followup_held", "2026-04-01 11:00")
    record(ctx, ref, "roundtable_held", "2026-04-07 14:00", {
        "participants": [{"role": "employee", "name": "Ole Hansen"}, {"role": "leader"},
                         {"role": "consultant"}],
        "measures": ["treatment_training"],
        "actions": [{"what": "Ryg- og skuldertræning", "owner": "Ole Hansen", "due": "2026-04-21"}],
    })  # fmt: skip
    advance(ctx, as_of=at("2026-04-17 07:00"))
    advance(ctx, as_of=at("2026-04-22 07:00"))
    queue_weekly_digests(ctx, as_of=at("2026-04-20 06:00"))
    messages = outbox(ctx)
    assert {m.kind for m in messages} >= {"action_due", "overdue_escalation", "weekly_digest"}
    for message in messages:
        everything = " ".join(
            [rendered(message).subject, rendered(message).text, rendered(message).html]
            + [a["content"] for a in message.attachments]
        )
        for secret in SENSITIVE:
            assert secret not in everything, (message.kind, secret)
