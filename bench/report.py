"""The benchmark's tables (Markdown, for docs/pages/performance.md) and its targets."""

from collections.abc import Sequence
from dataclasses import dataclass

from bench.loadgen import Result

OURS, DATASETTE, CEILING = "mss-facts", "datasette", "ceiling"


@dataclass(frozen=True)
class Row:
    case: str
    server: str
    connections: int
    result: Result


def _find(rows: Sequence[Row], case: str, server: str) -> Result:
    return next(r.result for r in rows if r.case == case and r.server == server)


def print_table(rows: Sequence[Row]) -> bool:
    """Print results, ratios and targets; False if our service had errors."""
    print()
    print("| case | server | conns | status | req/s | p50 ms | p99 ms | errors |")
    print("|---|---|--:|--:|--:|--:|--:|--:|")
    for r in rows:
        x = r.result
        print(
            f"| {r.case} | {r.server} | {r.connections} | {x.statuses} | {x.rps:,.0f} | "
            f"{x.p50_ms:.2f} | {x.p99_ms:.2f} | {x.errors} |"
        )
    print()
    print("| case | mss-facts / datasette | mss-facts / ceiling |")
    print("|---|--:|--:|")
    for case in dict.fromkeys(r.case for r in rows):
        ours = _find(rows, case, OURS).rps
        ds, top = _find(rows, case, DATASETTE).rps, _find(rows, case, CEILING).rps
        # A server that answered nothing in time (wrk's timeouts) has no ratio to give.
        versus = f"{ours / ds:.1f}x" if ds else "(no answer in time)"
        ceiling = f"{ours / top:.0%}" if top else "(no answer in time)"
        print(f"| {case} | {versus} | {ceiling} |")
    print()
    checks: list[tuple[str, bool]] = []
    for case in ("list contingents", "filtered + sorted list", "item"):
        ours = _find(rows, case, OURS).rps
        checks.append((f"{case}: >= 10x Datasette", ours >= 10 * _find(rows, case, DATASETTE).rps))
        checks.append((f"{case}: >= 60% of ceiling", ours >= 0.6 * _find(rows, case, CEILING).rps))
    revalidation = _find(rows, "304 revalidation", OURS)
    listing = _find(rows, "list contingents", OURS)
    checks.append(("304 answered as 304", revalidation.statuses == "304"))
    checks.append(("304 at least as fast as a cached 200", revalidation.rps >= listing.rps))
    wide = _find(rows, "list, 64 connections", OURS)
    checks.append(("64 connections: p99 <= 3x p50", wide.p99_ms <= 3 * wide.p50_ms))
    errors = sum(r.result.errors for r in rows if r.server == OURS)
    checks.append(("mss-facts: zero errors", errors == 0))
    print("| target | met |")
    print("|---|---|")
    for name, met in checks:
        print(f"| {name} | {'yes' if met else 'NO'} |")
    print(flush=True)
    return errors == 0 and revalidation.statuses == "304"


def print_large(
    rows: Sequence[Row], counts: dict[str, int], info: dict[str, float], peak: float | None
) -> None:
    total = sum(counts.values())
    print()
    print(
        f"Large dataset: {counts['contingents']:,} contingents, {counts['quotes']:,} quotes, "
        f"{counts['officials']:,} officials ({total:,} records, plus what refers to them); "
        "our response cache off; Datasette on a copy of the file; 4 connections a case."
    )
    print()
    print("| case | mss-facts req/s (p50/p99 ms) | datasette req/s (p50/p99 ms) | ratio |")
    print("|---|--:|--:|--:|")
    by_case: dict[str, dict[str, Row]] = {}
    for r in rows:
        by_case.setdefault(r.case, {})[r.server] = r
    ratios = []
    for case, servers in by_case.items():
        ours = next(r.result for name, r in servers.items() if name.startswith("mss-facts"))
        theirs = servers["datasette"].result
        ratio = ours.rps / theirs.rps if theirs.rps else float("inf")
        ratios.append((case, ratio))
        print(
            f"| {case} | {ours.rps:,.0f} ({ours.p50_ms:.2f}/{ours.p99_ms:.2f}) "
            f"| {theirs.rps:,.0f} ({theirs.p50_ms:.2f}/{theirs.p99_ms:.2f}) | {ratio:.2f}x |"
        )
    print()
    load_s = info["load_s"]
    cpu = f" (cpu {info['load_cpu_s']:.1f} s)" if "load_cpu_s" in info else ""
    print(f"load (validate + load, `mss-facts load`): {load_s:.1f} s{cpu}, "
          f"loader peak RSS {info['load_peak_mib']:.0f} MiB")  # fmt: skip
    print(f"server peak RSS: {peak:.0f} MiB" if peak is not None else "server peak RSS: n/a")
    print()
    print("| target | met |")
    print("|---|---|")
    targets = [
        *((f"{case}: at least 3x Datasette", ratio >= 3) for case, ratio in ratios),
        ("load under 60 s", load_s < 60),
        ("loader peak RSS under 1.5 GiB", info["load_peak_mib"] < 1536),
        ("server peak memory < 300 MB", peak is not None and peak * 2**20 < 300e6),
    ]
    for name, met in targets:
        print(f"| {name} | {'yes' if met else 'NO'} |")
    print(flush=True)
