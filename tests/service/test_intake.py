"""Intake (SPEC §3): a valid request opens one case; a bad one is refused and writes nothing."""

from __future__ import annotations

import copy
from typing import Any

import pytest
from sqlalchemy import select, text

from fasttrack_core.db import AppContext
from fasttrack_core.errors import Refused
from fasttrack_core.models import Case, Consultant, JobCentre
from fasttrack_core.schemas import RequestIn, parse
from fasttrack_core.services.intake import submit_request
from tests.conftest import at
from tests.service.helpers import event_kinds, row_counts, steps_by_kind

NOW = at("2026-03-24 12:00")


def refused(ctx: AppContext, request: dict[str, Any]) -> list[str]:
    before = row_counts(ctx)
    with pytest.raises(Refused) as caught:
        submit_request(ctx, parse(RequestIn, request), as_of=NOW)
    assert row_counts(ctx) == before, "a refused request must write nothing"
    return caught.value.reasons


def test_oles_request_opens_a_case_with_a_reference(ctx: AppContext, ole: dict[str, Any]) -> None:
    result = submit_request(ctx, parse(RequestIn, ole), as_of=NOW)
    assert result.created
    assert result.reference == "FT-2026-000001"
    assert result.status == "awaiting_acceptance"
    assert set(steps_by_kind(ctx, result.reference)) == {
        "notice",
        "acceptance",
        "first_followup",
        "roundtable",
        "reassessment",
    }
    assert event_kinds(ctx, result.reference) == ["requested", "assigned", "notice_queued"]


def test_references_are_numbered_per_year(
    ctx: AppContext, ole: dict[str, Any], hanne: dict[str, Any]
) -> None:
    first = submit_request(ctx, parse(RequestIn, ole), as_of=NOW)
    second = submit_request(ctx, parse(RequestIn, hanne), as_of=at("2026-09-10 14:00"))
    assert (first.reference, second.reference) == ("FT-2026-000001", "FT-2026-000002")


def test_second_open_request_for_the_same_employee_returns_the_case(
    ctx: AppContext, ole: dict[str, Any]
) -> None:
    first = submit_request(ctx, parse(RequestIn, ole), as_of=NOW)
    again = copy.deepcopy(ole)
    again["channel"] = "phone"
    again["requested_at"] = "2026-03-24T11:00:00+01:00"
    counts = row_counts(ctx)
    second = submit_request(ctx, parse(RequestIn, again), as_of=NOW)
    assert (second.reference, second.created) == (first.reference, False)
    assert row_counts(ctx) == counts


def test_case_goes_to_the_job_centre_of_the_residence_municipality(
    ctx: AppContext, ole: dict[str, Any]
) -> None:
    # § 7 c: the residence municipality (bopælskommune), not the workplace's municipality.
    ole["employee"]["residence_municipality"] = "265"  # Roskilde; the employer is in Ishøj
    result = submit_request(ctx, parse(RequestIn, ole), as_of=NOW)
    with ctx.unit_of_work() as session:
        case = session.scalars(select(Case).where(Case.reference == result.reference)).one()
        centre = session.get_one(JobCentre, case.job_centre_id)
        consultant = session.get_one(Consultant, case.consultant_id)
    assert centre.municipality_code == "265"
    assert consultant.job_centre_id == centre.id


def test_unserved_residence_municipality_names_the_job_centre_to_contact(
    ctx: AppContext, ole: dict[str, Any]
) -> None:
    ole["employee"]["residence_municipality"] = "101"
    assert refused(ctx, ole) == [
        "Medarbejderen bor i København Kommune, som ikke bruger denne løsning. "
        "Send anmodningen til Jobcenter København."
    ]


def test_late_employer_request_is_refused_with_the_rule(
    ctx: AppContext, ole: dict[str, Any]
) -> None:
    ole["first_absence_day"] = "2026-02-15"  # 37 days before the request
    reasons = refused(ctx, ole)
    assert reasons[0].startswith(
        "Arbejdsgiveren skal anmode om Fast track inden der er gået 5 uger"
    )


def test_request_dated_in_the_future_is_refused(ctx: AppContext, ole: dict[str, Any]) -> None:
    ole["requested_at"] = "2026-03-25T09:00:00+01:00"
    assert refused(ctx, ole) == ["Anmodningsdatoen ligger i fremtiden."]


def test_first_absence_after_the_request_is_refused(ctx: AppContext, ole: dict[str, Any]) -> None:
    ole["first_absence_day"] = "2026-03-25"
    assert "Første sygedag ligger efter anmodningsdatoen." in refused(ctx, ole)


@pytest.mark.parametrize("question", ["affected_functions", "affected_since", "adaptation_tried"])
def test_missing_answer_to_a_statutory_question_is_refused(
    ctx: AppContext, ole: dict[str, Any], question: str
) -> None:
    # BEK 1710/2024 § 3: the three questions must be answered.
    del ole["questions"][question]
    reasons = refused(ctx, ole)
    assert (
        len(reasons) == 1 and reasons[0].startswith("Spørgsmål") and reasons[0].endswith("mangler.")
    )


def test_blank_answer_is_refused(ctx: AppContext, ole: dict[str, Any]) -> None:
    ole["questions"]["adaptation_tried"] = "   "
    assert refused(ctx, ole) == [
        "Spørgsmål 3: Har arbejdspladsen forsøgt at tilpasse jobbet? må ikke være tom."
    ]


@pytest.mark.parametrize(
    ("path", "value", "expected"),
    [
        (("employee", "cpr"), "3102781234", "Medarbejderens CPR-nummer skal være 10 cifre"),
        (("employee", "cpr"), "03047856", "Medarbejderens CPR-nummer skal være 10 cifre"),
        (("employer", "cvr"), "12345675", "Arbejdsgiverens CVR-nummer skal være et gyldigt"),
        (
            ("employee", "email"),
            "ole.hansen@",
            "Medarbejderens e-mail er ikke en gyldig e-mailadresse",
        ),
        (("leader", "email"), "lise berg", "Lederens e-mail er ikke en gyldig e-mailadresse"),
        (("requested_by",), "union", "Hvem anmoder (requested_by) skal være en af"),
    ],
)
def test_malformed_identifiers_are_refused_in_danish(
    ctx: AppContext, ole: dict[str, Any], path: tuple[str, ...], value: str, expected: str
) -> None:
    target = ole
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = value
    reasons = refused(ctx, ole)
    assert len(reasons) == 1 and reasons[0].startswith(expected)


def test_every_problem_is_reported_at_once(ctx: AppContext, ole: dict[str, Any]) -> None:
    ole["employee"]["cpr"] = "123"
    ole["employer"]["cvr"] = "123"
    del ole["questions"]
    assert len(refused(ctx, ole)) == 3


def test_cpr_is_never_stored_in_clear_text(ctx: AppContext, ole: dict[str, Any]) -> None:
    submit_request(ctx, parse(RequestIn, ole), as_of=NOW)
    with ctx.engine.connect() as connection:
        dump = " ".join(
            str(row)
            for table in ("fasttrack_case", "step", "event")
            for row in connection.execute(text(f"SELECT * FROM {table}"))
        )
    assert "0304782678" not in dump
    assert "Forflytninger" not in dump, "the answers to the three questions are encrypted too"
