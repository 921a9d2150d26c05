"""The TypeScript client compiles strictly against types generated from the live
/openapi.json, and the compile fails when a response is left untyped.

Needs clients/typescript's packages: `make test` runs `npm ci` there when npm is installed."""

import json
import math
import shutil
import subprocess
from pathlib import Path
from typing import Any

import httpx

from tests.clients.conftest import BIN, CLIENT


def _compile(
    schema: dict[str, Any], where: Path, config: str = "tsconfig.json"
) -> subprocess.CompletedProcess[str]:
    """Generate types from `schema` into a copy of the client at `where`, then run tsc
    with `config` (tsconfig.build.json emits the tour into build/)."""
    shutil.copytree(CLIENT / "src", where / "src", ignore=shutil.ignore_patterns("schema.d.ts"))
    for name in ("tsconfig.json", "tsconfig.build.json", "package.json"):
        shutil.copy(CLIENT / name, where / name)
    (where / "node_modules").symlink_to(CLIENT / "node_modules")
    (where / "openapi.json").write_text(json.dumps(schema))
    subprocess.run(
        [BIN / "openapi-typescript", "openapi.json", "--output", "src/schema.d.ts"],
        cwd=where,
        check=True,
        capture_output=True,
        timeout=120,
    )
    return subprocess.run(
        [BIN / "tsc", "--strict", "-p", config],
        cwd=where,
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_the_client_compiles_against_the_live_schema(
    openapi: dict[str, Any], tmp_path: Path
) -> None:
    done = _compile(openapi, tmp_path)
    assert done.returncode == 0, done.stdout + done.stderr
    generated = (tmp_path / "src" / "schema.d.ts").read_text()
    assert '"/v1/contingents"' in generated
    assert ": any" not in generated


def test_an_untyped_response_fails_the_build(openapi: dict[str, Any], tmp_path: Path) -> None:
    loose = json.loads(json.dumps(openapi))
    content = loose["paths"]["/v1/stats"]["get"]["responses"]["200"]["content"]
    content["application/json"]["schema"] = {"type": "object", "additionalProperties": True}
    done = _compile(loose, tmp_path)
    assert done.returncode != 0
    assert "/v1/stats" in done.stdout


def test_an_untyped_field_fails_the_build(openapi: dict[str, Any], tmp_path: Path) -> None:
    loose = json.loads(json.dumps(openapi))
    loose["components"]["schemas"]["ReleaseList"]["properties"]["data"] = {}
    done = _compile(loose, tmp_path)
    assert done.returncode != 0
    assert "/v1/releases field data" in done.stdout


def _tour(openapi: dict[str, Any], live_api: str, where: Path) -> list[dict[str, Any]]:
    done = _compile(openapi, where, "tsconfig.build.json")
    assert done.returncode == 0, done.stdout + done.stderr
    run = subprocess.run(
        ["node", "build/tour.js", live_api], cwd=where, capture_output=True, text=True, timeout=120
    )
    assert run.returncode == 0, run.stdout + run.stderr
    return [json.loads(line) for line in run.stdout.splitlines()]


def test_the_generated_client_tours_a_live_server(
    openapi: dict[str, Any], live_api: str, tmp_path: Path
) -> None:
    """src/tour.ts, typed by openapi-typescript and calling through openapi-fetch's default
    client: every contingent by following links.next, one official with include=nation,
    and a search. What it prints is what the server says, asked directly."""
    contingents, official, search = _tour(openapi, live_api, tmp_path)
    every = [
        json.loads(line)
        for line in httpx.get(f"{live_api}/v1/contingents.ndjson").text.splitlines()
    ]
    assert contingents["count"] == len(every) > 7
    assert contingents["pages"] == math.ceil(len(every) / 7)
    assert contingents["nations"] == sorted({c["nation"]["code"] for c in every})
    assert contingents["arrived"] == sum(c["status"] == "arrived" for c in every)

    kenya = httpx.get(f"{live_api}/v1/nations/KE").json()["data"]
    assert official["slug"] == "joseph-boinnet"
    assert (official["nation"], official["nation_name"]) == ("KE", kenya["name"])
    assert official["nation_roles"] == kenya["roles"]

    direct = httpx.get(f"{live_api}/v1/search", params={"q": "Jamaica", "limit": 5}).json()
    assert search["total"] == direct["meta"]["total"] > 0
    assert search["hits"] == [f"{h['kind']}/{h['slug']}" for h in direct["data"]]


def test_other_formats_in_the_json_schema_would_break_the_default_client(
    openapi: dict[str, Any], tmp_path: Path
) -> None:
    """Why the list's schema shows JSON alone: with CSV beside it, openapi-fetch's default
    `data` becomes `ContingentList | string`, and the tour no longer compiles."""
    loose = json.loads(json.dumps(openapi))
    content = loose["paths"]["/v1/contingents"]["get"]["responses"]["200"]["content"]
    content["text/csv"] = {"schema": {"type": "string"}}
    done = _compile(loose, tmp_path, "tsconfig.build.json")
    assert done.returncode != 0
    assert "src/tour.ts" in done.stdout


def _drop_discriminators(node: Any) -> None:
    if isinstance(node, dict):
        node.pop("discriminator", None)
        for value in node.values():
            _drop_discriminators(value)
    elif isinstance(node, list):
        for value in node:
            _drop_discriminators(value)


def test_a_link_is_not_taken_for_the_record(openapi: dict[str, Any], tmp_path: Path) -> None:
    """The tour reads the included nation's `roles` only after narrowing on `object`;
    without the discriminator (its mapping and the link's literal), that cannot type-check."""
    loose = json.loads(json.dumps(openapi))
    loose["components"]["schemas"]["NationLink"]["properties"]["object"] = {"type": "string"}
    _drop_discriminators(loose)
    done = _compile(loose, tmp_path, "tsconfig.build.json")
    assert done.returncode != 0
    assert "src/tour.ts" in done.stdout
