"""Lists over any table: filters (`app.queries.filters`), whitelisted sorts, keyset or
offset pages, and facets.

A resource declares what can be filtered, sorted and faceted in a `ListSpec`; the API
layer parses a request into a `ListQuery`; `fetch_page` turns that into SQL.

Sort order: the requested keys, then the primary key as a tiebreak, so every order is
total and stable. Nulls sort last whatever the direction. Text sorts compare code points
(`COLLATE "C"` on PostgreSQL, SQLite's binary collation), so both backends agree.

Keyset pages: a cursor holds the sort values of the row it continues from, and the next
page is "rows after those values" in the sort order (compare simonw/datasette's
compound keys), so a deep page costs what the first does. A backwards cursor reverses
the order, reads, and flips the rows back.
"""

import datetime as dt
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from sqlalchemy import (
    Boolean,
    ColumnElement,
    Date,
    FromClause,
    Integer,
    Select,
    String,
    and_,
    false,
    func,
    or_,
    select,
    true,
)
from sqlalchemy.engine import Connection, RowMapping

from app.queries.filters import Filter, Op, ValueType

SortValue = str | int | bool | dt.date | None

DEFAULT_LIMIT = 50
MAX_LIMIT = 500
MAX_FACET_VALUES = 100


@dataclass(frozen=True)
class Sort:
    """A sort key: one or more columns that move together (`date` is earliest, latest)."""

    name: str
    columns: tuple[ColumnElement[Any], ...]
    description: str
    nullable: bool = True


@dataclass(frozen=True)
class Facet:
    """Counts of a list's records per value of `value`; `key` is the column whose values
    are the list's keys (the primary key itself, or a foreign key in a related table)."""

    name: str
    value: ColumnElement[Any]
    key: ColumnElement[Any]
    description: str


@dataclass(frozen=True)
class ListSpec:
    """What a list resource accepts."""

    resource: str
    table: FromClause
    key: ColumnElement[Any]
    filters: tuple[Filter, ...]
    sorts: tuple[Sort, ...]
    default_sort: tuple[str, ...]
    facets: tuple[Facet, ...] = ()
    includes: tuple[str, ...] = ()
    fields: tuple[str, ...] = ()
    always_fields: tuple[str, ...] = ("object", "slug", "url")
    # The columns a page reads besides the sort values; empty means only the key (a
    # record's document is fetched by key).
    columns: tuple[ColumnElement[Any], ...] = ()

    def filter(self, name: str) -> Filter | None:
        return next((f for f in self.filters if f.name == name), None)

    def sort(self, name: str) -> Sort | None:
        return next((s for s in self.sorts if s.name == name), None)

    def facet(self, name: str) -> Facet | None:
        return next((f for f in self.facets if f.name == name), None)


@dataclass(frozen=True)
class Condition:
    filter: Filter
    op: Op
    value: Any


@dataclass(frozen=True)
class SortTerm:
    sort: Sort
    descending: bool = False

    @property
    def token(self) -> str:
        return f"-{self.sort.name}" if self.descending else self.sort.name


@dataclass(frozen=True)
class Cursor:
    """Where a keyset page starts: after (or, backwards, before) these sort values."""

    values: tuple[SortValue, ...]
    backwards: bool = False


@dataclass(frozen=True)
class ListQuery:
    conditions: tuple[Condition, ...] = ()
    sort: tuple[SortTerm, ...] = ()
    limit: int = DEFAULT_LIMIT
    offset: int | None = None
    cursor: Cursor | None = None
    facets: tuple[Facet, ...] = ()

    @property
    def bounded(self) -> bool:
        """Whether the page, not the data, bounds this query's cost: no filter, facet or
        offset, so it reads at most `limit` keys along an index (and an unfiltered
        total is counted once per release)."""
        return not (self.conditions or self.facets or self.offset)


@dataclass
class PageResult:
    rows: list[RowMapping]
    total: int
    # Sort values (tiebreak included) of the first and last rows, for cursors.
    first: tuple[SortValue, ...] | None
    last: tuple[SortValue, ...] | None
    has_next: bool
    has_prev: bool
    facets: dict[str, list[tuple[SortValue, int]]] = field(default_factory=dict)


# --- ordering and keyset -----------------------------------------------------------


@dataclass(frozen=True)
class _Term:
    expr: ColumnElement[Any]
    descending: bool
    nulls_last: bool
    nullable: bool


def _sortable(expr: ColumnElement[Any], dialect: str) -> ColumnElement[Any]:
    if dialect == "postgresql" and isinstance(expr.type, String):
        return expr.collate("C")
    return expr


def _terms(spec: ListSpec, sort: Sequence[SortTerm], dialect: str) -> list[_Term]:
    terms = [
        _Term(_sortable(col, dialect), st.descending, True, st.sort.nullable)
        for st in sort
        for col in st.sort.columns
    ]
    if not any(col is spec.key for st in sort for col in st.sort.columns):
        terms.append(_Term(_sortable(spec.key, dialect), False, True, False))
    return terms


def _reversed(terms: list[_Term]) -> list[_Term]:
    return [_Term(t.expr, not t.descending, not t.nulls_last, t.nullable) for t in terms]


def _order_by(terms: list[_Term]) -> list[Any]:
    clauses = []
    for t in terms:
        clause = t.expr.desc() if t.descending else t.expr.asc()
        if t.nullable:
            clause = clause.nulls_last() if t.nulls_last else clause.nulls_first()
        clauses.append(clause)
    return clauses


def _equal(t: _Term, value: SortValue) -> ColumnElement[bool]:
    return t.expr.is_(None) if value is None else t.expr == value


def _strictly_after(t: _Term, value: SortValue) -> ColumnElement[bool] | None:
    """Rows whose value for this term comes strictly after `value` in the order; None
    when no row can."""
    if value is None:
        return None if t.nulls_last else t.expr.is_not(None)
    cmp = t.expr < value if t.descending else t.expr > value
    if t.nullable and t.nulls_last:
        return or_(cmp, t.expr.is_(None))
    return cmp


def _after(terms: list[_Term], values: Sequence[SortValue]) -> ColumnElement[bool]:
    clauses = []
    for i, term in enumerate(terms):
        later = _strictly_after(term, values[i])
        if later is None:
            continue
        clauses.append(and_(*(_equal(terms[j], values[j]) for j in range(i)), later))
    return or_(*clauses) if clauses else false()


def sort_types(spec: ListSpec, sort: Sequence[SortTerm]) -> list[ValueType]:
    """The value type of each cursor position for this sort (tiebreak included)."""
    return [_value_type(t.expr) for t in _terms(spec, sort, "sqlite")]


def _value_type(expr: ColumnElement[Any]) -> ValueType:
    if isinstance(expr.type, Boolean):
        return "bool"
    if isinstance(expr.type, Integer):
        return "int"
    if isinstance(expr.type, Date):
        return "date"
    return "str"


def rebind(query: ListQuery, spec: ListSpec) -> ListQuery:
    """The same query against another spec with the same names (a spec built per request,
    such as search's, whose columns depend on the search words)."""

    def live_filter(f: Filter) -> Filter:
        found = spec.filter(f.name)
        assert found is not None
        return found

    def live_sort(s: Sort) -> Sort:
        found = spec.sort(s.name)
        assert found is not None
        return found

    def live_facet(f: Facet) -> Facet:
        found = spec.facet(f.name)
        assert found is not None
        return found

    return ListQuery(
        conditions=tuple(Condition(live_filter(c.filter), c.op, c.value) for c in query.conditions),
        sort=tuple(SortTerm(live_sort(t.sort), t.descending) for t in query.sort),
        limit=query.limit,
        offset=query.offset,
        cursor=query.cursor,
        facets=tuple(live_facet(f) for f in query.facets),
    )


def where_clause(conditions: Sequence[Condition]) -> ColumnElement[bool]:
    return and_(true(), *(c.filter.build(c.op, c.value) for c in conditions))


def _page_statement(spec: ListSpec, query: ListQuery, dialect: str) -> Select[Any]:
    where = where_clause(query.conditions)
    terms = _terms(spec, query.sort, dialect)
    backwards = query.cursor is not None and query.cursor.backwards
    effective = _reversed(terms) if backwards else terms
    labels = [t.expr.label(f"_sort{i}") for i, t in enumerate(terms)]
    read = spec.columns or (spec.key,)
    stmt: Select[Any] = select(*read, *labels).select_from(spec.table).where(where)
    if query.cursor is not None:
        stmt = stmt.where(_after(effective, query.cursor.values))
    elif query.offset:
        stmt = stmt.offset(query.offset)
    return stmt.order_by(*_order_by(effective)).limit(query.limit + 1)


# Building a statement costs more than running it on a small page. Pages without
# filters or a cursor (a list's first pages, by sort and size) are built once; the spec
# is kept with its statement, so its id is not reused while it is a key.
_BUILT: dict[tuple[Any, ...], tuple[ListSpec, Select[Any]]] = {}
_MAX_BUILT = 512
# The total of a list without filters, per dataset version: it cannot change.
_TOTALS: dict[tuple[str, str], int] = {}


def _statement(spec: ListSpec, query: ListQuery, dialect: str) -> Select[Any]:
    if query.conditions or query.cursor is not None:
        return _page_statement(spec, query, dialect)
    key = (id(spec), dialect, tuple(t.token for t in query.sort), query.limit, query.offset)
    built = _BUILT.get(key)
    if built is None:
        if len(_BUILT) >= _MAX_BUILT:
            _BUILT.clear()
        built = _BUILT[key] = (spec, _page_statement(spec, query, dialect))
    return built[1]


def _total(conn: Connection, spec: ListSpec, query: ListQuery, version: str | None) -> int:
    def count() -> int:
        where = where_clause(query.conditions)
        stmt = select(func.count()).select_from(spec.table).where(where)
        return int(conn.execute(stmt).scalar_one())

    if query.conditions or version is None:
        return count()
    key = (spec.resource, version)
    if key not in _TOTALS:
        if len(_TOTALS) >= _MAX_BUILT:
            _TOTALS.clear()
        _TOTALS[key] = count()
    return _TOTALS[key]


def fetch_page(
    conn: Connection,
    spec: ListSpec,
    query: ListQuery,
    version: str | None = None,
    count: bool = True,
) -> PageResult:
    """One page of `spec`'s table under `query`, with its total (0 unless `count`) and
    requested facets. `version`, the dataset version `conn` reads, lets the total of an
    unfiltered list be counted once per version."""
    dialect = conn.dialect.name
    terms = _terms(spec, query.sort, dialect)
    backwards = query.cursor is not None and query.cursor.backwards
    rows = list(conn.execute(_statement(spec, query, dialect)).mappings().all())
    more = len(rows) > query.limit
    rows = rows[: query.limit]
    if backwards:
        rows.reverse()

    def values(row: RowMapping) -> tuple[SortValue, ...]:
        return tuple(row[f"_sort{i}"] for i in range(len(terms)))

    total = _total(conn, spec, query, version) if count else 0
    if query.cursor is not None:
        has_next, has_prev = (True, more) if backwards else (more, True)
    else:
        has_next, has_prev = more, bool(query.offset)
    return PageResult(
        rows=rows,
        total=int(total),
        first=values(rows[0]) if rows else None,
        last=values(rows[-1]) if rows else None,
        has_next=has_next and bool(rows),
        has_prev=has_prev,
        facets=_facets(conn, spec, query),
    )


def _facets(
    conn: Connection, spec: ListSpec, query: ListQuery
) -> dict[str, list[tuple[SortValue, int]]]:
    if not query.facets:
        return {}
    where = where_clause(query.conditions)
    return {f.name: facet_counts(conn, spec, f, where) for f in query.facets}


def facet_counts(
    conn: Connection, spec: ListSpec, facet: Facet, where: ColumnElement[bool]
) -> list[tuple[SortValue, int]]:
    """Records per value, most first, then by value (nulls last); at most MAX_FACET_VALUES."""
    if facet.key is spec.key:
        stmt = select(facet.value, func.count()).select_from(spec.table).where(where)
    else:
        keys = select(spec.key).select_from(spec.table).where(where)
        stmt = select(facet.value, func.count(facet.key.distinct())).where(facet.key.in_(keys))
    counts = [(v, int(n)) for v, n in conn.execute(stmt.group_by(facet.value)).all()]
    counts.sort(key=lambda vn: (-vn[1], vn[0] is None, vn[0] if vn[0] is not None else ""))
    return counts[:MAX_FACET_VALUES]


def fetch_all(conn: Connection, spec: ListSpec, query: ListQuery) -> Iterator[list[RowMapping]]:
    """Every row matching `query`, in its order, as keyset pages of `query.limit` rows:
    a whole-list export reads along the same index as its pages, never all at once."""
    query = replace(query, offset=None, cursor=None, facets=())
    while True:
        page = fetch_page(conn, spec, query, count=False)
        if page.rows:
            yield page.rows
        if not page.has_next or page.last is None:
            return
        query = replace(query, cursor=Cursor(page.last))
