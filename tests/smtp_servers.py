"""Real SMTP servers (aiosmtpd) on 127.0.0.1 for the delivery tests and the outbox benchmark."""

from __future__ import annotations

import asyncio
import socket
import ssl
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from email import message_from_bytes, policy
from email.message import EmailMessage
from typing import Any

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP, AuthResult, Envelope, LoginPassword, Session

# What a handler answers to one DATA command: None accepts, a string is the SMTP reply.
Reply = Callable[[Envelope], str | None]


def free_port() -> int:
    """A TCP port nothing listens on (just now)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


@dataclass
class Received:
    mail_from: str
    rcpt_tos: list[str]
    message: EmailMessage


@dataclass
class RecordingHandler:
    """Keeps every accepted message; `reply` can refuse some (e.g. 421 for the first two)."""

    reply: Reply | None = None
    refuse_recipients: dict[str, str] = field(default_factory=dict)  # address -> RCPT reply
    received: list[Received] = field(default_factory=list)
    data_commands: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)

    async def handle_RCPT(
        self, server: SMTP, session: Session, envelope: Envelope, address: str, options: list[str]
    ) -> str:
        if address in self.refuse_recipients:
            return self.refuse_recipients[address]
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: SMTP, session: Session, envelope: Envelope) -> str:
        with self.lock:
            self.data_commands += 1
            answer = self.reply(envelope) if self.reply else None
            if answer is not None:
                return answer
            message = message_from_bytes(envelope.original_content or b"", policy=policy.default)
            assert isinstance(message, EmailMessage)
            self.received.append(
                Received(str(envelope.mail_from), list(envelope.rcpt_tos), message)
            )
        return "250 Message accepted for delivery"

    def message_ids(self) -> list[str]:
        with self.lock:
            return [str(item.message["Message-ID"]) for item in self.received]


@dataclass
class SlowHandler:
    """Takes `delay` seconds to answer DATA."""

    delay: float

    async def handle_DATA(self, server: SMTP, session: Session, envelope: Envelope) -> str:
        await asyncio.sleep(self.delay)
        return "250 OK"


class NoopHandler:
    """Accepts and forgets (the benchmark's server)."""

    async def handle_DATA(self, server: SMTP, session: Session, envelope: Envelope) -> str:
        return "250 OK"


def first_replies(*replies: str) -> Reply:
    """Answer the first DATA commands with `replies` in turn, then accept everything."""
    remaining = list(replies)

    def reply(_envelope: Envelope) -> str | None:
        return remaining.pop(0) if remaining else None

    return reply


@dataclass
class PasswordCheck:
    """aiosmtpd authenticator for one username/password; records the mechanisms used."""

    username: str
    password: str
    mechanisms: list[str] = field(default_factory=list)

    def __call__(
        self, server: SMTP, session: Session, envelope: Envelope, mechanism: str, auth_data: Any
    ) -> AuthResult:
        self.mechanisms.append(mechanism)
        ok = isinstance(auth_data, LoginPassword) and (
            auth_data.login.decode(),
            auth_data.password.decode(),
        ) == (self.username, self.password)
        return AuthResult(success=ok, handled=False)


@contextmanager
def smtp_server(
    handler: Any,
    *,
    port: int | None = None,
    security: str = "none",  # none, starttls, tls (implicit)
    server_tls: ssl.SSLContext | None = None,
    authenticator: PasswordCheck | None = None,
    auth_exclude: tuple[str, ...] = (),
) -> Iterator[Controller]:
    """An aiosmtpd server on 127.0.0.1 (an ephemeral port unless given), stopped afterwards."""
    kwargs: dict[str, Any] = {}
    if security == "starttls":
        kwargs.update(tls_context=server_tls, require_starttls=True)
    elif security == "tls":
        kwargs.update(ssl_context=server_tls)
    if authenticator is not None:
        kwargs.update(
            authenticator=authenticator,
            auth_required=True,
            auth_require_tls=security != "none",
            auth_exclude_mechanism=list(auth_exclude),
        )
    controller = Controller(
        handler,
        hostname="127.0.0.1",
        port=port or free_port(),
        server_hostname="test-smtp",
        **kwargs,
    )
    controller.start()
    try:
        yield controller
    finally:
        controller.stop()
