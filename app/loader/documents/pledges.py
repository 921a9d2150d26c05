"""Pledges: the documents the loader compiles for them."""

from collections.abc import Iterable, Sequence

from sqlalchemy.engine import Connection

from app.loader.documents.citations import load_citations
from app.loader.documents.links import links, nation_links, quantity
from app.models.common import FuzzyDate
from app.models.pledge import PledgePublic
from app.queries.pledges import P
from app.queries.tables import Row, fetch_in
from app.queries.urls import Urls


def build(conn: Connection, rows: Sequence[Row], urls: Urls) -> list[PledgePublic]:
    slugs = [r["slug"] for r in rows]
    nation = nation_links(conn, (r["nation_code"] for r in rows), urls)
    mission = links(conn, "missions", (r["mission_slug"] for r in rows), urls)
    officials = links(conn, "officials", (r["made_by_slug"] for r in rows), urls)
    cited = load_citations(conn, "pledges", slugs, urls)
    return [
        PledgePublic(
            slug=r["slug"],
            url=urls.record("pledges", r["slug"]),
            mission=mission[r["mission_slug"]],
            nation=nation[r["nation_code"]],
            kind=r["kind"],
            personnel=quantity(r, "personnel"),
            made=FuzzyDate.model_validate(r["made"]),
            made_by=officials.get(r["made_by_slug"] or ""),
            description=r["description"],
            evidence=cited.evidence_of(r["slug"]),
            conflicts=cited.conflicts_of(r["slug"]),
            corroboration=cited.corroboration_of(r["slug"]),
        )
        for r in rows
    ]


def by_keys(conn: Connection, keys: Iterable[str], urls: Urls) -> dict[str, PledgePublic]:
    rows = fetch_in(conn, [P], P.c.slug, keys)
    return {p.slug: p for p in build(conn, rows, urls)}
