"""Finding cases (issue 14): the bounded, paged, filtered list behind `/sager` and
`fasttrack case list`, with its audit entry written in the same transaction as the read.

Who sees what: everyone sees their own job centre's cases only, except a system admin; within
it a consultant starts with their own cases and may widen to the job centre. A search by CPR
number goes through the keyed look-up hash (the number is never searched for or decrypted),
needs the purpose the user states, and is logged on every case it finds.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date, datetime, time
from enum import StrEnum
from typing import Any

from sqlalchemy import ColumnElement, Select, and_, case, exists, func, or_
from sqlalchemy import select as sa_select
from sqlmodel import Session, col

from fasttrack_core.db import AppContext
from fasttrack_core.domain.access import AuditAction, Role
from fasttrack_core.domain.calendar import COPENHAGEN, end_of_day
from fasttrack_core.domain.vocabulary import OUTSTANDING, CaseStatus, StepKind, StepStatus
from fasttrack_core.errors import Refused
from fasttrack_core.models import Case, Consultant, JobCentre, Step
from fasttrack_core.services.audit import Actor, log, stated_purpose
from fasttrack_core.services.workload import PAGE_SIZE, Paging

MAX_PAGE_SIZE = 200
OPEN = "open"  # the status filter for every case not closed
_CPR = re.compile(r"^\d{6}-?\d{4}$")


class Scope(StrEnum):
    MINE = "mine"  # the cases the user is the consultant of
    CENTRE = "centre"  # every case of the user's job centre (every case, for a system admin)


class Sort(StrEnum):
    NEXT_DUE = "next_due"  # the earliest outstanding deadline first (closed cases last)
    REQUESTED = "requested"  # the newest request first
    REFERENCE = "reference"
    NAME = "name"


@dataclass(frozen=True)
class Viewer:
    """Who asks: their role, job centre and e-mail (their own cases are the consultant's with
    that e-mail)."""

    role: Role
    email: str
    job_centre_id: int | None
    system_admin: bool = False

    @property
    def default_scope(self) -> Scope:
        return Scope.MINE if self.role is Role.CONSULTANT else Scope.CENTRE


def system_viewer() -> Viewer:
    """Whoever runs the command line: it holds the database's keys, so it sees every case."""
    return Viewer(Role.ADMIN, "", None, system_admin=True)


@dataclass(frozen=True)
class CaseFilter:
    scope: Scope = Scope.CENTRE
    status: str = OPEN  # OPEN, "" (every status) or a CaseStatus
    step: str = ""  # a StepKind: cases with that step outstanding
    overdue: bool = False
    consultant_id: int | None = None
    consultant_email: str = ""
    municipality: str = ""
    workplace: str = ""  # part of the employer's name or workplace, or the CVR number
    requested_from: date | None = None
    requested_to: date | None = None
    text: str = ""  # a reference, part of a name, or a CPR number
    purpose: str = ""  # required for a search by CPR number
    sort: Sort = Sort.NEXT_DUE
    page: int = 1
    page_size: int = PAGE_SIZE

    @property
    def by_cpr(self) -> bool:
        return looks_like_cpr(self.text)


@dataclass(frozen=True)
class CaseRow:
    reference: str
    employee: str
    status: str
    consultant: str | None  # the consultant's name
    consultant_email: str | None
    workplace: str
    municipality: str
    requested_at: datetime
    next_due: datetime | None
    overdue: bool

    def to_json(self) -> dict[str, Any]:
        """What `fasttrack case list --json` prints (no name, no CPR number)."""
        return {
            "reference": self.reference,
            "status": self.status,
            "consultant": self.consultant_email,
            "next_due": self.next_due.isoformat() if self.next_due else None,
            "overdue": self.overdue,
            "municipality": self.municipality,
            "requested_at": self.requested_at.isoformat(),
        }


@dataclass(frozen=True)
class CasePage:
    rows: list[CaseRow]
    paging: Paging
    filter: CaseFilter


def looks_like_cpr(text: str) -> bool:
    return bool(_CPR.match(text.strip()))


def find_cases(
    ctx: AppContext, viewer: Viewer, wanted: CaseFilter, *, actor: Actor, as_of: datetime
) -> CasePage:
    """One page of the cases the viewer may see that match `wanted`, and the audit entries
    (the list view; for a search by CPR number, one per case found, with the stated purpose),
    in one transaction. Refused (Danish) for a filter that makes no sense."""
    wanted = _checked(wanted)
    with ctx.unit_of_work() as session:
        _check_known(session, wanted)
        statement = _matching(session, ctx, viewer, wanted, as_of)
        total = session.scalar(sa_select(func.count()).select_from(statement.subquery())) or 0
        paging = Paging(wanted.page, wanted.page_size, total)
        rows = session.execute(
            _sorted(statement, wanted.sort).limit(wanted.page_size).offset(paging.offset)
        ).all()
        found = [_row(row, as_of) for row in rows]
        _audit(session, actor, wanted, as_of, [row.id for row in rows], total)
        session.commit()
    return CasePage(found, paging, wanted)


def _checked(wanted: CaseFilter) -> CaseFilter:
    problems: dict[str, str] = {}
    if wanted.status not in ("", OPEN, *CaseStatus):
        problems["status"] = f"Ukendt status '{wanted.status}'."
    if wanted.step and wanted.step not in StepKind.__members__.values():
        problems["step"] = f"Ukendt skridt '{wanted.step}'."
    if not 1 <= wanted.page_size <= MAX_PAGE_SIZE:
        problems["limit"] = f"Vis mellem 1 og {MAX_PAGE_SIZE} sager pr. side."
    if wanted.page < 1:
        problems["page"] = "Sidetallet skal være 1 eller mere."
    if (
        wanted.requested_from
        and wanted.requested_to
        and wanted.requested_from > wanted.requested_to
    ):
        problems["requested_to"] = "Perioden slutter før den begynder."
    if len(wanted.text) > 200 or len(wanted.workplace) > 200:
        problems["text"] = "Søgeteksten er for lang (højst 200 tegn)."
    if problems:
        raise Refused(list(problems.values()), fields=problems)
    if wanted.by_cpr:
        purpose = stated_purpose(wanted.purpose)  # refused without one
        return replace(wanted, text=wanted.text.strip().replace("-", ""), purpose=purpose)
    return wanted


def _check_known(session: Session, wanted: CaseFilter) -> None:
    """A municipality or consultant that does not exist is a typo, not an empty list."""
    if wanted.municipality and not session.scalar(
        sa_select(col(JobCentre.id)).where(
            col(JobCentre.municipality_code) == wanted.municipality.strip()
        )
    ):
        message = f"Ingen jobcenter har kommunekoden '{wanted.municipality[:20]}'."
        raise Refused(message, fields={"municipality": message})
    if wanted.consultant_email and not session.scalar(
        sa_select(col(Consultant.id)).where(
            func.lower(col(Consultant.email)) == wanted.consultant_email.strip().lower()
        )
    ):
        message = f"Ingen konsulent har e-mailen '{wanted.consultant_email[:100]}'."
        raise Refused(message, fields={"consultant": message})


def _next_due() -> Any:
    """Per case: the earliest outstanding deadline, and whether the sweep marked a step
    overdue."""
    return (
        sa_select(
            col(Step.case_id).label("case_id"),
            func.min(col(Step.due_at)).label("next_due"),
            func.max(case((col(Step.status) == StepStatus.OVERDUE, 1), else_=0)).label("marked"),
        )
        .where(col(Step.status).in_(OUTSTANDING))
        .group_by(col(Step.case_id))
        .subquery("due")
    )


def _matching(
    session: Session, ctx: AppContext, viewer: Viewer, wanted: CaseFilter, as_of: datetime
) -> Select[Any]:
    due = _next_due()
    statement = (
        sa_select(
            col(Case.id),
            col(Case.reference),
            col(Case.employee_name),
            col(Case.status),
            col(Consultant.name),
            col(Consultant.email),
            col(Case.employer_name),
            col(Case.workplace),
            col(JobCentre.municipality_code),
            col(Case.requested_at),
            due.c.next_due,
            due.c.marked,
        )
        .join(JobCentre, col(JobCentre.id) == col(Case.job_centre_id))
        .join(Consultant, col(Consultant.id) == col(Case.consultant_id), isouter=True)
        .join(due, due.c.case_id == col(Case.id), isouter=True)
    )
    conditions = _visible(viewer, wanted.scope) + _filters(session, ctx, wanted, due, as_of)
    return statement.where(and_(*conditions))


def _visible(viewer: Viewer, scope: Scope) -> list[ColumnElement[bool]]:
    """Never another job centre's case (unless a system admin); a consultant's own cases when
    the scope is MINE."""
    if viewer.role not in (Role.CONSULTANT, Role.TEAM_LEAD, Role.ADMIN):
        raise Refused("Din rolle giver ikke adgang til sager.")
    conditions: list[ColumnElement[bool]] = []
    if not (viewer.role is Role.ADMIN and viewer.system_admin):
        conditions.append(col(Case.job_centre_id) == viewer.job_centre_id)
    if scope is Scope.MINE:
        conditions.append(func.lower(col(Consultant.email)) == viewer.email.lower())
    return conditions


def _filters(
    session: Session, ctx: AppContext, wanted: CaseFilter, due: Any, as_of: datetime
) -> list[ColumnElement[bool]]:
    conditions: list[ColumnElement[bool]] = []
    if wanted.status == OPEN:
        conditions.append(col(Case.status) != CaseStatus.CLOSED)
    elif wanted.status:
        conditions.append(col(Case.status) == wanted.status)
    if wanted.step:
        conditions.append(
            exists().where(
                col(Step.case_id) == col(Case.id),
                col(Step.kind) == wanted.step,
                col(Step.status).in_(OUTSTANDING),
            )
        )
    if wanted.overdue:
        conditions.append(or_(due.c.marked == 1, due.c.next_due < as_of))
    if wanted.consultant_id is not None:
        conditions.append(col(Case.consultant_id) == wanted.consultant_id)
    if wanted.consultant_email:
        conditions.append(
            func.lower(col(Consultant.email)) == wanted.consultant_email.strip().lower()
        )
    if wanted.municipality:
        conditions.append(col(JobCentre.municipality_code) == wanted.municipality.strip())
    if wanted.workplace.strip():
        place = wanted.workplace.strip()
        conditions.append(
            or_(
                col(Case.employer_cvr) == place,
                func.lower(col(Case.employer_name)).contains(place.lower(), autoescape=True),
                func.lower(col(Case.workplace)).contains(place.lower(), autoescape=True),
            )
        )
    if wanted.requested_from:
        first = datetime.combine(wanted.requested_from, time(0), tzinfo=COPENHAGEN)
        conditions.append(col(Case.requested_at) >= first)
    if wanted.requested_to:
        conditions.append(col(Case.requested_at) <= end_of_day(wanted.requested_to))
    text = wanted.text.strip()
    if wanted.by_cpr:
        conditions.append(col(Case.cpr_hash) == ctx.vault.lookup_hash(text))
    elif text:
        name = func.lower(col(Case.employee_name))
        conditions.append(
            or_(
                col(Case.reference).contains(text.upper(), autoescape=True),
                *(name.contains(variant, autoescape=True) for variant in _name_variants(text)),
            )
        )
    return conditions


def _name_variants(text: str) -> set[str]:
    """What to look for in lower(name): SQLite lowers ASCII letters only ("Ørsted" stays
    "Ørsted"), so besides the lower-case text, the text with each word capitalised (how a
    name's Æ, Ø or Å is usually written) lowered the same way."""
    return {
        "".join(c.lower() if c.isascii() else c for c in variant)
        for variant in (text.lower(), text.title(), text)
    }


def _sorted(statement: Select[Any], sort: Sort) -> Select[Any]:
    due = statement.selected_columns.next_due
    orders: dict[Sort, tuple[Any, ...]] = {
        Sort.NEXT_DUE: (due.is_(None), due, col(Case.reference)),
        Sort.REQUESTED: (col(Case.requested_at).desc(), col(Case.reference)),
        Sort.REFERENCE: (col(Case.reference),),
        Sort.NAME: (col(Case.employee_name), col(Case.reference)),
    }
    return statement.order_by(*orders[sort])


def _row(row: Any, as_of: datetime) -> CaseRow:
    next_due: datetime | None = row.next_due
    return CaseRow(
        reference=row.reference,
        employee=row.employee_name,
        status=row.status,
        consultant=row.name,
        consultant_email=row.email,
        workplace=f"{row.employer_name}, {row.workplace}",
        municipality=row.municipality_code,
        requested_at=row.requested_at,
        next_due=next_due,
        overdue=bool(row.marked) or (next_due is not None and next_due < as_of),
    )


def _audit(
    session: Session,
    actor: Actor,
    wanted: CaseFilter,
    as_of: datetime,
    case_ids: list[int],
    total: int,
) -> None:
    """The list view (what was asked, never the text searched for: it may be a name), and for
    a search by CPR number an entry on each case found (once without a case when none)."""
    searched = "cpr" if wanted.by_cpr else "tekst" if wanted.text.strip() else "ingen"
    detail = f"sager: omfang {wanted.scope}, søgning {searched}, side {wanted.page}, {total} fundet"
    log(session, actor, AuditAction.VIEW_LIST, as_of, detail=detail)
    if wanted.by_cpr:
        found: list[int | None] = [*case_ids] or [None]
        for case_id in found:
            log(
                session,
                actor,
                AuditAction.SEARCH_CPR,
                as_of,
                case_id,
                "søgning på CPR-nummer",
                wanted.purpose,
            )
