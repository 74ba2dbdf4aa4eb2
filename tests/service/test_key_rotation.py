"""`fasttrack keys rotate` leaves no value under the old key: the cases' and concerns' CPR numbers
(their look-up hashes recomputed), every column sealed by its type (the cause, step titles,
events' and concerns' free text, TOTP secrets, absence employee numbers), so the old key can leave
the key file; the absence registrations and alerts are found by their employee after it."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select, text, update
from sqlmodel import SQLModel

from fasttrack_core.crypto import CprVault, parse_keyring
from fasttrack_core.db import AppContext
from fasttrack_core.keyring import rotate
from fasttrack_core.models import AbsenceRegistration, ConcernCase, TotpFactor, User
from fasttrack_core.schemas import RequestIn, parse
from fasttrack_core.services.concern import raise_concern
from fasttrack_core.services.intake import submit_request
from fasttrack_core.settings import Settings
from tests.conftest import START, TEST_SECRET
from tests.service.test_absence_alerts import FILE, HJORRING_CVR, LEADER, csv, load
from tests.service.test_concern import ACTOR, QUESTIONS, concern

NEW = "k1:New9key8with7plenty6of5distinct4chars3ABC"
TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"


def _stored_text(ctx: AppContext) -> list[str]:
    """Every text value in the database as stored (no column type in between)."""
    found = []
    with ctx.engine.connect() as connection:
        for table in SQLModel.metadata.sorted_tables:
            rows = connection.execute(text(f"SELECT * FROM {table.name}"))
            found += [value for row in rows for value in row if isinstance(value, str)]
    return found


def test_keys_rotate_leaves_no_value_under_the_old_key(
    ctx: AppContext, ole: dict[str, Any]
) -> None:
    ole["cause_category"] = "musculoskeletal"
    submit_request(ctx, parse(RequestIn, ole), as_of=START)
    raised = raise_concern(ctx, concern(questions=QUESTIONS), as_of=START, actor=ACTOR)
    load(ctx, FILE)  # the absence registrations' and alerts' employee numbers
    with ctx.unit_of_work() as session:
        user = User(
            name="Ada", email="ada@example.dk", role="admin", password_hash="x", created_at=START
        )
        session.add(user)
        session.flush()
        assert user.id is not None
        session.add(TotpFactor(user_id=user.id, secret=TOTP_SECRET, enabled_at=START))
        session.commit()
    old_values = [value for value in _stored_text(ctx) if value.startswith(f"{ctx.vault.key_id}:")]
    assert len(old_values) > 6  # CPR numbers, answers, the cause, the concern, the secret, ...
    assert "L-100" not in _stored_text(ctx)  # an employee number, sealed

    rotate(Settings(secret_key=f"{NEW} k0:{TEST_SECRET}"), ctx, START)

    assert not [value for value in _stored_text(ctx) if value.startswith("k0:")]
    new_only = AppContext(ctx.engine, ctx.clock, CprVault(parse_keyring(NEW)), ctx.calendar)
    with new_only.unit_of_work() as session:
        stored = session.exec(select(ConcernCase)).scalars().one()
        assert new_only.vault.decrypt(stored.cpr_encrypted) == "0304782678"
        assert stored.concern.startswith("Ondt i ryggen")
        assert session.exec(select(TotpFactor.secret)).scalars().one() == TOTP_SECRET
    again = raise_concern(new_only, concern(), as_of=START, actor=ACTOR)
    assert (again.reference, again.created) == (raised.reference, False)  # its hash followed


def _rotated(ctx: AppContext) -> AppContext:
    """`keys rotate` to NEW, and a context that holds NEW only (the old key gone)."""
    rotate(Settings(secret_key=f"{NEW} k0:{TEST_SECRET}"), ctx, START)
    return AppContext(ctx.engine, ctx.clock, CprVault(parse_keyring(NEW)), ctx.calendar)


def test_an_absence_registered_before_a_key_rotation_completes_a_spell_after_it(
    ctx: AppContext,
) -> None:
    assert load(ctx, csv(("L-200", "2026-03-16", "2026-03-21"))) == {"imported": 1, "alerts": 0}
    new_only = _rotated(ctx)
    later = csv(("L-200", "2026-03-22", "2026-03-22"))  # the 7th day in a row
    assert load(new_only, later, "2026-03-24 10:00") == {"imported": 1, "alerts": 1}


def test_an_alert_raised_before_a_key_rotation_is_not_raised_again_after_it(
    ctx: AppContext,
) -> None:
    assert load(ctx, FILE) == {"imported": 5, "alerts": 2}
    new_only = _rotated(ctx)
    again = FILE + f"L-999,{HJORRING_CVR},Andet sted,{LEADER},2026-03-02,2026-03-02\n".encode()
    assert load(new_only, again, "2026-03-24 11:00") == {"imported": 6, "alerts": 0}


def test_a_registration_imported_before_its_employee_number_was_kept_keeps_its_key(
    ctx: AppContext,
) -> None:
    load(ctx, csv(("L-200", "2026-03-16", "2026-03-21")))
    with ctx.unit_of_work() as session:
        session.execute(update(AbsenceRegistration).values(employee_ref=None))  # as before 0023
        session.commit()
        before = session.exec(select(AbsenceRegistration.employee_key)).scalars().one()
    new_only = _rotated(ctx)
    with new_only.unit_of_work() as session:
        assert session.exec(select(AbsenceRegistration.employee_key)).scalars().one() == before
