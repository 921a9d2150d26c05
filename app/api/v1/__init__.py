"""Version 1 of the API: the record routers (from the registry) and the other
documents, served under /v1."""

from fastapi import APIRouter

from app.api.v1 import cite, dumps, excerpts, records, releases, search, stats

PREFIX = "/v1"

routers: list[APIRouter] = [
    *records.routers(),
    search.router,
    stats.router,
    excerpts.router,
    cite.router,
    releases.router,
    dumps.router,
]
