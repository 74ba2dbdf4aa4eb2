"""Find any case (`/sager`, issue 14): my cases, or my job centre's, filtered, sorted and paged;
a search by reference or name (in the address, for paging) or by CPR number (posted, never in
an address, with the purpose the user states). Every showing is audited (services.case_search).
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import FormData, ImmutableMultiDict

from fasttrack_core.domain.access import Role
from fasttrack_core.domain.vocabulary import STATUS_LABELS, STEP_LABELS
from fasttrack_core.errors import Refused
from fasttrack_core.models import User
from fasttrack_core.services.case_search import (
    OPEN,
    CaseFilter,
    CasePage,
    Scope,
    Sort,
    Viewer,
    find_cases,
    looks_like_cpr,
)
from fasttrack_core.services.workload import Paging, colleagues
from fasttrack_core.web.danish_dates import DAY_ERROR, parse_day
from fasttrack_core.web.paging import PAGE_PARAM, page_asked
from fasttrack_core.web.security import actor_of, check_csrf, context_of, require
from fasttrack_core.web.templating import page

router = APIRouter(include_in_schema=False)

LIST_PATH = "/sager"
Searcher = Annotated[User, Depends(require(Role.CONSULTANT, Role.TEAM_LEAD, Role.ADMIN))]

SCOPE_LABELS = {Scope.MINE: "Mine sager", Scope.CENTRE: "Hele jobcentret"}
SORT_LABELS = {
    Sort.NEXT_DUE: "Næste frist",
    Sort.REQUESTED: "Nyeste anmodning",
    Sort.REFERENCE: "Sagsnummer",
    Sort.NAME: "Navn",
}
# The address's parameters (Danish), by the filter's field.
PARAMS = {
    "scope": "omfang",
    "status": "status",
    "step": "trin",
    "overdue": "overskredet",
    "consultant_id": "konsulent",
    "workplace": "arbejdsplads",
    "requested_from": "fra",
    "requested_to": "til",
    "text": "q",
    "sort": "sorter",
    "page": PAGE_PARAM,
}
CPR_IN_ADDRESS = (
    "Søg på CPR-nummer i søgefeltet, og angiv formålet: et CPR-nummer må ikke stå i adressen."
)


def viewer_of(user: User) -> Viewer:
    return Viewer(Role(user.role), user.email, user.job_centre_id, user.system_admin)


def _text(values: ImmutableMultiDict[str, Any], name: str) -> str:
    value = values.get(PARAMS.get(name, name), "")
    return value.strip() if isinstance(value, str) else ""


def _choice(text: str, allowed: type[Scope] | type[Sort], field: str, default: Any) -> Any:
    if not text:
        return default
    try:
        return allowed(text)
    except ValueError:
        message = f"Ugyldigt valg: '{text[:50]}'."
        raise Refused(message, fields={field: message}) from None


def _number(text: str, field: str, default: int | None) -> int | None:
    if not text:
        return default
    if not (text.isascii() and text.isdigit() and len(text) <= 9):
        message = f"'{text[:50]}' er ikke et tal."
        raise Refused(message, fields={field: message})
    return int(text)


def _day(text: str, field: str) -> date | None:
    if not text:
        return None
    try:
        return parse_day(text)
    except ValueError:
        message = f"'{text[:50]}' er ikke en dato. {DAY_ERROR}"
        raise Refused(message, fields={field: message}) from None


def parse_filter(values: ImmutableMultiDict[str, Any], viewer: Viewer) -> CaseFilter:
    """The filter the address (or the posted search) asks for; refused in Danish when a value
    is not one the form offers."""
    return CaseFilter(
        scope=_choice(_text(values, "scope"), Scope, "scope", viewer.default_scope),
        status=_text(values, "status") if "status" in values else OPEN,
        step=_text(values, "step"),
        overdue=_text(values, "overdue") == "ja",
        consultant_id=_number(_text(values, "consultant_id"), "consultant_id", None),
        workplace=_text(values, "workplace"),
        requested_from=_day(_text(values, "requested_from"), "requested_from"),
        requested_to=_day(_text(values, "requested_to"), "requested_to"),
        text=_text(values, "text"),
        purpose=_text(values, "formaal"),
        sort=_choice(_text(values, "sort"), Sort, "sort", Sort.NEXT_DUE),
        page=page_asked(values),
    )


def address(wanted: CaseFilter, **changes: Any) -> str:
    """The list's address with this filter (and `changes`); a CPR number is never in it."""
    values = {
        "scope": wanted.scope.value,
        "status": wanted.status,
        "step": wanted.step,
        "overdue": "ja" if wanted.overdue else "",
        "consultant_id": wanted.consultant_id or "",
        "workplace": wanted.workplace,
        "requested_from": wanted.requested_from.isoformat() if wanted.requested_from else "",
        "requested_to": wanted.requested_to.isoformat() if wanted.requested_to else "",
        "text": "" if wanted.by_cpr else wanted.text,
        "sort": wanted.sort.value,
        "page": wanted.page,
        **changes,
    }
    query = {PARAMS[name]: value for name, value in values.items() if value not in ("", None)}
    if "status" not in query:
        query["status"] = ""  # every status (an absent status means the open cases)
    return f"{LIST_PATH}?{urlencode(query)}"


def _show(request: Request, user: User, values: ImmutableMultiDict[str, Any]) -> Response:
    ctx = context_of(request)
    viewer = viewer_of(user)
    wanted: CaseFilter | None = None
    try:
        wanted = parse_filter(values, viewer)
        found = find_cases(ctx, viewer, wanted, actor=actor_of(user), as_of=ctx.clock.now())
    except Refused as refused:
        shown = wanted or CaseFilter(scope=viewer.default_scope)
        empty = CasePage([], Paging(1, shown.page_size, 0), shown)
        typed = {name: str(values.get(name, "")) for name in ("fra", "til")}  # shown again
        return _page(request, user, empty, refused.fields, refused.reasons, typed, 422)
    return _page(request, user, found, {}, [])


def _page(
    request: Request,
    user: User,
    found: CasePage,
    errors: dict[str, str],
    reasons: list[str],
    typed: dict[str, str] | None = None,
    status_code: int = 200,
) -> Response:
    ctx = context_of(request)
    team = []
    if user.job_centre_id is not None:
        with ctx.unit_of_work() as session:
            team = colleagues(session, user.job_centre_id)
    wanted = found.filter
    return page(
        request,
        "cases.html",
        {
            "found": found,
            "wanted": wanted,
            "text": "" if wanted.by_cpr else wanted.text,
            "page_link": lambda number: address(wanted, page=number),
            "address": address,
            "scopes": SCOPE_LABELS,
            "sorts": SORT_LABELS,
            "statuses": STATUS_LABELS,
            "steps": STEP_LABELS,
            "consultants": [(c.id, c.name) for c in team],
            "errors": errors,
            "reasons": reasons,
            "typed": typed or {},
        },
        status_code=status_code,
    )


@router.get(LIST_PATH)
def case_list(request: Request, user: Searcher) -> Response:
    if looks_like_cpr(request.query_params.get("q", "")):
        raise Refused(CPR_IN_ADDRESS, fields={"q": CPR_IN_ADDRESS})
    return _show(request, user, request.query_params)


@router.post(LIST_PATH, dependencies=[Depends(check_csrf)])
async def case_search(request: Request, user: Searcher) -> Response:
    """The search box: a reference, a name, or a CPR number with its purpose."""
    form: FormData = await request.form()
    return await run_in_threadpool(_show, request, user, form)
