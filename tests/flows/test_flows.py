"""The flows against a real Prefect server: a month of one lived case and one neglected case,
swept and delivered every morning; what Prefect then holds, and what it must never hold."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlmodel import select

from fasttrack_core.domain.calendar import COPENHAGEN
from fasttrack_core.models import OutboxMessage
from fasttrack_core.notify.outbox import rendered
from fasttrack_core.schemas import RequestIn, parse
from fasttrack_core.services.intake import submit_request
from fasttrack_core.services.queries import case_view
from fasttrack_core.services.recording import record_event
from flows.delivery import delivery_flow
from flows.digest import digest_flow
from flows.intake import intake_flow
from flows.steering import steering_report_flow
from flows.sweep import sweep_flow
from tests.conftest import EXAMPLES, at
from tests.flows.conftest import ADMIN, FlowWorld, api_post, flow_world

FIRST_DAY = date(2026, 3, 24)
LAST_DAY = date(2026, 4, 23)
PARTICIPANTS = [
    {"role": "employee", "name": "Ole Hansen", "email": "ole.hansen@example.dk"},
    {"role": "leader", "name": "Lise Berg", "email": "lise.berg@example.dk"},
    {"role": "consultant", "name": "Mette Holm", "email": "mette.holm@example.dk"},
]
# Ole's case as his consultant records it (SPEC §8), every kind of free text included.
OLE_EVENTS: dict[date, list[tuple[str, str, dict[str, Any] | None]]] = {
    date(2026, 3, 25): [("accepted", "10:00", None)],
    date(2026, 3, 26): [
        ("followup_booked", "10:00", {"starts_at": "2026-04-01T10:00:00+02:00",
                                      "participants": PARTICIPANTS}),
    ],
    date(2026, 4, 1): [
        ("followup_held", "11:00", {"mode": "in_person", "note": "Ondt i ryggen ved løft"}),
        ("roundtable_booked", "12:00", {"starts_at": "2026-04-07T14:00:00+02:00",
                                        "participants": PARTICIPANTS}),
    ],
    date(2026, 4, 7): [
        ("roundtable_held", "15:00", {
            "participants": PARTICIPANTS,
            "measures": ["physical_conditions", "treatment_training"],
            "actions": [
                {"what": "Ryg- og skuldertræning", "owner": "employee", "due": "2026-04-21"},
                {"what": "Nye arbejdsrutiner med hjælpemidler", "owner": "leader",
                 "due": "2026-04-14"},
            ],
            "next_review": "2026-05-05",
        }),
    ],
    date(2026, 4, 14): [("action_completed", "09:00", {"action": 2})],
    date(2026, 4, 22): [("closed", "10:00", {"outcome": "full_return"})],
}  # fmt: skip


@dataclass
class Month:
    world: FlowWorld
    api: str
    ole: str
    hanne: str
    sweeps: list[dict[str, Any]] = field(default_factory=list)
    deliveries: list[dict[str, Any]] = field(default_factory=list)
    secrets: list[str] = field(default_factory=list)
    steering: dict[str, Any] = field(default_factory=dict)


def hanne_in_march() -> dict[str, Any]:
    request: dict[str, Any] = json.loads((EXAMPLES / "request-hanne.json").read_text("utf-8"))
    request.update(requested_at="2026-03-24T11:00:00+01:00", first_absence_day="2026-03-20")
    return request


def secrets_of(*requests: dict[str, Any]) -> list[str]:
    """Everything about the employees that must never reach Prefect."""
    found = []
    for request in requests:
        cpr = request["employee"]["cpr"]
        found += [cpr, f"{cpr[:6]}-{cpr[6:]}", request["employee"]["name"]]
        found += [request["employee"]["email"], request["employee"]["phone"]]
        found += list(request["questions"].values())
    found += ["Ondt i ryggen", "Ryg- og skuldertræning", "Nye arbejdsrutiner"]
    return [*found, "Lise Berg", "Mette Holm", "musculoskeletal"]


@pytest.fixture(scope="module")
def month(
    prefect_api: str, tmp_path_factory: pytest.TempPathFactory, sqlite_template: Path
) -> Iterator[Month]:
    """Two requests on 24 March 2026, then every morning until 23 April: the sweep at 07:00 and
    delivery at 07:05 as flows; Ole's consultant records his case as it goes; Hanne's is left
    alone, so her deadlines pass. One intake run fails on purpose (an unknown case)."""
    ole_request = json.loads((EXAMPLES / "request-ole.json").read_text("utf-8"))
    hanne_request = hanne_in_march()
    with flow_world(tmp_path_factory.mktemp("month"), sqlite_template) as world:
        ctx = world.ctx
        # Each followed by what the intake deployment's trigger starts (tested with the deploy).
        ole = submit_request(
            ctx, parse(RequestIn, ole_request), as_of=at("2026-03-24 09:30")
        ).reference
        intake_flow(ole)
        hanne = submit_request(
            ctx, parse(RequestIn, hanne_request), as_of=at("2026-03-24 11:00")
        ).reference
        intake_flow(hanne)
        run = Month(world, prefect_api, ole, hanne, secrets=secrets_of(ole_request, hanne_request))
        day = FIRST_DAY + timedelta(days=1)
        while day <= LAST_DAY:
            run.sweeps.append(sweep_flow(f"{day}T07:00:00"))
            run.deliveries.append(delivery_flow(f"{day}T07:05:00"))
            for kind, clock, data in OLE_EVENTS.get(day, []):
                moment = datetime.combine(day, time.fromisoformat(clock), tzinfo=COPENHAGEN)
                record_event(ctx, ole, kind, moment, data, as_of=moment)
            day += timedelta(days=1)
        digest_flow("2026-04-20T07:00:00")
        run.deliveries.append(delivery_flow("2026-04-23T12:00:00"))
        run.steering = steering_report_flow("2026-04-01")
        # The report is queued at the run's time (now, for a direct call): delivered now.
        run.deliveries.append(delivery_flow())
        with pytest.raises(Exception, match="FT-2026-999999"):
            intake_flow("FT-2026-999999")
        yield run


def outbox(month: Month) -> list[OutboxMessage]:
    with month.world.ctx.unit_of_work() as session:
        return list(session.exec(select(OutboxMessage)))


def test_the_month_moves_each_case_through_its_steps(month: Month) -> None:
    ctx = month.world.ctx
    ole = case_view(ctx, month.ole)
    assert ole.status == "closed" and ole.outcome == "full_return"
    assert {s.status for s in ole.steps} <= {"done", "cancelled"}
    hanne = {s.kind: s.status for s in case_view(ctx, month.hanne).steps}
    # Nobody answered for Hanne: every deadline of the month has passed and was escalated.
    assert hanne["acceptance"] == "overdue"
    assert hanne["first_followup"] == "overdue"
    assert "doctor_statement" not in hanne  # nobody judged a statement necessary (§ 11 a)
    kinds = Counter(e.kind for e in case_view(ctx, month.hanne).events)
    assert kinds["step_overdue"] >= 3 and kinds["reminder_due"] >= 1
    assert sum(s["overdue"] for s in month.sweeps) == sum(
        1 for case in (ole, case_view(ctx, month.hanne)) for e in case.events
        if e.kind == "step_overdue"
    )  # fmt: skip


def test_every_queued_message_was_delivered_once_to_the_catcher(month: Month) -> None:
    messages = outbox(month)
    kinds = Counter(m.kind for m in messages)
    for kind in ("employee_notice", "leader_receipt", "case_assigned", "call_employee",
                 "book_followup", "meeting_invitation", "book_roundtable", "reminder",
                 "overdue_escalation", "weekly_digest", "flow_failed",
                 "steering_report"):  # fmt: skip
        assert kinds[kind] >= 1, kind
    assert {m.status for m in messages} == {"sent"}
    received = month.world.mail.message_ids()
    assert len(received) == len(messages) == len(set(received))
    report = next(m for m in messages if m.kind == "steering_report")
    assert report.recipients == ["styregruppe@ishoj.jobcenter.example.dk"]
    assert [a["content_type"] for a in report.attachments] == ["application/pdf"]
    assert month.steering["reports_queued"] == ["183"]
    alert = next(m for m in messages if m.kind == "flow_failed")
    assert alert.recipients == [ADMIN]
    assert "intake FT-2026-999999" in rendered(alert).subject
    assert "/runs/flow-run/" in rendered(alert).text


def artifacts(month: Month) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = api_post(
        month.api, "artifacts/filter", {"limit": 200, "sort": "CREATED_DESC"}
    )
    return found


def test_artifacts_show_each_case_each_sweep_and_each_delivery(month: Month) -> None:
    found = artifacts(month)
    keys = Counter(a["key"] for a in found)
    # Published at intake, then again by every sweep that reminded or escalated the case.
    assert keys["case-ft-2026-000001"] >= 2 and keys["case-ft-2026-000002"] >= 4
    assert keys["sweep"] == sum(1 for s in month.sweeps if s["due"])
    assert keys["delivery"] == sum(1 for d in month.deliveries if d["sent"] or d["retried"])
    assert keys["steering-kpis"] == 1
    kpis = next(a for a in found if a["key"] == "steering-kpis")
    assert kpis["type"] == "table" and "Anmodninger modtaget" in kpis["data"]
    case = next(a for a in found if a["key"] == "case-ft-2026-000002")  # the latest
    assert case["type"] == "markdown"
    assert f"# Sag {month.hanne}" in case["data"] and "Frist overskredet" in case["data"]
    sweep = next(a for a in found if a["key"] == "sweep")  # the latest
    assert sweep["type"] == "table"
    assert "I alt" in sweep["data"]


def flow_runs(month: Month) -> list[dict[str, Any]]:
    runs: list[dict[str, Any]] = api_post(
        month.api, "flow_runs/filter", {"limit": 200, "sort": "EXPECTED_START_TIME_ASC"}
    )
    return runs


def test_run_names_say_what_ran_with_references_and_counts(month: Month) -> None:
    names = {run["name"]: run for run in flow_runs(month)}
    assert f"intake {month.ole} · 4 sendt" in names
    assert names[f"intake {month.ole} · 4 sendt"]["tags"] == ["kommune:183", f"sag:{month.ole}"]
    assert "sweep 2026-03-25 07:00 · 0 forfaldne" in names
    escalation_day = next(n for n in names if n.startswith("sweep 2026-03-27 07:00"))
    assert (
        escalation_day.endswith("forfaldne") and "trin:acceptance" in names[escalation_day]["tags"]
    )
    assert "digest 2026-W17 · 1 overblik" in names
    assert any(n.startswith("delivery 2026-03-25 07:05 · ") for n in names)
    # Ole's and Hanne's requests in March; Ishøj's steering group gets its report.
    assert "steering report 2026-03 · 2 anmodninger, 1 rapporter" in names
    failed = names["intake FT-2026-999999"]
    assert failed["state_type"] == "FAILED"


def test_nothing_prefect_holds_names_an_employee_or_their_answers(month: Month) -> None:
    """Flow and task parameters, run names, every log line and every artifact of the month."""
    runs = flow_runs(month)
    tasks = api_post(
        month.api, "task_runs/filter", {"limit": 200, "sort": "EXPECTED_START_TIME_DESC"}
    )
    logs = []
    offset = 0
    while batch := api_post(month.api, "logs/filter", {"limit": 200, "offset": offset}):
        logs += batch
        offset += len(batch)
    assert len(logs) > 100 and len(tasks) > 60
    held = json.dumps([runs, tasks, logs, artifacts(month)], ensure_ascii=False).lower()
    for secret in month.secrets:
        assert secret.lower() not in held, secret
    assert month.ole.lower() in held  # references are what Prefect may hold
