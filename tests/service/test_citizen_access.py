"""The employee's personal link (issue 15): only its hash is stored; it expires, is revoked when
the case closes, and asks for the date of birth before anything, throttled per link and per
address; every failure gets the same neutral answer."""

from __future__ import annotations

import hashlib
import re
from datetime import UTC, timedelta
from typing import Any

import pytest
from sqlalchemy import text
from sqlmodel import col, select

from fasttrack_core.clock import FixedClock
from fasttrack_core.db import AppContext
from fasttrack_core.models import CitizenAccess, OutboxMessage
from fasttrack_core.notify.outbox import rendered
from fasttrack_core.presentation.texts.citizen import Problem
from fasttrack_core.schemas import RequestIn, parse
from fasttrack_core.services.citizen_access import (
    ADDRESS_LIMIT,
    LINK_LIFETIME,
    TOKEN_LIMIT,
    CitizenRefused,
    confirm_link,
    grant_in_force,
    parse_birth_date,
)
from fasttrack_core.services.intake import submit_request
from fasttrack_core.services.recording import record_event
from tests.conftest import at

OLE_BORN = "03-04-1978"  # CPR 030478-2678
ADDRESS = "192.0.2.10"


def opened_with_link(ctx: AppContext, ole: dict[str, Any]) -> tuple[str, str]:
    """Ole's case opened; its reference and the token from the link in his notice."""
    reference = submit_request(ctx, parse(RequestIn, ole), as_of=at("2026-03-24 09:30")).reference
    with ctx.unit_of_work() as session:
        notice = session.exec(
            select(OutboxMessage).where(col(OutboxMessage.kind) == "employee_notice")
        ).one()
    assert notice.recipients == [ole["employee"]["email"]]
    found = re.search(r"/borger/([A-Za-z0-9_-]+)", rendered(notice).text)
    assert found is not None, "the notice carries the personal link"
    return reference, found.group(1)


def problem(ctx: AppContext, token: str, typed: str, address: str = ADDRESS) -> Problem:
    with pytest.raises(CitizenRefused) as caught:
        confirm_link(ctx, token, typed, address, ctx.clock.now())
    return caught.value.problem


def test_the_link_is_256_random_bits_of_which_only_the_sha256_is_stored(
    ctx: AppContext, ole: dict[str, Any]
) -> None:
    _, token = opened_with_link(ctx, ole)
    assert len(token) >= 43  # token_urlsafe(32): 256 bits
    with ctx.unit_of_work() as session:
        row = session.exec(select(CitizenAccess)).one()
        stored = session.execute(text("SELECT * FROM citizen_access")).one()
    assert row.token_hash == hashlib.sha256(token.encode()).hexdigest()
    assert all(token not in str(value) for value in stored), "the token itself is never stored"
    assert row.expires_at - row.created_at == LINK_LIFETIME


def test_the_right_date_of_birth_opens_the_case_for_a_short_while(
    ctx: AppContext, clock: FixedClock, ole: dict[str, Any]
) -> None:
    _, token = opened_with_link(ctx, ole)
    for typed in (OLE_BORN, "3.4.1978", "1978-04-03"):
        grant = confirm_link(ctx, token, typed, ADDRESS, clock.now())
        assert grant_in_force(ctx, grant, clock.now())
    assert not grant_in_force(ctx, grant, grant.until), "the session is short"


def test_a_wrong_date_an_unknown_an_expired_and_a_revoked_link_get_the_same_answer(
    ctx: AppContext, clock: FixedClock, ole: dict[str, Any]
) -> None:
    reference, token = opened_with_link(ctx, ole)
    assert problem(ctx, token, "04-04-1978") is Problem.NOT_RECOGNISED
    assert problem(ctx, token, "not a date") is Problem.NOT_RECOGNISED
    assert problem(ctx, "x" * 43, OLE_BORN, "192.0.2.11") is Problem.NOT_RECOGNISED
    grant = confirm_link(ctx, token, OLE_BORN, ADDRESS, clock.now())

    clock.set(at("2026-03-24 09:30").astimezone(UTC) + LINK_LIFETIME)
    assert problem(ctx, token, OLE_BORN, "192.0.2.12") is Problem.NOT_RECOGNISED

    clock.set(at("2026-03-26 10:00"))
    record_event(ctx, reference, "closed", clock.now(), {"outcome": "withdrawn"}, as_of=clock.now())
    assert problem(ctx, token, OLE_BORN, "192.0.2.13") is Problem.NOT_RECOGNISED
    assert not grant_in_force(ctx, grant, clock.now()), "closing the case ends the session too"
    with ctx.unit_of_work() as session:
        assert session.exec(select(CitizenAccess)).one().revoked_at is not None


def test_five_wrong_dates_lock_the_link_even_for_the_right_date_and_another_address(
    ctx: AppContext, clock: FixedClock, ole: dict[str, Any]
) -> None:
    _, token = opened_with_link(ctx, ole)
    for _ in range(TOKEN_LIMIT - 1):
        assert problem(ctx, token, "01-01-1980") is Problem.NOT_RECOGNISED
    assert problem(ctx, token, "01-01-1980") is Problem.LOCKED
    assert problem(ctx, token, OLE_BORN, "198.51.100.7") is Problem.LOCKED
    clock.set(clock.now() + timedelta(minutes=16))
    assert confirm_link(ctx, token, OLE_BORN, ADDRESS, clock.now())


def test_one_address_guessing_many_links_is_locked_out(ctx: AppContext) -> None:
    for n in range(ADDRESS_LIMIT - 1):
        assert problem(ctx, f"guess-{n:040d}", OLE_BORN) is Problem.NOT_RECOGNISED
    assert problem(ctx, "guess-last", OLE_BORN) is Problem.LOCKED
    assert problem(ctx, "guess-other", OLE_BORN, "198.51.100.8") is Problem.NOT_RECOGNISED


@pytest.mark.parametrize(
    ("typed", "expected"),
    [("03-04-1978", (1978, 4, 3)), ("3/4/1978", (1978, 4, 3)), ("31-02-1978", None), ("", None)],
)
def test_dates_of_birth_as_people_type_them(typed: str, expected: tuple[int, ...] | None) -> None:
    parsed = parse_birth_date(typed)
    assert (None if parsed is None else (parsed.year, parsed.month, parsed.day)) == expected
