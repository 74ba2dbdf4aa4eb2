"""Issue 12, defect 10: a CSP without inline script, plugins or <base>; HSTS over HTTPS; the
security headers on error pages too; no CDN for the API docs; a case the user may not see
answers like one that does not exist; the SMTP password is a secret."""

from __future__ import annotations

import base64
import hashlib
import re

from fastapi.testclient import TestClient
from httpx import Response
from pydantic import SecretStr

from fasttrack_core.db import AppContext
from fasttrack_core.settings import Settings
from fasttrack_core.web.app import create_app
from tests.conftest import TEST_SECRET
from tests.web.conftest import OpenCase, Person, sign_in


def _csp(response: Response) -> dict[str, str]:
    """The policy's directives by name."""
    directives = response.headers["content-security-policy"].split(";")
    return {name: value for name, _, value in (d.strip().partition(" ") for d in directives)}


def test_defect_10_the_csp_allows_no_inline_script_no_plugins_and_no_base(
    client: TestClient,
) -> None:
    policy = _csp(client.get("/login"))
    assert policy["script-src"] == "'self'"
    assert policy["object-src"] == "'none'"
    assert policy["base-uri"] == "'none'"
    assert policy["frame-ancestors"] == "'none'"


def test_the_csp_allows_no_inline_style_on_pages(
    client: TestClient, people: dict[str, Person]
) -> None:
    for path in ("/login", "/anmodning", "/leder"):
        header = client.get(path).headers["content-security-policy"]
        assert "unsafe" not in header and _csp(client.get(path))["style-src"] == "'self'"
    sign_in(client, people["team_lead"])
    team = client.get("/team")
    assert "unsafe" not in team.headers["content-security-policy"]
    assert "style=" not in team.text and "<style" not in team.text


def test_a_report_served_as_a_page_allows_exactly_its_own_style_elements(
    client: TestClient, people: dict[str, Person]
) -> None:
    sign_in(client, people["steering"])
    report = client.get("/rapporter/rapport", params={"fra": "01-03-2026", "til": "31-03-2026"})
    assert report.status_code == 200
    (header,) = report.headers.get_list("content-security-policy")  # one policy, its own
    allowed = _csp(report)["style-src"].split()
    blocks = re.findall(r"<style\b[^>]*>(.*?)</style>", report.text, re.DOTALL)
    digests = {base64.b64encode(hashlib.sha256(b.encode()).digest()).decode() for b in blocks}
    assert blocks and set(allowed) == {"'self'", *(f"'sha256-{d}'" for d in digests)}
    assert "unsafe" not in header and "style=" not in report.text  # the charts' styles too
    assert _csp(report)["script-src"] == "'self'"


def test_defect_10_hsts_is_sent_over_https_only(ctx: AppContext, client: TestClient) -> None:
    assert "strict-transport-security" not in client.get("/login").headers
    https = TestClient(create_app(ctx, TEST_SECRET, https_only=True), base_url="https://testserver")
    assert https.get("/login").headers["strict-transport-security"] == "max-age=31536000"


def test_defect_10_a_server_error_page_carries_the_security_headers(ctx: AppContext) -> None:
    app = create_app(ctx, TEST_SECRET)

    @app.get("/fejl-til-testen")
    def broken() -> None:
        raise RuntimeError("a fault")

    response = TestClient(app, raise_server_exceptions=False).get("/fejl-til-testen")
    assert response.status_code == 500
    assert "Der skete en fejl" in response.text and "RuntimeError" not in response.text
    assert _csp(response)["script-src"] == "'self'"
    assert response.headers["x-frame-options"] == "DENY"
    assert response.headers["cache-control"] == "no-store"


def test_defect_10_no_api_docs_page_that_loads_script_from_a_cdn(client: TestClient) -> None:
    assert client.get("/api/docs").status_code == 404
    assert client.get("/api/openapi.json").status_code == 200
    for path in ("/", "/login", "/anmodning", "/om-fast-track"):
        assert "cdn" not in client.get(path).text.lower()


def test_defect_10_another_job_centres_case_answers_like_a_missing_one(
    client: TestClient, people: dict[str, Person], ole_case: OpenCase
) -> None:
    sign_in(client, people["other_consultant"])
    hidden = client.get(f"/sager/{ole_case.reference}")
    missing = client.get("/sager/FT-2026-999999")
    assert (hidden.status_code, hidden.text) == (missing.status_code, missing.text)
    assert hidden.status_code == 404


def test_defect_10_the_smtp_password_is_a_secret() -> None:
    settings = Settings(smtp_password="hemmeligt-kodeord")  # type: ignore[arg-type]
    assert isinstance(settings.smtp_password, SecretStr)
    assert "hemmeligt-kodeord" not in repr(settings) and "hemmeligt-kodeord" not in str(
        settings.model_dump()
    )
