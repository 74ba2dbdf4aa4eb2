"""After intake: publish the case's timeline and deliver its notices now.

The case is opened synchronously by `fasttrack request submit` (or any other intake path),
which then emits `fasttrack.request.received`; the `intake` deployment's trigger starts this flow
about a second later with the case reference. The submitter never waits for Prefect.
"""

from __future__ import annotations

from prefect import flow, get_run_logger, task
from prefect.artifacts import create_markdown_artifact
from prefect.cache_policies import NO_CACHE

from fasttrack_core.orchestration.alerts import alert_admin
from fasttrack_core.orchestration.case_timeline import (
    artifact_key,
    public_case_view,
    timeline_markdown,
)
from fasttrack_core.orchestration.runtime import business_time, context_for, describe_run
from fasttrack_core.services.queries import case_view
from fasttrack_core.settings import Settings
from flows._tasks import deliver_messages


@task(
    name="case-timeline",
    task_run_name="tidslinje {reference}",
    retries=2,
    retry_delay_seconds=5,
    cache_policy=NO_CACHE,
)
def read_case_timeline(reference: str) -> dict[str, object]:
    """The case without personal data (see orchestration.case_timeline)."""
    return public_case_view(case_view(context_for(Settings()), reference))


def publish_case_timeline(public: dict[str, object]) -> None:
    reference = str(public["case"])
    create_markdown_artifact(
        timeline_markdown(public),
        key=artifact_key(reference),
        description=f"Sag {reference}: status, frister og tidslinje (uden personoplysninger).",
    )


@flow(
    name="intake",
    flow_run_name="intake {reference}",
    on_failure=[alert_admin],
    on_crashed=[alert_admin],
)
def intake_flow(reference: str) -> dict[str, object]:
    """Publish the case's timeline artifact and deliver its queued notices (with anything else
    due) right away, instead of at the next scheduled delivery."""
    artifact_key(reference)  # refuses anything that is not a case reference
    public = read_case_timeline(reference)
    publish_case_timeline(public)
    summary = deliver_messages(business_time(None))
    get_run_logger().info("%s: tidslinje offentliggjort, %d e-mails sendt", reference, summary.sent)
    describe_run(
        f"intake {reference} · {summary.sent} sendt",
        [f"sag:{reference}", f"kommune:{public['job_centre']}"],
    )
    return {"case": reference, "sent": summary.sent, "status": public["status"]}
