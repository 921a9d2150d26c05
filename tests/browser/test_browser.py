"""In headless Chromium: a page on another origin reads the API with fetch() (CORS), and
the explorer at / renders every section, links facts to highlighted evidence, works from
the keyboard, and leaves a screenshot in the artefacts directory."""

import unicodedata
from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, ConsoleMessage, Page

from tests.api.v1.curated import curated
from tests.browser.conftest import artifacts_dir


def _collation_key(name: str) -> str:
    """Roughly how a browser's English collation orders names: case and accents aside."""
    return "".join(
        c for c in unicodedata.normalize("NFKD", name) if not unicodedata.combining(c)
    ).casefold()


@pytest.fixture
def page(browser: Browser) -> Iterator[tuple[Page, list[str]]]:
    context = browser.new_context(viewport={"width": 1100, "height": 900})
    tab = context.new_page()
    problems: list[str] = []

    def on_console(message: ConsoleMessage) -> None:
        if message.type in ("error", "warning"):
            problems.append(f"console {message.type}: {message.text}")

    tab.on("console", on_console)
    tab.on("pageerror", lambda error: problems.append(f"page error: {error}"))
    tab.on("requestfailed", lambda r: problems.append(f"request failed: {r.url} {r.failure}"))
    try:
        yield tab, problems
    finally:
        context.close()


def test_another_origin_reads_the_api_with_fetch(
    page: tuple[Page, list[str]], api_url: str, other_origin: str
) -> None:
    tab, problems = page
    tab.goto(f"{other_origin}/cors.html?api={api_url}")
    tab.wait_for_function("document.getElementById('state').textContent !== 'loading'")
    contingents = len(curated().contingents)
    assert tab.text_content("#state") == f"total {contingents}"
    rows = tab.locator("#contingents tbody tr")
    assert rows.count() == contingents
    assert "ke-217-january-2025" in rows.all_text_contents()[0] + "".join(rows.all_text_contents())
    assert tab.locator("#hits li").count() >= 1
    assert problems == []


def test_the_explorer_shows_every_section(page: tuple[Page, list[str]], api_url: str) -> None:
    tab, problems = page
    tab.goto(f"{api_url}/")
    tab.wait_for_selector("body[data-ready='true']")
    assert tab.locator("h1").inner_text() == "MSS Facts Explorer"
    headings = tab.locator("h2").all_inner_texts()
    assert headings[:9] == [
        "The mission at a glance",
        "Deployments",
        "Personnel by nation",
        "The mission's timeline",
        "Reported strength over time",
        "Pledged and sent",
        "Disagreements",
        "Quotes",
        "Search",
    ]
    ds = curated()
    facts = tab.inner_text("#mission-facts")
    assert "Multinational Security Support (MSS)" in facts
    # Kenya, Jamaica and four military contributors; not the host or the supporter.
    assert "Contributing nations\t6" in facts or "Contributing nations\n6" in facts
    assert tab.locator("#timeline-list li").count() == len(ds.contingents)
    assert tab.locator("#timeline-list li.planned").count() >= 1
    timeline = tab.inner_text("#timeline-list")
    assert "18 January 2025: Kenya, 217 officers" in timeline
    assert "“February” (not pinned to a day)" in timeline
    assert "precision: unknown" in timeline
    chart = tab.locator("#personnel-chart svg")
    assert chart.get_attribute("role") == "img"
    assert tab.locator("#personnel-chart svg rect.bar").count() >= 1
    assert "more than 700" in tab.inner_text("#personnel-chart")
    assert tab.locator("#quote-list figure").count() == len(ds.quotes)
    assert tab.locator("#event-list li").count() == len(ds.events)
    dated = [f for f in ds.strength if f.as_of.earliest_on]
    assert tab.locator("#strength-chart svg a.figure-point").count() == len(dated)
    nations = {p.nation for p in ds.pledges}
    assert tab.locator("#pledge-table tbody tr").count() >= len(nations)
    names = tab.locator("#pledge-table tbody th").all_inner_texts()
    assert names == sorted(names, key=_collation_key)  # looked up by name, not by code
    table = tab.inner_text("#pledge-table")  # an open bound is worded, never "null"
    assert "null" not in table
    assert "undefined" not in table
    assert tab.locator("#conflict-list .conflict").count() == len(ds.conflicts)
    assert "William Ruto" in tab.inner_text("#quote-list")
    tab.screenshot(path=str(artifacts_dir() / "explorer.png"), full_page=True)
    assert problems == []


def test_a_fact_links_to_its_evidence_highlighted(
    page: tuple[Page, list[str]], api_url: str
) -> None:
    tab, problems = page
    tab.goto(f"{api_url}/")
    tab.wait_for_selector("body[data-ready='true']")
    link = tab.locator("#timeline-list a[href^='#evidence/']").first
    link.click()
    tab.wait_for_selector("#evidence-body mark")
    marked = tab.inner_text("#evidence-body mark")
    assert marked
    assert marked in tab.inner_text("#evidence-body .source-text")
    assert "matches its SHA-256" in tab.inner_text("#evidence-body")
    assert tab.evaluate("document.activeElement.id") == "evidence-h"
    tab.screenshot(path=str(artifacts_dir() / "explorer-evidence.png"))
    assert problems == []


def test_a_strength_point_opens_its_sources(page: tuple[Page, list[str]], api_url: str) -> None:
    tab, problems = page
    tab.goto(f"{api_url}/")
    tab.wait_for_selector("body[data-ready='true']")
    point = tab.locator("#strength-chart a.figure-point").first
    href = point.get_attribute("href")
    assert href
    assert href.startswith("#strength/")
    point.click()
    tab.wait_for_selector("#figure-sources li")
    slug = href.removeprefix("#strength/")
    [figure] = [f for f in curated().strength if f.slug == slug]
    assert tab.locator("#figure-sources li").count() == len(figure.evidence)
    assert "Independent reports" in tab.inner_text("#evidence-body")
    tab.locator("#strength").screenshot(path=str(artifacts_dir() / "explorer-strength.png"))
    tab.locator("#pledges").screenshot(path=str(artifacts_dir() / "explorer-pledges.png"))
    tab.locator("#conflicts").screenshot(path=str(artifacts_dir() / "explorer-conflicts.png"))
    tab.locator("#events").screenshot(path=str(artifacts_dir() / "explorer-timeline.png"))
    assert problems == []


def test_search_works_from_the_keyboard(page: tuple[Page, list[str]], api_url: str) -> None:
    tab, problems = page
    tab.goto(f"{api_url}/")
    tab.wait_for_selector("body[data-ready='true']")
    tab.keyboard.press("Tab")
    assert tab.evaluate("document.activeElement.textContent") == "Skip to content"
    assert tab.locator("label[for='search-q']").inner_text() == "Search every record"
    tab.focus("#search-q")
    tab.keyboard.type("Ruto")
    tab.keyboard.press("Enter")
    tab.wait_for_selector("#search-results li")
    assert "result" in tab.inner_text("#search-status")
    assert tab.locator("#search-results li a").count() >= 1
    assert problems == []
