"""Official context (issue 17 item 3): a Jobindsats table for sickness benefit that the user
downloaded as CSV (for example the average duration of completed spells), imported to be shown
beside the Fast track cohort's figures, always labelled as a different population: every
sickness benefit spell of the area, not the employees who asked for Fast track.

The file: one header line, then one line per area and period; a column whose heading names the
area ("Område"), one for the period ("Periode" or "Tid"), and one or more columns of figures, each
heading a measure. Semicolon or comma separated, UTF-8 (a byte-order mark is fine), decimal commas
or points, "." as thousands separator when a comma is the decimal mark; empty or "-" cells skipped.
A re-import of the same area, period and measure replaces the value.
"""

from __future__ import annotations

import csv
import hashlib
import io
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import delete, select
from sqlmodel import col

from fasttrack_core.db import AppContext
from fasttrack_core.errors import Refused
from fasttrack_core.models import OfficialFigure

SOURCE = "jobindsats"
AREA_HEADINGS = ("område", "omraade", "kommune", "area")
PERIOD_HEADINGS = ("periode", "tid", "period", "måned", "kvartal", "år")
MAX_ROWS = 50_000
POPULATION = (
    "Jobindsats: alle sygedagpengeforløb i området – en anden population end Fast track-sagerne, "
    "som kun er de sygemeldte, der bad om (eller blev tilbudt) en tidlig indsats."
)


@dataclass(frozen=True)
class Figure:
    area: str
    period: str
    measure: str
    value: float


def parse_table(text: str) -> list[Figure]:
    """The figures of a Jobindsats CSV; refused in Danish when it is not such a table."""
    text = text.lstrip("\ufeff")
    lines = [line for line in text.splitlines() if line.strip()]
    if len(lines) < 2:
        raise Refused("Filen har ingen tal: der skal være en overskriftslinje og mindst én række.")
    delimiter = ";" if lines[0].count(";") >= lines[0].count(",") else ","
    rows = list(csv.reader(io.StringIO("\n".join(lines)), delimiter=delimiter))
    headings = [h.strip() for h in rows[0]]
    area = _column(headings, AREA_HEADINGS, "området (fx «Område»)")
    period = _column(headings, PERIOD_HEADINGS, "perioden (fx «Periode»)")
    measures = [i for i in range(len(headings)) if i not in (area, period) and headings[i]]
    if not measures:
        raise Refused("Filen har ingen kolonne med tal ud over område og periode.")
    if len(rows) - 1 > MAX_ROWS:
        raise Refused(f"Filen har over {MAX_ROWS} rækker; vælg færre områder eller perioder.")
    figures = []
    for number, row in enumerate(rows[1:], start=2):
        if len(row) != len(headings):
            raise Refused(f"Linje {number} har {len(row)} felter, overskriften {len(headings)}.")
        for index in measures:
            value = _number(row[index], delimiter)
            if value is None:
                continue
            figures.append(Figure(row[area].strip(), row[period].strip(), headings[index], value))
    if not figures:
        raise Refused("Filen har ingen tal i kolonnerne ud over område og periode.")
    return figures


def _column(headings: list[str], names: tuple[str, ...], what: str) -> int:
    for index, heading in enumerate(headings):
        if heading.lower() in names:
            return index
    raise Refused(f"Filen mangler en kolonne for {what}. Kolonnerne er: {', '.join(headings)}.")


def _number(cell: str, delimiter: str) -> float | None:
    text = cell.strip().replace("\u00a0", "").replace(" ", "")
    if text in ("", "-", ".."):
        return None
    if delimiter == ";" or ("," in text and "." not in text):
        text = text.replace(".", "").replace(",", ".")
    try:
        return float(text)
    except ValueError:
        raise Refused(f"«{cell}» er ikke et tal.") from None


def import_table(ctx: AppContext, text: str, *, as_of: datetime) -> int:
    """Store the table's figures (replacing earlier ones for the same area, period and measure);
    returns how many."""
    figures = parse_table(text)
    digest = hashlib.sha256(text.encode()).hexdigest()
    with ctx.unit_of_work() as session:
        for figure in figures:
            session.execute(
                delete(OfficialFigure).where(
                    col(OfficialFigure.source) == SOURCE,
                    col(OfficialFigure.area) == figure.area,
                    col(OfficialFigure.period) == figure.period,
                    col(OfficialFigure.measure) == figure.measure,
                )
            )
            session.add(OfficialFigure(source=SOURCE, area=figure.area, period=figure.period,
                                       measure=figure.measure, value=figure.value,
                                       imported_at=as_of, file_sha256=digest))  # fmt: skip
        session.commit()
    return len(figures)


def official_figures(ctx: AppContext, area: str | None) -> list[Figure]:
    """The imported figures of an area (a job centre's municipality name, or all areas), newest
    period first."""
    with ctx.unit_of_work() as session:
        statement = select(OfficialFigure).where(col(OfficialFigure.source) == SOURCE)
        if area is not None:
            statement = statement.where(col(OfficialFigure.area) == area)
        rows = session.execute(statement).scalars().all()
        return sorted(
            (Figure(r.area, r.period, r.measure, r.value) for r in rows),
            key=lambda f: (f.area, f.measure, f.period),
            reverse=False,
        )
