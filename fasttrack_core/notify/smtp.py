"""SMTP delivery: outbox rows as MIME messages, and a small client over aiosmtplib.

The client honours the settings: host, port, no TLS / STARTTLS / implicit TLS, login, timeout.
Failures are classified here, once: temporary ones are retried by the dispatcher with backoff,
permanent ones are recorded and reported to the job centre's administrator, and configuration
errors (no retry can fix them) hold every message until an operator changes the settings.
"""

from __future__ import annotations

import base64
import binascii
import re
import socket
import ssl
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime
from email import policy
from email.header import Header
from email.message import EmailMessage, Message
from email.parser import BytesParser
from email.utils import encode_rfc2231, format_datetime, formataddr, parseaddr, quote
from functools import cache, lru_cache
from socket import getfqdn
from types import TracebackType
from typing import Any, Protocol

import aiosmtplib

from fasttrack_core.domain.calendar import COPENHAGEN
from fasttrack_core.notify.outbox import message_id
from fasttrack_core.settings import Settings

CALENDAR_FILENAME = "invite.ics"
# A bare address needs no parsing (parseaddr costs more than the rest of a message header).
_BARE_ADDRESS = re.compile(r"[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9.-]+")


class MessageRow(Protocol):
    """What rendering needs of an outbox row (an OutboxMessage, or a claimed row)."""

    @property
    def id(self) -> int | None: ...
    @property
    def dedupe_key(self) -> str: ...
    @property
    def recipients(self) -> list[str]: ...
    @property
    def subject(self) -> str: ...
    @property
    def text_body(self) -> str: ...
    @property
    def html_body(self) -> str: ...
    @property
    def attachments(self) -> list[dict[str, str]]: ...
    @property
    def created_at(self) -> datetime: ...


def sender_address(settings: Settings) -> str:
    """The bare address of `smtp_sender` ("Fast track <a@b>" -> "a@b"): the envelope sender."""
    return _bare_address(settings.smtp_sender)


def sender_domain(settings: Settings) -> str:
    return _bare_address(settings.smtp_sender).rpartition("@")[2] or "localhost"


@cache
def _bare_address(text: str) -> str:
    return parseaddr(text)[1] or text


def build_message(row: MessageRow, settings: Settings) -> EmailMessage:
    """The message for an outbox row as an EmailMessage: exactly what `render_message` sends."""
    message = BytesParser(policy=policy.default).parsebytes(render_message(row, settings))
    assert isinstance(message, EmailMessage)
    return message


def render_message(row: MessageRow, settings: Settings) -> bytes:
    """The MIME message for an outbox row, as sent: 7-bit, CRLF line ends.

    Text and HTML as multipart/alternative (quoted-printable UTF-8), attachments after them in
    multipart/mixed (base64). The same bytes on every attempt (stable Message-ID, Date and MIME
    boundaries), so a receiver can recognise a retry as the same mail.

    Written directly rather than through `email.message.EmailMessage`: its header parsing costs
    ~2.5 ms a message here, three times what sending it costs (bench/outbox.py).
    """
    if row.id is None:
        raise ValueError("an outbox row must be stored before it is sent")
    identifier = message_id(row.id, row.dedupe_key, sender_domain(settings))
    # "=_" never occurs in quoted-printable or base64 text, so no content can end a part early.
    boundary = f"=_fasttrack.{row.id}"
    alternative = _multipart(
        "alternative",
        f"{boundary}.a",
        [_text_part(_PLAIN, row.text_body), _text_part(_HTML, row.html_body)],
    )
    if row.attachments:
        parts = [alternative, *(_attachment(attachment) for attachment in row.attachments)]
        body = _multipart("mixed", f"{boundary}.m", parts)
    else:
        body = alternative
    headers = (
        _from_header(settings.smtp_sender)
        + _address_header("To", row.recipients)
        + _unstructured("Subject", row.subject)
        # When the message was queued (its use case committed), not when this attempt runs.
        + _date_header(row.created_at)
        + f"Message-ID: {identifier}\r\n"
        # RFC 3834: machine-sent; out-of-office replies should not answer it.
        + "Auto-Submitted: auto-generated\r\n"
        + "MIME-Version: 1.0\r\n"
    )
    return headers.encode("ascii") + body


def _checked(value: str) -> str:
    if "\r" in value or "\n" in value:
        raise ValueError("a header value may not contain a line break")
    return value


def _unstructured(name: str, value: str) -> str:
    value = _checked(value)
    if value.isascii():
        if len(name) + len(value) <= 76:
            return f"{name}: {value}\r\n"
        encoded = Header(value, "us-ascii", header_name=name).encode(linesep="\r\n")
    else:
        encoded = "\r\n ".join(_encoded_words(value.encode()))
    return f"{name}: {encoded}\r\n"


# UTF-8 bytes per RFC 2047 encoded word: 56 base64 characters, a word of 68, so that
# "Subject: " and a word stay within 78 characters. (email.header.Header folds by trying
# lengths in Python: a tenth of a message's sending.)
_WORD_BYTES = 42


def _encoded_words(data: bytes) -> Iterator[str]:
    """`data` (UTF-8) as base64 encoded words, each cut between characters."""
    while data:
        cut = min(len(data), _WORD_BYTES)
        while cut < len(data) and data[cut] & 0xC0 == 0x80:  # not inside a character
            cut -= 1
        yield f"=?utf-8?b?{base64.b64encode(data[:cut]).decode('ascii')}?="
        data = data[cut:]


@lru_cache(maxsize=1024)  # messages queued by one use case or sweep share their time
def _date_header(moment: datetime) -> str:
    return f"Date: {format_datetime(moment.astimezone(COPENHAGEN))}\r\n"


@cache
def _from_header(sender: str) -> str:
    return _address_header("From", [sender])


def _mailbox(text: str) -> str:
    if _BARE_ADDRESS.fullmatch(text):
        return text
    display, address = parseaddr(_checked(text))
    if not address or not _BARE_ADDRESS.fullmatch(address):
        raise ValueError(f"not an address this relay can deliver to: {text!r}")
    return formataddr((display, address), charset="utf-8")


def _address_header(name: str, addresses: Sequence[str]) -> str:
    """Addresses (with display names encoded as needed), folded at 78 characters."""
    line, lines = f"{name}:", []
    for position, text in enumerate(addresses):
        mailbox = _mailbox(text)
        separator = "," if position < len(addresses) - 1 else ""
        if len(line) + 1 + len(mailbox) + len(separator) > 78 and position > 0:
            lines.append(line)
            line = ""
        line += f" {mailbox}{separator}"
    return "\r\n".join([*lines, line]) + "\r\n"


def _crlf(text: str) -> str:
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text.replace("\n", "\r\n")


def _text_headers(subtype: str) -> bytes:
    return (
        f'Content-Type: text/{subtype}; charset="utf-8"\r\n'
        "Content-Transfer-Encoding: quoted-printable\r\n\r\n"
    ).encode()


_PLAIN, _HTML = _text_headers("plain"), _text_headers("html")


def _text_part(headers: bytes, text: str) -> bytes:
    return headers + binascii.b2a_qp(_crlf(text).encode("utf-8"), istext=True)


def _multipart(subtype: str, boundary: str, parts: Sequence[bytes]) -> bytes:
    delimiter = f"\r\n--{boundary}\r\n".encode()
    return (
        (
            f'Content-Type: multipart/{subtype}; boundary="{boundary}"\r\n\r\n--{boundary}\r\n'
        ).encode()
        + delimiter.join(parts)
        + f"\r\n--{boundary}--\r\n".encode()
    )


def _attachment(attachment: dict[str, str]) -> bytes:
    content = attachment.get("content", "")
    parsed = Message()
    parsed["Content-Type"] = attachment.get("content_type") or "application/octet-stream"
    content_type = parsed.get_content_type()
    params = {
        key.lower(): value for key, value in parsed.get_params(failobj=[])[1:] if key != "charset"
    }
    filename = attachment.get("filename") or "attachment"
    if content_type == "text/calendar":
        # Outlook and Gmail treat the mail as an invitation only when the calendar part names its
        # iTIP method (RFC 6047 §2.4), which must match the METHOD inside the file.
        params["method"] = (params.get("method") or _ical_method(content) or "REQUEST").upper()
        filename = CALENDAR_FILENAME
    if attachment.get("encoding") == "base64":  # binary content (a PDF), stored as base64
        data = base64.b64decode(content)
    elif content_type.startswith("text/"):
        params = {"charset": "utf-8", **params}
        data = _crlf(content).encode("utf-8")
    else:
        data = content.encode("utf-8")
    type_params = "".join(f"; {key}={_param(value)}" for key, value in params.items())
    disposition = (
        f'filename="{quote(filename)}"'
        if filename.isascii()
        else f"filename*={encode_rfc2231(filename, 'utf-8')}"
    )
    encoded = base64.encodebytes(data).replace(b"\n", b"\r\n")
    return (
        f"Content-Type: {content_type}{type_params}\r\n"
        f"Content-Disposition: attachment; {_checked(disposition)}\r\n"
        "Content-Transfer-Encoding: base64\r\n\r\n"
    ).encode() + encoded


def _param(value: str) -> str:
    value = _checked(str(value))
    return value if value.isalnum() or value.replace("-", "").isalnum() else f'"{quote(value)}"'


def _ical_method(content: str) -> str | None:
    for line in content.splitlines():
        if line.upper().startswith("METHOD:"):
            return line.split(":", 1)[1].strip()
    return None


# --- failures ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Failure:
    """Why a message was not delivered. `code` is safe to log (an SMTP code or an exception
    class); `error` is the server's text and may name a recipient: it goes to the database only.
    `configuration` is set when no retry can fix it: then it is the Danish explanation of what
    an operator must change (it names settings, never a message or a person)."""

    temporary: bool
    code: str
    error: str
    configuration: str | None = None


def _causes(exc: BaseException) -> Iterator[BaseException]:
    """The exception and what it was raised from (aiosmtplib wraps OSErrors in its own)."""
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        yield current
        current = current.__cause__ or current.__context__


def configuration_problem(exc: BaseException, settings: Settings) -> str | None:
    """What an operator must change, when connecting failed in a way no retry can fix: the relay
    does not offer AUTH while a username is set, it refuses the login (535), its TLS certificate
    does not verify, or its host name does not exist. None for anything a retry may fix."""
    for cause in _causes(exc):
        if isinstance(cause, aiosmtplib.SMTPAuthenticationError):
            return (
                f"SMTP-relæet afviste login (SMTP {cause.code}): ret FASTTRACK_SMTP_USERNAME "
                "og FASTTRACK_SMTP_PASSWORD."
            )
        if isinstance(cause, aiosmtplib.SMTPException) and "AUTH extension" in str(cause):
            return (
                "SMTP-relæet tilbyder ikke login (AUTH), men FASTTRACK_SMTP_USERNAME er sat: "
                "fjern brugernavn og adgangskode, eller sæt FASTTRACK_SMTP_SECURITY=starttls, "
                "hvis relæet kun tilbyder login over TLS."
            )
        if isinstance(cause, ssl.SSLCertVerificationError):
            return (
                f"SMTP-relæets TLS-certifikat kunne ikke verificeres ({cause.verify_message}): "
                "ret FASTTRACK_SMTP_HOST til det navn, certifikatet er udstedt til, eller gør "
                "udstederens rodcertifikat kendt på maskinen."
            )
        if isinstance(cause, socket.gaierror) and cause.errno == socket.EAI_NONAME:
            return f"SMTP-værten '{settings.smtp_host}' findes ikke: ret FASTTRACK_SMTP_HOST."
    return None


def connection_failure(exc: BaseException, settings: Settings) -> Failure:
    """A failure to connect, greet, start TLS or log in: about the relay, not the message, so
    temporary (a relay that is down must not fail every queued mail), or a configuration error
    that holds the messages until the settings are changed."""
    problem = configuration_problem(exc, settings)
    if isinstance(exc, aiosmtplib.SMTPResponseException):
        return Failure(True, f"smtp {exc.code}", f"SMTP {exc.code}: {exc.message}", problem)
    return Failure(True, type(exc).__name__, f"{type(exc).__name__}: {exc}".strip(), problem)


def send_failure(exc: BaseException) -> Failure:
    """A failure while sending one message: SMTP 4xx and lost connections are temporary,
    SMTP 5xx and invalid addresses permanent."""
    if isinstance(exc, aiosmtplib.SMTPRecipientsRefused):
        codes = [refused.code for refused in exc.recipients]
        texts = "; ".join(f"{refused.code} {refused.message}" for refused in exc.recipients)
        temporary = any(400 <= code < 500 for code in codes)
        summary = ",".join(str(code) for code in sorted(set(codes)))
        return Failure(temporary, f"smtp {summary}", f"SMTP all recipients refused: {texts}")
    if isinstance(exc, aiosmtplib.SMTPResponseException):
        temporary = not 500 <= exc.code < 600
        return Failure(temporary, f"smtp {exc.code}", f"SMTP {exc.code}: {exc.message}")
    if isinstance(exc, ValueError | UnicodeError):  # an address aiosmtplib refuses to send to
        return Failure(False, type(exc).__name__, f"{type(exc).__name__}: {exc}")
    # Connection lost, timed out, refused, TLS trouble, or anything unforeseen: try again later;
    # the maximum number of attempts bounds it.
    return Failure(True, type(exc).__name__, f"{type(exc).__name__}: {exc}".strip())


# --- the client ----------------------------------------------------------------------------------


@cache
def _local_hostname() -> str:
    # aiosmtplib would look this up on every connection.
    return getfqdn()


class SmtpClient:
    """One SMTP connection, reused for many messages and reopened when the server drops it.

    `async with SmtpClient(settings) as client: await client.send(message, recipients)`.
    """

    def __init__(self, settings: Settings, tls_context: ssl.SSLContext | None = None) -> None:
        self.settings = settings
        self.sender = sender_address(settings)
        self._smtp = aiosmtplib.SMTP(
            hostname=settings.smtp_host,
            port=settings.smtp_port,
            username=settings.smtp_username,
            password=(
                settings.smtp_password.get_secret_value() if settings.smtp_password else None
            ),
            timeout=settings.smtp_timeout_s,
            use_tls=settings.smtp_security == "tls",
            start_tls=settings.smtp_security == "starttls",
            tls_context=tls_context,
            local_hostname=_local_hostname(),
        )

    @property
    def connected(self) -> bool:
        return self._smtp.is_connected

    async def connect(self) -> None:
        """Connect, then STARTTLS and AUTH as configured (aiosmtplib does both in connect)."""
        if not self._smtp.is_connected:
            await self._smtp.connect()

    async def send(self, message: bytes, recipients: Sequence[str]) -> tuple[dict[str, Any], str]:
        """Send one rendered message; returns the recipients refused while others accepted it, and
        the relay's answer to the message (e.g. "2.0.0 Ok: queued as 4F3A1"): the proof of
        dispatch."""
        await self.connect()
        refused, answer = await self._smtp.sendmail(self.sender, list(recipients), message)
        return dict(refused), answer

    async def close(self) -> None:
        if not self._smtp.is_connected:
            return
        try:
            await self._smtp.quit()
        except (aiosmtplib.SMTPException, OSError):
            self._smtp.close()

    async def __aenter__(self) -> SmtpClient:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        await self.close()
