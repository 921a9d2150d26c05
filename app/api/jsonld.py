"""JSON-LD (`Accept: application/ld+json` or `format=jsonld`) for records and lists.

Each record becomes a schema.org node: officials are `Person`, organisations and missions
`Organization`, nations `Country`, quotes `Quotation`, events and contingents (a
deployment is a happening) `Event`, sources `NewsArticle`, conflicts `Claim`. Its
evidence becomes `citation` (the cited document) and PROV `wasDerivedFrom` (the exact
excerpt, as a `Quotation` that `isPartOf` the source). The context is inline, so no
client has to fetch anything to expand it.
"""

from collections.abc import Mapping, Sequence
from typing import Any

import orjson
from starlette.responses import Response

from app.queries.documents import absolute
from app.resources import BY_NAME

MEDIA_TYPE = "application/ld+json"
CONTEXT: dict[str, Any] = {
    "@vocab": "https://schema.org/",
    "prov": "http://www.w3.org/ns/prov#",
    "wasDerivedFrom": {"@id": "prov:wasDerivedFrom", "@type": "@id"},
    "citation": {"@type": "@id"},
    "url": {"@type": "@id"},
    "sameAs": {"@type": "@id"},
}
# Each kind of record's schema.org type.
_TYPES = {name: resource.jsonld_type for name, resource in BY_NAME.items()}


def _kind(record: Mapping[str, Any]) -> str | None:
    url = str(record.get("url", ""))
    parts = url.split("/v1/", 1)
    return parts[1].split("/", 1)[0] if len(parts) == 2 else None


def _ref(link: Any) -> dict[str, Any] | None:
    if isinstance(link, Mapping) and link.get("url"):
        node: dict[str, Any] = {"@id": link["url"]}
        if link.get("name"):
            node["name"] = link["name"]
        return node
    return None


def _date(value: Any) -> str | None:
    if isinstance(value, Mapping):
        earliest, latest = value.get("earliest_on"), value.get("latest_on")
        if earliest and earliest == latest:
            return str(earliest)
        return str(earliest)[:7] if earliest and latest and earliest[:7] == latest[:7] else None
    return None


def _evidence(record: Mapping[str, Any]) -> dict[str, Any]:
    cited, derived = [], []
    for e in record.get("evidence") or []:
        if e.get("source_url") not in cited:
            cited.append(e["source_url"])
        base = e["source_api_url"]
        part = {"@id": base, "@type": "NewsArticle", "url": e["source_url"]}
        if e.get("excerpt") is not None and e.get("start") is not None:
            derived.append(
                {
                    "@id": f"{base}/excerpts/{e['start']}-{e['end']}",
                    "@type": "Quotation",
                    "text": e["excerpt"],
                    "isPartOf": part,
                }
            )
        else:
            derived.append(
                {
                    "@id": base,
                    "@type": "NewsArticle",
                    "url": e["source_url"],
                    "description": e.get("claim"),
                }
            )
    out: dict[str, Any] = {}
    if cited:
        out["citation"] = cited
        out["wasDerivedFrom"] = derived
    return out


def node(record: Mapping[str, Any]) -> dict[str, Any]:
    """One record as a schema.org node."""
    kind = _kind(record)
    out: dict[str, Any] = {"@id": record.get("url"), "@type": _TYPES.get(kind or "", "Thing")}
    key = record.get("slug", record.get("code"))
    if key is not None:
        out["identifier"] = key
    for name in ("name", "description", "text"):
        if record.get(name):
            out[name] = record[name]
    if kind == "nations":
        out["identifier"] = record.get("code")
    elif kind in ("organisations", "missions"):
        if record.get("acronym"):
            out["alternateName"] = record["acronym"]
        if kind == "missions" and record.get("purpose"):
            out["description"] = record["purpose"]
    elif kind == "officials":
        if nation := _ref(record.get("nation")):
            out["nationality"] = {**nation, "@type": "Country"}
        out["jobTitle"] = [p["title"] for p in record.get("positions") or [] if p.get("title")]
    elif kind == "quotes":
        if speaker := _ref(record.get("speaker")):
            out["spokenByCharacter"] = speaker
        if when := _date(record.get("date")):
            out["dateCreated"] = when
        if record.get("venue"):
            out["locationCreated"] = {"@type": "Place", "name": record["venue"]}
    elif kind == "events":
        out["name"] = record.get("title")
        if when := _date(record.get("date")):
            out["startDate"] = when
        if record.get("place"):
            out["location"] = {"@type": "Place", "name": record["place"]}
    elif kind == "contingents":
        out["name"] = f"Deployment {key}"
        when = _date(record.get("arrived")) or _date(record.get("deployed"))
        if when:
            out["startDate"] = when
        if record.get("arrival_place"):
            out["location"] = {"@type": "Place", "name": record["arrival_place"]}
        if nation := _ref(record.get("nation")):
            out["organizer"] = {**nation, "@type": "Country"}
        if record.get("status") == "planned":
            out["eventStatus"] = "https://schema.org/EventScheduled"
    elif kind == "sources":
        out["headline"] = record.get("title")
        out["url"] = record.get("document_url")
        out["publisher"] = {"@type": "Organization", "name": record.get("publisher")}
        if when := _date(record.get("published")):
            out["datePublished"] = when
    return {**{k: v for k, v in out.items() if v is not None}, **_evidence(record)}


def document(records: Sequence[Mapping[str, Any]], many: bool) -> dict[str, Any]:
    if many:
        return {"@context": CONTEXT, "@graph": [node(r) for r in records]}
    return {"@context": CONTEXT, **node(records[0])}


def jsonld_response(
    records: Sequence[Mapping[str, Any]],
    many: bool,
    headers: Mapping[str, str] | None = None,
    base: str = "",
) -> Response:
    """`records` as JSON-LD; `base` makes links that are still relative absolute."""
    body = absolute(orjson.dumps(document(records, many)), base)
    return Response(body, media_type=MEDIA_TYPE, headers=headers)
