"""The leader's and HR contact's addresses (`schemas.WorkEmail`) are checked exactly as the
employee's (`EmailStr`), though the work addresses' results are remembered (issue 13)."""

from __future__ import annotations

from typing import Any

import pytest
from pydantic import EmailStr, TypeAdapter, ValidationError

from fasttrack_core.errors import Refused
from fasttrack_core.schemas import RequestIn, WorkEmail, parse

ADDRESSES = [
    "hr@virksomhed.dk",
    " Leder@Virksomhed.DK ",
    "Lise Hansen <lise@virksomhed.dk>",
    "søren@æblegården.dk",
    "no-at-sign.dk",
    "two@@virksomhed.dk",
    "trailing.dot.@virksomhed.dk",
    "user@localhost",
    "a" * 70 + "@virksomhed.dk",
]


def outcome(adapter: TypeAdapter[Any], address: str) -> tuple[str, str]:
    try:
        return "valid", adapter.validate_python(address)
    except ValidationError as exc:
        (error,) = exc.errors()
        return error["type"], error["msg"]


@pytest.mark.parametrize("address", ADDRESSES)
def test_a_work_address_is_checked_as_emailstr_checks_it_every_time(address: str) -> None:
    expected = outcome(TypeAdapter(EmailStr), address)
    work = TypeAdapter(WorkEmail)
    assert [outcome(work, address) for _ in range(3)] == [expected] * 3


def test_an_invalid_leader_address_is_refused_in_danish_each_time(ole: dict[str, Any]) -> None:
    request = {**ole, "leader": {**ole["leader"], "email": "leder.virksomhed.dk"}}
    for _ in range(2):
        with pytest.raises(Refused) as refused:
            parse(RequestIn, request)
        assert refused.value.fields["leader.email"] == (
            "Lederens e-mail er ikke en gyldig e-mailadresse."
        )


def test_the_api_describes_the_work_addresses_as_email() -> None:
    schema = RequestIn.model_json_schema()
    assert schema["$defs"]["Contact"]["properties"]["email"]["format"] == "email"
