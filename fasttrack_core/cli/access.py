"""`fasttrack user ...` and `fasttrack apikey ...`: who may use the web app and the API."""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from fasttrack_core.cli.audit import audited
from fasttrack_core.cli.support import acting, emit, err, refusals_exit
from fasttrack_core.domain.access import ROLE_NAMES, AuditAction
from fasttrack_core.errors import Refused

user_app = typer.Typer(help="Brugere af webløsningen.", no_args_is_help=True)
apikey_app = typer.Typer(
    help="API-nøgler til systemer, der sender anmodninger.", no_args_is_help=True
)


def _read_password() -> str:
    if sys.stdin.isatty():
        return str(typer.prompt("Adgangskode", hide_input=True, confirmation_prompt=True))
    return sys.stdin.readline().rstrip("\r\n")


ROLE_HELP = "Rolle: " + ", ".join(
    f"{role.value} ({name.lower()})" for role, name in ROLE_NAMES.items()
)


@user_app.command("add")
def user_add(
    name: str,
    role: Annotated[str, typer.Option("--role", help=ROLE_HELP)],
    email: Annotated[str, typer.Option("--email", help="E-mail, der bruges til at logge ind.")],
    municipality: Annotated[
        str | None,
        typer.Option("--municipality", help="Jobcentrets kommunekode (alle undtagen admin)."),
    ] = None,
) -> None:
    """Opret en bruger. Adgangskoden læses fra standard input."""
    from fasttrack_core.services.users import add_user

    password = _read_password()
    with refusals_exit():
        ctx, now = acting(None)
        user = add_user(ctx, name, role, email, municipality, password, as_of=now)
    audited(ctx, AuditAction.ACCESS_CHANGE, detail=f"bruger oprettet: {user.email} ({user.role})")
    emit({"user": user.email, "role": user.role, "municipality": municipality})


@user_app.command("disable")
def user_disable(email: str) -> None:
    """Luk en brugers adgang (fx når en medarbejder stopper); åbne sessioner lukkes også."""
    from fasttrack_core.services.users import deactivate_user

    with refusals_exit():
        ctx, _ = acting(None)
        deactivate_user(ctx, email)
    audited(ctx, AuditAction.ACCESS_CHANGE, detail=f"bruger lukket: {email}")
    err.print(f"Brugeren {email} kan ikke længere logge ind.", highlight=False)


@apikey_app.command("create")
def apikey_create(
    name: str,
    role: Annotated[
        str,
        typer.Option(
            "--role", help="intake (sender anmodninger) eller steering (læser nøgletallene)."
        ),
    ] = "intake",
    municipality: Annotated[
        str | None, typer.Option("--municipality", help="Kun denne kommunes nøgletal (steering).")
    ] = None,
) -> None:
    """Opret en API-nøgle til et system (fx et HR-system eller styregruppens BI). Nøglen vises kun
    denne ene gang."""
    from fasttrack_core.domain.access import ApiRole
    from fasttrack_core.services.users import create_api_key

    with refusals_exit():
        if role not in {r.value for r in ApiRole}:
            raise Refused(f"Rollen '{role}' kendes ikke (brug intake eller steering).")
        ctx, now = acting(None)
        key = create_api_key(ctx, name, as_of=now, role=ApiRole(role), municipality=municipality)
    audited(ctx, AuditAction.ACCESS_CHANGE, detail=f"API-nøgle oprettet: {name} ({role})")
    err.print("Gem nøglen nu; den kan ikke vises igen. Send den i headeren X-API-Key.")
    typer.echo(key)


@apikey_app.command("revoke")
def apikey_revoke(name: str) -> None:
    """Spær en API-nøgle: systemet kan ikke længere sende anmodninger med den."""
    from fasttrack_core.services.users import revoke_api_key

    with refusals_exit():
        ctx, now = acting(None)
        revoke_api_key(ctx, name, as_of=now)
    audited(ctx, AuditAction.ACCESS_CHANGE, detail=f"API-nøgle spærret: {name}")
    err.print(f"API-nøglen '{name}' er spærret.", highlight=False)
