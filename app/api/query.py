"""Every query parameter, declared once: how its value is read and bounded, what a bad
value's error says, and how OpenAPI documents it.

A `Param` carries both halves from one set of bounds: `parse` reads a raw value (raising
`BadValue` with the reason a 422 names) and `openapi()` is its OpenAPI parameter object.
`app.api.params` reads a request's query string with them (unknown, repeated and
mutually exclusive parameters are its business); `app.api.docs` lists them in each
route's OpenAPI text.
"""

import datetime as dt
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache, partial
from typing import Any, ClassVar

from app.api.formats import MEDIA_TYPES, Format
from app.api.pagination import MAX_CURSOR_LENGTH
from app.queries.filters import Filter, Op, Period
from app.queries.listing import DEFAULT_LIMIT, MAX_LIMIT, ListSpec, SortTerm

MAX_OFFSET = 1_000_000
MAX_SORT_KEYS = 4
MAX_LIST_VALUES = 50
MAX_VALUE_LENGTH = 200
MAX_INT = 2**31 - 1
MAX_RAW_LENGTH = 2048
# ASCII digits only: `\d` would also take other scripts' digits, which int() reads.
_INT = re.compile(r"-?[0-9]{1,10}")
_PERIOD = re.compile(r"([0-9]{4})(?:-([0-9]{2})(?:-([0-9]{2}))?)?")
# Blanks trimmed around list items: ASCII only, as a schema pattern's \s can be read
# differently by different regex engines (U+0085, say).
BLANKS = " \t\n\r\f\v"
# Parameters that clients and links add without asking the API anything: a cache-buster
# (`_=<timestamp>`, sent by jQuery and others) and campaign tags (`utm_source`, ...).
# Every endpoint ignores them: they select nothing, are left out of links and cache
# keys, and are no error. Every other unknown parameter is still a 400.
IGNORED_PARAMETER = "_"
IGNORED_PREFIX = "utm_"


def ignored(name: str) -> bool:
    """Whether a query parameter is client noise that every endpoint ignores."""
    return name == IGNORED_PARAMETER or name.startswith(IGNORED_PREFIX)


class BadValue(ValueError):
    """A value refused; the message says why without repeating the value."""


# --- reading values ----------------------------------------------------------------------


def _bounded_int(raw: str, lo: int, hi: int) -> int:
    if not _INT.fullmatch(raw):
        raise BadValue("must be an integer")
    value = int(raw)
    if not lo <= value <= hi:
        raise BadValue(f"must be between {lo} and {hi}")
    return value


# Any integer a filter compares: what fits in 32 bits.
_int = partial(_bounded_int, lo=-MAX_INT, hi=MAX_INT)


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


def items(raw: str) -> list[str]:
    """The comma-separated values of `raw`, trimmed; none may be empty."""
    values = [item.strip(BLANKS) for item in raw.split(",")]
    if any(not item for item in values):
        raise BadValue("must be a value, or values separated by commas, none empty")
    if len(values) > MAX_LIST_VALUES:
        raise BadValue(f"at most {MAX_LIST_VALUES} values")
    return values


def _names(raw: str, allowed: Sequence[str], what: str) -> tuple[str, ...]:
    values = items(raw)
    wrong = [v for v in values if v not in allowed]
    if wrong:
        accepted = ", ".join(allowed) if allowed else "none"
        raise BadValue(f"unknown {what}; accepted: {accepted}")
    return tuple(dict.fromkeys(values))


def _choice(raw: str, options: Sequence[Format]) -> Format:
    if raw not in options:
        raise BadValue(f"must be one of: {', '.join(options)}")
    return raw  # type: ignore[return-value]


# --- patterns the OpenAPI schemas give for the same values -----------------------------

# A day (any real date) or a month or year; written so that every string the schema
# allows is one the API accepts, and the reverse.
_DATE_SCHEMA: dict[str, Any] = {
    "type": "string",
    "maxLength": 10,
    "pattern": r"^[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?$",
    "anyOf": [
        {
            "type": "string",
            "format": "date",
            "maxLength": 10,
            "pattern": r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$",
        },
        {
            "type": "string",
            "maxLength": 7,
            "pattern": r"^(000[1-9]|00[1-9][0-9]|0[1-9][0-9]{2}|[1-9][0-9]{3})(-(0[1-9]|1[0-2]))?$",
        },
    ],
}
# One item of a comma-separated list: not empty, no comma, no NUL, not only blanks.
_FREE_ITEM = r"[^,\x00]*[^,\x00\t\n\v\f\r ][^,\x00]*"


def list_pattern(item: str, most: int = MAX_LIST_VALUES) -> str:
    """A pattern for 1 to `most` comma-separated values, each matching `item`."""
    return f"^(?:{item})(?:,(?:{item})){{0,{most - 1}}}$"


def names_pattern(
    names: Sequence[str], *, descending: bool = False, most: int = MAX_LIST_VALUES
) -> str:
    """A pattern for a comma-separated list of these names (`-` allowed before each when
    `descending`)."""
    alternatives = "|".join(re.escape(n) for n in names)
    return list_pattern(("-?" if descending else "") + f"(?:{alternatives})", most)


def _names_schema(names: Sequence[str], **pattern: Any) -> dict[str, Any]:
    return {
        "type": "string",
        "maxLength": MAX_RAW_LENGTH,
        "pattern": names_pattern(names, **pattern),
    }


# --- parameters ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Param:
    """One query parameter: its reader and its OpenAPI text, from the same bounds."""

    name: str
    description: str
    schema: dict[str, Any]
    parse: Callable[[str], Any]
    example: Any = None
    extra: dict[str, Any] = field(default_factory=dict)  # x- keys of the OpenAPI object
    # False: read like any other, but described in the operation's text instead of its
    # parameters (`format`, whose other bodies would make a generated client's type a union).
    in_schema: bool = True

    def openapi(self) -> dict[str, Any]:
        param: dict[str, Any] = {
            "name": self.name,
            "in": "query",
            "required": False,
            "description": self.description,
            "schema": self.schema,
        }
        if self.example is not None:
            param["example"] = self.example
        return {**param, **self.extra}


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
    in_schema: ClassVar[bool] = True  # as Param's: every extra is in its operation's parameters

    def openapi(self) -> dict[str, Any]:
        schema: dict[str, Any] = {
            "type": "string",
            "maxLength": self.max_length,
            **({"minLength": self.min_length} if self.min_length else {}),
            **({"pattern": self.pattern} if self.pattern else {}),
        }
        doc = Param(self.name, self.description, schema, self.parse, self.example).openapi()
        return {**doc, "required": self.required}


LIMIT = Param(
    "limit",
    f"Records per page, 1 to {MAX_LIMIT} (default {DEFAULT_LIMIT}).",
    {"type": "integer", "minimum": 1, "maximum": MAX_LIMIT, "default": DEFAULT_LIMIT},
    partial(_bounded_int, lo=1, hi=MAX_LIMIT),
    10,
)
OFFSET = Param(
    "offset",
    f"Skip this many records (0 to {MAX_OFFSET}); for page numbers. Prefer the "
    "cursor in `links.next` for deep pages. Not with `cursor`.",
    {"type": "integer", "minimum": 0, "maximum": MAX_OFFSET},
    partial(_bounded_int, lo=0, hi=MAX_OFFSET),
    0,
)
# A cursor is checked against the sort it was issued for (`app.api.params`); its length
# bound is `decode_cursor`'s.
CURSOR = Param(
    "cursor",
    "Opaque keyset cursor from `links.next`/`links.prev` (or `meta.next_cursor`); "
    "valid only with the sort it came from. Not with `offset`.",
    {"type": "string", "maxLength": MAX_CURSOR_LENGTH, "pattern": r"^[A-Za-z0-9_-]+$"},
    str,
)


def format_param(formats: Sequence[Format]) -> Param:
    return Param(
        "format",
        "Response format; overrides the Accept header. "
        + ", ".join(f"{f} ({MEDIA_TYPES[f].split(';')[0]})" for f in formats)
        + ".",
        {"type": "string", "enum": list(formats)},
        partial(_choice, options=tuple(formats)),
        formats[0],
        in_schema=tuple(formats) == ("json",),
    )


# The response schemas describe whole records, every field present; `fields=` is the one
# way to get fewer.
SPARSE = (
    "The records then carry only those fields: read them as partial records "
    "(`Partial<T>` in TypeScript), since the response schema describes whole ones."
)


def fields_param(fields: Sequence[str], always: Sequence[str], *, item: bool) -> Param:
    if item:
        text = (
            f"Comma-separated fields to return (at most {MAX_LIST_VALUES}; "
            f"{', '.join(always)} always come): "
        )
    else:
        text = "Comma-separated fields to return (object, the key and url always come): "
    return Param(
        "fields",
        text + ", ".join(fields) + ". " + SPARSE,
        _names_schema(fields),
        partial(_names, allowed=tuple(fields), what="field"),
        ",".join(always),
        {"x-always-fields": list(always)},
    )


def include_param(includes: Sequence[str], *, item: bool) -> Param:
    text = "Inline the full related records instead of links: " + ", ".join(includes) + "."
    return Param(
        "include",
        text if item else text + " One level deep.",
        _names_schema(includes),
        partial(_names, allowed=tuple(includes), what="include"),
        includes[0],
    )


def _sort(spec: ListSpec, raw: str) -> tuple[SortTerm, ...]:
    tokens = items(raw)
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
    # A key named again cannot change the order (its ties are already equal on it): the
    # first mention counts.
    first = {t.sort.name: t for t in reversed(terms)}
    return tuple(t for t in terms if first[t.sort.name] is t)


def _sort_param(spec: ListSpec) -> Param:
    return Param(
        "sort",
        f"Comma-separated sort keys, `-` for descending, at most {MAX_SORT_KEYS}: "
        f"{', '.join(s.name for s in spec.sorts)}. Default: {','.join(spec.default_sort)}. "
        "The primary key always breaks ties, and nulls sort last in both directions.",
        _names_schema([s.name for s in spec.sorts], descending=True, most=MAX_SORT_KEYS),
        partial(_sort, spec),
        f"-{spec.sorts[-1].name}",
    )


def _facet_param(spec: ListSpec) -> Param:
    return Param(
        "facet",
        "Count the filtered records per value of these fields (in `meta.facets`, most "
        "first, at most 100 values each): "
        + "; ".join(f"{f.name} ({f.description.rstrip('.')})" for f in spec.facets)
        + ".",
        _names_schema([f.name for f in spec.facets]),
        partial(_names, allowed=tuple(f.name for f in spec.facets), what="facet"),
        spec.facets[0].name,
    )


@lru_cache(maxsize=256)
def list_params(
    spec: ListSpec, formats: tuple[Format, ...], paged: bool = True
) -> dict[str, Param]:
    """A list's own parameters besides its filters, in the order they are documented. A
    whole-list export (`paged=False`) takes the same selection (filters, sort, fields,
    include) but no page, facet or format: it is every matching record, in its file's
    format."""
    params = [_sort_param(spec), fields_param(spec.fields, spec.always_fields, item=False)]
    if spec.includes:
        params.append(include_param(spec.includes, item=False))
    if paged:
        if spec.facets:
            params.append(_facet_param(spec))
        params += [format_param(formats), LIMIT, OFFSET, CURSOR]
    return {p.name: p for p in params}


def list_declarations(
    spec: ListSpec, extras: Sequence[Extra], formats: Sequence[Format], paged: bool = True
) -> tuple[Param | Extra, ...]:
    """Every parameter a list takes, in the order it is documented: the endpoint's
    extras, each filter's operators, then the list's own (built once per list: every
    request reads its query string against them)."""
    return _list_declarations(spec, tuple(extras), tuple(formats), paged)


@lru_cache(maxsize=256)
def _list_declarations(
    spec: ListSpec, extras: tuple[Extra, ...], formats: tuple[Format, ...], paged: bool
) -> tuple[Param | Extra, ...]:
    out: list[Param | Extra] = list(extras)
    for f in spec.filters:
        out += [param for _, param in filter_declarations(f)]
    return (*out, *list_params(spec, formats, paged).values())


@lru_cache(maxsize=256)
def item_params(
    fields: tuple[str, ...],
    includes: tuple[str, ...],
    always: tuple[str, ...],
    formats: tuple[Format, ...],
) -> dict[str, Param]:
    """A single document's parameters (besides an endpoint's extras), in order."""
    params = []
    if fields:
        params.append(fields_param(fields, always, item=True))
    if includes:
        params.append(include_param(includes, item=True))
    params.append(format_param(formats))
    return {p.name: p for p in params}


# --- filters -------------------------------------------------------------------------------

_OPS_TEXT = {
    "eq": "equals (comma-separated values match any of them)",
    "gt": "greater than",
    "gte": "greater than or equal to",
    "lt": "less than",
    "lte": "less than or equal to",
}
_DATE_OPS_TEXT = {
    "overlaps": "the date's interval of possible days intersects the period",
    "gt": "certainly after the period (earliest possible day after its last day)",
    "gte": "certainly on or after the period's first day",
    "lt": "certainly before the period (latest possible day before its first day)",
    "lte": "certainly on or before the period's last day",
}


def filter_value(f: Filter, op: Op, raw: str) -> Any:
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
        return [_int(v) for v in items(raw)] if op == "eq" else _int(raw)
    if not f.several:
        if not raw or len(raw) > MAX_VALUE_LENGTH:
            raise BadValue(f"must be 1 to {MAX_VALUE_LENGTH} characters")
        return [raw]
    values = items(raw)
    if f.upper:
        values = [v.upper() for v in values]
    if f.choices is not None:
        wrong = [v for v in values if v not in f.choices]
        if wrong:
            raise BadValue(f"must be one of: {', '.join(f.choices)}")
    if f.pattern is not None and not all(re.fullmatch(f.pattern, v) for v in values):
        raise BadValue(f"must look like {f.example}")
    return values


def filter_params(f: Filter) -> list[tuple[str, Op]]:
    """The query parameter names a filter answers to, with their operators."""
    return [(f.name if op == "eq" else f"{f.name}__{op}", op) for op in f.ops]


def _filter_schema(f: Filter, op: Op) -> tuple[dict[str, Any], str, Any]:
    """The OpenAPI schema of one of a filter's parameters, what its operator means, and
    an example: the values `filter_value` accepts."""
    if f.value_type == "date":
        return dict(_DATE_SCHEMA), _DATE_OPS_TEXT[op], f.example
    if f.value_type == "int" and op != "eq":
        schema = {"type": "integer", "minimum": -MAX_INT, "maximum": MAX_INT}
        return schema, _OPS_TEXT[op], int(f.example)
    if f.value_type == "int":
        # Nine digits keep every value the schema allows inside 32 bits.
        return (
            {
                "type": "string",
                "maxLength": MAX_LIST_VALUES * 11 - 1,
                "pattern": list_pattern(r"-?[0-9]{1,9}"),
            },
            _OPS_TEXT[op],
            f.example,
        )
    if f.value_type == "bool":
        return {"type": "boolean"}, "equals", f.example == "true"
    text: dict[str, Any] = {"type": "string", "minLength": 1, "maxLength": MAX_RAW_LENGTH}
    if not f.several:
        text["maxLength"] = MAX_VALUE_LENGTH
        text["pattern"] = r"^[^\x00]+$"
    elif f.choices:
        text["pattern"] = names_pattern(f.choices)
    elif f.pattern:
        text["pattern"] = list_pattern(f.pattern)
    else:
        text["pattern"] = list_pattern(_FREE_ITEM)
    meaning = _OPS_TEXT["eq"] if f.several else "equals, exactly (the whole value)"
    return text, meaning, f.example


@lru_cache(maxsize=512)
def filter_declarations(f: Filter) -> tuple[tuple[Op, Param], ...]:
    """A filter's parameters (one per operator), each with its reader and its text (built
    once per filter: every request reads its list's filters by these)."""
    names = [name for name, _ in filter_params(f)]
    out = []
    for name, op in filter_params(f):
        schema, meaning, example = _filter_schema(f, op)
        text = f"{f.description} `{name}`: {meaning}."
        if f.value_type == "date":
            text += " The value is a day, month or year: YYYY-MM-DD, YYYY-MM or YYYY."
        if f.choices:
            text += f" Values: {', '.join(f.choices)}."
        if len(names) > 1:
            text += f" Operators of `{f.name}`: {', '.join(names)}."
        reader = partial(filter_value, f, op)
        out.append(
            (
                op,
                Param(
                    name, text, schema, reader, example, {"x-filter": {"field": f.name, "op": op}}
                ),
            )
        )
    return tuple(out)
