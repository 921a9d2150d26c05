"""Log format: one JSON object per line for machines, a short line for people.

`auto` picks text when stderr is a terminal and JSON otherwise (a container, a service
manager, a pipe). The handler goes on the `app` logger (and on uvicorn's, when uvicorn
configured them), so the service's own lines share one format.
"""

import datetime as dt
import logging
import sys
from typing import IO, Any

import orjson

_HANDLER_NAME = "mss-facts"
# Attributes every LogRecord has; anything else came through `extra`.
# (uvicorn adds `color_message`, a copy of the message with terminal colours.)
_STANDARD = frozenset(vars(logging.makeLogRecord({}))) | {"message", "asctime", "color_message"}


class JsonFormatter(logging.Formatter):
    """`{"time", "level", "logger", "message", ...fields}` on one line."""

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "time": dt.datetime.fromtimestamp(record.created, dt.UTC)
            .isoformat(timespec="milliseconds")
            .replace("+00:00", "Z"),
            "level": record.levelname.lower(),
            "logger": record.name,
            "message": record.getMessage(),
        }
        fields = getattr(record, "fields", None)
        if isinstance(fields, dict):
            entry.update(fields)
        for key, value in vars(record).items():
            if key not in _STANDARD and key != "fields" and key not in entry:
                entry[key] = value
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return orjson.dumps(entry, default=str).decode()


class TextFormatter(logging.Formatter):
    """`08:12:01 INFO  app.access GET /v1/nations/ke 200 3.1ms [request id]`."""

    def __init__(self) -> None:
        super().__init__("%(asctime)s %(levelname)-5s %(name)s %(message)s", "%H:%M:%S")

    def format(self, record: logging.LogRecord) -> str:
        line = super().format(record)
        fields = getattr(record, "fields", None)
        if isinstance(fields, dict) and fields.get("request_id"):
            line = f"{line} [{fields['request_id']}]"
        return line


class _StderrHandler(logging.StreamHandler):  # type: ignore[type-arg]
    """Writes to whatever sys.stderr is when a line is logged (test runners swap it)."""

    def __init__(self) -> None:
        super().__init__()

    @property
    def stream(self) -> IO[str]:
        return sys.stderr

    @stream.setter
    def stream(self, _value: IO[str]) -> None:
        pass


def make_formatter(log_format: str, stream: IO[str]) -> logging.Formatter:
    as_json = log_format == "json" or (log_format == "auto" and not stream.isatty())
    return JsonFormatter() if as_json else TextFormatter()


def stderr_formatter(log_format: str) -> logging.Formatter:
    """The formatter for stderr as it is now (a `logging.config` factory)."""
    return make_formatter(log_format, sys.stderr)


def uvicorn_log_config(level: str, log_format: str) -> dict[str, Any]:
    """uvicorn's own logging in our format from its first line (the supervisor of several
    workers included); its access log is off, replaced by ours."""
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {"ours": {"()": f"{__name__}.stderr_formatter", "log_format": log_format}},
        "handlers": {
            "stderr": {"class": f"{__name__}._StderrHandler", "formatter": "ours"},
        },
        "loggers": {
            "uvicorn": {"handlers": ["stderr"], "level": level.upper(), "propagate": False},
            "uvicorn.access": {"handlers": [], "propagate": False},
        },
    }


def configure_logging(level: str, log_format: str) -> None:
    """Install the one handler (replacing an earlier one, so calling again is harmless)."""
    handler = _StderrHandler()
    handler.set_name(_HANDLER_NAME)
    handler.setFormatter(make_formatter(log_format, sys.stderr))
    targets = [logging.getLogger("app")]
    uvicorn = logging.getLogger("uvicorn")
    if uvicorn.handlers:  # configured by a uvicorn server: same format for its lines
        targets.append(uvicorn)
    for logger in targets:
        for old in [h for h in logger.handlers if h.get_name() == _HANDLER_NAME]:
            logger.removeHandler(old)
        if logger is uvicorn:
            for old in list(logger.handlers):
                logger.removeHandler(old)
        logger.addHandler(handler)
    logging.getLogger("app").setLevel(level.upper())
    # Our access line replaces uvicorn's, which knows neither route nor request id.
    logging.getLogger("uvicorn.access").disabled = True
