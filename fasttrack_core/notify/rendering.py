"""Rendering emails from the Danish Jinja2 templates in `templates/emails/`.

Each kind KIND has `KIND.subject.txt`, `KIND.txt` and `KIND.html`; the bodies extend the shared
layouts `_layout.txt` and `_layout.html`. Undefined variables are errors; HTML is autoescaped.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from typing import Any

from jinja2 import Environment

from fasttrack_core.notify.kinds import EMAIL_KINDS
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
def environment() -> Environment:
    """The emails' environment: HTML bodies escaped, text bodies and subjects as written."""
    env = template_environment("emails", escape_strings=False, keep_trailing_newline=True)
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
