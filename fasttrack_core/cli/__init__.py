"""The `fasttrack` command line. Messages to users are Danish; `--json` output is JSON only."""

from __future__ import annotations

import asyncio
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from fasttrack_core.cli.absence import absence_app
from fasttrack_core.cli.access import apikey_app, user_app
from fasttrack_core.cli.audit import audit_app, audited
from fasttrack_core.cli.check import check
from fasttrack_core.cli.concern import concern_app
from fasttrack_core.cli.db import db_app
from fasttrack_core.cli.export import export_app
from fasttrack_core.cli.keys import keys_app
from fasttrack_core.cli.mail import exit_on_configuration_error, mail_app, outbox_app
from fasttrack_core.cli.moves import case_hand_back, case_take, case_transfer
from fasttrack_core.cli.printouts import print_case_list, print_case_view
from fasttrack_core.cli.report import report_app
from fasttrack_core.cli.retention import retention_app
from fasttrack_core.cli.rules import rules_app
from fasttrack_core.cli.support import (
    AsOf,
    acting,
    command_settings,
    emit,
    err,
    parse_day,
    parse_moment,
    read_json,
    reading,
    refusals_exit,
    resolve_settings,
)
from fasttrack_core.cli.up import up
from fasttrack_core.cli.web import serve
from fasttrack_core.cli.whatif import whatif
from fasttrack_core.clock import FixedClock
from fasttrack_core.domain.access import AuditAction
from fasttrack_core.domain.calendar import COPENHAGEN
from fasttrack_core.errors import Refused
from fasttrack_core.orchestration.announce import announce_request_received
from fasttrack_core.services.audit import Actor

if TYPE_CHECKING:
    from fasttrack_core.db import AppContext
    from fasttrack_core.simulation.delivery import SimulatedDelivery

app = typer.Typer(
    help="Fast track: sager, frister og påmindelser for jobcentre.",
    no_args_is_help=True,
)
config_app = typer.Typer(
    help="Jobcentre, konsulenter, arbejdspladser og vagtplan.", no_args_is_help=True
)
request_app = typer.Typer(help="Anmodninger om Fast track.", no_args_is_help=True)
case_app = typer.Typer(help="Sager.", no_args_is_help=True)
consultant_app = typer.Typer(help="Konsulenter.", no_args_is_help=True)
app.add_typer(db_app, name="db")
app.add_typer(config_app, name="config")
app.add_typer(request_app, name="request")
app.add_typer(case_app, name="case")
case_app.command("take")(case_take)
case_app.command("hand-back")(case_hand_back)
case_app.command("transfer")(case_transfer)
app.add_typer(consultant_app, name="consultant")
app.add_typer(outbox_app, name="outbox")
app.add_typer(mail_app, name="mail")
app.add_typer(report_app, name="report")
app.add_typer(user_app, name="user")
app.add_typer(apikey_app, name="apikey")
app.add_typer(keys_app, name="keys")
app.add_typer(audit_app, name="audit")
app.add_typer(retention_app, name="retention")
app.add_typer(rules_app, name="rules")
app.add_typer(absence_app, name="absence")
app.add_typer(concern_app, name="concern")
app.add_typer(export_app, name="export")
app.command("up")(up)
app.command("web")(serve)
app.command("check")(check)
app.command("whatif")(whatif)


@app.callback()
def main(ctx: typer.Context) -> None:
    """Fast track: sager, frister og påmindelser for jobcentre."""
    resolve_settings(ctx)


@config_app.command("load")
def config_load(file: Path, as_of: AsOf = None) -> None:
    """Indlæs en konfigurationsfil (TOML)."""
    from fasttrack_core.services.configuration import load_config

    with refusals_exit():
        ctx, now = acting(as_of)
        with ctx.unit_of_work() as session:
            summary = load_config(session, file.read_text("utf-8"), str(file), now)
    for warning in summary["warnings"]:
        err.print(f"[yellow]Advarsel:[/] {warning}", highlight=False)
    emit(summary)


@request_app.command("submit")
def request_submit(file: Path, as_of: AsOf = None) -> None:
    """Modtag en anmodning om Fast track (JSON)."""
    from fasttrack_core.schemas import RequestIn, parse
    from fasttrack_core.services.intake import submit_request

    with refusals_exit():
        ctx, now = acting(as_of)
        result = submit_request(ctx, parse(RequestIn, read_json(file)), as_of=now)
    audited(ctx, AuditAction.SUBMIT, result.reference, "ny sag" if result.created else "åben sag")
    if result.created:
        # Fire and forget: Prefect's intake flow publishes the case and sends its notices.
        announce_request_received(result.reference)
    emit(
        {
            "case": result.reference,
            "created": result.created,
            "status": result.status,
            "consultant_id": result.consultant_id,
        }
    )


@case_app.command("show")
def case_show(
    reference: str,
    as_json: Annotated[bool, typer.Option("--json", help="Som JSON.")] = False,
) -> None:
    """Vis en sag: status, konsulent, skridt med frister og tidslinje."""
    from fasttrack_core.services.queries import case_view

    with refusals_exit():
        ctx, _ = reading()
        view = case_view(ctx, reference)
    audited(ctx, AuditAction.VIEW, reference)
    if as_json:
        emit(view.to_json())
    else:
        print_case_view(view)


@case_app.command("list")
def case_list(
    status: Annotated[
        str, typer.Option("--status", help="Status (fx accepted); 'open' for alle åbne, '' alle.")
    ] = "open",
    consultant: Annotated[str, typer.Option("--consultant", help="Konsulentens e-mail.")] = "",
    overdue: Annotated[
        bool, typer.Option("--overdue", help="Kun sager med overskredne frister.")
    ] = False,
    municipality: Annotated[str, typer.Option("--municipality", help="Kommunekode.")] = "",
    limit: Annotated[int, typer.Option("--limit", help="Sager pr. side (1-200).")] = 50,
    page: Annotated[int, typer.Option("--page", help="Side (fra 1).")] = 1,
    as_json: Annotated[bool, typer.Option("--json", help="Som JSON.")] = False,
) -> None:
    """Find sager: nummer, status, konsulent og næste frist, filtreret og i sider."""
    from fasttrack_core.services.case_search import CaseFilter, Scope, find_cases, system_viewer

    wanted = CaseFilter(
        scope=Scope.CENTRE,
        status=status,
        consultant_email=consultant,
        overdue=overdue,
        municipality=municipality,
        page=page,
        page_size=limit,
    )
    with refusals_exit():
        ctx, now = reading()
        found = find_cases(ctx, system_viewer(), wanted, actor=Actor.command_line(), as_of=now)
    if as_json:
        emit([row.to_json() for row in found.rows])
    else:
        print_case_list(found)


@case_app.command("record")
def case_record(
    reference: str,
    kind: str,
    at: Annotated[str, typer.Option("--at", help="Hvornår det skete (ISO-tidspunkt).")],
    data: Annotated[Path | None, typer.Option("--data", help="Hændelsens data (JSON-fil).")] = None,
    as_of: AsOf = None,
) -> None:
    """Registrér en hændelse på en sag (fx followup_held, paused, corrected, reopened)."""
    from fasttrack_core.services.events import record

    with refusals_exit():
        ctx, now = acting(as_of)
        moment = parse_moment(at)
        event_data = read_json(data) if data else None
        result = record(
            ctx, reference, kind, moment, event_data, as_of=now, audit=Actor.command_line()
        )
    for warning in result.warnings:
        err.print(f"[yellow]Bemærk:[/] {warning}", highlight=False)
    emit(
        {
            "case": result.reference,
            "event": result.kind,
            "status": result.status,
            "duplicate": result.duplicate,
        }
    )


@case_app.command("export")
def case_export(
    reference: str,
    purpose: Annotated[
        str, typer.Option("--purpose", help="Formålet, fx 'borgerens anmodning om indsigt'.")
    ],
    out: Annotated[Path, typer.Option("--out", help="Filen, sagsakten skrives til.")],
    format: Annotated[str, typer.Option("--format", help="pdf eller json.")] = "pdf",
) -> None:
    """Sagsakten som dokument (PDF eller JSON): anmodningen, skridt, plan og tidslinje; til
    overdragelse eller indsigt (GDPR art. 15). Udleveringen logges med formålet."""
    from fasttrack_core.reporting.case_file import render
    from fasttrack_core.services.case_file import EXPORT_FORMATS, export_case_file

    with refusals_exit():
        chosen = EXPORT_FORMATS.get(format)
        if chosen is None:
            raise Refused(f"Formatet '{format}' kendes ikke (brug pdf eller json).")
        if not out.parent.is_dir():
            raise Refused(f"Mappen {out.parent} findes ikke.")
        ctx, now = reading()
        export = export_case_file(
            ctx, reference, actor=Actor.command_line(), as_of=now, purpose=purpose, format=chosen
        )
        content = render(export, chosen)
    out.write_bytes(content)
    err.print(f"Sagsakten for {export.view.reference} er skrevet til {out}.")


@consultant_app.command("absent")
def consultant_absent(
    email: str,
    starts_on: Annotated[str, typer.Option("--from", help="Første fraværsdag.")],
    ends_on: Annotated[str, typer.Option("--to", help="Sidste fraværsdag.")],
    as_of: AsOf = None,
) -> None:
    """Meld en konsulent fraværende; de åbne sager flyttes til en kollega."""
    from fasttrack_core.services.assignment import mark_absent

    with refusals_exit():
        ctx, now = acting(as_of)
        result = mark_absent(ctx, email, parse_day(starts_on), parse_day(ends_on), as_of=now)
    for reference in result.reassigned:
        audited(ctx, AuditAction.CHANGE, reference, "flyttet: konsulenten er fraværende")
    emit({"consultant": result.consultant, "reassigned": result.reassigned})


@app.command("sweep")
def sweep(as_of: AsOf = None) -> None:
    """Find skridt, der er forfaldne eller skal have påmindelse, og registrér det (JSON)."""
    from fasttrack_core.services.sweep import advance

    with refusals_exit():
        ctx, now = acting(as_of)
        summary = advance(ctx, as_of=now)
    emit(summary.as_dict())


@app.command("digest")
def digest(as_of: AsOf = None) -> None:
    """Læg ugens overblik i udbakken til hver konsulent med åbne frister (én gang pr. uge)."""
    from fasttrack_core.services.digest import queue_weekly_digests

    with refusals_exit():
        ctx, now = acting(as_of)
        queued = queue_weekly_digests(ctx, as_of=now)
    emit({"as_of": now.isoformat(), "digests": queued})


@mail_app.command("preview")
def mail_preview(
    kind: str,
    reference: Annotated[str, typer.Option("--case", help="Sagens nummer, fx FT-2026-000123.")],
    html: Annotated[bool, typer.Option("--html", help="Vis HTML-udgaven.")] = False,
) -> None:
    """Vis en e-mail for en sag, som den ser ud, uden at sende den."""
    from fasttrack_core.notify.preview import preview

    with refusals_exit():
        ctx, _ = reading()
        rendered = preview(ctx, kind, reference)
    audited(ctx, AuditAction.PREVIEW, reference, kind)
    typer.echo(f"Emne: {rendered.subject}\n")
    typer.echo(rendered.html if html else rendered.text)


@app.command("simulate")
def simulate(
    cases: Annotated[int, typer.Option("--cases", min=1, help="Antal sager.")] = 200,
    days: Annotated[int, typer.Option("--days", min=1, help="Antal simulerede dage.")] = 120,
    seed: Annotated[int, typer.Option("--seed", help="Startværdi for tilfældighed.")] = 1,
    start: Annotated[
        str, typer.Option("--start", help="Første simulerede dag (ISO-dato).")
    ] = "2026-01-05",
    as_json: Annotated[bool, typer.Option("--json", help="Resumé som JSON.")] = False,
    deliver: Annotated[
        bool,
        typer.Option(
            "--deliver",
            help="Send periodens e-mails og breve bagefter, på de simulerede tidspunkter.",
        ),
    ] = False,
) -> None:
    """Tidsrejse: kør genererede sager gennem simulerede dage i den konfigurerede database."""
    from fasttrack_core.cli.printouts import print_summary
    from fasttrack_core.simulation import run_simulation

    with refusals_exit():
        first_day = parse_day(start)
        clock = FixedClock(datetime.combine(first_day, datetime.min.time(), tzinfo=COPENHAGEN))
        ctx, _ = acting(None, clock)
        summary = run_simulation(ctx, cases=cases, days=days, seed=seed, show_progress=not as_json)
    delivery = _deliver_simulated(ctx, first_day + timedelta(days=days)) if deliver else None
    if as_json:
        emit(summary.as_dict() | ({"delivery": delivery.as_dict()} if delivery else {}))
    else:
        print_summary(summary)
        if delivery:
            sent = delivery.summary
            typer.echo(
                f"Afsendt: {sent.sent} e-mails og breve "
                f"(forsøges igen: {sent.retried}, fejlet: {sent.failed})."
            )
    if delivery:
        exit_on_configuration_error(delivery.summary)
        if delivery.relay_down_at is not None:
            err.print(
                "[bold red]SMTP-relæet tog ikke imod e-mails[/] (simuleret tidspunkt "
                f"{delivery.relay_down_at.isoformat()}); resten venter i udbakken. Start relæet "
                "(fx [bold]fasttrack mail catch[/]) eller ret FASTTRACK_SMTP_HOST og "
                "FASTTRACK_SMTP_PORT, og send resten med [bold]fasttrack outbox send[/].",
                highlight=False,
            )
            raise typer.Exit(2)


def _deliver_simulated(ctx: AppContext, end: date) -> SimulatedDelivery:
    """The real dispatcher over the simulated days before `end` (relay and letter folder as
    configured)."""
    from fasttrack_core.simulation.delivery import deliver_simulated

    until = datetime.combine(end, time(0), tzinfo=COPENHAGEN)
    return asyncio.run(deliver_simulated(ctx, command_settings(), until))
