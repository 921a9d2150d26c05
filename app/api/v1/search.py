"""/v1/search: one ranked search across every kind of record."""

from typing import Annotated

from fastapi import Depends
from starlette.requests import Request
from starlette.responses import Response

from app.api.deps import DbDep, UrlsDep
from app.api.docs import LIST_ERRORS, list_openapi
from app.api.pagination import ListEnvelope
from app.api.params import BadValue, Extra, ListParams
from app.api.responses import Items, ListParamsDep, list_response
from app.api.routing import make_router
from app.models.search import SearchHitPublic, words
from app.queries import search as search_queries
from app.queries.listing import fetch_page, rebind

router = make_router("search")
SPEC = search_queries.SPEC


def _words(raw: str) -> list[str]:
    # Only letters and digits are searched; a `q` without any matches nothing. The
    # length bound also bounds the words (each character starts at most one).
    if not raw:
        raise BadValue("must not be empty")
    return words(raw)


Q = Extra(
    name="q",
    parse=_words,
    description="What to look for: words, matched whole and case-insensitively; a hit "
    "contains every word. Punctuation, quotes, `%`, `_` and search syntax separate words "
    "and are otherwise ignored, so a query without letters or digits finds nothing. At "
    f"most {search_queries.MAX_Q_LENGTH} characters.",
    example="Boinnet",
    required=True,
    max_length=search_queries.MAX_Q_LENGTH,
    min_length=1,
    pattern=r"^[^\x00]+$",
)


class SearchList(ListEnvelope[SearchHitPublic]):
    """A page of search hits, best first."""


ParamsArg = Annotated[ListParams, Depends(ListParamsDep(SPEC, (Q,)))]


@router.get(
    "/search",
    response_model=SearchList,
    responses=LIST_ERRORS,
    openapi_extra=list_openapi(
        SPEC,
        (Q,),
        description="Searches every record (missions, nations, officials, organisations, "
        "contingents, events, quotes, conflicts, sources) by its title, its text and the words "
        "of its evidence. Ranked the same on SQLite and PostgreSQL: the title is the query "
        "(`match: exact_title`), then the title contains the query as a phrase "
        "(`title_phrase`), then the record does (`phrase`), then it contains every word "
        "(`all_words`); within each, shorter records first. Each hit has its kind, key, title, "
        "URL and an HTML snippet with the words in <mark>.",
    ),
)
def search(request: Request, params: ParamsArg, db: DbDep, urls: UrlsDep) -> Response:
    """Search every kind of record, ranked."""
    phrase: list[str] = params.extras["q"]
    spec = search_queries.spec_for(phrase, db.dialect.name)
    page = fetch_page(db, spec, rebind(params.query, spec))
    hits = search_queries.build(page.rows, phrase, urls)
    fields = None if params.fields is None else {*spec.always_fields, *params.fields}
    items = Items(records=[hit.model_dump(mode="json", include=fields) for hit in hits])
    return list_response(request, params, spec, SearchHitPublic, page, items, urls.base)
