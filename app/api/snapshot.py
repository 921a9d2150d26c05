"""The one place a request's dataset snapshot is chosen.

Pure-ASGI middleware: for every HTTP request except the `exempt` paths (those that never
read the dataset), it leases the current snapshot (`DatasetState.acquire`), puts it in
`scope["state"]["snapshot"]` for everything further in (the HTTP cache, `?version=`,
the routes' connection; the access log, outside it, reads the shared state) and
releases it once the response, a streamed body included, has been sent. An engine that
a reload replaced is disposed when its last lease ends, so the old SQLite file's
connections (and its disk space) go with it.
"""

import anyio.to_thread
from starlette.types import ASGIApp, Receive, Scope, Send

from app.dataset_state import DatasetState


class DatasetSnapshot:
    """Lease the request's snapshot for the whole request (see the module docstring)."""

    def __init__(self, app: ASGIApp, *, exempt: frozenset[str] = frozenset()) -> None:
        self.app = app
        self.exempt = exempt  # paths that never read the dataset

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["path"] in self.exempt:
            await self.app(scope, receive, send)
            return
        app = scope.get("app")
        dataset: DatasetState | None = getattr(getattr(app, "state", None), "dataset", None)
        if dataset is None:  # no lifespan ran: no dataset to lease
            await self.app(scope, receive, send)
            return
        # The hot path takes no thread: a stat() (SQLite) or a clock read (PostgreSQL).
        snapshot = dataset.acquire_nowait()
        if snapshot is None:
            snapshot = await anyio.to_thread.run_sync(dataset.acquire)
        try:
            # The route may re-label this with the version its transaction read; the
            # lease stays on `snapshot`, whose engine the re-labelled one shares.
            scope.setdefault("state", {})["snapshot"] = snapshot
            await self.app(scope, receive, send)
        finally:
            dataset.release(snapshot)
