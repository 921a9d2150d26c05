"""Resource URLs without the version prefix: `/contingents/...`, `/stats`, `/search?q=`
answer 308 to the same URL under `/v1`, query string kept, for every first path segment
that version 1 serves. A link written without the prefix (the design card's
`/contingents`) keeps working when a later version is added beside v1 (it then points at
v1 until it is changed)."""

from fastapi import APIRouter
from fastapi.routing import APIRoute
from starlette.requests import Request
from starlette.responses import RedirectResponse

from app.api import v1
from app.api.responses import redirect_keeping_query

router = APIRouter(include_in_schema=False)


async def _to_v1(request: Request) -> RedirectResponse:
    return redirect_keeping_query(request, f"{v1.PREFIX}{request.url.path}")


def _segments() -> list[str]:
    """The first path segment of every v1 route, in the order they are declared."""
    found: dict[str, None] = {}
    for versioned in v1.routers:
        for route in versioned.routes:
            if isinstance(route, APIRoute):
                first = route.path.strip("/").split("/", 1)[0]
                if first and "{" not in first:
                    found[first] = None
    return list(found)


SEGMENTS = _segments()
for _name in SEGMENTS:
    router.add_api_route(f"/{_name}", _to_v1, methods=["GET"], name=f"unversioned_{_name}")
    router.add_api_route(
        f"/{_name}/{{rest:path}}", _to_v1, methods=["GET"], name=f"unversioned_{_name}_item"
    )
