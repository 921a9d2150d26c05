"""/v1/sources/{slug}/excerpts: each cited excerpt in its stored text, re-checked."""

import hashlib
import re
from typing import Annotated

from fastapi import Depends, Path
from sqlalchemy import select
from starlette.responses import Response

from app.api.deps import DbDep, UrlsDep, slug_path
from app.api.docs import error_responses, item_openapi
from app.api.formats import json_response
from app.api.params import BadValue, Extra, ItemParams
from app.api.responses import ItemParamsDep
from app.api.routing import make_router
from app.errors import NotFound
from app.models.base import Public
from app.models.release import CitingRecord, ExcerptPublic
from app.queries.tables import EVIDENCE, SOURCE
from app.queries.urls import Urls

router = make_router("sources")
DEFAULT_CONTEXT, MAX_CONTEXT = 200, 2000
_ID = re.compile(r"^(\d{1,9})-(\d{1,9})$")


def _context(raw: str) -> int:
    # ASCII digits only: str.isdigit() also takes digits int() cannot read ("²").
    if not re.fullmatch(r"[0-9]{1,4}", raw) or int(raw) > MAX_CONTEXT:
        raise BadValue(f"must be a whole number from 0 to {MAX_CONTEXT}")
    return int(raw)


_CONTEXT = Extra(
    "context",
    _context,
    f"Characters of text to show on each side (0 to {MAX_CONTEXT}, default {DEFAULT_CONTEXT}).",
    "200",
    max_length=4,
    pattern=r"^(?:[01]?[0-9]{1,3}|2000)$",
)
Args = Annotated[ItemParams, Depends(ItemParamsDep(extras=[_CONTEXT]))]
ListArgs = Annotated[ItemParams, Depends(ItemParamsDep())]
SlugPath = Annotated[str, slug_path("odrimedia-ruto-haiti-mss")]
IdPath = Annotated[
    str,
    Path(
        description="`start-end`: the excerpt's character offsets in the source text, as in "
        "each evidence entry.",
        max_length=20,
        pattern=r"^[0-9]{1,9}-[0-9]{1,9}$",
        examples=["0-120"],
    ),
]


class ExcerptItem(Public):
    """One excerpt in its context."""

    data: ExcerptPublic


class ExcerptList(Public):
    """Every excerpt cited from one source, in text order."""

    data: list[ExcerptPublic]


def _excerpts(db: DbDep, slug: str, urls: Urls, context: int) -> list[ExcerptPublic]:
    source = db.execute(select(SOURCE).where(SOURCE.c.slug == slug)).mappings().first()
    if source is None:
        raise NotFound("No source has this key.")
    text: str | None = source["text"]
    if text is None:
        raise NotFound("This source's text is not stored, so it has no verified excerpts.")
    actual = hashlib.sha256(text.encode("utf-8")).hexdigest()
    rows = db.execute(
        select(EVIDENCE).where(EVIDENCE.c.source_slug == slug, EVIDENCE.c.start.is_not(None))
    ).mappings()
    spans: dict[tuple[int, int], list[CitingRecord]] = {}
    excerpts: dict[tuple[int, int], str] = {}
    for r in sorted(rows, key=lambda r: (r["start"], r["end"], r["record_kind"], r["record_key"])):
        span = (int(r["start"]), int(r["end"]))
        excerpts[span] = r["excerpt"]
        spans.setdefault(span, []).append(
            CitingRecord(
                kind=r["record_kind"],
                key=r["record_key"],
                url=urls.record(r["record_kind"], r["record_key"]),
                supports=list(r["supports"] or []),
            )
        )
    return [
        ExcerptPublic(
            id=f"{start}-{end}",
            url=urls.path(f"/v1/sources/{slug}/excerpts/{start}-{end}"),
            source=slug,
            source_url=urls.record("sources", slug),
            start=start,
            end=end,
            excerpt=excerpts[(start, end)],
            before=text[max(0, start - context) : start],
            after=text[end : end + context],
            text_length=len(text),
            sha256=source["sha256"],
            sha256_actual=actual,
            text_intact=actual == source["sha256"],
            excerpt_matches=text[start:end] == excerpts[(start, end)],
            cited_by=cited,
        )
        for (start, end), cited in spans.items()
    ]


@router.get(
    "/sources/{slug}/excerpts",
    response_model=ExcerptList,
    responses=error_responses(400, 404, 406, 422, 500),
    description="Every excerpt cited from this source's stored text, in text order, each "
    "with the records citing it; the text's SHA-256 and each excerpt are checked again "
    "on every request.",
    openapi_extra=item_openapi(extras=[_CONTEXT]),
)
def list_excerpts(slug: SlugPath, params: Args, db: DbDep, urls: UrlsDep) -> Response:
    """List the excerpts cited from one source."""
    context = params.extras.get("context")
    found = _excerpts(db, slug, urls, DEFAULT_CONTEXT if context is None else context)
    return json_response({"data": [e.model_dump(mode="json") for e in found]})


@router.get(
    "/sources/{slug}/excerpts/{excerpt_id}",
    response_model=ExcerptItem,
    responses=error_responses(400, 404, 406, 422, 500),
    description="One cited excerpt with the text around it and its offsets. The stored "
    "text is hashed again and compared with its recorded SHA-256 (`text_intact`), and the "
    "text at `start`..`end` compared with the excerpt (`excerpt_matches`).",
    openapi_extra=item_openapi(extras=[_CONTEXT]),
)
def get_excerpt(
    slug: SlugPath, excerpt_id: IdPath, params: Args, db: DbDep, urls: UrlsDep
) -> Response:
    """Get one excerpt in its context, re-checked."""
    match = _ID.match(excerpt_id)
    if match is None:
        raise NotFound("No excerpt has this id; ids are `start-end`.")
    context = params.extras.get("context")
    wanted = f"{int(match.group(1))}-{int(match.group(2))}"
    found = _excerpts(db, slug, urls, DEFAULT_CONTEXT if context is None else context)
    excerpt = next((e for e in found if e.id == wanted), None)
    if excerpt is None:
        raise NotFound("No excerpt of this source has these offsets.")
    return json_response({"data": excerpt.model_dump(mode="json")})
