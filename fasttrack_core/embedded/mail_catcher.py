"""The embedded mail catcher: an SMTP server that keeps every message as an .eml file.

`fasttrack mail catch` runs it on 127.0.0.1:2525, where the embedded default delivers. Files are
named `0001-20261123T071500Z.eml` (a sequence number, then the UTC time received), so they sort
in arrival order and open in any mail program.
"""

from __future__ import annotations

import os
import re
import socket
import tempfile
from datetime import UTC, datetime
from email import message_from_bytes, policy
from email.message import EmailMessage
from email.parser import BytesHeaderParser
from pathlib import Path
from typing import Any

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP, Envelope, Session

_NAME = re.compile(r"^(\d+)-.*\.eml$")


class CaughtMailNotFound(LookupError):
    pass


def store_message(directory: Path, mail_from: str, rcpt_tos: list[str], content: bytes) -> Path:
    """Write one received message as the next numbered .eml file; returns its path."""
    directory.mkdir(parents=True, exist_ok=True)
    # The envelope, which a Bcc recipient would otherwise not show (as aiosmtpd's Message handler).
    envelope = f"X-MailFrom: {mail_from}\r\nX-RcptTo: {', '.join(rcpt_tos)}\r\n".encode()
    handle, temporary = tempfile.mkstemp(dir=directory, prefix=".incoming-")
    try:
        with os.fdopen(handle, "wb") as file:
            file.write(envelope + content)
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
        number = _last_number(directory) + 1
        while True:  # link() refuses an existing name: two catchers never overwrite each other
            path = directory / f"{number:04d}-{stamp}.eml"
            try:
                os.link(temporary, path)
            except FileExistsError:
                number += 1
                continue
            return path
    finally:
        os.unlink(temporary)


def _numbered(directory: Path) -> list[tuple[int, Path]]:
    if not directory.is_dir():
        return []
    found = []
    for path in directory.iterdir():
        match = _NAME.match(path.name)
        if match:
            found.append((int(match.group(1)), path))
    return sorted(found)


def _last_number(directory: Path) -> int:
    numbered = _numbered(directory)
    return numbered[-1][0] if numbered else 0


class MailDirHandler:
    """aiosmtpd handler: accept everything and store it in `directory`."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory

    async def handle_DATA(self, server: SMTP, session: Session, envelope: Envelope) -> str:
        content = envelope.original_content or b""
        store_message(self.directory, str(envelope.mail_from), list(envelope.rcpt_tos), content)
        return "250 Message accepted for delivery"


def start_catcher(directory: Path, host: str = "127.0.0.1", port: int = 2525) -> Controller:
    """Start the catcher in a background thread; call `.stop()` on the result to end it.

    Raises OSError at once when the address is taken (aiosmtpd would first wait for a server
    that never starts).
    """
    with socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as asyncio's server does
        probe.bind((host, port))
    controller = Controller(
        MailDirHandler(directory),
        hostname=host,
        port=port,
        server_hostname="fasttrack-mail-catcher",
        enable_SMTPUTF8=True,
    )
    controller.start()
    return controller


# --- reading what was caught ---------------------------------------------------------------------


def list_caught(directory: Path) -> list[dict[str, Any]]:
    """Every caught message in arrival order: id, from, to, subject, date (and the file)."""
    parser = BytesHeaderParser(policy=policy.default)
    caught = []
    for number, path in _numbered(directory):
        with path.open("rb") as file:
            headers = parser.parse(file)
        caught.append(
            {
                "id": f"{number:04d}",
                "from": str(headers.get("From", "")),
                "to": str(headers.get("To", "")),
                "subject": str(headers.get("Subject", "")),
                "date": str(headers.get("Date", "")),
                "file": str(path),
            }
        )
    return caught


def caught_path(directory: Path, message_id: str) -> Path:
    """The file of caught message `message_id` ("7", "0007" or the file name)."""
    wanted = message_id.strip().removesuffix(".eml")
    for number, path in _numbered(directory):
        if path.stem == wanted or (wanted.isdigit() and int(wanted) == number):
            return path
    raise CaughtMailNotFound(message_id)


def read_caught(directory: Path, message_id: str) -> str:
    """The message as received (its source, headers first)."""
    return caught_path(directory, message_id).read_bytes().decode("utf-8", errors="replace")


def describe_caught(directory: Path, message_id: str) -> str:
    """The message as a person reads it: the main headers, the text body, the attachments."""
    raw = caught_path(directory, message_id).read_bytes()
    message = message_from_bytes(raw, policy=policy.default)
    assert isinstance(message, EmailMessage)
    lines = [
        f"{name}: {message[name]}"
        for name in ("From", "To", "Subject", "Date", "Message-ID")
        if message[name] is not None
    ]
    body = message.get_body(preferencelist=("plain", "html"))
    lines += ["", body.get_content().rstrip() if body is not None else ""]
    for part in message.iter_attachments():
        lines.append(f"[Vedhæftet: {part.get_filename()} ({part.get('Content-Type')})]")
    return "\n".join(lines) + "\n"
