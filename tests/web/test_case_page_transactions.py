"""A case page view reads everything it shows, and logs that it was shown, in one transaction
(besides the one that checks who is signed in, which every page has)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from fastapi.testclient import TestClient
from sqlalchemy import event
from sqlalchemy.engine import Connection

from fasttrack_core.db import AppContext
from tests.web.conftest import OpenCase, sign_in


@contextmanager
def counted_transactions(ctx: AppContext) -> Iterator[list[Connection]]:
    """Every transaction begun on the context's engine while the block runs."""
    begun: list[Connection] = []

    def on_begin(connection: Connection) -> None:
        begun.append(connection)

    event.listen(ctx.engine, "begin", on_begin)
    try:
        yield begun
    finally:
        event.remove(ctx.engine, "begin", on_begin)


def transactions_of(client: TestClient, ctx: AppContext, path: str) -> int:
    with counted_transactions(ctx) as begun:
        assert client.get(path).status_code == 200
    return len(begun)


def test_a_case_page_view_is_one_transaction_besides_the_sign_in_check(
    client: TestClient, ole_case: OpenCase, ctx: AppContext
) -> None:
    sign_in(client, ole_case.owner)
    sign_in_check = transactions_of(client, ctx, "/om-fast-track")  # a page that only checks it
    case_page = transactions_of(client, ctx, f"/sager/{ole_case.reference}")
    assert (sign_in_check, case_page) == (1, 2)
