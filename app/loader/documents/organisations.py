"""Organisations: the documents the loader compiles for them."""

from collections import defaultdict
from collections.abc import Iterable, Sequence

from sqlalchemy.engine import Connection

from app.loader.documents.citations import load_citations
from app.loader.documents.involving import events_involving
from app.loader.documents.links import links, nation_links
from app.models.links import Link
from app.models.organisation import MemberPublic, MissionRolePublic, OrganisationPublic
from app.queries.officials import POSITION
from app.queries.organisations import ORG
from app.queries.tables import MISSION, QUOTE, Row, fetch_in
from app.queries.urls import Urls

_MISSION_ROLES = ("authorised_by", "partner_organisation")


def build(conn: Connection, rows: Sequence[Row], urls: Urls) -> list[OrganisationPublic]:
    slugs = [r["slug"] for r in rows]
    nation = nation_links(conn, (r["nation_code"] for r in rows), urls)
    pos_rows = sorted(
        fetch_in(conn, [POSITION], POSITION.c.organisation_slug, slugs),
        key=lambda p: (p["official_slug"], p["ordinal"]),
    )
    officials = links(conn, "officials", (p["official_slug"] for p in pos_rows), urls)
    members: dict[str, list[MemberPublic]] = defaultdict(list)
    for p in pos_rows:
        members[p["organisation_slug"]].append(
            MemberPublic(
                official=officials[p["official_slug"]],
                position=p["slug"],
                title=p["title"],
                current=bool(p["current"]),
            )
        )
    missions: dict[str, list[MissionRolePublic]] = defaultdict(list)
    for role in _MISSION_ROLES:
        column = f"{role}_slug"
        for m in sorted(
            fetch_in(
                conn, [MISSION.c.slug, MISSION.c.name, MISSION.c[column]], MISSION.c[column], slugs
            ),
            key=lambda m: m["slug"],
        ):
            link = Link(slug=m["slug"], name=m["name"], url=urls.record("missions", m["slug"]))
            missions[m[column]].append(MissionRolePublic(mission=link, role=role))
    quotes: dict[str, list[Link]] = defaultdict(list)
    for q in sorted(
        fetch_in(
            conn,
            [QUOTE.c.slug, QUOTE.c.speaker_organisation_slug],
            QUOTE.c.speaker_organisation_slug,
            slugs,
        ),
        key=lambda q: q["slug"],
    ):
        quotes[q["speaker_organisation_slug"]].append(
            Link(slug=q["slug"], url=urls.record("quotes", q["slug"]))
        )
    events = events_involving(conn, "organisations", slugs, urls)
    cited = load_citations(conn, "organisations", slugs, urls)
    return [
        OrganisationPublic(
            slug=r["slug"],
            url=urls.record("organisations", r["slug"]),
            name=r["name"],
            acronym=r["acronym"],
            nation=nation.get(r["nation_code"] or ""),
            members=members.get(r["slug"], []),
            missions=missions.get(r["slug"], []),
            quotes=quotes.get(r["slug"], []),
            events=events.get(r["slug"], []),
            evidence=cited.evidence_of(r["slug"]),
            conflicts=cited.conflicts_of(r["slug"]),
            corroboration=cited.corroboration_of(r["slug"]),
        )
        for r in rows
    ]


def by_keys(conn: Connection, keys: Iterable[str], urls: Urls) -> dict[str, OrganisationPublic]:
    rows = fetch_in(conn, [ORG], ORG.c.slug, keys)
    return {o.slug: o for o in build(conn, rows, urls)}
