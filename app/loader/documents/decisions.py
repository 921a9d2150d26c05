"""Decisions: the documents the loader compiles for them."""

from collections import defaultdict
from collections.abc import Iterable, Sequence

from sqlalchemy.engine import Connection

from app.loader.documents.citations import load_citations
from app.loader.documents.involving import events_involving
from app.loader.documents.links import fuzzy, links, nation_links, quantity
from app.models.common import FuzzyDate
from app.models.decision import DecisionPublic, VotePublic
from app.models.links import NationLink
from app.queries.decisions import D
from app.queries.tables import ABSTENTION, Row, fetch_in
from app.queries.urls import Urls


def build(conn: Connection, rows: Sequence[Row], urls: Urls) -> list[DecisionPublic]:
    slugs = [r["slug"] for r in rows]
    abstention_rows = sorted(
        fetch_in(conn, [ABSTENTION], ABSTENTION.c.decision_slug, slugs),
        key=lambda a: (a["decision_slug"], a["ordinal"]),
    )
    nation = nation_links(conn, (a["nation_code"] for a in abstention_rows), urls)
    abstaining: dict[str, list[NationLink]] = defaultdict(list)
    for a in abstention_rows:
        abstaining[a["decision_slug"]].append(nation[a["nation_code"]])
    mission = links(conn, "missions", (r["mission_slug"] for r in rows), urls)
    body = links(conn, "organisations", (r["body_slug"] for r in rows), urls)
    events = events_involving(conn, "decisions", slugs, urls)
    cited = load_citations(conn, "decisions", slugs, urls)
    out = []
    for r in rows:
        slug = r["slug"]
        vote = None
        if r["vote"] is not None:
            counts = {k: r["vote"][k] for k in ("in_favour", "against", "abstentions")}
            vote = VotePublic(
                **counts, abstaining=abstaining.get(slug, []), unanimous=r["vote"]["unanimous"]
            )
        out.append(
            DecisionPublic(
                slug=slug,
                url=urls.record("decisions", slug),
                mission=mission[r["mission_slug"]],
                kind=r["kind"],
                title=r["title"],
                body=body.get(r["body_slug"] or ""),
                number=r["number"],
                date=FuzzyDate.model_validate(r["date"]),
                vote=vote,
                authorises=r["authorises"],
                duration=r["duration"],
                until=fuzzy(r["until"]),
                personnel_ceiling=quantity(r, "personnel_ceiling"),
                events=events.get(slug, []),
                evidence=cited.evidence_of(slug),
                conflicts=cited.conflicts_of(slug),
                corroboration=cited.corroboration_of(slug),
            )
        )
    return out


def by_keys(conn: Connection, keys: Iterable[str], urls: Urls) -> dict[str, DecisionPublic]:
    rows = fetch_in(conn, [D], D.c.slug, keys)
    return {d.slug: d for d in build(conn, rows, urls)}
