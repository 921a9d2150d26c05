"""The search index rows: one document per served record, computed once at load time.

A document's title is what a hit shows; its body is the record's own text followed by
the words of its evidence (excerpts and claims), so a search for any word a source uses
about a record finds that record. Both are normalised into `terms` here, so SQLite and
PostgreSQL index exactly the same words.
"""

from collections.abc import Iterable, Iterator
from typing import Any

from app.loader.dataset import Cited, Dataset
from app.models.search import SearchDocument, words
from app.resources import BY_NAME

_SEPARATOR = " … "
TABLE = str(SearchDocument.__tablename__)


def _evidence_text(items: Iterable[Cited]) -> list[str]:
    return [c.excerpt or c.claim or "" for c in items if c.excerpt or c.claim]


def _document(
    doc_id: int, kind: str, key: str, title: str, parts: Iterable[str | None]
) -> tuple[str, dict[str, Any]]:
    seen: set[str] = set()
    unique = []
    for part in parts:
        if part and part not in seen:
            seen.add(part)
            unique.append(part)
    body = _SEPARATOR.join(unique)
    title_words = words(title)
    all_words = title_words + words(body)
    return TABLE, {
        "id": doc_id,
        "kind": kind,
        "key": key,
        "kind_rank": BY_NAME[kind].search_rank,
        "title": title,
        "body": body,
        "title_terms": " ".join(title_words),
        "terms": " ".join(all_words),
        "term_count": len(all_words),
    }


def contingent_title(nation: str, personnel: str | None, status: str) -> str:
    """A contingent has no name; its title says whose it is, how many, and its status."""
    if personnel:
        return f"{nation} contingent of {personnel} ({status})"
    return f"{nation} contingent, {status}"


def search_rows(ds: Dataset) -> Iterator[tuple[str, dict[str, Any]]]:
    """(table name, row) for every search document of `ds`, with ids in a stable order
    (same files, same ids)."""
    ev = ds.evidence
    nation_name = {n.code: n.name for n in ds.nations}
    official_name = {p.slug: p.name for p in ds.officials}
    org_name = {o.slug: o.name for o in ds.organisations}
    docs: list[tuple[str, str, str, list[str | None]]] = []

    for m in ds.missions:
        parts: list[str | None] = [m.purpose]
        for part in m.participations:
            parts.append(
                f"{nation_name.get(part.nation, part.nation)}: {part.role.replace('_', ' ')}"
            )
            parts.append(part.description)
            parts += _evidence_text(ev.get(("participations", part.slug), []))
        parts += _evidence_text(ev.get(("missions", m.slug), []))
        title = f"{m.name} ({m.acronym})" if m.acronym else m.name
        docs.append(("missions", m.slug, title, parts))

    mission_name = {m.slug: m.acronym or m.name for m in ds.missions}
    for f in ds.strength:
        whose = nation_name.get(f.nation or "", f.nation) or mission_name.get(f.mission)
        counted = f"{f.qualifier.value.replace('_', ' ')} {f.value} {f.unit}"
        title = f"{whose}: {counted}" + (f", {f.as_of.text}" if f.as_of.text else "")
        parts = [f.service, f.basis, *_evidence_text(ev.get(("strength", f.slug), []))]
        docs.append(("strength", f.slug, title, parts))

    for d in ds.decisions:
        parts = [
            d.number,
            org_name.get(d.body or ""),
            d.authorises,
            d.duration,
            d.date.text,
            *_evidence_text(ev.get(("decisions", d.slug), [])),
        ]
        docs.append(("decisions", d.slug, d.title, parts))

    for pledge in ds.pledges:
        nation = nation_name.get(pledge.nation, pledge.nation)
        count = f" of {pledge.personnel.value} {pledge.personnel.unit}" if pledge.personnel else ""
        parts = [
            pledge.description,
            official_name.get(pledge.made_by or ""),
            pledge.made.text,
            *_evidence_text(ev.get(("pledges", pledge.slug), [])),
        ]
        docs.append(("pledges", pledge.slug, f"{nation}: {pledge.kind}{count}", parts))

    for n in ds.nations:
        roles = [
            part.role.replace("_", " ")
            for m in ds.missions
            for part in m.participations
            if part.nation == n.code
        ]
        docs.append(
            (
                "nations",
                n.code,
                n.name,
                [n.code, *roles, *_evidence_text(ev.get(("nations", n.code), []))],
            )
        )

    for p in ds.officials:
        parts = []
        for i, pos in enumerate(p.positions, start=1):
            org = org_name.get(pos.organisation or "", "")
            former = "" if pos.current else "former "
            parts.append(f"{former}{pos.title}{', ' + org if org else ''}")
            parts += _evidence_text(ev.get(("positions", f"{p.slug}-{i}"), []))
        parts += _evidence_text(ev.get(("officials", p.slug), []))
        docs.append(("officials", p.slug, p.name, parts))

    for o in ds.organisations:
        parts = [o.acronym, nation_name.get(o.nation or "")]
        parts += _evidence_text(ev.get(("organisations", o.slug), []))
        docs.append(("organisations", o.slug, o.name, parts))

    for c in ds.contingents:
        personnel = f"{c.personnel.value} {c.personnel.unit}" if c.personnel else None
        title = contingent_title(nation_name.get(c.nation, c.nation), personnel, c.status)
        parts = [
            c.departed.text if c.departed else None,
            c.deployed.text if c.deployed else None,
            c.arrived.text if c.arrived else None,
            c.returned.text if c.returned else None,
            c.departure_place,
            c.arrival_place,
            c.received_by,
            *(official_name.get(s) for s in c.escorts),
            *_evidence_text(ev.get(("contingents", c.slug), [])),
        ]
        docs.append(("contingents", c.slug, title, parts))

    for e in ds.events:
        parts = [
            e.description,
            e.place,
            e.date.text,
            *_evidence_text(ev.get(("events", e.slug), [])),
        ]
        docs.append(("events", e.slug, e.title, parts))

    for q in ds.quotes:
        speaker = official_name.get(q.speaker.official or "") or org_name.get(
            q.speaker.organisation or ""
        )
        parts = [
            speaker,
            q.venue,
            q.occasion,
            q.date.text,
            *_evidence_text(ev.get(("quotes", q.slug), [])),
        ]
        docs.append(("quotes", q.slug, q.text, parts))

    for conflict in ds.conflicts:
        title = conflict.slug.replace("-", " ").capitalize()
        docs.append(("conflicts", conflict.slug, title, [conflict.description]))

    for s in ds.sources:
        parts = [s.publisher, s.title_note, s.url, ds.source_texts.get(s.slug)]
        docs.append(("sources", s.slug, s.title or s.publisher, parts))

    for doc_id, (kind, key, title, parts) in enumerate(docs, start=1):
        yield _document(doc_id, kind, key, title, parts)
