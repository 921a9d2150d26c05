"""Nations: the documents the loader compiles for them."""

from collections.abc import Iterable, Sequence

from sqlalchemy.engine import Connection

from app.loader.documents.citations import load_citations
from app.loader.documents.links import list_link
from app.loader.documents.missions import participations
from app.models.nation import NationPublic
from app.queries.nations import N
from app.queries.tables import (
    CONTINGENT,
    INVOLVEMENT,
    OFFICIAL,
    ORGANISATION,
    Row,
    count_by,
    fetch_in,
)
from app.queries.urls import Urls


def build(conn: Connection, rows: Sequence[Row], urls: Urls) -> list[NationPublic]:
    codes = [r["code"] for r in rows]
    parts = participations(conn, "nation_code", codes, urls)
    contingents = count_by(conn, CONTINGENT.c.nation_code, codes)
    officials = count_by(conn, OFFICIAL.c.nation_code, codes)
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
                contingents=list_link(urls, "contingents", contingents, nation=code),
                officials=list_link(urls, "officials", officials, nation=code),
                organisations=list_link(urls, "organisations", orgs, nation=code),
                events=list_link(urls, "events", events, nation=code),
                evidence=cited.evidence_of(code),
                conflicts=cited.conflicts_of(code),
                corroboration=cited.corroboration_of(code),
            )
        )
    return out


def by_keys(conn: Connection, keys: Iterable[str], urls: Urls) -> dict[str, NationPublic]:
    rows = fetch_in(conn, [N], N.c.code, keys)
    return {n.code: n for n in build(conn, rows, urls)}
