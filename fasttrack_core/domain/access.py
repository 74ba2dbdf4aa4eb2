"""Who may do what in the web app (issue 6): the roles, and the audit log's actions."""

from __future__ import annotations

from enum import StrEnum


class Role(StrEnum):
    CONSULTANT = "consultant"
    TEAM_LEAD = "team_lead"
    ADMIN = "admin"
    STEERING = "steering"  # a steering group member: reports, never cases


class ApiRole(StrEnum):
    """What an API key may do: submit requests (an HR system), or read the KPI JSON (the
    steering group's BI, issue 17)."""

    INTAKE = "intake"
    STEERING = "steering"


ROLE_NAMES: dict[Role, str] = {
    Role.CONSULTANT: "Fastholdelseskonsulent",
    Role.TEAM_LEAD: "Teamleder",
    Role.ADMIN: "Administrator",
    Role.STEERING: "Styregruppemedlem",
}

# Roles that work with cases. Everyone sees their own job centre's cases only, except a system
# admin (an admin without a job centre, or made one explicitly), who runs the whole system.
CASE_ROLES = frozenset({Role.CONSULTANT, Role.TEAM_LEAD, Role.ADMIN})


def may_see_case(
    role: Role, own_centre_id: int | None, case_centre_id: int, system_admin: bool = False
) -> bool:
    if role not in CASE_ROLES:
        return False
    return (role is Role.ADMIN and system_admin) or own_centre_id == case_centre_id


class AuditAction(StrEnum):
    VIEW = "view"  # a case page was shown
    CHANGE = "change"  # an event was recorded, or the case reassigned
    EXPORT = "export"  # case data left the system (a download, an insight export)
    REVEAL_CPR = "reveal_cpr"  # a CPR number was shown unmasked
    SEARCH_CPR = "search_cpr"  # cases were looked up by a CPR number (/sager)
    SUBMIT = "submit"  # a request opened (or found) the case
    VIEW_LIST = "view_list"  # a list that shows case details (/opgaver, /team)
    PREVIEW = "preview"  # an email for a case was shown (`mail preview`)
    ACCESS_CHANGE = "access_change"  # a user or an API key was added, disabled or revoked
    SIGN_IN = "sign_in"
    SIGN_IN_FAILED = "sign_in_failed"
    SIGN_OUT = "sign_out"
    REFUSED = "refused"  # access refused (403)
    LOCKOUT = "lockout"  # too many failed sign-ins: an account or a client address locked
    ACCOUNT = "account"  # a password changed, a second factor enabled, sessions ended


AUDIT_ACTION_NAMES: dict[AuditAction, str] = {
    AuditAction.VIEW: "Så sagen",
    AuditAction.CHANGE: "Ændrede sagen",
    AuditAction.EXPORT: "Eksporterede data",
    AuditAction.REVEAL_CPR: "Viste CPR-nummer",
    AuditAction.SEARCH_CPR: "Søgte på CPR-nummer",
    AuditAction.SUBMIT: "Indsendte anmodning",
    AuditAction.VIEW_LIST: "Så en liste med sager",
    AuditAction.PREVIEW: "Så en e-mail til sagen",
    AuditAction.ACCESS_CHANGE: "Ændrede adgang",
    AuditAction.SIGN_IN: "Loggede ind",
    AuditAction.SIGN_IN_FAILED: "Forkert login",
    AuditAction.SIGN_OUT: "Loggede ud",
    AuditAction.REFUSED: "Blev nægtet adgang",
    AuditAction.LOCKOUT: "Spærrede log ind",
    AuditAction.ACCOUNT: "Ændrede sin konto",
}
