"""A soak test: one `mss-facts serve` process through many reloads, while clients read.

    python -m bench.soak                          # SQLite, 200 loads
    python -m bench.soak --loads 20               # the short form CI runs
    python -m bench.soak --backend postgresql     # a fresh database on 127.0.0.1:5432

It loads data/ into a temporary SQLite file (or a new PostgreSQL database, dropped after),
starts `mss-facts serve` on 127.0.0.1, and runs `mss-facts load` N times, alternating
between data/ and a changed copy (one publisher renamed), while a few client threads read
at a steady rate. It prints, at the start (after a warm-up) and at the end, what the
server holds: open file descriptors, deleted files still open and the disk they pin, RSS,
and the size of the database directory (PostgreSQL: the server connections to the
database). Then the requests, the errors and the responses that mixed two versions: each
/v1/dataset body names its version, and the renamed publisher must be in it exactly when
that version is the changed copy's. Exits 1 on any error or mixed response, or if the
server still holds a deleted database file at the end.
"""

import argparse
import os
import re
import sys
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import httpx
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from bench.loadtest import _changed_copy, _run_cli
from bench.pgdb import temporary_database
from bench.servers import mss_facts

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_POSTGRES = "postgresql+psycopg://postgres@127.0.0.1:5432/test"
CHANGED_MARK = "(reloaded)"  # what _changed_copy appends to a publisher
PATHS = ("/v1/dataset", "/v1/sources", "/v1/contingents?limit=5")


def open_files(pid: int) -> list[str]:
    """What the process's file descriptors point at (a vanished descriptor is skipped)."""
    fd_dir = Path(f"/proc/{pid}/fd")
    targets = []
    for fd in os.listdir(fd_dir):
        try:
            targets.append(os.readlink(fd_dir / fd))
        except OSError:
            continue
    return targets


def deleted_files(pid: int) -> dict[str, int]:
    """Deleted files the process still holds open: descriptor target -> size in bytes."""
    held = {}
    fd_dir = Path(f"/proc/{pid}/fd")
    for fd in os.listdir(fd_dir):
        try:
            target = os.readlink(fd_dir / fd)
            if target.endswith(" (deleted)"):
                held[f"{fd} -> {target}"] = os.stat(fd_dir / fd).st_size
        except OSError:
            continue
    return held


def rss_kib(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


@dataclass
class Readers:
    """Client threads reading at a steady rate, each with its own connection."""

    base: str
    clients: int
    rate: float  # requests per second, per client
    deadline: float
    requests: int = 0
    errors: Counter[str] = field(default_factory=Counter)
    mixed: list[str] = field(default_factory=list)
    bodies: Counter[tuple[str, bool, bool]] = field(default_factory=Counter)
    _stop: threading.Event = field(default_factory=threading.Event)
    _threads: list[threading.Thread] = field(default_factory=list)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def start(self) -> "Readers":
        for n in range(self.clients):
            thread = threading.Thread(target=self._run, args=(n,), daemon=True)
            thread.start()
            self._threads.append(thread)
        return self

    def stop(self) -> None:
        self._stop.set()
        for thread in self._threads:
            thread.join(30)

    def _run(self, n: int) -> None:
        interval = 1 / self.rate
        with httpx.Client(base_url=self.base, timeout=10) as http:
            step = n
            while not self._stop.is_set() and time.monotonic() < self.deadline:
                started = time.monotonic()
                self._read(http, PATHS[step % len(PATHS)])
                step += 1
                self._stop.wait(max(0.0, interval - (time.monotonic() - started)))

    def _read(self, http: httpx.Client, path: str) -> None:
        try:
            response = http.get(path)
        except httpx.HTTPError as exc:
            with self._lock:
                self.requests += 1
                self.errors[f"{path}: {type(exc).__name__}"] += 1
            return
        with self._lock:
            self.requests += 1
            if response.status_code != 200:
                self.errors[f"{path}: {response.status_code}"] += 1
            elif path == PATHS[0]:
                data = response.json()["data"]
                publishers = [s.get("publisher") or "" for s in data["sources"]]
                changed = any(p.endswith(CHANGED_MARK) for p in publishers)
                cited = CHANGED_MARK in (data.get("attribution") or "")
                self.bodies[(data["version"], changed, cited)] += 1

    def check(self, changed_versions: set[str], all_versions: set[str]) -> None:
        """Count the /v1/dataset bodies whose publisher or attribution is another version's."""
        for (version, changed, cited), count in self.bodies.items():
            expected = version in changed_versions
            if version not in all_versions or changed != expected or cited != expected:
                self.mixed.append(f"{count} x version {version}: changed={changed} cited={cited}")


@dataclass
class Backend:
    url: str
    directory: Path | None  # SQLite: the database's directory
    count_connections: Callable[[], int] | None = None  # PostgreSQL: to the database


@contextmanager
def sqlite_backend(workdir: Path) -> Iterator[Backend]:
    directory = workdir / "db"
    directory.mkdir()
    yield Backend(f"sqlite:///{directory / 'mss-facts.db'}", directory)


@contextmanager
def postgres_backend(admin_url: str) -> Iterator[Backend]:
    with temporary_database(admin_url, "mss_soak") as url:
        name = make_url(url).database
        admin = create_engine(admin_url)

        def connections() -> int:
            with admin.connect() as conn:
                query = text("SELECT count(*) FROM pg_stat_activity WHERE datname = :name")
                return int(conn.execute(query, {"name": name}).scalar_one())

        try:
            yield Backend(url, None, connections)
        finally:
            admin.dispose()


def directory_bytes(directory: Path) -> int:
    return sum(p.stat().st_size for p in directory.iterdir() if p.is_file())


def figures(pid: int, backend: Backend) -> dict[str, str]:
    deleted = deleted_files(pid)
    out = {
        "open descriptors": str(len(open_files(pid))),
        "deleted files open": f"{len(deleted)} ({sum(deleted.values()) / 2**20:.1f} MiB)",
        "RSS": f"{rss_kib(pid) / 1024:.1f} MiB",
    }
    if backend.directory is not None:
        out["database directory"] = f"{directory_bytes(backend.directory) / 2**20:.1f} MiB"
    if backend.count_connections is not None:
        out["server connections"] = str(backend.count_connections())
    return out


def _version(output: str) -> str:
    """The version `mss-facts load` names ('loaded dataset V: ...' or 'dataset V is ...')."""
    match = re.search(r"dataset (\w+)", output)
    if match is None:
        raise SystemExit(f"unexpected load output: {output}")
    return match.group(1)


def soak(backend: Backend, workdir: Path, loads: int, clients: int, rate: float) -> bool:
    data = {False: ROOT / "data", True: _changed_copy(ROOT / "data", workdir / "changed")}
    env = {**os.environ, "DATABASE_URL": backend.url, "LOG_LEVEL": "WARNING"}
    versions = {_version(_run_cli(["load", str(data[False])], env)): False}
    server = mss_facts(backend.url, workdir)
    pid = server.proc.pid
    # Bounded: a load takes 1-2 s here; a stalled machine stops the readers anyway.
    readers = Readers(server.base, clients, rate, time.monotonic() + 60 + 30 * loads).start()
    try:
        time.sleep(2)  # warm-up: the pool holds its connections before the first figures
        start = figures(pid, backend)
        started = time.monotonic()
        for n in range(loads):
            changed = n % 2 == 0
            versions[_version(_run_cli(["load", str(data[changed])], env))] = changed
            if (n + 1) % 20 == 0:
                elapsed = time.monotonic() - started
                print(f"  {n + 1} loads, {elapsed:.0f} s", file=sys.stderr, flush=True)
        elapsed = time.monotonic() - started
        time.sleep(2)  # every reader has seen the last load
        readers.stop()
        time.sleep(0.5)
        end = figures(pid, backend)
        leaked = [f for f in deleted_files(pid) if "mss-facts.db" in f]
    finally:
        readers.stop()
        server.stop()
    readers.check({v for v, c in versions.items() if c}, set(versions))
    print(f"backend             {make_url(backend.url).get_backend_name()}")
    print(f"loads               {loads} in {elapsed:.0f} s ({elapsed / max(loads, 1):.2f} s each)")
    print(f"versions            {len(versions)} distinct")
    for name in start:
        print(f"{name:<20}{start[name]} at the start, {end[name]} at the end")
    errors = sum(readers.errors.values())
    print(f"requests            {readers.requests} ({clients} clients, {rate:g}/s each)")
    print(f"errors              {errors} {dict(readers.errors.most_common(5)) or ''}")
    print(f"mixed versions      {len(readers.mixed)} {readers.mixed[:3] or ''}")
    if leaked:
        print(f"held at the end     {len(leaked)} deleted database files, e.g. {leaked[0]}")
    return errors == 0 and not readers.mixed and readers.requests > 0 and not leaked


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--loads", type=int, default=200, help="reloads (default 200)")
    parser.add_argument("--backend", choices=("sqlite", "postgresql"), default="sqlite")
    parser.add_argument("--clients", type=int, default=4, help="reader threads (default 4)")
    parser.add_argument("--rate", type=float, default=20, help="requests/s per reader")
    parser.add_argument(
        "--postgres-url",
        default=os.environ.get("MSS_TEST_POSTGRES_URL", DEFAULT_POSTGRES),
        help="an existing database to create the soak's own database from",
    )
    args = parser.parse_args(argv)
    if not 1 <= args.loads <= 10_000 or not 1 <= args.clients <= 64 or not 0 < args.rate <= 500:
        parser.error("loads must be 1 to 10000, clients 1 to 64, rate 0 to 500")
    with tempfile.TemporaryDirectory(prefix="mss-soak-") as tmp:
        workdir = Path(tmp)
        if args.backend == "sqlite":
            chosen = sqlite_backend(workdir)
        else:
            chosen = postgres_backend(args.postgres_url)
        with chosen as backend:
            ok = soak(backend, workdir, args.loads, args.clients, args.rate)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
