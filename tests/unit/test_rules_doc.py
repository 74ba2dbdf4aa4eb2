"""docs/rules.md is generated from the rule sets: it fails here when it is stale."""

from tools.rules_doc import DOC, render


def test_docs_rules_md_is_what_the_rule_sets_generate() -> None:
    # Regenerate with `.venv/bin/python tools/rules_doc.py`.
    assert DOC.read_text("utf-8") == render()


def test_docs_rules_md_lists_every_rule_set_and_a_demo_policys_changes() -> None:
    text = render()
    assert "## Rule set `2025`" in text and "## Rule set `before-2025`" in text
    assert "### Jobcenter Roskilde (265)" in text
    assert "| roundtable | 10 | calendar_days | request | Jobcenter Roskilde's policy" in text
