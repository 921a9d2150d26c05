"""Per-client rate limiting with the IETF RateLimit headers, in process and through Redis."""

import re
import socket
import uuid

import pytest
import redis
from fastapi.testclient import TestClient

from app.config import Settings
from app.main import create_app
from tests import tiers
from tests.api.helpers import assert_problem
from tests.conftest import DATA_DIR

REDIS_URL = "redis://127.0.0.1:6379/15"
_REMAINING = re.compile(r'^"default";r=(\d+);t=(\d+)$')


def _require_redis() -> None:
    try:
        redis.Redis.from_url(REDIS_URL, socket_timeout=1).ping()
    except redis.RedisError as exc:
        tiers.missing(
            "redis",
            f"Redis not reachable at {REDIS_URL}: {type(exc).__name__}",
            "make test starts an installed redis-server (as root with apt-get it installs one)",
        )


@pytest.fixture(params=["memory", "redis"])
def storage_url(request: pytest.FixtureRequest) -> str:
    if request.param == "memory":
        return ""
    _require_redis()
    return REDIS_URL


def _client(db_url: str, limit: str, redis_url: str, ip: str) -> TestClient:
    settings = Settings(
        database_url=db_url,
        data_dir=DATA_DIR,
        rate_limit=limit,
        rate_limit_enabled=True,
        redis_url=redis_url,
    )
    return TestClient(create_app(settings), client=(ip, 50000))


def _ip() -> str:
    # A fresh client address per test, so counts kept in Redis never carry over.
    n = uuid.uuid4().int
    return f"10.{n % 250}.{(n >> 8) % 250}.{(n >> 16) % 250}"


def test_quota_headers_then_429(sqlite_url: str, storage_url: str) -> None:
    with _client(sqlite_url, "5/minute", storage_url, _ip()) as c:
        remaining = []
        for _ in range(5):
            response = c.get("/v1/nations")
            assert response.status_code == 200
            assert response.headers["ratelimit-policy"] == '"default";q=5;w=60'
            m = _REMAINING.match(response.headers["ratelimit"])
            assert m, response.headers["ratelimit"]
            assert 0 < int(m[2]) <= 60
            remaining.append(int(m[1]))
        assert remaining == [4, 3, 2, 1, 0]
        refused = c.get("/v1/nations")
        body = assert_problem(refused, 429)
        assert body["type"].endswith("/problems/rate-limited")
        assert 1 <= int(refused.headers["retry-after"]) <= 60
        assert refused.headers["ratelimit"].startswith('"default";r=0;')
        # Probes are never counted, never refused.
        assert c.get("/healthz").status_code == 200
        assert c.get("/readyz").status_code == 200
        assert "ratelimit" not in c.get("/healthz").headers


def test_clients_are_counted_apart(sqlite_url: str, storage_url: str) -> None:
    first, second = _ip(), _ip()
    with _client(sqlite_url, "2/minute", storage_url, first) as a:
        assert [a.get("/v1").status_code for _ in range(3)] == [200, 200, 429]
    with _client(sqlite_url, "2/minute", storage_url, second) as b:
        assert b.get("/v1").status_code == 200


def test_replicas_share_one_budget_through_redis(sqlite_url: str) -> None:
    _require_redis()
    ip = _ip()
    with (
        _client(sqlite_url, "4/minute", REDIS_URL, ip) as one,
        _client(sqlite_url, "4/minute", REDIS_URL, ip) as two,
    ):
        statuses = [c.get("/v1").status_code for c in (one, two, one, two, one)]
    assert statuses == [200, 200, 200, 200, 429]


def test_in_process_counts_are_per_replica(sqlite_url: str) -> None:
    ip = _ip()
    with (
        _client(sqlite_url, "2/minute", "", ip) as one,
        _client(sqlite_url, "2/minute", "", ip) as two,
    ):
        statuses = [c.get("/v1").status_code for c in (one, two, one, two)]
    assert statuses == [200, 200, 200, 200]


def test_a_redis_outage_lets_requests_through(sqlite_url: str) -> None:
    with _client(sqlite_url, "1/minute", "redis://127.0.0.1:1/0", _ip()) as c:
        assert [c.get("/v1").status_code for _ in range(3)] == [200, 200, 200]


def test_the_off_switch(sqlite_url: str) -> None:
    settings = Settings(database_url=sqlite_url, rate_limit="1/minute", rate_limit_enabled=False)
    with TestClient(create_app(settings)) as c:
        responses = [c.get("/v1") for _ in range(3)]
    assert [r.status_code for r in responses] == [200, 200, 200]
    assert "ratelimit" not in responses[0].headers


@pytest.mark.parametrize("bad", ["lots", "10/fortnight", "-1/minute"])
def test_a_bad_rate_limit_setting_is_refused(bad: str) -> None:
    with pytest.raises(ValueError, match="rate_limit"):
        Settings(rate_limit=bad)


def test_a_hanging_redis_lets_requests_through(sqlite_url: str) -> None:
    # A listener that never answers: the connection is made, no reply ever comes.
    with socket.socket() as silent:
        silent.bind(("127.0.0.1", 0))
        silent.listen(16)
        url = f"redis://127.0.0.1:{silent.getsockname()[1]}/0"
        with _client(sqlite_url, "1/minute", url, _ip()) as c:
            assert [c.get("/v1").status_code for _ in range(2)] == [200, 200]
