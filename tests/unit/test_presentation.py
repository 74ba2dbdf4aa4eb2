"""The Danish presentation: dates, numbers, step names, links, and the template environment that
emails, web pages and the report share."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from jinja2 import UndefinedError

from fasttrack_core.domain.calendar import COPENHAGEN
from fasttrack_core.presentation.danish import (
    danish_date,
    danish_time,
    decimal,
    meeting_time,
    month_and_year,
    short_date,
    short_time,
    step_label,
    step_name,
)
from fasttrack_core.presentation.links import case_link, case_path, public_info_link, tasks_link
from fasttrack_core.presentation.templating import template_environment

BASE = "https://fasttrack.ishoj.dk"


def test_dates_are_written_out_with_the_weekday_and_the_month_in_danish() -> None:
    assert danish_date(date(2026, 3, 30)) == "mandag den 30. marts 2026"
    assert danish_date(date(2026, 1, 4)) == "søndag den 4. januar 2026"
    assert month_and_year(date(2026, 12, 1)) == "december 2026"


def test_a_moment_is_shown_in_danish_local_time() -> None:
    # 23:30 UTC on 31 December is already New Year's Day in Denmark (winter time, UTC+1).
    late = datetime(2025, 12, 31, 23, 30, tzinfo=UTC)
    assert danish_date(late) == "torsdag den 1. januar 2026"
    assert danish_time(late) == "torsdag den 1. januar 2026 kl. 00.30"
    assert short_date(late) == "01.01.2026"
    assert short_time(late) == "01.01.2026 00:30"
    assert meeting_time(datetime(2026, 4, 1, 8, 0, tzinfo=UTC)) == "2026-04-01 kl. 10:00"


def test_numbers_have_a_decimal_comma() -> None:
    assert decimal(18.5) == "18,5"
    assert decimal(20.0) == "20"


def test_plan_actions_and_reviews_are_numbered_other_steps_are_not() -> None:
    assert step_label("action", 2) == "Handling fra planen 2"
    assert step_label("review", 1) == "Opfølgning 1"
    assert step_label("first_followup", 1) == "Første opfølgningssamtale"
    assert step_name("no_such_step") == "no_such_step"


def test_links_point_at_the_routes_the_web_app_serves() -> None:
    assert case_path("FT-2026-000001") == "/sager/FT-2026-000001"
    assert case_link(BASE, "FT-2026-000001") == f"{BASE}/sager/FT-2026-000001"
    assert tasks_link(BASE) == f"{BASE}/opgaver"
    assert public_info_link(BASE) == f"{BASE}/om-fast-track"


def test_every_environment_has_the_danish_filters_and_refuses_undefined_names() -> None:
    deadline = datetime(2026, 4, 7, 23, 59, 59, tzinfo=COPENHAGEN)
    for folder in ("emails", "web", "reports"):
        env = template_environment(folder)
        text = env.from_string("{{ due | frist }} / {{ due | dato }} / {{ due | tid }}")
        assert text.render(due=deadline) == (
            "tirsdag den 7. april 2026 / tirsdag den 7. april 2026 / "
            "tirsdag den 7. april 2026 kl. 23.59"
        )
        with pytest.raises(UndefinedError):
            env.from_string("{{ missing }}").render()


def test_html_is_escaped_and_text_templates_are_not_when_strings_are_not_escaped() -> None:
    env = template_environment("emails", escape_strings=False)
    assert env.from_string("{{ v }}").render(v="<b>") == "<b>"
    assert template_environment("web").from_string("{{ v }}").render(v="<b>") == "&lt;b&gt;"
