"""The case file as a document (issue 14, item 7): the PDF holds the request, the steps, the
plan and the timeline with its corrections; the JSON round-trips; the export is audited with the
purpose it was stated for (SQLite and PostgreSQL)."""

from __future__ import annotations

import io
import json
import re
from typing import Any

import pytest
from pypdf import PdfReader
from sqlmodel import col, select

from fasttrack_core.db import AppContext
from fasttrack_core.errors import Refused
from fasttrack_core.models import AuditEntry
from fasttrack_core.reporting.case_file import render
from fasttrack_core.schemas import RequestIn, parse
from fasttrack_core.services.audit import Actor
from fasttrack_core.services.case_file import export_case_file
from fasttrack_core.services.events import record
from fasttrack_core.services.intake import submit_request
from fasttrack_core.services.queries import case_view
from tests.conftest import at
from tests.service.test_recording import ROUNDTABLE

READER = Actor("mette@example.dk", None)
PURPOSE = "borgerens anmodning om indsigt"


@pytest.fixture
def case(ctx: AppContext, ole: dict[str, Any]) -> str:
    """Ole's case with a plan, a corrected first talk and a pause."""
    ref = submit_request(ctx, parse(RequestIn, ole), as_of=at("2026-03-24 12:00")).reference

    def put(kind: str, when: str, data: dict[str, Any]) -> None:
        record(ctx, ref, kind, at(when), data, as_of=at(when), actor="mette", audit=READER)

    put("accepted", "2026-03-25 10:00", {})
    put("followup_held", "2026-04-01 11:00", {"mode": "in_person"})
    put("roundtable_held", "2026-04-07 14:00", ROUNDTABLE)
    talk = next(e.id for e in case_view(ctx, ref).events if e.kind == "followup_held")
    correction = {"event_id": talk, "reason": "Samtalen var dagen før"}
    put("corrected", "2026-04-08 09:00", {**correction, "at": "2026-03-31T11:00:00+02:00"})
    put("paused", "2026-04-08 10:00", {"reason": "treatment", "resume_on": "2026-04-20"})
    return ref


def exported(ctx: AppContext, ref: str, format: Any) -> Any:
    return export_case_file(
        ctx, ref, actor=READER, as_of=at("2026-04-09 09:00"), purpose=PURPOSE, format=format
    )


def pdf_text(pdf: bytes) -> str:
    pages = PdfReader(io.BytesIO(pdf)).pages
    return re.sub(r"\s+", " ", "\n".join(page.extract_text() for page in pages))


def test_the_pdf_holds_the_request_the_steps_the_plan_and_the_timeline(
    ctx: AppContext, case: str
) -> None:
    pdf = render(exported(ctx, case, "pdf"), "pdf")
    assert pdf.startswith(b"%PDF")
    text = pdf_text(pdf)
    for heading in (
        "1. Sagen",
        "2. Anmodningen",
        "3. Skridt og frister",
        "4. Plan",
        "5. Tidslinje",
    ):
        assert heading in text, heading
    # The request, decrypted for the reader: the CPR number and the three questions' answers.
    assert "030478-2678" in text and "Forflytninger og personlig pleje hos borgere" in text
    # The steps and the plan.
    for step in ("Første opfølgningssamtale", "Rundbordssamtale", "Opfølgning 1"):
        assert step in text, step
    assert "Ryg- og skuldertræning" in text and "Gennemgå arbejdsrutiner" in text
    # The timeline, with the correction beside its original and the pause.
    for line in ("Anmodning modtaget", "Første samtale holdt", "Rundbordssamtale holdt"):
        assert line in text, line
    assert (
        "Samtalen var dagen før" in text and "Rigtigt: tirsdag den 31. marts 2026 kl. 11.00" in text
    )
    assert "Sagen sat i bero" in text and "Venter på behandling" in text
    assert f"Formål: {PURPOSE}" in text


def test_the_json_round_trips(ctx: AppContext, case: str) -> None:
    export = exported(ctx, case, "json")
    data = json.loads(render(export, "json"))
    assert data == export.to_json()
    assert data["format"] == "fasttrack-sagsakt/1" and data["purpose"] == PURPOSE
    assert data["request"]["employee"]["cpr"] == "030478-2678"
    events = data["case"]["events"]
    talk = next(e for e in events if e["kind"] == "followup_held")
    assert talk["at"].startswith("2026-04-01") and talk["corrected"]["at"].startswith("2026-03-31")
    assert [a["what"] for a in data["plan"]["actions"]] == [
        "Ryg- og skuldertræning",
        "Gennemgå arbejdsrutiner og hjælpemidler",
    ]
    assert data["case"]["pause"]["reason"] == "treatment"


def test_the_export_is_audited_with_its_purpose_and_refused_without_one(
    ctx: AppContext, case: str
) -> None:
    def entries() -> list[tuple[str, str, str | None, str]]:
        with ctx.unit_of_work() as session:
            rows = session.exec(select(AuditEntry).order_by(col(AuditEntry.id))).all()
            return [(r.actor, r.action, r.detail, r.purpose) for r in rows]

    before = entries()
    with pytest.raises(Refused) as refused:
        export_case_file(
            ctx, case, actor=READER, as_of=at("2026-04-09 09:00"), purpose="", format="pdf"
        )
    assert "purpose" in refused.value.fields
    assert entries() == before  # nothing read, nothing logged
    exported(ctx, case, "json")
    assert entries()[-1] == ("mette@example.dk", "export", "sagsakt (json)", PURPOSE)
