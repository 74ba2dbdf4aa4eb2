"""Posting a claimed letter (outbox channel "letter") through the letter transport: rendered to
PDF, handed to the folder, its hash kept as the proof of dispatch."""

from __future__ import annotations

import logging

from fasttrack_core.db import AppContext
from fasttrack_core.notify.dispatcher.claims import Claimed
from fasttrack_core.notify.dispatcher.results import SendResult
from fasttrack_core.notify.letters import Letter, LetterFolder, addressee
from fasttrack_core.notify.outbox import LETTER, message_id
from fasttrack_core.notify.smtp import Failure, sender_domain
from fasttrack_core.settings import Settings

log = logging.getLogger(__name__)


def post_letter(ctx: AppContext, settings: Settings, row: Claimed) -> SendResult:
    """Hand the letter to the transport. A folder that cannot be written is a configuration error
    (the letter is held until it is fixed); a letter without a case is refused for good."""
    if row.case_id is None:
        return SendResult(row, Failure(False, "no-case", "a letter needs a case to address it"))
    letter = Letter(
        outbox_id=row.id,
        message_id=message_id(row.id, row.dedupe_key, sender_domain(settings)),
        kind=row.kind,
        subject=row.subject,
        text=row.text_body,
        created_at=row.created_at,
    )
    try:
        posted = LetterFolder(settings.letter_dir).post(letter, addressee(ctx, row.case_id))
    except OSError as exc:
        log.error("outbox %s (%s): the letter folder cannot be written", row.id, row.kind)
        problem = (
            f"Brevmappen '{settings.letter_dir}' kan ikke skrives ({type(exc).__name__}): "
            "ret FASTTRACK_LETTER_DIR eller mappens rettigheder."
        )
        return SendResult(row, Failure(False, type(exc).__name__, str(exc), problem))
    proof = {"channel": LETTER, "file": posted.file, "sha256": posted.sha256}
    return SendResult(row, proof=proof)
