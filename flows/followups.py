"""The follow-up record, every evening: the day's follow-ups held and corrections, as a file in
FASTTRACK_FOLLOWUP_EXPORT_DIR for the job centre's case system or integration service to report
to the common data basis the same day (BEK § 37, stk. 2). The file holds CPR numbers: it is
written 0600, and the run logs and names carry only the day and the counts."""

from __future__ import annotations

from datetime import date

from prefect import get_run_logger

from fasttrack_core.domain.calendar import local_date
from fasttrack_core.orchestration.runtime import (
    business_time,
    describe_run,
    flow_runtime,
    parameter,
)
from fasttrack_core.reporting.followups import daily_filename, export_followups, write_private
from fasttrack_core.services.audit import Actor
from flows._decorators import alerting_flow, retrying_task

ACTOR = Actor("system:followup-record")


def _day(as_of: str | None) -> date:
    return local_date(business_time(as_of))


@retrying_task("write-followup-record", "skriv dagens opfølgninger")
def write_day(day: date, as_of: str | None) -> dict[str, int]:
    runtime = flow_runtime()
    export = export_followups(runtime.ctx, day, day, actor=ACTOR, as_of=business_time(as_of))
    path = runtime.settings.followup_export_dir / daily_filename(day, "csv")
    write_private(path, export.render("csv"))
    return {"records": len(export.records), "cases": export.cases}


def _run_name() -> str:
    return f"followup record {_day(parameter('as_of'))}"


@alerting_flow("followup-record", _run_name)
def followup_record_flow(as_of: str | None = None) -> dict[str, object]:
    """Write the file of the Danish day of `as_of` (default: the scheduled time); a rerun writes
    the same file again."""
    day = _day(as_of)
    counts = write_day(day, as_of)
    get_run_logger().info("%s: %d registreringer fra %d sager", day, counts["records"],
                          counts["cases"])  # fmt: skip
    describe_run(f"followup record {day} · {counts['records']} registreringer")
    return {"day": day.isoformat(), **counts}
