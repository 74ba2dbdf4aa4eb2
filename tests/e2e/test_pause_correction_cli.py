"""Issue 14, items 4, 5 and 7 through the command line: `case record REF paused|resumed|
corrected|reopened --data`, and `case export REF --format pdf|json --purpose --out`."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.e2e.cli import Fasttrack
from tests.e2e.test_recording_law import HANNE_REQUEST, refused, submit


@pytest.fixture
def fasttrack(tmp_path: Path) -> Fasttrack:
    return Fasttrack(tmp_path)


def test_pause_resume_correct_and_export_from_the_command_line(
    fasttrack: Fasttrack, tmp_path: Path
) -> None:
    ref = submit(fasttrack, "request-hanne.json", HANNE_REQUEST)
    fasttrack.record(ref, "accepted", "2026-09-11T09:00:00+02:00")
    standby = {"reason": "standby", "resume_on": "2026-09-25"}
    assert (
        fasttrack.record(ref, "paused", "2026-09-11T10:00:00+02:00", standby)["event"] == "paused"
    )
    assert fasttrack.json("case", "show", ref, "--json")["pause"]["resume_on"] == "2026-09-25"
    reason = refused(fasttrack, ref, "paused", "2026-09-12T10:00:00+02:00", standby)
    assert "allerede sat i bero til 2026-09-25" in reason
    # The sweep resumes it on the resume date.
    assert fasttrack.sweep("2026-09-25T00:10:00+02:00")["resumed"] == 1
    shown = fasttrack.json("case", "show", ref, "--json")
    assert shown["pause"] is None and shown["paused_days"] == 14
    accepted = next(e["id"] for e in shown["events"] if e["kind"] == "accepted")
    fix = {
        "event_id": accepted,
        "reason": "Svaret kom om morgenen",
        "at": "2026-09-11T08:00:00+02:00",
    }
    assert (
        fasttrack.record(ref, "corrected", "2026-09-25T09:00:00+02:00", fix)["event"] == "corrected"
    )
    no_reason = refused(
        fasttrack, ref, "corrected", "2026-09-25T09:30:00+02:00", {"event_id": accepted}
    )
    assert "reason" in no_reason
    out = tmp_path / "sagsakt.json"
    fasttrack.run("case", "export", ref, "--format", "json", "--purpose", "overdragelse til Vejle",
                  "--out", str(out))  # fmt: skip
    exported = json.loads(out.read_text("utf-8"))
    assert exported["purpose"] == "overdragelse til Vejle"
    assert [e["kind"] for e in exported["case"]["events"]][-3:] == [
        "paused",
        "resumed",
        "corrected",
    ]
    pdf = tmp_path / "sagsakt.pdf"
    fasttrack.run("case", "export", ref, "--purpose", "borgerens indsigt", "--out", str(pdf))
    assert pdf.read_bytes().startswith(b"%PDF")
    missing = fasttrack.run("case", "export", ref, "--out", str(pdf), "--purpose", "", expect=2)
    assert "formålet" in missing.stderr
