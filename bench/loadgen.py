"""Drive a URL with N keep-alive connections for a while and report requests/s, p50, p99
and errors: with wrk when it is installed, else with a small asyncio HTTP/1.1 client
(slower than wrk, so its figures are lower bounds, but the same for every server).
"""

import asyncio
import re
import shutil
import statistics
import subprocess
import time
from dataclasses import dataclass
from urllib.parse import urlsplit


@dataclass(frozen=True)
class Result:
    rps: float
    p50_ms: float
    p99_ms: float
    errors: int
    requests: int
    statuses: str = ""  # e.g. "200" or "304"; what the server answered


def tool() -> str:
    return "wrk" if shutil.which("wrk") else "python"


def run(
    url: str, connections: int, seconds: float, headers: dict[str, str] | None = None
) -> Result:
    if tool() == "wrk":
        return _wrk(url, connections, seconds, headers or {})
    return asyncio.run(_python(url, connections, seconds, headers or {}))


# --- wrk ------------------------------------------------------------------------------

_UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0}


def _ms(text: str) -> float:
    m = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text)
    if not m:
        raise ValueError(f"unexpected wrk latency {text!r}")
    return float(m[1]) * _UNITS[m[2]]


def _wrk(url: str, connections: int, seconds: float, headers: dict[str, str]) -> Result:
    args = [
        "wrk",
        f"-t{min(2, connections)}",
        f"-c{connections}",
        f"-d{max(1, round(seconds))}s",
        "--latency",
    ]
    for name, value in headers.items():
        args += ["-H", f"{name}: {value}"]
    out = subprocess.run([*args, url], capture_output=True, text=True, check=True).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out)[1])  # type: ignore[index]
    p50 = _ms(re.search(r"^\s*50%\s+(\S+)", out, re.M)[1])  # type: ignore[index]
    p99 = _ms(re.search(r"^\s*99%\s+(\S+)", out, re.M)[1])  # type: ignore[index]
    requests = int(re.search(r"(\d+) requests in", out)[1])  # type: ignore[index]
    errors = 0
    if m := re.search(r"Non-2xx or 3xx responses: (\d+)", out):
        errors += int(m[1])
    if m := re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out):
        errors += sum(int(g) for g in m.groups())
    return Result(rps, p50, p99, errors, requests)


# --- the fallback ------------------------------------------------------------------------


async def _python(url: str, connections: int, seconds: float, headers: dict[str, str]) -> Result:
    parts = urlsplit(url)
    host, port = parts.hostname or "127.0.0.1", parts.port or 80
    target = parts.path + (f"?{parts.query}" if parts.query else "")
    lines = [f"GET {target} HTTP/1.1", f"Host: {parts.netloc}"]
    lines += [f"{k}: {v}" for k, v in headers.items()]
    request = ("\r\n".join(lines) + "\r\n\r\n").encode()
    latencies: list[float] = []
    errors = 0
    deadline = time.perf_counter() + seconds

    async def client() -> None:
        nonlocal errors
        reader, writer = await asyncio.open_connection(host, port)
        try:
            while time.perf_counter() < deadline:
                started = time.perf_counter()
                writer.write(request)
                head = await reader.readuntil(b"\r\n\r\n")
                status = int(head.split(b" ", 2)[1])
                length = re.search(rb"(?i)\r\ncontent-length:\s*(\d+)", head)
                if length:
                    await reader.readexactly(int(length[1]))
                latencies.append((time.perf_counter() - started) * 1000)
                if status >= 400:
                    errors += 1
        except (OSError, asyncio.IncompleteReadError):
            errors += 1
        finally:
            writer.close()

    started = time.perf_counter()
    await asyncio.gather(*(client() for _ in range(connections)))
    elapsed = time.perf_counter() - started
    if not latencies:
        return Result(0.0, 0.0, 0.0, errors, 0)
    cuts = statistics.quantiles(latencies, n=100) if len(latencies) > 1 else latencies * 99
    return Result(len(latencies) / elapsed, cuts[49], cuts[98], errors, len(latencies))
