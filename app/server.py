"""How uvicorn is run: the fastest event loop and HTTP parser this machine has."""

import importlib.util
from typing import Literal

Loop = Literal["uvloop", "asyncio"]
Http = Literal["httptools", "h11"]


def fast_io() -> tuple[Loop, Http]:
    """uvloop and httptools when they are installed (they are, with uvicorn[standard]),
    else the pure-Python defaults; chosen explicitly either way."""
    has = importlib.util.find_spec
    loop: Loop = "uvloop" if has("uvloop") is not None else "asyncio"
    http: Http = "httptools" if has("httptools") is not None else "h11"
    return loop, http
