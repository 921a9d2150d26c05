"""The real app plus one slow route, to hold a request in flight across a SIGTERM."""

import asyncio

from fastapi import FastAPI

from app.main import create_app as create_real_app

SLOW_SECONDS = 3.0


def create_app() -> FastAPI:
    app = create_real_app()

    @app.get("/test-slow")
    async def slow() -> dict[str, bool]:
        await asyncio.sleep(SLOW_SECONDS)
        return {"finished": True}

    return app
