"""Real servers for the production tests: `mss-facts serve` (or uvicorn on a test app)
in its own process on a free port, its log captured, stopped with SIGTERM."""

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx

from app.config import PROJECT_ROOT

BIN = Path(sys.executable).parent
CHANGED_SOURCE = "kenya-times-ruto-trump-haiti"
OLD_PUBLISHER = "The Kenya Times"
NEW_PUBLISHER = "The Kenya Times (corrected)"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class Server:
    process: subprocess.Popen[bytes]
    port: int
    log: Path

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def log_lines(self) -> list[str]:
        return self.log.read_text(encoding="utf-8", errors="replace").splitlines()

    def assert_clean_exit(self) -> None:
        """Exited after a graceful shutdown. uvicorn re-raises the SIGTERM it handled once
        it is done, so the status is that signal's (as a supervisor expects), or 0."""
        assert self.process.returncode in (0, -signal.SIGTERM), self.process.returncode
        assert any("Application shutdown complete" in line for line in self.log_lines())

    def stop(self, timeout: float = 20) -> int:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
        try:
            return self.process.wait(timeout)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(5)
            raise


def server_env(database_url: str, **settings: str) -> dict[str, str]:
    env = {**os.environ, "DATABASE_URL": database_url, "LOG_FORMAT": "json"}
    env.update({key.upper(): value for key, value in settings.items()})
    return env


@contextmanager
def serving(env: dict[str, str], log: Path, command: list[str] | None = None) -> Iterator[Server]:
    """Start a server and wait until /healthz answers; SIGTERM it afterwards."""
    port = free_port()
    argv = command or [str(BIN / "mss-facts"), "serve", "--port", str(port)]
    argv = [a.replace("{port}", str(port)) for a in argv]
    with log.open("wb") as out:
        process = subprocess.Popen(
            argv, env=env, cwd=PROJECT_ROOT, stdout=out, stderr=subprocess.STDOUT
        )
    server = Server(process, port, log)
    try:
        deadline = time.monotonic() + 30
        while True:
            if process.poll() is not None:
                raise AssertionError(f"server exited {process.returncode}: {log.read_text()}")
            try:
                if httpx.get(f"{server.base}/healthz", timeout=1).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if time.monotonic() > deadline:
                raise AssertionError(f"server did not start: {log.read_text()}")
            time.sleep(0.1)
        yield server
    finally:
        if process.poll() is None:
            server.stop()


def changed_data(tmp: Path) -> Path:
    """A copy of data/ with one source's publisher changed (a new dataset version)."""
    target = tmp / "data"
    shutil.copytree(PROJECT_ROOT / "data", target)
    sources = target / "sources.yaml"
    text = sources.read_text(encoding="utf-8")
    start = text.index(f"  - slug: {CHANGED_SOURCE}\n")
    old = f"    publisher: {OLD_PUBLISHER}\n"
    at = text.index(old, start)  # the changed source's own publisher line
    assert text.find("  - slug: ", start + 1) > at
    edited = text[:at] + f"    publisher: {NEW_PUBLISHER}\n" + text[at + len(old) :]
    sources.write_text(edited, encoding="utf-8")
    return target


def load_cli(database_url: str, data_dir: Path) -> str:
    """`mss-facts load DIR` as an operator runs it; returns its output line."""
    done = subprocess.run(
        [str(BIN / "mss-facts"), "load", str(data_dir)],
        env=server_env(database_url),
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()
