"""Missions, and the part each nation plays in them (participations and their figures)."""

from sqlalchemy import exists

from app.models import Participation
from app.models.mission import MissionPublic
from app.queries.filters import exists_filter, in_filter
from app.queries.listing import Facet, ListSpec, Sort
from app.queries.tables import MISSION, STRENGTH, table

# The mission this service is about, served at /v1/mission.
PRIMARY_MISSION = "mss-haiti"

M = MISSION
PART = table(Participation)
FIGURE = STRENGTH

SPEC = ListSpec(
    resource="missions",
    table=M,
    key=M.c.slug,
    filters=(
        exists_filter(
            "nation",
            lambda v: exists().where(PART.c.mission_slug == M.c.slug, PART.c.nation_code.in_(v)),
            "ISO code of a nation taking part in any role (case-insensitive).",
            "JM",
            upper=True,
        ),
        in_filter(
            "lead_nation", M.c.lead_nation_code, "ISO code of the lead nation.", "KE", upper=True
        ),
        in_filter(
            "host_nation", M.c.host_nation_code, "ISO code of the host nation.", "HT", upper=True
        ),
    ),
    sorts=(
        Sort("slug", (M.c.slug,), "Slug.", nullable=False),
        Sort("name", (M.c.name,), "Name.", nullable=False),
    ),
    default_sort=("slug",),
    facets=(
        Facet("lead_nation", M.c.lead_nation_code, M.c.slug, "Missions per lead nation."),
        Facet("host_nation", M.c.host_nation_code, M.c.slug, "Missions per host nation."),
    ),
    fields=tuple(MissionPublic.model_fields),
)
