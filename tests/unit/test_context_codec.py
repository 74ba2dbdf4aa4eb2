"""A queued message's template context survives the outbox's JSON: the dispatcher renders what
the use case would have rendered."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta, timezone
from typing import Any

import pytest

from fasttrack_core.domain.calendar import COPENHAGEN
from fasttrack_core.domain.vocabulary import StepKind
from fasttrack_core.notify.context_codec import decode, encode
from fasttrack_core.notify.examples import example_context
from fasttrack_core.notify.kinds import EMAIL_KINDS
from fasttrack_core.notify.rendering import render_email


def through_json(value: Any) -> Any:
    return decode(json.loads(json.dumps(encode(value))))


@pytest.mark.parametrize("kind", sorted(EMAIL_KINDS))
def test_every_kinds_example_context_comes_back_equal_and_renders_the_same(kind: str) -> None:
    context = example_context(kind)
    assert through_json(context) == context
    assert render_email(kind, through_json(context)) == render_email(kind, context)


@pytest.mark.parametrize(
    "moment",
    [
        datetime(2026, 4, 9, 23, 59, 59, tzinfo=COPENHAGEN),  # summer time
        datetime(2026, 1, 9, 23, 59, 59, tzinfo=COPENHAGEN),  # winter time
        datetime(2026, 10, 25, 2, 30, fold=1, tzinfo=COPENHAGEN),  # the hour that comes twice
        datetime(2026, 4, 9, 7, 0, 0, 123456, tzinfo=UTC),
        datetime(2026, 4, 9, 7, 0, tzinfo=timezone(timedelta(hours=-3))),
        datetime(2026, 4, 9, 7, 0),  # naive
    ],
)
def test_a_datetime_comes_back_with_its_wall_time_and_zone(moment: datetime) -> None:
    back = through_json({"due": moment})["due"]
    assert back == moment
    assert (back.tzinfo, back.utcoffset(), back.fold) == (
        moment.tzinfo, moment.utcoffset(), moment.fold,
    )  # fmt: skip
    assert back.isoformat() == moment.isoformat()


def test_dates_lists_and_dicts_come_back_as_they_were() -> None:
    context = {
        "day": date(2026, 4, 7),
        "steps": [{"label": "Lægeattest", "due": datetime(2026, 4, 21, 23, 59, tzinfo=COPENHAGEN)}],
        "counts": {"sent": 3, "share": 0.5, "none": None, "late": True},
    }
    back = through_json(context)
    assert back == context
    assert type(back["day"]) is date


def test_a_str_enum_comes_back_as_the_string_it_is() -> None:
    back = through_json({"step": StepKind.ROUNDTABLE})["step"]
    assert back == StepKind.ROUNDTABLE and f"{back}" == f"{StepKind.ROUNDTABLE}"


@pytest.mark.parametrize(
    "value",
    [{1, 2}, (1, 2), object(), {"$type": "datetime"}, {1: "a"}],
    ids=["set", "tuple", "object", "the tag as a key", "a number as a key"],
)
def test_what_could_not_come_back_is_refused_when_queued(value: Any) -> None:
    with pytest.raises(TypeError):
        encode({"x": value})
