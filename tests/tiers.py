"""Test tiers that need a tool from outside the venv: skipped, never silently, without it.

A test (or fixture) whose tool is missing calls `missing(tier, what, how)`: the test is
skipped, and pytest's terminal summary prints one line per such tier, naming what is
missing and how to get it. With MSS_TEST_REQUIRE_ALL_TIERS=1 (CI sets it) the test fails
instead, so a run can never pass with a tier left out.

`make test` installs or starts each tool where the machine allows (tests/setup-tools.sh).
"""

import os
import re
from collections import Counter
from typing import NoReturn

import pytest

REQUIRE_ALL_TIERS = "MSS_TEST_REQUIRE_ALL_TIERS"
_REASON = re.compile(r"tier (?P<tier>[\w-]+) missing: (?P<detail>[^\n]*)")


def required() -> bool:
    return os.environ.get(REQUIRE_ALL_TIERS) == "1"


def missing(tier: str, what: str, how: str) -> NoReturn:
    """Skip the test (fail it when every tier is required): `what` is missing, `how` gets it."""
    reason = f"tier {tier} missing: {what}; {how}"
    if required():
        pytest.fail(f"{reason} ({REQUIRE_ALL_TIERS}=1)", pytrace=False)
    pytest.skip(reason)


def summary(terminalreporter: pytest.TerminalReporter) -> None:
    """One line per missing tier, with the tests it skipped (or failed)."""
    details: dict[str, str] = {}
    counts: Counter[str] = Counter()
    for outcome in ("skipped", "error", "failed"):
        for report in terminalreporter.stats.get(outcome, []):
            longrepr = getattr(report, "longrepr", None)
            text = longrepr[2] if isinstance(longrepr, tuple) else str(longrepr)
            found = _REASON.search(text)
            if found is None:
                continue
            tier = found["tier"]
            details.setdefault(tier, found["detail"].removesuffix(f" ({REQUIRE_ALL_TIERS}=1)"))
            counts[tier] += 1
    if not details:
        return
    verb = f"failed ({REQUIRE_ALL_TIERS}=1)" if required() else "skipped"
    terminalreporter.section("missing test tiers", sep="=", yellow=True, bold=True)
    for tier in sorted(details):
        tests = "1 test" if counts[tier] == 1 else f"{counts[tier]} tests"
        terminalreporter.line(f"{tier}: {tests} {verb}: {details[tier]}")
