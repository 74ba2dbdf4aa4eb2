"""`fasttrack rules show` and `fasttrack config load`'s refusal of a policy looser than the law."""

from __future__ import annotations

import json
from pathlib import Path

from tests.conftest import EXAMPLES
from tests.e2e.cli import Fasttrack

DEMO_CONFIG = Path(__file__).parents[2] / "fasttrack_core" / "demo_config.toml"


def rule(shown: dict[str, object], rule_id: str) -> dict[str, object]:
    rules = shown["rules"]
    assert isinstance(rules, list)
    return next(r for r in rules if r["id"] == rule_id)


def test_rules_show_prints_the_2025_rule_set_with_each_rules_terms_and_source(
    tmp_path: Path,
) -> None:
    shown = Fasttrack(tmp_path).json("rules", "show", "--on", "2026-03-24", "--json")
    assert (shown["ruleset"], shown["effective_from"]) == ("2025", "2025-01-01")
    assert rule(shown, "acceptance") == {
        "id": "acceptance",
        "value": 2,
        "unit": "bank_days",
        "anchor": "notice_dispatch",
        "source": "BEK 1710/2024 § 4, stk. 1: «senest 2 bankdage efter afsendelsen af brevet» "
        "(Kapitel 3: only where an employer asks)",
    }


def test_rules_show_as_text_gives_units_anchors_and_sources_in_danish(tmp_path: Path) -> None:
    fasttrack = Fasttrack(tmp_path)
    fasttrack.run("config", "load", str(DEMO_CONFIG))
    shown = fasttrack.run("rules", "show", "--municipality", "265", "--on", "2026-09-10").stdout
    lines = {line.split(":", 1)[0]: line for line in shown.splitlines()}
    assert lines["acceptance"] == (
        "acceptance: 2 bankdage fra afsendelsen af brevet til medarbejderen. Kilde: BEK 1710/2024 "
        "§ 4, stk. 1: «senest 2 bankdage efter afsendelsen af brevet» (kapitel 3: kun når "
        "arbejdsgiveren anmoder)"
    )
    assert lines["roundtable"].startswith(
        "roundtable: 10 kalenderdage fra anmodningen. Kilde: Jobcenter Roskildes politik; "
        "standardens kilde: Kommunal praksis"
    )


def test_rules_show_before_2025_cites_the_earlier_executive_order(tmp_path: Path) -> None:
    shown = Fasttrack(tmp_path).json("rules", "show", "--on", "2024-12-31", "--json")
    assert (shown["ruleset"], shown["effective_from"]) == ("before-2025", None)
    assert str(rule(shown, "acceptance")["source"]).startswith("BEK 473/2021")


def test_rules_show_for_a_municipality_names_its_policy_as_the_source(tmp_path: Path) -> None:
    fasttrack = Fasttrack(tmp_path)
    fasttrack.run("config", "load", str(DEMO_CONFIG))
    shown = fasttrack.json("rules", "show", "--municipality", "265", "--on", "2026-09-10", "--json")
    roundtable = rule(shown, "roundtable")
    assert (roundtable["value"], roundtable["unit"]) == (10, "calendar_days")
    assert str(roundtable["source"]).startswith("Jobcenter Roskilde's policy")
    assert shown["municipality"] == "Jobcenter Roskilde"


def test_rules_show_refuses_an_unknown_municipality_and_a_bad_date(tmp_path: Path) -> None:
    fasttrack = Fasttrack(tmp_path)
    fasttrack.run("config", "load", str(DEMO_CONFIG))
    unknown = fasttrack.run("rules", "show", "--municipality", "999", "--json", expect=2)
    assert "Kommune 999 har intet jobcenter" in unknown.stderr
    bad = fasttrack.run("rules", "show", "--on", "1. januar", expect=2)
    assert "er ikke en dato" in bad.stderr


def test_config_load_refuses_a_policy_below_a_statutory_floor_and_writes_nothing(
    tmp_path: Path,
) -> None:
    fasttrack = Fasttrack(tmp_path)
    config = tmp_path / "ishoj.toml"
    config.write_text(
        '[[job_centre]]\nmunicipality = "183"\nname = "Jobcenter Ishøj"\n'
        'policy = { acceptance = "1bd" }\n',
        "utf-8",
    )
    refused = fasttrack.run("config", "load", str(config), expect=2)
    assert "mindst 2 bankdage" in " ".join(refused.stderr.split())
    # The demo configuration's Ishøj (the default policy) is what the database still holds.
    shown = fasttrack.json("rules", "show", "--municipality", "183", "--json")
    assert rule(shown, "acceptance")["value"] == 2
    assert "Ishøj's policy" not in str(rule(shown, "acceptance")["source"])


def submit(fasttrack: Fasttrack, requested_at: str, first_absence_day: str) -> str:
    request = json.loads((EXAMPLES / "request-ole.json").read_text("utf-8"))
    request.update(requested_at=requested_at, first_absence_day=first_absence_day)
    opened = fasttrack.json("request", "submit", fasttrack.file(request), "--as-of", requested_at)
    return str(opened["case"])


def test_case_show_gives_each_step_its_rule_and_source_under_the_2025_rule_set(
    tmp_path: Path,
) -> None:
    fasttrack = Fasttrack(tmp_path)
    shown = fasttrack.json(
        "case", "show", submit(fasttrack, "2026-03-24T09:30:00+01:00", "2026-03-03"), "--json"
    )
    assert shown["ruleset"] == "2025"
    rules = {s["kind"]: (s["rule"], s["source"]) for s in shown["steps"]}
    # The doctor's statement waits until asked for (§ 11 a); § 24 is a reassessment.
    assert set(rules) == {"notice", "acceptance", "first_followup", "roundtable", "reassessment"}
    assert rules["reassessment"][1].startswith("Sygedagpengeloven § 24, stk. 1")
    assert rules["acceptance"][0] == "acceptance"
    assert rules["acceptance"][1].startswith("BEK 1710/2024 § 4, stk. 1")
    assert rules["first_followup"][1].startswith("Sygedagpengeloven § 13 b, stk. 2")
    assert all(rule and source for rule, source in rules.values())


def test_a_case_requested_before_2025_keeps_the_earlier_rule_set(tmp_path: Path) -> None:
    # 23:30 on New Year's Eve in Copenhagen is still 2024: the request's Danish date decides.
    fasttrack = Fasttrack(tmp_path)
    shown = fasttrack.json(
        "case", "show", submit(fasttrack, "2024-12-31T23:30:00+01:00", "2024-12-16"), "--json"
    )
    assert shown["ruleset"] == "before-2025"
    acceptance = next(s for s in shown["steps"] if s["kind"] == "acceptance")
    assert (acceptance["rule"], acceptance["source"][:12]) == ("acceptance", "BEK 473/2021")


def test_a_declined_case_names_the_week_8_rule_for_its_first_talk(tmp_path: Path) -> None:
    fasttrack = Fasttrack(tmp_path)
    ref = submit(fasttrack, "2026-03-24T09:30:00+01:00", "2026-03-03")
    fasttrack.record(ref, "declined", "2026-03-25T10:00:00+01:00")
    shown = fasttrack.json("case", "show", ref, "--json")
    talk = next(s for s in shown["steps"] if s["kind"] == "first_followup")
    assert talk["rule"] == "declined_first_followup"
    assert "ottende uge" in talk["source"]


def test_a_job_centres_policy_is_the_source_of_the_deadline_it_changes(tmp_path: Path) -> None:
    fasttrack = Fasttrack(tmp_path)
    request = json.loads((EXAMPLES / "request-ole.json").read_text("utf-8"))
    request["employee"]["residence_municipality"] = "265"  # Roskilde: roundtable 10 days
    opened = fasttrack.json(
        "request", "submit", fasttrack.file(request), "--as-of", request["requested_at"]
    )
    shown = fasttrack.json("case", "show", opened["case"], "--json")
    roundtable = next(s for s in shown["steps"] if s["kind"] == "roundtable")
    assert roundtable["source"].startswith("Jobcenter Roskilde's policy")


def test_a_roundtable_by_role_alone_is_recorded_and_one_without_the_employer_is_refused(
    tmp_path: Path,
) -> None:
    # LAW.md defect 8: a roundtable means the employee, the employer side and the consultant.
    fasttrack = Fasttrack(tmp_path)
    ref = submit(fasttrack, "2026-03-24T09:30:00+01:00", "2026-03-03")
    fasttrack.record(ref, "accepted", "2026-03-25T10:00:00+01:00")
    fasttrack.record(ref, "followup_held", "2026-03-31T10:00:00+02:00")
    alone = {"participants": [{"role": "employee"}]}
    when = "2026-04-07T10:00:00+02:00"
    refused = fasttrack.run(
        "case", "record", ref, "roundtable_held", "--at", when, "--as-of", when,
        "--data", fasttrack.file(alone), expect=2,
    )  # fmt: skip
    assert "arbejdsgiversiden (leder eller HR) og konsulenten" in " ".join(refused.stderr.split())
    by_role = {**alone, "participants": [{"role": r} for r in ("employee", "leader", "consultant")]}
    assert fasttrack.record(ref, "roundtable_held", when, by_role)["status"] == "plan_active"
