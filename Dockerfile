# syntax=docker/dockerfile:1
# Build: docker build -t mss-facts .   Run: docker run --rm -p 8000:8000 mss-facts

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
RUN pip install --no-cache-dir --no-deps -e . \
    && mss-facts validate \
    && DATABASE_URL=sqlite:////srv/var/mss-facts.db mss-facts load

FROM python:3.11-slim
ENV PATH=/opt/venv/bin:$PATH \
    PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    DATABASE_URL=sqlite:////srv/var/mss-facts.db \
    HOST=0.0.0.0 \
    PORT=8000
RUN groupadd --system --gid 10001 mss && useradd --system --uid 10001 --gid 10001 --home-dir /srv --shell /usr/sbin/nologin mss
WORKDIR /srv
COPY --from=build /opt/venv /opt/venv
COPY --from=build --chown=root:root /srv /srv
USER 10001:10001
EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=3s --start-period=5s --retries=3 \
    CMD ["python", "-c", "import os, urllib.request; urllib.request.urlopen(f'http://127.0.0.1:{os.environ.get(\"PORT\", \"8000\")}/readyz', timeout=2)"]
CMD ["mss-facts", "serve"]
