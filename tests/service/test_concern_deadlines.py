"""The sweep on a concern's deadlines (issue 16), on SQLite and PostgreSQL: the consultant is
reminded before the next step's deadline and the team lead told when it passes, as for a Fast
track step; once each, and nothing for a step done or a concern finished."""

from __future__ import annotations

from typing import Any

import pytest

from fasttrack_core.db import AppContext
from fasttrack_core.domain.vocabulary import EventKind
from fasttrack_core.notify.outbox import rendered
from fasttrack_core.schemas import parse
from fasttrack_core.services.concern import (
    ConversionIn,
    close_concern,
    concern_events,
    convert_concern,
    raise_concern,
    record_concern_step,
)
from fasttrack_core.services.configuration import load_config
from fasttrack_core.services.sweep import advance
from tests.conftest import at
from tests.service.test_concern import ACTOR, QUESTIONS, concern, row
from tests.service.test_notifications import outbox

TEAM_LEAD = "teamleder@kolding.jobcenter.example.dk"
CENTRE_ADMIN = "admin@kolding.jobcenter.example.dk"
CONCERN_KINDS = ("concern_reminder", "concern_escalation")


def early_concern(ctx: AppContext) -> str:
    """Ole's leader sends the concern form at 06:45 on Monday 23 March: contact is due by
    Wednesday 25 March, and the reminder 2 working days before comes at 07:00 that Monday."""
    received = "2026-03-23T06:45:00+01:00"
    return raise_concern(
        ctx, concern(received_at=received), as_of=at("2026-03-23 06:45"), actor=ACTOR
    ).reference


def concern_mail(ctx: AppContext) -> list[tuple[str, list[str]]]:
    return [(m.kind, m.recipients) for m in outbox(ctx) if m.kind in CONCERN_KINDS]


def consultant_email(ctx: AppContext, reference: str) -> str:
    from fasttrack_core.models import Consultant

    with ctx.unit_of_work() as session:
        found = session.get(Consultant, row(ctx, reference).consultant_id)
        assert found is not None
        return found.email


def test_the_consultant_is_told_of_a_new_concern_and_its_three_deadlines_once(
    ctx: AppContext,
) -> None:
    reference = early_concern(ctx)
    assert not raise_concern(ctx, concern(), as_of=at("2026-03-23 08:00"), actor=ACTOR).created
    [mail] = [m for m in outbox(ctx) if m.kind == "concern_assigned"]
    assert mail.recipients == [consultant_email(ctx, reference)]
    assert reference in rendered(mail).subject
    for deadline in ("25. marts 2026", "30. marts 2026", "6. april 2026"):  # contact, talk, effort
        assert deadline in rendered(mail).text and deadline in rendered(mail).html
    for private in ("Ole", "0304782678", "Ondt i ryggen"):  # no name, CPR number or concern
        assert private not in rendered(mail).subject + rendered(mail).text + rendered(mail).html


def test_the_consultant_is_reminded_before_the_contact_deadline_once(ctx: AppContext) -> None:
    reference = early_concern(ctx)
    assert advance(ctx, as_of=at("2026-03-23 06:59")).concerns == {}
    assert advance(ctx, as_of=at("2026-03-23 07:00")).concerns == {"contact:reminder": 1}
    assert advance(ctx, as_of=at("2026-03-23 07:00")).concerns == {}
    assert advance(ctx, as_of=at("2026-03-24 12:00")).concerns == {}
    assert concern_mail(ctx) == [("concern_reminder", [consultant_email(ctx, reference)])]
    assert concern_events(ctx, reference).count(EventKind.CONCERN_REMINDER_DUE) == 1
    [mail] = [m for m in outbox(ctx) if m.kind == "concern_reminder"]
    text = rendered(mail).subject + rendered(mail).text + rendered(mail).html
    assert reference in text and "25. marts" in text
    for personal in ("Ole", "0304782678", "030478", "ryggen", "Plejecentret"):
        assert personal not in text


def test_after_the_contact_deadline_the_team_lead_is_told_and_no_reminder_is_sent(
    ctx: AppContext,
) -> None:
    reference = early_concern(ctx)
    # The sweep did not run until Thursday morning: the reminder's time has come and gone.
    assert advance(ctx, as_of=at("2026-03-26 07:00")).concerns == {"contact:overdue": 1}
    assert advance(ctx, as_of=at("2026-03-26 08:00")).concerns == {}
    assert concern_mail(ctx) == [("concern_escalation", [TEAM_LEAD])]
    kinds = concern_events(ctx, reference)
    assert kinds.count(EventKind.CONCERN_OVERDUE) == 1
    assert EventKind.CONCERN_REMINDER_DUE not in kinds


def test_a_deadline_done_is_not_reminded_and_the_next_step_is(ctx: AppContext) -> None:
    reference = early_concern(ctx)
    record_concern_step(
        ctx, reference=reference, kind=EventKind.CONCERN_CONTACTED,
        as_of=at("2026-03-23 06:50"), actor=ACTOR,
    )  # fmt: skip
    assert advance(ctx, as_of=at("2026-03-26 00:30")).concerns == {}
    # The talk is due Monday 30 March: reminded 2 working days before, on Thursday at 07:00.
    assert advance(ctx, as_of=at("2026-03-26 07:00")).concerns == {"talk:reminder": 1}
    assert concern_mail(ctx) == [("concern_reminder", [consultant_email(ctx, reference)])]


@pytest.mark.parametrize("finish", ["closed", "converted"])
def test_a_closed_or_converted_concern_is_not_swept(ctx: AppContext, finish: str) -> None:
    reference = early_concern(ctx)
    if finish == "closed":
        close_concern(
            ctx, reference=reference, outcome="no_need", as_of=at("2026-03-23 06:50"), actor=ACTOR
        )
    else:
        conversion: dict[str, Any] = {
            "first_absence_day": "2026-03-23",
            "expected_over_8_weeks": True,
            "questions": QUESTIONS,
        }
        convert_concern(
            ctx, reference=reference, conversion=parse(ConversionIn, conversion),
            as_of=at("2026-03-23 06:50"), actor=ACTOR,
        )  # fmt: skip
    assert advance(ctx, as_of=at("2026-03-23 07:00")).concerns == {}
    assert advance(ctx, as_of=at("2026-04-20 07:00")).concerns == {}
    assert concern_mail(ctx) == []


def test_without_a_team_lead_the_concern_escalation_goes_to_the_job_centres_admin(
    ctx: AppContext,
) -> None:
    early_concern(ctx)
    text = (
        '[[job_centre]]\nmunicipality = "621"\nname = "Jobcenter Kolding"\n'
        f'admin_email = "{CENTRE_ADMIN}"\n'
    )
    with ctx.unit_of_work() as session:
        load_config(session, text, "kolding.toml", at("2026-03-23 08:00"))
    assert advance(ctx, as_of=at("2026-03-26 07:00")).concerns == {"contact:overdue": 1}
    assert concern_mail(ctx) == [("concern_escalation", [CENTRE_ADMIN])]
