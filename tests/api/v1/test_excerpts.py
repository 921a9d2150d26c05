"""/v1/sources/{slug}/excerpts: the excerpt in its context, re-checked against SHA-256."""

from fastapi.testclient import TestClient

SOURCE = "odrimedia-ruto-haiti-mss"


def test_every_evidence_excerpt_has_an_evidence_view(client: TestClient) -> None:
    contingent = client.get("/v1/contingents/ke-217-january-2025").json()["data"]
    cited = next(e for e in contingent["evidence"] if e["verified"])
    excerpt_id = f"{cited['start']}-{cited['end']}"
    response = client.get(f"/v1/sources/{SOURCE}/excerpts/{excerpt_id}?context=40")
    assert response.status_code == 200
    view = response.json()["data"]
    assert view["excerpt"] == cited["excerpt"]
    assert (view["start"], view["end"]) == (cited["start"], cited["end"])
    assert view["text_intact"] is True
    assert view["excerpt_matches"] is True
    assert view["sha256_actual"] == view["sha256"]
    assert len(view["before"]) <= 40
    assert len(view["after"]) == 40
    assert any(c["key"] == "ke-217-january-2025" for c in view["cited_by"])
    text = client.get(f"/v1/sources/{SOURCE}").json()["data"]["text"]
    assert text[view["start"] - len(view["before"]) : view["end"] + 40] == (
        view["before"] + view["excerpt"] + view["after"]
    )


def test_the_list_is_in_text_order(client: TestClient) -> None:
    excerpts = client.get(f"/v1/sources/{SOURCE}/excerpts").json()["data"]
    assert excerpts
    assert [e["start"] for e in excerpts] == sorted(e["start"] for e in excerpts)


def test_bad_ids_and_context_are_problems(client: TestClient) -> None:
    assert client.get(f"/v1/sources/{SOURCE}/excerpts/1-2").status_code == 404
    assert client.get(f"/v1/sources/{SOURCE}/excerpts/abc").status_code == 404
    assert client.get(f"/v1/sources/{SOURCE}/excerpts?context=99999").status_code == 422
    unstored = client.get("/v1/sources/latestly-ap-kenya-deploys-217/excerpts")
    assert unstored.status_code == 404
