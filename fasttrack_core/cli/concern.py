"""`fasttrack concern ...`: Fast track on concern (issue 16): raise one from a JSON file, record
its steps (contact, talk, agreed effort), close it, or make it a Fast track case."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from fasttrack_core.cli.support import AsOf, acting, emit, read_json, refusals_exit
from fasttrack_core.domain.vocabulary import EventKind
from fasttrack_core.errors import Refused

concern_app = typer.Typer(help="Fast track ved bekymring.", no_args_is_help=True)

STEP_NAMES = {
    "contacted": EventKind.CONCERN_CONTACTED,
    "talk_held": EventKind.CONCERN_TALK_HELD,
    "effort_agreed": EventKind.CONCERN_EFFORT_AGREED,
}
JsonFile = Annotated[Path, typer.Argument(help="JSON-fil.")]
Reference = Annotated[str, typer.Argument(help="Bekymringssagens nummer (FB-ÅÅÅÅ-NNNNNN).")]


@concern_app.command("raise")
def concern_raise(file: JsonFile, as_of: AsOf = None) -> None:
    """Opret en bekymringssag (eller find medarbejderens åbne); udskriver nummer og status."""
    from fasttrack_core.schemas import parse
    from fasttrack_core.services.audit import Actor
    from fasttrack_core.services.concern import ConcernIn, raise_concern

    with refusals_exit():
        ctx, now = acting(as_of)
        concern = parse(ConcernIn, read_json(file))
        result = raise_concern(ctx, concern, as_of=now, actor=Actor.command_line())
    emit({"reference": result.reference, "created": result.created, "status": result.status})


@concern_app.command("record")
def concern_record(
    reference: Reference,
    step: Annotated[str, typer.Argument(help="contacted, talk_held eller effort_agreed.")],
    note: Annotated[str | None, typer.Option("--note", help="En kort note.")] = None,
    as_of: AsOf = None,
) -> None:
    """Registrér et trin: kontakt, samtale eller aftalt indsats (i den rækkefølge)."""
    from fasttrack_core.services.audit import Actor
    from fasttrack_core.services.concern import record_concern_step

    with refusals_exit():
        if step not in STEP_NAMES:
            raise Refused(f"Ukendt trin '{step}': brug {', '.join(STEP_NAMES)}.")
        ctx, now = acting(as_of)
        status = record_concern_step(
            ctx,
            reference=reference,
            kind=STEP_NAMES[step],
            as_of=now,
            actor=Actor.command_line(),
            note=note,
        )
    emit({"reference": reference, "status": status})


@concern_app.command("close")
def concern_close(
    reference: Reference,
    outcome: Annotated[str, typer.Argument(help="resolved, no_need eller other.")],
    as_of: AsOf = None,
) -> None:
    """Afslut bekymringssagen uden Fast track."""
    from fasttrack_core.services.audit import Actor
    from fasttrack_core.services.concern import close_concern

    with refusals_exit():
        ctx, now = acting(as_of)
        close_concern(
            ctx, reference=reference, outcome=outcome, as_of=now, actor=Actor.command_line()
        )
    emit({"reference": reference, "status": "closed"})


@concern_app.command("convert")
def concern_convert(reference: Reference, file: JsonFile, as_of: AsOf = None) -> None:
    """Gør bekymringen til en Fast track-sag (første sygedag, over 8 uger, de tre spørgsmål)."""
    from fasttrack_core.schemas import parse
    from fasttrack_core.services.audit import Actor
    from fasttrack_core.services.concern import ConversionIn, convert_concern

    with refusals_exit():
        ctx, now = acting(as_of)
        conversion = parse(ConversionIn, read_json(file))
        result = convert_concern(
            ctx, reference=reference, conversion=conversion, as_of=now, actor=Actor.command_line()
        )
    emit({"concern": reference, "reference": result.reference, "created": result.created})
