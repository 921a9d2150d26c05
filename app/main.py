"""Application factory: `create_app(settings)` builds the API on the given database."""

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI

from app.api import meta, v1
from app.api.middleware import HeadAsGet
from app.api.openapi import install_openapi
from app.api.routing import summarise
from app.config import Settings, get_settings
from app.dataset_state import DatasetState
from app.errors import install_error_handlers


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or get_settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        dataset = DatasetState(settings.database_url)
        app.state.dataset = dataset
        yield
        dataset.close()

    app = FastAPI(
        title="MSS Facts API",
        version="1",
        summary="Citable facts about the Multinational Security Support mission in Haiti.",
        lifespan=lifespan,
    )
    app.state.settings = settings
    install_error_handlers(app)
    app.include_router(summarise(meta.router))
    app.include_router(v1.router)
    install_openapi(app)
    app.add_middleware(HeadAsGet)
    return app


app = create_app()
