"""`fasttrack absence import FILE.csv [--as-of ISO]` (issue 16): JSON counts, idempotent per file,
a bad file refused whole with a Danish reason per line (exit 2)."""

from __future__ import annotations

from pathlib import Path

from tests.e2e.cli import Fasttrack

HEADER = "employee_id,cvr,workplace,leader_email,first_day,last_day"
ROW = "L-100,29189595,Ældreplejen Vest,leder@hjorring.example.dk,2026-03-09,2026-03-15"


def test_absence_import_prints_counts_and_is_idempotent_per_file(tmp_path: Path) -> None:
    cli = Fasttrack(tmp_path)
    data = tmp_path / "fravaer.csv"
    data.write_text(f"{HEADER}\n{ROW}\n", "utf-8")
    as_of = ["--as-of", "2026-03-16T08:00:00+01:00"]
    assert cli.json("absence", "import", str(data), *as_of) == {"imported": 1, "alerts": 1}
    assert cli.json("absence", "import", str(data), *as_of) == {"imported": 0, "alerts": 0}


def test_a_bad_file_is_refused_with_a_reason_per_line(tmp_path: Path) -> None:
    cli = Fasttrack(tmp_path)
    data = tmp_path / "fravaer.csv"
    bad = ROW.replace("2026-03-09", "9/3-2026")
    data.write_text(f"{HEADER}\n{ROW}\n{bad}\n{bad}\n", "utf-8")
    result = cli.run("absence", "import", str(data), "--as-of", "2026-03-16", expect=2)
    assert "Linje 3" in result.stderr and "Linje 4" in result.stderr
    assert "ikke en dato" in result.stderr
    missing = cli.run("absence", "import", str(tmp_path / "nej.csv"), expect=2)
    assert "kan ikke læses" in " ".join(missing.stderr.split())
