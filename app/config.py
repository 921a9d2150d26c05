"""Settings, read from the environment once; nothing else reads os.environ."""

from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATABASE_URL = f"sqlite:///{PROJECT_ROOT / 'var' / 'mss-facts.db'}"


class Settings(BaseSettings):
    """Service configuration. The docs' settings table is made from these fields."""

    model_config = SettingsConfigDict(env_prefix="", extra="ignore")

    database_url: str = Field(
        default=DEFAULT_DATABASE_URL,
        description="SQLAlchemy URL of the database (SQLite file or postgresql+psycopg://).",
    )
    data_dir: Path = Field(
        default=PROJECT_ROOT / "data",
        description="Directory of curated YAML files that `mss-facts load` reads.",
    )
    public_base_url: str = Field(
        default="",
        description="Absolute base for links in responses (e.g. https://api.example.org); "
        "empty means links are built from the request.",
    )
    allowed_hosts: str = Field(
        default="localhost,127.0.0.1,::1",
        pattern=r"^[A-Za-z0-9._:\[\]*,\s-]*$",
        description="Comma-separated host names (no port) a request's Host header may "
        "name; `*.example.org` allows its subdomains, `*` any host. The host of "
        "`PUBLIC_BASE_URL` is always allowed. Any other Host gets 400 (probes excepted).",
    )
    host: str = Field(
        default="127.0.0.1",
        description="Address `mss-facts serve` listens on (0.0.0.0 in the container).",
    )
    port: int = Field(
        default=8000, ge=1, le=65535, description="Port `mss-facts serve` listens on."
    )
    web_concurrency: int = Field(
        default=1,
        ge=1,
        le=64,
        description="Worker processes `mss-facts serve` starts; `make run` always uses one.",
    )
    graceful_timeout_seconds: int = Field(
        default=30,
        ge=0,
        description="On SIGTERM, how long in-flight requests may take to finish before "
        "the server closes them.",
    )
    forwarded_allow_ips: str = Field(
        default="127.0.0.1",
        description="Comma-separated proxy addresses (or `*`) whose X-Forwarded-For and "
        "X-Forwarded-Proto are trusted for the client address in logs and links.",
    )
    reload_poll_seconds: float = Field(
        default=2.0,
        gt=0,
        le=300,
        description="PostgreSQL: how often a process re-reads the current dataset version "
        "(its caches and metrics follow a load within this bound; response bodies at once). "
        "SQLite notices a load on the next request.",
    )
    log_level: str = Field(
        default="INFO",
        pattern=r"^(?i:debug|info|warning|error|critical)$",
        description="Level of the app's log (DEBUG, INFO, WARNING, ERROR, CRITICAL).",
    )
    log_format: Literal["auto", "json", "text"] = Field(
        default="auto",
        description="`json` (one object per line), `text` (for people), or `auto`: text "
        "when stderr is a terminal, else JSON.",
    )
    cache_max_age: int = Field(
        default=60,
        ge=0,
        description="Seconds clients and proxies may reuse a response (Cache-Control max-age).",
    )
    cache_stale_while_revalidate: int = Field(
        default=600,
        ge=0,
        description="Seconds a stale response may be served while it is revalidated "
        "(Cache-Control stale-while-revalidate).",
    )
    response_cache_bytes: int = Field(
        default=64 * 1024 * 1024,
        ge=0,
        description="Memory budget of the in-process cache of encoded responses, in bytes; "
        "0 turns the cache off (responses still carry ETags and are compressed).",
    )
    db_concurrency: int = Field(
        default=15,
        ge=1,
        le=1000,
        description="Requests that may be computed from the database at once (cache hits "
        "do not count); the rest wait their turn. Keep it at most the connection pool's "
        "size plus overflow (SQLAlchemy's default 5 + 10), so that no worker thread ever "
        "blocks waiting for a connection.",
    )
    compress_min_bytes: int = Field(
        default=1024,
        ge=0,
        description="Bodies at least this long are compressed (br, zstd or gzip, as the "
        "client's Accept-Encoding prefers).",
    )
    query_timeout_ms: int = Field(
        default=5000,
        ge=1,
        le=600_000,
        description="Longest a single database query may run, in milliseconds; past it the "
        "query is stopped and the request gets 503 with Retry-After.",
    )
    rate_limit: str = Field(
        default="600/minute",
        pattern=r"^\d+\s*(/|per)\s*(\d+\s+)?(second|minute|hour|day)s?$",
        description="Requests each client IP may make per window, e.g. `600/minute` "
        "(/healthz and /readyz are not counted).",
    )
    rate_limit_enabled: bool = Field(
        default=True,
        description="Turn per-client rate limiting off (for benchmarks) with false.",
    )
    redis_url: str = Field(
        default="",
        description="Redis URL (redis://host:6379/0) to share rate-limit counters across "
        "replicas; empty keeps them in process.",
    )


@lru_cache
def get_settings() -> Settings:
    return Settings()
