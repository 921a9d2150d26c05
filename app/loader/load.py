"""Load a validated data directory into the database in one atomic step.

SQLite: the new database is built in a file beside the live one, checked
(`integrity_check`, `foreign_key_check`), synced to disk and renamed over the live file,
so a failure at any point leaves the live file byte for byte as it was.
PostgreSQL: one transaction replaces every row; a failure rolls it all back.
Loading files whose content hash is already the current version changes nothing.
"""

import contextlib
import datetime as dt
import os
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import delete, insert, select, text
from sqlalchemy.engine import Engine
from sqlmodel import Session

from app import migrate
from app.db import make_engine, sqlite_path
from app.loader.rows import dataset_rows
from app.loader.validate import Dataset, validate_dir
from app.models import DatasetRelease, metadata


@dataclass(frozen=True)
class LoadResult:
    version: str
    changed: bool
    counts: dict[str, int]


class LoadError(Exception):
    """The load could not complete; the live database is unchanged."""


def current_version(engine: Engine) -> str | None:
    """The version of the dataset the database holds, or None if it holds none."""
    with Session(engine) as session:
        try:
            return session.exec(  # type: ignore[call-overload, no-any-return]
                select(DatasetRelease.version).where(DatasetRelease.current)
            ).scalar_one_or_none()
        except Exception:  # no schema yet
            return None


def _write(session: Session, ds: Dataset, previous: list[DatasetRelease]) -> None:
    for table in reversed(metadata.sorted_tables):
        session.execute(delete(table))
    by_table: dict[str, list[dict[str, object]]] = defaultdict(list)
    for row in dataset_rows(ds):
        by_table[row.__tablename__].append(row.model_dump())  # type: ignore[arg-type]
    for table in metadata.sorted_tables:
        if by_table.get(table.name):
            session.execute(insert(table), by_table[table.name])
    for release in previous:
        if release.version != ds.version:
            session.add(
                DatasetRelease(
                    version=release.version,
                    loaded_at=release.loaded_at,
                    counts=release.counts,
                    current=False,
                )
            )
    session.add(
        DatasetRelease(
            version=ds.version, loaded_at=dt.datetime.now(dt.UTC), counts=ds.counts(), current=True
        )
    )


def _releases(engine: Engine) -> list[DatasetRelease]:
    with Session(engine) as session:
        try:
            rows = session.exec(select(DatasetRelease)).scalars().all()  # type: ignore[call-overload]
        except Exception:
            return []
        return [DatasetRelease.model_validate(r.model_dump()) for r in rows]


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _remove_with_sidecars(path: Path) -> None:
    for suffix in ("", "-journal", "-wal", "-shm"):
        with contextlib.suppress(FileNotFoundError):
            Path(f"{path}{suffix}").unlink()


def _load_sqlite(ds: Dataset, live: Path) -> bool:
    previous: list[DatasetRelease] = []
    if live.exists():
        engine = make_engine(f"sqlite:///file:{live}?mode=ro&uri=true")
        try:
            if current_version(engine) == ds.version:
                return False
            previous = _releases(engine)
        finally:
            engine.dispose()
    live.parent.mkdir(parents=True, exist_ok=True)
    tmp = live.with_name(f".{live.name}.{os.getpid()}.building")
    _remove_with_sidecars(tmp)
    try:
        url = f"sqlite:///{tmp}"
        migrate.upgrade(url)
        engine = make_engine(url)
        try:
            with Session(engine) as session, session.begin():
                _write(session, ds, previous)
            with engine.connect() as conn:
                integrity = conn.execute(text("PRAGMA integrity_check")).scalars().all()
                if integrity != ["ok"]:
                    raise LoadError(f"integrity_check failed: {integrity[:5]}")
                broken = conn.execute(text("PRAGMA foreign_key_check")).all()
                if broken:
                    raise LoadError(f"foreign_key_check failed: {broken[:5]}")
        finally:
            engine.dispose()
        _fsync(tmp)
        os.replace(tmp, live)
        _fsync(live.parent)
    except BaseException:
        _remove_with_sidecars(tmp)
        raise
    return True


def _load_server(ds: Dataset, url: str) -> bool:
    migrate.upgrade(url)
    engine = make_engine(url)
    try:
        with Session(engine) as session, session.begin():
            # One loader at a time; readers keep seeing the old rows until commit.
            session.execute(text("SELECT pg_advisory_xact_lock(7351)"))
            current = session.exec(  # type: ignore[call-overload]
                select(DatasetRelease.version).where(DatasetRelease.current)
            ).scalar_one_or_none()
            if current == ds.version:
                return False
            previous = [
                DatasetRelease.model_validate(r.model_dump())
                for r in session.exec(select(DatasetRelease)).scalars().all()  # type: ignore[call-overload]
            ]
            _write(session, ds, previous)
    finally:
        engine.dispose()
    return True


def load(data_dir: Path, url: str) -> LoadResult:
    """Validate `data_dir`, then load it into the database at `url`, atomically."""
    ds = validate_dir(data_dir)
    path = sqlite_path(url)
    changed = _load_sqlite(ds, path) if path is not None else _load_server(ds, url)
    return LoadResult(version=ds.version, changed=changed, counts=ds.counts())
