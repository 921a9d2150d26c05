"""Counts per kind and personnel sums that keep their qualifiers."""

import math
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.engine import Connection

from app.loader.documents.links import date_key, nation_links, quantity
from app.loader.documents.missions import current_figures, participations
from app.models import DatasetRelease
from app.models.common import FuzzyDate, Qualifier
from app.models.links import NationLink
from app.models.mission import ROLES
from app.models.stats import (
    ContingentGroup,
    FigureUsed,
    NationPersonnel,
    PledgeBrief,
    PledgedAndSent,
    RolePersonnel,
    StatsPublic,
    StrengthBrief,
    Total,
)
from app.queries.tables import (
    CONTINGENT,
    EVIDENCE,
    MISSION,
    PLEDGE,
    STRENGTH,
    Row,
    fetch_in,
    table,
)
from app.queries.urls import Urls

# Roles that bring personnel; lead, supporter and host do not by themselves.
PERSONNEL_ROLES = ("police_contributor", "personnel_contributor", "military_contributor")
RELEASE = table(DatasetRelease)


@dataclass(frozen=True)
class Addend:
    """One part of a sum: a qualified value, or None for a count nobody reported."""

    value: int | None
    qualifier: Qualifier | None
    unit: str | None


def add(parts: Sequence[Addend]) -> Total | None:
    """Sum qualified figures into the strongest statement the parts support.

    Each part bounds the true count: exact v is [v, v]; at_least v is [v, inf);
    more_than v is (v, inf); at_most v is [0, v]; fewer_than v is [0, v); approximately
    v and an unreported count bound nothing, [0, inf). The sum is exact when every part
    is exact; approximately when every part is exact or approximate; else a lower bound
    (more_than when a part's lower bound is strict, at_least otherwise) when there is one;
    else an upper bound; None when nothing can be said.
    """
    reported = [p for p in parts if p.value is not None and p.qualifier is not None]
    if not reported:
        return None
    lo, hi, nominal = 0, 0.0, 0
    lo_strict = hi_strict = False
    for p in parts:
        q, v = p.qualifier, p.value
        if q is None or v is None:
            hi = math.inf
            continue
        nominal += v
        if q == Qualifier.exact:
            lo, hi = lo + v, hi + v
        elif q == Qualifier.approximately:
            hi = math.inf
        elif q in (Qualifier.at_least, Qualifier.more_than):
            lo, hi = lo + v, math.inf
            lo_strict = lo_strict or q == Qualifier.more_than
        else:
            hi += v
            hi_strict = hi_strict or q == Qualifier.fewer_than
    units = {p.unit for p in reported}
    unit = (units.pop() if len(units) == 1 else None) or "personnel"

    def total(value: float, qualifier: Qualifier) -> Total:
        return Total(
            value=int(value),
            qualifier=qualifier,
            unit=unit,
            figures=len(reported),
            unreported=len(parts) - len(reported),
        )

    kinds = {p.qualifier for p in reported}
    if len(reported) == len(parts) and kinds <= {Qualifier.exact, Qualifier.approximately}:
        return total(
            nominal, Qualifier.exact if kinds == {Qualifier.exact} else Qualifier.approximately
        )
    if lo > 0 or lo_strict:
        return total(lo, Qualifier.more_than if lo_strict else Qualifier.at_least)
    if hi != math.inf:
        return total(hi, Qualifier.fewer_than if hi_strict else Qualifier.at_most)
    return None


def _counts(conn: Connection) -> dict[str, int]:
    row = conn.execute(
        select(RELEASE.c.counts).where(RELEASE.c.current.is_(True))
    ).scalar_one_or_none()
    counts = {k: int(v) for k, v in (row or {}).items()}
    cited = conn.execute(
        select(func.count(), func.count().filter(EVIDENCE.c.verified.is_(True)))
    ).one()
    counts["citations"] = int(cited[0])
    counts["citations_verified"] = int(cited[1])
    return counts


def _groups(
    rows: Iterable[tuple[str, Addend]], order: Sequence[str] | None = None
) -> list[ContingentGroup]:
    grouped: dict[str, list[Addend]] = defaultdict(list)
    for key, addend in rows:
        grouped[key].append(addend)
    keys = sorted(grouped, key=lambda k: (order.index(k) if order and k in order else 99, k))
    return [
        ContingentGroup(value=k, contingents=len(grouped[k]), personnel=add(grouped[k]))
        for k in keys
    ]


# A contingent in these states has left its home: its personnel were sent.
SENT = ("departed", "arrived", "returned")


def pledged_and_sent(
    conn: Connection,
    urls: Urls,
    missions: Sequence[str],
    contingents: Sequence[tuple[Row, Addend]],
) -> list[PledgedAndSent]:
    pledges = sorted(
        fetch_in(conn, [PLEDGE], PLEDGE.c.mission_slug, missions),
        key=lambda r: date_key(r["made_earliest_on"], r["made_latest_on"], r["slug"]),
    )
    figures = fetch_in(conn, [STRENGTH], STRENGTH.c.mission_slug, missions)
    latest: dict[str, Row] = {}
    for f in sorted(
        (f for f in figures if f["nation_code"] and f["as_of_earliest_on"]),
        key=lambda f: date_key(f["as_of_earliest_on"], f["as_of_latest_on"], f["slug"]),
    ):
        latest[f["nation_code"]] = f
    sent: dict[str, list[Addend]] = defaultdict(list)
    for r, a in contingents:
        if r["status"] in SENT:
            sent[r["nation_code"]].append(a)
    codes = sorted({p["nation_code"] for p in pledges} | set(sent))
    nation = nation_links(conn, codes, urls)
    out = []
    for code in codes:
        figure = latest.get(code)
        out.append(
            PledgedAndSent(
                nation=nation[code],
                pledges=[
                    PledgeBrief(
                        pledge=p["slug"],
                        kind=p["kind"],
                        personnel=quantity(p, "personnel"),
                        made=FuzzyDate.model_validate(p["made"]),
                    )
                    for p in pledges
                    if p["nation_code"] == code
                ],
                sent=add(sent[code]) if sent.get(code) else None,
                contingents_sent=len(sent.get(code, [])),
                latest_strength=StrengthBrief(
                    figure=figure["slug"],
                    value=figure["value"],
                    qualifier=figure["qualifier"],
                    unit=figure["unit"],
                    as_of=FuzzyDate.model_validate(figure["as_of"]),
                )
                if figure
                else None,
            )
        )
    return out


def stats(conn: Connection, urls: Urls, mission: str | None = None) -> StatsPublic:
    missions = [mission] if mission else [r[0] for r in conn.execute(select(MISSION.c.slug)).all()]
    parts = [p for ps in participations(conn, "mission_slug", missions, urls).values() for p in ps]
    contributing = [p for p in parts if p.role in PERSONNEL_ROLES]
    latest = {c.participation: c.figure for c in current_figures(contributing)}

    def addend(slug: str) -> Addend:
        f = latest.get(slug)
        return Addend(f.value, f.qualifier, f.unit) if f else Addend(None, None, None)

    by_nation: dict[str, list[str]] = defaultdict(list)
    nation_link: dict[str, NationLink] = {}
    for p in contributing:
        by_nation[p.nation.code].append(p.slug)
        nation_link[p.nation.code] = p.nation
    role_of = {p.slug: p.role for p in contributing}
    personnel_by_nation = [
        NationPersonnel(
            nation=nation_link[code],
            roles=list(dict.fromkeys(role_of[s] for s in slugs)),
            total=add([addend(s) for s in slugs]),
            figures=[
                FigureUsed(
                    figure=latest[s].slug,
                    participation=s,
                    role=role_of[s],
                    value=latest[s].value,
                    qualifier=latest[s].qualifier,
                    unit=latest[s].unit,
                    as_of=latest[s].as_of,
                )
                for s in slugs
                if s in latest
            ],
        )
        for code, slugs in sorted(by_nation.items())
    ]
    personnel_by_role = [
        RolePersonnel(
            role=role,
            nations=len({p.nation.code for p in contributing if p.role == role}),
            total=add([addend(p.slug) for p in contributing if p.role == role]),
        )
        for role in ROLES
        if any(p.role == role for p in contributing)
    ]
    rows = fetch_in(
        conn,
        [
            CONTINGENT.c.status,
            CONTINGENT.c.nation_code,
            CONTINGENT.c.personnel_value,
            CONTINGENT.c.personnel_qualifier,
            CONTINGENT.c.personnel_unit,
        ],
        CONTINGENT.c.mission_slug,
        missions,
    )
    contingents = [
        (
            r,
            Addend(
                r["personnel_value"],
                Qualifier(r["personnel_qualifier"]) if r["personnel_qualifier"] else None,
                r["personnel_unit"],
            ),
        )
        for r in rows
    ]
    return StatsPublic(
        pledged_and_sent=pledged_and_sent(conn, urls, missions, contingents),
        counts=_counts(conn),
        personnel_total=add([addend(p.slug) for p in contributing]),
        personnel_by_nation=personnel_by_nation,
        personnel_by_role=personnel_by_role,
        contingents_by_status=_groups(
            ((r["status"], a) for r, a in contingents),
            ("returned", "arrived", "departed", "deployed", "planned"),
        ),
        contingents_by_nation=_groups((r["nation_code"], a) for r, a in contingents),
    )
