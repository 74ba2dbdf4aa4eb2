"""Letters with proof of dispatch (issue 15, item 5): a message with legal effect to a citizen
(the notice, a summons, a changed meeting) has its dispatch recorded on the case's timeline (the
relay's answer, or the letter's SHA-256); an employee without an e-mail address gets it as a PDF
letter in the letter folder, with a manifest line for the print-and-post or Digital Post
integration. Against a real aiosmtpd relay, on SQLite and PostgreSQL."""

from __future__ import annotations

import asyncio
import hashlib
import io
import json
import stat
from datetime import datetime
from pathlib import Path
from typing import Any

from pypdf import PdfReader
from sqlmodel import col, select

from fasttrack_core.db import AppContext
from fasttrack_core.models import Case, Event, OutboxMessage
from fasttrack_core.notify.dispatcher import deliver_due
from fasttrack_core.notify.letters import MANIFEST, Addressee, Letter, LetterFolder
from fasttrack_core.schemas import RequestIn, parse
from fasttrack_core.services.intake import submit_request
from fasttrack_core.services.recording import record_event
from fasttrack_core.settings import Settings
from tests.conftest import at
from tests.smtp_servers import RecordingHandler, smtp_server

CONSULTANT = "mette.holm@ishoj.jobcenter.example.dk"
SUMMONS = {
    "starts_at": "2026-04-01T10:00:00+02:00",
    "minutes": 60,
    "participants": [{"role": "employee"}, {"role": "consultant", "email": CONSULTANT}],
}


def settings(port: int, letters: Path) -> Settings:
    return Settings(
        _env_file=None, smtp_port=port, smtp_timeout_s=5.0, letter_dir=letters, smtp_connections=1
    )


def deliver(ctx: AppContext, port: int, letters: Path, now: datetime) -> dict[str, object]:
    return asyncio.run(deliver_due(ctx, settings(port, letters), now)).as_dict()


def without_email(ole: dict[str, Any]) -> dict[str, Any]:
    employee = {k: v for k, v in ole["employee"].items() if k != "email"}
    return {**ole, "employee": employee}


def open_case(ctx: AppContext, request: dict[str, Any]) -> str:
    return submit_request(ctx, parse(RequestIn, request), as_of=at("2026-03-24 12:00")).reference


def dispatches(ctx: AppContext, reference: str) -> list[dict[str, Any]]:
    with ctx.unit_of_work() as session:
        events = session.exec(
            select(Event)
            .join(Case, col(Case.id) == col(Event.case_id))
            .where(col(Case.reference) == reference, col(Event.kind) == "message_dispatched")
            .order_by(col(Event.id))
        ).all()
        return [event.data for event in events]


def manifest(folder: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in (folder / MANIFEST).read_text().splitlines()]


def test_an_employee_without_email_gets_the_notice_as_a_pdf_letter_with_its_hash_on_the_timeline(
    ctx: AppContext, ole: dict[str, Any], tmp_path: Path
) -> None:
    reference = open_case(ctx, without_email(ole))
    letters = tmp_path / "letters"
    handler = RecordingHandler()
    with smtp_server(handler) as relay:
        summary = deliver(ctx, relay.port, letters, at("2026-03-24 12:01"))

    assert summary["sent"] == 4  # the letter, the leader's receipt and the consultant's two tasks
    assert all("ole.hansen" not in str(r.rcpt_tos) for r in handler.received)
    [line] = manifest(letters)
    pdf = (letters / line["file"]).read_bytes()
    assert line["sha256"] == hashlib.sha256(pdf).hexdigest()
    assert line["case"] == reference and line["kind"] == "employee_notice"
    assert line["recipient"] == {"name": ole["employee"]["name"], "cpr": ole["employee"]["cpr"]}
    assert stat.S_IMODE((letters / line["file"]).stat().st_mode) == 0o600
    assert stat.S_IMODE(letters.stat().st_mode) == 0o700
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    assert ole["employee"]["name"] in text
    assert "Fast track" in text and reference in text
    [proof] = dispatches(ctx, reference)
    assert proof["channel"] == "letter"
    assert proof["message"] == "employee_notice"
    assert proof["sha256"] == line["sha256"] and proof["file"] == line["file"]


def test_an_emailed_notice_records_the_relays_answer_on_the_timeline(
    ctx: AppContext, ole: dict[str, Any], tmp_path: Path
) -> None:
    reference = open_case(ctx, ole)
    handler = RecordingHandler()
    with smtp_server(handler) as relay:
        deliver(ctx, relay.port, tmp_path / "letters", at("2026-03-24 12:01"))

    [proof] = dispatches(ctx, reference)  # the notice only: the receipt and tasks have no effect
    assert proof["channel"] == "email" and proof["message"] == "employee_notice"
    assert proof["relay_answer"] == "Message accepted for delivery"
    [notice] = [r for r in handler.received if r.rcpt_tos == [ole["employee"]["email"]]]
    assert str(notice.message["Message-ID"]) == proof["message_id"]
    assert not (tmp_path / "letters").exists(), "no letter for an employee with an address"


def summon(ctx: AppContext, reference: str) -> None:
    """The first talk booked with the employee taking part (a summons with legal effect)."""
    booked = at("2026-03-25 10:00")
    record_event(ctx, reference, "followup_booked", booked, SUMMONS, as_of=booked)


def test_a_summons_goes_by_letter_to_an_employee_without_email_and_by_email_to_the_others(
    ctx: AppContext, ole: dict[str, Any], tmp_path: Path
) -> None:
    reference = open_case(ctx, without_email(ole))
    summon(ctx, reference)
    with ctx.unit_of_work() as session:
        invitations = session.exec(
            select(OutboxMessage).where(col(OutboxMessage.kind) == "meeting_invitation")
        ).all()
    by_channel = {row.channel: row for row in invitations}
    assert by_channel["email"].recipients == [CONSULTANT] and not by_channel["email"].proof
    assert by_channel["letter"].recipients == [] and by_channel["letter"].proof
    handler = RecordingHandler()
    with smtp_server(handler) as relay:
        deliver(ctx, relay.port, tmp_path / "letters", at("2026-03-25 10:01"))
    assert [line["kind"] for line in manifest(tmp_path / "letters")] == [
        "employee_notice",
        "meeting_invitation",
    ]
    assert [p["message"] for p in dispatches(ctx, reference)] == [
        "employee_notice",
        "meeting_invitation",
    ]


def test_a_summons_to_a_participant_named_by_role_goes_to_the_employees_address_on_the_case(
    ctx: AppContext, ole: dict[str, Any]
) -> None:
    reference = open_case(ctx, ole)
    summon(ctx, reference)
    with ctx.unit_of_work() as session:
        [invitation] = session.exec(
            select(OutboxMessage).where(col(OutboxMessage.kind) == "meeting_invitation")
        ).all()
    assert invitation.recipients == [ole["employee"]["email"], CONSULTANT]
    assert invitation.proof and invitation.channel == "email"


def test_a_letter_handed_over_before_a_crash_is_not_handed_over_twice(tmp_path: Path) -> None:
    folder = LetterFolder(tmp_path / "letters")
    letter = Letter(
        7, "<fasttrack.7.ab@x>", "employee_notice", "Emne", "Tekst.", at("2026-03-24 12:00")
    )
    to = Addressee("Ole Hansen", "0304782678", "FT-2026-000001", "Jobcenter Ishøj")
    first = folder.post(letter, to, pdf=b"%PDF-1.7 first")
    again = folder.post(letter, to, pdf=b"%PDF-1.7 rendered again after a restart")
    assert again == first
    assert len(manifest(tmp_path / "letters")) == 1


def test_a_letter_folder_that_cannot_be_written_holds_the_letter_and_names_the_setting(
    ctx: AppContext, ole: dict[str, Any], tmp_path: Path
) -> None:
    open_case(ctx, without_email(ole))
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("a file where the folder should be")
    handler = RecordingHandler()
    with smtp_server(handler) as relay:
        summary = deliver(ctx, relay.port, blocked, at("2026-03-24 12:01"))
    assert summary["held"] == 1
    assert "FASTTRACK_LETTER_DIR" in str(summary["configuration_error"])
    with ctx.unit_of_work() as session:
        letter = session.exec(
            select(OutboxMessage).where(col(OutboxMessage.channel) == "letter")
        ).one()
    assert letter.status == "held" and letter.attempts == 0


def letter_texts(folder: Path) -> dict[str, str]:
    """Each letter's text by its kind, as a PDF reader extracts it."""
    return {
        line["kind"]: "".join(
            page.extract_text() for page in PdfReader(folder / line["file"]).pages
        )
        for line in manifest(folder)
    }


def test_a_letter_keeps_its_headings_and_lists_and_says_nothing_of_email_buttons_or_attachments(
    ctx: AppContext, ole: dict[str, Any], tmp_path: Path
) -> None:
    reference = open_case(ctx, without_email(ole))
    summon(ctx, reference)
    with smtp_server(RecordingHandler()) as relay:
        deliver(ctx, relay.port, tmp_path / "letters", at("2026-03-25 10:01"))

    texts = letter_texts(tmp_path / "letters")
    notice, summons = texts["employee_notice"], texts["meeting_invitation"]
    assert "Hvad sker der nu?\n1. " in notice  # a heading and a list on lines of their own
    assert "Via linket nedenfor" in notice and "knappen" not in notice
    assert "Kan du ikke deltage" in summons and "kalenderfil" not in summons
    for text in texts.values():
        assert "Fast track · " not in text  # the e-mail's first line: the head names the sender
        assert "Denne e-mail" not in text and "pr. e-mail" not in text
        assert "Brevet er sendt af Jobcenter" in text


def test_a_letter_to_an_employee_who_reads_english_is_english_around_the_message_too(
    ctx: AppContext, ole: dict[str, Any], tmp_path: Path
) -> None:
    open_case(ctx, {**without_email(ole), "language": "en"})
    with smtp_server(RecordingHandler()) as relay:
        deliver(ctx, relay.port, tmp_path / "letters", at("2026-03-24 12:01"))

    text = letter_texts(tmp_path / "letters")["employee_notice"]
    assert "This letter was sent by" in text and "Page 1 of" in text
    assert "Tuesday 24 March 2026" in text
    assert "Brevet er sendt" not in text and "Side 1 af" not in text
