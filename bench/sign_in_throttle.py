"""Reproducible check of the sign-in throttle (issue 12, defect 3) on loopback.

A fresh SQLite database in a temporary directory with the demo configuration and one consultant;
the web app (`app_from_settings`, as `fasttrack web` serves it) under Uvicorn on 127.0.0.1; then
a bounded loop over real HTTP: `--attempts` wrong passwords for the account, then the right one.
Before issue 12 the answer was 401 every time and then 303 (signed in). Prints how each attempt
was answered and how long the loop took, then one line of JSON; exits 1 if the right password
got in after the wrong ones, or if the lockout came without Retry-After or a Danish message.

Run: .venv/bin/python bench/sign_in_throttle.py [--attempts 30]
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path
from typing import Any

import httpx

from fasttrack_core.bootstrap import build_context
from fasttrack_core.embedded.web_server import first_free_port, start_web
from fasttrack_core.services.setup import prepare
from fasttrack_core.services.users import add_user
from fasttrack_core.settings import load_settings
from fasttrack_core.web.app import app_from_settings

HOST = "127.0.0.1"
EMAIL = "karin@ishoj.example.dk"
PASSWORD = "korrekt hest batteri staldør"
LOCKED = "For mange mislykkede forsøg på at logge ind."
_CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')


def _prepare(directory: Path) -> None:
    os.environ.update(
        {
            "FASTTRACK_DATABASE_URL": f"sqlite:///{directory / 'throttle.db'}",
            "FASTTRACK_SECRET_KEY": "throttle-check-secret-0123456789-abcdefghijklm",
        }
    )
    os.environ.pop("PREFECT_API_URL", None)
    settings = load_settings()
    ctx = build_context(settings)
    prepare(ctx, settings)
    add_user(ctx, "Karin", "consultant", EMAIL, "183", PASSWORD, as_of=ctx.clock.now())
    ctx.engine.dispose()


def _attempt(client: httpx.Client, password: str) -> httpx.Response:
    found = _CSRF.search(client.get("/login").text)
    assert found, "no CSRF token on /login"
    data = {"email": EMAIL, "password": password, "csrf_token": found.group(1)}
    return client.post("/login", data=data)


def run(attempts: int) -> dict[str, Any]:
    """Serve the app on loopback and run the loop; the figures."""
    with tempfile.TemporaryDirectory() as directory:
        _prepare(Path(directory))
        server = start_web(app_from_settings(), HOST, first_free_port(HOST, 8600))
        try:
            with httpx.Client(base_url=server.url, follow_redirects=False) as client:
                started = time.perf_counter()
                wrong = [_attempt(client, f"forkert {n}").status_code for n in range(attempts)]
                right = _attempt(client, PASSWORD)
                seconds = time.perf_counter() - started
        finally:
            server.stop()
    return {
        "attempts": attempts,
        "wrong_answers": dict(Counter(wrong)),
        "right_password_status": right.status_code,
        "retry_after_s": int(right.headers.get("retry-after", "0")),
        "danish_message": LOCKED in right.text,
        "seconds": round(seconds, 2),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--attempts", type=int, default=30)
    figures = run(parser.parse_args().attempts)
    print(f"{figures['attempts']} wrong passwords answered: {figures['wrong_answers']}")
    print(
        f"then the right one: {figures['right_password_status']} "
        f"(Retry-After {figures['retry_after_s']} s), in {figures['seconds']} s in all"
    )
    print(json.dumps(figures))
    held = (
        figures["right_password_status"] == 429
        and figures["retry_after_s"] > 0
        and figures["danish_message"]
    )
    sys.exit(0 if held else 1)


if __name__ == "__main__":
    main()
