"""The framework ceiling: bare Starlette on uvicorn (httptools, uvloop) answering every
GET with the same precomputed bytes, read once from the file named by BENCH_BODY.

    BENCH_BODY=body.json uvicorn bench.ceiling:app --http httptools --loop uvloop
"""

import os
from pathlib import Path

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

BODY = Path(os.environ.get("BENCH_BODY", "")).read_bytes() if os.environ.get("BENCH_BODY") else b""


async def precomputed(_request: Request) -> Response:
    return Response(BODY, media_type="application/json")


app = Starlette(routes=[Route("/{path:path}", precomputed)])
