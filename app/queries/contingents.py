"""Contingents: deployments of personnel, planned, deployed, departed or arrived."""

from app.models import ContingentEscort
from app.models.contingent import STATUSES, ContingentPublic
from app.queries.filters import date_filter, exists_filter, in_filter, int_filter, keys_in
from app.queries.listing import Facet, ListSpec, Sort
from app.queries.tables import CONTINGENT, table

C = CONTINGENT
ESCORT = table(ContingentEscort)

SPEC = ListSpec(
    resource="contingents",
    table=C,
    key=C.c.slug,
    filters=(
        in_filter(
            "nation",
            C.c.nation_code,
            "ISO 3166-1 alpha-2 code of the contributing nation (case-insensitive).",
            "KE",
            upper=True,
        ),
        in_filter("status", C.c.status, "Deployment status.", "arrived", choices=STATUSES),
        in_filter("mission", C.c.mission_slug, "Slug of the mission.", "mss-haiti"),
        int_filter(
            "ordinal",
            C.c.ordinal,
            "Place in the nation's sequence of contingents (3 = third).",
            "3",
        ),
        int_filter(
            "personnel",
            C.c.personnel_value,
            "The stated number of personnel "
            "(compare `personnel_qualifier` to read it: more_than 600 is above 600).",
            "200",
        ),
        in_filter(
            "personnel_qualifier",
            C.c.personnel_qualifier,
            "How the number relates to the true figure.",
            "exact",
            choices=("exact", "approximately", "at_least", "more_than", "at_most", "fewer_than"),
        ),
        exists_filter(
            "escort",
            lambda v: keys_in(C.c.slug, ESCORT.c.contingent_slug, ESCORT.c.official_slug.in_(v)),
            "Slug of an official who escorted the contingent.",
            "joseph-boinnet",
        ),
        date_filter(
            "departed_on",
            C.c.departed_earliest_on,
            C.c.departed_latest_on,
            "When it left.",
            "2025-01",
        ),
        date_filter(
            "deployed_on",
            C.c.deployed_earliest_on,
            C.c.deployed_latest_on,
            "When it was deployed.",
            "2025-02",
        ),
        date_filter(
            "arrived_on",
            C.c.arrived_earliest_on,
            C.c.arrived_latest_on,
            "When it arrived.",
            "2025-01-18",
        ),
    ),
    sorts=(
        Sort("slug", (C.c.slug,), "Slug.", nullable=False),
        Sort("nation", (C.c.nation_code,), "Nation code.", nullable=False),
        Sort("status", (C.c.status,), "Status.", nullable=False),
        Sort("ordinal", (C.c.ordinal,), "Ordinal."),
        Sort("personnel", (C.c.personnel_value,), "Stated number of personnel."),
        Sort("departed_on", (C.c.departed_earliest_on, C.c.departed_latest_on), "Departure date."),
        Sort("deployed_on", (C.c.deployed_earliest_on, C.c.deployed_latest_on), "Deployment date."),
        Sort("arrived_on", (C.c.arrived_earliest_on, C.c.arrived_latest_on), "Arrival date."),
    ),
    default_sort=("arrived_on", "deployed_on", "slug"),
    facets=(
        Facet("nation", C.c.nation_code, C.c.slug, "Contingents per nation code."),
        Facet("status", C.c.status, C.c.slug, "Contingents per status."),
        Facet("mission", C.c.mission_slug, C.c.slug, "Contingents per mission."),
        Facet("ordinal", C.c.ordinal, C.c.slug, "Contingents per ordinal."),
        Facet(
            "personnel_qualifier",
            C.c.personnel_qualifier,
            C.c.slug,
            "Contingents per personnel qualifier.",
        ),
        Facet(
            "escort",
            ESCORT.c.official_slug,
            ESCORT.c.contingent_slug,
            "Contingents per escorting official.",
        ),
    ),
    includes=("nation", "mission", "escorts"),
    fields=tuple(ContingentPublic.model_fields),
)
