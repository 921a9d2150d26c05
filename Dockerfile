# syntax=docker/dockerfile:1
# Build: docker build -t mss-facts .
# Run:   docker run --rm -p 8000:8000 --read-only mss-facts
# The image serves the curated data from a SQLite file built and validated here; set
# DATABASE_URL to a PostgreSQL URL (and run `mss-facts load` once) to serve from there.

FROM python:3.11-slim AS build
ENV PIP_NO_CACHE_DIR=1 PIP_DISABLE_PIP_VERSION_CHECK=1 PYTHONDONTWRITEBYTECODE=1
WORKDIR /srv
RUN python -m venv /opt/venv
ENV PATH=/opt/venv/bin:$PATH
# Dependencies first, in their own layer: it is rebuilt only when pyproject.toml changes.
COPY pyproject.toml README.md ./
RUN mkdir app && touch app/__init__.py \
    && pip install --no-cache-dir . \
    && pip uninstall --yes mss-facts \
    && rm -rf app build ./*.egg-info
COPY app ./app
COPY migrations ./migrations
COPY data ./data
# The curated database: validated, migrated and loaded now, so a container never writes.
RUN pip install --no-cache-dir --no-deps -e . \
    && mss-facts validate \
    && DATABASE_URL=sqlite:////srv/var/mss-facts.db mss-facts load \
    && python -m compileall -q app

FROM python:3.11-slim
# WEB_CONCURRENCY: worker processes. One per container is the default: scale with
# replicas, so each process's metrics are scraped on their own (see docs/pages/operating/index.md).
ENV PATH=/opt/venv/bin:$PATH \
    PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    DATABASE_URL=sqlite:////srv/var/mss-facts.db \
    HOST=0.0.0.0 \
    PORT=8000 \
    WEB_CONCURRENCY=1 \
    LOG_FORMAT=json
RUN groupadd --system --gid 10001 mss \
    && useradd --system --uid 10001 --gid 10001 --home-dir /srv --shell /usr/sbin/nologin mss
WORKDIR /srv
COPY --from=build /opt/venv /opt/venv
# Owned by root and not writable by the server's user: it only reads, so the container
# can run with a read-only root filesystem.
COPY --from=build --chown=root:root /srv /srv
USER 10001:10001
EXPOSE 8000
# Ready means the database answers and holds a dataset (/readyz); a 503 fails the check.
HEALTHCHECK --interval=15s --timeout=3s --start-period=10s --retries=3 \
    CMD ["python", "-c", "import os, urllib.request; urllib.request.urlopen(f'http://127.0.0.1:{os.environ.get(\"PORT\", \"8000\")}/readyz', timeout=2)"]
# uvicorn finishes in-flight requests on SIGTERM (up to GRACEFUL_TIMEOUT_SECONDS); give
# `docker stop` a longer grace period than that (`-t 35`, compose stop_grace_period).
STOPSIGNAL SIGTERM
CMD ["mss-facts", "serve"]
