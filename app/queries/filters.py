"""Filters: the query parameters that narrow a list, and builders for the usual kinds.

A filter names the operators it accepts; `eq` is the bare name (`nation=KE`, a comma for
any of several), the others are `name__op` (`personnel__gt=200`). Each builder turns a
parsed value into a SQL condition.
"""

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Literal

from sqlalchemy import ColumnElement, and_, false, or_, select, true

Op = Literal["eq", "gt", "gte", "lt", "lte", "overlaps"]
ValueType = Literal["str", "int", "bool", "date"]

# A reference to a record as kind/key, e.g. officials/william-ruto.
REF_PATTERN = r"[a-z]+/[A-Za-z0-9-]{1,120}"

Builder = Callable[[Op, Any], ColumnElement[bool]]


@dataclass(frozen=True)
class Period:
    """A date filter's value: the first and last day of the day, month or year given."""

    start: dt.date
    end: dt.date


@dataclass(frozen=True)
class Filter:
    """A query parameter that narrows a list. `ops` are the operators it accepts: `eq` is
    the bare name (`nation=KE`, comma for any of several), the others `name__op`."""

    name: str
    value_type: ValueType
    ops: tuple[Op, ...]
    build: Builder
    description: str
    example: str
    choices: tuple[str, ...] | None = None
    upper: bool = False  # compare case-insensitively by upper-casing (nation codes)
    pattern: str | None = None  # each value must match (e.g. kind/key references)
    # False for free text that may itself hold commas (a venue): one value, taken whole.
    several: bool = True


def in_filter(
    name: str,
    column: ColumnElement[Any],
    description: str,
    example: str,
    *,
    choices: tuple[str, ...] | None = None,
    upper: bool = False,
    several: bool = True,
) -> Filter:
    """Equality on a text column; a comma-separated value matches any of its items
    (unless `several` is false: free text is taken whole)."""

    def build(_op: Op, values: list[str]) -> ColumnElement[bool]:
        return column.in_(values)

    return Filter(
        name, "str", ("eq",), build, description, example, choices, upper, several=several
    )


def exists_filter(
    name: str,
    make: Callable[[list[str]], ColumnElement[bool]],
    description: str,
    example: str,
    *,
    choices: tuple[str, ...] | None = None,
    upper: bool = False,
    pattern: str | None = None,
    several: bool = True,
) -> Filter:
    """Equality against related rows: `make(values)` returns the EXISTS clause."""

    def build(_op: Op, values: list[str]) -> ColumnElement[bool]:
        return make(values)

    return Filter(
        name, "str", ("eq",), build, description, example, choices, upper, pattern, several
    )


def keys_in(
    key: ColumnElement[Any], related_key: ColumnElement[Any], *where: ColumnElement[bool]
) -> ColumnElement[bool]:
    """`key` is among the `related_key`s of the related rows matching `where`: an
    uncorrelated IN (subquery), which the database answers once from the related
    table's index, where a correlated EXISTS would run once per row of the list."""
    return key.in_(select(related_key).where(*where))


def int_filter(name: str, column: ColumnElement[Any], description: str, example: str) -> Filter:
    def build(op: Op, value: Any) -> ColumnElement[bool]:
        if op == "eq":
            return column.in_(value)
        return _compare(column, op, value)

    return Filter(name, "int", ("eq", "gt", "gte", "lt", "lte"), build, description, example)


def bool_filter(name: str, column: ColumnElement[Any], description: str, example: str) -> Filter:
    def build(_op: Op, value: bool) -> ColumnElement[bool]:
        return column.is_(true()) if value else column.is_(false())

    return Filter(name, "bool", ("eq",), build, description, example)


def date_filter(
    name: str,
    earliest: ColumnElement[Any],
    latest: ColumnElement[Any],
    description: str,
    example: str,
) -> Filter:
    """Filters on a fuzzy date, the interval [earliest, latest] of days it can mean.

    `overlaps` P: the interval intersects period P. `gte` P: certainly on or after P's
    first day (earliest >= start); `gt` P: after P (earliest > end); `lte` P: certainly on
    or before P's last day (latest <= end); `lt` P: before P (latest < start). A missing
    bound is open on that side for `overlaps`; a date with no bounds at all never matches.
    """

    def build(op: Op, period: Period) -> ColumnElement[bool]:
        if op == "overlaps":
            return and_(
                or_(earliest.is_not(None), latest.is_not(None)),
                or_(earliest.is_(None), earliest <= period.end),
                or_(latest.is_(None), latest >= period.start),
            )
        if op == "gte":
            return earliest >= period.start
        if op == "gt":
            return earliest > period.end
        if op == "lte":
            return latest <= period.end
        return latest < period.start

    return Filter(name, "date", ("overlaps", "gt", "gte", "lt", "lte"), build, description, example)


def _compare(column: ColumnElement[Any], op: Op, value: Any) -> ColumnElement[bool]:
    result: ColumnElement[bool]
    if op == "gt":
        result = column > value
    elif op == "gte":
        result = column >= value
    elif op == "lt":
        result = column < value
    else:
        result = column <= value
    return result
