"""Officials: everyone the sources name with a title, with every position, current and former."""

from app.models import ContingentEscort, Position
from app.models.official import OfficialPublic
from app.queries.filters import exists_filter, in_filter, keys_in
from app.queries.listing import Facet, ListSpec, Sort
from app.queries.tables import OFFICIAL, table

POSITION = table(Position)
ESCORT = table(ContingentEscort)

SPEC = ListSpec(
    resource="officials",
    table=OFFICIAL,
    key=OFFICIAL.c.slug,
    filters=(
        in_filter(
            "nation",
            OFFICIAL.c.nation_code,
            "ISO code of the official's nation (case-insensitive).",
            "KE",
            upper=True,
        ),
        exists_filter(
            "organisation",
            lambda v: keys_in(
                OFFICIAL.c.slug, POSITION.c.official_slug, POSITION.c.organisation_slug.in_(v)
            ),
            "Slug of an organisation the official holds or held a position in.",
            "national-police-service-kenya",
        ),
        exists_filter(
            "title",
            lambda v: keys_in(OFFICIAL.c.slug, POSITION.c.official_slug, POSITION.c.title.in_(v)),
            "A title the official holds or held, exactly as served.",
            "Deputy Inspector General",
            several=False,
        ),
        exists_filter(
            "current_title",
            lambda v: keys_in(
                OFFICIAL.c.slug,
                POSITION.c.official_slug,
                POSITION.c.title.in_(v),
                POSITION.c.current.is_(True),
            ),
            "A title the official holds now.",
            "President",
            several=False,
        ),
        exists_filter(
            "escorted",
            lambda v: keys_in(
                OFFICIAL.c.slug, ESCORT.c.official_slug, ESCORT.c.contingent_slug.in_(v)
            ),
            "Slug of a contingent the official escorted.",
            "ke-217-january-2025",
        ),
    ),
    sorts=(
        Sort("slug", (OFFICIAL.c.slug,), "Slug.", nullable=False),
        Sort("name", (OFFICIAL.c.name,), "Name as written.", nullable=False),
        Sort("nation", (OFFICIAL.c.nation_code,), "Nation code."),
    ),
    default_sort=("slug",),
    facets=(
        Facet("nation", OFFICIAL.c.nation_code, OFFICIAL.c.slug, "Officials per nation."),
        Facet(
            "organisation",
            POSITION.c.organisation_slug,
            POSITION.c.official_slug,
            "Officials per organisation they hold or held a position in.",
        ),
        Facet(
            "title",
            POSITION.c.title,
            POSITION.c.official_slug,
            "Officials per title held or formerly held.",
        ),
    ),
    includes=("nation",),
    fields=tuple(OfficialPublic.model_fields),
)
