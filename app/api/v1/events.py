"""/v1/events: the timeline, chronological by default."""

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
from app.models.event import EventPublic
from app.queries import events
from app.queries.listing import fetch_page

router = make_router("events")
SPEC = events.SPEC


class EventList(ListEnvelope[EventPublic]):
    """A page of events."""


class EventItem(ItemEnvelope[EventPublic]):
    """One event."""


def _event(
    slug: Annotated[str, slug_path("ke-217-arrives-port-au-prince")], db: DbDep, urls: UrlsDep
) -> EventPublic:
    return found(events.by_keys(db, [slug], urls).get(slug), "event")


EventDep = Annotated[EventPublic, Depends(_event)]
ListParamsArg = Annotated[ListParams, Depends(ListParamsDep(SPEC))]
ItemParamsArg = Annotated[
    ItemParams, Depends(ItemParamsDep(SPEC.fields, SPEC.includes, formats=RECORD_FORMATS))
]


@router.get(
    "/events",
    response_model=EventList,
    responses=LIST_ERRORS,
    description=(
        "The timeline: requests, authorisation, departures, arrivals, deployments (past and "
        "planned), speeches and statements. Chronological by default with date precision "
        "respected: ordered by the earliest possible day, then the latest, so a known day "
        "comes before the month around it; events with no known date come last. "
        "`date__overlaps=2025-01` finds events that may fall in January 2025."
    ),
    openapi_extra=list_openapi(SPEC),
)
def list_events(request: Request, params: ListParamsArg, db: DbDep, urls: UrlsDep) -> Response:
    """List events, chronologically."""
    page = fetch_page(db, SPEC, params.query)
    records = events.build(db, page.rows, urls)
    return list_response(request, params, SPEC, EventPublic, Served(page, records), urls)


@router.get(
    "/events/{slug}",
    response_model=EventItem,
    responses=ITEM_ERRORS,
    description="One event, with the records it involves and the quotes said at it.",
    openapi_extra=item_openapi(
        SPEC.fields, SPEC.includes, SPEC.always_fields, formats=RECORD_FORMATS
    ),
)
def get_event(params: ItemParamsArg, record: EventDep) -> Response:
    """Get one event by slug."""
    return item_response(record, params, SPEC.always_fields)
