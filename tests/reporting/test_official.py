"""Official context (issue 17 item 3): a Jobindsats CSV for sickness benefit, downloaded by the
user, imported and shown beside the cohort's figures, labelled as a different population."""

from __future__ import annotations

from datetime import date

import pytest

from fasttrack_core.db import AppContext
from fasttrack_core.errors import Refused
from fasttrack_core.reporting.document import render
from fasttrack_core.reporting.figures import steering_figures
from fasttrack_core.reporting.official import POPULATION, import_table, parse_table
from fasttrack_core.reporting.periods import Period, Scope
from tests.conftest import at

# As Jobindsats writes it: semicolons, decimal commas, a byte-order mark, "-" for no figure.
TABLE = (
    "\ufeffOmråde;Periode;Gennemsnitlig varighed af afsluttede forløb (uger)\n"
    "Ishøj;2026M02;10,4\n"
    "Ishøj;2026M03;9,8\n"
    "Hele landet;2026M03;11,2\n"
    "Kolding;2026M03;-\n"
)
MARCH = Period(date(2026, 3, 1), date(2026, 3, 31))


def test_a_jobindsats_table_is_shown_beside_the_cohort_as_another_population(
    ctx: AppContext,
) -> None:
    assert import_table(ctx, TABLE, as_of=at("2026-04-01 09:00")) == 3
    assert import_table(ctx, TABLE, as_of=at("2026-04-02 09:00")) == 3  # replaced, not doubled
    figures = steering_figures(ctx, MARCH, Scope(municipality="183"))
    context = figures.to_json()["official_context"]
    assert context["population"] == POPULATION
    assert [(f["period"], f["value"]) for f in context["figures"]] == [
        ("2026M02", 10.4),
        ("2026M03", 9.8),
    ]
    html = render(figures, "html", at("2026-04-02 10:00")).decode()
    assert "en anden population" in html and "9,8" in html


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("", "ingen tal"),
        ("Område;Periode\nIshøj;2026M03\n", "ingen kolonne med tal"),
        ("Sted;Periode;Uger\nIshøj;2026M03;3\n", "mangler en kolonne for området"),
        ("Område;Periode;Uger\nIshøj;2026M03;tre\n", "ikke et tal"),
        ("Område;Periode;Uger\nIshøj;2026M03\n", "Linje 2 har 2 felter"),
    ],
)
def test_a_file_that_is_not_such_a_table_is_refused_in_danish(text: str, reason: str) -> None:
    with pytest.raises(Refused, match=reason):
        parse_table(text)
