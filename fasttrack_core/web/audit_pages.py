"""The audit log for admins (`/admin/log`, newest first, by case reference) and the insight
export per citizen (GDPR art. 15: who looked at my data?). The CPR number is sent in a POST
form, never in an address; the export is itself logged."""

from __future__ import annotations

import csv
import io
from typing import Annotated

from fastapi import APIRouter, Depends, Form, Query, Request
from fastapi.responses import Response

from fasttrack_core.domain.access import AUDIT_ACTION_NAMES, AuditAction, Role
from fasttrack_core.domain.calendar import COPENHAGEN, local_date
from fasttrack_core.domain.identifiers import cpr_is_valid
from fasttrack_core.errors import Refused
from fasttrack_core.models import User
from fasttrack_core.services.audit import (
    PAGE_SIZE,
    AuditRow,
    export_for_citizen,
    recent,
    stated_purpose,
)
from fasttrack_core.web.security import actor_of, check_csrf, context_of, require
from fasttrack_core.web.templating import page

router = APIRouter(include_in_schema=False)
Admin = Annotated[User, Depends(require(Role.ADMIN))]
CSV_COLUMNS = ("tidspunkt", "hvem", "handling", "sag", "detalje", "formål")
MAX_PAGE = 1_000_000  # 200 million entries; a larger page number overflows the SQL offset


def _scope(user: User) -> int | None:
    """The job centre whose entries an admin sees; None: a system admin sees them all."""
    return None if user.system_admin else user.job_centre_id


def _log_page(
    request: Request,
    user: User,
    reference: str,
    errors: dict[str, str] | None = None,
    status_code: int = 200,
    number: int = 1,
) -> Response:
    rows = recent(context_of(request), reference or None, number, job_centre_id=_scope(user))
    return page(
        request,
        "audit_log.html",
        {
            "rows": rows,
            "page": number,
            "more": len(rows) == PAGE_SIZE,
            "reference": reference,
            "actions": {a.value: name for a, name in AUDIT_ACTION_NAMES.items()},
            "values": {},
            "errors": errors or {},
        },
        status_code=status_code,
    )


@router.get("/admin/log")
def audit_log(
    request: Request, user: Admin, sag: str = "", side: Annotated[int, Query(ge=1, le=MAX_PAGE)] = 1
) -> Response:
    return _log_page(request, user, sag.strip().upper(), number=side)


@router.post("/admin/indsigt", dependencies=[Depends(check_csrf)])
def insight_export(
    request: Request,
    user: Admin,
    cpr: Annotated[str, Form()] = "",
    formaal: Annotated[str, Form()] = "",
) -> Response:
    """A CSV file of every audit entry about the citizen's cases, logged with its purpose."""
    number = cpr.replace("-", "").strip()
    if not cpr_is_valid(number):
        message = "Skriv et gyldigt CPR-nummer: 10 cifre, fx 0304781234."
        return _log_page(request, user, "", {"cpr": message}, status_code=422)
    try:
        purpose = stated_purpose(formaal)
    except Refused as refused:
        return _log_page(request, user, "", {"formaal": refused.reasons[0]}, status_code=422)
    ctx = context_of(request)
    now = ctx.clock.now()
    rows = export_for_citizen(
        ctx, actor_of(user), number, as_of=now, purpose=purpose, job_centre_id=_scope(user)
    )
    filename = f"indsigt-adgangslog-{local_date(now).isoformat()}.csv"
    return Response(
        _csv(rows),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )


def _csv(rows: list[AuditRow]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";")  # Danish spreadsheets expect semicolons
    writer.writerow(CSV_COLUMNS)
    for row in rows:
        writer.writerow(
            (
                row.at.astimezone(COPENHAGEN).isoformat(timespec="seconds"),
                row.actor,
                AUDIT_ACTION_NAMES[AuditAction(row.action)],
                row.reference or "",
                row.detail or "",
                row.purpose,
            )
        )
    return "\ufeff" + out.getvalue()  # a BOM, so Excel reads the file as UTF-8
