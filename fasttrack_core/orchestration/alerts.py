"""A failed or crashed flow run emails the administrator through our own outbox.

Open-source Prefect has no email action (ARCHITECTURE.md), so the flows carry this hook:
`queue_message(kind="flow_failed")` and an immediate `deliver_due`. The message names the flow,
the run (its name holds references and counts only), the state and the exception's type; never
the parameters, the exception's text or anything from the case.
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime
from typing import Any

from fasttrack_core.notify.dispatcher import deliver_due
from fasttrack_core.notify.kinds import MessageKind
from fasttrack_core.notify.outbox import queue_message
from fasttrack_core.orchestration.case_timeline import REFERENCE
from fasttrack_core.orchestration.runtime import flow_runtime, run_sync

log = logging.getLogger(__name__)

FLOW_FAILED = MessageKind.FLOW_FAILED
JOB_CENTRE = "Jobcentret"  # a run is not one job centre's: the layout's neutral sender


def _error_type(state: Any) -> str:
    try:
        state.result(raise_on_failure=True)
    except BaseException as exc:  # the failure itself; only its type is reported
        return type(exc).__name__
    return "ukendt"


def _run_link(flow_run_id: object) -> str:
    from prefect.settings import PREFECT_UI_URL

    base = PREFECT_UI_URL.value() or "http://127.0.0.1:4200"
    return f"{str(base).rstrip('/')}/runs/flow-run/{flow_run_id}"


def failure_context(flow_name: str, flow_run: Any, state: Any, now: datetime) -> dict[str, Any]:
    """What the `flow_failed` email says: flow, run name, state, time, error type, a link."""
    reference = str(flow_run.parameters.get("reference") or "")
    return {
        "reference": reference if REFERENCE.match(reference) else "",
        "job_centre": JOB_CENTRE,
        "link": _run_link(flow_run.id),
        "flow": flow_name,
        "run_name": flow_run.name,
        "state": "Crashed" if state.is_crashed() else "Failed",
        "failed_at": now,
        "error_type": _error_type(state),
    }


def alert_admin(flow: Any, flow_run: Any, state: Any) -> None:
    """on_failure / on_crashed hook: queue `flow_failed` once per run and deliver it now."""
    try:
        runtime = flow_runtime()
        ctx, settings = runtime.ctx, runtime.settings
        now = datetime.now(UTC)
        with ctx.unit_of_work() as session:
            queue_message(
                session,
                dedupe_key=f"{FLOW_FAILED}:{flow_run.id}",
                kind=FLOW_FAILED,
                recipients=[settings.admin_email],
                context=failure_context(flow.name, flow_run, state, now),
                now=now,
            )
            session.commit()
        run_sync(deliver_due(ctx, settings, now))
    except Exception as exc:  # a hook must not hide the run's own failure
        log.error(
            "could not alert the administrator about run %s (%s)", flow_run.id, type(exc).__name__
        )
