"""Pledges: who promised how many personnel to a mission, and when."""

from app.models.pledge import PLEDGE_KINDS, PledgePublic
from app.queries.filters import date_filter, in_filter, int_filter
from app.queries.listing import Facet, ListSpec, Sort
from app.queries.tables import PLEDGE

P = PLEDGE
KINDS = PLEDGE_KINDS

SPEC = ListSpec(
    resource="pledges",
    table=P,
    key=P.c.slug,
    filters=(
        in_filter(
            "nation",
            P.c.nation_code,
            "ISO 3166-1 alpha-2 code of the pledging nation (case-insensitive).",
            "BS",
            upper=True,
        ),
        in_filter("mission", P.c.mission_slug, "Slug of the mission.", "mss-haiti"),
        in_filter("kind", P.c.kind, "pledge, notification or offer.", "pledge", choices=KINDS),
        in_filter("made_by", P.c.made_by_slug, "Slug of the official who made it.", "william-ruto"),
        int_filter("personnel", P.c.personnel_value, "The number of personnel promised.", "150"),
        date_filter(
            "made", P.c.made_earliest_on, P.c.made_latest_on, "When it was made.", "2023-08"
        ),
    ),
    sorts=(
        Sort("made", (P.c.made_earliest_on, P.c.made_latest_on), "When it was made."),
        Sort("slug", (P.c.slug,), "Slug.", nullable=False),
        Sort("nation", (P.c.nation_code,), "Nation code.", nullable=False),
        Sort("personnel", (P.c.personnel_value,), "The number promised."),
    ),
    default_sort=("made", "slug"),
    facets=(
        Facet("nation", P.c.nation_code, P.c.slug, "Pledges per nation code."),
        Facet("kind", P.c.kind, P.c.slug, "Pledges per kind."),
    ),
    includes=("mission", "nation"),
    fields=tuple(PledgePublic.model_fields),
)
