"""/v1/dumps: built at load time, with SHA-256, ETag and Content-Disposition."""

import asyncio
import datetime as dt
import hashlib
import io
import sqlite3
import zipfile
from pathlib import Path
from typing import Any

import orjson
from fastapi.testclient import TestClient

from tests.api.helpers import assert_problem


def test_the_index_lists_three_dumps_of_the_current_version(client: TestClient) -> None:
    version = client.get("/v1/dataset").json()["data"]["version"]
    dumps = client.get("/v1/dumps").json()["data"]
    assert sorted(d["name"] for d in dumps) == [
        "mss-facts.csv.zip",
        "mss-facts.datasette.json",
        "mss-facts.metadata.json",
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


def _metadata(client: TestClient) -> dict[str, Any]:
    response = client.get("/v1/dumps/latest.metadata.json")
    assert response.status_code == 200
    meta: dict[str, Any] = response.json()
    return meta


def test_the_metadata_says_what_the_dumps_are(client: TestClient) -> None:
    meta = _metadata(client)
    dataset = client.get("/v1/dataset").json()["data"]
    assert meta["dataset_version"] == dataset["version"]
    assert meta["licence"] == "CC-BY-4.0" == dataset["licence"]
    assert meta["attribution"] == dataset["attribution"]
    assert dt.datetime.fromisoformat(meta["generated_at"]) == dt.datetime.fromisoformat(
        dataset["loaded_at"]
    )
    assert len(meta["sources"]) == dataset["counts"]["sources"]
    assert {s["url"] for s in meta["sources"]} == {s["document_url"] for s in dataset["sources"]}
    # Every table and every column is described.
    for name, table in meta["tables"].items():
        assert table["description"], name
        assert all(table["columns"].values()), name


def test_the_csv_zip_has_a_table_per_file_and_carries_its_licence(client: TestClient) -> None:
    archive = zipfile.ZipFile(io.BytesIO(client.get("/v1/dumps/latest.csv.zip").content))
    meta = _metadata(client)
    names = set(archive.namelist())
    assert names == {"README.txt", "LICENSE", "metadata.json"} | {
        f"{table}.csv" for table in meta["tables"]
    }
    assert {"contingents.csv", "quotes.csv", "evidence.csv", "sources.csv"} <= names
    header = archive.read("contingents.csv").decode().splitlines()[0]
    assert header.startswith("slug,")
    readme = archive.read("README.txt").decode()
    assert meta["dataset_version"] in readme
    assert "CC-BY-4.0" in readme
    assert "- contingents.csv:" in readme
    licence = archive.read("LICENSE").decode()
    assert "Creative Commons Attribution 4.0" in licence
    assert "https://creativecommons.org/licenses/by/4.0/legalcode" in licence
    assert orjson.loads(archive.read("metadata.json")) == meta


def _sqlite_dump(client: TestClient, tmp_path: Path) -> Path:
    path = tmp_path / "mss-facts.sqlite"
    path.write_bytes(client.get("/v1/dumps/latest.sqlite").content)
    return path


def test_the_sqlite_dump_uses_the_apis_names(client: TestClient, tmp_path: Path) -> None:
    conn = sqlite3.connect(_sqlite_dump(client, tmp_path))
    try:
        (count,) = conn.execute("SELECT count(*) FROM contingents").fetchone()
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        kinds = {
            r[0]
            for query in (
                "SELECT DISTINCT record_kind FROM evidence",
                "SELECT DISTINCT record_kind FROM claims",
                "SELECT DISTINCT record_kind FROM event_involvements",
                "SELECT DISTINCT resource FROM redirects",
            )
            for r in conn.execute(query)
        }
        (evidence,) = conn.execute(
            "SELECT count(*) FROM evidence WHERE record_kind = 'contingents'"
        ).fetchone()
        broken = conn.execute("PRAGMA foreign_key_check").fetchall()
        (user_version,) = conn.execute("PRAGMA user_version").fetchone()
        stored = dict(conn.execute("SELECT key, value FROM metadata").fetchall())
    finally:
        conn.close()
    assert count == client.get("/v1/contingents").json()["meta"]["total"]
    assert {"contingents", "officials", "strength", "evidence", "metadata"} <= tables
    assert not {"contingent", "official", "conflict_claim"} & tables
    # Every kind column names a table of the same dump.
    assert kinds
    assert kinds <= tables
    assert evidence > 0
    # Renaming kept every foreign key pointing at its (renamed) table.
    assert broken == []
    meta = _metadata(client)
    assert user_version == meta["dump_format"] > 0
    assert stored["dataset_version"] == meta["dataset_version"]
    assert stored["licence"] == "CC-BY-4.0"
    assert orjson.loads(stored["sources"]) == meta["sources"]


def test_datasette_opens_the_sqlite_dump_with_its_metadata(
    client: TestClient, tmp_path: Path
) -> None:
    from datasette.app import Datasette

    path = _sqlite_dump(client, tmp_path)
    metadata = client.get("/v1/dumps/latest.datasette.json").json()

    async def visit() -> tuple[Any, Any, Any]:
        ds = Datasette([str(path)], metadata=metadata)
        about = await ds.client.get("/-/metadata.json")
        table = await ds.client.get("/mss-facts/contingents.json?_shape=array&_size=1")
        page = await ds.client.get("/mss-facts/contingents")
        return about, table, page

    about, table, page = asyncio.run(visit())
    assert about.status_code == 200
    assert about.json()["license"] == "CC BY 4.0"
    assert table.status_code == 200
    assert table.json()[0]["slug"]
    assert page.status_code == 200
    # The page shows the table's description and the licence from the metadata file.
    described = metadata["databases"]["mss-facts"]["tables"]["contingents"]
    assert described["description"] in page.text
    assert "CC BY 4.0" in page.text
    assert described["columns"]["personnel_qualifier"].startswith("The qualifier")


def test_a_dump_takes_no_parameters(client: TestClient) -> None:
    response = client.get("/v1/dumps/latest.ndjson?x=1")
    assert response.status_code == 400
    assert response.headers["content-type"] == "application/problem+json"


def test_a_dump_evaluates_if_match(client: TestClient) -> None:
    url = "/v1/dumps/latest.sqlite"
    etag = client.get(url).headers["etag"]
    assert client.get(url, headers={"If-Match": etag}).status_code == 200
    assert client.get(url, headers={"If-Match": "*"}).status_code == 200
    assert_problem(client.get(url, headers={"If-Match": '"other"'}), 412)
