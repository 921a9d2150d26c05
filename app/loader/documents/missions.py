"""Missions: the documents the loader compiles for them."""

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Sequence
from typing import Any

from sqlalchemy.engine import Connection

from app.loader.documents.citations import load_citations
from app.loader.documents.evidence import load_evidence
from app.loader.documents.involving import events_involving
from app.loader.documents.links import date_key, fuzzy, links, list_link, nation_links
from app.models.common import FuzzyDate
from app.models.links import Link
from app.models.mission import (
    ROLES,
    CurrentFigurePublic,
    FigurePublic,
    MissionPublic,
    ParticipationPublic,
)
from app.queries.missions import FIGURE, PART, M
from app.queries.tables import (
    CONTINGENT,
    DECISION,
    PLEDGE,
    STRENGTH,
    Row,
    count_by,
    fetch_in,
)
from app.queries.urls import Urls


def _role_rank(role: str) -> int:
    return ROLES.index(role) if role in ROLES else len(ROLES)


def _figure_order(f: FigurePublic) -> tuple[Any, ...]:
    return date_key(f.as_of.earliest_on, f.as_of.latest_on, f.slug)


def participations(
    conn: Connection, column: str, keys: Iterable[str], urls: Urls
) -> dict[str, list[ParticipationPublic]]:
    """Participations whose `column` (mission_slug or nation_code) is in `keys`, grouped by
    that key, each with its figures (oldest first) and evidence."""
    rows = fetch_in(conn, [PART], PART.c[column], keys)
    rows.sort(key=lambda r: (_role_rank(r["role"]), r["nation_code"], r["slug"]))
    slugs = [r["slug"] for r in rows]
    fig_rows = fetch_in(conn, [FIGURE], FIGURE.c.participation_slug, slugs)
    evidence = load_evidence(
        conn,
        [("participations", s) for s in slugs] + [("strength", f["slug"]) for f in fig_rows],
        urls,
    )
    figures: dict[str, list[FigurePublic]] = defaultdict(list)
    for f in fig_rows:
        figures[f["participation_slug"]].append(
            FigurePublic(
                slug=f["slug"],
                value=f["value"],
                qualifier=f["qualifier"],
                unit=f["unit"],
                as_of=FuzzyDate.model_validate(f["as_of"]),
                evidence=evidence.get(("strength", f["slug"]), []),
            )
        )
    mission_links = links(conn, "missions", (r["mission_slug"] for r in rows), urls)
    nation = nation_links(conn, (r["nation_code"] for r in rows), urls)
    out: dict[str, list[ParticipationPublic]] = defaultdict(list)
    for r in rows:
        out[r[column]].append(
            ParticipationPublic(
                slug=r["slug"],
                mission=mission_links[r["mission_slug"]],
                nation=nation[r["nation_code"]],
                role=r["role"],
                description=r["description"],
                figures=sorted(figures.get(r["slug"], []), key=_figure_order),
                evidence=evidence.get(("participations", r["slug"]), []),
            )
        )
    return out


def _latest(figures: list[FigurePublic]) -> FigurePublic | None:
    """The figure with the latest as-of date (earliest bound first, then latest bound)."""

    def key(f: FigurePublic) -> tuple[dt.date, dt.date, str]:
        return (
            f.as_of.earliest_on or dt.date.min,
            f.as_of.latest_on or f.as_of.earliest_on or dt.date.min,
            f.slug,
        )

    return max(figures, key=key) if figures else None


def current_figures(parts: list[ParticipationPublic]) -> list[CurrentFigurePublic]:
    out = []
    for p in parts:
        latest = _latest(p.figures)
        if latest is not None:
            out.append(
                CurrentFigurePublic(
                    nation=p.nation, role=p.role, participation=p.slug, figure=latest
                )
            )
    return out


def mission_exists(conn: Connection, slug: str) -> bool:
    return bool(fetch_in(conn, [M.c.slug], M.c.slug, [slug]))


def build(conn: Connection, rows: Sequence[Row], urls: Urls) -> list[MissionPublic]:
    slugs = [r["slug"] for r in rows]
    nation = nation_links(
        conn, [r["host_nation_code"] for r in rows] + [r["lead_nation_code"] for r in rows], urls
    )
    orgs = links(
        conn,
        "organisations",
        [r["authorised_by_slug"] for r in rows] + [r["partner_organisation_slug"] for r in rows],
        urls,
    )
    parts = participations(conn, "mission_slug", slugs, urls)
    contingents = count_by(conn, CONTINGENT.c.mission_slug, slugs)
    decisions = count_by(conn, DECISION.c.mission_slug, slugs)
    strength = count_by(conn, STRENGTH.c.mission_slug, slugs)
    pledges = count_by(conn, PLEDGE.c.mission_slug, slugs)
    successor_rows = fetch_in(conn, [M.c.slug, M.c.predecessor_slug], M.c.predecessor_slug, slugs)
    related = links(
        conn,
        "missions",
        [r["predecessor_slug"] for r in rows] + [r["slug"] for r in successor_rows],
        urls,
    )
    successors: dict[str, list[Link]] = defaultdict(list)
    for s in sorted(successor_rows, key=lambda s: s["slug"]):
        successors[s["predecessor_slug"]].append(related[s["slug"]])
    events = events_involving(conn, "missions", slugs, urls)
    cited = load_citations(conn, "missions", slugs, urls)
    out = []
    for r in rows:
        slug = r["slug"]
        mission_parts = parts.get(slug, [])
        out.append(
            MissionPublic(
                slug=slug,
                url=urls.record("missions", slug),
                name=r["name"],
                acronym=r["acronym"],
                purpose=r["purpose"],
                host_nation=nation.get(r["host_nation_code"] or ""),
                lead_nation=nation.get(r["lead_nation_code"] or ""),
                authorised_by=orgs.get(r["authorised_by_slug"] or ""),
                partner_organisation=orgs.get(r["partner_organisation_slug"] or ""),
                predecessor=related.get(r["predecessor_slug"] or ""),
                successors=successors.get(slug, []),
                authorised=fuzzy(r["authorised"]),
                authorisation_ended=fuzzy(r["authorisation_ended"]),
                decisions=list_link(urls, "decisions", decisions, mission=slug),
                strength=list_link(urls, "strength", strength, mission=slug),
                pledges=list_link(urls, "pledges", pledges, mission=slug),
                participations=mission_parts,
                current_figures=current_figures(mission_parts),
                contingents=list_link(urls, "contingents", contingents, mission=slug),
                events=events.get(slug, []),
                evidence=cited.evidence_of(slug),
                conflicts=cited.conflicts_of(slug),
                corroboration=cited.corroboration_of(slug),
            )
        )
    return out


def by_keys(conn: Connection, keys: Iterable[str], urls: Urls) -> dict[str, MissionPublic]:
    rows = fetch_in(conn, [M], M.c.slug, keys)
    return {m.slug: m for m in build(conn, rows, urls)}
