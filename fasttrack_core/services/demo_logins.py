"""Demo logins for `fasttrack up`: so that a person trying the demo can sign in at once.

Only for a database that runs the bundled demo configuration and has no users yet: Ishøj's
administrator, demo consultant, team lead and steering group member (the ones the demo story,
`simulation/demo_story.py`, gives a full screen), with one password drawn for this database.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func
from sqlmodel import select

from fasttrack_core.db import AppContext
from fasttrack_core.domain.access import Role
from fasttrack_core.models import ConfigChange, User
from fasttrack_core.services.configuration import DEMO_SOURCE
from fasttrack_core.services.users import add_user


@dataclass(frozen=True)
class DemoLogin:
    role: Role
    email: str
    password: str


# (name, role, e-mail, municipality): the consultant is one the demo configuration assigns cases.
DEMO_USERS = [
    ("Demo-administrator", Role.ADMIN, "admin@ishoj.jobcenter.example.dk", None),
    ("Mette Holm", Role.CONSULTANT, "mette.holm@ishoj.jobcenter.example.dk", "183"),
    ("Demo-teamleder", Role.TEAM_LEAD, "teamleder@ishoj.jobcenter.example.dk", "183"),
    ("Demo-styregruppemedlem", Role.STEERING, "styregruppe@ishoj.jobcenter.example.dk", "183"),
]


def _runs_only_the_demo(ctx: AppContext) -> bool:
    with ctx.unit_of_work() as session:
        sources = set(session.exec(select(ConfigChange.source)).all())
        users = session.exec(select(func.count()).select_from(User)).one()
    return sources == {DEMO_SOURCE} and users == 0


def create_demo_logins(ctx: AppContext, *, as_of: datetime) -> list[DemoLogin]:
    """The demo logins created now (none when the database has users or its own configuration).
    One password for all, random per database; it is shown once, here."""
    if not _runs_only_the_demo(ctx):
        return []
    password = secrets.token_urlsafe(12)
    logins = []
    for name, role, email, municipality in DEMO_USERS:
        add_user(ctx, name, role, email, municipality, password, as_of=as_of)
        logins.append(DemoLogin(role, email, password))
    return logins
