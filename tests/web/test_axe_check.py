"""The accessibility check itself: axe-core does find what WCAG 2.1 AA forbids, so a page that
passes `check_accessibility` has really been checked."""

from __future__ import annotations

from typing import Any

import pytest

from tests.web.axe import check_accessibility, violations
from tests.web.browser import requires_chromium

pytestmark = requires_chromium


def test_axe_finds_an_unlabelled_field_and_a_missing_alt_text_and_fails_on_them(
    browser: Any,
) -> None:
    page = browser.new_page()
    page.set_content(
        '<html lang="da"><head><title>Prøve</title></head><body><main>'
        '<img src="data:,"><input type="text"></main></body></html>'
    )
    found = {(v["id"], v["impact"]) for v in violations(page)}
    assert ("image-alt", "critical") in found
    assert ("label", "critical") in found
    with pytest.raises(AssertionError, match="image-alt"):
        check_accessibility(page, "prøve")


def test_axe_passes_a_labelled_form(browser: Any) -> None:
    page = browser.new_page()
    page.set_content(
        '<html lang="da"><head><title>Prøve</title></head><body><main><h1>Prøve</h1>'
        '<label for="navn">Navn</label><input id="navn" type="text"></main></body></html>'
    )
    assert check_accessibility(page, "prøve")["critical"] == 0
