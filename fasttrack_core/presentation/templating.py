"""The one Jinja2 environment factory: the package's templates, strict about undefined names,
autoescaped HTML, and the Danish filters (`dato`, `tid`, `frist`) every template may use."""

from __future__ import annotations

from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

from fasttrack_core.presentation.danish import danish_date, danish_deadline, danish_time

TEMPLATES = Path(__file__).resolve().parents[1] / "templates"


def template_environment(
    folder: str,
    *,
    escaped: tuple[str, ...] = ("html",),
    escape_strings: bool = True,
    keep_trailing_newline: bool = False,
) -> Environment:
    """The environment for `templates/<folder>`: files ending in one of `escaped` (and, when
    `escape_strings`, templates made from strings) are autoescaped; templates are compiled once
    per process (they ship with the package and do not change while it runs)."""
    env = Environment(
        loader=FileSystemLoader(TEMPLATES / folder),
        autoescape=select_autoescape(enabled_extensions=escaped, default_for_string=escape_strings),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=keep_trailing_newline,
        auto_reload=False,
    )
    env.filters["dato"] = danish_date
    env.filters["tid"] = danish_time
    env.filters["frist"] = danish_deadline
    return env
