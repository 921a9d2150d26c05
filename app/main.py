"""Application factory: `create_app(settings)` builds the API on the given database."""

import gc
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI
from starlette.middleware import Middleware

from app.api import meta, unversioned, v1
from app.api.gate import DatabaseGate
from app.api.hosts import AllowedHosts, TrustedHosts
from app.api.middleware import DropClientNoise, HeadAsGet, RequestLimits, ServiceDescriptionLink
from app.api.openapi import install_openapi
from app.api.pages import install_pages
from app.api.pinning import VersionPinning, install_redirects
from app.api.routing import include
from app.api.security import CORS_OPTIONS, Cors, SecurityHeaders
from app.api.snapshot import DatasetSnapshot
from app.cache.middleware import HttpCache
from app.config import Settings, get_settings
from app.dataset_state import DatasetState, Snapshot
from app.errors import install_error_handlers
from app.observability import (
    Metrics,
    Observe,
    configure_logging,
    metrics_router,
)
from app.ratelimit import RateLimit, make_storage

# Paths about the process rather than the data; each middleware below is told which of
# them it leaves alone.
PROBES = frozenset({"/healthz", "/readyz"})  # polled by orchestrators every few seconds
OPERATIONAL = PROBES | {"/metrics"}  # answer about this moment, never cached
NO_DATASET = frozenset({"/healthz", "/metrics"})  # read nothing from the database


def middleware(settings: Settings, metrics: Metrics) -> list[Middleware]:
    """The middleware stack, outermost first, one concern each."""
    stack = [
        # A request id, the access log line and the metrics, for every response.
        Middleware(Observe, metrics=metrics, unlogged=OPERATIONAL),
        # Security headers on every response, and the generic 500 for an escaped error.
        Middleware(SecurityHeaders),
        Middleware(Cors, **CORS_OPTIONS),  # type: ignore[arg-type]
        # `Link: </openapi.json>; rel="service-desc"` on every response.
        Middleware(ServiceDescriptionLink),
        # 414 and 431 before anything reads the request.
        Middleware(RequestLimits),
        # `_=<timestamp>` and `utm_*` are dropped here: no endpoint sees them.
        Middleware(DropClientNoise),
        # 400 for a Host nobody listed, before anything builds a link or a cache key.
        Middleware(TrustedHosts, allowed=AllowedHosts.from_settings(settings), exempt=OPERATIONAL),
    ]
    if settings.rate_limit_enabled:
        storage = make_storage(settings.redis_url)
        stack.append(
            Middleware(RateLimit, limit=settings.rate_limit, storage=storage, exempt=PROBES)
        )
    return [
        *stack,
        # HEAD is GET without the body: everything further in sees GET.
        Middleware(HeadAsGet),
        # The request's dataset snapshot, leased until its response is sent.
        Middleware(DatasetSnapshot, exempt=NO_DATASET),
        # ETags, 304s, compression and the in-process response store.
        Middleware(HttpCache, settings=settings, exempt=OPERATIONAL),
        # At most DB_CONCURRENCY requests computed at once (cache hits never wait).
        Middleware(DatabaseGate, limit=settings.db_concurrency, exempt=OPERATIONAL),
        # `?version=` on a record's URL: an earlier release's stored document.
        Middleware(VersionPinning),
    ]


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or get_settings()
    app: FastAPI | None = None  # the metrics read the served version from it when scraped
    metrics = Metrics(lambda: _serving(app))

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        configure_logging(settings.log_level, settings.log_format)
        dataset = DatasetState(
            settings.database_url,
            settings.reload_poll_seconds,
            read_only=True,
            query_timeout_ms=settings.query_timeout_ms,
            on_error=metrics.database_error,
        )
        app.state.dataset = dataset
        # What exists now lives as long as the process: keep it out of the cyclic
        # collector's full passes, which otherwise stall every request in flight
        # (once per process: a test session builds many apps).
        if gc.get_freeze_count() == 0:
            gc.collect()
            gc.freeze()
        yield
        dataset.close()

    app = FastAPI(
        title="MSS Facts API",
        version="1",
        summary="Citable facts about the Multinational Security Support mission in Haiti.",
        lifespan=lifespan,
        # /docs and /redoc are served from vendored assets by app.api.pages, not a CDN.
        docs_url=None,
        redoc_url=None,
        middleware=middleware(settings, metrics),
    )
    app.state.settings = settings
    app.state.metrics = metrics
    install_error_handlers(app)
    install_redirects(app)
    include(app, meta.router)
    for router in v1.routers:
        include(app, router, v1.PREFIX)
    include(app, unversioned.router)
    include(app, metrics_router)
    install_openapi(app)
    install_pages(app)
    return app


def _serving(app: FastAPI | None) -> Snapshot | None:
    dataset: DatasetState | None = getattr(getattr(app, "state", None), "dataset", None)
    return dataset.current() if dataset is not None else None


app = create_app()
