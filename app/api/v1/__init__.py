"""Version 1 of the API: one router per resource, collected here under /v1."""

from fastapi import APIRouter

from app.api.routing import summarise
from app.api.v1 import (
    cite,
    conflicts,
    contingents,
    dumps,
    events,
    excerpts,
    missions,
    nations,
    officials,
    organisations,
    quotes,
    releases,
    search,
    sources,
    stats,
)

router = APIRouter(prefix="/v1")
for module in (
    missions,
    contingents,
    nations,
    officials,
    organisations,
    quotes,
    events,
    sources,
    conflicts,
    search,
    stats,
    excerpts,
    cite,
    releases,
    dumps,
):
    router.include_router(summarise(module.router))
