"""Abuse limits (issue 12): rate limits on the public request forms and the API, and a cap on
the size of a request body, checked before anything reads it.

A plain ASGI middleware: a body larger than the cap is refused (413) from its Content-Length
before a byte is read, or as soon as a streamed body passes the cap. Rate limits are moving
windows (the `limits` library): each public request form post (and each post on the employee's
own pages) per client address, each API
post per API key and per client address; past the limit the answer is 429 with Retry-After.
The counts live in `storage_uri` (memory: per process; `redis://...` shares them between
Uvicorn workers).
"""

from __future__ import annotations

import hashlib
import json
import math
import time
from dataclasses import dataclass
from functools import partial
from urllib.parse import parse_qs

from limits import RateLimitItem, parse, storage
from limits.storage import MemoryStorage, StorageTypes
from limits.strategies import MovingWindowRateLimiter
from starlette.datastructures import Headers
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from fasttrack_core.domain.vocabulary import Language
from fasttrack_core.presentation.language import language_of
from fasttrack_core.presentation.texts import Group, text

# Sign-in is not counted here: its own throttle counts failures (services.sign_in_throttle), so
# a job centre's staff behind one address can all sign in at 8 o'clock.
PUBLIC_FORMS = frozenset({"/anmodning", "/anmodning/medarbejder"})
# The leader's public pages (issue 16): the talk, the screening, a concern, an alert's answer.
PUBLIC_FORM_PREFIX = "/leder/"
# The citizen's own pages (issue 15): the link's confirmation and every action, per client
# address (the wrong answers are counted per link too: services.citizen_access).
CITIZEN_PAGES = ("/borger/", "/arbejdsgiver/")
_BODY_METHODS = frozenset({"POST", "PUT", "PATCH"})


@dataclass(frozen=True)
class AbuseLimits:
    form_rate: str = "20/minute"  # per client address, over the public request form posts
    api_rate: str = "120/minute"  # per API key, over API posts
    api_address_rate: str = "300/minute"  # per client address, over API posts (any key or none)
    max_body_bytes: int = 1_000_000  # a request is a few kB; a form a little more
    storage_uri: str = "memory://"


class SweptEachSecond(MemoryStorage):
    """The library's in-process storage ("memory://"), its expired entries swept at most once a
    second. The library starts a new thread (a 10 ms `threading.Timer`) for a sweep after every
    hit once the previous sweep has ended: under load a thread for every request or two, which
    cost an API intake 5–12 % of its CPU time (`bench/intake_cpu.py`, three alternated pairs,
    issue 13). A moving window counts its entries by their own times, so how often they are
    swept changes only how long the memory holds them (a second longer at most)."""

    # No STORAGE_SCHEME of its own: "memory://" still names the library's class (`storage_for`).

    def __init__(self, uri: str | None = None) -> None:
        self._next_sweep = 0.0
        super().__init__(uri)

    # The library's private hook, overridden by its mangled name (limits is pinned in the lock).
    def _MemoryStorage__schedule_expiry(self) -> None:
        now = time.monotonic()
        if now >= self._next_sweep:
            self._next_sweep = now + 1.0
            super()._MemoryStorage__schedule_expiry()  # type: ignore[misc]


def storage_for(uri: str) -> StorageTypes:
    """Where the counts live: this process's memory, or the shared store the URI names."""
    if uri.split("://", 1)[0] == "memory":
        return SweptEachSecond(uri)
    return storage.storage_from_string(uri)


class _BodyTooLarge(Exception):
    pass


def _is_api(path: str) -> bool:
    return path == "/api" or path.startswith("/api/")


def _language(scope: Scope) -> Language:
    """A public form posts to its address with `?lang=` (the session is not read here)."""
    return language_of(
        parse_qs(scope.get("query_string", b"").decode("latin-1")).get("lang", [""])[0]
    )


async def _answer(
    send: Send,
    path: str,
    status: int,
    message: str,
    retry_after: int | None,
    language: Language = Language.DA,
) -> None:
    headers = [(b"cache-control", b"no-store")]
    if retry_after is not None:
        headers.append((b"retry-after", str(retry_after).encode()))
    if _is_api(path):
        body = json.dumps({"detail": message}, ensure_ascii=False).encode()
        headers.append((b"content-type", b"application/json"))
    else:
        say = partial(text, language, Group.PUBLIC)
        body = (
            f'<!doctype html><html lang="{language}"><meta charset="utf-8">'
            '<meta name="viewport" content="width=device-width, initial-scale=1">'
            f"<title>{say('error.title')} · Fast track</title>"
            '<link rel="stylesheet" href="/static/fasttrack.css">'
            f"<main><h1>{say('error.title')}</h1>"
            f'<p class="error-summary" role="alert">{message}</p>'
            f'<p><a href="/">{say("error.home")}</a></p></main>'
            f'<footer><p><a href="/tilgaengelighed">{say("footer.accessibility")}</a>'
            "</p></footer></html>"
        ).encode()
        headers.append((b"content-type", b"text/html; charset=utf-8"))
    headers.append((b"content-length", str(len(body)).encode()))
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})


class AbuseGuard:
    def __init__(self, app: ASGIApp, limits: AbuseLimits) -> None:
        self.app = app
        self.max_body_bytes = limits.max_body_bytes
        self.limiter = MovingWindowRateLimiter(storage_for(limits.storage_uri))
        self.form_rate = parse(limits.form_rate)
        self.api_rate = parse(limits.api_rate)
        self.api_address_rate = parse(limits.api_address_rate)

    def _buckets(self, scope: Scope, headers: Headers) -> list[tuple[RateLimitItem, str, str]]:
        if scope["method"] != "POST":
            return []
        path: str = scope["path"]
        address = scope["client"][0] if scope.get("client") else "ukendt"
        if path in PUBLIC_FORMS or path.startswith((*CITIZEN_PAGES, PUBLIC_FORM_PREFIX)):
            return [(self.form_rate, "form", address)]
        if _is_api(path):
            buckets = [(self.api_address_rate, "api-address", address)]
            key = headers.get("x-api-key")
            if key:
                digest = hashlib.sha256(key.encode()).hexdigest()
                buckets.append((self.api_rate, "api-key", digest))
            return buckets
        return []

    def _retry_after(self, buckets: list[tuple[RateLimitItem, str, str]]) -> int | None:
        """Seconds until every bucket has room again, when one is full (each hit counts)."""
        full = [bucket for bucket in buckets if not self.limiter.hit(*bucket)]
        if not full:
            return None
        reset = max(self.limiter.get_window_stats(*bucket).reset_time for bucket in full)
        return max(1, math.ceil(reset - time.time()))

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path: str = scope["path"]
        headers = Headers(scope=scope)
        retry_after = self._retry_after(self._buckets(scope, headers))
        if retry_after is not None:
            minutes = math.ceil(retry_after / 60)
            language = Language.DA if _is_api(path) else _language(scope)
            unit = text(language, Group.PUBLIC, "error.minute" if minutes == 1 else "error.minutes")
            message = text(language, Group.PUBLIC, "error.too_many", minutes=minutes, unit=unit)
            await _answer(send, path, 429, message, retry_after, language)
            return
        if scope["method"] not in _BODY_METHODS:
            await self.app(scope, receive, send)
            return
        too_large = (
            f"Anmodningen er for stor (højst {self.max_body_bytes // 1000} kB). Intet er gemt."
        )
        declared = headers.get("content-length", "")
        if declared.isdigit() and int(declared) > self.max_body_bytes:
            await _answer(send, path, 413, too_large, None)
            return
        await self._capped(scope, receive, send, too_large)

    async def _capped(self, scope: Scope, receive: Receive, send: Send, too_large: str) -> None:
        """Run the app, refusing the body (413) once more than the cap has arrived; whatever
        the app makes of the cut-off body is not sent."""
        received = 0
        exceeded = False
        answered = False

        async def capped_receive() -> Message:
            nonlocal received, exceeded
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.max_body_bytes:
                    exceeded = True
                    raise _BodyTooLarge
            return message

        async def guarded_send(message: Message) -> None:
            nonlocal answered
            if exceeded:
                if not answered:
                    answered = True
                    await _answer(send, scope["path"], 413, too_large, None)
                return
            await send(message)

        try:
            await self.app(scope, capped_receive, guarded_send)
        except _BodyTooLarge:
            if not answered:
                await _answer(send, scope["path"], 413, too_large, None)
