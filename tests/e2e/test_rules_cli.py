"""`fasttrack rules show` and `fasttrack config load`'s refusal of a policy looser than the law."""

from __future__ import annotations

from pathlib import Path

from tests.e2e.cli import Fasttrack


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
        "anchor": "request",
        "source": "BEK 1710/2024 § 4, stk. 1: «senest 2 bankdage efter afsendelsen af brevet»",
    }


def test_rules_show_before_2025_cites_the_earlier_executive_order(tmp_path: Path) -> None:
    shown = Fasttrack(tmp_path).json("rules", "show", "--on", "2024-12-31", "--json")
    assert (shown["ruleset"], shown["effective_from"]) == ("before-2025", None)
    assert str(rule(shown, "acceptance")["source"]).startswith("BEK 473/2021")


def test_rules_show_for_a_municipality_names_its_policy_as_the_source(tmp_path: Path) -> None:
    shown = Fasttrack(tmp_path).json(
        "rules", "show", "--municipality", "265", "--on", "2026-09-10", "--json"
    )
    roundtable = rule(shown, "roundtable")
    assert (roundtable["value"], roundtable["unit"]) == (10, "calendar_days")
    assert str(roundtable["source"]).startswith("Jobcenter Roskilde's policy")
    assert shown["municipality"] == "Jobcenter Roskilde"


def test_rules_show_refuses_an_unknown_municipality_and_a_bad_date(tmp_path: Path) -> None:
    fasttrack = Fasttrack(tmp_path)
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
