"""`fasttrack case hand-back`, `case take` and `case transfer` (issue 14, items 2 and 6): JSON out,
Danish refusals with exit 2, the case file written where asked."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from tests.conftest import START
from tests.e2e.cli import Fasttrack

WHEN = "2026-03-24T11:00:00+01:00"


def test_hand_back_take_over_and_transfer_elsewhere_from_the_command_line(
    tmp_path: Path, ole: dict[str, Any]
) -> None:
    fasttrack = Fasttrack(tmp_path)
    opened = fasttrack.json("request", "submit", fasttrack.file(ole), "--as-of", START.isoformat())
    reference = opened["case"]
    owner = fasttrack.json("case", "show", reference, "--json")["consultant"]
    other = next(
        email
        for email in (
            "mette.holm@ishoj.jobcenter.example.dk",
            "jonas.krogh@ishoj.jobcenter.example.dk",
        )
        if email != owner
    )
    refused = fasttrack.run(
        "case", "hand-back", reference, "--as", other, "--reason", "Ferie", "--as-of", WHEN,
        expect=2,
    )  # fmt: skip
    assert "Kun sagens egen konsulent" in refused.stderr
    assert fasttrack.json(
        "case", "hand-back", reference, "--as", owner, "--reason", "Ferie", "--as-of", WHEN
    ) == {"case": reference, "event": "handed_back"}
    fasttrack.json("case", "take", reference, "--as", other, "--as-of", WHEN)
    assert fasttrack.json("case", "show", reference, "--json")["consultant"] == other
    out = tmp_path / "sagsakt.json"
    result = fasttrack.json(
        "case", "transfer", reference, "--to", "101", "--out", str(out), "--as-of", WHEN
    )
    assert (result["closed"], result["case_file"]) == (True, str(out))
    assert json.loads(out.read_text("utf-8"))["case"]["outcome"] == "transferred"
    assert out.stat().st_mode & 0o777 == 0o600
    refused = fasttrack.run("case", "transfer", reference, "--to", "621", expect=2)
    assert "afsluttet" in refused.stderr
