"""Conflicts: claims that disagree, each side with its own evidence, never resolved."""

from typing import Any

from sqlalchemy import and_, or_

from app.models.evidence import ConflictPublic
from app.queries.filters import REF_PATTERN, exists_filter, keys_in
from app.queries.listing import Facet, ListSpec, Sort
from app.queries.tables import CLAIM, CONFLICT

X = CONFLICT


def _record(values: list[str]) -> Any:
    pairs = [v.split("/", 1) for v in values]
    return keys_in(
        X.c.slug,
        CLAIM.c.conflict_slug,
        or_(*(and_(CLAIM.c.record_kind == k, CLAIM.c.record_key == key) for k, key in pairs)),
    )


SPEC = ListSpec(
    resource="conflicts",
    table=X,
    key=X.c.slug,
    filters=(
        exists_filter(
            "record",
            _record,
            "A record one side of the conflict is about, as kind/key.",
            "contingents/ke-217-january-2025",
            pattern=REF_PATTERN,
        ),
        exists_filter(
            "kind",
            lambda v: keys_in(X.c.slug, CLAIM.c.conflict_slug, CLAIM.c.record_kind.in_(v)),
            "A kind of record one side is about.",
            "contingents",
        ),
        exists_filter(
            "field",
            lambda v: keys_in(X.c.slug, CLAIM.c.conflict_slug, CLAIM.c.field.in_(v)),
            "The field the sides disagree on.",
            "ordinal",
        ),
    ),
    sorts=(Sort("slug", (X.c.slug,), "Slug.", nullable=False),),
    default_sort=("slug",),
    facets=(
        Facet("kind", CLAIM.c.record_kind, CLAIM.c.conflict_slug, "Conflicts per kind of record."),
        Facet("field", CLAIM.c.field, CLAIM.c.conflict_slug, "Conflicts per field."),
    ),
    fields=tuple(ConflictPublic.model_fields),
)
