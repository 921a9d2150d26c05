"""Nations: the roles each plays and its personnel figures, with related records."""

from collections import defaultdict
from collections.abc import Iterable, Sequence

from sqlalchemy import exists
from sqlalchemy.engine import Connection

from app.models.links import Link
from app.models.nation import NationPublic
from app.queries.listing import Facet, ListSpec, Sort, exists_filter, in_filter
from app.queries.missions import PART, ROLES, contingent_links, participations
from app.queries.related import (
    NATION,
    ORGANISATION,
    PERSON,
    Row,
    Urls,
    events_involving,
    fetch_in,
    load_conflicts,
    load_evidence,
)

N = NATION

SPEC = ListSpec(
    resource="nations",
    table=N,
    key=N.c.code,
    filters=(
        in_filter(
            "code", N.c.code, "ISO 3166-1 alpha-2 code (case-insensitive).", "KE,JM", upper=True
        ),
        exists_filter(
            "role",
            lambda v: exists().where(PART.c.nation_code == N.c.code, PART.c.role.in_(v)),
            "A role the nation plays in a mission.",
            "military_contributor",
            choices=ROLES,
        ),
        exists_filter(
            "mission",
            lambda v: exists().where(PART.c.nation_code == N.c.code, PART.c.mission_slug.in_(v)),
            "Slug of a mission the nation takes part in.",
            "mss-haiti",
        ),
    ),
    sorts=(
        Sort("code", (N.c.code,), "ISO code.", nullable=False),
        Sort("name", (N.c.name,), "Name.", nullable=False),
    ),
    default_sort=("code",),
    facets=(Facet("role", PART.c.role, PART.c.nation_code, "Nations per role."),),
    fields=tuple(NationPublic.model_fields),
    always_fields=("code", "url"),
)


def _named_links(rows: Iterable[Row], kind: str, group: str, urls: Urls) -> dict[str, list[Link]]:
    out: dict[str, list[Link]] = defaultdict(list)
    for r in sorted(rows, key=lambda r: (r["name"], r["slug"])):
        out[r[group]].append(Link(slug=r["slug"], name=r["name"], url=urls.record(kind, r["slug"])))
    return out


def build(conn: Connection, rows: Sequence[Row], urls: Urls) -> list[NationPublic]:
    codes = [r["code"] for r in rows]
    parts = participations(conn, "nation_code", codes, urls)
    contingents = contingent_links(conn, "nation_code", codes, urls)
    people = _named_links(
        fetch_in(
            conn, [PERSON.c.slug, PERSON.c.name, PERSON.c.nation_code], PERSON.c.nation_code, codes
        ),
        "officials",
        "nation_code",
        urls,
    )
    orgs = _named_links(
        fetch_in(
            conn,
            [ORGANISATION.c.slug, ORGANISATION.c.name, ORGANISATION.c.nation_code],
            ORGANISATION.c.nation_code,
            codes,
        ),
        "organisations",
        "nation_code",
        urls,
    )
    events = events_involving(conn, "nations", codes, urls)
    refs = [("nations", c) for c in codes]
    evidence = load_evidence(conn, refs, urls)
    conflicts = load_conflicts(conn, refs, urls)
    out = []
    for r in rows:
        code = r["code"]
        nation_parts = parts.get(code, [])
        out.append(
            NationPublic(
                code=code,
                url=urls.record("nations", code),
                name=r["name"],
                roles=list(dict.fromkeys(p.role for p in nation_parts)),
                participations=nation_parts,
                contingents=contingents.get(code, []),
                officials=people.get(code, []),
                organisations=orgs.get(code, []),
                events=events.get(code, []),
                evidence=evidence.get(("nations", code), []),
                conflicts=conflicts.get(("nations", code), []),
            )
        )
    return out


def by_keys(conn: Connection, keys: Iterable[str], urls: Urls) -> dict[str, NationPublic]:
    rows = fetch_in(conn, [N], N.c.code, keys)
    return {n.code: n for n in build(conn, rows, urls)}
