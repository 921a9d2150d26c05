"""Every fact in the primary article can be found through the API: each sentence is
cited by some served record's evidence, and its words find that record by search."""

import re
from typing import Any

from fastapi.testclient import TestClient

from tests.api.helpers import LIST_ENDPOINTS

ARTICLE = "odrimedia-ruto-haiti-mss"


def _evidence(obj: Any, owner: tuple[str, str] | None = None) -> list[tuple[Any, dict[str, Any]]]:
    found = []
    if isinstance(obj, dict):
        if "evidence" in obj and owner is not None:
            found += [(owner, e) for e in obj["evidence"]]
        for value in obj.values():
            found += _evidence(value, owner)
    elif isinstance(obj, list):
        for value in obj:
            found += _evidence(value, owner)
    return found


def _sentences(text: str) -> list[tuple[int, int]]:
    return [
        (m.start(), m.end()) for m in re.finditer(r"[^.”]+(?:\.”?|”|$)", text) if m.group().strip()
    ]


def test_every_sentence_is_cited_by_a_served_record(client: TestClient) -> None:
    text = client.get(f"/v1/sources/{ARTICLE}").json()["data"]["text"]
    cited: list[tuple[Any, dict[str, Any]]] = []
    for url in LIST_ENDPOINTS:
        for item in client.get(url, params={"limit": 500}).json()["data"]:
            owner = (url.rsplit("/", 1)[-1], item.get("slug") or item.get("code"))
            cited += _evidence(item, owner)
    spans = [(e["start"], e["end"]) for _, e in cited if e["verified"] and e["source"] == ARTICLE]
    sentences = _sentences(text)
    assert len(sentences) >= 15
    for start, end in sentences:
        assert any(s < end and start < e for s, e in spans), text[start:end]


def test_rare_words_of_every_paragraph_find_records(client: TestClient) -> None:
    for word in ["gratitude", "Cathedral", "spearheaded", "escalating", "diplomacy", "children",
                 "authorized", "stationed", "safely", "Lolmodoni", "Masengeli", "Commandant",
                 "June", "policing", "Jamaica", "Salvador", "helm", "speculation", "robust",
                 "aspects", "thrive"]:  # fmt: skip
        hits = client.get("/v1/search", params={"q": word}).json()["data"]
        assert any(h["kind"] != "sources" for h in hits), word
