"""The tables the queries read, and helpers that read rows by key in chunks."""

from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import Any, TypeVar

from sqlalchemy import ColumnElement, Table, func, select
from sqlalchemy.engine import Connection

from app.models import (
    Conflict,
    ConflictClaim,
    Contingent,
    Decision,
    DecisionAbstention,
    Event,
    EventInvolvement,
    Evidence,
    Mission,
    Nation,
    Official,
    Organisation,
    Pledge,
    Quote,
    Source,
    Strength,
)

Ref = tuple[str, str]  # (record kind, record key)
Row = Mapping[Any, Any]  # a result row by column name
K = TypeVar("K")

_CHUNK = 500


def table(model: Any) -> Table:
    return model.__table__  # type: ignore[no-any-return]


EVIDENCE = table(Evidence)
SOURCE = table(Source)
CONFLICT = table(Conflict)
CLAIM = table(ConflictClaim)
EVENT = table(Event)
INVOLVEMENT = table(EventInvolvement)
NATION = table(Nation)
OFFICIAL = table(Official)
ORGANISATION = table(Organisation)
MISSION = table(Mission)
CONTINGENT = table(Contingent)
QUOTE = table(Quote)
STRENGTH = table(Strength)
DECISION = table(Decision)
ABSTENTION = table(DecisionAbstention)
PLEDGE = table(Pledge)


def chunks(items: Sequence[K], size: int = _CHUNK) -> Iterator[Sequence[K]]:
    for i in range(0, len(items), size):
        yield items[i : i + size]


def fetch_in(
    conn: Connection,
    columns: Sequence[Any],
    key: ColumnElement[Any],
    keys: Iterable[str],
    *where: ColumnElement[bool],
) -> list[Row]:
    """Rows whose `key` is among `keys`, read in chunks."""
    wanted = sorted(set(keys))
    rows: list[Row] = []
    for part in chunks(wanted):
        stmt = select(*columns).where(key.in_(part), *where)
        rows.extend(conn.execute(stmt).mappings().all())
    return rows


def count_by(
    conn: Connection, key: ColumnElement[Any], keys: Iterable[str], *where: ColumnElement[bool]
) -> dict[str, int]:
    """How many rows have each of `keys` in `key` (absent keys have none)."""
    counts: dict[str, int] = {}
    for part in chunks(sorted(set(keys))):
        stmt = select(key, func.count()).where(key.in_(part), *where).group_by(key)
        counts.update({k: int(n) for k, n in conn.execute(stmt).all()})
    return counts
