"""Letters: a message with legal effect to an employee without an e-mail address, as a PDF handed
to the letter transport (issue 15, item 5).

The embedded transport is a folder (`FASTTRACK_LETTER_DIR`, 0700): one PDF per letter (0600) and
`manifest.jsonl`, one line per letter, for a print-and-post service or a Digital Post integration
to take from. Digital Post addresses a person by CPR number, so the manifest carries it; the folder
is therefore as sensitive as the database. The PDF's SHA-256 is the proof of what was sent: it is
recorded on the case's timeline (`message_dispatched`).

A letter is posted once: after a crash between writing and recording, the next run finds the file
and the manifest line already there and records the same hash (no second letter).
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from dataclasses import dataclass
from datetime import datetime
from functools import cache
from pathlib import Path

from jinja2 import Environment
from sqlmodel import col, select

from fasttrack_core.db import AppContext
from fasttrack_core.models import Case, JobCentre
from fasttrack_core.presentation.language import Language, day
from fasttrack_core.presentation.templating import template_environment

MANIFEST = "manifest.jsonl"
EMAIL_HEADER = "Fast track · "  # the first line of every e-mail's text (_layout.txt)


@dataclass(frozen=True)
class Addressee:
    """Who a letter goes to, from the case (the CPR number decrypted for the transport)."""

    name: str
    cpr: str
    reference: str
    job_centre: str
    language: Language = Language.DA  # the case's: the letter's frame is in it too


@dataclass(frozen=True)
class Letter:
    outbox_id: int
    message_id: str
    kind: str
    subject: str
    text: str  # the message's plain-text body: the letter's paragraphs
    created_at: datetime


@dataclass(frozen=True)
class Posted:
    """What the transport took: the file's name in the folder and its SHA-256."""

    file: str
    sha256: str


def addressee(ctx: AppContext, case_id: int) -> Addressee:
    with ctx.unit_of_work() as session:
        case, centre = session.exec(
            select(Case, JobCentre)
            .join(JobCentre, col(JobCentre.id) == col(Case.job_centre_id))
            .where(col(Case.id) == case_id)
        ).one()
        return Addressee(
            case.employee_name,
            ctx.vault.decrypt(case.cpr_encrypted),
            case.reference,
            centre.name,
            Language(case.language),
        )


@cache
def _environment() -> Environment:
    return template_environment("letters")


def render_pdf(letter: Letter, to: Addressee) -> bytes:
    """The letter as an A4 PDF: the job centre as sender, the date, the employee, the subject and
    the message's paragraphs, in the case's language."""
    from weasyprint import HTML  # type: ignore[import-untyped]  # loaded when a letter is made

    html = (
        _environment()
        .get_template("letter.html")
        .render(
            to=to,
            subject=letter.subject,
            paragraphs=paragraphs(letter.text),
            dated=day(to.language, letter.created_at),
        )
    )
    pdf: bytes = HTML(string=html).write_pdf()
    return pdf


def paragraphs(text: str) -> list[list[str]]:
    """The message's plain text as the letter's paragraphs, each a list of its lines (a heading
    and a list keep their own lines), without the e-mail's frame (templates/emails/_layout.txt):
    its first line, naming the system and the job centre the letter's head names already, and
    the signature after "--", which speaks of e-mail."""
    body = re.split(r"^--$", text, maxsplit=1, flags=re.MULTILINE)[0]
    blocks = [
        [line.strip() for line in block.splitlines() if line.strip()]
        for block in re.split(r"\n\s*\n", body)
    ]
    found = [block for block in blocks if block]
    if found and found[0][0].startswith(EMAIL_HEADER):
        found = found[1:]
    return found


class LetterFolder:
    """The embedded letter transport: files in a folder, and a manifest."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def post(self, letter: Letter, to: Addressee, pdf: bytes | None = None) -> Posted:
        """Hand the letter over (rendering it unless `pdf` is given); a letter already handed over
        (a restart after a crash) is not handed over again."""
        self.folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        name = f"{letter.outbox_id:08d}-{letter.kind}.pdf"
        path = self.folder / name
        if path.exists():
            content = path.read_bytes()
        else:
            content = pdf if pdf is not None else render_pdf(letter, to)
            _write_new(path, content)
        posted = Posted(name, hashlib.sha256(content).hexdigest())
        if letter.message_id not in self._manifested():
            line = {
                "message_id": letter.message_id,
                "file": posted.file,
                "sha256": posted.sha256,
                "kind": letter.kind,
                "case": to.reference,
                "recipient": {"name": to.name, "cpr": to.cpr},
                "subject": letter.subject,
                "created_at": letter.created_at.isoformat(),
            }
            _append(self.folder / MANIFEST, json.dumps(line, ensure_ascii=False) + "\n")
        return posted

    def _manifested(self) -> set[str]:
        manifest = self.folder / MANIFEST
        if not manifest.exists():
            return set()
        with manifest.open(encoding="utf-8") as lines:
            return {json.loads(line)["message_id"] for line in lines if line.strip()}


def _write_new(path: Path, content: bytes) -> None:
    """Write the file whole or not at all (a temporary file renamed), readable by the owner only."""
    temporary = path.with_suffix(".part")
    descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "wb") as file:
        file.write(content)
        file.flush()
        os.fsync(file.fileno())
    os.replace(temporary, path)


def _append(path: Path, line: str) -> None:
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
    with os.fdopen(descriptor, "a", encoding="utf-8") as file:
        file.write(line)
        file.flush()
        os.fsync(file.fileno())
