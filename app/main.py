"""Application factory: `create_app(settings)` builds the API on the given database."""

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI

from app.config import Settings, get_settings
from app.db import make_engine


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or get_settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        engine = make_engine(settings.database_url)
        app.state.engine = engine
        yield
        engine.dispose()

    app = FastAPI(
        title="MSS Facts API",
        version="1",
        summary="Citable facts about the Multinational Security Support mission in Haiti.",
        lifespan=lifespan,
    )
    app.state.settings = settings
    return app
