"""Decisions: resolutions, approvals, rulings and agreements about a mission."""

from app.models.decision import DECISION_KINDS, DecisionPublic
from app.queries.filters import bool_filter, date_filter, exists_filter, in_filter, keys_in
from app.queries.listing import Facet, ListSpec, Sort
from app.queries.tables import ABSTENTION, DECISION

D = DECISION
KINDS = DECISION_KINDS

SPEC = ListSpec(
    resource="decisions",
    table=D,
    key=D.c.slug,
    filters=(
        in_filter("kind", D.c.kind, "What kind of decision.", "resolution", choices=KINDS),
        in_filter("mission", D.c.mission_slug, "Slug of the mission.", "mss-haiti"),
        in_filter("body", D.c.body_slug, "Slug of the body that took it.", "un-security-council"),
        in_filter("number", D.c.number, "Its number, e.g. a resolution's.", "2699"),
        bool_filter("unanimous", D.c.unanimous, "Whether the vote was unanimous.", "true"),
        exists_filter(
            "abstained",
            lambda v: keys_in(
                D.c.slug, ABSTENTION.c.decision_slug, ABSTENTION.c.nation_code.in_(v)
            ),
            "ISO code of a nation that abstained in its vote (case-insensitive).",
            "CN",
            upper=True,
        ),
        date_filter(
            "date", D.c.date_earliest_on, D.c.date_latest_on, "When it was taken.", "2023-10"
        ),
    ),
    sorts=(
        Sort("date", (D.c.date_earliest_on, D.c.date_latest_on), "When it was taken."),
        Sort("slug", (D.c.slug,), "Slug.", nullable=False),
        Sort("kind", (D.c.kind,), "Kind.", nullable=False),
    ),
    default_sort=("date", "slug"),
    facets=(
        Facet("kind", D.c.kind, D.c.slug, "Decisions per kind."),
        Facet("body", D.c.body_slug, D.c.slug, "Decisions per body."),
        Facet(
            "abstained",
            ABSTENTION.c.nation_code,
            ABSTENTION.c.decision_slug,
            "Decisions per abstaining nation.",
        ),
    ),
    includes=("mission", "body"),
    fields=tuple(DecisionPublic.model_fields),
)
