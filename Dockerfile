FROM python:3.11-slim

WORKDIR /srv
COPY pyproject.toml README.md ./
COPY app ./app
COPY migrations ./migrations
COPY data ./data
RUN pip install --no-cache-dir -e . \
    && mss-facts load

ENV HOST=0.0.0.0 PORT=8000
EXPOSE 8000
CMD ["mss-facts", "serve"]
