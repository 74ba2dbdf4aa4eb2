"""The leader's pages (issue 16): public, no sign-in, in Danish or English as the visitor chose
(`?lang=en`, kept as on the public pages: `web/public.py`; every string in
`presentation/texts/leader.py`, the talk's PDF record too).

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
from functools import partial
from typing import Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response
from starlette.concurrency import run_in_threadpool

from fasttrack_core.domain.absence_rules import AlertAnswer
from fasttrack_core.domain.concern import ConcernSource
from fasttrack_core.domain.law import SICKNESS_ABSENCE_TALK
from fasttrack_core.domain.municipalities import MUNICIPALITIES
from fasttrack_core.domain.policy import AssignmentRule, Offset, Policy
from fasttrack_core.domain.screening import asked, screen
from fasttrack_core.domain.vocabulary import Language, Measure, Requester
from fasttrack_core.errors import Refused
from fasttrack_core.presentation.language import day
from fasttrack_core.presentation.links import (
    ALERT_ANSWER_PATH,
    CONCERN_PATH,
    LEADER_INFO_PATH,
    LEADER_PATH,
    REQUEST_FORM_PATH,
    SCREENING_PATH,
    TALK_PATH,
)
from fasttrack_core.presentation.texts import Group, section, text
from fasttrack_core.presentation.texts.public import field_error
from fasttrack_core.reporting.document import render_pdf
from fasttrack_core.schemas import parse
from fasttrack_core.services.absence_alerts import alert_for_token, answer_alert
from fasttrack_core.services.audit import Actor
from fasttrack_core.services.concern import ConcernIn, raise_concern
from fasttrack_core.services.job_centre_directory import job_centre, job_centres
from fasttrack_core.web.danish_dates import iso_days, parse_day
from fasttrack_core.web.intake_forms import form_page
from fasttrack_core.web.public import page_language, public_page
from fasttrack_core.web.security import NotVisible, check_csrf, context_of
from fasttrack_core.web.templating import templates

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


def _say(language: Language, key: str, **values: Any) -> str:
    return text(language, Group.LEADER, key, **values)


def _leader_page(
    request: Request,
    name: str,
    context: dict[str, Any] | None = None,
    status_code: int = 200,
    *,
    texts: str | None = None,
) -> Response:
    """The page `leader/<name>.html` in the visitor's language, reading its texts as `t` (those
    of `texts`, by default the page's own name) and the shared ones as `c`."""
    language = page_language(request)
    values = {
        "t": section(language, Group.LEADER, texts or name),
        "c": section(language, Group.LEADER, "common"),
        "paths": PATHS,
        **(context or {}),
    }
    return public_page(request, f"leader/{name}.html", values, status_code)


async def _form(request: Request) -> dict[str, str]:
    return {k: v for k, v in (await request.form()).items() if isinstance(v, str)}


@router.get(LEADER_PATH)
def leader_home(request: Request) -> Response:
    return _leader_page(request, "index")


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


def _day(
    values: Mapping[str, str], name: str, errors: dict[str, str], say: partial[str]
) -> date | None:
    typed = values.get(name, "").strip()
    if not typed:
        return None
    try:
        parsed = parse_day(typed)
    except ValueError:
        errors[name] = say("talk.error_date")
        return None
    if not date(2000, 1, 1) <= parsed <= date(2100, 12, 31):
        errors[name] = say("talk.error_range")
        return None
    return parsed


def read_talk(form: Mapping[str, str], language: Language = Language.DA) -> Talk:
    """The talk's answers, checked (dates; lengths); nothing else is required. What is wrong is
    said in `language`."""
    say = partial(_say, language)
    values = {name: form.get(name, "").strip() for name in TALK_FIELDS}
    errors: dict[str, str] = {}
    for name, value in values.items():
        if len(value) > _MAX_TALK_TEXT:
            errors[name] = say("talk.error_long", limit=_MAX_TALK_TEXT)
    first = _day(values, "first_absence_day", errors, say)
    held = _day(values, "talk_day", errors, say)
    _day(values, "next_contact", errors, say)
    if values["over_8_weeks"] not in ("", "ja", "nej"):
        errors["over_8_weeks"] = say("talk.error_choice")
    late_by = None
    if first is not None and held is not None:
        if held < first:
            errors["talk_day"] = say("talk.error_before")
        elif held > SICKNESS_ABSENCE_TALK.last_day(first):
            late_by = SICKNESS_ABSENCE_TALK.last_day(first)
    return Talk(values, errors, late_by)


def _talk_page(request: Request, talk: Talk, status_code: int = 200) -> Response:
    language = page_language(request)
    late = _say(language, "talk.late", due=day(language, talk.late_by)) if talk.late_by else None
    context = {"values": talk.values, "errors": talk.errors, "late": late}
    return _leader_page(request, "talk", context, status_code)


@router.get(TALK_PATH)
def talk_form(request: Request) -> Response:
    return _talk_page(request, read_talk({}, page_language(request)))


@router.post(TALK_PATH, dependencies=[Depends(check_csrf)])
async def talk_submit(request: Request) -> Response:
    form = await _form(request)
    language = page_language(request)
    talk = read_talk(form, language)
    if talk.errors:
        return _talk_page(request, talk, 422)
    if form.get("action") == "anmodning":
        # Rendered here, posted by the leader to /anmodning: nothing stored until then.
        return form_page(request, Requester.EMPLOYER, _request_values(talk.values), {}, [])
    t = section(language, Group.LEADER, "talk")
    html = templates.env.get_template("leader/talk_record.html").render(
        t=t, v=talk.values, late=talk.late_by, lang=language.value
    )
    pdf = await run_in_threadpool(render_pdf, html)
    disposition = f'attachment; filename="{t["pdf_name"]}"'
    return Response(pdf, media_type="application/pdf", headers={"content-disposition": disposition})


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
        "indicator_texts": section(page_language(request), Group.LEADER, "indicator"),
        "yes": yes,
        "result": result,
        "policy": policy,
    }
    return _leader_page(request, "screening", context)


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
    language = page_language(request)
    say = partial(_say, language)
    context = {
        "steps": say(
            "concern.steps",
            contact=policy.concern_contact_days,
            talk=_span(language, policy.concern_talk),
            effort=_span(language, policy.concern_effort),
        ),
        "values": values,
        "errors": errors,
        "reasons": reasons or [],
        "sources": [(s.value, say(f"concern.{s}")) for s in ConcernSource],
        "municipalities": sorted(MUNICIPALITIES.items(), key=lambda item: item[1]),
    }
    return _leader_page(request, "concern", context, status_code)


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
        language = page_language(request)
        fields = {reason: path for path, reason in refused.fields.items()}
        reasons = [field_error(language, fields.get(r, ""), r) for r in refused.reasons]
        return _concern_page(request, form, errors, reasons, 422)
    return _leader_page(request, "concern_received", texts="concern")


# --- information for leaders and staff ----------------------------------------------------------


@dataclass(frozen=True)
class ProcessRow:
    when: str
    who: str
    what: str


def _span(language: Language, offset: Offset) -> str:
    """A policy's span of time ("2 bankdage", "2 bank days")."""
    return _say(language, f"unit.{offset.unit}", n=offset.amount)


def process_of(policy: Policy, language: Language = Language.DA) -> list[ProcessRow]:
    """Who does what when, as the job centre's policy has it (SPEC §4)."""
    say = partial(_say, language)
    span = partial(_span, language)

    def row(step: str, **values: Any) -> ProcessRow:
        return ProcessRow(
            say(f"info.{step}_when", **values), say(f"info.{step}_who"), say(f"info.{step}_what")
        )

    rows = []
    if policy.absence_alert_employers:
        rows.append(
            ProcessRow(
                say(
                    "info.alert_when",
                    days=policy.absence_alert_days,
                    spells=policy.absence_alert_spells,
                    months=policy.absence_alert_months,
                ),
                say("info.alert_who"),
                say("info.alert_what", answer=policy.absence_alert_answer_days),
            )
        )
    return [
        *rows,
        row("talk"),
        row("request"),
        row("notice"),
        row("answer", span=span(policy.acceptance)),
        row("first", span=span(policy.first_followup)),
        row(
            "roundtable",
            span=span(policy.roundtable),
            anchor=say(f"info.{policy.roundtable_after}"),
        ),
        row("review", span=span(policy.review_interval)),
    ]


def offer_of(policy: Policy, language: Language = Language.DA) -> list[str]:
    """What the job centre can offer, from its policy and the plan's measures (SPEC §4-5)."""
    say = partial(_say, language)
    measures = ", ".join(say(f"measure.{m}").lower() for m in Measure if m != Measure.OTHER)
    offer = [say("info.offer_consultant"), say("info.offer_plan", measures=measures)]
    if policy.assignment in (AssignmentRule.FIXED_WORKPLACE, AssignmentRule.DUTY_ROTATION):
        offer.append(say(f"info.{policy.assignment}"))
    if policy.suggest_specialist:
        offer.append(say("info.offer_specialist"))
    if policy.empowerment_talk_causes:
        offer.append(say("info.offer_empowerment"))
    offer.append(say("info.offer_concern"))
    return offer


@router.get(LEADER_INFO_PATH)
def leader_info(request: Request, kommune: str = "") -> Response:
    entry = job_centre(context_of(request), kommune[:3]) if kommune else None
    policy = entry.policy if entry else Policy()
    language = page_language(request)
    context = {
        "centres": job_centres(context_of(request)),
        "entry": entry,
        "rows": process_of(policy, language),
        "offer": offer_of(policy, language),
    }
    return _leader_page(request, "information", context, texts="info")


# --- an absence alert's answer ------------------------------------------------------------------


def _alert_page(request: Request, token: str, status_code: int = 200) -> Response:
    view = alert_for_token(context_of(request), token)
    if view is None:
        raise NotVisible
    rules = view.rules
    language = page_language(request)
    say = partial(_say, language)
    rule = say(
        f"alert.{view.rule}",
        days=rules.consecutive_days,
        spells=rules.spells,
        months=rules.window_months,
    )
    context = {
        "view": view,
        "token": token,
        "rule": rule,
        "day": partial(day, language),
        "answers": [(a.value, say(f"alert.{a}")) for a in AlertAnswer],
        "answered": say(f"alert.{view.answer}") if view.answer else None,
    }
    return _leader_page(request, "alert", context, status_code)


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
