"""A throwaway PostgreSQL database beside the one an admin URL names: made for one run
(a test, the soak, the live checks) and dropped after it, connections and all.

    python -m bench.pgdb create ADMIN_URL PREFIX   # prints the new database's URL
    python -m bench.pgdb drop ADMIN_URL URL
"""

import sys
import uuid
from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url


def _as_admin(admin_url: str, statement: str) -> None:
    """Run one statement outside a transaction (CREATE and DROP DATABASE need that)."""
    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            conn.execute(text(statement))
    finally:
        admin.dispose()


def create_database(admin_url: str, prefix: str) -> str:
    """Create an empty database named `prefix` plus a random suffix; its URL."""
    name = f"{prefix}_{uuid.uuid4().hex[:12]}"
    _as_admin(admin_url, f'CREATE DATABASE "{name}"')
    return make_url(admin_url).set(database=name).render_as_string(hide_password=False)


def drop_database(admin_url: str, url: str) -> None:
    """Drop the database `url` names, closing whatever is still connected to it."""
    _as_admin(admin_url, f'DROP DATABASE IF EXISTS "{make_url(url).database}" WITH (FORCE)')


@contextmanager
def temporary_database(admin_url: str, prefix: str) -> Iterator[str]:
    """A new, empty database's URL, dropped when the block ends."""
    url = create_database(admin_url, prefix)
    try:
        yield url
    finally:
        drop_database(admin_url, url)


def main(argv: list[str]) -> int:
    match argv:
        case ["create", admin_url, prefix]:
            print(create_database(admin_url, prefix))
        case ["drop", admin_url, url]:
            drop_database(admin_url, url)
        case _:
            print(__doc__, file=sys.stderr)
            return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
