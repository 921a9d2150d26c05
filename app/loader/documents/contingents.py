"""Contingents: the documents the loader compiles for them."""

from collections import defaultdict
from collections.abc import Iterable, Sequence
from typing import Any

from sqlalchemy.engine import Connection

from app.loader.documents.citations import load_citations
from app.loader.documents.involving import events_involving
from app.loader.documents.links import fuzzy, links, nation_links, quantity
from app.models.contingent import ContingentPublic
from app.models.links import Link
from app.queries.contingents import ESCORT, C
from app.queries.tables import Row, fetch_in
from app.queries.urls import Urls


def build(conn: Connection, rows: Sequence[Row], urls: Urls) -> list[ContingentPublic]:
    """Public records for `rows` (contingent table rows), related data loaded per page."""
    slugs = [r["slug"] for r in rows]
    nation = nation_links(conn, (r["nation_code"] for r in rows), urls)
    mission = links(conn, "missions", (r["mission_slug"] for r in rows), urls)
    escort_rows = sorted(
        fetch_in(conn, [ESCORT], ESCORT.c.contingent_slug, slugs),
        key=lambda r: (r["contingent_slug"], r["ordinal"]),
    )
    officials = links(conn, "officials", (r["official_slug"] for r in escort_rows), urls)
    escorts: dict[str, list[Link | Any]] = defaultdict(list)
    for r in escort_rows:
        escorts[r["contingent_slug"]].append(officials[r["official_slug"]])
    cited = load_citations(conn, "contingents", slugs, urls)
    events = events_involving(conn, "contingents", slugs, urls)
    out = []
    for r in rows:
        slug = r["slug"]
        out.append(
            ContingentPublic(
                slug=slug,
                url=urls.record("contingents", slug),
                mission=mission[r["mission_slug"]],
                nation=nation[r["nation_code"]],
                ordinal=r["ordinal"],
                personnel=quantity(r, "personnel"),
                status=r["status"],
                departed=fuzzy(r["departed"]),
                deployed=fuzzy(r["deployed"]),
                arrived=fuzzy(r["arrived"]),
                returned=fuzzy(r["returned"]),
                departure_place=r["departure_place"],
                arrival_place=r["arrival_place"],
                received_by=r["received_by"],
                escorts=escorts.get(slug, []),
                events=events.get(slug, []),
                evidence=cited.evidence_of(slug),
                conflicts=cited.conflicts_of(slug),
                corroboration=cited.corroboration_of(slug),
            )
        )
    return out


def by_keys(conn: Connection, keys: Iterable[str], urls: Urls) -> dict[str, ContingentPublic]:
    rows = fetch_in(conn, [C], C.c.slug, keys)
    return {c.slug: c for c in build(conn, rows, urls)}
