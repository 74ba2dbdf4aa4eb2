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


def test_a_concern_runs_its_steps_and_becomes_a_fast_track_case_at_the_command_line(
    tmp_path: Path,
) -> None:
    cli = Fasttrack(tmp_path)
    concern = {
        "raised_by": "employee",
        "channel": "phone",
        "received_at": "2026-03-23T10:00:00+01:00",
        "employee": {
            "name": "Ole Jensen",
            "cpr": "0304782678",
            "email": "ole@example.dk",
            "residence_municipality": "621",
        },
        "concern": "Ondt i ryggen; frygter at blive sygemeldt.",
        "employee_consents": True,
        "questions": {
            "affected_functions": "Løft",
            "affected_since": "Tre uger",
            "adaptation_tried": "Lettere opgaver",
        },
    }
    when = ["--as-of", "2026-03-23T10:00:00+01:00"]
    opened = cli.json("concern", "raise", cli.file(concern), *when)
    reference = opened["reference"]
    assert opened["created"] and reference.startswith("FB-2026-")
    later = ["--as-of", "2026-03-24T09:00:00+01:00"]
    assert cli.json("concern", "record", reference, "contacted", *later)["status"] == "contacted"
    refused = cli.run("concern", "record", reference, "effort_agreed", *later, expect=2)
    assert "først registreres" in " ".join(refused.stderr.split())
    # The employee's own concern named no workplace: the conversion adds it, nothing else.
    conversion = {
        "first_absence_day": "2026-03-30",
        "expected_over_8_weeks": True,
        "employer": {"cvr": "29189595", "name": "Plejecentret", "workplace": "Ældreplejen"},
        "leader": {"name": "Lise Leder", "email": "lise@example.dk"},
    }
    made = cli.json(
        "concern",
        "convert",
        reference,
        cli.file(conversion),
        "--as-of",
        "2026-03-31T09:00:00+02:00",
    )
    assert made["reference"].startswith("FT-2026-") and made["created"]
