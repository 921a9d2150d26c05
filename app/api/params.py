"""Query strings, read strictly: every parameter known, every value checked and bounded.

An unknown parameter is a 400 that lists the accepted ones; a bad value is a 422 whose
`errors` name each parameter and why; a repeated parameter is a 422 (use commas for
several values). Parsing produces the query layer's `ListQuery`, the negotiated format,
and the canonical parameters that links and cache keys are built from.
"""

import datetime as dt
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import partial
from typing import Any

from starlette.requests import Request

from app.api.formats import FORMATS, Format, negotiate
from app.api.pagination import CursorError, decode_cursor
from app.errors import InvalidParameter, ParameterError, UnknownParameter, echo
from app.queries.filters import Filter, Op, Period
from app.queries.listing import (
    DEFAULT_LIMIT,
    MAX_LIMIT,
    Condition,
    Facet,
    ListQuery,
    ListSpec,
    SortTerm,
    sort_types,
)

MAX_OFFSET = 1_000_000
MAX_SORT_KEYS = 4
MAX_LIST_VALUES = 50
MAX_VALUE_LENGTH = 200
MAX_INT = 2**31 - 1
MAX_RAW_LENGTH = 2048
# ASCII digits only: `\d` would also take other scripts' digits, which int() reads.
_INT = re.compile(r"-?[0-9]{1,10}")
_PERIOD = re.compile(r"([0-9]{4})(?:-([0-9]{2})(?:-([0-9]{2}))?)?")


class BadValue(ValueError):
    """A value refused; the message says why without repeating the value."""


@dataclass(frozen=True)
class Extra:
    """A parameter an endpoint takes besides the list machinery (e.g. search's `q`)."""

    name: str
    parse: Callable[[str], Any]
    description: str
    example: str
    required: bool = False
    max_length: int = MAX_VALUE_LENGTH
    min_length: int = 0
    # For the OpenAPI schema: the values `parse` accepts, as exactly as a pattern can say.
    pattern: str | None = None


@dataclass
class ListParams:
    query: ListQuery
    format: Format
    fields: tuple[str, ...] | None
    include: tuple[str, ...]
    sort_tokens: list[str]
    extras: dict[str, Any]
    # Every parameter but the page position, normalised, in a fixed order.
    canonical: list[tuple[str, str]]
    position: list[tuple[str, str]] = field(default_factory=list)


@dataclass
class ItemParams:
    format: Format
    fields: tuple[str, ...] | None
    include: tuple[str, ...]
    extras: dict[str, Any]
    canonical: list[tuple[str, str]]


def filter_params(f: Filter) -> list[tuple[str, Op]]:
    """The query parameter names a filter answers to, with their operators."""
    return [(f.name if op == "eq" else f"{f.name}__{op}", op) for op in f.ops]


def _int(raw: str) -> int:
    if not _INT.fullmatch(raw):
        raise BadValue("must be an integer")
    value = int(raw)
    if abs(value) > MAX_INT:
        raise BadValue(f"must be between {-MAX_INT} and {MAX_INT}")
    return value


def _bounded_int(raw: str, lo: int, hi: int) -> int:
    if not _INT.fullmatch(raw):
        raise BadValue("must be an integer")
    value = int(raw)
    if not lo <= value <= hi:
        raise BadValue(f"must be between {lo} and {hi}")
    return value


def period(raw: str) -> Period:
    """YYYY, YYYY-MM or YYYY-MM-DD as the first and last day it covers."""
    m = _PERIOD.fullmatch(raw)
    if not m:
        raise BadValue("must be a date: YYYY, YYYY-MM or YYYY-MM-DD")
    year, month, day = int(m[1]), m[2], m[3]
    try:
        if day is not None:
            d = dt.date(year, int(month or 1), int(day))
            return Period(d, d)
        if month is not None:
            first = dt.date(year, int(month), 1)
            nxt = (
                first.replace(year=year + 1, month=1)
                if first.month == 12
                else first.replace(month=first.month + 1)
            )
            return Period(first, nxt - dt.timedelta(days=1))
        return Period(dt.date(year, 1, 1), dt.date(year, 12, 31))
    except ValueError:
        raise BadValue("is not a day of the calendar") from None


# Blanks trimmed around list items: ASCII only, as a schema pattern's \s can be read
# differently by different regex engines (U+0085, say).
BLANKS = " \t\n\r\f\v"


def _items(raw: str) -> list[str]:
    items = [item.strip(BLANKS) for item in raw.split(",")]
    if any(not item for item in items):
        raise BadValue("must be a value, or values separated by commas, none empty")
    if len(items) > MAX_LIST_VALUES:
        raise BadValue(f"at most {MAX_LIST_VALUES} values")
    return items


def _filter_value(f: Filter, op: Op, raw: str) -> Any:
    """A filter's value, parsed and checked."""
    if f.value_type == "date":
        return period(raw)
    if f.value_type == "bool":
        if raw.lower() in ("true", "1"):
            return True
        if raw.lower() in ("false", "0"):
            return False
        raise BadValue("must be true or false")
    if f.value_type == "int":
        return [_int(v) for v in _items(raw)] if op == "eq" else _int(raw)
    if not f.several:
        if not raw or len(raw) > MAX_VALUE_LENGTH:
            raise BadValue(f"must be 1 to {MAX_VALUE_LENGTH} characters")
        return [raw]
    values = _items(raw)
    if f.upper:
        values = [v.upper() for v in values]
    if f.choices is not None:
        wrong = [v for v in values if v not in f.choices]
        if wrong:
            raise BadValue(f"must be one of: {', '.join(f.choices)}")
    if f.pattern is not None and not all(re.fullmatch(f.pattern, v) for v in values):
        raise BadValue(f"must look like {f.example}")
    return values


def _names(raw: str, allowed: Sequence[str], what: str) -> tuple[str, ...]:
    values = _items(raw)
    wrong = [v for v in values if v not in allowed]
    if wrong:
        accepted = ", ".join(allowed) if allowed else "none"
        raise BadValue(f"unknown {what}; accepted: {accepted}")
    return tuple(dict.fromkeys(values))


class _Reader:
    """Reads one request's query string, collecting every problem before raising."""

    def __init__(self, request: Request, accepted: Sequence[str]) -> None:
        self.values: dict[str, str] = {}
        self.errors: list[ParameterError] = []
        self.given: set[str] = set()
        unknown: list[str] = []
        seen: set[str] = set()
        for name, value in request.query_params.multi_items():
            if name not in accepted:
                if name not in unknown:
                    unknown.append(name)
                continue
            if name in seen:
                self.bad(name, "given more than once; separate several values with commas")
                continue
            seen.add(name)
            self.given.add(name)
            if len(value) > MAX_RAW_LENGTH:
                self.bad(name, f"must be at most {MAX_RAW_LENGTH} characters")
                continue
            if "\x00" in value:
                # No database stores it in text, and no value we accept has one.
                self.bad(name, "must not contain a NUL character")
                continue
            self.values[name] = value
        if unknown:
            shown = ", ".join(echo(n) for n in unknown[:10])
            raise UnknownParameter(
                f"Unknown query parameter(s): {shown}. Accepted: {', '.join(accepted)}.",
                errors=[
                    ParameterError(parameter=echo(n), location="query", reason="unknown parameter")
                    for n in unknown[:10]
                ],
                accepted=list(accepted),
            )

    def bad(self, name: str, reason: str) -> None:
        self.errors.append(ParameterError(parameter=name, location="query", reason=reason))

    def take(self, name: str, parse: Callable[[str], Any]) -> Any:
        raw = self.values.get(name)
        if raw is None:
            return None
        try:
            return parse(raw)
        except BadValue as exc:
            self.bad(name, str(exc))
            return None

    def done(self) -> None:
        if self.errors:
            raise InvalidParameter(
                "; ".join(f"{e.parameter}: {e.reason}" for e in self.errors), errors=self.errors
            )


def list_param_names(spec: ListSpec, extras: Sequence[Extra] = ()) -> list[str]:
    names = [e.name for e in extras]
    for f in spec.filters:
        names += [name for name, _ in filter_params(f)]
    names += ["sort", "fields"]
    if spec.includes:
        names.append("include")
    if spec.facets:
        names.append("facet")
    return [*names, "format", "limit", "offset", "cursor"]


def _format(raw: str) -> Format:
    if raw not in FORMATS:
        raise BadValue(f"must be one of: {', '.join(FORMATS)}")
    return raw


def _sort(spec: ListSpec) -> Callable[[str], tuple[SortTerm, ...]]:
    def parse(raw: str) -> tuple[SortTerm, ...]:
        tokens = _items(raw)
        if len(tokens) > MAX_SORT_KEYS:
            raise BadValue(f"at most {MAX_SORT_KEYS} keys")
        terms = []
        for token in tokens:
            sort = spec.sort(token.removeprefix("-"))
            if sort is None:
                raise BadValue(
                    f"unknown sort key; accepted: {', '.join(s.name for s in spec.sorts)} "
                    "(prefix - for descending)"
                )
            terms.append(SortTerm(sort, token.startswith("-")))
        # A key named again cannot change the order (its ties are already equal on it):
        # the first mention counts.
        first = {t.sort.name: t for t in reversed(terms)}
        return tuple(t for t in terms if first[t.sort.name] is t)

    return parse


def _extras(reader: _Reader, extras: Sequence[Extra]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for extra in extras:
        raw = reader.values.get(extra.name)
        if raw is None:
            if extra.required and extra.name not in reader.given:
                reader.bad(extra.name, "is required")
            continue
        if len(raw) > extra.max_length:
            reader.bad(extra.name, f"must be at most {extra.max_length} characters")
            continue
        out[extra.name] = reader.take(extra.name, extra.parse)
    return out


def parse_list(
    request: Request,
    spec: ListSpec,
    formats: Sequence[Format],
    extras: Sequence[Extra] = (),
) -> ListParams:
    """Read a list request's query string against `spec`."""
    reader = _Reader(request, list_param_names(spec, extras))
    extra_values = _extras(reader, extras)
    conditions: list[Condition] = []
    canonical: list[tuple[str, str]] = [
        (e.name, reader.values[e.name]) for e in extras if e.name in extra_values
    ]
    for f in spec.filters:
        for name, op in filter_params(f):
            if name in reader.values:
                value = reader.take(name, partial(_filter_value, f, op))
                if value is not None:
                    conditions.append(Condition(f, op, value))
                    shown = (
                        ",".join(value)
                        if isinstance(value, list) and f.value_type == "str"
                        else reader.values[name]
                    )
                    canonical.append((name, shown))
    requested_sort = reader.take("sort", _sort(spec))
    sort = requested_sort or tuple(SortTerm(spec.sort(n)) for n in spec.default_sort)  # type: ignore[arg-type]
    fields = reader.take("fields", lambda raw: _names(raw, spec.fields, "field"))
    include = reader.take("include", lambda raw: _names(raw, spec.includes, "include"))
    facet_names = reader.take(
        "facet", lambda raw: _names(raw, [f.name for f in spec.facets], "facet")
    )
    fmt = reader.take("format", _format)
    limit = reader.take("limit", lambda raw: _bounded_int(raw, 1, MAX_LIMIT))
    offset = reader.take("offset", lambda raw: _bounded_int(raw, 0, MAX_OFFSET))
    sort_tokens = [t.token for t in sort]
    if not any(spec.key is c for t in sort for c in t.sort.columns):
        sort_tokens.append(spec.key.name)
    cursor = None
    if "cursor" in reader.values:
        if "offset" in reader.values:
            reader.bad("cursor", "give either cursor or offset, not both")
        else:
            types = sort_types(spec, sort)
            cursor = reader.take("cursor", lambda raw: _cursor(raw, sort_tokens, types))
    reader.done()
    for name in ("sort", "fields", "include", "facet", "format", "limit"):
        if name in reader.values:
            canonical.append((name, reader.values[name]))
    position = [("offset", str(offset))] if offset is not None else []
    if cursor is not None:
        position = [("cursor", reader.values["cursor"])]
    facets: tuple[Facet, ...] = tuple(
        f for f in spec.facets if facet_names and f.name in facet_names
    )
    query = ListQuery(
        conditions=tuple(conditions),
        sort=sort,
        limit=limit or DEFAULT_LIMIT,
        offset=offset,
        cursor=cursor,
        facets=facets,
    )
    return ListParams(
        query=query,
        format=negotiate(request, fmt, formats),
        fields=fields,
        include=include or (),
        sort_tokens=sort_tokens,
        extras=extra_values,
        canonical=canonical,
        position=position,
    )


def _cursor(raw: str, sort_tokens: Sequence[str], types: Sequence[Any]) -> Any:
    try:
        return decode_cursor(raw, sort_tokens, types)
    except CursorError as exc:
        raise BadValue(str(exc)) from None


def parse_item(
    request: Request,
    fields: Sequence[str],
    includes: Sequence[str] = (),
    extras: Sequence[Extra] = (),
    formats: Sequence[Format] = ("json",),
) -> ItemParams:
    """Read an item (or other single-document) request's query string."""
    accepted = [e.name for e in extras]
    if fields:
        accepted.append("fields")
    if includes:
        accepted.append("include")
    accepted.append("format")
    reader = _Reader(request, accepted)
    extra_values = _extras(reader, extras)
    chosen = reader.take("fields", lambda raw: _names(raw, fields, "field")) if fields else None
    include = reader.take("include", lambda raw: _names(raw, includes, "include"))
    fmt = reader.take("format", lambda raw: _item_format(raw, formats))
    reader.done()
    canonical = [(name, reader.values[name]) for name in accepted if name in reader.values]
    return ItemParams(
        format=negotiate(request, fmt, formats),
        fields=chosen,
        include=include or (),
        extras=extra_values,
        canonical=canonical,
    )


def _item_format(raw: str, formats: Sequence[Format]) -> Format:
    if raw not in formats:
        raise BadValue(f"must be one of: {', '.join(formats)}")
    return raw  # type: ignore[return-value]


def field_set(chosen: tuple[str, ...] | None, always: Sequence[str]) -> set[str] | None:
    """The fields to serve: those chosen plus the record's key and URL; None for all."""
    return None if chosen is None else {*always, *chosen}
