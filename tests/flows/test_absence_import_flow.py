"""The `absence-import` deployment's flow against a real Prefect server (issue 16): it imports what
waits in the inbox, moves each file to processed/ or refused/ (with the reasons beside it), a
second run finds nothing, and nothing Prefect keeps names an employee or a leader."""

from __future__ import annotations

import json
from pathlib import Path

from flows.absence_import import absence_import_flow
from tests.flows.conftest import api_post, flow_world

HEADER = "employee_id,cvr,workplace,leader_email,first_day,last_day"
GOOD = "L-4711,29189595,Ældreplejen Vest,leder.vest@hjorring.example.dk,2026-03-09,2026-03-15"
BAD = "L-4712,29189595,Ældreplejen Vest,leder.vest@hjorring.example.dk,2026-03-09,9/3"
AS_OF = "2026-03-16T08:00:00+01:00"


def test_the_inbox_is_imported_and_emptied_without_personal_data_in_prefect(
    prefect_api: str, tmp_path: Path, sqlite_template: Path
) -> None:
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "a-fravaer.csv").write_text(f"{HEADER}\n{GOOD}\n", "utf-8")
    (inbox / "b-fravaer.csv").write_text(f"{HEADER}\n{BAD}\n", "utf-8")
    with flow_world(tmp_path, sqlite_template):
        counts = absence_import_flow(folder=str(inbox), as_of=AS_OF)
        again = absence_import_flow(folder=str(inbox), as_of=AS_OF)
    assert counts == {"files": 2, "imported": 1, "alerts": 1, "refused": 1}
    assert again == {"files": 0, "imported": 0, "alerts": 0, "refused": 0}
    assert list(inbox.glob("*.csv")) == []
    assert [p.name.split("-", 1)[1] for p in (inbox / "processed").iterdir()] == ["a-fravaer.csv"]
    reasons = next((inbox / "refused").glob("*.afvist.txt")).read_text("utf-8")
    assert reasons.startswith("Linje 2:") and "ikke en dato" in reasons
    runs = api_post(prefect_api, "flow_runs/filter", {"limit": 50})
    ours = [run for run in runs if run["name"].startswith("absence-import")]
    assert len(ours) == 2
    kept = json.dumps(ours) + json.dumps(api_post(prefect_api, "artifacts/filter", {"limit": 50}))
    for secret in ("L-4711", "leder.vest@", "Ældreplejen"):
        assert secret not in kept
