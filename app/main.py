"""Application factory: `create_app(settings)` builds the API on the given database."""

import gc
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import Depends, FastAPI

from app.api import meta, v1
from app.api.hosts import AllowedHosts, TrustedHosts
from app.api.middleware import HeadAsGet
from app.api.openapi import install_openapi
from app.api.pages import install_pages
from app.api.pinning import install_pinning
from app.api.routing import summarise
from app.api.security import install_security
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
    record_route,
)
from app.ratelimit import install_rate_limit


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or get_settings()

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
        dependencies=[Depends(record_route)],
    )
    app.state.settings = settings
    metrics = Metrics(lambda: _serving(app))
    app.state.metrics = metrics
    install_error_handlers(app)
    app.include_router(summarise(meta.router))
    app.include_router(v1.router)
    app.include_router(metrics_router)
    install_openapi(app)
    install_pinning(app)
    install_pages(app)
    app.add_middleware(HeadAsGet)
    app.add_middleware(HttpCache, settings=settings)
    # Just outside the cache: each request leases its dataset snapshot until it ends.
    app.add_middleware(DatasetSnapshot)
    # Between the HTTP cache and request ids: the rate limit, the Host check (outside all
    # that builds links or cache keys), then security headers and CORS.
    install_rate_limit(app, settings)
    app.add_middleware(TrustedHosts, allowed=AllowedHosts.from_settings(settings))
    install_security(app)
    # Outermost, added last: every response gets a request id, a log line and metrics.
    app.add_middleware(Observe, metrics=metrics)
    return app


def _serving(app: FastAPI) -> Snapshot | None:
    dataset: DatasetState | None = getattr(app.state, "dataset", None)
    return dataset.current() if dataset is not None else None


app = create_app()
