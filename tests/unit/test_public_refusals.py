"""The public pages' refusals (issue 15): every refusal said in English from its code (the texts
themselves: tests/unit/test_page_texts.py)."""

from __future__ import annotations

import pickle
from datetime import date

import pytest

from fasttrack_core.domain.intake import IntakeRefusal, request_refusals
from fasttrack_core.domain.reasons import Reason
from fasttrack_core.domain.vocabulary import Language, Requester
from fasttrack_core.errors import Refused
from fasttrack_core.presentation.texts.public import EN_FIELD_ERRORS, EN_REFUSALS, field_error
from fasttrack_core.schemas import _TYPE_MESSAGES, RequestIn, parse
from tests.conftest import at


def test_every_error_type_and_refusal_has_an_english_text() -> None:
    assert set(_TYPE_MESSAGES) <= set(EN_FIELD_ERRORS)
    assert set(IntakeRefusal) <= set(EN_REFUSALS)


def test_a_late_employers_request_is_refused_in_english_with_its_numbers() -> None:
    reasons = request_refusals(
        Requester.EMPLOYER, at("2026-04-06 10:00"), date(2026, 3, 2), True, at("2026-04-20 12:00")
    )
    ((path, reason),) = reasons.items()
    assert field_error(Language.DA, path, reason) == reason
    assert field_error(Language.EN, path, reason) == (
        "The employer must ask for Fast track before 5 weeks have passed since the first day of "
        "absence (5 weeks and 0 days had passed)."
    )


def test_a_form_error_names_the_field_in_english(ole: dict[str, object]) -> None:
    data = {**ole, "employee": {**ole["employee"], "cpr": "12"}}  # type: ignore[dict-item]
    data.pop("first_absence_day")
    with pytest.raises(Refused) as refused:
        parse(RequestIn, data)
    english = {path: field_error(Language.EN, path, r) for path, r in refused.value.fields.items()}
    assert english["first_absence_day"] == "The first day of absence is missing."
    assert english["employee.cpr"] == (
        "The employee's CPR number must be 10 digits, the first 6 a valid date of birth (DDMMYY)."
    )


def test_a_reason_without_an_english_text_stays_danish() -> None:
    assert field_error(Language.EN, "x", "Noget dansk.") == "Noget dansk."


def test_a_reason_is_its_danish_sentence_and_keeps_its_code_across_a_pickle() -> None:
    reason = Reason("For sent.", "employer_late", window=5, weeks=5, days=0)
    again = pickle.loads(pickle.dumps(reason))
    assert again == "For sent."
    assert (again.code, again.values) == ("employer_late", {"window": 5, "weeks": 5, "days": 0})
