"""Who may do what in the web app (issue 6): the roles, and the audit log's actions."""

from __future__ import annotations

from enum import StrEnum


class Role(StrEnum):
    CONSULTANT = "consultant"
    TEAM_LEAD = "team_lead"
    ADMIN = "admin"
    STEERING = "steering"  # a steering group member: reports, never cases


ROLE_NAMES: dict[Role, str] = {
    Role.CONSULTANT: "Fastholdelseskonsulent",
    Role.TEAM_LEAD: "Teamleder",
    Role.ADMIN: "Administrator",
    Role.STEERING: "Styregruppemedlem",
}

# Roles that work with cases. A consultant and a team lead see their own job centre's cases only;
# an admin sees every case (to answer a citizen's request for insight, and to run the system).
CASE_ROLES = frozenset({Role.CONSULTANT, Role.TEAM_LEAD, Role.ADMIN})


def may_see_case(role: Role, own_centre_id: int | None, case_centre_id: int) -> bool:
    if role not in CASE_ROLES:
        return False
    return role is Role.ADMIN or own_centre_id == case_centre_id


class AuditAction(StrEnum):
    VIEW = "view"  # a case page was shown
    CHANGE = "change"  # an event was recorded, or the case reassigned
    EXPORT = "export"  # case data left the system (a download, an insight export)
    REVEAL_CPR = "reveal_cpr"  # a CPR number was shown unmasked
    SUBMIT = "submit"  # a request opened (or found) the case
    LOCKOUT = "lockout"  # too many failed sign-ins: an account or a client address locked
    ACCOUNT = "account"  # a password changed, a second factor enabled, sessions ended


AUDIT_ACTION_NAMES: dict[AuditAction, str] = {
    AuditAction.VIEW: "Så sagen",
    AuditAction.CHANGE: "Ændrede sagen",
    AuditAction.EXPORT: "Eksporterede data",
    AuditAction.REVEAL_CPR: "Viste CPR-nummer",
    AuditAction.SUBMIT: "Indsendte anmodning",
    AuditAction.LOCKOUT: "Spærrede log ind",
    AuditAction.ACCOUNT: "Ændrede adgang",
}
