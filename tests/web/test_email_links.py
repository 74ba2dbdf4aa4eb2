"""Every link in every email opens the right page for the one who gets it (issue 6).

A simulated month fills the outbox with every kind of task email, reminder, escalation and
notice; each recipient then follows each link in their emails, signed in with their role.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlmodel import select

from fasttrack_core.clock import FixedClock
from fasttrack_core.crypto import CprVault
from fasttrack_core.danish_calendar import DanishCalendar
from fasttrack_core.db import AppContext, make_engine
from fasttrack_core.domain.access import Role
from fasttrack_core.models import Consultant, JobCentre, OutboxMessage, User
from fasttrack_core.notify.outbox import rendered
from fasttrack_core.services.digest import queue_weekly_digests
from fasttrack_core.simulation import run_simulation
from fasttrack_core.web.app import create_app
from tests.conftest import TEST_SECRET, at
from tests.web.conftest import Person, sign_in

LINK = re.compile(r"http://127\.0\.0\.1:8000(/\S*)?")
PUBLIC_PATHS = {"/om-fast-track"}
# The employee's own way in (issue 15), in their notice; the workplace's, in the leader's receipt
# where the job centre's policy lets it book the roundtable (Varde).
PERSONAL_LINKS = {"/borger/": "employee_notice", "/arbejdsgiver/": "leader_receipt"}


@pytest.fixture
def month(sqlite_template: Path, tmp_path: Path, password_hash: str) -> AppContext:
    """A simulated month of 30 cases, its weekly digests, and a user for every staff address."""
    path = tmp_path / "fasttrack.db"
    shutil.copy(sqlite_template, path)
    clock = FixedClock(at("2026-03-02 00:00"))
    ctx = AppContext(
        make_engine(f"sqlite:///{path}"), clock, CprVault(TEST_SECRET), DanishCalendar()
    )
    run_simulation(ctx, cases=30, days=31, seed=3)
    queue_weekly_digests(ctx, as_of=clock.now())
    with ctx.unit_of_work() as session:
        staff: dict[str, tuple[Role, int | None]] = {}
        for centre in session.exec(select(JobCentre)):
            if centre.team_lead_email:
                staff[centre.team_lead_email] = (Role.TEAM_LEAD, centre.id)
            if centre.admin_email:
                staff[centre.admin_email] = (Role.ADMIN, None)
        for consultant in session.exec(select(Consultant)):
            staff[consultant.email] = (Role.CONSULTANT, consultant.job_centre_id)
        for email, (role, centre_id) in staff.items():
            session.add(User(name=email, email=email, role=role, job_centre_id=centre_id,
                             password_hash=password_hash, created_at=clock.now()))  # fmt: skip
        session.commit()
    return ctx


def test_every_link_in_every_email_opens_a_page_its_recipient_may_see(month: AppContext) -> None:
    client = TestClient(create_app(month, TEST_SECRET), follow_redirects=False)
    with month.unit_of_work() as session:
        messages = list(session.exec(select(OutboxMessage)))
        roles = {user.email: Role(user.role) for user in session.exec(select(User))}
    followed: dict[str, set[str]] = {}
    for message in messages:
        for recipient in message.recipients:
            for path in LINK.findall(rendered(message).text):
                followed.setdefault(recipient, set()).add(path or "/")
                for prefix, kind in PERSONAL_LINKS.items():
                    if path.startswith(prefix):
                        assert message.kind == kind, (path, message.kind)
    kinds = {message.kind for message in messages}
    assert {"case_assigned", "employee_notice", "leader_receipt", "reminder", "action_due",
            "overdue_escalation", "weekly_digest"} <= kinds, kinds  # fmt: skip
    for recipient, paths in followed.items():
        client.cookies.clear()
        if recipient in roles:
            sign_in(client, Person(recipient, roles[recipient], None))
        else:  # an employee, a leader, a meeting participant: no sign-in
            public = {p for p in paths if not p.startswith(tuple(PERSONAL_LINKS))}
            assert public <= PUBLIC_PATHS, (recipient, paths)
        for path in sorted(paths):
            response = client.get(path, follow_redirects=True)
            assert response.status_code == 200, (roles.get(recipient), path, response.status_code)
            if path.startswith("/sager/"):
                assert path.removeprefix("/sager/") in response.text
