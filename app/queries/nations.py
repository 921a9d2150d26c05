"""Nations: the roles each plays and its personnel figures, with related records."""

from collections.abc import Iterable, Sequence

from sqlalchemy import exists
from sqlalchemy.engine import Connection

from app.models.links import ListLink
from app.models.nation import NationPublic
from app.queries.filters import exists_filter, in_filter
from app.queries.listing import Facet, ListSpec, Sort
from app.queries.missions import PART, ROLES, participations
from app.queries.related import (
    CONTINGENT,
    INVOLVEMENT,
    NATION,
    ORGANISATION,
    PERSON,
    Row,
    Urls,
    count_by,
    fetch_in,
    load_citations,
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


def build(conn: Connection, rows: Sequence[Row], urls: Urls) -> list[NationPublic]:
    codes = [r["code"] for r in rows]
    parts = participations(conn, "nation_code", codes, urls)
    contingents = count_by(conn, CONTINGENT.c.nation_code, codes)
    people = count_by(conn, PERSON.c.nation_code, codes)
    orgs = count_by(conn, ORGANISATION.c.nation_code, codes)
    events = count_by(conn, INVOLVEMENT.c.record_key, codes, INVOLVEMENT.c.record_kind == "nations")
    cited = load_citations(conn, "nations", codes, urls)
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
                contingents=ListLink(
                    count=contingents.get(code, 0), url=urls.filtered("contingents", nation=code)
                ),
                officials=ListLink(
                    count=people.get(code, 0), url=urls.filtered("officials", nation=code)
                ),
                organisations=ListLink(
                    count=orgs.get(code, 0), url=urls.filtered("organisations", nation=code)
                ),
                events=ListLink(
                    count=events.get(code, 0), url=urls.filtered("events", nation=code)
                ),
                evidence=cited.evidence_of(code),
                conflicts=cited.conflicts_of(code),
            )
        )
    return out


def by_keys(conn: Connection, keys: Iterable[str], urls: Urls) -> dict[str, NationPublic]:
    rows = fetch_in(conn, [N], N.c.code, keys)
    return {n.code: n for n in build(conn, rows, urls)}
