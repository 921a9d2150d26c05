"""/v1/quotes: exact words, speaker, venue and date."""

from typing import Annotated

from fastapi import Depends
from starlette.requests import Request
from starlette.responses import Response

from app.api.deps import DbDep, UrlsDep, found, slug_path
from app.api.docs import ITEM_ERRORS, LIST_ERRORS, item_openapi, list_openapi
from app.api.formats import RECORD_FORMATS
from app.api.pagination import ItemEnvelope, ListEnvelope
from app.api.params import ItemParams, ListParams
from app.api.responses import ItemParamsDep, ListParamsDep, Served, item_response, list_response
from app.api.routing import make_router
from app.models.quote import QuotePublic
from app.queries import quotes
from app.queries.listing import fetch_page

router = make_router("quotes")
SPEC = quotes.SPEC


class QuoteList(ListEnvelope[QuotePublic]):
    """A page of quotes."""


class QuoteItem(ItemEnvelope[QuotePublic]):
    """One quote."""


def _quote(
    slug: Annotated[str, slug_path("ruto-us-blessing-to-our-nation")], db: DbDep, urls: UrlsDep
) -> QuotePublic:
    return found(quotes.by_keys(db, [slug], urls).get(slug), "quote")


QuoteDep = Annotated[QuotePublic, Depends(_quote)]
ListParamsArg = Annotated[ListParams, Depends(ListParamsDep(SPEC))]
ItemParamsArg = Annotated[
    ItemParams, Depends(ItemParamsDep(SPEC.fields, SPEC.includes, formats=RECORD_FORMATS))
]


@router.get(
    "/quotes",
    response_model=QuoteList,
    responses=LIST_ERRORS,
    description=(
        "Every quoted passage, word for word as the source prints it inside its quotation "
        "marks, with its speaker (an official or an organisation), venue, occasion, date (as "
        "worded, with its bounds) and the excerpt it was taken from. Default order: by date, "
        "undated last."
    ),
    openapi_extra=list_openapi(SPEC),
)
def list_quotes(request: Request, params: ListParamsArg, db: DbDep, urls: UrlsDep) -> Response:
    """List quotes."""
    page = fetch_page(db, SPEC, params.query)
    records = quotes.include(db, quotes.build(db, page.rows, urls), params.include, urls)
    return list_response(request, params, SPEC, QuotePublic, Served(page, records), urls)


@router.get(
    "/quotes/{slug}",
    response_model=QuoteItem,
    responses=ITEM_ERRORS,
    description="One quote. `include=speaker,event` inlines those records.",
    openapi_extra=item_openapi(
        SPEC.fields, SPEC.includes, SPEC.always_fields, formats=RECORD_FORMATS
    ),
)
def get_quote(params: ItemParamsArg, record: QuoteDep, db: DbDep, urls: UrlsDep) -> Response:
    """Get one quote by slug."""
    [record] = quotes.include(db, [record], params.include, urls)
    return item_response(record, params, SPEC.always_fields)
