"""Correcting an earlier event and reopening a case closed by mistake (issue 14, item 5): the
history stays, a new event says what is right, and the derived state follows
(`domain/corrections.py`). One transaction each, audited.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlmodel import Session, col, select

from fasttrack_core.db import AppContext
from fasttrack_core.domain.access import AuditAction
from fasttrack_core.domain.corrections import (
    CorrectionRefused,
    Recorded,
    before_event,
    case_fields,
    check_correctable,
    check_order,
    corrected_data,
    correction,
    ended_by_closing,
    status_before_closing,
)
from fasttrack_core.domain.effects import EventRefused, Situation
from fasttrack_core.domain.sweep import next_check_at
from fasttrack_core.domain.transitions import refusal
from fasttrack_core.domain.vocabulary import (
    CONSULTANT_EVENTS,
    EVENT_LABELS,
    CaseStatus,
    EventKind,
    StepStatus,
)
from fasttrack_core.errors import Refused
from fasttrack_core.models import Case, Event, JobCentre, Step
from fasttrack_core.schemas import Corrected, Reopened, parse
from fasttrack_core.services.audit import Actor, log
from fasttrack_core.services.policies import policy_of
from fasttrack_core.services.queries import event_views
from fasttrack_core.services.recording import (
    DATA_SCHEMAS,
    RecordResult,
    check_duplicate_of,
    snapshot_of,
)
from fasttrack_core.services.timeline import add_event, set_deadline, steps_of, timing_of

# The events whose order a correction keeps: what people recorded (not corrections themselves).
ORDERED = frozenset(CONSULTANT_EVENTS) - {EventKind.CORRECTED}


@dataclass(frozen=True)
class _Case:
    case: Case
    centre: JobCentre
    steps: list[Step]
    events: list[Event]  # by when they happened


def _load(session: Session, reference: str) -> _Case:
    found = session.exec(
        select(Case, JobCentre)
        .join(JobCentre, col(JobCentre.id) == col(Case.job_centre_id))
        .where(col(Case.reference) == reference.strip().upper())
    ).first()
    if found is None:
        raise Refused(f"Sagen {reference} findes ikke.")
    case, centre = found
    events = session.exec(
        select(Event)
        .where(col(Event.case_id) == case.id)
        .order_by(col(Event.occurred_at), col(Event.id))
    ).all()
    return _Case(case, centre, steps_of(session, case), list(events))


def effective(events: Sequence[Event]) -> dict[int, Recorded]:
    """Every event as it stands after its corrections (the latest correction wins)."""
    return {
        view.id: Recorded(view.id, view.kind, view.effective_at, view.effective_data)
        for view in event_views(events)
    }


def _dedupe_key(reference: str, kind: EventKind, at: datetime, data: dict[str, Any]) -> str:
    canonical = json.dumps(data, sort_keys=True, default=str)
    digest = hashlib.sha256(f"{at.isoformat()}|{canonical}".encode()).hexdigest()[:32]
    return f"{reference}:{kind}:{digest}"


def _duplicate(session: Session, key: str) -> bool:
    return (
        session.exec(select(col(Event.id)).where(col(Event.dedupe_key) == key)).first() is not None
    )


def correct_event(
    ctx: AppContext,
    reference: str,
    at: datetime,
    data: dict[str, Any] | None,
    *,
    as_of: datetime,
    actor: str,
    audit: Actor | None = None,
) -> RecordResult:
    """Record `corrected` (recorded at `at`): the named event's time and/or data corrected, and
    the steps and the case as if the corrected values had been recorded."""
    asked = parse(Corrected, data or {})
    if at > as_of or (asked.at is not None and asked.at > as_of):
        raise Refused("Tidspunktet ligger i fremtiden.")
    with ctx.unit_of_work() as session:
        loaded = _load(session, reference)
        case = loaded.case
        shown = effective(loaded.events)
        original = shown.get(asked.event_id)
        if original is None:
            message = f"Sagen har ingen hændelse nr. {asked.event_id}."
            raise Refused(message, fields={"event_id": message})
        snapshot = snapshot_of(case, loaded.steps)
        closing = original.kind is EventKind.CLOSED
        reason = (
            None
            if closing and case.status == CaseStatus.CLOSED
            else refusal(EventKind.CORRECTED, snapshot)
        )
        if reason:
            raise Refused(reason)
        try:
            check_correctable(original.kind, original.data, asked.data or original.data)
        except CorrectionRefused as refused:
            raise Refused(str(refused)) from None
        corrected_at = asked.at or original.at
        schema = DATA_SCHEMAS[original.kind]
        merged = corrected_data(original.data, asked.data or {})
        fields = parse(schema, {k: v for k, v in merged.items() if k in schema.model_fields})
        new_data = fields.model_dump(mode="json", exclude_none=True)
        ordered = [shown[e.id] for e in loaded.events if e.id is not None and e.kind in ORDERED]
        position = next(i for i, e in enumerate(ordered) if e.id == original.id)
        before = ordered[position - 1].at if position > 0 else case.requested_at
        after = ordered[position + 1].at if position + 1 < len(ordered) else None
        later_kinds = [e.kind for e in ordered[position + 1 :]]
        status = CaseStatus(original.data.get("status_before", case.status))
        situation = Situation(
            case=before_event(snapshot, original, status),
            requested_at=case.requested_at,
            first_absence_day=case.first_absence_day,
            policy=policy_of(loaded.centre),
            calendar=ctx.calendar,
            at=corrected_at,
            normal_hours_per_week=case.normal_hours_per_week,
        )
        try:
            check_order(corrected_at, before, after)
            change = correction(
                original, corrected_at, new_data, situation, later_kinds, snapshot.steps
            )
        except (CorrectionRefused, EventRefused) as refused:
            raise Refused(str(refused)) from None
        if closing and change.effects is not None:
            check_duplicate_of(session, case, new_data.get("duplicate_of"))
        computed = {k: v for k, v in original.data.items() if k not in schema.model_fields}
        recorded = {
            "event_id": original.id,
            "kind": original.kind.value,
            "reason": asked.reason,
            **({"at": corrected_at.isoformat()} if asked.at else {}),
            "data": {**computed, **change.event_data, **new_data}
            if asked.data
            else dict(original.data),
        }
        key = _dedupe_key(case.reference, EventKind.CORRECTED, at, recorded)
        if _duplicate(session, key):
            return RecordResult(case.reference, EventKind.CORRECTED, case.status, duplicate=True)
        policy = policy_of(loaded.centre)
        for ref, done_at in change.retime:
            step = next(s for s in loaded.steps if s.kind == ref.kind and s.seq == ref.seq)
            step.completed_at = done_at
        for move in change.move:
            step = next(
                s for s in loaded.steps if s.kind == move.step.kind and s.seq == move.step.seq
            )
            set_deadline(step, move.due_at, policy, ctx.calendar, as_of)
        if change.effects is not None:
            for name, value in case_fields(change.effects).items():
                setattr(case, name, value)
            if closing and case.status == CaseStatus.CLOSED:
                case.closed_at = corrected_at
        add_event(session, case, EventKind.CORRECTED, at, ctx.clock.now(), actor, recorded, key)
        if audit is not None:
            label = EVENT_LABELS[original.kind]
            detail = f"rettede: {label} (hændelse {original.id})"
            log(session, audit, AuditAction.CHANGE, as_of, case.id, detail)
        session.commit()
        return RecordResult(
            case.reference, EventKind.CORRECTED, case.status, warnings=[*change.warnings]
        )


def reopen_case(
    ctx: AppContext,
    reference: str,
    at: datetime,
    data: dict[str, Any] | None,
    *,
    as_of: datetime,
    actor: str,
    audit: Actor | None = None,
) -> RecordResult:
    """Record `reopened`: a case closed by mistake is open again with the status it had and the
    steps the closing ended, their deadlines as they were (an overdue one is escalated by the next
    sweep)."""
    asked = parse(Reopened, data or {})
    if at > as_of:
        raise Refused("Tidspunktet ligger i fremtiden.")
    with ctx.unit_of_work() as session:
        loaded = _load(session, reference)
        case = loaded.case
        snapshot = snapshot_of(case, loaded.steps)
        reason = refusal(EventKind.REOPENED, snapshot)
        if reason:
            raise Refused(reason)
        if case.anonymised_at is not None:
            raise Refused("Sagens personoplysninger er slettet; den kan ikke genåbnes.")
        if case.closed_at is not None and at < case.closed_at:
            raise Refused("Tidspunktet ligger før sagen blev afsluttet.")
        other_open = session.exec(
            select(col(Case.id)).where(col(Case.open_cpr_hash) == case.cpr_hash)
        ).first()
        if other_open is not None:
            raise Refused(
                "Medarbejderen har en anden åben sag; den skal afsluttes (fx som dublet), før "
                "denne kan genåbnes."
            )
        shown = effective(loaded.events)
        closing = next(e for e in reversed(shown.values()) if e.kind is EventKind.CLOSED)
        declined = any(e.kind is EventKind.DECLINED for e in shown.values())
        status = status_before_closing(snapshot, closing.data.get("status_before"), declined)
        ended = ended_by_closing(snapshot, closing.at, closing.data.get("ended", []))
        recorded = {"reason": asked.reason, "status": status.value, "steps": len(ended)}
        key = _dedupe_key(case.reference, EventKind.REOPENED, at, recorded)
        if _duplicate(session, key):
            return RecordResult(case.reference, EventKind.REOPENED, case.status, duplicate=True)
        for ref in ended:
            step = next(s for s in loaded.steps if s.kind == ref.kind and s.seq == ref.seq)
            step.status = StepStatus.OVERDUE if step.escalated_at else StepStatus.PENDING
            step.completed_at = None
            step.next_check_at = next_check_at(timing_of(step))
        case.status = status
        case.outcome = None
        case.closed_at = None
        case.open_cpr_hash = case.cpr_hash
        add_event(session, case, EventKind.REOPENED, at, ctx.clock.now(), actor, recorded, key)
        if audit is not None:
            log(session, audit, AuditAction.CHANGE, as_of, case.id, "genåbnede sagen")
        session.commit()
        return RecordResult(case.reference, EventKind.REOPENED, status)
