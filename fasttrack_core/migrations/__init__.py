"""The schema's migrations (Alembic): bring a database to the newest schema, or check that it is.

Commands that act migrate (`upgrade_schema`, through `services.setup.prepare`); commands that only
read refuse to work on a schema that is missing or old (`require_current_schema`).
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine

from fasttrack_core.errors import Refused


def _alembic_config() -> Config:
    config = Config()
    config.set_main_option(
        "script_location", str(resources.files("fasttrack_core").joinpath("migrations"))
    )
    return config


def upgrade_schema(engine: Engine) -> None:
    """Apply every Alembic migration (`fasttrack db upgrade`)."""
    config = _alembic_config()
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "head")


def schema_revisions(engine: Engine) -> tuple[str | None, str | None]:
    """The database's schema revision (None: no schema) and the newest the code knows."""
    head = ScriptDirectory.from_config(_alembic_config()).get_current_head()
    with engine.connect() as connection:
        current = MigrationContext.configure(connection).get_current_revision()
    return current, head


def require_current_schema(engine: Engine) -> None:
    """Refuse (in Danish) unless the database has the newest schema; changes nothing (not even
    an empty SQLite file is created)."""
    missing = Refused("Databasen er ikke oprettet endnu. Kør `fasttrack db upgrade` først.")
    file = engine.url.database if engine.dialect.name == "sqlite" else None
    if file and file != ":memory:" and not Path(file).exists():
        raise missing
    current, head = schema_revisions(engine)
    if current is None:
        raise missing
    if current != head:
        raise Refused("Databasens skema er ikke det nyeste. Kør `fasttrack db upgrade` først.")
