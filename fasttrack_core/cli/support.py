"""What every `fasttrack` command shares: time parsing, JSON in and out, refusals, the settings
(read once per command) and the context built from them."""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import date, datetime
from pathlib import Path
from typing import Annotated, Any

import typer
from pydantic import ValidationError
from rich.console import Console

from fasttrack_core.bootstrap import build_context
from fasttrack_core.clock import Clock, SystemClock
from fasttrack_core.db import AppContext
from fasttrack_core.domain.calendar import COPENHAGEN
from fasttrack_core.domain.limits import OUT_OF_RANGE, day_in_range
from fasttrack_core.errors import Refused
from fasttrack_core.keyring import verify_data_key
from fasttrack_core.log_setup import configure_logging
from fasttrack_core.migrations import require_current_schema
from fasttrack_core.services.setup import prepare
from fasttrack_core.settings import Settings, load_settings

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


_settings: ContextVar[Settings] = ContextVar("fasttrack_command_settings")


def resolve_settings(ctx: typer.Context) -> None:
    """The root callback's part: read the settings once for this invocation and configure
    logging from them; every command then finds them with `command_settings()`. A setting
    that is not valid is named at once (exit 2), before any command runs."""
    try:
        settings = load_settings()
    except ValidationError as exc:
        for error in exc.errors():
            name = "FASTTRACK_" + "_".join(str(part) for part in error["loc"]).upper()
            err.print(f"[bold red]Indstilling:[/] {name} er ugyldig ({error['msg']}).")
        raise typer.Exit(2) from None
    token = _settings.set(settings)
    ctx.call_on_close(lambda: _settings.reset(token))
    configure_logging(settings.log_level)


def command_settings() -> Settings:
    """The settings the root callback resolved for this invocation."""
    try:
        return _settings.get()
    except LookupError:
        raise RuntimeError("the command runs without the `fasttrack` root callback") from None


def acting(as_of: str | None, clock: Clock | None = None) -> tuple[AppContext, datetime]:
    """For a command that acts: a prepared context (schema migrated, something configured)
    whose recorded time is `clock` (the wall clock unless given), and the business time."""
    settings = command_settings()
    ctx = build_context(settings, clock)
    prepare(ctx, settings)
    return ctx, parse_moment(as_of)


def reading() -> tuple[AppContext, datetime]:
    """For a command that only reads: a context on a database that already has the newest
    schema (refused otherwise: it migrates nothing), and now."""
    ctx = build_context(command_settings())
    require_current_schema(ctx.engine)
    verify_data_key(ctx)
    return ctx, ctx.clock.now()


AsOf = Annotated[
    str | None,
    typer.Option("--as-of", help="Forretningstid (ISO-tidspunkt); standard: nu."),
]
