"""Page envelopes, opaque keyset cursors, and the links (body and `Link` header) between
pages.

A cursor is URL-safe base64 (no padding) of JSON `[sort, direction, values]`: the sort it
was made for, "n" (rows after) or "p" (rows before), and the sort values of the row it
continues from, primary key last. It is opaque to clients; a cursor made for another sort
or tampered with is refused with 422.
"""

import base64
import binascii
import datetime as dt
from collections.abc import Sequence
from typing import Any, Generic, TypeVar
from urllib.parse import urlencode

import orjson
from pydantic import Field

from app.models.base import Public
from app.queries.filters import ValueType
from app.queries.listing import Cursor, PageResult, SortValue

T = TypeVar("T")

MAX_CURSOR_LENGTH = 1024


class FacetCount(Public):
    value: str | int | bool | None = Field(description="A value of the faceted field.")
    count: int = Field(description="How many records in the whole filtered list have it.")


class ListMeta(Public):
    total: int = Field(description="Records matching the filters, across all pages.")
    limit: int = Field(description="Page size.")
    offset: int | None = Field(description="Offset of this page, when paging by offset.")
    cursor: str | None = Field(description="The cursor this page was read from, if any.")
    next_cursor: str | None = Field(description="Cursor of the next page; null on the last.")
    prev_cursor: str | None = Field(description="Cursor of the previous page, if any.")
    sort: list[str] = Field(
        description="The order applied, primary key last; `-` means descending. Nulls "
        "sort last in both directions."
    )
    facets: dict[str, list[FacetCount]] | None = Field(
        default=None, description="Counts per value for each `facet=` field (most first)."
    )


class ListLinks(Public):
    self: str
    next: str | None
    prev: str | None


class ListEnvelope(Public, Generic[T]):
    """A page of records, its metadata, and links to its neighbours."""

    data: list[T]
    meta: ListMeta
    links: ListLinks


class ItemEnvelope(Public, Generic[T]):
    """One record."""

    data: T


class CursorError(ValueError):
    pass


def _jsonable(value: SortValue) -> Any:
    return value.isoformat() if isinstance(value, dt.date) else value


def encode_cursor(sort: Sequence[str], values: Sequence[SortValue], backwards: bool) -> str:
    raw = orjson.dumps([",".join(sort), "p" if backwards else "n", [_jsonable(v) for v in values]])
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


def _typed(value: Any, kind: ValueType) -> SortValue:
    if value is None:
        return None
    if kind == "bool" and isinstance(value, bool):
        return value
    if kind == "int" and isinstance(value, int) and not isinstance(value, bool):
        if abs(value) > 2**63 - 1:
            raise CursorError("value out of range")
        return value
    if kind == "str" and isinstance(value, str):
        return value
    if kind == "date" and isinstance(value, str):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            raise CursorError("bad date") from None
    raise CursorError("value of the wrong type")


def decode_cursor(token: str, sort: Sequence[str], types: Sequence[ValueType]) -> Cursor:
    """The cursor in `token`, checked against the sort it must have been made for."""
    if len(token) > MAX_CURSOR_LENGTH:
        raise CursorError(f"must be at most {MAX_CURSOR_LENGTH} characters")
    try:
        raw = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4))
        decoded = orjson.loads(raw)
    except (binascii.Error, ValueError):
        raise CursorError("is not a cursor this API issued") from None
    if (
        not isinstance(decoded, list)
        or len(decoded) != 3
        or decoded[1] not in ("n", "p")
        or not isinstance(decoded[2], list)
    ):
        raise CursorError("is not a cursor this API issued")
    if decoded[0] != ",".join(sort):
        raise CursorError("was issued for another sort; use it with the sort it came from")
    if len(decoded[2]) != len(types):
        raise CursorError("is not a cursor this API issued")
    values = tuple(_typed(v, k) for v, k in zip(decoded[2], types, strict=True))
    return Cursor(values=values, backwards=decoded[1] == "p")


def page_url(base: str, path: str, params: Sequence[tuple[str, str]]) -> str:
    query = urlencode(list(params))
    return f"{base}{path}" + (f"?{query}" if query else "")


def link_header(links: ListLinks) -> str:
    parts = [
        f'<{url}>; rel="{rel}"' for rel, url in (("next", links.next), ("prev", links.prev)) if url
    ]
    return ", ".join(parts)


def page_links(
    base: str,
    path: str,
    canonical: Sequence[tuple[str, str]],
    position: Sequence[tuple[str, str]],
    page: PageResult,
    sort: Sequence[str],
    limit: int,
    offset: int | None,
) -> tuple[ListLinks, str | None, str | None]:
    """Links to this page and its neighbours, and the next and previous cursors.

    `canonical` holds every parameter but the page position; `position` the cursor or
    offset this page was read from. Offset pages link by offset; all others by cursor.
    """
    self_url = page_url(base, path, [*canonical, *position])
    next_cursor = prev_cursor = None
    next_url = prev_url = None
    if offset is not None:
        if page.has_next:
            next_url = page_url(base, path, [*canonical, ("offset", str(offset + limit))])
        if offset > 0:
            prev_url = page_url(base, path, [*canonical, ("offset", str(max(offset - limit, 0)))])
    else:
        if page.has_next and page.last is not None:
            next_cursor = encode_cursor(sort, page.last, backwards=False)
            next_url = page_url(base, path, [*canonical, ("cursor", next_cursor)])
        if page.has_prev and page.first is not None:
            prev_cursor = encode_cursor(sort, page.first, backwards=True)
            prev_url = page_url(base, path, [*canonical, ("cursor", prev_cursor)])
    return ListLinks(self=self_url, next=next_url, prev=prev_url), next_cursor, prev_cursor
