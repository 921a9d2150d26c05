"""/v1/dumps: built at load time, with SHA-256, ETag and Content-Disposition."""

import hashlib
import io
import sqlite3
import zipfile
from pathlib import Path

import orjson
from fastapi.testclient import TestClient


def test_the_index_lists_three_dumps_of_the_current_version(client: TestClient) -> None:
    version = client.get("/v1/dataset").json()["data"]["version"]
    dumps = client.get("/v1/dumps").json()["data"]
    assert sorted(d["name"] for d in dumps) == [
        "mss-facts.csv.zip",
        "mss-facts.ndjson",
        "mss-facts.sqlite",
    ]
    assert {d["version"] for d in dumps} == {version}


def test_each_dump_matches_its_sha256_and_is_an_attachment(client: TestClient) -> None:
    for dump in client.get("/v1/dumps").json()["data"]:
        response = client.get(dump["url"])
        assert response.status_code == 200
        assert hashlib.sha256(response.content).hexdigest() == dump["sha256"]
        assert len(response.content) == dump["size"]
        assert response.headers["etag"]
        assert response.headers["content-disposition"].startswith("attachment; filename=")


def test_the_ndjson_dump_holds_every_record(client: TestClient) -> None:
    lines = client.get("/v1/dumps/latest.ndjson").content.splitlines()
    records = [orjson.loads(line) for line in lines]
    quotes = [r for r in records if r["resource"] == "quotes"]
    assert len(quotes) == client.get("/v1/quotes").json()["meta"]["total"]
    assert quotes[0]["data"]["slug"] == quotes[0]["key"]


def test_the_csv_zip_has_a_table_per_file(client: TestClient) -> None:
    archive = zipfile.ZipFile(io.BytesIO(client.get("/v1/dumps/latest.csv.zip").content))
    names = set(archive.namelist())
    assert {"contingent.csv", "quote.csv", "evidence.csv", "source.csv"} <= names
    header = archive.read("contingent.csv").decode().splitlines()[0]
    assert header.startswith("slug,")


def test_the_sqlite_dump_opens_and_holds_the_rows(client: TestClient, tmp_path: Path) -> None:
    path = tmp_path / "dump.sqlite"
    path.write_bytes(client.get("/v1/dumps/latest.sqlite").content)
    conn = sqlite3.connect(path)
    try:
        (count,) = conn.execute("SELECT count(*) FROM contingent").fetchone()
    finally:
        conn.close()
    assert count == client.get("/v1/contingents").json()["meta"]["total"]


def test_a_dump_takes_no_parameters(client: TestClient) -> None:
    response = client.get("/v1/dumps/latest.ndjson?x=1")
    assert response.status_code == 400
    assert response.headers["content-type"] == "application/problem+json"
