"""Prometheus metrics, one registry per app (so two apps in one process never share one).

Requests are labelled by route template (`/v1/nations/{code}`), never by raw path, so the
number of series stays bounded whatever clients ask for. The dataset's version and load
time are read when scraped, from the snapshot the process serves.
"""

import time
from collections.abc import Callable, Iterator

from fastapi import APIRouter, Request
from prometheus_client import (
    CONTENT_TYPE_LATEST,
    CollectorRegistry,
    Counter,
    Gauge,
    Histogram,
    ProcessCollector,
    generate_latest,
)
from prometheus_client.metrics_core import GaugeMetricFamily, Metric
from prometheus_client.registry import Collector
from starlette.responses import Response

from app.dataset_state import Snapshot

# Latency buckets in seconds: most answers take a few milliseconds; a slow search or a
# cold cache sits in the tens of milliseconds; anything past a second is a problem.
_BUCKETS = (0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0)
_LABELS = ("method", "route", "status")


class _DatasetCollector(Collector):
    """The dataset version served and when it was loaded, read at scrape time."""

    def __init__(self, snapshot: Callable[[], Snapshot | None]) -> None:
        self._snapshot = snapshot

    def collect(self) -> Iterator[Metric]:
        info = GaugeMetricFamily(
            "mss_dataset_info",
            "The dataset version this process serves (value 1; none while no dataset).",
            labels=["version"],
        )
        loaded = GaugeMetricFamily(
            "mss_dataset_loaded_timestamp_seconds",
            "When the dataset this process serves was loaded (Unix time).",
        )
        snapshot = self._snapshot()
        if snapshot is not None and snapshot.version is not None:
            info.add_metric([snapshot.version], 1.0)
            if snapshot.loaded_at is not None:
                loaded.add_metric([], snapshot.loaded_at.timestamp())
        yield info
        yield loaded


class Metrics:
    """The app's metrics and the registry `/metrics` renders."""

    def __init__(self, snapshot: Callable[[], Snapshot | None]) -> None:
        self.registry = CollectorRegistry()
        self.requests = Counter(
            "mss_http_requests",
            "HTTP requests answered, by method, route template and status.",
            _LABELS,
            registry=self.registry,
        )
        self.duration = Histogram(
            "mss_http_request_duration_seconds",
            "Time to answer an HTTP request, by method, route template and status.",
            _LABELS,
            buckets=_BUCKETS,
            registry=self.registry,
        )
        self.in_flight = Gauge(
            "mss_http_requests_in_flight",
            "HTTP requests being answered now.",
            registry=self.registry,
        )
        self.database_errors = Counter(
            "mss_database_errors",
            "Errors raised by the database driver, by exception class.",
            ["error"],
            registry=self.registry,
        )
        self.started = Gauge(
            "mss_process_start_time_seconds",
            "When this process started serving (Unix time).",
            registry=self.registry,
        )
        self.started.set(time.time())
        ProcessCollector(registry=self.registry)
        self.registry.register(_DatasetCollector(snapshot))

    def observe(self, method: str, route: str, status: int, seconds: float) -> None:
        labels = (method, route, str(status))
        self.requests.labels(*labels).inc()
        self.duration.labels(*labels).observe(seconds)

    def database_error(self, error: str) -> None:
        self.database_errors.labels(error).inc()

    def render(self) -> bytes:
        return generate_latest(self.registry)


metrics_router = APIRouter()


@metrics_router.get("/metrics", include_in_schema=False)
def get_metrics(request: Request) -> Response:
    """Prometheus metrics in the text exposition format."""
    metrics: Metrics = request.app.state.metrics
    return Response(metrics.render(), media_type=CONTENT_TYPE_LATEST)
