"""Who is told that a step of a case has passed its deadline, and what a job centre without a team
lead means for that (SPEC §6; issue 13)."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

from sqlmodel import Session, col, select

from fasttrack_core.domain.access import Role
from fasttrack_core.models import JobCentre, User

# Where an escalation goes when a job centre has neither a team lead nor an administrator.
INSTALLATION_ADMIN_SETTING = "FASTTRACK_ADMIN_EMAIL"


@dataclass(frozen=True)
class JobCentreContacts:
    """A job centre's team lead and administrator, where it has them."""

    team_lead: str | None  # the configured `team_lead_email`
    # The configured `admin_email`; without one, the job centre's first active user with the
    # role admin.
    admin: str | None


def escalation_recipient(contacts: JobCentreContacts, installation_admin: str) -> str:
    """The escalation rule: an overdue step goes to the job centre's team lead; a job centre
    without one sends it to its administrator; without that either, it goes to the installation's
    administrator (`FASTTRACK_ADMIN_EMAIL`, `installation_admin`). An escalation always has
    someone to go to: it is never dropped."""
    return contacts.team_lead or contacts.admin or installation_admin


def escalation_recipients(
    session: Session, centre_ids: Collection[int], installation_admin: str
) -> dict[int, str]:
    """`escalation_recipient` of each of the job centres (two queries at most)."""
    return {
        centre_id: escalation_recipient(contacts, installation_admin)
        for centre_id, contacts in contacts_of(session, centre_ids).items()
    }


def contacts_of(session: Session, centre_ids: Collection[int]) -> dict[int, JobCentreContacts]:
    """The contacts of each of the job centres (two queries at most, whatever their number)."""
    if not centre_ids:
        return {}
    configured = session.exec(
        select(JobCentre.id, JobCentre.team_lead_email, JobCentre.admin_email).where(
            col(JobCentre.id).in_(centre_ids)
        )
    ).all()
    admin_users = _admin_users(session, [i for i, _, admin in configured if i and not admin])
    return {
        centre_id: JobCentreContacts(team_lead or None, admin or admin_users.get(centre_id))
        for centre_id, team_lead, admin in configured
        if centre_id is not None
    }


def _admin_users(session: Session, centre_ids: Collection[int]) -> dict[int, str]:
    """Each job centre's first (oldest) active user with the role admin."""
    if not centre_ids:
        return {}
    found: dict[int, str] = {}
    rows = session.exec(
        select(User.job_centre_id, User.email)
        .where(
            col(User.role) == Role.ADMIN,
            col(User.active),
            col(User.job_centre_id).in_(centre_ids),
        )
        .order_by(col(User.id))
    )
    for centre_id, email in rows:
        if centre_id is not None:
            found.setdefault(centre_id, email)
    return found


def missing_team_lead_warnings(session: Session) -> list[str]:
    """A Danish warning for each job centre without a team lead, naming where its escalations
    go instead (`escalation_recipient`)."""
    centres = session.exec(
        select(JobCentre.id, JobCentre.name, JobCentre.municipality_code).order_by(
            col(JobCentre.municipality_code)
        )
    ).all()
    contacts = contacts_of(session, [i for i, _, _ in centres if i is not None])
    warnings = []
    for centre_id, name, code in centres:
        found = contacts.get(centre_id or -1)
        if found is None or found.team_lead:
            continue
        fallback = (
            f"jobcentrets administrator ({found.admin})"
            if found.admin
            else f"installationens administrator ({INSTALLATION_ADMIN_SETTING})"
        )
        warnings.append(
            f"{name} ({code}) har ingen teamleder (team_lead_email): eskaleringer af "
            f"overskredne frister går i stedet til {fallback}."
        )
    return warnings
