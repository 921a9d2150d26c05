"""/v1/quotes: exact words, speaker, venue, date."""

import pytest
from fastapi.testclient import TestClient

from tests.api.helpers import assert_problem, data, keys

RUTO = ["ruto-proud-trump-supports-mission", "ruto-us-blessing-to-our-nation",
        "ruto-us-blessing-work-together"]  # fmt: skip


def test_quotes_are_exact_and_inside_their_excerpt(article_client: TestClient) -> None:
    quotes = data(article_client, "/v1/quotes")
    assert len(quotes) == 4
    for q in quotes:
        excerpts = [e["excerpt"] for e in q["evidence"] if e["excerpt"]]
        assert any(q["text"] in x for x in excerpts), q["slug"]
    proud = data(article_client, "/v1/quotes/ruto-proud-trump-supports-mission")
    assert proud["text"] == (
        "I am proud that even President Trump supports Kenya’s mission in Haiti to help the "
        "men, women, and children of that nation"
    )
    assert proud["speaker"]["kind"] == "officials"
    assert proud["speaker"]["slug"] == "william-ruto"
    assert proud["venue"] == "Global Cathedral, Nairobi"
    assert proud["date"]["earliest_on"] == "2025-01-26"
    assert proud["event"]["slug"] == "ruto-global-cathedral-speech"


def test_an_organisation_can_speak(article_client: TestClient) -> None:
    q = data(article_client, "/v1/quotes/nps-wishes-mss-success")
    assert q["speaker"] == {
        "object": "link",
        "kind": "organisations",
        "slug": "national-police-service-kenya",
        "name": "National Police Service of Kenya",
        "url": q["speaker"]["url"],
    }
    assert q["kind"] == "statement"


def test_default_order_is_by_date_undated_last(article_client: TestClient) -> None:
    assert keys(data(article_client, "/v1/quotes")) == [*RUTO, "nps-wishes-mss-success"]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"speaker": "william-ruto"}, RUTO),
        ({"speaker": "national-police-service-kenya"}, ["nps-wishes-mss-success"]),
        (
            {"speaker": "william-ruto,national-police-service-kenya"},
            [*RUTO, "nps-wishes-mss-success"],
        ),
        ({"kind": "statement"}, ["nps-wishes-mss-success"]),
        ({"kind": "interview"}, []),
        ({"event": "ruto-global-cathedral-speech"}, RUTO),
        ({"venue": "Global Cathedral, Nairobi"}, RUTO),
        ({"date__overlaps": "2025-01-26"}, RUTO),
        ({"date__overlaps": "2024"}, []),
        ({"date__gte": "2025-01-26"}, RUTO),
        ({"date__gt": "2025-01-26"}, []),
        ({"date__lt": "2025-02"}, RUTO),
        ({"date__lte": "2025-01-25"}, []),
        (
            {"sort": "-slug"},
            [
                "ruto-us-blessing-work-together",
                "ruto-us-blessing-to-our-nation",
                "ruto-proud-trump-supports-mission",
                "nps-wishes-mss-success",
            ],
        ),
        ({"sort": "-kind,slug"}, ["nps-wishes-mss-success", *RUTO]),
        ({"sort": "-date"}, [*RUTO, "nps-wishes-mss-success"]),
    ],
)
def test_filters_and_sorts(
    article_client: TestClient, query: dict[str, str], expected: list[str]
) -> None:
    assert keys(data(article_client, "/v1/quotes", **query)) == expected


def test_include_speaker_and_event(article_client: TestClient) -> None:
    items = data(article_client, "/v1/quotes", include="speaker,event")
    by_slug = {q["slug"]: q for q in items}
    assert by_slug["ruto-us-blessing-to-our-nation"]["speaker"]["positions"][0]["title"] == (
        "President"
    )
    assert by_slug["nps-wishes-mss-success"]["speaker"]["members"]
    assert by_slug["ruto-us-blessing-to-our-nation"]["event"]["kind"] == "speech"


def test_facets(article_client: TestClient) -> None:
    facets = article_client.get("/v1/quotes", params={"facet": "speaker,kind,event,venue"}).json()[
        "meta"
    ]["facets"]
    assert facets["speaker"] == [
        {"value": "william-ruto", "count": 3},
        {"value": "national-police-service-kenya", "count": 1},
    ]
    assert facets["kind"] == [{"value": "speech", "count": 3}, {"value": "statement", "count": 1}]
    assert facets["venue"] == [
        {"value": "Global Cathedral, Nairobi", "count": 3},
        {"value": None, "count": 1},
    ]
    assert facets["event"][0] == {"value": "ruto-global-cathedral-speech", "count": 3}


def test_unknown_quote(article_client: TestClient) -> None:
    assert_problem(article_client.get("/v1/quotes/unknown"), 404)
