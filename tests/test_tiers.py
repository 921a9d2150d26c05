"""A missing tier is skipped with one summary line naming it; required, it fails the run."""

import pytest

from tests.tiers import REQUIRE_ALL_TIERS

# A suite whose "widget" tier has no tool: a session fixture reports it missing, as the
# real tiers do, and the summary hook is the one tests/conftest.py installs.
CONFTEST = """
import pytest
from tests import tiers
from tests.conftest import pytest_terminal_summary

@pytest.fixture(scope="session")
def widget():
    tiers.missing("widget", "widget is not installed", "apt-get install widget")
"""
TESTS = """
def test_one(widget): pass
def test_two(widget): pass
def test_other(): pass
"""


@pytest.fixture
def suite(pytester: pytest.Pytester) -> pytest.Pytester:
    pytester.makeconftest(CONFTEST)
    pytester.makepyfile(test_widget=TESTS)
    return pytester


def _tier_lines(result: pytest.RunResult) -> list[str]:
    return [line for line in result.outlines if line.startswith("widget: ")]


def test_a_missing_tier_is_skipped_with_one_summary_line(
    suite: pytest.Pytester, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv(REQUIRE_ALL_TIERS, raising=False)
    result = suite.runpytest()
    result.assert_outcomes(passed=1, skipped=2)
    assert result.ret == pytest.ExitCode.OK
    result.stdout.fnmatch_lines(["*= missing test tiers =*"])
    assert _tier_lines(result) == [
        "widget: 2 tests skipped: widget is not installed; apt-get install widget"
    ]


def test_with_every_tier_required_a_missing_one_fails_the_run(
    suite: pytest.Pytester, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(REQUIRE_ALL_TIERS, "1")
    result = suite.runpytest()
    result.assert_outcomes(passed=1, errors=2)
    assert result.ret == pytest.ExitCode.TESTS_FAILED
    assert _tier_lines(result) == [
        f"widget: 2 tests failed ({REQUIRE_ALL_TIERS}=1): "
        "widget is not installed; apt-get install widget"
    ]


def test_no_tier_missing_prints_no_section(
    pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv(REQUIRE_ALL_TIERS, raising=False)
    pytester.makeconftest("from tests.conftest import pytest_terminal_summary\n")
    pytester.makepyfile(test_plain="def test_it(): pass\n")
    result = pytester.runpytest()
    result.assert_outcomes(passed=1)
    assert "missing test tiers" not in result.stdout.str()
