"""The evidence of records: every citation, in file order, with its source."""

from collections import defaultdict
from collections.abc import Iterable

from sqlalchemy import select
from sqlalchemy.engine import Connection

from app.models.evidence import (
    EvidencePublic,
)
from app.queries.tables import EVIDENCE, SOURCE, Ref, Row, chunks
from app.queries.urls import Urls


def load_evidence(
    conn: Connection, refs: Iterable[Ref], urls: Urls
) -> dict[Ref, list[EvidencePublic]]:
    """Every citation of every ref, in file order."""
    by_kind: dict[str, set[str]] = defaultdict(set)
    for kind, key in refs:
        by_kind[kind].add(key)
    out: dict[Ref, list[EvidencePublic]] = defaultdict(list)
    cols = [
        EVIDENCE.c.record_kind,
        EVIDENCE.c.record_key,
        EVIDENCE.c.ordinal,
        EVIDENCE.c.source_slug,
        EVIDENCE.c.excerpt,
        EVIDENCE.c.start,
        EVIDENCE.c.end,
        EVIDENCE.c.claim,
        EVIDENCE.c.verified,
        EVIDENCE.c.supports,
        SOURCE.c.url,
        SOURCE.c.wire_story,
    ]
    rows: list[Row] = []
    for kind, keys in by_kind.items():
        for part in chunks(sorted(keys)):
            stmt = (
                select(*cols)
                .join(SOURCE, SOURCE.c.slug == EVIDENCE.c.source_slug)
                .where(EVIDENCE.c.record_kind == kind, EVIDENCE.c.record_key.in_(part))
            )
            rows.extend(conn.execute(stmt).mappings().all())
    rows.sort(key=lambda r: (r["record_kind"], r["record_key"], r["ordinal"]))
    for r in rows:
        out[(r["record_kind"], r["record_key"])].append(
            EvidencePublic(
                source=r["source_slug"],
                source_url=r["url"],
                source_api_url=urls.record("sources", r["source_slug"]),
                excerpt=r["excerpt"],
                start=r["start"],
                end=r["end"],
                claim=r["claim"],
                verified=bool(r["verified"]),
                supports=list(r["supports"] or []),
                origin=r["wire_story"] or r["source_slug"],
            )
        )
    return out
