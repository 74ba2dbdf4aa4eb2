"""Time travel (`fasttrack simulate`): generated cases through simulated days, into the database."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import text
from sqlmodel import Session, select

from fasttrack_core.crypto import CprVault
from fasttrack_core.db import make_engine
from fasttrack_core.models import OutboxMessage
from fasttrack_core.notify.letters import MANIFEST
from fasttrack_core.notify.outbox import rendered
from tests.e2e.cli import Fasttrack
from tests.smtp_servers import RecordingHandler, free_port, smtp_server


def test_simulation_leaves_cases_other_commands_can_read(tmp_path: Path) -> None:
    fasttrack = Fasttrack(tmp_path)
    summary = fasttrack.json("simulate", "--cases", "40", "--days", "90", "--seed", "7", "--json")
    assert summary["cases_requested"] == 40
    assert summary["cases_opened"] + summary["requests_refused"] == 40
    assert sum(summary["by_status"].values()) == summary["cases_opened"]
    assert summary["by_status"].get("closed", 0) == sum(summary["by_outcome"].values()) > 0
    assert summary["followups_held"] > 0
    assert 0.5 < summary["followup_share_within_14_days"] <= 1.0
    # The cases are in the configured database: the CLI shows them.
    view = fasttrack.json("case", "show", "FT-2026-000001", "--json")
    assert view["events"][0]["kind"] == "requested"
    assert view["employee"]["cpr"].endswith("-****")


def test_simulation_is_repeatable_for_a_seed(tmp_path: Path) -> None:
    first = Fasttrack(tmp_path / "a")
    second = Fasttrack(tmp_path / "b")
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    args = ("simulate", "--cases", "25", "--days", "60", "--seed", "11", "--json")
    one, two = first.json(*args), second.json(*args)
    del one["seconds"], two["seconds"]
    assert one == two


def test_sweep_after_a_simulation_is_idempotent(tmp_path: Path) -> None:
    fasttrack = Fasttrack(tmp_path)
    fasttrack.json("simulate", "--cases", "30", "--days", "45", "--seed", "3", "--json")
    first = fasttrack.sweep("2026-03-15T07:00:00+01:00")
    second = fasttrack.sweep("2026-03-15T07:00:00+01:00")
    assert first["due"] > 0
    assert (second["due"], second["reminded"], second["overdue"]) == (0, 0, 0)


def test_no_email_of_a_simulated_quarter_names_an_employee(tmp_path: Path) -> None:
    # SPEC §6; ARCHITECTURE invariant 5: emails carry case references, never personal data.
    fasttrack = Fasttrack(tmp_path)
    fasttrack.json("simulate", "--cases", "40", "--days", "90", "--seed", "5", "--json")
    engine = make_engine(fasttrack.env["FASTTRACK_DATABASE_URL"] or "")
    vault = CprVault(fasttrack.env["FASTTRACK_SECRET_KEY"] or "")
    with engine.connect() as connection:
        people = connection.execute(
            text("SELECT employee_name, cpr_encrypted, cause_sealed FROM fasttrack_case")
        ).all()
    with Session(engine) as session:
        mails = session.exec(select(OutboxMessage)).all()
    assert len(mails) > 40 * 4
    secrets = {name for name, _, _ in people} | {vault.decrypt(cpr) for _, cpr, _ in people}
    causes = {vault.decrypt(cause) for _, _, cause in people if cause}
    secrets |= {cause for cause in causes if cause != "other"}
    for mail in mails:  # what the recipient gets, and the context the outbox keeps for it
        message = rendered(mail)
        parts = (message.subject, message.text, message.html, mail.context, mail.attachments)
        body = " ".join(str(part) for part in parts)
        assert not [s for s in secrets if s in body], mail.kind


def test_simulate_deliver_sends_the_periods_mail_and_letters_through_the_dispatcher(
    tmp_path: Path,
) -> None:
    fasttrack, handler = Fasttrack(tmp_path), RecordingHandler()
    fasttrack.env["FASTTRACK_LETTER_DIR"] = str(tmp_path / "letters")
    args = ("simulate", "--cases", "30", "--days", "20", "--seed", "4", "--json", "--deliver")
    with smtp_server(handler) as relay:
        fasttrack.env["FASTTRACK_SMTP_PORT"] = str(relay.port)
        summary = fasttrack.json(*args)
    engine = make_engine(fasttrack.env["FASTTRACK_DATABASE_URL"] or "")
    with engine.connect() as connection:
        by_channel = dict(
            connection.execute(
                text(
                    "SELECT channel, count(*) FROM outbox_message WHERE status = 'sent' "
                    "GROUP BY channel"
                )
            ).all()
        )
        waiting = connection.execute(
            text("SELECT count(*) FROM outbox_message WHERE status != 'sent'")
        ).scalar_one()
    assert waiting == 0
    assert summary["delivery"]["sent"] == by_channel["email"] + by_channel["letter"]
    assert len(handler.received) == by_channel["email"]
    manifest = (tmp_path / "letters" / MANIFEST).read_text("utf-8").splitlines()
    assert len(manifest) == by_channel["letter"] > 0


def test_simulate_deliver_into_a_letter_folder_that_cannot_be_written_exits_2_naming_it(
    tmp_path: Path,
) -> None:
    fasttrack = Fasttrack(tmp_path)
    (tmp_path / "letters").write_text("a file where the folder should be")
    fasttrack.env["FASTTRACK_LETTER_DIR"] = str(tmp_path / "letters")
    with smtp_server(RecordingHandler()) as relay:
        fasttrack.env["FASTTRACK_SMTP_PORT"] = str(relay.port)
        result = fasttrack.run(
            "simulate", "--cases", "30", "--days", "20", "--seed", "4", "--deliver", expect=2
        )
    assert "FASTTRACK_LETTER_DIR" in result.stderr


def test_simulate_deliver_without_a_relay_stops_at_once_and_leaves_the_mail_pending(
    tmp_path: Path,
) -> None:
    fasttrack = Fasttrack(tmp_path)
    fasttrack.env["FASTTRACK_LETTER_DIR"] = str(tmp_path / "letters")
    fasttrack.env["FASTTRACK_SMTP_PORT"] = str(free_port())  # nothing listens
    result = fasttrack.run(
        "simulate", "--cases", "30", "--days", "20", "--seed", "4", "--deliver", expect=2
    )
    assert "fasttrack outbox send" in result.stderr
    engine = make_engine(fasttrack.env["FASTTRACK_DATABASE_URL"] or "")
    with engine.connect() as connection:
        statuses = dict(
            connection.execute(
                text("SELECT status, count(*) FROM outbox_message GROUP BY status")
            ).all()
        )
    # Not retried through simulated weeks into failures: one attempt, the rest untouched.
    assert "failed" not in statuses and statuses["pending"] > 100
