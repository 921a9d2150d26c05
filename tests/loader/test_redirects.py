"""data/redirects.yaml: optional, and each bad redirect is reported at its line."""

from app.loader.validate import validate_dir
from tests.loader.conftest import DataCopy

GOOD = """redirects:
  - from: quotes/an-old-slug
    to: quotes/nps-wishes-mss-success
    reason: renamed
"""


def test_the_file_is_optional_and_a_good_one_loads(data_copy: DataCopy) -> None:
    assert validate_dir(data_copy.path).redirects == []
    data_copy.write("redirects.yaml", GOOD)
    [redirect] = validate_dir(data_copy.path).redirects
    assert (redirect.from_, redirect.to) == ("quotes/an-old-slug", "quotes/nps-wishes-mss-success")


def test_each_bad_redirect_is_placed_at_its_line(data_copy: DataCopy) -> None:
    data_copy.write(
        "redirects.yaml",
        "redirects:\n"
        "  - from: quotes/gone\n"
        "    to: quotes/no-such-quote\n"
        "    reason: merged\n"
        "  - from: quotes/nps-wishes-mss-success\n"
        "    to: quotes/ruto-us-blessing-to-our-nation\n"
        "    reason: merged\n"
        "  - from: quotes/x\n"
        "    to: events/ruto-global-cathedral-speech\n"
        "    reason: renamed\n"
        "  - from: quotes/y\n"
        "    to: quotes/ruto-us-blessing-to-our-nation\n"
        "    reason: because\n",
    )
    problems = data_copy.problems()
    assert problems == [
        "data/redirects.yaml:3: -: -: to: quotes/no-such-quote does not exist",
        "data/redirects.yaml:5: -: -: from: quotes/nps-wishes-mss-success is a live record; "
        "remove it before redirecting it",
        "data/redirects.yaml:9: -: -: to: must name a record of the same kind as from (quotes)",
        "data/redirects.yaml:13: -: -: redirects[3] reason: Input should be 'merged' or 'renamed'",
    ]


def test_a_redirect_to_a_redirected_key_is_refused(data_copy: DataCopy) -> None:
    data_copy.write(
        "redirects.yaml",
        GOOD + "  - from: quotes/older\n    to: quotes/an-old-slug\n    reason: renamed\n",
    )
    assert any("does not exist" in p for p in data_copy.problems())
