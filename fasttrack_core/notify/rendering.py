"""Rendering emails from the Danish Jinja2 templates in `templates/emails/`.

Each kind KIND has `KIND.subject.txt`, `KIND.txt` and `KIND.html`; the bodies extend the shared
layouts `_layout.txt` and `_layout.html`. Undefined variables are errors; HTML is autoescaped.
The kinds a citizen or a leader reads (`CITIZEN_KINDS`) are in English too: `KIND.en.subject.txt`,
`KIND.en.txt` and `KIND.en.html` on `_layout.en.*`, with English dates (`dato`, `tid`, `frist`).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from typing import Any

from jinja2 import Environment

from fasttrack_core.notify.kinds import CITIZEN_KINDS, EMAIL_KINDS
from fasttrack_core.presentation.language import (
    Language,
    english_date,
    english_deadline,
    english_time,
)
from fasttrack_core.presentation.templating import TEMPLATES, template_environment

TEMPLATES_DIR = TEMPLATES / "emails"


@dataclass(frozen=True)
class RenderedEmail:
    subject: str
    text: str
    html: str


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
def environment(language: Language = Language.DA) -> Environment:
    """The emails' environment: HTML bodies escaped, text bodies and subjects as written."""
    env = template_environment("emails", escape_strings=False, keep_trailing_newline=True)
    env.filters["skjul"] = redact
    env.filters["beskrivelse"] = kind_description
    if language is Language.EN:
        env.filters.update(dato=english_date, tid=english_time, frist=english_deadline)
    return env


def render_email(
    kind: str, context: Mapping[str, Any], language: Language = Language.DA
) -> RenderedEmail:
    """The message in `language` where the kind is one a citizen or a leader reads; a staff
    message is Danish whatever the case's language."""
    if kind not in CITIZEN_KINDS:
        language = Language.DA
    env = environment(language)
    name = kind if language is Language.DA else f"{kind}.{language}"
    subject = env.get_template(f"{name}.subject.txt").render(context)
    return RenderedEmail(
        subject=" ".join(subject.split()),
        text=env.get_template(f"{name}.txt").render(context),
        html=env.get_template(f"{name}.html").render(context),
    )
