"""Run Alembic against a given URL or connection, so the CLI, the loader and tests share
one path."""

from alembic import command
from alembic.config import Config
from alembic.script import ScriptDirectory
from sqlalchemy import Connection

from app.config import PROJECT_ROOT


def alembic_config(url: str | None = None) -> Config:
    cfg = Config(toml_file=PROJECT_ROOT / "pyproject.toml")
    if url is not None:
        cfg.attributes["url"] = url  # read by migrations/env.py
    return cfg


def upgrade(url: str, revision: str = "head") -> None:
    command.upgrade(alembic_config(url), revision)


def upgrade_on(connection: Connection, revision: str = "head") -> None:
    """Upgrade inside the caller's transaction (PostgreSQL DDL is transactional), so a
    failure later in that transaction rolls the schema change back too."""
    cfg = alembic_config()
    cfg.attributes["connection"] = connection
    command.upgrade(cfg, revision)


def downgrade(url: str, revision: str = "base") -> None:
    command.downgrade(alembic_config(url), revision)


def heads() -> set[str]:
    """The latest revision(s) of the migration scripts."""
    return set(ScriptDirectory.from_config(alembic_config()).get_heads())
