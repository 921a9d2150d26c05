"""In-process timings of uncached requests: the whole ASGI app (middleware, routing,
dependencies, queries, encoding) called directly, without HTTP or a network, with the
response cache off so that every request is computed.

    .venv/bin/python -m bench.inprocess                       # on data/, loaded afresh
    .venv/bin/python -m bench.inprocess --database-url sqlite:///var/bench/large.db

It prints, per case, the median and 90th percentile of the wall time over `--repeat`
requests after a warm-up, the process's CPU time per request (every thread's; it is the
figure to read on a busy machine), and the body size.
"""

import argparse
import asyncio
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any

from app.config import PROJECT_ROOT, Settings
from app.loader.load import load
from app.main import create_app

CASES = [
    ("health check (no database)", "/healthz", ""),
    ("one contingent", "/v1/contingents/{contingent}", ""),
    ("list of 50 contingents", "/v1/contingents", "limit=50"),
    ("list of 50, fields=slug", "/v1/contingents", "limit=50&fields=slug"),
    ("list of 50, include=nation", "/v1/contingents", "limit=50&include=nation"),
    ("one official", "/v1/officials/{official}", ""),
    ("the mission", "/v1/mission", ""),
]


async def _call(app: Any, path: str, query: str) -> tuple[int, bytes]:
    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "GET",
        "scheme": "http",
        "path": path,
        "raw_path": path.encode(),
        "root_path": "",
        "query_string": query.encode(),
        "headers": [(b"host", b"127.0.0.1:8000"), (b"accept", b"application/json")],
        "client": ("127.0.0.1", 50000),
        "server": ("127.0.0.1", 8000),
        "state": {},
    }
    status = 0
    chunks: list[bytes] = []

    async def receive() -> dict[str, Any]:
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message: dict[str, Any]) -> None:
        nonlocal status
        if message["type"] == "http.response.start":
            status = message["status"]
        elif message["type"] == "http.response.body":
            chunks.append(message.get("body", b""))

    await app(scope, receive, send)
    return status, b"".join(chunks)


async def _lifespan(app: Any) -> asyncio.Queue[dict[str, Any]]:
    inbox: asyncio.Queue[dict[str, Any]] = asyncio.Queue()
    outbox: asyncio.Queue[dict[str, Any]] = asyncio.Queue()
    await inbox.put({"type": "lifespan.startup"})

    async def receive() -> dict[str, Any]:
        return await inbox.get()

    async def send(message: dict[str, Any]) -> None:
        await outbox.put(message)

    asyncio.get_running_loop().create_task(app({"type": "lifespan"}, receive, send))
    started = await outbox.get()
    assert started["type"] == "lifespan.startup.complete", started
    return inbox


async def run(url: str, repeat: int) -> None:
    settings = Settings(
        database_url=url,
        response_cache_bytes=0,
        rate_limit_enabled=False,
        log_level="WARNING",
    )
    app = create_app(settings)
    inbox = await _lifespan(app)
    _, body = await _call(app, "/v1/contingents", "limit=1&fields=slug")
    contingent = body.split(b'"slug":"', 1)[1].split(b'"', 1)[0].decode()
    _, body = await _call(app, "/v1/officials", "limit=1&fields=slug")
    official = body.split(b'"slug":"', 1)[1].split(b'"', 1)[0].decode()
    print(f"{'case':<30} {'p50 ms':>8} {'p90 ms':>8} {'cpu ms':>8} {'bytes':>8}")
    for name, template, query in CASES:
        path = template.format(contingent=contingent, official=official)
        for _ in range(max(10, repeat // 10)):
            await _call(app, path, query)
        times = []
        size = 0
        cpu = time.process_time()
        for _ in range(repeat):
            started = time.perf_counter()
            status, body = await _call(app, path, query)
            times.append(time.perf_counter() - started)
            assert status == 200, (path, status, body[:200])
            size = len(body)
        cpu_ms = (time.process_time() - cpu) / repeat * 1000
        times.sort()
        p50 = statistics.median(times) * 1000
        p90 = times[int(len(times) * 0.9)] * 1000
        print(f"{name:<30} {p50:>8.3f} {p90:>8.3f} {cpu_ms:>8.3f} {size:>8}")
    await inbox.put({"type": "lifespan.shutdown"})


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", help="a loaded database (default: load data/)")
    parser.add_argument("--repeat", type=int, default=500)
    args = parser.parse_args()
    if args.database_url:
        asyncio.run(run(args.database_url, args.repeat))
        return
    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite:///{Path(tmp) / 'mss-facts.db'}"
        load(PROJECT_ROOT / "data", url)
        asyncio.run(run(url, args.repeat))


if __name__ == "__main__":
    main()
