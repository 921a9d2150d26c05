"""A loader killed at any point loses nothing: `mss-facts load` is SIGKILLed at seeded
random points in every phase, into SQLite and into PostgreSQL, while `mss-facts serve`
serves the same database and is polled without pause.

The kill points: a calibration load times each phase from its plain progress lines
(`load: rows 0.12 s`, printed when stderr is not a terminal); each killed load waits for
the line that ends the phase before its target (the target has begun), then a seeded
fraction of the target's calibrated time. After each kill: the server answered every
request with one version or the other, whole; no process of the loader is left; the
next load succeeds and is served; and beside the SQLite file there is nothing but the
file. The seed is printed; `MSS_KILL_SEED=<seed>` replays the same plan (the same phases
and fractions, on this machine's timings)."""

import os
import random
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import pytest

from app.db import sqlite_path
from app.loader.load import load
from app.loader.validate import dataset_version
from bench import synth
from tests.loader import phases
from tests.loader.conftest import neighbours
from tests.production.servers import BIN, server_env, serving

KILLS = 10  # per backend; every phase is aimed at at least once
SIZES = {"officials": 50, "contingents": 250, "quotes": 200}
SOURCE = synth.STORED_SLUG
OLD, NEW = "Bench Wire", "Bench Wire (corrected)"
SEED = int(os.environ.get("MSS_KILL_SEED") or random.SystemRandom().randrange(2**32))
PAUSE = 0.01  # seconds between two rounds of requests
# Only bounds a stalled machine: a load of this size takes seconds.
LOAD_TIMEOUT = 120.0


@dataclass(frozen=True)
class Versions:
    """Two versions of one synthetic dataset: `OLD` or `NEW` as one source's publisher."""

    dirs: dict[str, Path]
    ids: dict[str, str]

    def publisher(self, version: str) -> str:
        return NEW if version == self.ids["b"] else OLD


@pytest.fixture(scope="module")
def versions(tmp_path_factory: pytest.TempPathFactory) -> Versions:
    root = tmp_path_factory.mktemp("kill-data")
    a, b = root / "a", root / "b"
    synth.generate(a, seed=7, **SIZES)
    shutil.copytree(a, b)
    sources = b / "sources.yaml"
    text = sources.read_text(encoding="utf-8")
    assert text.count(f"    publisher: {OLD}\n") == 1
    sources.write_text(text.replace(f"publisher: {OLD}\n", f"publisher: {NEW}\n"), "utf-8")
    dirs = {"a": a, "b": b}
    return Versions(dirs, {name: dataset_version(path) for name, path in dirs.items()})


# --- The server, polled without pause ------------------------------------------------------


@dataclass(frozen=True)
class Answer:
    path: str
    status: int
    version: str | None
    publisher: str | None
    attribution: str | None


def _answer(http: httpx.Client, path: str) -> Answer:
    response = http.get(path)
    data = response.json().get("data", {}) if response.status_code == 200 else {}
    if path == "/v1/dataset":
        publisher = next(
            (s["publisher"] for s in data.get("sources", []) if s["slug"] == SOURCE), None
        )
        return Answer(
            path, response.status_code, data.get("version"), publisher, data.get("attribution")
        )
    return Answer(path, response.status_code, None, data.get("publisher"), None)


@dataclass
class Poller:
    base: str
    answers: list[Answer] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    _stop: threading.Event = field(default_factory=threading.Event)

    @contextmanager
    def running(self) -> Iterator["Poller"]:
        thread = threading.Thread(target=self._poll, daemon=True)
        thread.start()
        try:
            yield self
        finally:
            self._stop.set()
            thread.join(30)

    def _poll(self) -> None:
        with httpx.Client(base_url=self.base, timeout=10) as http:
            while not self._stop.is_set():
                for path in ("/v1/dataset", f"/v1/sources/{SOURCE}"):
                    try:
                        self.answers.append(_answer(http, path))
                    except httpx.HTTPError as exc:
                        self.errors.append(f"{path}: {exc!r}")
                # A breath between rounds leaves the loader most of the second core.
                self._stop.wait(PAUSE)

    def check(self, versions: Versions) -> None:
        """Every answer was one version or the other, whole."""
        assert not self.errors, self.errors[:3]
        ids = set(versions.ids.values())
        for answer in self.answers:
            assert answer.status == 200, answer
            assert answer.publisher in (OLD, NEW), answer
            if answer.version is not None:
                assert answer.version in ids, answer
                assert answer.publisher == versions.publisher(answer.version), answer
                assert answer.attribution is not None
                assert (NEW in answer.attribution) == (answer.publisher == NEW), answer
        served = {a.version for a in self.answers if a.version is not None}
        assert served == ids, f"served {served}, expected both of {ids}"


# --- A loader to kill ------------------------------------------------------------------

CONSOLE = (str(BIN / "mss-facts"),)
# As if the dataset were large: a SQLite load builds its CSV dump in a worker process.
PARALLEL = (
    sys.executable,
    "-c",
    "from app.loader import load; load.PARALLEL_FROM = 0; from app.cli import main; main()",
)


@dataclass
class Loader:
    """`mss-facts load DIR` in its own session, its stderr read line by line as it comes."""

    process: subprocess.Popen[str]
    started: float
    lines: list[tuple[float, str]] = field(default_factory=list)
    _changed: threading.Condition = field(default_factory=threading.Condition)
    _reader: threading.Thread | None = None

    @classmethod
    def start(
        cls, url: str, data_dir: Path, scratch: Path, command: tuple[str, ...] = CONSOLE
    ) -> "Loader":
        process = subprocess.Popen(
            [*command, "load", str(data_dir)],
            env={**server_env(url), "TMPDIR": str(scratch)},
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
            start_new_session=True,  # its group is its own: anything it leaves can be found
        )
        loader = cls(process, time.monotonic())
        loader._reader = threading.Thread(target=loader._read, daemon=True)
        loader._reader.start()
        return loader

    def _read(self) -> None:
        assert self.process.stderr is not None
        for line in self.process.stderr:
            with self._changed:
                self.lines.append((time.monotonic(), line.rstrip("\n")))
                self._changed.notify_all()
        with self._changed:
            self._changed.notify_all()

    def reported(self) -> list[tuple[float, str, float]]:
        """(when, phase, seconds) of each phase reported so far."""
        with self._changed:
            return [(at, *parsed) for at, line in self.lines if (parsed := phases.parse(line))]

    def wait_for(self, phase: str) -> bool:
        """Wait until `phase` is reported; False if the loader exited first."""
        deadline = time.monotonic() + LOAD_TIMEOUT
        with self._changed:
            while not any(p == phase for _, p, _ in self.reported()):
                if self.process.poll() is not None and not self._reader_alive():
                    return False
                assert time.monotonic() < deadline, f"no {phase!r} line: {self.lines}"
                self._changed.wait(0.05)
            return True

    def _reader_alive(self) -> bool:
        return self._reader is not None and self._reader.is_alive()

    def finish(self) -> int:
        status = self.process.wait(LOAD_TIMEOUT)
        assert self._reader is not None
        self._reader.join(10)
        return status

    def leftover_processes(self) -> bool:
        """Whether any process of the loader's group is still running (and if so, end them:
        the group is this test's own)."""
        if not _group_alive(self.process.pid):
            return False
        os.killpg(self.process.pid, signal.SIGKILL)
        return True


@dataclass
class Timing:
    """A calibration load's phase times, and when validate began after the loader was
    started (the interpreter's start varies most: every load that got past validate
    adds a sample)."""

    seconds: dict[str, float]
    starts: list[float] = field(default_factory=list)

    @property
    def validate_from(self) -> float:
        return statistics.median(self.starts)

    def note(self, loader: Loader) -> None:
        reported = loader.reported()
        if reported and reported[0][1] == "validate":
            at, _, seconds = reported[0]
            self.starts.append(at - loader.started - seconds)


def _calibrate(url: str, data_dir: Path, scratch: Path, expected: tuple[str, ...]) -> Timing:
    loader = Loader.start(url, data_dir, scratch)
    assert loader.finish() == 0, loader.lines
    reported = loader.reported()
    assert [phase for _, phase, _ in reported] == list(expected), loader.lines
    timing = Timing({phase: seconds for _, phase, seconds in reported})
    timing.note(loader)
    return timing


@dataclass(frozen=True)
class Kill:
    aim: str  # the phase aimed at
    fraction: float  # of the phase's calibrated time, after it began
    landed: str = ""  # the phase it was running in (from the lines it printed)
    delay: float = 0.0

    def __str__(self) -> str:
        where = f"landed in {self.landed}" if self.landed else ""
        return f"{self.aim} +{self.delay * 1000:.0f} ms ({self.fraction:.2f}) {where}".rstrip()


def _plan(rng: random.Random, names: tuple[str, ...]) -> list[Kill]:
    """Every phase once, in a random order, then random phases up to KILLS."""
    aims = rng.sample(names, len(names))
    aims += [rng.choice(names) for _ in range(KILLS - len(aims))]
    return [Kill(aim, rng.random()) for aim in aims]


def _kill_during(loader: Loader, kill: Kill, timing: Timing, names: tuple[str, ...]) -> Kill:
    """SIGKILL the loader `kill.fraction` of the way through phase `kill.aim`."""
    delay = kill.fraction * timing.seconds[kill.aim]
    index = names.index(kill.aim)
    if index == 0:
        time.sleep(max(0.0, loader.started + timing.validate_from + delay - time.monotonic()))
    elif loader.wait_for(names[index - 1]):
        time.sleep(delay)
    loader.process.send_signal(signal.SIGKILL)
    status = loader.finish()
    done = [phase for _, phase, _ in loader.reported()]
    # The lines it printed before it died are all read by now: it was in the next phase.
    if status == 0:
        landed = "none (it had finished)"
    else:
        landed = names[len(done)] if len(done) < len(names) else "exit, after commit"
    timing.note(loader)
    return Kill(kill.aim, kill.fraction, landed, delay)


def _served(base: str, version: str) -> None:
    """Wait until the server answers with `version` (it follows a load within seconds)."""
    deadline = time.monotonic() + 15
    while True:
        got = httpx.get(f"{base}/v1/dataset", timeout=10).json()["data"]["version"]
        if got == version:
            return
        assert time.monotonic() < deadline, f"still serving {got}, not {version}"
        time.sleep(0.05)


@pytest.fixture
def scratch(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The temporary directory of the loaders, killed or not (SQLite dumps are built in
    it), this process's included."""
    path = tmp_path_factory.mktemp("kill-tmp")
    monkeypatch.setattr(tempfile, "tempdir", str(path))
    return path


def test_a_loader_killed_anywhere_loses_nothing(
    empty_db_url: str, versions: Versions, scratch: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    url = empty_db_url
    live = sqlite_path(url)
    names = phases.SQLITE if live is not None else phases.POSTGRES
    rng = random.Random(SEED)
    plan = _plan(rng, names)
    print(f"\nMSS_KILL_SEED={SEED} ({'SQLite' if live else 'PostgreSQL'})")
    started = time.monotonic()

    load(versions.dirs["a"], url)
    env = server_env(url, reload_poll_seconds="0.5")
    logs = tmp_path_factory.mktemp("kill-logs")
    with serving(env, logs / "server.log") as server, Poller(server.base).running() as poller:
        timing = _calibrate(url, versions.dirs["b"], scratch, names)
        current = "b"
        done: list[Kill] = []
        for n, kill in enumerate(plan):
            target = "a" if current == "b" else "b"
            loader = Loader.start(url, versions.dirs[target], scratch)
            done.append(_kill_during(loader, kill, timing, names))
            context = f"seed {SEED}, kill {n + 1}: {done[-1]}"
            assert loader.process.returncode in (-signal.SIGKILL, 0), (context, loader.lines)
            assert not loader.leftover_processes(), f"{context}: a process outlived the loader"

            result = load(versions.dirs[target], url)

            assert result.version == versions.ids[target], context
            if live is not None:
                assert neighbours(live) == {live.name}, context
            assert list(scratch.iterdir()) == [], context
            _served(server.base, versions.ids[target])
            current = target
    poller.check(versions)

    print(
        f"calibration: validate from +{timing.validate_from:.2f} s; "
        + ", ".join(f"{phase} {seconds:.2f} s" for phase, seconds in timing.seconds.items())
    )
    for n, kill in enumerate(done):
        print(f"kill {n + 1:2}: {kill}")
    landed = {kill.landed for kill in done} & set(names)
    print(
        f"{len(done)} kills landed in {len(landed)} of {len(names)} phases; "
        f"{len(poller.answers)} answers, all whole; {time.monotonic() - started:.1f} s"
    )


def test_a_loader_killed_beside_its_csv_worker_leaves_no_process_and_no_file(
    fresh_sqlite_url: str, versions: Versions, scratch: Path
) -> None:
    live = sqlite_path(fresh_sqlite_url)
    assert live is not None
    load(versions.dirs["a"], fresh_sqlite_url)
    loader = Loader.start(fresh_sqlite_url, versions.dirs["b"], scratch, PARALLEL)
    # The CSV worker is started as the snapshots phase begins: kill the loader once the
    # worker is reading the build file.
    assert loader.wait_for("search index"), loader.lines
    build = live.parent / f".{live.name}.{loader.process.pid}.building"
    deadline = time.monotonic() + LOAD_TIMEOUT
    while not _opened_by_another(loader.process.pid, build):
        assert loader.process.poll() is None, loader.lines
        assert time.monotonic() < deadline, "the CSV worker never opened the build file"
        time.sleep(0.01)
    loader.process.send_signal(signal.SIGKILL)
    assert loader.finish() == -signal.SIGKILL

    # Orphaned, the worker (and multiprocessing's resource tracker with it) exits, before
    # it writes its CSV beside the live file.
    deadline = time.monotonic() + 30
    while _group_alive(loader.process.pid) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not loader.leftover_processes(), "the CSV worker outlived the loader"
    assert neighbours(live) == {live.name, f".{live.name}.{loader.process.pid}.building"}

    assert load(versions.dirs["b"], fresh_sqlite_url).changed
    assert neighbours(live) == {live.name}
    assert list(scratch.iterdir()) == []


def test_a_sidecar_of_a_killed_loader_is_removed_without_its_build_file(
    tmp_path: Path, versions: Versions
) -> None:
    dead = subprocess.Popen(["true"])
    dead.wait()
    live = tmp_path / "mss-facts.db"
    stray = tmp_path / f".{live.name}.{dead.pid}.building-csv.zip"
    stray.write_bytes(b"PK")

    load(versions.dirs["a"], f"sqlite:///{live}")

    assert neighbours(live) == {live.name}


def _group_alive(pgid: int) -> bool:
    try:
        os.killpg(pgid, 0)
    except ProcessLookupError:
        return False
    return True


def _opened_by_another(pgid: int, path: Path) -> bool:
    """Whether a process of group `pgid` other than its leader has `path` open (Linux)."""
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            pid, group = int(stat.parent.name), int(stat.read_text().rsplit(")", 1)[1].split()[2])
            if group != pgid or pid == pgid:
                continue
            if any(os.readlink(fd) == str(path) for fd in (stat.parent / "fd").iterdir()):
                return True
        except (OSError, ValueError, IndexError):
            continue  # gone meanwhile
    return False
