"""`fasttrack config load`: the summary, and a warning about a job centre without a team lead."""

from __future__ import annotations

import json
from pathlib import Path

from tests.e2e.cli import Fasttrack


def test_config_load_warns_on_stderr_and_in_the_summary_about_a_missing_team_lead(
    tmp_path: Path,
) -> None:
    fasttrack = Fasttrack(tmp_path)
    config = tmp_path / "ishoj.toml"
    config.write_text(
        '[[job_centre]]\nmunicipality = "183"\nname = "Jobcenter Ishøj"\n'
        'admin_email = "admin@ishoj.jobcenter.example.dk"\n',
        "utf-8",
    )
    result = fasttrack.run("config", "load", str(config))
    warning = (
        "Jobcenter Ishøj (183) har ingen teamleder (team_lead_email): eskaleringer af overskredne "
        "frister går i stedet til jobcentrets administrator (admin@ishoj.jobcenter.example.dk)."
    )
    assert json.loads(result.stdout)["warnings"] == [warning]
    assert " ".join(result.stderr.split()) == f"Advarsel: {warning}"
