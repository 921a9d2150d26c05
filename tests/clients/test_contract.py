"""The OpenAPI document passes the contract linters as CI runs them: Redocly CLI's
recommended rules with no error, and Spectral's OpenAPI rules plus the OWASP API Security
ruleset (clients/typescript/.spectral.yaml, every exception explained there) with no
problem. Each linter is also shown to fail on a document that breaks one of its rules, so
a passing run means something."""

import json
import re
import subprocess
from pathlib import Path
from typing import Any

from tests.clients.conftest import BIN, CLIENT


def _redocly(schema: dict[str, Any], where: Path) -> subprocess.CompletedProcess[str]:
    path = where / "openapi.json"
    path.write_text(json.dumps(schema))
    return subprocess.run(
        [BIN / "redocly", "lint", str(path), "--config", "redocly.yaml", "--format", "summary"],
        cwd=CLIENT,
        capture_output=True,
        text=True,
        timeout=300,
    )


def _spectral(schema: dict[str, Any], where: Path) -> list[dict[str, Any]]:
    path = where / "openapi.json"
    path.write_text(json.dumps(schema))
    done = subprocess.run(
        [BIN / "spectral", "lint", str(path), "-r", ".spectral.yaml", "-f", "json", "-q"],
        cwd=CLIENT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.stdout.strip(), done.stderr
    problems: list[dict[str, Any]] = json.loads(done.stdout)
    return problems


def test_redocly_recommended_reports_no_error(openapi: dict[str, Any], tmp_path: Path) -> None:
    done = _redocly(openapi, tmp_path)
    output = done.stdout + done.stderr
    print(output)  # the summary, for the run's log
    assert done.returncode == 0, output
    assert "Your API description is valid" in output


def test_redocly_fails_a_document_without_security(openapi: dict[str, Any], tmp_path: Path) -> None:
    broken = json.loads(json.dumps(openapi))
    del broken["security"]
    done = _redocly(broken, tmp_path)
    assert done.returncode != 0
    assert re.search(r"security-defined: \d+", done.stdout + done.stderr), done.stderr


def test_spectral_with_owasp_reports_no_problem(openapi: dict[str, Any], tmp_path: Path) -> None:
    problems = _spectral(openapi, tmp_path)
    print(f"spectral (spectral:oas + OWASP, .spectral.yaml): {len(problems)} problems")
    assert [(p["code"], ".".join(map(str, p["path"]))) for p in problems] == []


def test_spectral_flags_an_unbounded_parameter_and_a_missing_tag(
    openapi: dict[str, Any], tmp_path: Path
) -> None:
    broken = json.loads(json.dumps(openapi))
    for param in broken["paths"]["/v1/contingents"]["get"]["parameters"]:
        if param["name"] == "limit":
            del param["schema"]["maximum"]
        if param["name"] == "q" or param["name"] == "nation":
            param["schema"].pop("maxLength", None)
    broken["tags"] = broken["tags"][1:]
    codes = {p["code"] for p in _spectral(broken, tmp_path)}
    assert {"parameter-integer-bounded", "parameter-string-bounded"} <= codes
    assert "operation-tag-defined" in codes
