"""What-if (issue 17 item 4): the simulator twice from the same seed and intake. One consultant
more in an overloaded job centre (Ishøj at 3 cases per full-time consultant) gives fewer cases
over capacity; a bad scenario is refused before anything runs."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import update
from sqlmodel import col

from fasttrack_core.db import AppContext
from fasttrack_core.errors import Refused
from fasttrack_core.models import JobCentre
from fasttrack_core.reporting.whatif_page import render_whatif
from fasttrack_core.simulation.whatif import Run, Scenario, WhatIf, run_whatif
from tests.conftest import at

pytestmark = pytest.mark.parametrize("engine", ["sqlite"], indirect=True)
RUN = Run(cases=40, days=60, seed=3, start=date(2026, 1, 5), municipality="183")
ONE_MORE = Scenario("En konsulent mere i Ishøj", "Overbelastet jobcenter", add_consultants=1)


@pytest.fixture
def overloaded(ctx: AppContext) -> AppContext:
    with ctx.unit_of_work() as session:
        session.execute(
            update(JobCentre)
            .where(col(JobCentre.municipality_code) == "183")
            .values(policy={"capacity_per_fte": 3})
        )
        session.commit()
    return ctx


@pytest.fixture
def result(overloaded: AppContext) -> WhatIf:
    return run_whatif(overloaded, ONE_MORE, RUN)


def test_one_more_consultant_gives_fewer_cases_over_capacity(result: WhatIf) -> None:
    data = result.to_json()
    figures = data["figures"]
    assert figures["cases_over_capacity_mean"]["baseline"] > 0  # overloaded to begin with
    assert figures["cases_over_capacity_mean"]["difference"] < 0
    assert figures["cases_over_capacity"]["scenario"] <= figures["cases_over_capacity"]["baseline"]
    # The same intake: the same requests went into both runs.
    summary = (result.baseline.summary, result.changed.summary)
    assert summary[0]["cases_requested"] == summary[1]["cases_requested"] == 40
    assert summary[0]["cases_opened"] == summary[1]["cases_opened"]
    assert len(data["caseload"]["scenario"]) == len(data["caseload"]["baseline"]) + 1
    assert json.dumps(data)  # plain JSON


def test_the_page_shows_both_runs_side_by_side(result: WhatIf, tmp_path: Path) -> None:
    html = render_whatif(result, "html", at("2026-03-10 09:00")).decode()
    assert "Hvad nu hvis: En konsulent mere i Ishøj" in html
    assert html.count("<svg") == 4 and "Sager over kapacitet" in html
    pdf = render_whatif(result, "pdf", at("2026-03-10 09:00"))
    assert pdf.startswith(b"%PDF")
    (tmp_path / "whatif.pdf").write_bytes(pdf)


def test_a_scenario_that_breaks_the_law_or_the_file_is_refused(overloaded: AppContext) -> None:
    with pytest.raises(Refused, match="politik"):
        run_whatif(overloaded, Scenario("x", policy={"first_followup": "30d"}), RUN)
    with pytest.raises(Refused, match="mindst én konsulent"):
        run_whatif(overloaded, Scenario("x", add_consultants=-3), RUN)
    with pytest.raises(Refused, match="ukendte felter"):
        Scenario.from_toml('name = "x"\nconsultants = 2\n')
    with pytest.raises(Refused, match="999"):
        run_whatif(overloaded, ONE_MORE, Run(10, 10, 1, date(2026, 1, 5), "999"))
