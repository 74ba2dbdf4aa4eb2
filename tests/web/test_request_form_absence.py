"""The request forms ask for the employee's normal weekly hours (§ 53: a partial return is measured
against them) and earlier spells of sickness absence (§ 24: they count toward the reassessment),
with the JSON schema's validation and Danish messages, each next to its labelled field."""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlmodel import col, select

from fasttrack_core.db import AppContext
from fasttrack_core.domain.calendar import COPENHAGEN
from fasttrack_core.models import Case, Step
from fasttrack_core.web.security import CSRF_FIELD
from tests.web.conftest import csrf_of
from tests.web.test_api import form_fields

FORMS = ("/anmodning", "/anmodning/medarbejder")
ROWS = 3


def send(client: TestClient, form: str, fields: dict[str, str]) -> Any:
    return client.post(form, data={**fields, CSRF_FIELD: csrf_of(client, form)})


def error_of(page: str, field: str) -> str:
    found = re.search(rf'id="{re.escape(field)}-error">([^<]*)<', page)
    assert found, f"no error shown for {field}"
    return found.group(1)


def reassessment_day(ctx: AppContext) -> str:
    with ctx.unit_of_work() as session:
        due = session.exec(select(col(Step.due_at)).where(col(Step.kind) == "reassessment")).one()
    assert isinstance(due, datetime)
    return due.astimezone(COPENHAGEN).date().isoformat()


@pytest.mark.parametrize("form", FORMS)
def test_both_forms_ask_for_weekly_hours_and_earlier_spells_with_labels(
    client: TestClient, form: str
) -> None:
    page = client.get(form).text
    names = ["employee.weekly_hours"] + [
        f"previous_absence.{row}.{side}" for row in range(ROWS) for side in ("from", "to")
    ]
    for name in names:
        assert f'<label for="{name}">' in page, name
        assert f'id="{name}" name="{name}"' in page, name
    assert 'aria-describedby="employee.weekly_hours-help"' in page
    assert "Tidligere sygefravær" in page and "sygedagpengeloven § 24" in page


def test_weekly_hours_with_a_decimal_comma_and_earlier_spells_reach_the_case(
    client: TestClient, ctx: AppContext, ole: dict[str, Any]
) -> None:
    fields = form_fields(ole) | {
        "employee.weekly_hours": "32,5",
        "previous_absence.0.from": "2025-10-01",
        "previous_absence.0.to": "2025-12-19",
        "previous_absence.1.from": "2026-01-12",
        "previous_absence.1.to": "2026-01-23",
    }
    response = send(client, "/anmodning", fields)
    assert response.status_code == 200, response.text
    with ctx.unit_of_work() as session:
        case = session.exec(select(Case)).one()
    assert case.normal_hours_per_week == 32.5
    # § 24: without the spells Ole's reassessment is due 2026-08-31 (test_seed_stories); with
    # 92 more days of benefit the 22 weeks in 9 months come sooner.
    assert reassessment_day(ctx) < "2026-08-31"


@pytest.mark.parametrize(
    ("typed", "field", "message"),
    [
        (
            {"employee.weekly_hours": "mange"},
            "employee.weekly_hours",
            "Medarbejderens normale ugentlige arbejdstid (employee.weekly_hours) skal være et tal.",
        ),
        (
            {"employee.weekly_hours": "90"},
            "employee.weekly_hours",
            "Medarbejderens normale ugentlige arbejdstid (employee.weekly_hours) er for stor.",
        ),
        (
            {"previous_absence.0.from": "2026-02-10", "previous_absence.0.to": "2026-02-01"},
            "previous_absence.0.to",
            "Tidligere sygefravær 1: sidste dag (to) skal ligge på eller efter 'from'.",
        ),
        (
            {"previous_absence.1.from": "2026-01-05", "previous_absence.1.to": "2026-01-09"},
            "previous_absence.0.from",  # a blank row before a filled one is named
            "Tidligere sygefravær 1: første dag (from) mangler.",
        ),
        (
            {"previous_absence.0.from": "2026-02-20", "previous_absence.0.to": "2026-03-05"},
            "previous_absence",
            "Tidligere sygefravær (previous_absence) skal slutte før første sygedag "
            "(first_absence_day).",
        ),
    ],
    ids=["hours-not-a-number", "hours-too-many", "spell-ends-first", "blank-row", "overlaps"],
)
def test_a_wrong_weekly_hours_or_spell_is_refused_next_to_its_field_and_nothing_is_written(
    client: TestClient,
    ctx: AppContext,
    ole: dict[str, Any],
    typed: dict[str, str],
    field: str,
    message: str,
) -> None:
    response = send(client, "/anmodning/medarbejder", form_fields(ole) | typed)
    assert response.status_code == 422
    page = response.text.replace("&#39;", "'")
    assert error_of(page, field) == message
    for name, value in typed.items():
        assert f'value="{value}"' in page, name  # what was typed is kept
    with ctx.unit_of_work() as session:
        assert session.exec(select(col(Case.id))).first() is None
