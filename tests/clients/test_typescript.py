"""The TypeScript client compiles strictly against types generated from the live
/openapi.json, and the compile fails when a response is left untyped.

Needs clients/typescript's packages: `make test` runs `npm ci` there when npm is installed."""

import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

from tests.clients.conftest import BIN, CLIENT


def _compile(schema: dict[str, Any], where: Path) -> subprocess.CompletedProcess[str]:
    """Generate types from `schema` into a copy of the client at `where`, then run tsc."""
    shutil.copytree(CLIENT / "src", where / "src", ignore=shutil.ignore_patterns("schema.d.ts"))
    shutil.copy(CLIENT / "tsconfig.json", where / "tsconfig.json")
    (where / "openapi.json").write_text(json.dumps(schema))
    subprocess.run(
        [BIN / "openapi-typescript", "openapi.json", "--output", "src/schema.d.ts"],
        cwd=where,
        check=True,
        capture_output=True,
        timeout=120,
    )
    return subprocess.run(
        [BIN / "tsc", "--strict", "--noEmit", "-p", "."],
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
