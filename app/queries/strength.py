"""Strength: reported numbers of personnel as of a date, a time series per mission,
nation or service."""

from app.models.common import Qualifier
from app.models.strength import SCOPES, SERVICES, StrengthPublic
from app.queries.filters import date_filter, in_filter, int_filter
from app.queries.listing import Facet, ListSpec, Sort
from app.queries.tables import STRENGTH

F = STRENGTH
QUALIFIERS = tuple(q.value for q in Qualifier)

SPEC = ListSpec(
    resource="strength",
    table=F,
    key=F.c.slug,
    filters=(
        in_filter(
            "nation",
            F.c.nation_code,
            "ISO 3166-1 alpha-2 code of the nation counted (case-insensitive); whole-mission "
            "totals have none (see `scope`).",
            "KE",
            upper=True,
        ),
        in_filter("mission", F.c.mission_slug, "Slug of the mission.", "mss-haiti"),
        in_filter(
            "scope",
            F.c.scope,
            "What is counted: mission (every nation), nation, or service.",
            "mission",
            choices=SCOPES,
        ),
        in_filter("service", F.c.service, "police or military.", "police", choices=SERVICES),
        in_filter(
            "participation",
            F.c.participation_slug,
            "Slug of the participation counted.",
            "mss-haiti-ke-police",
        ),
        in_filter(
            "qualifier",
            F.c.qualifier,
            "How the number relates to the true figure.",
            "more_than",
            choices=QUALIFIERS,
        ),
        int_filter("value", F.c.value, "The stated number.", "600"),
        date_filter(
            "as_of",
            F.c.as_of_earliest_on,
            F.c.as_of_latest_on,
            "The day (or period) the figure was true.",
            "2025-02",
        ),
    ),
    sorts=(
        Sort("as_of", (F.c.as_of_earliest_on, F.c.as_of_latest_on), "As-of date."),
        Sort("slug", (F.c.slug,), "Slug.", nullable=False),
        Sort("value", (F.c.value,), "The stated number.", nullable=False),
    ),
    default_sort=("as_of", "slug"),
    facets=(
        Facet("nation", F.c.nation_code, F.c.slug, "Figures per nation code."),
        Facet("mission", F.c.mission_slug, F.c.slug, "Figures per mission."),
        Facet("service", F.c.service, F.c.slug, "Figures per service."),
        Facet("qualifier", F.c.qualifier, F.c.slug, "Figures per qualifier."),
    ),
    includes=("mission", "nation"),
    fields=tuple(StrengthPublic.model_fields),
)
