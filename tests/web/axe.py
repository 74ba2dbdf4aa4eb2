"""axe-core (bundled with axe-playwright-python) run on a page in the browser tests: WCAG 2.1 A
and AA rules. A serious or critical violation fails the test; the count of every violation by
impact is printed for each page (`pytest -s` shows it; it is also in the failure report)."""

from __future__ import annotations

from collections import Counter
from typing import Any

from axe_playwright_python.sync_playwright import Axe

WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
BLOCKING = ("critical", "serious")
IMPACTS = ("critical", "serious", "moderate", "minor")

_AXE = Axe()


def violations(page: Any) -> list[dict[str, Any]]:
    """axe's violations on the page as it is now (WCAG 2.1 A and AA rules only)."""
    options = {"runOnly": {"type": "tag", "values": WCAG_21_AA}, "resultTypes": ["violations"]}
    found: list[dict[str, Any]] = _AXE.run(page, options=options).response["violations"]
    return found


def check_accessibility(page: Any, label: str) -> dict[str, int]:
    """Run axe on `page`; print the counts by impact under `label`; fail on serious or critical."""
    found = violations(page)
    counts = Counter(str(v.get("impact")) for v in found)
    summary = {impact: counts.get(impact, 0) for impact in IMPACTS}
    print(f"axe {label}: " + ", ".join(f"{k} {v}" for k, v in summary.items()))
    blocking = [v for v in found if v.get("impact") in BLOCKING]
    assert not blocking, f"axe on {label} ({page.url}):\n" + "\n".join(
        f"- {v['impact']} {v['id']}: {v['help']} — "
        + "; ".join(" ".join(node["target"]) for node in v["nodes"][:5])
        for v in blocking
    )
    return summary
