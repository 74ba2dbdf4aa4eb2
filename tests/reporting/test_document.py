"""The report for a simulated year as HTML, PDF and JSON; the command line; the delivery of the
PDF to the steering group through the outbox and a real SMTP server."""

from __future__ import annotations

import asyncio
import io
import json
import re
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from pypdf import PdfReader
from sqlmodel import select
from typer.testing import CliRunner

from fasttrack_core.cli import app
from fasttrack_core.clock import FixedClock
from fasttrack_core.crypto import CprVault
from fasttrack_core.danish_calendar import DanishCalendar
from fasttrack_core.db import AppContext, make_engine
from fasttrack_core.models import OutboxMessage
from fasttrack_core.notify.dispatcher import deliver_due
from fasttrack_core.reporting.delivery import queue_steering_reports
from fasttrack_core.reporting.document import render
from fasttrack_core.reporting.figures import SteeringFigures, format_value, steering_figures
from fasttrack_core.reporting.kpis import KPI_BY_KEY, KPIS
from fasttrack_core.reporting.periods import Period, Scope
from fasttrack_core.simulation import run_simulation
from tests.conftest import START, TEST_SECRET, at
from tests.service.test_delivery import smtp_settings
from tests.smtp_servers import RecordingHandler, smtp_server

YEAR = Period(date(2026, 4, 1), date(2027, 3, 31))
QUARTER = Period(date(2026, 7, 1), date(2026, 9, 30))
SECTIONS = ("Fast track – status til styregruppen", "Bruges Fast track – og tidligt?",
            "Holder vi fristerne?", "Virker det?", "Har vi kapaciteten?", "1. Anmodninger",
            "2. Første opfølgningssamtale", "3. Rundbordssamtale og plan", "4. Rettidighed",
            "Hvor fristerne kommer fra", "5. Udfald", "6. Åbne sager og frister ved periodens slut",
            "7. Kapacitet", "8. Definitioner")  # fmt: skip


@pytest.fixture(scope="module")
def simulated(tmp_path_factory: pytest.TempPathFactory, sqlite_template: Path) -> Iterator[Path]:
    """A year of 150 simulated cases (SQLite), shared by this module's tests."""
    path = tmp_path_factory.mktemp("year") / "fasttrack.db"
    path.write_bytes(sqlite_template.read_bytes())
    engine = make_engine(f"sqlite:///{path}")
    ctx = AppContext(engine, FixedClock(START), CprVault(TEST_SECRET), DanishCalendar())
    run_simulation(ctx, 150, 365, seed=5)
    engine.dispose()
    yield path


@pytest.fixture
def year_ctx(simulated: Path) -> Iterator[AppContext]:
    engine = make_engine(f"sqlite:///{simulated}")
    yield AppContext(engine, FixedClock(START), CprVault(TEST_SECRET), DanishCalendar())
    engine.dispose()


def pdf_text(pdf: bytes) -> str:
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    return re.sub(r"\s+", " ", text)


def test_the_pdf_has_every_section_and_the_json_figures(year_ctx: AppContext) -> None:
    figures = steering_figures(year_ctx, QUARTER, Scope())
    data = json.loads(render(figures, "json", at("2026-10-01 06:00")))
    assert data["kpis"]["requests"]["value"] > 20  # a quarter of a busy simulated year
    html = render(figures, "html", at("2026-10-01 06:00")).decode()
    # One file: six inline charts, nothing fetched (only references inside an SVG).
    assert html.count("<svg") == 6 and not re.search(r'(src|href)="(?!#)', html)
    pdf = render(figures, "pdf", at("2026-10-01 06:00"))
    assert pdf.startswith(b"%PDF")
    text = pdf_text(pdf)
    for section in SECTIONS:
        assert section in text, section
    for key, kpi in data["kpis"].items():
        shown = format_value(KPI_BY_KEY[key], kpi["value"])
        before = format_value(KPI_BY_KEY[key], kpi["previous"])
        row = rf"{re.escape(kpi['label'])}( Mål ikke nået)? {re.escape(shown)} {re.escape(before)}"
        assert re.search(row, text), key  # the figures tables
        assert kpi["label"] in text.split("8. Definitioner")[1]  # and its definition
    missed = [key for key, kpi in data["kpis"].items() if kpi["target_missed"]]
    assert text.count("✗ Mål ikke nået") == len(missed)
    targets = sum(1 for kpi in KPIS if kpi.target is not None)
    assert f"{len(missed)} af {targets} mål er ikke nået" in text or not missed


def test_a_year_renders_without_personal_data(year_ctx: AppContext) -> None:
    figures = steering_figures(year_ctx, YEAR, Scope(municipality="183"))
    html = render(figures, "html", at("2027-04-01 06:00")).decode()
    with year_ctx.unit_of_work() as session:
        from fasttrack_core.models import Case, Consultant

        names = [c.employee_name for c in session.exec(select(Case))]
        names += [c.name for c in session.exec(select(Consultant))]
        emails = [c.email for c in session.exec(select(Consultant))]
    assert names and not any(name in html for name in [*names, *emails])
    assert "Konsulent 1" in html and "Jobcenter Ishøj (183)" in html


def test_every_kpi_has_a_definition_and_a_figure(year_ctx: AppContext) -> None:
    figures: SteeringFigures = steering_figures(year_ctx, QUARTER, Scope())
    assert [row.kpi.key for row in figures.rows()] == [kpi.key for kpi in KPIS]
    assert all(kpi.definition and kpi.label for kpi in KPIS)
    # 10, the 3 absence alert KPIs (issue 16) and the 4 timeliness KPIs (issue 17)
    assert sum(len(rows) for _, rows in figures.overview()) == 17


def test_the_command_writes_each_format_and_refuses_bad_input(
    simulated: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("FASTTRACK_DATABASE_URL", f"sqlite:///{simulated}")
    monkeypatch.setenv("FASTTRACK_SECRET_KEY", TEST_SECRET)
    runner = CliRunner()
    base = ["report", "steering", "--from", "2026-07-01", "--to", "2026-07-31"]
    out = tmp_path / "r.json"
    result = runner.invoke(
        app, [*base, "--municipality", "183", "--format", "json", "--out", f"{out}"]
    )
    assert result.exit_code == 0, result.output
    assert json.loads(out.read_text())["scope"]["municipality"] == "183"
    html = tmp_path / "r.html"
    assert runner.invoke(app, [*base, "--format", "html", "--out", f"{html}"]).exit_code == 0
    assert html.read_text().startswith("<!DOCTYPE html>")
    refusals = {
        "2026-13-01": ["report", "steering", "--from", "2026-13-01", "--to", "2026-07-31"],
        "efter den slutter": ["report", "steering", "--from", "2026-08-01", "--to", "2026-07-31"],
        "Kommunekoden 999": [*base, "--municipality", "999"],
        "Formatet 'docx'": [*base, "--format", "docx"],
    }
    for reason, arguments in refusals.items():
        bad = tmp_path / "bad.pdf"
        result = runner.invoke(app, [*arguments, "--out", f"{bad}"])
        assert result.exit_code == 2 and reason in result.output, (reason, result.output)
        assert not bad.exists()


def test_the_steering_group_gets_the_pdf_once(year_ctx: AppContext) -> None:
    march = Period(date(2027, 3, 1), date(2027, 3, 31))
    now = at("2027-04-01 06:00")
    first = queue_steering_reports(year_ctx, march, as_of=now)
    again = queue_steering_reports(year_ctx, march, as_of=now)
    assert [(r.municipality, r.queued) for r in first] == [("183", True)]  # Ishøj has addresses
    assert [(r.municipality, r.queued) for r in again] == [("183", False)]
    handler = RecordingHandler()
    with smtp_server(handler) as server:
        asyncio.run(deliver_due(year_ctx, smtp_settings(server.port), now))
    # The simulation's own messages are delivered too; the report goes to the steering group.
    [received] = [r for r in handler.received if r.rcpt_tos[0].startswith("styregruppe@")]
    assert received.rcpt_tos == ["styregruppe@ishoj.jobcenter.example.dk"]
    assert "Statusrapport til styregruppen, marts 2027" in received.message["Subject"]
    [attachment] = received.message.iter_attachments()
    assert attachment.get_content_type() == "application/pdf"
    assert attachment.get_filename() == "fasttrack-styringsrapport-183-2027-03-01-2027-03-31.pdf"
    pdf = attachment.get_content()
    assert isinstance(pdf, bytes) and "1. Anmodninger" in pdf_text(pdf)
    with year_ctx.unit_of_work() as session:
        rows = list(
            session.exec(select(OutboxMessage).where(OutboxMessage.kind == "steering_report"))
        )
    assert len(rows) == 1 and rows[0].status == "sent"
