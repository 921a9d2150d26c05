"""Links between documents: a linked record's key, display name and URL."""

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Mapping
from typing import Any

from sqlalchemy.engine import Connection

from app.models.common import FuzzyDate, Quantity
from app.models.links import Link, ListLink, NationLink, RecordLink
from app.queries.tables import (
    NATION,
    Ref,
    Row,
    fetch_in,
)
from app.queries.urls import Urls


def nation_links(
    conn: Connection, codes: Iterable[str | None], urls: Urls
) -> dict[str, NationLink]:
    wanted = {c for c in codes if c}
    rows = fetch_in(conn, [NATION.c.code, NATION.c.name], NATION.c.code, wanted)
    return {
        r["code"]: NationLink(code=r["code"], name=r["name"], url=urls.record("nations", r["code"]))
        for r in rows
    }


def record_names(conn: Connection, kind: str, keys: Iterable[str]) -> dict[str, str | None]:
    """Display names of existing records of `kind` (None for kinds without a name)."""
    from app.resources import BY_NAME  # the registry imports this package

    res = BY_NAME[kind]
    key_col, name_col = res.key_column, res.name_column
    columns = [key_col] + ([res.spec.table.c[name_col]] if name_col else [])
    rows = fetch_in(conn, columns, key_col, keys)
    return {r[key_col.name]: (r[name_col] if name_col else None) for r in rows}


def links(conn: Connection, kind: str, keys: Iterable[str | None], urls: Urls) -> dict[str, Link]:
    names = record_names(conn, kind, (k for k in keys if k))
    return {k: Link(slug=k, name=n, url=urls.record(kind, k)) for k, n in names.items()}


def record_links(conn: Connection, refs: Iterable[Ref], urls: Urls) -> dict[Ref, RecordLink]:
    """Links to records of any kind with a URL; refs to records that do not exist (or
    have no URL of their own) are left out."""
    from app.resources import BY_NAME  # the registry imports this package

    by_kind: dict[str, set[str]] = defaultdict(set)
    for kind, key in refs:
        if kind in BY_NAME:
            by_kind[kind].add(key)
    out: dict[Ref, RecordLink] = {}
    for kind, keys in by_kind.items():
        for key, name in record_names(conn, kind, keys).items():
            out[(kind, key)] = RecordLink(
                kind=kind, slug=key, name=name, url=urls.record(kind, key)
            )
    return out


def date_key(earliest: dt.date | None, latest: dt.date | None, slug: str) -> tuple[Any, ...]:
    """Chronological order with unknown dates last, narrower intervals first, then slug."""
    return (earliest is None, earliest or dt.date.min, latest is None, latest or dt.date.min, slug)


def fuzzy(value: Any) -> FuzzyDate | None:
    """A stored date (JSON) as served, or None."""
    return FuzzyDate.model_validate(value) if value else None


def quantity(row: Row, prefix: str) -> Quantity | None:
    """A stored quantity (`<prefix>_value`, `_qualifier`, `_unit`, `_breakdown`) or None."""
    if row[f"{prefix}_value"] is None:
        return None
    return Quantity(
        value=row[f"{prefix}_value"],
        qualifier=row[f"{prefix}_qualifier"],
        unit=row[f"{prefix}_unit"],
        breakdown=row.get(f"{prefix}_breakdown"),
    )


def list_link(urls: Urls, kind: str, counts: Mapping[str, int], **by: str) -> ListLink:
    """The list of `kind` filtered by one record's key (`mission=mss-haiti`), with its count."""
    [key] = by.values()
    return ListLink(count=counts.get(key, 0), url=urls.filtered(kind, **by))
