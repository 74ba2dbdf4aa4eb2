"""The absence inbox (issue 16): every CSV file in a folder imported in name order, then moved
to `processed/`, or, when refused, to `refused/` with its Danish reasons beside it in
`NAME.afvist.txt`. A file is moved only after its import committed (or was refused), so a crash
leaves it where it was, and importing it again changes nothing (the file's hash)."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import datetime
from pathlib import Path

from fasttrack_core.db import AppContext
from fasttrack_core.errors import Refused
from fasttrack_core.services.absence_alerts import import_absence_file
from fasttrack_core.services.audit import Actor

INBOX_ACTOR = Actor("system:fraværsindbakke")
PROCESSED = "processed"
REFUSED = "refused"


@dataclass(frozen=True)
class InboxResult:
    files: int
    imported: int
    alerts: int
    refused: int

    def as_dict(self) -> dict[str, int]:
        return asdict(self)


def import_inbox(ctx: AppContext, *, folder: Path, as_of: datetime) -> InboxResult:
    """Import each waiting file at business time `as_of` and move it out of the way."""
    if not folder.is_dir():
        return InboxResult(0, 0, 0, 0)
    imported = alerts = refused = 0
    files = sorted(path for path in folder.glob("*.csv") if path.is_file())
    stamp = as_of.strftime("%Y%m%dT%H%M%S")
    for path in files:
        try:
            result = import_absence_file(
                ctx, content=path.read_bytes(), file_name=path.name, as_of=as_of, actor=INBOX_ACTOR
            )
        except Refused as refusal:
            refused += 1
            target = _move(path, folder / REFUSED, stamp)
            reasons = "\n".join(refusal.reasons)
            target.with_name(target.name + ".afvist.txt").write_text(reasons + "\n", "utf-8")
            continue
        imported += result.imported
        alerts += result.alerts
        _move(path, folder / PROCESSED, stamp)
    return InboxResult(len(files), imported, alerts, refused)


def _move(path: Path, to: Path, stamp: str) -> Path:
    to.mkdir(exist_ok=True)
    target = to / f"{stamp}-{path.name}"
    path.replace(target)
    return target
