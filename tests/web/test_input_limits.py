"""Issue 12, defect 7: input gaps. Non-ASCII digits in CPR and CVR, NUL bytes, an unbounded
phone number and event lists, extreme dates and page numbers: each is a Danish refusal (422 on
the web and the API, exit 2 on the command line) and nothing is written. Then a property-based
run: no request or event data, however odd, gives a 500 or a traceback."""

from __future__ import annotations

import contextlib
import copy
from datetime import UTC, datetime
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fasttrack_core.db import AppContext
from fasttrack_core.domain.identifiers import cpr_is_valid, cvr_is_valid
from fasttrack_core.domain.vocabulary import CONSULTANT_EVENTS
from fasttrack_core.errors import Refused
from fasttrack_core.schemas import RequestIn, parse
from fasttrack_core.services.intake import submit_request
from fasttrack_core.services.recording import record_event
from tests.conftest import START
from tests.e2e.cli import Fasttrack
from tests.service.helpers import table_counts
from tests.web.conftest import Person, sign_in

REQUESTS = "/api/requests"
ARABIC_INDIC = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")
FULLWIDTH = str.maketrans("0123456789", "０１２３４５６７８９")
SUPERSCRIPT = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")


def _refused_and_nothing_written(client: TestClient, ctx: AppContext, key: str, body: Any) -> Any:
    before = table_counts(ctx)
    response = client.post(REQUESTS, json=body, headers={"X-API-Key": key})
    assert response.status_code == 422, response.text
    assert table_counts(ctx) == before
    return response.json()


@pytest.mark.parametrize("digits", [ARABIC_INDIC, FULLWIDTH, SUPERSCRIPT])
def test_defect_7_cpr_and_cvr_refuse_digits_that_are_not_ascii(digits: dict[int, str]) -> None:
    assert cpr_is_valid("0304785678") and cvr_is_valid("12345674")
    assert not cpr_is_valid("0304785678".translate(digits))
    assert not cvr_is_valid("12345674".translate(digits))


def test_defect_7_the_same_cpr_in_other_digits_opens_no_second_case(
    client: TestClient, ctx: AppContext, api_key: str, ole: dict[str, Any]
) -> None:
    submit_request(ctx, parse(RequestIn, ole), as_of=START)
    again = copy.deepcopy(ole)
    again["employee"]["cpr"] = ole["employee"]["cpr"].translate(ARABIC_INDIC)
    body = _refused_and_nothing_written(client, ctx, api_key, again)
    assert "Medarbejderens CPR-nummer" in body["reasons"][0]


@pytest.mark.parametrize(
    ("path", "value"),
    [
        (("employee", "name"), "Ole\x00Hansen"),
        (("questions", "affected_functions"), "løft\x00"),
        (("employee", "phone"), "2" * 1_000),
        (("employee", "phone"), "ring efter kl. 16"),
        (("requested_at",), "0001-01-01T00:00:00+01:00"),
        (("first_absence_day",), "9999-12-31"),
        (("first_absence_day",), "0001-01-01"),
    ],
    ids=["nul-name", "nul-answer", "phone-1kb", "phone-text", "year-1", "year-9999", "day-1"],
)
def test_defect_7_odd_request_fields_are_refused_in_danish_and_write_nothing(
    client: TestClient,
    ctx: AppContext,
    api_key: str,
    ole: dict[str, Any],
    path: tuple[str, ...],
    value: str,
) -> None:
    body = copy.deepcopy(ole)
    target = body
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = value
    answer = _refused_and_nothing_written(client, ctx, api_key, body)
    assert answer["detail"] == "Anmodningen blev afvist; intet er gemt."


def _roundtable(participants: int) -> dict[str, Any]:
    return {
        "participants": [
            {"role": ("employee", "leader", "consultant")[n % 3], "name": f"P{n}"}
            for n in range(participants)
        ],
    }


@pytest.mark.parametrize(
    ("kind", "data"),
    [
        ("roundtable_held", _roundtable(10_000)),
        ("roundtable_held", {**_roundtable(3), "measures": ["work_trial"] * 500}),
        ("followup_booked", {"starts_at": "9999-12-31T10:00:00+01:00"}),
        ("followup_held", {"note": "\x00"}),
    ],
    ids=["10000-participants", "500-measures", "year-9999-meeting", "nul-note"],
)
def test_defect_7_odd_event_data_is_refused(
    ctx: AppContext, ole: dict[str, Any], kind: str, data: dict[str, Any]
) -> None:
    reference = submit_request(ctx, parse(RequestIn, ole), as_of=START).reference
    before = table_counts(ctx)
    with pytest.raises(Refused):
        record_event(ctx, reference, kind, START, data, as_of=START)
    assert table_counts(ctx) == before


def test_defect_7_extreme_report_periods_and_page_numbers_are_422(
    client: TestClient, people: dict[str, Person]
) -> None:
    sign_in(client, people["admin"])
    assert client.get(f"/admin/log?side={2**62}").status_code == 422
    for first, last in [("1990-01-01", "2026-12-31"), ("0001-01-01", "0001-01-31")]:
        answer = client.get(f"/rapporter/rapport?fra={first}&til={last}")
        assert answer.status_code == 422, (first, last)


def test_defect_7_extreme_dates_on_the_command_line_exit_2(
    tmp_path: Any, ole: dict[str, Any]
) -> None:
    fasttrack = Fasttrack(tmp_path)
    reference = fasttrack.json("request", "submit", fasttrack.file(ole))["case"]
    for moment in ("0001-01-01T00:00", "9999-12-31T23:59"):
        refused = fasttrack.run("case", "record", reference, "accepted", "--at", moment, expect=2)
        assert "1900-01-01 og 2100-12-31" in refused.stderr
    out = str(tmp_path / "rapport.json")
    report = ("report", "steering", "--from", "1990-01-01", "--to", "2026-12-31", "--out", out)
    refused = fasttrack.run(*report, "--format", "json", expect=2)
    assert "højst være 366 dage" in refused.stderr


# --- property-based: nothing gives a 500 ----------------------------------------------------------

ODD_TEXT = st.text(
    alphabet=st.sampled_from(["0", "1", "9", "a", "Æ", "\x00", "\n", "٣", "３", "-", "+", " "]),
    max_size=12,
)
JSON_LEAF = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(allow_nan=False, allow_infinity=False),
    ODD_TEXT,
    st.dates().map(lambda day: day.isoformat()),
    st.datetimes(timezones=st.just(UTC)).map(lambda moment: moment.isoformat()),
)
JSON_VALUE = st.recursive(
    JSON_LEAF,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(ODD_TEXT, inner, max_size=3),
    max_leaves=8,
)
PROPERTY_SETTINGS = settings(
    max_examples=60,
    derandomize=True,
    deadline=None,
    database=None,
    suppress_health_check=list(HealthCheck),
)


def _paths(value: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Every place in a JSON document a value can be replaced."""
    found = [prefix] if prefix else []
    if isinstance(value, dict):
        for key, item in value.items():
            found += _paths(item, (*prefix, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            found += _paths(item, (*prefix, index))
    return found


def _replaced(document: Any, path: tuple[Any, ...], value: Any) -> Any:
    changed = copy.deepcopy(document)
    target = changed
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = value
    return changed


@pytest.mark.parametrize("engine", ["sqlite"], indirect=True)
def test_defect_7_no_request_gives_a_server_error(
    app: FastAPI, ctx: AppContext, api_key: str, ole: dict[str, Any]
) -> None:
    client = TestClient(app, raise_server_exceptions=False)
    paths = _paths(ole)

    @given(path=st.sampled_from(paths), value=JSON_VALUE)
    @PROPERTY_SETTINGS
    def property_holds(path: tuple[Any, ...], value: Any) -> None:
        body = _replaced(ole, path, value)
        response = client.post(REQUESTS, json=body, headers={"X-API-Key": api_key})
        assert response.status_code < 500, (path, value, response.text)

    property_holds()


EVENT_EXAMPLES: dict[str, dict[str, Any]] = {
    "followup_booked": {
        "starts_at": "2026-03-30T10:00:00+02:00",
        "location": "Jobcentret",
        "participants": [{"role": "employee", "name": "Ole", "email": "ole@example.dk"}],
    },
    "followup_held": {"mode": "phone", "note": "Talt sammen"},
    "roundtable_held": {
        **_roundtable(3),
        "measures": ["work_trial"],
        "actions": [{"what": "Hæve-vippe-bord", "owner": "leader", "due": "2026-05-01"}],
        "next_review": "2026-05-15",
    },
    "review_held": {"next_review": "2026-06-15"},
    "partial_return": {"hours_per_week": 20},
    "closed": {"outcome": "full_return"},
}


@pytest.mark.parametrize("engine", ["sqlite"], indirect=True)
def test_defect_7_no_event_data_gives_anything_but_a_refusal(
    ctx: AppContext, ole: dict[str, Any]
) -> None:
    reference = submit_request(ctx, parse(RequestIn, ole), as_of=START).reference
    kinds = sorted(set(EVENT_EXAMPLES) & {kind.value for kind in CONSULTANT_EVENTS})
    at = datetime(2026, 3, 25, 10, tzinfo=UTC)

    @given(
        kind=st.sampled_from(kinds),
        choice=st.integers(min_value=0),
        value=JSON_VALUE,
    )
    @PROPERTY_SETTINGS
    def property_holds(kind: str, choice: int, value: Any) -> None:
        example = EVENT_EXAMPLES[kind]
        paths = _paths(example)
        data = _replaced(example, paths[choice % len(paths)], value)
        with contextlib.suppress(Refused):  # a Danish refusal is what odd data should get
            record_event(ctx, reference, kind, at, data, as_of=at)

    property_holds()
