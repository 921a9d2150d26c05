"""Operating the service: request ids, the access log, Prometheus metrics, log format.

`app.main` puts `Observe` outermost in its middleware stack and includes
`metrics_router` (`/metrics`); `configure_logging(level, log_format)` runs when the app
starts.
"""

from app.observability.logs import configure_logging
from app.observability.metrics import Metrics, metrics_router
from app.observability.middleware import (
    REQUEST_ID_HEADER,
    Observe,
    RecordedRoute,
)

__all__ = [
    "REQUEST_ID_HEADER",
    "Metrics",
    "Observe",
    "RecordedRoute",
    "configure_logging",
    "metrics_router",
]
