"""Start the servers the benchmark compares, each one process on its own port, and read
their peak memory from /proc."""

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent


@dataclass
class Server:
    name: str
    base: str
    proc: subprocess.Popen[bytes]
    log: Path

    def peak_rss_mib(self) -> float | None:
        """The process's peak resident memory (VmHWM), or None off Linux."""
        return memory_mib(self.proc.pid, "VmHWM")

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()


def memory_mib(pid: int, field: str) -> float | None:
    """A memory figure of process `pid` from /proc (`VmRSS`, `VmHWM`, ...) in MiB, or
    None if there is none to read (another OS, or the process is gone)."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return None
    for line in status.splitlines():
        if line.startswith(f"{field}:"):
            return int(line.split()[1]) / 1024
    return None


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


def _start(name: str, args: list[str], env: dict[str, str], port: int, logs: Path) -> Server:
    log = logs / f"{name}.log"
    with log.open("wb") as out:
        proc = subprocess.Popen(
            args, env={**os.environ, **env}, cwd=REPO_ROOT, stdout=out, stderr=subprocess.STDOUT
        )
    server = Server(name, f"http://127.0.0.1:{port}", proc, log)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit(f"{name} exited {proc.returncode}; see {log}")
        try:
            urllib.request.urlopen(server.base + "/", timeout=2).close()
            return server
        except urllib.error.HTTPError:
            return server  # it answers
        except OSError:
            time.sleep(0.2)
    server.stop()
    raise SystemExit(f"{name} did not answer within 120 s; see {log}")


def mss_facts(db: Path | str, logs: Path, *, cache: bool = True) -> Server:
    """This service, one worker, rate limit off, access log off (WARNING level), on a
    SQLite file or a database URL."""
    port = free_port()
    env = {
        "DATABASE_URL": db if isinstance(db, str) else f"sqlite:///{db}",
        "RATE_LIMIT_ENABLED": "false",
        "LOG_LEVEL": "WARNING",
        "WEB_CONCURRENCY": "1",
    }
    if not cache:
        env["RESPONSE_CACHE_BYTES"] = "0"
    args = [str(BIN / "mss-facts"), "serve", "--host", "127.0.0.1", "--port", str(port)]
    return _start("mss-facts" if cache else "mss-facts-nocache", args, env, port, logs)


def datasette(db: Path, logs: Path) -> Server:
    """Datasette on the same file, immutable (its fastest mode), 50 rows a page like ours."""
    port = free_port()
    args = [str(BIN / "datasette"), "serve", "-i", str(db), "-h", "127.0.0.1", "-p", str(port)]
    args += ["--setting", "default_page_size", "50"]
    return _start("datasette", args, {}, port, logs)


def ceiling(body: Path, logs: Path) -> Server:
    """Bare Starlette answering every GET with `body`'s bytes."""
    port = free_port()
    args = [sys.executable, "-m", "uvicorn", "bench.ceiling:app", "--host", "127.0.0.1"]
    args += ["--port", str(port), "--http", "httptools", "--loop", "uvloop"]
    args += ["--no-access-log", "--log-level", "warning"]
    return _start("ceiling", args, {"BENCH_BODY": str(body)}, port, logs)
