"""Organisations: their nation, members' positions, missions and statements."""

from app.models.organisation import OrganisationPublic
from app.queries.filters import in_filter
from app.queries.listing import Facet, ListSpec, Sort
from app.queries.tables import ORGANISATION

ORG = ORGANISATION

SPEC = ListSpec(
    resource="organisations",
    table=ORG,
    key=ORG.c.slug,
    filters=(
        in_filter(
            "nation",
            ORG.c.nation_code,
            "ISO code of the organisation's nation (case-insensitive).",
            "KE",
            upper=True,
        ),
    ),
    sorts=(
        Sort("slug", (ORG.c.slug,), "Slug.", nullable=False),
        Sort("name", (ORG.c.name,), "Name.", nullable=False),
        Sort("nation", (ORG.c.nation_code,), "Nation code."),
    ),
    default_sort=("slug",),
    facets=(Facet("nation", ORG.c.nation_code, ORG.c.slug, "Organisations per nation."),),
    includes=("nation",),
    fields=tuple(OrganisationPublic.model_fields),
)
