"""Officials: people the sources name, with every position, current and former."""

from collections import defaultdict
from collections.abc import Iterable, Sequence

from sqlalchemy.engine import Connection

from app.models import ContingentEscort, Position
from app.models.links import Link
from app.models.person import OfficialPublic, PositionPublic
from app.queries.filters import exists_filter, in_filter, keys_in
from app.queries.listing import Facet, ListSpec, Sort
from app.queries.related import (
    PERSON,
    QUOTE,
    Row,
    Urls,
    events_involving,
    fetch_in,
    links,
    load_citations,
    nation_links,
    table,
)

P = PERSON
POSITION = table(Position)
ESCORT = table(ContingentEscort)

SPEC = ListSpec(
    resource="officials",
    table=P,
    key=P.c.slug,
    filters=(
        in_filter(
            "nation",
            P.c.nation_code,
            "ISO code of the person's nation (case-insensitive).",
            "KE",
            upper=True,
        ),
        exists_filter(
            "organisation",
            lambda v: keys_in(
                P.c.slug, POSITION.c.person_slug, POSITION.c.organisation_slug.in_(v)
            ),
            "Slug of an organisation the person holds or held a position in.",
            "national-police-service-kenya",
        ),
        exists_filter(
            "title",
            lambda v: keys_in(P.c.slug, POSITION.c.person_slug, POSITION.c.title.in_(v)),
            "A title the person holds or held, exactly as served.",
            "Deputy Inspector General",
            several=False,
        ),
        exists_filter(
            "current_title",
            lambda v: keys_in(
                P.c.slug,
                POSITION.c.person_slug,
                POSITION.c.title.in_(v),
                POSITION.c.current.is_(True),
            ),
            "A title the person holds now.",
            "President",
            several=False,
        ),
        exists_filter(
            "escorted",
            lambda v: keys_in(P.c.slug, ESCORT.c.person_slug, ESCORT.c.contingent_slug.in_(v)),
            "Slug of a contingent the person escorted.",
            "ke-217-january-2025",
        ),
    ),
    sorts=(
        Sort("slug", (P.c.slug,), "Slug.", nullable=False),
        Sort("name", (P.c.name,), "Name as written.", nullable=False),
        Sort("nation", (P.c.nation_code,), "Nation code."),
    ),
    default_sort=("slug",),
    facets=(
        Facet("nation", P.c.nation_code, P.c.slug, "Officials per nation."),
        Facet(
            "organisation",
            POSITION.c.organisation_slug,
            POSITION.c.person_slug,
            "Officials per organisation they hold or held a position in.",
        ),
        Facet(
            "title",
            POSITION.c.title,
            POSITION.c.person_slug,
            "Officials per title held or formerly held.",
        ),
    ),
    includes=("nation",),
    fields=tuple(OfficialPublic.model_fields),
)


def positions(conn: Connection, column: str, keys: Iterable[str]) -> list[Row]:
    """Positions whose `column` is in `keys`, by person then in the source's order."""
    rows = fetch_in(conn, [POSITION], POSITION.c[column], keys)
    return sorted(rows, key=lambda r: (r["person_slug"], r["ordinal"]))


def build(conn: Connection, rows: Sequence[Row], urls: Urls) -> list[OfficialPublic]:
    slugs = [r["slug"] for r in rows]
    pos_rows = positions(conn, "person_slug", slugs)
    orgs = links(conn, "organisations", (p["organisation_slug"] for p in pos_rows), urls)
    nation = nation_links(
        conn, [r["nation_code"] for r in rows] + [p["nation_code"] for p in pos_rows], urls
    )
    escort_rows = fetch_in(conn, [ESCORT], ESCORT.c.person_slug, slugs)
    escorted: dict[str, list[Link]] = defaultdict(list)
    for e in sorted(escort_rows, key=lambda e: e["contingent_slug"]):
        escorted[e["person_slug"]].append(
            Link(slug=e["contingent_slug"], url=urls.record("contingents", e["contingent_slug"]))
        )
    quote_rows = fetch_in(
        conn, [QUOTE.c.slug, QUOTE.c.speaker_person_slug], QUOTE.c.speaker_person_slug, slugs
    )
    quotes: dict[str, list[Link]] = defaultdict(list)
    for q in sorted(quote_rows, key=lambda q: q["slug"]):
        quotes[q["speaker_person_slug"]].append(
            Link(slug=q["slug"], url=urls.record("quotes", q["slug"]))
        )
    events = events_involving(conn, "officials", slugs, urls)
    cited = load_citations(
        conn, "officials", slugs, urls, also=[("positions", p["slug"]) for p in pos_rows]
    )
    held: dict[str, list[PositionPublic]] = defaultdict(list)
    for p in pos_rows:
        held[p["person_slug"]].append(
            PositionPublic(
                slug=p["slug"],
                title=p["title"],
                organisation=orgs.get(p["organisation_slug"] or ""),
                nation=nation.get(p["nation_code"] or ""),
                current=bool(p["current"]),
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
            conflicts=cited.conflicts_of(r["slug"]),
        )
        for r in rows
    ]


def by_keys(conn: Connection, keys: Iterable[str], urls: Urls) -> dict[str, OfficialPublic]:
    rows = fetch_in(conn, [P], P.c.slug, keys)
    return {o.slug: o for o in build(conn, rows, urls)}
