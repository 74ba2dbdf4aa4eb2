"""Users and API keys: passwords kept as argon2id hashes, keys kept as hashes, Danish refusals."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select, update

from fasttrack_core.db import AppContext
from fasttrack_core.errors import Refused
from fasttrack_core.models import ApiKey, User
from fasttrack_core.services.users import (
    add_user,
    api_client,
    authenticate,
    create_api_key,
    revoke_api_key,
)
from fasttrack_core.services.verified_keys import TRUST_SECONDS, VERIFIED
from tests.conftest import START

PASSWORD = "en lang nok adgangskode"


def test_a_user_signs_in_with_the_password_and_not_with_another(ctx: AppContext) -> None:
    add_user(
        ctx, "Karin Konsulent", "consultant", "Karin@Ishoj.example.dk", "183", PASSWORD, as_of=START
    )
    user = authenticate(ctx, "karin@ishoj.example.dk", PASSWORD)
    assert user is not None and user.role == "consultant"
    assert authenticate(ctx, "karin@ishoj.example.dk", PASSWORD + "x") is None
    assert authenticate(ctx, "ukendt@ishoj.example.dk", PASSWORD) is None


def test_the_password_is_stored_only_as_an_argon2id_hash(ctx: AppContext) -> None:
    add_user(
        ctx, "Karin Konsulent", "consultant", "karin@ishoj.example.dk", "183", PASSWORD, as_of=START
    )
    with ctx.unit_of_work() as session:
        stored = session.exec(select(User.password_hash)).scalar_one()
    assert stored.startswith("$argon2id$")
    assert PASSWORD not in stored


def test_bad_user_input_is_refused_in_danish_and_creates_nobody(ctx: AppContext) -> None:
    with pytest.raises(Refused) as caught:
        add_user(ctx, " ", "chef", "ikke-en-adresse", None, "kort", as_of=START)
    reasons = " ".join(caught.value.reasons)
    assert "Rollen 'chef' findes ikke" in reasons
    assert "ikke en gyldig e-mailadresse" in reasons
    assert "mindst 12 tegn" in reasons
    assert "Navnet må ikke være tomt" in reasons
    with pytest.raises(Refused, match="intet jobcenter med kommunekoden 999"):
        add_user(ctx, "Karin", "consultant", "karin@ishoj.example.dk", "999", PASSWORD, as_of=START)
    add_user(ctx, "Karin", "consultant", "karin@ishoj.example.dk", "183", PASSWORD, as_of=START)
    with pytest.raises(Refused, match="findes allerede en bruger"):
        add_user(
            ctx, "Karin 2", "team_lead", "karin@ishoj.example.dk", "183", PASSWORD, as_of=START
        )
    with ctx.unit_of_work() as session:
        assert session.scalar(select(func.count()).select_from(User)) == 1


def test_an_admin_needs_no_job_centre_but_a_consultant_does(ctx: AppContext) -> None:
    assert (
        add_user(ctx, "Ada", "admin", "ada@example.dk", None, PASSWORD, as_of=START).job_centre_id
        is None
    )
    with pytest.raises(Refused, match="kommunekode"):
        add_user(ctx, "Karin", "consultant", "karin@example.dk", None, PASSWORD, as_of=START)


def test_an_api_key_is_shown_once_and_kept_only_as_a_hash(ctx: AppContext) -> None:
    key = create_api_key(ctx, "HR-system", as_of=START)
    client = api_client(ctx, key)
    assert client is not None and client.name == "HR-system"
    assert api_client(ctx, key + "x") is None
    with ctx.unit_of_work() as session:
        stored = session.exec(select(ApiKey.key_hash)).scalar_one()
    assert key not in stored
    with pytest.raises(Refused, match="findes allerede en API-nøgle"):
        create_api_key(ctx, "HR-system", as_of=START)


def test_a_revoked_api_key_is_refused(ctx: AppContext) -> None:
    key = create_api_key(ctx, "HR-system", as_of=START)
    other = create_api_key(ctx, "Lønsystem", as_of=START)
    revoke_api_key(ctx, "HR-system", as_of=START)
    revoke_api_key(ctx, "HR-system", as_of=START)  # again: nothing more happens
    assert api_client(ctx, key) is None
    assert api_client(ctx, other) is not None
    with pytest.raises(Refused, match="ingen API-nøgle med navnet 'Ukendt'"):
        revoke_api_key(ctx, "Ukendt", as_of=START)


def test_a_key_revoked_here_is_refused_at_once_though_it_was_just_verified(ctx: AppContext) -> None:
    key = create_api_key(ctx, "HR-system", as_of=START)
    assert api_client(ctx, key) is not None  # verified: trusted for a moment
    revoke_api_key(ctx, "HR-system", as_of=START)
    assert api_client(ctx, key) is None


def test_a_key_revoked_by_another_process_is_refused_once_its_trust_runs_out(
    ctx: AppContext, monkeypatch: pytest.MonkeyPatch
) -> None:
    seconds = [1000.0]
    monkeypatch.setattr(VERIFIED, "clock", lambda: seconds[0])
    key = create_api_key(ctx, "HR-system", as_of=START)
    assert api_client(ctx, key) is not None
    with ctx.unit_of_work() as session:  # as `fasttrack apikey revoke` in another process does
        session.execute(update(ApiKey).values(revoked_at=START))
        session.commit()
    seconds[0] += TRUST_SECONDS - 0.1
    assert api_client(ctx, key) is not None  # the documented window: trusted a moment longer
    seconds[0] += 0.1
    assert api_client(ctx, key) is None
