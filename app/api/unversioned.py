"""Record URLs without the version prefix: `/contingents/...` answers 308 to the same
URL under `/v1`, query string kept, for every kind in the registry and `/mission`. A
link written without the prefix keeps working when a later version is added beside v1
(it then points at v1 until it is changed)."""

from fastapi import APIRouter
from starlette.requests import Request
from starlette.responses import RedirectResponse

from app.api.responses import redirect_keeping_query
from app.resources import NAMES

router = APIRouter(include_in_schema=False)


async def _to_v1(request: Request) -> RedirectResponse:
    return redirect_keeping_query(request, f"/v1{request.url.path}")


for _name in (*NAMES, "mission"):
    router.add_api_route(f"/{_name}", _to_v1, methods=["GET"], name=f"unversioned_{_name}")
    router.add_api_route(
        f"/{_name}/{{rest:path}}", _to_v1, methods=["GET"], name=f"unversioned_{_name}_item"
    )
