"""The benchmark's report prints every row even when a server answered nothing in time."""

import pytest

from bench.loadgen import Result
from bench.report import CEILING, DATASETTE, OURS, Row, print_table

CASES = (
    "list contingents",
    "filtered + sorted list",
    "item",
    "search",
    "304 revalidation",
    "list, 64 connections",
)


def _rows(datasette_rps: float) -> list[Row]:
    rows = []
    for case in CASES:
        status = "304" if case == "304 revalidation" else "200"
        rows.append(Row(case, OURS, 32, Result(2000, 10, 20, 0, 4000, status)))
        rows.append(Row(case, DATASETTE, 32, Result(datasette_rps, 900, 1900, 0, 30, "200")))
        rows.append(Row(case, CEILING, 32, Result(4000, 5, 9, 0, 8000, "200")))
    return rows


def test_a_server_with_no_answer_in_time_has_no_ratio(capsys: pytest.CaptureFixture[str]) -> None:
    assert print_table(_rows(0.0))
    out = capsys.readouterr().out
    assert "| list contingents | (no answer in time) | 50% |" in out


def test_ratios_are_printed(capsys: pytest.CaptureFixture[str]) -> None:
    assert print_table(_rows(100.0))
    assert "| item | 20.0x | 50% |" in capsys.readouterr().out
