"""The benchmark: this service against Datasette on the same SQLite file, and against a
bare Starlette app returning precomputed bytes (the framework ceiling).

    .venv/bin/python -m bench.run            # full run: 10 s a case, then the large dataset
    .venv/bin/python -m bench.run --quick    # the short form CI runs

It loads data/ into a fresh SQLite file, starts the three servers (one process each),
drives every case with wrk (or, without wrk, a Python load generator) and prints one
table, then the ratios and the targets. Then it builds the large synthetic dataset with
bench/synth.py through the real loader (kept under var/bench/ for the next run), serves
it with the response cache off, so every request is computed, and measures single-client
throughput of the list, a filtered list, a deep keyset page, one record and a search,
side by side with Datasette on a copy of the same file, with the load's time and peak
memory and the server's peak memory.
"""

import argparse
import hashlib
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, replace
from pathlib import Path

from app.api.pagination import encode_cursor
from bench import loadgen, servers, synth
from bench.loadgen import Result
from bench.report import Row, print_large, print_table

REPO_ROOT = Path(__file__).resolve().parents[1]
DATA_DIR = REPO_ROOT / "data"
LARGE_DIR = REPO_ROOT / "var" / "bench"


@dataclass(frozen=True)
class Case:
    name: str
    connections: int
    urls: dict[str, str]  # server name -> path
    conditional: bool = False  # send If-None-Match with the ETag of our response


def cases(db_name: str) -> list[Case]:
    ds = f"/{db_name}"
    listing = {"mss-facts": "/v1/contingents", "datasette": f"{ds}/contingent.json", "ceiling": "/"}
    return [
        Case("list contingents", 32, listing),
        Case(
            "filtered + sorted list",
            32,
            {
                "mss-facts": "/v1/contingents?status=arrived&sort=-personnel",
                "datasette": f"{ds}/contingent.json?status=arrived&_sort_desc=personnel_value",
                "ceiling": "/",
            },
        ),
        Case(
            "item",
            32,
            {
                "mss-facts": "/v1/contingents/ke-217-january-2025",
                "datasette": f"{ds}/contingent/ke-217-january-2025.json",
                "ceiling": "/",
            },
        ),
        Case(
            "search",
            32,
            {
                "mss-facts": "/v1/search?q=kenya",
                "datasette": f"{ds}/search_document.json?_search=kenya",
                "ceiling": "/",
            },
        ),
        Case("304 revalidation", 32, listing, conditional=True),
        Case("list, 64 connections", 64, listing),
    ]


def fetch(url: str, headers: dict[str, str] | None = None) -> tuple[int, dict[str, str], bytes]:
    request = urllib.request.Request(url, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as exc:
        return exc.code, dict(exc.headers), exc.read()


def console(*args: str, env: dict[str, str]) -> None:
    subprocess.run(
        [str(servers.BIN / "mss-facts"), *args],
        env={**os.environ, **env},
        check=True,
        cwd=REPO_ROOT,
    )


def measure(url: str, connections: int, seconds: float, headers: dict[str, str]) -> Result:
    status, _, _ = fetch(url, headers)
    if status >= 400:
        raise SystemExit(f"{url} answered {status}; the benchmark needs every case to work")
    loadgen.run(url, connections, min(seconds, 1.0), headers)  # warm up (and fill caches)
    return replace(loadgen.run(url, connections, seconds, headers), statuses=str(status))


def small(seconds: float, work: Path) -> list[Row]:
    db = work / "mss.db"
    console("load", str(DATA_DIR), env={"DATABASE_URL": f"sqlite:///{db}"})
    ours = servers.mss_facts(db, work)
    running = [ours]
    try:
        _, headers, body = fetch(ours.base + "/v1/contingents")
        etag = headers["etag"]
        (work / "body.json").write_bytes(body)
        running.append(servers.datasette(db, work))
        running.append(servers.ceiling(work / "body.json", work))
        rows = []
        for case in cases(db.stem):
            for server in running:
                path = case.urls[server.name]
                headers = {"If-None-Match": etag} if case.conditional else {}
                result = measure(server.base + path, case.connections, seconds, headers)
                rows.append(Row(case.name, server.name, case.connections, result))
                print(f"  {case.name:<24} {server.name:<10} {result.rps:9.0f} req/s", flush=True)
        return rows
    finally:
        for server in running:
            server.stop()


def large_db(counts: dict[str, int], rebuild: bool) -> tuple[Path, dict[str, float]]:
    """The synthetic database (built through the real loader unless already built) and
    how its load went."""
    # A new migration means a new file: an old build would not have its schema.
    schema = hashlib.sha256(
        "".join(
            sorted(p.name for p in (REPO_ROOT / "migrations" / "versions").glob("*.py"))
        ).encode()
    ).hexdigest()[:8]
    name = "synth-{contingents}-{quotes}-{officials}".format(**counts) + f"-{schema}"
    LARGE_DIR.mkdir(parents=True, exist_ok=True)
    db, notes = LARGE_DIR / f"{name}.db", LARGE_DIR / f"{name}.json"
    if db.exists() and notes.exists() and not rebuild:
        return db, json.loads(notes.read_text())
    data = LARGE_DIR / name
    started = time.perf_counter()
    synth.generate(data, seed=1, **counts)
    generated = time.perf_counter() - started
    db.unlink(missing_ok=True)
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{db}"}
    timed = synth.run_timed([str(servers.BIN / "mss-facts"), "load", str(data)], env)
    info = {
        "generate_s": generated,
        "load_s": timed.seconds,
        "load_cpu_s": timed.cpu_seconds,
        "load_peak_mib": timed.peak_rss_mib,
    }
    info["records"] = sum(counts.values())
    notes.write_text(json.dumps(info))
    return db, info


def large(seconds: float, counts: dict[str, int], rebuild: bool, work: Path) -> None:
    """The large dataset, with this service's response cache off so that every request is
    computed, beside Datasette on a copy of the same file, 4 connections a case."""
    db, info = large_db(counts, rebuild)
    copy = work / f"{db.stem}.db"
    shutil.copyfile(db, copy)
    ours = servers.mss_facts(db, work, cache=False)
    running = [ours]
    try:
        running.append(servers.datasette(copy, work))
        # The cursor a client paging by slug holds 90% of the way through the list
        # (reached here by offset once, rather than by walking every page).
        _, _, body = fetch(ours.base + "/v1/contingents?limit=1")
        depth = int(json.loads(body)["meta"]["total"] * 0.9)
        _, _, body = fetch(ours.base + f"/v1/contingents?sort=slug&offset={depth - 1}&limit=1")
        row = json.loads(body)["data"][0]["slug"]
        deep = encode_cursor(["slug"], [row], backwards=False)
        table = f"/{copy.stem}/contingent"
        cases = {
            "list, first page": ("/v1/contingents?sort=slug", f"{table}.json"),
            "filtered + sorted": (
                "/v1/contingents?status=arrived&sort=-personnel",
                f"{table}.json?status=arrived&_sort_desc=personnel_value",
            ),
            f"deep page (keyset, row {depth + 1:,})": (
                f"/v1/contingents?sort=slug&cursor={deep}",
                f"{table}.json?_next={row}",
            ),
            "one contingent": (f"/v1/contingents/{row}", f"{table}/{row}.json"),
            "search": (
                "/v1/search?q=boinnet",
                f"/{copy.stem}/search_document.json?_search=boinnet",
            ),
        }
        rows = []
        for name, (path, theirs) in cases.items():
            for server, target in zip(running, (path, theirs), strict=True):
                result = measure(server.base + target, 4, seconds, {})
                rows.append(Row(name, server.name, 4, result))
                print(f"  {name:<32} {server.name:<10} {result.rps:9.0f} req/s", flush=True)
        print_large(rows, counts, info, ours.peak_rss_mib())
    finally:
        for server in running:
            server.stop()


def machine() -> str:
    model = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return f"{os.cpu_count()} cores, {model}, {platform.system()} {platform.release()}"


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.run", description=__doc__.split("\n")[0])
    parser.add_argument("--seconds", type=float, default=10.0, help="per case (default 10)")
    parser.add_argument("--quick", action="store_true", help="2 s a case, a small synthetic set")
    parser.add_argument("--skip-large", action="store_true", help="only the curated data")
    parser.add_argument("--only-large", action="store_true", help="only the large dataset")
    parser.add_argument("--rebuild", action="store_true", help="rebuild the synthetic database")
    parser.add_argument("--contingents", type=int, default=100_000)
    parser.add_argument("--quotes", type=int, default=100_000)
    parser.add_argument("--officials", type=int, default=10_000)
    args = parser.parse_args(argv)
    seconds = 2.0 if args.quick else args.seconds
    counts = {"contingents": args.contingents, "quotes": args.quotes, "officials": args.officials}
    if args.quick:
        counts = {"contingents": 2_000, "quotes": 2_000, "officials": 200}

    print(f"machine: {machine()}; load generator: {loadgen.tool()}; {seconds:g} s a case")
    print(f"load average before: {os.getloadavg()[0]:.2f}", flush=True)
    with tempfile.TemporaryDirectory(prefix="mss-bench-") as tmp:
        ok = True
        if not args.only_large:
            ok = print_table(small(seconds, Path(tmp)))
        if not args.skip_large:
            large(seconds, counts, args.rebuild or args.quick, Path(tmp))
    print(f"load average after: {os.getloadavg()[0]:.2f}")
    if not ok:
        sys.exit(1)


if __name__ == "__main__":
    main()
