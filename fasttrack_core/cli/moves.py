"""`fasttrack case take`, `case hand-back` and `case transfer` (issue 14, items 2 and 6): the
queue's moves and the transfer when the employee moves, as on the case page."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from fasttrack_core.cli.support import AsOf, acting, emit, refusals_exit
from fasttrack_core.services.audit import Actor

AsConsultant = Annotated[str, typer.Option("--as", help="Konsulentens e-mail.")]


def case_take(
    reference: str,
    consultant: AsConsultant,
    reason: Annotated[str, typer.Option("--reason", help="Begrundelse (valgfri).")] = "",
    as_of: AsOf = None,
) -> None:
    """Lad en konsulent overtage en åben sag (hændelsen taken_over); konsulenten får en e-mail."""
    from fasttrack_core.services.queue import take_over

    with refusals_exit():
        ctx, now = acting(as_of)
        take_over(
            ctx,
            reference,
            consultant_email=consultant,
            reason=reason,
            actor=Actor.command_line(),
            as_of=now,
        )
    emit({"case": reference.strip().upper(), "event": "taken_over", "consultant": consultant})


def case_hand_back(
    reference: str,
    consultant: AsConsultant,
    reason: Annotated[str, typer.Option("--reason", help="Begrundelse.")],
    as_of: AsOf = None,
) -> None:
    """Læg en sag tilbage i teamets kø med en begrundelse (hændelsen handed_back)."""
    from fasttrack_core.services.queue import hand_back

    with refusals_exit():
        ctx, now = acting(as_of)
        hand_back(
            ctx,
            reference,
            consultant_email=consultant,
            reason=reason,
            actor=Actor.command_line(),
            as_of=now,
        )
    emit({"case": reference.strip().upper(), "event": "handed_back"})


def case_transfer(
    reference: str,
    to: Annotated[str, typer.Option("--to", help="Kommunekoden, medarbejderen er flyttet til.")],
    out: Annotated[
        Path | None, typer.Option("--out", help="Hvor sagsakten gemmes (JSON), hvis den skal ud.")
    ] = None,
    as_of: AsOf = None,
) -> None:
    """Flyt en sag med medarbejderen: til et jobcenter i løsningen, eller eksportér sagsakten
    og afslut sagen som overdraget."""
    from fasttrack_core.services.transfer import transfer

    with refusals_exit():
        ctx, now = acting(as_of)
        result = transfer(ctx, reference, to_municipality=to, actor=Actor.command_line(), as_of=now)
    written = None
    if result.case_file is not None:
        target = out or Path(f"{result.reference}-sagsakt.json")
        target.write_text(json.dumps(result.case_file, ensure_ascii=False, indent=2), "utf-8")
        target.chmod(0o600)  # health data: readable by its owner only
        written = str(target)
    emit(
        {
            "case": result.reference,
            "to_municipality": result.to_municipality,
            "job_centre": result.job_centre,
            "consultant": result.consultant,
            "closed": result.case_file is not None,
            "case_file": written,
        }
    )
