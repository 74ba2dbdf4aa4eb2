"""The steering group's report (issue 5's document) for the user's municipality (an admin: every
job centre): `/rapporter` picks the period (the previous month unless chosen), and the report
itself opens as HTML (`/rapporter/rapport`) or downloads as PDF (`/rapporter/rapport.pdf`), both
with `?fra=DD-MM-ÅÅÅÅ&til=DD-MM-ÅÅÅÅ` (ISO dates are read too). A prepared what-if scenario runs
from there too
(`/rapporter/hvad-hvis?scenarie=NAVN`, issue 17): the simulator twice on the user's job centre,
one at a time per process (a second answers 429 while one runs).

Counts only, no case data: not an export in the audit log's sense."""

from __future__ import annotations

import threading
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, Response
from starlette.concurrency import run_in_threadpool

from fasttrack_core.domain.access import Role
from fasttrack_core.domain.calendar import local_date
from fasttrack_core.domain.municipalities import MUNICIPALITIES
from fasttrack_core.errors import Refused
from fasttrack_core.models import User
from fasttrack_core.reporting.document import render_html, render_pdf
from fasttrack_core.reporting.figures import steering_figures
from fasttrack_core.reporting.periods import Period, Scope, previous_month
from fasttrack_core.reporting.whatif_page import render_whatif
from fasttrack_core.services.users import municipality_of
from fasttrack_core.simulation.whatif import Run, prepared_scenarios, run_whatif
from fasttrack_core.web.content_policy import document_response
from fasttrack_core.web.danish_dates import day_text, parse_day
from fasttrack_core.web.security import context_of, require
from fasttrack_core.web.templating import page

WHATIF_CASES, WHATIF_DAYS = 1000, 365  # a year of a job centre, answered while one waits
_ONE_WHATIF = threading.Lock()

router = APIRouter(include_in_schema=False)
Reader = Annotated[User, Depends(require(Role.STEERING, Role.TEAM_LEAD, Role.ADMIN))]
PERIOD_HELP = "Angiv perioden som to datoer (dd-mm-åååå), hvor den første ikke er efter den sidste."


def _period(request: Request, first: str, last: str) -> Period:
    """The chosen period, or the month before today's month when none is chosen."""
    if not (first or last):
        return previous_month(local_date(context_of(request).clock.now()))
    try:
        return Period.checked(parse_day(first), parse_day(last))
    except ValueError:
        raise Refused(PERIOD_HELP) from None


@router.get("/rapporter")
def choose(request: Request, user: Reader, fra: str = "", til: str = "") -> Response:
    try:
        period, error = _period(request, fra, til), None
    except Refused as refused:
        period, error = previous_month(local_date(context_of(request).clock.now())), refused
    return page(
        request,
        "reports.html",
        {
            "first": fra if error else day_text(period.first),
            "last": til if error else day_text(period.last),
            "period": period,
            "error": " ".join(error.reasons) if error else None,
            "scope": _scope_name(municipality_of(context_of(request), user)),
            "scenarios": prepared_scenarios(),
        },
        status_code=422 if error else 200,
    )


def _scope_name(municipality: str | None) -> str:
    return f"Jobcenter {MUNICIPALITIES[municipality]}" if municipality else "Alle jobcentre"


def _html(request: Request, user: User, first: str, last: str) -> str:
    ctx = context_of(request)
    figures = steering_figures(
        ctx, _period(request, first, last), Scope(municipality=municipality_of(ctx, user))
    )
    return render_html(figures, ctx.clock.now())


@router.get("/rapporter/rapport")
def report_html(request: Request, user: Reader, fra: str = "", til: str = "") -> Response:
    return document_response(_html(request, user, fra, til))


@router.get("/rapporter/rapport.pdf")
async def report_pdf(request: Request, user: Reader, fra: str = "", til: str = "") -> Response:
    html = await run_in_threadpool(_html, request, user, fra, til)
    pdf = await run_in_threadpool(render_pdf, html)
    return Response(
        pdf,
        media_type="application/pdf",
        headers={"Content-Disposition": 'attachment; filename="styringsrapport.pdf"'},
    )


@router.get("/rapporter/hvad-hvis")
async def whatif(request: Request, user: Reader, scenarie: str = "") -> Response:
    """A prepared scenario against today's configuration, for the user's job centre (an admin
    without one: every job centre), over a year from today."""
    scenario = prepared_scenarios().get(scenarie)
    if scenario is None:
        raise Refused("Vælg et af de forberedte scenarier.")
    if not _ONE_WHATIF.acquire(blocking=False):
        return HTMLResponse(
            "<p>En anden beregning kører lige nu. Prøv igen om et minut.</p>",
            status_code=429,
            headers={"Retry-After": "60"},
        )
    try:
        html = await run_in_threadpool(_whatif_page, request, user, scenario)
    finally:
        _ONE_WHATIF.release()
    return document_response(html)


def _whatif_page(request: Request, user: User, scenario: Any) -> bytes:
    ctx = context_of(request)
    now = ctx.clock.now()
    run = Run(WHATIF_CASES, WHATIF_DAYS, 1, local_date(now), municipality_of(ctx, user))
    return render_whatif(run_whatif(ctx, scenario, run), "html", now)
