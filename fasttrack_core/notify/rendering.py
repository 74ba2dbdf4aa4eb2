"""Rendering emails from the Danish Jinja2 templates in `templates/emails/`.

Each kind KIND has `KIND.subject.txt`, `KIND.txt` and `KIND.html`; the bodies extend the shared
layouts `_layout.txt` and `_layout.html`. Undefined variables are errors; HTML is autoescaped.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from functools import cache
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

from fasttrack_core.domain.calendar import COPENHAGEN
from fasttrack_core.notify.kinds import EMAIL_KINDS

TEMPLATES_DIR = Path(__file__).resolve().parents[1] / "templates" / "emails"

WEEKDAYS = ("mandag", "tirsdag", "onsdag", "torsdag", "fredag", "lørdag", "søndag")
MONTHS = ("januar", "februar", "marts", "april", "maj", "juni", "juli", "august", "september",
          "oktober", "november", "december")  # fmt: skip


@dataclass(frozen=True)
class RenderedEmail:
    subject: str
    text: str
    html: str


def danish_date(value: date | datetime) -> str:
    """ "tirsdag den 7. april 2026" (a datetime is first taken to Danish local time)."""
    day = value.astimezone(COPENHAGEN).date() if isinstance(value, datetime) else value
    return f"{WEEKDAYS[day.weekday()]} den {day.day}. {MONTHS[day.month - 1]} {day.year}"


def danish_time(value: datetime) -> str:
    """ "tirsdag den 7. april 2026 kl. 10.00", Danish local time."""
    local = value.astimezone(COPENHAGEN)
    return f"{danish_date(local)} kl. {local:%H.%M}"


def danish_deadline(value: date | datetime) -> str:
    """A deadline as a person reads it: the day alone when it runs to the end of the day
    ("tirsdag den 7. april 2026"), else with the time ("... kl. 10.00")."""
    if not isinstance(value, datetime):
        return danish_date(value)
    local = value.astimezone(COPENHAGEN)
    return danish_date(local) if (local.hour, local.minute) == (23, 59) else danish_time(local)


# What a technical text (an SMTP error) may carry that an email must not: addresses and CPR-like
# numbers (GDPR art. 9; SPEC §6).
_EMAIL_ADDRESS = re.compile(r"[^\s<>()\[\]\"',;:]+@[^\s<>()\[\]\"',;:]+")
_CPR_LIKE = re.compile(r"(?<!\d)\d{6}-?\d{4}(?!\d)")


def redact(value: object, limit: int = 300) -> str:
    """A technical text made safe to email: addresses and CPR-like numbers hidden, length capped."""
    text = _CPR_LIKE.sub("[skjult]", _EMAIL_ADDRESS.sub("[adresse skjult]", str(value)))
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def kind_description(kind: str) -> str:
    """The Danish one-line description of an email kind (the kind itself when unknown)."""
    return EMAIL_KINDS.get(kind, kind)


@cache
def environment() -> Environment:
    env = Environment(
        loader=FileSystemLoader(TEMPLATES_DIR),
        autoescape=select_autoescape(enabled_extensions=("html",), default_for_string=False),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        auto_reload=False,  # compiled once per process: no file check on every render
    )
    env.filters["dato"] = danish_date
    env.filters["tid"] = danish_time
    env.filters["frist"] = danish_deadline
    env.filters["skjul"] = redact
    env.filters["beskrivelse"] = kind_description
    return env


def render_email(kind: str, context: Mapping[str, Any]) -> RenderedEmail:
    env = environment()
    subject = env.get_template(f"{kind}.subject.txt").render(context)
    return RenderedEmail(
        subject=" ".join(subject.split()),
        text=env.get_template(f"{kind}.txt").render(context),
        html=env.get_template(f"{kind}.html").render(context),
    )
