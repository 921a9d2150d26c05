"""Nations: the roles each plays and its personnel figures, with related records."""

from sqlalchemy import exists

from app.models.mission import ROLES
from app.models.nation import NationPublic
from app.queries.filters import exists_filter, in_filter
from app.queries.listing import Facet, ListSpec, Sort
from app.queries.missions import PART
from app.queries.tables import NATION

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
