"""Poll a server without pause while a load happens, and check what was seen.

Each /v1/dataset answer names its dataset version and, in the same body, the changed
source's publisher (in `sources` and in `attribution`): a response mixing two versions
would pair one version with the other's publisher. /v1/sources/{slug} carries the
publisher without a version; its ETag must never label two different bodies."""

import hashlib
import threading
import time
from collections import defaultdict
from dataclasses import dataclass, field

import httpx

from tests.production.servers import CHANGED_SOURCE, NEW_PUBLISHER, OLD_PUBLISHER, Server

PATHS = ("/v1/dataset", f"/v1/sources/{CHANGED_SOURCE}")


@dataclass(frozen=True)
class Seen:
    at: float
    path: str
    status: int
    version: str | None
    publisher: str | None
    attribution: str | None
    etag: str | None
    body: str


@dataclass
class Watcher:
    server: Server
    seen: list[Seen] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    _stop: threading.Event = field(default_factory=threading.Event)
    _thread: threading.Thread | None = None

    def start(self) -> "Watcher":
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stop.set()
        assert self._thread is not None
        self._thread.join(30)

    def _run(self) -> None:
        with httpx.Client(base_url=self.server.base, timeout=10) as http:
            while not self._stop.is_set():
                for path in PATHS:
                    try:
                        self.seen.append(observe(http, path))
                    except httpx.HTTPError as exc:
                        self.errors.append(f"{path}: {exc!r}")

    def first_version_at(self, version: str) -> float | None:
        """When (Unix time) an answer first named `version`."""
        return next((s.at for s in self.seen if s.path == PATHS[0] and s.version == version), None)


def observe(http: httpx.Client, path: str) -> Seen:
    response = http.get(path)
    at = time.time()  # wall clock: compared with the release's loaded_at
    data = response.json().get("data", {}) if response.status_code == 200 else {}
    version = attribution = publisher = None
    if path == PATHS[0]:
        version = data.get("version")
        attribution = data.get("attribution")
        publisher = next(
            (s["publisher"] for s in data.get("sources", []) if s["slug"] == CHANGED_SOURCE),
            None,
        )
    else:
        publisher = data.get("publisher")
    return Seen(
        at,
        path,
        response.status_code,
        version,
        publisher,
        attribution,
        response.headers.get("etag"),
        hashlib.sha256(response.content).hexdigest(),
    )


def check(watchers: list[Watcher], old: str, new: str) -> None:
    """Every answer is one whole version; a replica never goes back; an ETag is one body."""
    bodies_by_etag: dict[tuple[str, str], set[str]] = defaultdict(set)
    for watcher in watchers:
        assert not watcher.errors, watcher.errors[:3]
        assert watcher.seen, "no responses observed"
        switched: dict[str, bool] = {}
        for seen in watcher.seen:
            assert seen.status == 200, seen
            if seen.path == PATHS[0]:
                assert seen.version in (old, new), seen.version
                expected = NEW_PUBLISHER if seen.version == new else OLD_PUBLISHER
                assert seen.publisher == expected, f"version {seen.version} with {seen.publisher}"
                assert seen.attribution is not None
                assert (NEW_PUBLISHER in seen.attribution) == (seen.version == new)
                is_new = seen.version == new
            else:
                assert seen.publisher in (OLD_PUBLISHER, NEW_PUBLISHER)
                is_new = seen.publisher == NEW_PUBLISHER
            assert is_new or not switched.get(seen.path), f"{seen.path} went back to old"
            switched[seen.path] = switched.get(seen.path, False) or is_new
            if seen.etag is not None:
                bodies_by_etag[(seen.path, seen.etag)].add(seen.body)
        assert all(switched.values()), "the new version was never served"
    for (path, etag), bodies in bodies_by_etag.items():
        assert len(bodies) == 1, f"{path}: ETag {etag} labelled {len(bodies)} different bodies"
