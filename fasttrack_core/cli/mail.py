"""`fasttrack outbox ...` (the dispatcher) and `fasttrack mail ...` (the embedded mail catcher)."""

from __future__ import annotations

import asyncio
import threading
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console
from rich.table import Table

from fasttrack_core.cli.support import (
    AsOf,
    acting,
    command_settings,
    emit,
    err,
    reading,
    refusals_exit,
)
from fasttrack_core.errors import Refused

if TYPE_CHECKING:
    from fasttrack_core.notify.dispatcher import DeliverySummary

outbox_app = typer.Typer(help="Udbakken: udgående e-mails.", no_args_is_help=True)
mail_app = typer.Typer(
    help="Den indbyggede mailfanger: e-mails, systemet har sendt lokalt.", no_args_is_help=True
)

AsJson = Annotated[bool, typer.Option("--json", help="Som JSON.")]


@outbox_app.command("send")
def outbox_send(as_of: AsOf = None) -> None:
    """Send de e-mails, der venter og er forfaldne; prøv midlertidige fejl igen senere (JSON)."""
    from fasttrack_core.notify.dispatcher import deliver_due

    with refusals_exit():
        ctx, now = acting(as_of)
        summary = asyncio.run(deliver_due(ctx, command_settings(), now))
    emit(summary.as_dict())
    exit_on_configuration_error(summary)


def exit_on_configuration_error(summary: DeliverySummary) -> None:
    """Exit 2 naming what to change when a configuration error held the messages."""
    if summary.configuration_error is not None:
        err.print(
            f"[bold red]Konfigurationsfejl:[/] {summary.configuration_error} "
            f"{summary.held} e-mail(s) venter og sendes ved næste kørsel efter rettelsen.",
            highlight=False,
        )
        raise typer.Exit(2)


@outbox_app.command("list")
def outbox_list(
    status: Annotated[
        str | None,
        typer.Option(
            "--status", help="Kun e-mails med denne status: pending, held, sent eller failed."
        ),
    ] = None,
    as_json: AsJson = False,
) -> None:
    """Vis udbakkens e-mails, nyeste først."""
    from fasttrack_core.notify.dispatcher import STATUSES, list_messages

    with refusals_exit():
        if status is not None and status not in STATUSES:
            raise Refused(f"Ukendt status '{status}' (brug {', '.join(STATUSES)}).")
        ctx, _ = reading()
        messages = list_messages(ctx, status)
    if as_json:
        emit(messages)
        return
    if not messages:
        err.print("Udbakken har ingen e-mails" + (f" med status {status}." if status else "."))
        return
    table = Table("Id", "Type", "Sag", "Status", "Forsøg", "Næste forsøg", "Emne", "Fejl")
    for message in messages:
        table.add_row(
            str(message["id"]),
            message["kind"],
            message["reference"] or "",
            message["status"],
            str(message["attempts"]),
            message["next_attempt_at"] if message["status"] == "pending" else "",
            message["subject"],
            message["last_error"] or "",
        )
    Console().print(table)


@mail_app.command("catch")
def mail_catch(
    host: Annotated[str, typer.Option("--host", help="Adressen, der lyttes på.")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", help="Porten, der lyttes på.")] = 2525,
) -> None:
    """Modtag e-mails lokalt og gem hver som en .eml-fil (stop med Ctrl-C)."""
    from fasttrack_core.embedded.mail_catcher import start_catcher

    directory = command_settings().mail_dir.resolve()
    try:
        controller = start_catcher(directory, host, port)
    except OSError as exc:
        err.print(f"[bold red]Afvist:[/] Kan ikke lytte på {host}:{port} ({exc.strerror}).")
        raise typer.Exit(2) from None
    err.print(
        f"Mailfangeren modtager e-mails på {host}:{port} og gemmer dem i {directory}.\n"
        "Se dem med `fasttrack mail list` og `fasttrack mail show ID`. Stop med Ctrl-C.",
        highlight=False,
        soft_wrap=True,  # a path cut in two cannot be copied
    )
    try:
        threading.Event().wait()
    except KeyboardInterrupt:
        pass
    finally:
        controller.stop()
    err.print("Mailfangeren er stoppet.")


@mail_app.command("list")
def mail_list(as_json: AsJson = False) -> None:
    """Vis de e-mails, mailfangeren har modtaget."""
    from fasttrack_core.embedded.mail_catcher import list_caught

    directory = command_settings().mail_dir
    caught = list_caught(directory)
    if as_json:
        emit(caught)
        return
    if not caught:
        err.print(f"Mailfangeren har ingen e-mails i {directory.resolve()}.", soft_wrap=True)
        return
    table = Table("Id", "Dato", "Fra", "Til", "Emne")
    for message in caught:
        table.add_row(
            message["id"], message["date"], message["from"], message["to"], message["subject"]
        )
    Console().print(table)


@mail_app.command("show")
def mail_show(
    message_id: Annotated[str, typer.Argument(metavar="ID", help="E-mailens id (fx 0001).")],
    raw: Annotated[bool, typer.Option("--raw", help="Hele kilden, som den blev modtaget.")] = False,
) -> None:
    """Vis en modtaget e-mail: afsender, modtagere, emne, tekst og vedhæftede filer."""
    from fasttrack_core.embedded.mail_catcher import (
        CaughtMailNotFound,
        describe_caught,
        read_caught,
    )

    directory = command_settings().mail_dir
    with refusals_exit():
        try:
            text = (read_caught if raw else describe_caught)(directory, message_id)
        except CaughtMailNotFound:
            raise Refused(
                f"Mailfangeren har ingen e-mail med id {message_id} i {directory.resolve()}."
            ) from None
    typer.echo(text, nl=False)
