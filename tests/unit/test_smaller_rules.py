"""Issue 11 item 10: the roundtable's participants, the staircase, a CPR born after the request,
the example requests' CPR numbers."""

import json
from typing import Any

import pytest

from fasttrack_core.domain.identifiers import cpr_birth_date
from fasttrack_core.errors import Refused
from fasttrack_core.schemas import RequestIn, RoundtableHeld, parse
from tests.conftest import EXAMPLES

BY_ROLE = [{"role": "employee"}, {"role": "leader"}, {"role": "consultant"}]
STAIRCASE = {"employee": 5, "employer": 4}


def refusal(model: type[Any], data: dict[str, Any]) -> str:
    with pytest.raises(Refused) as refused:
        parse(model, data)
    return " ".join(refused.value.reasons)


def example(name: str) -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads((EXAMPLES / f"request-{name}.json").read_text("utf-8"))
    return loaded


def test_a_roundtable_with_participants_by_role_alone_is_accepted() -> None:
    # The case knows its employee, leader and consultant.
    held = parse(RoundtableHeld, {"participants": BY_ROLE, "staircase": STAIRCASE})
    assert [p.name for p in held.participants] == [None, None, None]


@pytest.mark.parametrize("missing", ["employee", "leader", "consultant"])
def test_a_roundtable_needs_the_employee_the_employer_side_and_the_consultant(
    missing: str,
) -> None:
    # Helsingør's seed: the employee and the employer place the employee on the staircase with
    # the consultant (LAW.md rule 26).
    participants = [p for p in BY_ROLE if p["role"] != missing]
    reason = refusal(RoundtableHeld, {"participants": participants, "staircase": STAIRCASE})
    assert reason == (
        "Deltagerne (participants) skal mindst være medarbejderen, arbejdsgiversiden (leder "
        "eller HR) og konsulenten."
    )


def test_hr_stands_for_the_employer_side_at_the_roundtable() -> None:
    participants = [{"role": "employee"}, {"role": "hr"}, {"role": "consultant"}]
    parse(RoundtableHeld, {"participants": participants, "staircase": STAIRCASE})


@pytest.mark.parametrize(("employee", "accepted"), [(1, True), (6, True), (7, False), (0, False)])
def test_staircase_values_run_from_1_to_6(employee: int, accepted: bool) -> None:
    # Helsingør's conversation tool has six steps.
    data = {"participants": BY_ROLE, "staircase": {"employee": employee, "employer": 3}}
    if accepted:
        assert parse(RoundtableHeld, data).staircase.employee == employee
    else:
        assert "Medarbejderens placering på trappen" in refusal(RoundtableHeld, data)


def test_a_cpr_whose_birth_date_lies_after_the_request_is_refused() -> None:
    # 0101575001: 7th digit 5 and year 57 decode to 1 January 2057 (CPR's century table).
    request = example("ole")
    request["employee"]["cpr"] = "0101575001"
    assert refusal(RequestIn, request) == (
        "Medarbejderens CPR-nummer giver en fødselsdato efter anmodningen (DDMMÅÅ og 7. ciffer)."
    )


def test_a_cpr_born_on_the_day_of_the_request_is_accepted() -> None:
    request = example("ole")
    request["employee"]["cpr"] = "2403264001"  # 24 March 2026, the request's day
    assert parse(RequestIn, request).employee.cpr == "2403264001"


@pytest.mark.parametrize(("name", "born"), [("ole", "1978-04-03"), ("hanne", "1982-07-12")])
def test_the_example_requests_cprs_decode_to_people_of_working_age(name: str, born: str) -> None:
    # They decoded to 1878 and 1882 (7th digit 5 with years 78 and 82).
    birth = cpr_birth_date(example(name)["employee"]["cpr"])
    assert birth is not None and birth.isoformat() == born
