"""Version 1 of the API: one router per resource, collected here under /v1."""

from fastapi import APIRouter

from app.api.routing import summarise
from app.api.v1 import (
    conflicts,
    contingents,
    events,
    missions,
    nations,
    officials,
    organisations,
    quotes,
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
):
    router.include_router(summarise(module.router))
