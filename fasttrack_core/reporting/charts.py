"""The report's charts as inline SVG: matplotlib's Figure API (never pyplot, so no GUI backend),
text kept as text, so the HTML stays one file and the PDF stays searchable. Counts and
pseudonymous labels only: no personal data."""

from __future__ import annotations

import io
import itertools
import re
from collections.abc import Sequence
from datetime import date

import matplotlib
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

from fasttrack_core.reporting.kpi_queries import Measurement
from fasttrack_core.reporting.kpis import FOLLOWUP_DAYS
from fasttrack_core.reporting.labels import CHANNEL_LABELS, OUTCOME_NAMES, STAGE_NAMES
from fasttrack_core.reporting.timeliness import BUCKETS, DEADLINES

matplotlib.rcParams.update(
    {
        "svg.fonttype": "none",  # text as <text>, found by a PDF text search
        "svg.hashsalt": "fasttrack",  # the same ids on every render
        "font.family": "DejaVu Sans",
        "font.size": 9,
        "axes.spines.top": False,
        "axes.spines.right": False,
        "axes.titlesize": 10,
    }
)
BLUE, RED, GREY = "#2b6cb0", "#c53030", "#718096"
CHANNEL_COLOURS = ("#2b6cb0", "#38a169", "#d69e2e", "#805ad5", "#dd6b20")
WIDTH = 6.6  # inches: the text width of an A4 page


def _svg(figure: Figure) -> str:
    buffer = io.StringIO()
    figure.savefig(buffer, format="svg", bbox_inches="tight", metadata={"Date": None})
    text = buffer.getvalue()
    # Several charts share one HTML page: each gets its own ids (matplotlib numbers them alike).
    prefix = f"c{next(_charts)}-"
    svg = _IDS.sub(lambda match: match.group(1) + prefix, text[text.index("<svg") :])
    return _presentation_attributes(svg)


_charts = itertools.count(1)
_IDS = re.compile(r'(\bid="|xlink:href="#|url\(#)')
_SHEET = re.compile(r"\s*<style[^>]*>\*\{([^}]*)\}</style>")
_STYLE = re.compile(r' style="([^"]*)"')


def _declarations(css: str) -> dict[str, str]:
    pairs = (declaration.partition(":") for declaration in css.split(";") if declaration.strip())
    return {name.strip(): value.strip() for name, _, value in pairs}


def _attributes(declarations: dict[str, str]) -> str:
    return "".join(f' {name}="{value}"' for name, value in declarations.items())


def _presentation_attributes(svg: str) -> str:
    """Matplotlib's inline CSS as SVG presentation attributes, which a page's
    Content-Security-Policy does not block (style attributes and <style> elements it does). Its
    one rule for every element (`*{stroke-linejoin: round; ...}`) goes on the root, whence it is
    inherited, and under each element's own declarations, which win over it as before."""
    sheet = _SHEET.search(svg)
    every = _declarations(sheet.group(1)) if sheet else {}
    svg = _SHEET.sub("", svg, count=1)
    svg = _STYLE.sub(lambda match: _attributes(every | _declarations(match.group(1))), svg)
    return svg.replace("<svg ", f"<svg{_attributes(every)} ", 1)


def _empty(figure: Figure, message: str = "Ingen sager i perioden") -> str:
    axes = figure.add_subplot()
    axes.axis("off")
    axes.text(0.5, 0.5, message, ha="center", va="center", color=GREY)
    return _svg(figure)


def requests_per_week(found: Measurement) -> str:
    """Stacked bars: requests per week (by the week's Monday), one colour per channel."""
    figure = Figure(figsize=(WIDTH, 2.4))
    weeks = list(found.requests_per_week)
    if not any(found.requests_per_week.values()):
        return _empty(figure)
    axes = figure.add_subplot()
    positions = range(len(weeks))
    bottom = [0] * len(weeks)
    for (channel, label), colour in zip(CHANNEL_LABELS.items(), CHANNEL_COLOURS, strict=True):
        heights = [found.requests_per_week[week].get(channel, 0) for week in weeks]
        if any(heights):
            axes.bar(positions, heights, bottom=bottom, color=colour, label=label, width=0.7)
            bottom = [b + h for b, h in zip(bottom, heights, strict=True)]
    axes.set_xticks(list(positions), [_week_label(week) for week in weeks])
    _thin_ticks(axes, len(weeks))
    axes.set_ylabel("Anmodninger")
    axes.yaxis.set_major_locator(MaxNLocator(integer=True))
    axes.legend(frameon=False, ncols=5, loc="upper center", bbox_to_anchor=(0.5, -0.22))
    return _svg(figure)


def _week_label(monday: str) -> str:
    return f"uge {date.fromisoformat(monday).isocalendar().week}"


def _thin_ticks(axes: object, count: int) -> None:
    """Keep about 13 week labels, so a year stays readable."""
    step = max(1, -(-count // 13))
    for index, label in enumerate(axes.get_xticklabels()):  # type: ignore[attr-defined]
        label.set_visible(index % step == 0)


def followup_days(found: Measurement) -> str:
    """Days from request to first talk, bars past the 14-day line in red."""
    figure = Figure(figsize=(WIDTH, 2.3))
    days = found.first_followup_days
    if not days:
        return _empty(figure, "Ingen første samtaler i perioden")
    axes = figure.add_subplot()
    span = range(0, max(max(days), FOLLOWUP_DAYS + 2) + 1)
    colours = [BLUE if day <= FOLLOWUP_DAYS else RED for day in span]
    axes.bar(list(span), [days.get(day, 0) for day in span], color=colours, width=0.8)
    axes.axvline(FOLLOWUP_DAYS + 0.5, color=RED, linestyle="--", linewidth=1)
    axes.text(
        FOLLOWUP_DAYS + 0.7, axes.get_ylim()[1] * 0.92, f"frist: dag {FOLLOWUP_DAYS}", color=RED
    )
    axes.xaxis.set_major_locator(MaxNLocator(integer=True))
    axes.set_xlabel("Dage fra anmodning til første samtale")
    axes.set_ylabel("Samtaler")
    axes.yaxis.set_major_locator(MaxNLocator(integer=True))
    return _svg(figure)


def _horizontal(labels: Sequence[str], values: Sequence[float], colours: Sequence[str]) -> str:
    figure = Figure(figsize=(WIDTH, 0.35 * len(labels) + 0.6))
    axes = figure.add_subplot()
    positions = list(range(len(labels)))
    axes.barh(positions, values, color=list(colours), height=0.6)
    axes.set_yticks(positions, list(labels))
    axes.invert_yaxis()
    axes.xaxis.set_major_locator(MaxNLocator(integer=True))
    for position, value in zip(positions, values, strict=True):
        axes.text(value, position, f" {value:g}", va="center")
    return _svg(figure)


def outcomes(found: Measurement) -> str:
    if not found.outcomes:
        return _empty(Figure(figsize=(WIDTH, 1.0)), "Ingen sager afsluttet i perioden")
    labels = [OUTCOME_NAMES.get(outcome, outcome) for outcome in found.outcomes]
    counts = [int(row["cases"] or 0) for row in found.outcomes.values()]
    return _horizontal(labels, counts, [BLUE] * len(counts))


def open_by_stage(found: Measurement) -> str:
    if not found.open_by_stage:
        return _empty(Figure(figsize=(WIDTH, 1.0)), "Ingen åbne sager ved periodens slut")
    labels = [STAGE_NAMES.get(stage, stage) for stage in found.open_by_stage]
    counts = list(found.open_by_stage.values())
    return _horizontal(labels, counts, [BLUE] * len(counts))


def caseload(found: Measurement) -> str:
    """Open cases per consultant (pseudonymous labels), capacity as a black mark; red when over."""
    rows = found.caseload
    if not rows:
        return _empty(Figure(figsize=(WIDTH, 1.0)), "Ingen konsulenter i afgrænsningen")
    figure = Figure(figsize=(WIDTH, 0.2 * len(rows) + 0.8))
    axes = figure.add_subplot()
    positions = list(range(len(rows)))
    loads = [row["open"] for row in rows]
    axes.barh(
        positions,
        loads,
        height=0.6,
        color=[RED if row["open"] > row["capacity"] else BLUE for row in rows],
        label="Åbne sager",
    )
    axes.scatter(
        [row["capacity"] for row in rows],
        positions,
        marker="|",
        s=200,
        color="black",
        label="Kapacitet",
    )
    axes.set_yticks(positions, [row["label"] for row in rows])
    axes.invert_yaxis()
    axes.legend(frameon=False, ncols=2, loc="lower center", bbox_to_anchor=(0.5, 1.0))
    return _svg(figure)


BUCKET_COLOURS = ("#38a169", "#d69e2e", "#dd6b20", "#c53030")


def timeliness(found: Measurement) -> str:
    """Per deadline, the steps due in the period: on time, then by how late (stacked shares)."""
    tallies = [(d, found.timeliness.by_deadline.get(d.key)) for d in DEADLINES]
    shown = [(d, t) for d, t in tallies if t is not None and t.judged]
    if not shown:
        return _empty(Figure(figsize=(WIDTH, 1.0)), "Ingen frister i perioden")
    figure = Figure(figsize=(WIDTH, 0.42 * len(shown) + 1.0))
    axes = figure.add_subplot()
    positions = list(range(len(shown)))
    left = [0.0] * len(shown)
    for (key, label, _), colour in zip(BUCKETS, BUCKET_COLOURS, strict=True):
        widths = [100 * t.buckets[key] / t.judged for _, t in shown]
        axes.barh(positions, widths, left=left, color=colour, label=label, height=0.6)
        for position, start, width in zip(positions, left, widths, strict=True):
            if width >= 8:
                axes.text(start + width / 2, position, f"{width:.0f} %", ha="center",
                          va="center", color="white", fontsize=8)  # fmt: skip
        left = [a + b for a, b in zip(left, widths, strict=True)]
    axes.set_yticks(positions, [f"{d.label} (n={t.judged})" for d, t in shown])
    axes.invert_yaxis()
    axes.set_xlim(0, 100)
    axes.set_xlabel("Andel af trin med frist i perioden (%)")
    axes.legend(frameon=False, ncols=4, loc="upper center", bbox_to_anchor=(0.5, -0.28))
    return _svg(figure)
