"""The leader's pages (issue 16): public, no sign-in, Danish (every string in `leader_texts`).

- /leder: where the tools are;
- /leder/sygefravaerssamtale: the guided sickness-absence talk (§ 7 a); it makes a PDF record to
  keep, or carries its answers into the Fast track request form by a form post. Nothing is stored;
- /leder/screening: the risk of long absence (`domain/screening.py`); nothing is stored;
- /leder/bekymring: Fast track on concern (`services/concern.py`); the same receipt whether or
  not the employee already had an open concern (no oracle);
- /leder/information: Fast track and the job centre's own process, from its policy; printable;
- /leder/fravaersalarm/TOKEN: a leader answers an absence alert (the token is in the e-mail only;
  an unknown one answers 404 like any missing page).

Every POST carries the CSRF token and is rate-limited per client address (`web/abuse_limits`).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response
from starlette.concurrency import run_in_threadpool

from fasttrack_core.domain.absence_rules import AlertAnswer
from fasttrack_core.domain.concern import ConcernSource
from fasttrack_core.domain.law import SICKNESS_ABSENCE_TALK
from fasttrack_core.domain.municipalities import MUNICIPALITIES
from fasttrack_core.domain.policy import Policy, RoundtableAnchor
from fasttrack_core.domain.screening import asked, screen
from fasttrack_core.domain.vocabulary import MEASURE_LABELS, Measure, Requester
from fasttrack_core.errors import Refused
from fasttrack_core.presentation.danish import danish_date
from fasttrack_core.presentation.links import (
    ALERT_ANSWER_PATH,
    CONCERN_PATH,
    LEADER_INFO_PATH,
    LEADER_PATH,
    REQUEST_FORM_PATH,
    SCREENING_PATH,
    TALK_PATH,
)
from fasttrack_core.reporting.document import render_pdf
from fasttrack_core.schemas import parse
from fasttrack_core.services.absence_alerts import alert_for_token, answer_alert
from fasttrack_core.services.audit import Actor
from fasttrack_core.services.concern import ConcernIn, raise_concern
from fasttrack_core.services.job_centre_directory import job_centre, job_centres
from fasttrack_core.web import leader_texts as texts
from fasttrack_core.web.danish_dates import iso_days, parse_day
from fasttrack_core.web.intake_forms import form_page
from fasttrack_core.web.security import NotVisible, check_csrf, context_of
from fasttrack_core.web.templating import page, templates

router = APIRouter(include_in_schema=False)

PATHS = {
    "home": LEADER_PATH,
    "talk": TALK_PATH,
    "screening": SCREENING_PATH,
    "concern": CONCERN_PATH,
    "info": LEADER_INFO_PATH,
    "request": REQUEST_FORM_PATH,
}
CONCERN_ACTOR = Actor("formular: bekymring")
ALERT_ACTOR = Actor("formular: fraværsalarm")


def _leader_page(
    request: Request,
    name: str,
    t: texts.Texts,
    context: dict[str, Any] | None = None,
    status_code: int = 200,
) -> Response:
    values = {"t": t, "c": texts.COMMON, "paths": PATHS, **(context or {})}
    return page(request, f"leader/{name}.html", values, status_code)


async def _form(request: Request) -> dict[str, str]:
    return {k: v for k, v in (await request.form()).items() if isinstance(v, str)}


@router.get(LEADER_PATH)
def leader_home(request: Request) -> Response:
    return _leader_page(request, "index", texts.INDEX)


# --- the sickness-absence talk (§ 7 a) ----------------------------------------------------------

TALK_FIELDS = (
    "employee_name",
    "first_absence_day",
    "talk_day",
    "affected_functions",
    "affected_since",
    "adaptation_tried",
    "expected_return",
    "over_8_weeks",
    "agreements",
    "next_contact",
)
_MAX_TALK_TEXT = 2000


@dataclass(frozen=True)
class Talk:
    values: dict[str, str]
    errors: dict[str, str]
    late_by: date | None  # the last day the talk was due, when it is later


def _day(values: Mapping[str, str], name: str, errors: dict[str, str]) -> date | None:
    text = values.get(name, "").strip()
    if not text:
        return None
    try:
        day = parse_day(text)
    except ValueError as problem:
        errors[name] = str(problem)
        return None
    if not date(2000, 1, 1) <= day <= date(2100, 12, 31):
        errors[name] = "Datoen skal ligge mellem 2000 og 2100."
        return None
    return day


def read_talk(form: Mapping[str, str]) -> Talk:
    """The talk's answers, checked (dates; lengths); nothing else is required."""
    values = {name: form.get(name, "").strip() for name in TALK_FIELDS}
    errors: dict[str, str] = {}
    for name, value in values.items():
        if len(value) > _MAX_TALK_TEXT:
            errors[name] = f"Højst {_MAX_TALK_TEXT} tegn."
    first = _day(values, "first_absence_day", errors)
    held = _day(values, "talk_day", errors)
    _day(values, "next_contact", errors)
    if values["over_8_weeks"] not in ("", "ja", "nej"):
        errors["over_8_weeks"] = "Vælg ja, nej eller ved ikke."
    late_by = None
    if first is not None and held is not None:
        if held < first:
            errors["talk_day"] = "Samtalen kan ikke ligge før første sygedag."
        elif held > SICKNESS_ABSENCE_TALK.last_day(first):
            late_by = SICKNESS_ABSENCE_TALK.last_day(first)
    return Talk(values, errors, late_by)


def _talk_page(request: Request, talk: Talk, status_code: int = 200) -> Response:
    late = texts.TALK["late"].format(due=danish_date(talk.late_by)) if talk.late_by else None
    context = {"values": talk.values, "errors": talk.errors, "late": late}
    return _leader_page(request, "talk", texts.TALK, context, status_code)


@router.get(TALK_PATH)
def talk_form(request: Request) -> Response:
    return _talk_page(request, read_talk({}))


@router.post(TALK_PATH, dependencies=[Depends(check_csrf)])
async def talk_submit(request: Request) -> Response:
    form = await _form(request)
    talk = read_talk(form)
    if talk.errors:
        return _talk_page(request, talk, 422)
    if form.get("action") == "anmodning":
        # Rendered here, posted by the leader to /anmodning: nothing stored until then.
        return form_page(request, Requester.EMPLOYER, _request_values(talk.values), {}, [])
    html = templates.env.get_template("leader/talk_record.html").render(
        t=texts.TALK, v=talk.values, late=talk.late_by
    )
    pdf = await run_in_threadpool(render_pdf, html)
    return Response(
        pdf,
        media_type="application/pdf",
        headers={"content-disposition": 'attachment; filename="sygefravaerssamtale.pdf"'},
    )


def _request_values(talk: Mapping[str, str]) -> dict[str, str]:
    """The request form's fields the talk answers (named by their JSON paths)."""
    values = {
        "employee.name": talk["employee_name"],
        "first_absence_day": talk["first_absence_day"],
        "questions.affected_functions": talk["affected_functions"],
        "questions.affected_since": talk["affected_since"],
        "questions.adaptation_tried": talk["adaptation_tried"],
    }
    if talk["over_8_weeks"] == "ja":
        values["expected_over_8_weeks"] = "ja"
    return {name: value for name, value in values.items() if value}


# --- the screening ------------------------------------------------------------------------------


def _screening_policy(request: Request, municipality: str | None) -> Policy:
    entry = job_centre(context_of(request), municipality) if municipality else None
    return entry.policy if entry else Policy()


def _screening_page(
    request: Request, municipality: str, yes: set[str], result: Any = None
) -> Response:
    policy = _screening_policy(request, municipality)
    context = {
        "centres": job_centres(context_of(request)),
        "municipality": municipality,
        "indicators": asked(policy),
        "yes": yes,
        "result": result,
        "policy": policy,
    }
    return _leader_page(request, "screening", texts.SCREENING, context)


@router.get(SCREENING_PATH)
def screening_form(request: Request, kommune: str = "") -> Response:
    return _screening_page(request, kommune[:3], set())


@router.post(SCREENING_PATH, dependencies=[Depends(check_csrf)])
async def screening_submit(request: Request) -> Response:
    form = await request.form()
    municipality = str(form.get("kommune", ""))[:3]
    yes = {str(value) for value in form.getlist("ja")}
    result = screen(_screening_policy(request, municipality), yes)
    return _screening_page(request, municipality, yes, result)


# --- Fast track on concern ----------------------------------------------------------------------

_OPTIONAL_CONCERN = ("employee.phone", "absent_since")
_EMPLOYER_GROUPS = ("employer", "leader")


def concern_payload(form: Mapping[str, str], received_at: str) -> dict[str, Any]:
    """The concern JSON from the form (field names are JSON paths)."""
    payload: dict[str, Any] = {
        "received_at": received_at,
        "employee_consents": form.get("employee_consents") == "ja",
    }
    for name, value in form.items():
        if name in ("csrf_token", "employee_consents"):
            continue
        if name in _OPTIONAL_CONCERN and not value.strip():
            continue
        head, _, tail = name.partition(".")
        if tail:
            payload.setdefault(head, {})[tail] = value
        else:
            payload[name] = value
    for group in _EMPLOYER_GROUPS:
        if group in payload and not any(str(v).strip() for v in payload[group].values()):
            del payload[group]
    return payload


def _concern_page(
    request: Request,
    values: Mapping[str, str],
    errors: Mapping[str, str],
    reasons: list[str] | None = None,
    status_code: int = 200,
) -> Response:
    policy = Policy()
    t = dict(texts.CONCERN)
    t["steps"] = t["steps"].format(
        contact=policy.concern_contact_days,
        talk=policy.concern_talk.describe(),
        effort=policy.concern_effort.describe(),
    )
    context = {
        "values": values,
        "errors": errors,
        "reasons": reasons or [],
        "sources": [(s.value, texts.CONCERN[s]) for s in ConcernSource],
        "municipalities": sorted(MUNICIPALITIES.items(), key=lambda item: item[1]),
    }
    return _leader_page(request, "concern", t, context, status_code)


@router.get(CONCERN_PATH)
def concern_form(request: Request) -> Response:
    return _concern_page(request, {"raised_by": ConcernSource.LEADER.value}, {})


@router.post(CONCERN_PATH, dependencies=[Depends(check_csrf)])
async def concern_submit(request: Request) -> Response:
    form = await _form(request)
    ctx = context_of(request)
    now = ctx.clock.now()
    # A date the schema cannot read is refused there; its message here says the Danish format.
    readable, unreadable = iso_days(form, ("absent_since",))
    try:
        concern = parse(ConcernIn, concern_payload(readable, now.isoformat()))
        await run_in_threadpool(lambda: raise_concern(ctx, concern, as_of=now, actor=CONCERN_ACTOR))
    except Refused as refused:
        errors = {**refused.fields, **unreadable}
        return _concern_page(request, form, errors, refused.reasons, 422)
    return _leader_page(request, "concern_received", texts.CONCERN)


# --- information for leaders and staff ----------------------------------------------------------


@dataclass(frozen=True)
class ProcessRow:
    when: str
    who: str
    what: str


_ANCHOR_NAMES = {
    RoundtableAnchor.FIRST_FOLLOWUP: "efter første samtale",
    RoundtableAnchor.REQUEST: "efter anmodningen",
    RoundtableAnchor.FIRST_ABSENCE_DAY: "efter første sygedag",
}


def process_of(policy: Policy) -> list[ProcessRow]:
    """Who does what when, as the job centre's policy has it (SPEC §4)."""
    rows = []
    if policy.absence_alert_employers:
        rows.append(
            ProcessRow(
                f"Efter {policy.absence_alert_days} dages fravær i træk, eller "
                f"{policy.absence_alert_spells} fravær inden for "
                f"{policy.absence_alert_months} måneder",
                "Jobcentret",
                "sender lederen en fraværsalarm; lederen svarer inden for "
                f"{policy.absence_alert_answer_days} arbejdsdage",
            )
        )
    rows += [
        ProcessRow(
            "Senest 4 uger efter første sygedag",
            "Lederen",
            "holder sygefraværssamtalen med medarbejderen (§ 7 a)",
        ),
        ProcessRow(
            "Inden for de første 5 uger af fraværet",
            "Lederen eller medarbejderen",
            "anmoder om Fast track",
        ),
        ProcessRow(
            "Samme dag",
            "Jobcentret",
            "giver medarbejderen besked og sender lederen en kvittering",
        ),
        ProcessRow(
            f"Inden for {policy.acceptance.describe()} efter beskeden",
            "Medarbejderen",
            "siger ja eller nej tak til Fast track",
        ),
        ProcessRow(
            f"Senest {policy.first_followup.describe()} efter anmodningen",
            "Fastholdelseskonsulenten og medarbejderen",
            "holder første opfølgningssamtale",
        ),
        ProcessRow(
            f"Senest {policy.roundtable.describe()} {_ANCHOR_NAMES[policy.roundtable_after]}",
            "Medarbejderen, lederen og konsulenten",
            "holder rundbordssamtalen og aftaler en plan: hvem gør hvad hvornår",
        ),
        ProcessRow(
            f"Hver {policy.review_interval.describe()}",
            "Konsulenten",
            "følger op på planen, til medarbejderen er tilbage",
        ),
    ]
    return rows


def offer_of(policy: Policy) -> list[str]:
    """What the job centre can offer, from its policy and the plan's measures (SPEC §4-5)."""
    offer = [
        "En fast fastholdelseskonsulent, der følger forløbet fra første samtale til tilbagevenden.",
        "En plan for tilbagevenden med fx: "
        + ", ".join(label.lower() for m, label in MEASURE_LABELS.items() if m != Measure.OTHER)
        + ".",
    ]
    if policy.assignment == "fixed_workplace":
        offer.append("Store arbejdspladser har deres egen faste konsulent i jobcentret.")
    if policy.assignment == "duty_rotation":
        offer.append("En fastholdelsestelefon: dagens vagt tager imod og følger sagen til ende.")
    if policy.suggest_specialist:
        offer.append("Fagpersoner (fx psykolog eller fysioterapeut) ved rundbordssamtalen.")
    if policy.empowerment_talk_causes:
        offer.append("En individuel samtale med medarbejderen før rundbordssamtalen.")
    offer.append(
        "Fast track ved bekymring: hjælp før en sygemelding, eller i de første dage af den."
    )
    return offer


@router.get(LEADER_INFO_PATH)
def leader_info(request: Request, kommune: str = "") -> Response:
    entry = job_centre(context_of(request), kommune[:3]) if kommune else None
    policy = entry.policy if entry else Policy()
    context = {
        "centres": job_centres(context_of(request)),
        "entry": entry,
        "rows": process_of(policy),
        "offer": offer_of(policy),
    }
    return _leader_page(request, "information", texts.INFO, context)


# --- an absence alert's answer ------------------------------------------------------------------


def _alert_page(request: Request, token: str, status_code: int = 200) -> Response:
    view = alert_for_token(context_of(request), token)
    if view is None:
        raise NotVisible
    rules = view.rules
    rule = texts.ALERT[view.rule].format(
        days=rules.consecutive_days, spells=rules.spells, months=rules.window_months
    )
    context = {
        "view": view,
        "token": token,
        "rule": rule,
        "answers": [(a.value, texts.ALERT[a]) for a in AlertAnswer],
        "answered": texts.ALERT[view.answer] if view.answer else None,
    }
    return _leader_page(request, "alert", texts.ALERT, context, status_code)


@router.get(ALERT_ANSWER_PATH)
def alert_form(request: Request, token: str) -> Response:
    return _alert_page(request, token)


@router.post(ALERT_ANSWER_PATH, dependencies=[Depends(check_csrf)])
async def alert_submit(request: Request, token: str) -> Response:
    form = await _form(request)
    ctx = context_of(request)
    try:
        view = await run_in_threadpool(
            lambda: answer_alert(
                ctx,
                token=token,
                answer=form.get("answer", ""),
                as_of=ctx.clock.now(),
                actor=ALERT_ACTOR,
            )
        )
    except Refused:
        return _alert_page(request, token, 422)
    if view is None:
        raise NotVisible
    return _alert_page(request, token)
