"""Strength: the documents the loader compiles for each reported figure."""

from collections.abc import Iterable, Sequence

from sqlalchemy.engine import Connection

from app.loader.documents.citations import load_citations
from app.loader.documents.links import links, nation_links
from app.models.common import FuzzyDate
from app.models.strength import StrengthPublic
from app.queries.strength import F
from app.queries.tables import Row, fetch_in
from app.queries.urls import Urls


def build(conn: Connection, rows: Sequence[Row], urls: Urls) -> list[StrengthPublic]:
    slugs = [r["slug"] for r in rows]
    nation = nation_links(conn, (r["nation_code"] for r in rows), urls)
    mission = links(conn, "missions", (r["mission_slug"] for r in rows), urls)
    cited = load_citations(conn, "strength", slugs, urls)
    return [
        StrengthPublic(
            slug=r["slug"],
            url=urls.record("strength", r["slug"]),
            mission=mission[r["mission_slug"]],
            nation=nation.get(r["nation_code"] or ""),
            scope=r["scope"],
            service=r["service"],
            participation=r["participation_slug"],
            value=r["value"],
            qualifier=r["qualifier"],
            unit=r["unit"],
            basis=r["basis"],
            as_of=FuzzyDate.model_validate(r["as_of"]),
            evidence=cited.evidence_of(r["slug"]),
            conflicts=cited.conflicts_of(r["slug"]),
            corroboration=cited.corroboration_of(r["slug"]),
        )
        for r in rows
    ]


def by_keys(conn: Connection, keys: Iterable[str], urls: Urls) -> dict[str, StrengthPublic]:
    rows = fetch_in(conn, [F], F.c.slug, keys)
    return {s.slug: s for s in build(conn, rows, urls)}
