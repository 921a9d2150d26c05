"""A bounded load test: many concurrent clients against a real server on 127.0.0.1, with a
data reload in the middle.

    python -m bench.loadtest                      # 64 clients for 60 s, own server
    python -m bench.loadtest --duration 10        # the short form CI runs
    python -m bench.loadtest --base-url http://127.0.0.1:8000 --no-reload

Without --base-url it loads data/ into a temporary SQLite file, starts `mss-facts serve`
on a free port (rate limit off: one client address is not many users), and halfway
through runs `mss-facts load` on a changed copy of data/, which swaps the file under the
running server. The clients mix lists, filtered lists, searches, single records and bad
requests. It prints the request count, statuses, errors, 5xx, transport errors and the
p50/p99 latency, and exits 1 on any 5xx, transport error or unexpected status (a good
request not 200, a bad one not its 4xx).
"""

import argparse
import asyncio
import os
import random
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
CLI = [sys.executable, "-c", "from app.cli import main; main()"]

# (weight, path, expected status)
MIX: list[tuple[int, str, int]] = [
    (20, "/v1/contingents", 200),
    (10, "/v1/officials?limit=20", 200),
    (10, "/v1/contingents?nation=KE&status=arrived", 200),
    (8, "/v1/contingents?personnel__gte=200&sort=-personnel&fields=slug,personnel", 200),
    (8, "/v1/events?date__overlaps=2025&sort=-date", 200),
    (10, "/v1/search?q=ruto", 200),
    (6, "/v1/search?q=kenya+police&kind=contingents,quotes", 200),
    (8, "/v1/officials/william-ruto", 200),
    (6, "/v1/nations/KE", 200),
    (4, "/v1/contingents?format=csv", 200),
    (3, "/v1/contingents?limit=0", 422),
    (3, "/v1/contingents?bogus=1", 400),
    (2, "/v1/contingents/no-such-contingent", 404),
    (2, "/v1/search?q=" + "x" * 201, 422),
]


@dataclass
class Tally:
    latencies: list[float] = field(default_factory=list)
    statuses: Counter[int] = field(default_factory=Counter)
    unexpected: Counter[str] = field(default_factory=Counter)
    transport_errors: Counter[str] = field(default_factory=Counter)

    @property
    def requests(self) -> int:
        return len(self.latencies)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def _changed_copy(data_dir: Path, target: Path) -> Path:
    """data/ with one publisher renamed: a new dataset version to reload."""
    shutil.copytree(data_dir, target)
    sources = target / "sources.yaml"
    text = sources.read_text(encoding="utf-8")
    marker = "    publisher: "
    at = text.index(marker) + len(marker)
    end = text.index("\n", at)
    sources.write_text(text[:end] + " (reloaded)" + text[end:], encoding="utf-8")
    return target


def _run_cli(args: list[str], env: dict[str, str]) -> str:
    done = subprocess.run(
        CLI + args, env=env, cwd=ROOT, capture_output=True, text=True, timeout=300, check=False
    )
    if done.returncode != 0:
        raise SystemExit(f"mss-facts {' '.join(args)} failed: {done.stderr.strip()}")
    return done.stdout.strip()


@contextmanager
def own_server(workdir: Path) -> Iterator[tuple[str, dict[str, str]]]:
    """Load data/ into a SQLite file and serve it; yields (base URL, environment)."""
    port = _free_port()
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{workdir / 'mss-facts.db'}",
        "RATE_LIMIT_ENABLED": "false",
        "LOG_LEVEL": "WARNING",
    }
    _run_cli(["load", str(ROOT / "data")], env)
    log = (workdir / "server.log").open("wb")
    process = subprocess.Popen(
        [*CLI, "serve", "--host", "127.0.0.1", "--port", str(port)],
        env=env,
        cwd=ROOT,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            if process.poll() is not None:
                raise SystemExit(f"server exited: {(workdir / 'server.log').read_text()}")
            try:
                if httpx.get(f"{base}/readyz", timeout=1).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if time.monotonic() > deadline:
                raise SystemExit("server did not become ready in 30 s")
            time.sleep(0.1)
        yield base, env
    finally:
        process.terminate()
        try:
            process.wait(20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        log.close()


async def _client(
    http: httpx.AsyncClient, deadline: float, tally: Tally, rng: random.Random
) -> None:
    weights = [w for w, _, _ in MIX]
    while time.monotonic() < deadline:
        _, path, expected = rng.choices(MIX, weights)[0]
        started = time.perf_counter()
        try:
            response = await http.get(path)
        except httpx.TransportError as exc:
            tally.transport_errors[type(exc).__name__] += 1
            tally.latencies.append(time.perf_counter() - started)
            continue
        tally.latencies.append(time.perf_counter() - started)
        tally.statuses[response.status_code] += 1
        if response.status_code != expected:
            tally.unexpected[f"{path[:60]} -> {response.status_code}"] += 1


async def _reload_midway(
    delay: float, env: dict[str, str], data_dir: Path, base: str, done: dict[str, str]
) -> None:
    await asyncio.sleep(delay)
    started = time.perf_counter()
    output = await asyncio.to_thread(_run_cli, ["load", str(data_dir)], env)
    done["load"] = f"{output} ({time.perf_counter() - started:.1f} s)"
    async with httpx.AsyncClient(base_url=base, timeout=10) as http:
        done["served"] = (await http.get("/readyz")).json().get("dataset_version", "?")


async def run(
    base: str,
    duration: float,
    concurrency: int,
    reload: tuple[dict[str, str], Path] | None,
    seed: int,
) -> tuple[Tally, dict[str, str]]:
    tally, reloaded = Tally(), {}  # type: ignore[var-annotated]
    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)
    deadline = time.monotonic() + duration
    async with httpx.AsyncClient(base_url=base, timeout=10, limits=limits) as http:
        tasks = [
            _client(http, deadline, tally, random.Random(seed + n)) for n in range(concurrency)
        ]
        if reload is not None:
            env, data_dir = reload
            tasks.append(_reload_midway(duration / 2, env, data_dir, base, reloaded))
        await asyncio.gather(*tasks)
    return tally, reloaded


def _percentile(values: list[float], q: int) -> float:
    return statistics.quantiles(values, n=100, method="inclusive")[q - 1] if len(values) > 1 else 0


def report(tally: Tally, duration: float, concurrency: int, reloaded: dict[str, str]) -> bool:
    """Print the figures; True when the run had no 5xx, transport or unexpected answers."""
    server_errors = sum(n for status, n in tally.statuses.items() if status >= 500)
    transport = sum(tally.transport_errors.values())
    unexpected = sum(tally.unexpected.values())
    client_errors = sum(n for status, n in tally.statuses.items() if 400 <= status < 500)
    ms = [s * 1000 for s in tally.latencies]
    print(f"clients           {concurrency} for {duration:.0f} s")
    print(f"requests          {tally.requests} ({tally.requests / duration:.0f}/s)")
    print(f"statuses          {dict(sorted(tally.statuses.items()))}")
    print(f"4xx (bad input)   {client_errors}")
    print(f"5xx               {server_errors}")
    print(f"transport errors  {transport} {dict(tally.transport_errors) or ''}")
    print(f"unexpected        {unexpected} {dict(tally.unexpected.most_common(5)) or ''}")
    print(f"latency p50       {_percentile(ms, 50):.1f} ms")
    print(f"latency p99       {_percentile(ms, 99):.1f} ms")
    if reloaded:
        print(f"reload            {reloaded.get('load', 'did not finish')}")
        print(f"served after      {reloaded.get('served', '?')}")
    return server_errors == 0 and transport == 0 and unexpected == 0 and tally.requests > 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--duration", type=float, default=60.0, help="seconds (default 60)")
    parser.add_argument("--concurrency", type=int, default=64, help="clients (default 64)")
    parser.add_argument("--base-url", help="test this server instead of starting one")
    parser.add_argument("--no-reload", action="store_true", help="skip the reload midway")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    if not 1 <= args.concurrency <= 1024 or not 1 <= args.duration <= 3600:
        parser.error("concurrency must be 1 to 1024 and duration 1 to 3600 seconds")
    if args.base_url:
        tally, reloaded = asyncio.run(
            run(args.base_url, args.duration, args.concurrency, None, args.seed)
        )
        return 0 if report(tally, args.duration, args.concurrency, reloaded) else 1
    with tempfile.TemporaryDirectory(prefix="mss-loadtest-") as tmp:
        workdir = Path(tmp)
        with own_server(workdir) as (base, env):
            reload = None
            if not args.no_reload:
                reload = (env, _changed_copy(ROOT / "data", workdir / "data"))
            tally, reloaded = asyncio.run(
                run(base, args.duration, args.concurrency, reload, args.seed)
            )
        ok = report(tally, args.duration, args.concurrency, reloaded)
        if reload is not None and "served" not in reloaded:
            print("the reload did not finish during the run")
            ok = False
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
