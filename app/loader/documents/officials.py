"""Officials: the documents the loader compiles for them."""

from collections import defaultdict
from collections.abc import Iterable, Sequence

from sqlalchemy.engine import Connection

from app.loader.documents.citations import load_citations
from app.loader.documents.involving import events_involving
from app.loader.documents.links import fuzzy, links, nation_links
from app.models.links import Link
from app.models.official import OfficialPublic, PositionPublic
from app.queries.officials import ESCORT, POSITION
from app.queries.tables import OFFICIAL, QUOTE, Row, fetch_in
from app.queries.urls import Urls


def positions(conn: Connection, column: str, keys: Iterable[str]) -> list[Row]:
    """Positions whose `column` is in `keys`, by official then in the source's order."""
    rows = fetch_in(conn, [POSITION], POSITION.c[column], keys)
    return sorted(rows, key=lambda r: (r["official_slug"], r["ordinal"]))


def build(conn: Connection, rows: Sequence[Row], urls: Urls) -> list[OfficialPublic]:
    slugs = [r["slug"] for r in rows]
    pos_rows = positions(conn, "official_slug", slugs)
    orgs = links(conn, "organisations", (p["organisation_slug"] for p in pos_rows), urls)
    nation = nation_links(
        conn, [r["nation_code"] for r in rows] + [p["nation_code"] for p in pos_rows], urls
    )
    escort_rows = fetch_in(conn, [ESCORT], ESCORT.c.official_slug, slugs)
    escorted: dict[str, list[Link]] = defaultdict(list)
    for e in sorted(escort_rows, key=lambda e: e["contingent_slug"]):
        escorted[e["official_slug"]].append(
            Link(slug=e["contingent_slug"], url=urls.record("contingents", e["contingent_slug"]))
        )
    quote_rows = fetch_in(
        conn, [QUOTE.c.slug, QUOTE.c.speaker_official_slug], QUOTE.c.speaker_official_slug, slugs
    )
    quotes: dict[str, list[Link]] = defaultdict(list)
    for q in sorted(quote_rows, key=lambda q: q["slug"]):
        quotes[q["speaker_official_slug"]].append(
            Link(slug=q["slug"], url=urls.record("quotes", q["slug"]))
        )
    events = events_involving(conn, "officials", slugs, urls)
    cited = load_citations(
        conn, "officials", slugs, urls, also=[("positions", p["slug"]) for p in pos_rows]
    )
    held: dict[str, list[PositionPublic]] = defaultdict(list)
    for p in pos_rows:
        held[p["official_slug"]].append(
            PositionPublic(
                slug=p["slug"],
                title=p["title"],
                organisation=orgs.get(p["organisation_slug"] or ""),
                nation=nation.get(p["nation_code"] or ""),
                current=bool(p["current"]),
                started=fuzzy(p["started"]),
                ended=fuzzy(p["ended"]),
                evidence=cited.evidence_of(p["slug"], "positions"),
            )
        )
    return [
        OfficialPublic(
            slug=r["slug"],
            url=urls.record("officials", r["slug"]),
            name=r["name"],
            nation=nation.get(r["nation_code"] or ""),
            positions=held.get(r["slug"], []),
            escorted=escorted.get(r["slug"], []),
            quotes=quotes.get(r["slug"], []),
            events=events.get(r["slug"], []),
            evidence=cited.evidence_of(r["slug"]),
            conflicts=cited.conflicts_of(
                r["slug"], [("positions", p.slug) for p in held.get(r["slug"], [])]
            ),
            corroboration=cited.corroboration_of(r["slug"]),
        )
        for r in rows
    ]


def by_keys(conn: Connection, keys: Iterable[str], urls: Urls) -> dict[str, OfficialPublic]:
    rows = fetch_in(conn, [OFFICIAL], OFFICIAL.c.slug, keys)
    return {o.slug: o for o in build(conn, rows, urls)}
