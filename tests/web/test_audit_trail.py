"""Issue 12, defects 5 and 9 on the web: sign-in, sign-out, refused access and the lists that
show case details are logged; a CPR reveal and an insight export carry the purpose the user
stated; an admin of one job centre sees that centre's cases only; the chain holds under
concurrent writers."""

from __future__ import annotations

import html
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from fastapi.testclient import TestClient
from sqlmodel import col, select

from fasttrack_core.db import AppContext
from fasttrack_core.domain.access import AuditAction, Role
from fasttrack_core.models import AuditEntry
from fasttrack_core.services.audit import Actor, verify, write
from fasttrack_core.web.security import CSRF_FIELD
from tests.conftest import START
from tests.web.conftest import PASSWORD, OpenCase, Person, add_people, csrf_of, sign_in


def _entries(ctx: AppContext) -> list[tuple[str, str, str | None, str]]:
    with ctx.unit_of_work() as session:
        rows = session.exec(select(AuditEntry).order_by(col(AuditEntry.seq))).all()
    return [(row.actor, row.action, row.detail, row.purpose) for row in rows]


def test_defect_5_sign_in_failure_success_and_sign_out_are_logged(
    client: TestClient, people: dict[str, Person], ctx: AppContext
) -> None:
    consultant = people["consultant"]
    wrong = {"email": consultant.email, "password": "forkert", CSRF_FIELD: csrf_of(client)}
    assert client.post("/login", data=wrong).status_code == 401
    sign_in(client, consultant)
    assert client.post("/logout", data={CSRF_FIELD: csrf_of(client, "/opgaver")}).status_code == 303
    actions = [(actor, action) for actor, action, _, _ in _entries(ctx)]
    assert actions == [
        (consultant.email, "sign_in_failed"),
        (consultant.email, "sign_in"),
        (consultant.email, "view_list"),  # the page the CSRF token was read from
        (consultant.email, "sign_out"),
    ]
    assert PASSWORD not in str(_entries(ctx)) and "forkert" not in str(_entries(ctx))


def test_defect_5_the_task_and_team_lists_and_a_refusal_are_logged(
    client: TestClient, people: dict[str, Person], ole_case: OpenCase, ctx: AppContext
) -> None:
    sign_in(client, ole_case.owner)
    assert client.get("/opgaver").status_code == 200
    client.cookies.clear()
    sign_in(client, people["team_lead"])
    assert client.get("/team").status_code == 200
    assert client.get("/admin/log").status_code == 403
    logged = [(actor, action, detail) for actor, action, detail, _ in _entries(ctx)]
    assert (ole_case.owner.email, "view_list", "/opgaver") in logged
    assert (people["team_lead"].email, "view_list", "/team") in logged
    assert (people["team_lead"].email, "refused", "/admin/log") in logged


def test_defect_5_a_cpr_reveal_needs_a_stated_purpose_which_is_logged(
    client: TestClient, ole_case: OpenCase, ctx: AppContext
) -> None:
    sign_in(client, ole_case.owner)
    token = csrf_of(client, f"/sager/{ole_case.reference}")
    refused = client.post(f"/sager/{ole_case.reference}/cpr", data={CSRF_FIELD: token})
    assert refused.status_code == 422
    assert "Angiv formålet" in html.unescape(refused.text)
    assert "030478-2678" not in refused.text
    assert not [e for e in _entries(ctx) if e[1] == "reveal_cpr"]
    purpose = "borgeren ringede om sin sag"
    shown = client.post(
        f"/sager/{ole_case.reference}/cpr", data={CSRF_FIELD: token, "formaal": purpose}
    )
    assert shown.status_code == 200 and "030478-2678" in shown.text
    reveals = [e for e in _entries(ctx) if e[1] == "reveal_cpr"]
    assert reveals == [(ole_case.owner.email, "reveal_cpr", None, purpose)]


def test_defect_5_routine_work_is_logged_as_case_work(
    client: TestClient, ole_case: OpenCase, ctx: AppContext
) -> None:
    sign_in(client, ole_case.owner)
    assert client.get(f"/sager/{ole_case.reference}").status_code == 200
    assert {purpose for *_, purpose in _entries(ctx)} == {"sagsbehandling"}


def test_defect_5_the_chain_holds_with_concurrent_writers(ctx: AppContext) -> None:
    def write_entries(worker: int) -> None:
        for number in range(10):
            write(ctx, Actor(f"worker-{worker}"), AuditAction.VIEW, START, detail=str(number))

    with ThreadPoolExecutor(max_workers=4) as pool:
        list(pool.map(write_entries, range(4)))
    check = verify(ctx)
    assert (check.intact, check.checked) == (True, 40)
    with ctx.unit_of_work() as session:
        places = session.exec(select(AuditEntry.seq).order_by(col(AuditEntry.seq))).all()
    assert places == list(range(1, 41))


def test_the_chain_verifies_entries_with_danish_letters_quotes_and_line_breaks(
    ctx: AppContext,
) -> None:
    """On PostgreSQL the database hashes each entry (migration 0025); `verify` recomputes the
    hashes in Python: both must read the same text."""
    awkward = ['Søren "Ærø" Østergård', "linje 1\nlinje 2\ttab \\ sti/til", "emoji 🙂 \u2028"]
    for number, detail in enumerate(awkward):
        write(ctx, Actor(f"kø-{number}@jobcenter.dk"), AuditAction.VIEW, START, detail=detail)
    write(ctx, Actor("cli:ada"), AuditAction.EXPORT, START, case_id=None, purpose="indsigt: Åse")
    assert verify(ctx).intact and verify(ctx).checked == 4
    assert [detail for _, _, detail, _ in _entries(ctx)][:3] == awkward


def test_defect_9_an_admin_of_one_job_centre_sees_only_its_cases(
    client: TestClient, ole_case: OpenCase, ctx: AppContext, password_hash: str
) -> None:
    scoped = {
        "kolding_admin": Person("admin@kolding.example.dk", Role.ADMIN, "621"),
        "ishoj_admin": Person("admin@ishoj.example.dk", Role.ADMIN, "183"),
    }
    add_people(ctx, password_hash, scoped)
    sign_in(client, scoped["kolding_admin"])
    # Another job centre's case answers as a missing one would (404: no hint it exists).
    assert client.get(f"/sager/{ole_case.reference}").status_code == 404
    client.cookies.clear()
    sign_in(client, scoped["ishoj_admin"])
    assert client.get(f"/sager/{ole_case.reference}").status_code == 200


def test_defect_9_an_admin_of_one_job_centre_reads_only_its_audit_entries(
    client: TestClient,
    ole_case: OpenCase,
    ctx: AppContext,
    password_hash: str,
    ole: dict[str, Any],
) -> None:
    scoped = {
        "kolding_admin": Person("admin@kolding.example.dk", Role.ADMIN, "621"),
        "ishoj_admin": Person("admin@ishoj.example.dk", Role.ADMIN, "183"),
    }
    add_people(ctx, password_hash, scoped)
    sign_in(client, scoped["ishoj_admin"])
    assert client.get(f"/sager/{ole_case.reference}").status_code == 200  # logged as a view
    row_link = f'href="/admin/log?sag={ole_case.reference}"'
    assert row_link in client.get("/admin/log").text  # Ole's case is Ishøj's
    client.cookies.clear()
    sign_in(client, scoped["kolding_admin"])
    page = client.get("/admin/log")
    assert page.status_code == 200
    assert row_link not in page.text
    assert "admin@ishoj.example.dk" not in page.text  # another centre's sign-ins neither
    form = {"cpr": ole["employee"]["cpr"], "formaal": "borgerens anmodning om indsigt"}
    export = client.post("/admin/indsigt", data={**form, CSRF_FIELD: csrf_of(client, "/admin/log")})
    assert export.status_code == 200
    assert ole_case.reference not in export.text
