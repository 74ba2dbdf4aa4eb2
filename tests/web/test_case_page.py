"""The case page: who may see it, what it shows, the forms that record every event kind, the
CPR reveal and reassignment; refusals next to their fields; the audit entries they write."""

from __future__ import annotations

import html
import re
from typing import Any

import pytest
from fastapi.testclient import TestClient
from httpx import Response
from sqlmodel import col, select

from fasttrack_core.clock import FixedClock
from fasttrack_core.db import AppContext
from fasttrack_core.domain.vocabulary import EVENT_LABELS
from fasttrack_core.models import AuditEntry, Consultant
from fasttrack_core.services.queries import case_view
from fasttrack_core.web.event_forms import FORM_KINDS
from fasttrack_core.web.security import CSRF_FIELD
from tests.conftest import at
from tests.web.conftest import OpenCase, Person, csrf_of, resume_at, sign_in


def record(client: TestClient, reference: str, kind: str, fields: dict[str, Any]) -> Response:
    """Post the event form of `kind` the way the browser does (field names `{kind}.{path}`)."""
    data: dict[str, Any] = {f"{kind}.{name}": value for name, value in fields.items()}
    data[CSRF_FIELD] = csrf_of(client, f"/sager/{reference}")
    return client.post(f"/sager/{reference}/haendelser/{kind}", data=data)


def audit_actions(ctx: AppContext) -> list[tuple[str, str, str | None]]:
    with ctx.unit_of_work() as session:
        rows = session.exec(select(AuditEntry).order_by(col(AuditEntry.id))).all()
        return [(row.actor, row.action, row.detail) for row in rows]


def text_of(response: Response) -> str:
    return html.unescape(response.text)


def error_next_to(page: str, field: str) -> str:
    """The error shown under the field with this name."""
    found = re.search(rf'id="{re.escape(field)}-error">([^<]*)<', page)
    assert found, f"no error shown for {field}"
    return found.group(1)


ROUNDTABLE = {
    "at": "2026-04-02T10:00",
    "participants.0.role": "employee",
    "participants.0.name": "Ole Hansen",
    "participants.1.role": "leader",
    "participants.1.name": "Lise Berg",
    "participants.2.role": "consultant",
    "participants.2.name": "Konsulenten",
    "measures": ["treatment_training", "tasks"],
    "actions.0.what": "Ryg- og skuldertræning to gange om ugen",
    "actions.0.owner": "employee",
    "actions.0.due": "2026-04-20",
    "actions.1.what": "Gennemgå arbejdsgange og hjælpemidler",
    "actions.1.owner": "leader",
    "actions.1.due": "2026-04-15",
    "next_review": "2026-04-28",
}


def held_followup(client: TestClient, reference: str, clock: FixedClock) -> None:
    resume_at(client, clock, at("2026-03-31 11:00"))
    response = record(
        client, reference, "followup_held", {"at": "2026-03-31T10:00", "mode": "in_person"}
    )
    assert response.status_code == 303, text_of(response)


# --- who may see a case -------------------------------------------------------------------------


def test_the_owner_sees_status_steps_and_a_masked_cpr_number(
    client: TestClient, ole_case: OpenCase, ctx: AppContext
) -> None:
    sign_in(client, ole_case.owner)
    page = client.get(f"/sager/{ole_case.reference}")
    assert page.status_code == 200
    text = text_of(page)
    assert "Ole Hansen" in text and "030478-****" in text
    assert "0304782678" not in text and "030478-2678" not in text
    assert "Afventer borgerens svar" in text
    assert "Første opfølgningssamtale" in text and "tirsdag den 7. april 2026" in text
    assert "Anmodning modtaget" in text  # the timeline
    assert (ole_case.owner.email, "view", None) in audit_actions(ctx)


def test_each_deadline_shows_its_source_beside_it(client: TestClient, ole_case: OpenCase) -> None:
    # Issue 11 item 1: the rule's source (paragraph or practice) in the deadline's cell.
    sign_in(client, ole_case.owner)
    page = text_of(client.get(f"/sager/{ole_case.reference}"))
    table = page[page.index('id="frister"') :]
    table = table[: table.index("</table>")]
    first_talk = re.search(r"Første opfølgningssamtale</td>\s*<td>([^<]*)<br>([^<]*<[^<]*)", table)
    assert first_talk is not None
    assert first_talk.group(1) == "tirsdag den 7. april 2026"
    assert 'class="help">Kilde: Sygedagpengeloven § 13 b, stk. 2' in first_talk.group(2)
    assert table.count("Kilde: ") == table.count("<tr") - 1  # every step row, not the header


def test_the_consultant_reads_the_requests_contacts_and_the_three_answers(
    client: TestClient, ole_case: OpenCase, ole: dict[str, Any]
) -> None:
    sign_in(client, ole_case.owner)
    text = text_of(client.get(f"/sager/{ole_case.reference}"))
    assert "Lise Berg" in text and "lise.berg@example.dk" in text  # the leader, for the roundtable
    assert "Hjemmeplejen Syd" in text and "ole.hansen@example.dk" in text
    assert "Smerter i muskler og led" in text  # the cause, as the requester gave it
    for answer in ole["questions"].values():
        assert answer in text


def test_a_team_lead_of_the_job_centre_and_an_admin_see_the_case(
    client: TestClient, people: dict[str, Person], ole_case: OpenCase
) -> None:
    sign_in(client, people["team_lead"])
    assert 'action="/sager/' in client.get(f"/sager/{ole_case.reference}").text
    client.cookies.clear()
    sign_in(client, people["admin"])
    page = client.get(f"/sager/{ole_case.reference}")
    assert page.status_code == 200
    # An admin reads; the forms (and the CPR reveal) are for the job centre's staff.
    assert "/haendelser/" not in page.text and "Vis CPR-nummer" not in page.text


@pytest.mark.parametrize("key", ["other_consultant", "steering"])
def test_other_job_centres_and_steering_members_are_refused(
    client: TestClient, people: dict[str, Person], ole_case: OpenCase, key: str, ctx: AppContext
) -> None:
    sign_in(client, people[key])
    page = client.get(f"/sager/{ole_case.reference}")
    unknown = client.get("/sager/FT-2026-999999")
    # The same answer as for a case that does not exist (issue 12, defect 10).
    assert (page.status_code, page.text) == (unknown.status_code, unknown.text)
    assert page.status_code in (403, 404)
    assert "Ole" not in page.text
    assert all(action != "view" for _, action, _ in audit_actions(ctx))


def test_an_unknown_case_is_not_found_and_signing_in_comes_first(
    client: TestClient, ole_case: OpenCase
) -> None:
    response = client.get(f"/sager/{ole_case.reference}")
    assert response.status_code == 303
    assert response.headers["location"] == f"/login?next=/sager/{ole_case.reference}"
    sign_in(client, ole_case.owner)
    assert client.get("/sager/FT-2026-999999").status_code == 404


# --- recording ----------------------------------------------------------------------------------


def test_the_page_offers_the_forms_that_fit_where_the_case_is(
    client: TestClient, ole_case: OpenCase, clock: FixedClock
) -> None:
    sign_in(client, ole_case.owner)

    def offered() -> set[str]:
        page = client.get(f"/sager/{ole_case.reference}").text
        return {k for k in FORM_KINDS if f"/sager/{ole_case.reference}/haendelser/{k}" in page}

    # The § 24 step is there from the start; a pause and a correction fit any open case.
    anytime = {"partial_return", "reassessed", "paused", "corrected", "closed"}
    assert offered() == anytime | {
        "accepted",
        "declined",
        "doctor_statement_requested",
        "doctor_statement_not_needed",
        "followup_booked",
        "followup_held",
        "short_uncomplicated",
        "roundtable_booked",
        "roundtable_held",
    }
    held_followup(client, ole_case.reference, clock)
    resume_at(client, clock, at("2026-04-02 12:00"))
    assert record(client, ole_case.reference, "roundtable_held", ROUNDTABLE).status_code == 303
    # Every kind is offered at some point (the whole case below records each of them).
    assert offered() == anytime | {
        "accepted",
        "declined",
        "action_completed",
        "review_held",
    }


def test_every_form_is_refused_without_the_csrf_token(
    client: TestClient, ole_case: OpenCase, ctx: AppContext
) -> None:
    sign_in(client, ole_case.owner)
    before = case_view(ctx, ole_case.reference)
    paths = [f"haendelser/{kind}" for kind in FORM_KINDS] + ["cpr", "konsulent"]
    for path in paths:
        response = client.post(f"/sager/{ole_case.reference}/{path}", data={})
        assert response.status_code == 403, path
        assert "Formularen er udløbet" in text_of(response)
    assert case_view(ctx, ole_case.reference) == before
    actions = [action for _, action, _ in audit_actions(ctx)]
    assert set(actions) <= {"submit", "sign_in", "refused"}  # each refusal logged, nothing done
    assert actions.count("refused") == len(paths)


def test_the_follow_up_talk_is_recorded_and_confirmed_in_danish(
    client: TestClient, ole_case: OpenCase, ctx: AppContext, clock: FixedClock
) -> None:
    sign_in(client, ole_case.owner)
    held_followup(client, ole_case.reference, clock)
    view = case_view(ctx, ole_case.reference)
    event = view.events[-1]
    assert (event.kind, event.data, event.actor) == (
        "followup_held",
        {"mode": "in_person"},
        ole_case.owner.email,
    )
    assert event.at == at("2026-03-31 10:00")
    assert (ole_case.owner.email, "change", "registrerede: Første samtale holdt") in audit_actions(
        ctx
    )
    page = text_of(client.get(f"/sager/{ole_case.reference}"))
    assert "Registreret: Første samtale holdt." in page
    assert "Første samtale holdt, afventer rundbord" in page
    # The confirmation is shown once.
    assert "Registreret:" not in text_of(client.get(f"/sager/{ole_case.reference}"))


def test_a_refused_roundtable_shows_each_message_next_to_its_field_and_keeps_what_was_typed(
    client: TestClient, ole_case: OpenCase, ctx: AppContext, clock: FixedClock
) -> None:
    sign_in(client, ole_case.owner)
    held_followup(client, ole_case.reference, clock)
    resume_at(client, clock, at("2026-04-02 12:00"))
    typed = {
        **ROUNDTABLE,
        "participants.1.email": "ikke-en-mail",  # a leader's e-mail that is none
        "participants.3.role": "specialist",  # a specialist without a profession
        "participants.3.name": "Fysioterapeut Jens",
        "actions.1.due": "15-14-2026",
    }
    response = record(client, ole_case.reference, "roundtable_held", typed)
    assert response.status_code == 422
    page = text_of(response)
    kind = "roundtable_held"
    assert error_next_to(page, f"{kind}.participants.1.email") == (
        "Deltager 2: e-mailen er ikke en gyldig e-mailadresse."
    )
    assert "professionen mangler" in error_next_to(page, f"{kind}.participants.3.profession")
    assert "Skriv datoen som dd-mm-åååå" in error_next_to(page, f"{kind}.actions.1.due")
    assert 'value="Fysioterapeut Jens"' in page and 'value="15-14-2026"' in page
    assert 'value="tasks" checked' in page
    assert '<details id="form-roundtable_held" open>' in page
    assert case_view(ctx, ole_case.reference).events[-1].kind == "followup_held"
    assert all(
        detail != f"registrerede: {EVENT_LABELS[kind]}" for _, _, detail in audit_actions(ctx)
    )


def test_a_move_that_makes_no_sense_is_refused_with_the_reason_above_the_form(
    client: TestClient, ole_case: OpenCase
) -> None:
    sign_in(client, ole_case.owner)
    response = record(client, ole_case.reference, "review_held", {"at": "2026-03-24T09:30"})
    assert response.status_code == 422
    assert "Intet er gemt." in text_of(response)
    assert '<details id="form-review_held" open>' in response.text


def test_a_time_that_is_not_a_time_is_refused_next_to_the_field(
    client: TestClient, ole_case: OpenCase
) -> None:
    sign_in(client, ole_case.owner)
    response = record(client, ole_case.reference, "accepted", {"at": "i går"})
    assert response.status_code == 422
    assert "Skriv dato og klokkeslæt" in error_next_to(text_of(response), "accepted.at")


def test_the_roundtable_puts_the_plan_on_the_page(
    client: TestClient, ole_case: OpenCase, ctx: AppContext, clock: FixedClock
) -> None:
    sign_in(client, ole_case.owner)
    held_followup(client, ole_case.reference, clock)
    resume_at(client, clock, at("2026-04-02 12:00"))
    response = record(client, ole_case.reference, "roundtable_held", ROUNDTABLE)
    assert response.status_code == 303, text_of(response)
    event = case_view(ctx, ole_case.reference).events[-1]
    assert "staircase" not in event.data  # Ishøj does not use Helsingør's staircase
    assert event.data["measures"] == ["treatment_training", "tasks"]
    assert len(event.data["actions"]) == 2
    page = text_of(client.get(f"/sager/{ole_case.reference}"))
    plan = page[page.index('id="plan"') : page.index('id="registrer"')]
    assert "trappemodellen" not in plan
    assert "Behandling eller træning" in plan and "Ændrede opgaver" in plan
    assert "Ryg- og skuldertræning to gange om ugen" in plan and "Medarbejder" in plan
    assert "mandag den 20. april 2026" in plan
    assert "Næste opfølgning: <strong>tirsdag den 28. april 2026" in plan


def test_a_whole_case_is_recorded_through_the_forms(
    client: TestClient, ole_case: OpenCase, ctx: AppContext, clock: FixedClock
) -> None:
    sign_in(client, ole_case.owner)
    ref = ole_case.reference
    booking = {
        "starts_at": "2026-03-30T10:00",
        "minutes": "60",
        "location": "Jobcentret",
        "participants.0.role": "employee",
        "participants.0.name": "Ole Hansen",
        "participants.0.email": "ole.hansen@example.dk",
    }
    steps: list[tuple[str, str, dict[str, Any]]] = [
        ("2026-03-25 09:00", "accepted", {"at": "2026-03-25T08:30", "note": "Ja i telefonen"}),
        ("2026-03-25 10:00", "followup_booked", booking),
        ("2026-03-25 10:05", "followup_booked", {"cancelled": "ja"}),
        ("2026-03-25 10:10", "followup_booked", booking),
        ("2026-03-25 10:20", "doctor_statement_requested", {"at": "2026-03-25T10:15"}),
        ("2026-03-30 12:00", "doctor_statement_received", {"at": "2026-03-30T11:00"}),
        (
            "2026-03-31 11:00",
            "followup_held",
            {"at": "2026-03-31T10:00", "mode": "video", "reason": "Smitsom sygdom"},
        ),
        ("2026-03-31 12:00", "roundtable_booked", {**booking, "starts_at": "2026-04-02T10:00"}),
        ("2026-04-02 12:00", "roundtable_held", ROUNDTABLE),
        ("2026-04-14 12:00", "action_completed", {"at": "2026-04-14T11:00", "action": "2"}),
        (
            "2026-04-14 12:05",
            "partial_return",
            {"at": "2026-04-14T12:00", "hours_per_week": "18,5"},
        ),
        ("2026-04-28 12:00", "review_held", {"at": "2026-04-28T10:00"}),
        ("2026-05-26 12:00", "closed", {"at": "2026-05-26T10:00", "outcome": "full_return"}),
    ]
    for now, kind, fields in steps:
        resume_at(client, clock, at(now))
        response = record(client, ref, kind, fields)
        assert response.status_code == 303, (kind, text_of(response))
    view = case_view(ctx, ref)
    kinds = [e.kind for e in view.events if e.actor == ole_case.owner.email]
    assert kinds == [kind for _, kind, _ in steps]
    assert view.partial_return_hours == 18.5
    assert view.outcome == "full_return" and view.status == "closed"
    page = text_of(client.get(f"/sager/{ref}"))
    assert "Fuldt tilbage" in page and "Aflyst" in page and "18,5 timer om ugen" in page
    # A closed case takes no more events but its reopening.
    assert {k for k in FORM_KINDS if f'/haendelser/{k}"' in page} == {"reopened"}


def test_a_case_is_paused_resumed_corrected_and_reopened_through_the_forms(
    client: TestClient, ole_case: OpenCase, ctx: AppContext, clock: FixedClock
) -> None:
    sign_in(client, ole_case.owner)
    ref = ole_case.reference
    held_followup(client, ref, clock)
    talk = next(e.id for e in case_view(ctx, ref).events if e.kind == "followup_held")
    resume_at(client, clock, at("2026-04-02 09:00"))
    missing = record(
        client,
        ref,
        "paused",
        {"at": "2026-04-02T09:00", "reason": "other", "resume_on": "2026-04-16"},
    )
    assert missing.status_code == 422 and 'id="paused.note-error"' in missing.text
    paused = {"at": "2026-04-02T09:00", "reason": "standby", "resume_on": "2026-04-16"}
    assert record(client, ref, "paused", paused).status_code == 303
    page = text_of(client.get(f"/sager/{ref}"))
    assert "<strong>i bero</strong> til torsdag den 16. april 2026" in page
    offered = {k for k in FORM_KINDS if f'/haendelser/{k}"' in client.get(f"/sager/{ref}").text}
    assert offered == {"resumed", "closed"}
    resume_at(client, clock, at("2026-04-06 09:00"))
    assert record(client, ref, "resumed", {"at": "2026-04-06T09:00"}).status_code == 303
    correction = {"event_id": str(talk), "reason": "Forkert dato", "new_at": "2026-03-30T10:00"}
    assert record(client, ref, "corrected", correction).status_code == 303
    html = client.get(f"/sager/{ref}").text
    assert f'<tr class="corrected" id="haendelse-{talk}">' in html and "Forkert dato" in html
    resume_at(client, clock, at("2026-04-06 11:00"))
    closing = {"at": "2026-04-06T10:00", "outcome": "withdrawn"}
    assert record(client, ref, "closed", closing).status_code == 303
    assert record(client, ref, "reopened", {"reason": "Lukket ved en fejl"}).status_code == 303
    view = case_view(ctx, ref)
    assert view.status == "followup_held" and view.paused_days == 4
    assert [e.kind for e in view.events][-5:] == [
        "paused",
        "resumed",
        "corrected",
        "closed",
        "reopened",
    ]
    details = [d for actor, _, d in audit_actions(ctx) if actor == ole_case.owner.email and d]
    assert details[-5:] == [
        "registrerede: Sagen sat i bero",
        "registrerede: Sagen genoptaget",
        f"rettede: Første samtale holdt (hændelse {talk})",
        "registrerede: Sagen afsluttet",
        "genåbnede sagen",
    ]


# --- CPR and reassignment -------------------------------------------------------------------------


def test_revealing_the_cpr_number_shows_it_once_and_is_logged(
    client: TestClient, ole_case: OpenCase, ctx: AppContext
) -> None:
    sign_in(client, ole_case.owner)
    token = csrf_of(client, f"/sager/{ole_case.reference}")
    purpose = "opringning til borgeren"
    response = client.post(
        f"/sager/{ole_case.reference}/cpr", data={CSRF_FIELD: token, "formaal": purpose}
    )
    assert response.status_code == 200
    assert "030478-2678" in response.text
    assert (ole_case.owner.email, "reveal_cpr", None) in audit_actions(ctx)
    assert "030478-2678" not in client.get(f"/sager/{ole_case.reference}").text


def test_an_admin_may_not_reveal_or_change(
    client: TestClient, people: dict[str, Person], ole_case: OpenCase
) -> None:
    sign_in(client, people["admin"])
    token = csrf_of(client, f"/sager/{ole_case.reference}")
    assert (
        client.post(f"/sager/{ole_case.reference}/cpr", data={CSRF_FIELD: token}).status_code == 403
    )
    response = client.post(
        f"/sager/{ole_case.reference}/haendelser/accepted",
        data={CSRF_FIELD: token, "accepted.at": "2026-03-24T09:30"},
    )
    assert response.status_code == 403


def colleague_ids(ctx: AppContext, municipality_email_part: str) -> dict[str, int]:
    with ctx.unit_of_work() as session:
        rows = session.exec(
            select(Consultant).where(col(Consultant.email).contains(municipality_email_part))
        ).all()
        return {c.email: c.id for c in rows if c.id is not None}


def test_a_team_lead_moves_the_case_to_a_colleague_in_the_same_job_centre(
    client: TestClient, people: dict[str, Person], ole_case: OpenCase, ctx: AppContext
) -> None:
    sign_in(client, people["team_lead"])
    ishoj = colleague_ids(ctx, "@ishoj.")
    target = next(email for email in ishoj if email != ole_case.owner.email)
    token = csrf_of(client, f"/sager/{ole_case.reference}")
    response = client.post(
        f"/sager/{ole_case.reference}/konsulent",
        data={CSRF_FIELD: token, "consultant_id": str(ishoj[target])},
    )
    assert response.status_code == 303
    view = case_view(ctx, ole_case.reference)
    assert view.consultant == target
    assert view.events[-1].kind == "reassigned"
    entry = (people["team_lead"].email, "change", "flyttet til anden konsulent")
    assert entry in audit_actions(ctx)
    assert "Sagen er flyttet til" in text_of(client.get(f"/sager/{ole_case.reference}"))


def test_a_case_cannot_be_moved_to_another_job_centre(
    client: TestClient, ole_case: OpenCase, ctx: AppContext
) -> None:
    sign_in(client, ole_case.owner)
    kolding = colleague_ids(ctx, "@kolding.")
    token = csrf_of(client, f"/sager/{ole_case.reference}")
    response = client.post(
        f"/sager/{ole_case.reference}/konsulent",
        data={CSRF_FIELD: token, "consultant_id": str(next(iter(kolding.values())))},
    )
    assert response.status_code == 422
    assert "aktiv konsulent fra sagens eget jobcenter" in error_next_to(
        text_of(response), "consultant_id"
    )
    assert case_view(ctx, ole_case.reference).consultant == ole_case.owner.email


# --- the case file --------------------------------------------------------------------------------


def test_the_case_file_is_downloaded_with_a_purpose_and_logged(
    client: TestClient, ole_case: OpenCase, ctx: AppContext, people: dict[str, Person]
) -> None:
    sign_in(client, ole_case.owner)
    path = f"/sager/{ole_case.reference}"
    token = csrf_of(client, path)
    refused = client.post(f"{path}/sagsakt", data={CSRF_FIELD: token, "sagsakt_format": "pdf"})
    assert refused.status_code == 422 and 'id="sagsakt_formaal-error"' in refused.text
    assert all(action != "export" for _, action, _ in audit_actions(ctx))
    purpose = {CSRF_FIELD: token, "sagsakt_formaal": "borgerens anmodning om indsigt"}
    pdf = client.post(f"{path}/sagsakt", data={**purpose, "sagsakt_format": "pdf"})
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    assert pdf.headers["content-disposition"] == (
        f'attachment; filename="sagsakt-{ole_case.reference}.pdf"'
    )
    assert pdf.headers["cache-control"] == "no-store"
    data = client.post(f"{path}/sagsakt", data={**purpose, "sagsakt_format": "json"}).json()
    assert data["case"]["case"] == ole_case.reference
    exports = [d for _, action, d in audit_actions(ctx) if action == "export"]
    assert exports == ["sagsakt (pdf)", "sagsakt (json)"]
    assert client.post(f"{path}/sagsakt", data={"sagsakt_formaal": "x" * 10}).status_code == 403
    client.cookies.clear()
    sign_in(client, people["other_consultant"])
    other = {CSRF_FIELD: csrf_of(client, "/opgaver"), "sagsakt_formaal": "nysgerrighed her"}
    assert client.post(f"{path}/sagsakt", data=other).status_code == 404
