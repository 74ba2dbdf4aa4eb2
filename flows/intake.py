"""After intake: publish the case's timeline and deliver its notices now.

The case is opened synchronously by `fasttrack request submit` (or any other intake path),
which then emits `fasttrack.request.received`; the `intake` deployment's trigger starts this flow
about a second later with the case reference. The submitter never waits for Prefect.
"""

from __future__ import annotations

from prefect import get_run_logger

from fasttrack_core.orchestration.case_timeline import REFERENCE, artifact_key
from fasttrack_core.orchestration.runtime import business_time, describe_run, parameter
from flows._decorators import alerting_flow
from flows._tasks import deliver_messages, publish_case_timelines


def _run_name() -> str:
    """`intake FT-2026-000123`; anything else an event may carry is not repeated."""
    reference = str(parameter("reference"))
    return f"intake {reference}" if REFERENCE.match(reference) else "intake (ugyldigt sagsnummer)"


@alerting_flow("intake", _run_name)
def intake_flow(reference: str) -> dict[str, object]:
    """Publish the case's timeline artifact and deliver its queued notices (with anything else
    due) right away, instead of at the next scheduled delivery."""
    artifact_key(reference)  # refuses anything that is not a case reference
    public = publish_case_timelines([reference])[0]
    summary = deliver_messages(business_time(None))
    get_run_logger().info("%s: tidslinje offentliggjort, %d e-mails sendt", reference, summary.sent)
    describe_run(
        f"intake {reference} · {summary.sent} sendt",
        [f"sag:{reference}", f"kommune:{public['job_centre']}"],
    )
    return {"case": reference, "sent": summary.sent, "status": public["status"]}
