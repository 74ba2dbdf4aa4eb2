"""Backing up and restoring the case database: SQLite's online backup, PostgreSQL's pg_dump.

The key (FASTTRACK_SECRET_KEY or its key file) is not in the backup: without it the CPR numbers
and answers in a backup cannot be read. Keep it apart from the backups, and back it up too.
"""

from __future__ import annotations

import shutil
import sqlite3
import subprocess
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit, urlunsplit

from fasttrack_core.errors import Refused


def sqlite_file(database_url: str) -> Path | None:
    """The file of a `sqlite:///path` URL; None for any other database."""
    if not database_url.startswith("sqlite"):
        return None
    return Path(database_url.split(":///", 1)[1]) if ":///" in database_url else None


def _postgres(database_url: str) -> tuple[str, str | None]:
    """The libpq URL (no SQLAlchemy driver) and the schema its search_path names, if any."""
    url = database_url.replace("postgresql+psycopg://", "postgresql://", 1)
    parts = urlsplit(url)
    schema = None
    for option in parse_qs(parts.query).get("options", []):
        for word in unquote(option).split():
            if word.startswith("-csearch_path="):
                schema = word.removeprefix("-csearch_path=").split(",")[0]
    return urlunsplit(parts), schema


def _run(command: list[str], what: str) -> None:
    if shutil.which(command[0]) is None:
        raise Refused(f"{command[0]} findes ikke på maskinen (installér PostgreSQL-klienten).")
    result = subprocess.run(command, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise Refused(f"{what} mislykkedes: {result.stderr.strip().splitlines()[-1:]}")


def backup(database_url: str, target: Path) -> None:
    """Write a consistent copy of the database to `target` while the system runs."""
    if target.exists():
        raise Refused(f"{target} findes allerede; vælg et nyt filnavn.")
    source = sqlite_file(database_url)
    if source is not None:
        if not source.exists():
            raise Refused(f"Databasen {source} findes ikke.")
        with sqlite3.connect(source) as live, sqlite3.connect(target) as copy:
            live.backup(copy)  # the online backup API: consistent, writers may go on
        copy.close()
        live.close()
        target.chmod(0o600)
        return
    if database_url.startswith("postgresql"):
        url, schema = _postgres(database_url)
        command = ["pg_dump", "--format=custom", "--no-owner", f"--file={target}"]
        _run([*command, *([f"--schema={schema}"] if schema else []), url], "pg_dump")
        target.chmod(0o600)
        return
    raise Refused(f"Ukendt database: {database_url.split(':', 1)[0]}.")


def restore(database_url: str, source: Path) -> None:
    """Restore a backup into the configured database, which must be empty (or not exist)."""
    if not source.exists():
        raise Refused(f"Filen {source} findes ikke.")
    target = sqlite_file(database_url)
    if target is not None:
        if target.exists() and _sqlite_has_tables(target):
            raise Refused(f"Databasen {target} er ikke tom; gendan i en tom mappe.")
        with sqlite3.connect(source) as copy, sqlite3.connect(target) as live:
            copy.backup(live)
        live.close()
        copy.close()
        target.chmod(0o600)
        return
    if database_url.startswith("postgresql"):
        url, schema = _postgres(database_url)
        if _postgres_has_tables(url, schema):
            raise Refused("Databasen er ikke tom; gendan i en tom database.")
        command = ["pg_restore", "--no-owner", "--clean", "--if-exists", "--exit-on-error"]
        _run([*command, f"--dbname={url}", str(source)], "pg_restore")
        return
    raise Refused(f"Ukendt database: {database_url.split(':', 1)[0]}.")


def _postgres_has_tables(url: str, schema: str | None) -> bool:
    import psycopg

    with psycopg.connect(url) as connection:
        row = connection.execute(
            "SELECT count(*) FROM information_schema.tables WHERE table_schema = %s",
            (schema or "public",),
        ).fetchone()
    return bool(row and row[0])


def _sqlite_has_tables(path: Path) -> bool:
    with sqlite3.connect(path) as connection:
        count = connection.execute(
            "SELECT count(*) FROM sqlite_master WHERE type = 'table'"
        ).fetchone()[0]
    connection.close()
    return bool(count)
