"""A simulated month's mail through the real dispatcher (issue 15, item 5's proof): the letter
folder with its manifest, each letter's hash on its case's timeline, the e-mails at a real aiosmtpd
relay; on SQLite and PostgreSQL."""

from __future__ import annotations

import asyncio
import hashlib
import json
import stat
from datetime import datetime, time, timedelta
from pathlib import Path
from typing import Any

from sqlmodel import col, select

from fasttrack_core.db import AppContext
from fasttrack_core.domain.calendar import COPENHAGEN
from fasttrack_core.models import Case, Event, OutboxMessage
from fasttrack_core.notify.letters import MANIFEST
from fasttrack_core.settings import Settings
from fasttrack_core.simulation import run_simulation
from fasttrack_core.simulation.delivery import deliver_simulated
from tests.smtp_servers import RecordingHandler, smtp_server

DAYS = 30


def simulate_and_deliver(
    ctx: AppContext, letters: Path, handler: RecordingHandler
) -> dict[str, object]:
    summary = run_simulation(ctx, cases=40, days=DAYS, seed=4)
    until = datetime.combine(summary.last_day + timedelta(days=1), time(0), tzinfo=COPENHAGEN)
    with smtp_server(handler) as relay:
        settings = Settings(
            _env_file=None, smtp_port=relay.port, smtp_timeout_s=5.0, letter_dir=letters
        )
        return asyncio.run(deliver_simulated(ctx, settings, until)).as_dict()


def test_a_simulated_months_letters_go_to_those_without_email_hashed_in_manifest_and_timeline(
    ctx: AppContext, tmp_path: Path
) -> None:
    letters, handler = tmp_path / "letters", RecordingHandler()
    delivery = simulate_and_deliver(ctx, letters, handler)

    assert delivery["failed"] == delivery["retried"] == delivery["held"] == 0
    with ctx.unit_of_work() as session:
        letter_rows = session.exec(
            select(OutboxMessage, Case.reference)
            .join(Case, col(Case.id) == col(OutboxMessage.case_id))
            .where(col(OutboxMessage.channel) == "letter")
        ).all()
        dispatched = {
            (reference, event.data["message_id"]): event
            for event, reference in session.exec(
                select(Event, Case.reference)
                .join(Case, col(Case.id) == col(Event.case_id))
                .where(col(Event.kind) == "message_dispatched")
            )
        }
    assert letter_rows, "a month of 40 requests has employees without an e-mail address"
    assert all(row.status == "sent" for row, _ in letter_rows)
    pdfs = {path.name for path in letters.glob("*.pdf")}
    assert pdfs == {f"{row.id:08d}-{row.kind}.pdf" for row, _ in letter_rows}
    assert sorted(path.name for path in letters.iterdir()) == sorted([*pdfs, MANIFEST])

    lines = [json.loads(line) for line in (letters / MANIFEST).read_text("utf-8").splitlines()]
    assert len(lines) == len(letter_rows) == len({line["message_id"] for line in lines})
    sent_at = {row.id: (row.created_at, reference) for row, reference in letter_rows}
    for line in lines:
        content = (letters / line["file"]).read_bytes()
        assert content.startswith(b"%PDF")
        assert line["sha256"] == hashlib.sha256(content).hexdigest()
        event = dispatched[(line["case"], line["message_id"])]
        assert event.data["channel"] == "letter"
        assert (event.data["file"], event.data["sha256"]) == (line["file"], line["sha256"])
        # Dispatched at the simulated moment the letter was queued, not after the run.
        created_at, reference = sent_at[int(line["file"][:8])]
        assert event.occurred_at == created_at and reference == line["case"]
    for path in letters.iterdir():
        assert stat.S_IMODE(path.stat().st_mode) == 0o600, path.name
    assert stat.S_IMODE(letters.stat().st_mode) == 0o700

    # Every employee without an e-mail address got the notice as a letter, the others by e-mail.
    notices_by_letter = {line["case"] for line in lines if line["kind"] == "employee_notice"}
    received: dict[str, list[Any]] = {}
    for mail in handler.received:
        for address in mail.rcpt_tos:
            received.setdefault(address, []).append(mail)
    with ctx.unit_of_work() as session:
        cases = session.exec(select(Case.reference, Case.employee_email)).all()
        proofs = session.exec(
            select(Case.reference, OutboxMessage.channel, OutboxMessage.recipients)
            .join(Case, col(Case.id) == col(OutboxMessage.case_id))
            .where(col(OutboxMessage.proof))
        ).all()
    without = {reference for reference, email in cases if email is None}
    assert 0 < len(without) < len(cases) / 4  # the generator's 10 %, give or take
    assert notices_by_letter == without
    assert {line["kind"] for line in lines} == {"employee_notice", "meeting_invitation"}
    for reference, channel, recipients in proofs:
        assert (channel == "letter") == (reference in without), reference
        assert channel == "email" or recipients == []
    for reference, email in cases:
        if email is not None:
            subjects = [str(mail.message["Subject"]) for mail in received.get(email, [])]
            assert any(reference in subject for subject in subjects), reference
