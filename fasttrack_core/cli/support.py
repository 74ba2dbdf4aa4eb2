"""What every `fasttrack` command shares: time parsing, JSON in and out, refusals, the context."""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console

from fasttrack_core.bootstrap import build_context, prepare
from fasttrack_core.clock import SystemClock
from fasttrack_core.db import Context
from fasttrack_core.domain.calendar import COPENHAGEN
from fasttrack_core.domain.limits import OUT_OF_RANGE, day_in_range
from fasttrack_core.errors import Refused
from fasttrack_core.settings import Settings

err = Console(stderr=True)


def parse_moment(text: str | None) -> datetime:
    """An ISO date-time; without a time zone it is Danish local time. None means now."""
    if text is None:
        return SystemClock().now()
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        raise Refused(
            f"'{text}' er ikke et tidspunkt (brug fx 2026-03-24T09:30:00+01:00)."
        ) from None
    if not day_in_range(moment.date()):
        raise Refused(OUT_OF_RANGE)
    return moment if moment.tzinfo else moment.replace(tzinfo=COPENHAGEN)


def parse_day(text: str) -> date:
    try:
        day = date.fromisoformat(text)
    except ValueError:
        raise Refused(f"'{text}' er ikke en dato (brug fx 2026-07-01).") from None
    if not day_in_range(day):
        raise Refused(OUT_OF_RANGE)
    return day


def read_json(path: Path) -> Any:
    try:
        return json.loads(path.read_text("utf-8"))
    except FileNotFoundError:
        raise Refused(f"Filen {path} findes ikke.") from None
    except json.JSONDecodeError as exc:
        raise Refused(f"Filen {path} er ikke gyldig JSON (linje {exc.lineno}).") from None


def emit(payload: Any) -> None:
    typer.echo(json.dumps(payload, ensure_ascii=False, indent=2, default=str))


@contextmanager
def refusals_exit() -> Iterator[None]:
    """A refusal prints its Danish reasons on stderr and exits 2; nothing has been written."""
    try:
        yield
    except Refused as refused:
        for reason in refused.reasons:
            err.print(f"[bold red]Afvist:[/] {reason}", highlight=False)
        raise typer.Exit(2) from None


def acting(as_of: str | None) -> tuple[Context, datetime]:
    """A prepared context whose recorded time is the wall clock, and the business time."""
    settings = Settings()
    ctx = build_context(settings)
    prepare(ctx, settings)
    return ctx, parse_moment(as_of)


AsOf = Annotated[
    str | None,
    typer.Option("--as-of", help="Forretningstid (ISO-tidspunkt); standard: nu."),
]
