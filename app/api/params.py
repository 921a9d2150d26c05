"""Query strings, read strictly: every parameter known, every value checked and bounded.

An unknown parameter is a 400 that lists the accepted ones; a bad value is a 422 whose
`errors` name each parameter and why; a repeated parameter is a 422 (use commas for
several values). Each parameter's reader and bounds are its declaration in
`app.api.query`; this module applies them to a request, with the rules that span several
parameters (a cursor for the sort given, never with an offset). Parsing produces the
query layer's `ListQuery`, the negotiated format, and the canonical parameters that links
and cache keys are built from.
"""

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from starlette.requests import Request

from app.api.formats import Format, negotiate
from app.api.pagination import CursorError, decode_cursor
from app.api.query import (
    LIMIT,
    MAX_RAW_LENGTH,
    OFFSET,
    BadValue,
    Extra,
    filter_declarations,
    item_params,
    list_declarations,
    list_params,
)
from app.errors import InvalidParameter, ParameterError, UnknownParameter, echo
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

__all__ = ["BadValue", "Extra", "ItemParams", "ListParams", "parse_item", "parse_list"]


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


def list_param_names(
    spec: ListSpec,
    extras: Sequence[Extra] = (),
    formats: Sequence[Format] = ("json",),
    paged: bool = True,
) -> list[str]:
    return [d.name for d in list_declarations(spec, extras, formats, paged)]


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
    export: Format | None = None,
) -> ListParams:
    """Read a list request's query string against `spec`; for a whole-list `export` in
    that format, without the page, facet and format parameters."""
    paged = export is None
    own = list_params(spec, tuple(formats), paged)
    reader = _Reader(request, list_param_names(spec, extras, formats, paged))
    extra_values = _extras(reader, extras)
    conditions: list[Condition] = []
    canonical: list[tuple[str, str]] = [
        (e.name, reader.values[e.name]) for e in extras if e.name in extra_values
    ]
    for f in spec.filters:
        for op, param in filter_declarations(f):
            if param.name in reader.values:
                value = reader.take(param.name, param.parse)
                if value is not None:
                    conditions.append(Condition(f, op, value))
                    shown = (
                        ",".join(value)
                        if isinstance(value, list) and f.value_type == "str"
                        else reader.values[param.name]
                    )
                    canonical.append((param.name, shown))
    requested_sort = reader.take("sort", own["sort"].parse)
    sort = requested_sort or tuple(SortTerm(spec.sort(n)) for n in spec.default_sort)  # type: ignore[arg-type]
    fields = reader.take("fields", own["fields"].parse)
    include = reader.take("include", own["include"].parse) if "include" in own else None
    facet_names = reader.take("facet", own["facet"].parse) if "facet" in own else None
    fmt = reader.take("format", own["format"].parse) if paged else export
    limit = reader.take("limit", LIMIT.parse) if paged else MAX_LIMIT
    offset = reader.take("offset", OFFSET.parse) if paged else None
    sort_tokens = [t.token for t in sort]
    if not any(spec.key is c for t in sort for c in t.sort.columns):
        sort_tokens.append(spec.key.name)
    cursor = None
    if paged and "cursor" in reader.values:
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
        format=negotiate(request, fmt, formats) if paged else fmt,  # type: ignore[arg-type]
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
    always: Sequence[str] = ("slug", "url"),
) -> ItemParams:
    """Read an item (or other single-document) request's query string."""
    own = item_params(tuple(fields), tuple(includes), tuple(always), tuple(formats))
    accepted = [e.name for e in extras] + list(own)
    reader = _Reader(request, accepted)
    extra_values = _extras(reader, extras)
    chosen = reader.take("fields", own["fields"].parse) if "fields" in own else None
    include = reader.take("include", own["include"].parse) if "include" in own else None
    fmt = reader.take("format", own["format"].parse)
    reader.done()
    canonical = [(name, reader.values[name]) for name in accepted if name in reader.values]
    return ItemParams(
        format=negotiate(request, fmt, formats),
        fields=chosen,
        include=include or (),
        extras=extra_values,
        canonical=canonical,
    )
