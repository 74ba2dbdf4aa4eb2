"""Issue 12, defect 4: keys can silently destroy or expose data. The key file lies next to the
database, a command refuses to start with a missing, empty, weak or wrong key, the session key
is not the data key, and `fasttrack keys rotate` re-encrypts everything under a new key."""

from __future__ import annotations

import json
import stat
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import inspect
from sqlmodel import Session, select

from fasttrack_core.crypto import CprVault, parse_keyring, session_signing_key
from fasttrack_core.db import make_engine
from fasttrack_core.keyring import load_session_secret
from fasttrack_core.models import Case, DataKeyCheck, TotpFactor, User, attach_vault
from fasttrack_core.settings import Settings
from tests.conftest import START
from tests.e2e.cli import Fasttrack

STRONG = "k1:Zq8vN3xL0pR7tY2wB5mK9cH4jD6fG1sA-Ue_Qo"


@pytest.fixture
def fasttrack(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Fasttrack:
    """The embedded default: no key in the environment; commands run from another directory."""
    database_dir = tmp_path / "data"
    database_dir.mkdir()
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    runner = Fasttrack(database_dir)
    runner.env["FASTTRACK_SECRET_KEY"] = None
    return runner


def _submit(fasttrack: Fasttrack, ole: dict[str, Any], expect: int = 0) -> Any:
    return fasttrack.run("request", "submit", fasttrack.file(ole), expect=expect)


def _cases(fasttrack: Fasttrack) -> list[Case]:
    engine = make_engine(f"sqlite:///{fasttrack.workdir / 'fasttrack.db'}")
    with Session(engine) as session:
        cases = list(session.exec(select(Case)).all())
    engine.dispose()
    return cases


def test_defect_4_the_key_file_lies_next_to_the_database_not_in_the_working_directory(
    fasttrack: Fasttrack, ole: dict[str, Any]
) -> None:
    _submit(fasttrack, ole)
    key_file = fasttrack.workdir / "fasttrack.key"
    assert key_file.exists() and not (Path.cwd() / "fasttrack.key").exists()
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    assert stat.S_IMODE((fasttrack.workdir / "fasttrack.db").stat().st_mode) == 0o600


def test_defect_4_a_missing_key_file_refuses_instead_of_making_a_duplicate_case(
    fasttrack: Fasttrack, ole: dict[str, Any]
) -> None:
    reference = json.loads(_submit(fasttrack, ole).stdout)["case"]
    (fasttrack.workdir / "fasttrack.key").unlink()
    refused = _submit(fasttrack, ole, expect=2)
    assert "findes ikke, men databasen indeholder krypterede data" in refused.stderr
    assert not (fasttrack.workdir / "fasttrack.key").exists()  # no new key was made
    shown = fasttrack.run("case", "show", reference, "--json", expect=2)
    assert "Traceback" not in shown.output and "Afvist" in shown.stderr
    assert len(_cases(fasttrack)) == 1


@pytest.mark.parametrize(
    ("key_text", "message"),
    [
        ("", "er tom"),
        ("k1:aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", "for svag"),
        ("k1:short", "for svag"),
        (STRONG, "passer ikke til databasen"),  # a strong key, but not the database's
    ],
)
def test_defect_4_an_empty_weak_or_wrong_key_refuses_to_start(
    fasttrack: Fasttrack, ole: dict[str, Any], key_text: str, message: str
) -> None:
    _submit(fasttrack, ole)
    (fasttrack.workdir / "fasttrack.key").write_text(key_text)
    refused = _submit(fasttrack, ole, expect=2)
    assert message in refused.stderr
    assert len(_cases(fasttrack)) == 1


def test_defect_4_a_weak_key_in_the_environment_refuses_to_start(
    fasttrack: Fasttrack, ole: dict[str, Any]
) -> None:
    fasttrack.env["FASTTRACK_SECRET_KEY"] = "secret"
    assert "for svag" in _submit(fasttrack, ole, expect=2).stderr
    engine = make_engine(fasttrack.env["FASTTRACK_DATABASE_URL"] or "")
    assert inspect(engine).get_table_names() == []  # refused before anything was written
    engine.dispose()


def test_defect_4_the_session_key_is_its_own_not_derived_from_the_data_key(
    fasttrack: Fasttrack, ole: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    _submit(fasttrack, ole)
    monkeypatch.setenv("FASTTRACK_DATABASE_URL", fasttrack.env["FASTTRACK_DATABASE_URL"] or "")
    monkeypatch.delenv("FASTTRACK_SECRET_KEY", raising=False)
    session_secret = load_session_secret(Settings())
    session_file = fasttrack.workdir / "fasttrack.session-key"
    assert session_file.read_text().strip() == session_secret
    assert stat.S_IMODE(session_file.stat().st_mode) == 0o600
    data_text = (fasttrack.workdir / "fasttrack.key").read_text()
    data_secret = data_text.strip().partition(":")[2]
    # Whoever holds the data key file cannot compute the cookie signing key from it.
    assert session_signing_key(session_secret) != session_signing_key(data_secret)
    assert session_secret not in data_text


def test_defect_4_keys_rotate_re_encrypts_every_value_and_retires_the_old_key(
    fasttrack: Fasttrack, ole: dict[str, Any]
) -> None:
    reference = json.loads(_submit(fasttrack, ole).stdout)["case"]
    old_key_text = (fasttrack.workdir / "fasttrack.key").read_text()
    rotated = json.loads(fasttrack.run("keys", "rotate").stdout)
    assert rotated == {"key": "k2", "retired": ["k1"], "cases": 1}
    key_text = (fasttrack.workdir / "fasttrack.key").read_text()
    assert key_text.startswith("k2:") and "k1:" not in key_text
    (case,) = _cases(fasttrack)
    assert case.cpr_encrypted.startswith("k2:") and case.answers_encrypted.startswith("k2:")
    shown = json.loads(fasttrack.run("case", "show", reference, "--json").stdout)
    assert shown["employee"]["cpr"] == "030478-****"
    # The look-up hash follows the key: the same employee still finds the open case.
    again = json.loads(_submit(fasttrack, ole).stdout)
    assert (again["case"], again["created"]) == (reference, False)
    engine = make_engine(fasttrack.env["FASTTRACK_DATABASE_URL"] or "")
    with Session(engine) as session:
        checks = {
            row.key_id: row.retired_at is not None for row in session.exec(select(DataKeyCheck))
        }
    engine.dispose()
    assert checks == {"k1": True, "k2": False}
    # The old key alone no longer opens the database.
    (fasttrack.workdir / "fasttrack.key").write_text(old_key_text)
    assert "udskiftet" in fasttrack.run("case", "show", reference, expect=2).stderr


# Two keys of the environment's form (the old one in use, the new one to rotate to).
OLD_KEY = "k1:Old0key1with2plenty3of4distinct5chars6XYZ"
NEW_KEY = "k2:New9key8with7plenty6of5distinct4chars3ABC"


def test_defect_4_keys_rotate_with_the_new_key_first_in_the_environment(
    fasttrack: Fasttrack, ole: dict[str, Any]
) -> None:
    old, new = OLD_KEY, NEW_KEY
    fasttrack.env["FASTTRACK_SECRET_KEY"] = old
    reference = json.loads(_submit(fasttrack, ole).stdout)["case"]
    refused = fasttrack.run("keys", "rotate", expect=2)
    assert "allerede i brug" in refused.stderr
    fasttrack.env["FASTTRACK_SECRET_KEY"] = f"{new} {old}"
    assert json.loads(fasttrack.run("keys", "rotate").stdout)["key"] == "k2"
    fasttrack.env["FASTTRACK_SECRET_KEY"] = new
    assert json.loads(fasttrack.run("case", "show", reference, "--json").stdout)["case"]
    (case,) = _cases(fasttrack)
    assert case.cpr_encrypted.startswith("k2:")


def test_keys_rotate_re_encrypts_the_totp_secrets_under_the_new_key(
    fasttrack: Fasttrack, ole: dict[str, Any]
) -> None:
    old, new = OLD_KEY, NEW_KEY
    fasttrack.env["FASTTRACK_SECRET_KEY"] = old
    _submit(fasttrack, ole)
    secret = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"
    engine = make_engine(fasttrack.env["FASTTRACK_DATABASE_URL"] or "")
    attach_vault(engine, CprVault(parse_keyring(old)))
    with Session(engine) as session:
        user = User(name="Ada", email="ada@example.dk", role="admin", password_hash="x",
                    created_at=START)  # fmt: skip
        session.add(user)
        session.flush()
        assert user.id is not None
        session.add(TotpFactor(user_id=user.id, secret=secret, enabled_at=START))
        session.commit()
    fasttrack.env["FASTTRACK_SECRET_KEY"] = f"{new} {old}"
    fasttrack.run("keys", "rotate")
    attach_vault(engine, CprVault(parse_keyring(new)))  # the new key alone reads it
    with Session(engine) as session:
        assert session.exec(select(TotpFactor.secret)).one() == secret
    with engine.connect() as connection:
        stored = connection.exec_driver_sql("SELECT secret_sealed FROM totp_factor").scalar_one()
    engine.dispose()
    assert stored.startswith("k2:")
