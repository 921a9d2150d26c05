"""Turn a validated Dataset into table rows, in an order that satisfies foreign keys.

Rows are plain dicts holding every column of their table model (defaults filled in), the
same values `Model(...).model_dump()` gives, built without constructing the models:
at 200,000 records, instrumented SQLModel objects cost more than the insert itself.
"""

from collections.abc import Iterator
from typing import Any

from sqlmodel import SQLModel

from app.loader.dataset import Dataset
from app.loader.search_rows import search_rows
from app.models import (
    Conflict,
    ConflictClaim,
    Contingent,
    ContingentEscort,
    Decision,
    DecisionAbstention,
    Event,
    EventInvolvement,
    Evidence,
    Mission,
    Nation,
    Official,
    Organisation,
    Participation,
    Pledge,
    Position,
    Quote,
    Source,
    Strength,
)
from app.models.common import FuzzyDate, Quantity
from app.models.strength import scope_of

Row = tuple[str, dict[str, Any]]


class _Table:
    """Makes rows of one table model: `_contingent(slug=...)` -> ("contingent", {...})."""

    def __init__(self, model: type[SQLModel]) -> None:
        self.name = str(model.__tablename__)
        self.defaults: dict[str, Any] = {}
        self.factories: list[tuple[str, Any]] = []
        for name, info in model.model_fields.items():
            if info.default_factory is not None:
                self.factories.append((name, info.default_factory))
            self.defaults[name] = None if info.is_required() else info.get_default()

    def __call__(self, **values: Any) -> Row:
        row = {**self.defaults, **values}
        if len(row) != len(self.defaults):
            unknown = sorted(row.keys() - self.defaults.keys())
            raise TypeError(f"{self.name} has no column {unknown}")
        for name, factory in self.factories:
            if name not in values:
                row[name] = factory()
        return self.name, row


_source = _Table(Source)
_nation = _Table(Nation)
_organisation = _Table(Organisation)
_official = _Table(Official)
_position = _Table(Position)
_mission = _Table(Mission)
_participation = _Table(Participation)
_strength = _Table(Strength)
_decision = _Table(Decision)
_abstention = _Table(DecisionAbstention)
_pledge = _Table(Pledge)
_event = _Table(Event)
_contingent = _Table(Contingent)
_escort = _Table(ContingentEscort)
_quote = _Table(Quote)
_involvement = _Table(EventInvolvement)
_conflict = _Table(Conflict)
_claim = _Table(ConflictClaim)
_evidence = _Table(Evidence)


def _date(prefix: str, value: FuzzyDate | None) -> dict[str, Any]:
    if value is None:
        return {prefix: None, f"{prefix}_earliest_on": None, f"{prefix}_latest_on": None}
    return {
        prefix: value.model_dump(mode="json"),
        f"{prefix}_earliest_on": value.earliest_on,
        f"{prefix}_latest_on": value.latest_on,
    }


def _quantity(prefix: str, value: Quantity | None, breakdown: bool = True) -> dict[str, Any]:
    out: dict[str, Any] = {
        f"{prefix}_value": value.value if value else None,
        f"{prefix}_qualifier": value.qualifier.value if value else None,
        f"{prefix}_unit": value.unit if value else None,
    }
    if breakdown:
        out[f"{prefix}_breakdown"] = value.breakdown if value else None
    return out


def _json(value: Any) -> Any:
    return None if value is None else value.model_dump(mode="json")


def dataset_rows(ds: Dataset) -> Iterator[Row]:
    """(table name, row) for every row of `ds`, parents before children."""
    for s in ds.sources:
        text = ds.source_texts.get(s.slug)
        yield _source(
            slug=s.slug,
            title=s.title,
            title_note=s.title_note,
            publisher=s.publisher,
            url=s.url,
            kind=s.kind,
            language=s.language,
            wire=s.wire,
            wire_story=s.wire_story,
            retrieved_on=s.retrieved_on,
            text_stored=text is not None,
            text=text,
            sha256=s.sha256,
            **_date("published", s.published),
        )
    for n in ds.nations:
        yield _nation(code=n.code, name=n.name)
    for o in ds.organisations:
        yield _organisation(slug=o.slug, name=o.name, acronym=o.acronym, nation_code=o.nation)
    for p in ds.officials:
        yield _official(slug=p.slug, name=p.name, nation_code=p.nation)
    for p in ds.officials:
        for i, pos in enumerate(p.positions, start=1):
            yield _position(
                slug=f"{p.slug}-{i}",
                official_slug=p.slug,
                ordinal=i,
                title=pos.title,
                organisation_slug=pos.organisation,
                nation_code=pos.nation,
                current=pos.current,
                started=_json(pos.started),
                ended=_json(pos.ended),
            )
    # Successors after the missions they succeed, so that each reference has its row.
    missions = sorted(ds.missions, key=lambda m: m.predecessor is not None)
    for m in missions:
        yield _mission(
            slug=m.slug,
            name=m.name,
            acronym=m.acronym,
            purpose=m.purpose,
            host_nation_code=m.host_nation,
            lead_nation_code=m.lead_nation,
            authorised_by_slug=m.authorised_by,
            partner_organisation_slug=m.partner_organisation,
            predecessor_slug=m.predecessor,
            **_date("authorised", m.authorised),
            **_date("authorisation_ended", m.authorisation_ended),
        )
        for part in m.participations:
            yield _participation(
                slug=part.slug,
                mission_slug=m.slug,
                nation_code=part.nation,
                role=part.role,
                description=part.description,
            )
    for f in ds.strength:
        yield _strength(
            slug=f.slug,
            mission_slug=f.mission,
            nation_code=f.nation,
            participation_slug=f.participation,
            service=f.service,
            scope=scope_of(f.nation, f.service),
            value=f.value,
            qualifier=f.qualifier.value,
            unit=f.unit,
            basis=f.basis,
            **_date("as_of", f.as_of),
        )
    for d in ds.decisions:
        yield _decision(
            slug=d.slug,
            mission_slug=d.mission,
            kind=d.kind,
            title=d.title,
            body_slug=d.body,
            number=d.number,
            vote=_json(d.vote),
            unanimous=d.vote.unanimous if d.vote else None,
            authorises=d.authorises,
            duration=d.duration,
            **_date("date", d.date),
            **_date("until", d.until),
            **_quantity("personnel_ceiling", d.personnel_ceiling, breakdown=False),
        )
        for i, code in enumerate(d.vote.abstaining if d.vote else (), start=1):
            yield _abstention(decision_slug=d.slug, nation_code=code, ordinal=i)
    for pledge in ds.pledges:
        yield _pledge(
            slug=pledge.slug,
            mission_slug=pledge.mission,
            nation_code=pledge.nation,
            kind=pledge.kind,
            made_by_slug=pledge.made_by,
            description=pledge.description,
            **_quantity("personnel", pledge.personnel),
            **_date("made", pledge.made),
        )
    for e in ds.events:
        yield _event(
            slug=e.slug,
            kind=e.kind,
            title=e.title,
            description=e.description,
            place=e.place,
            amount=_json(e.amount),
            **_date("date", e.date),
        )
    for c in ds.contingents:
        yield _contingent(
            slug=c.slug,
            mission_slug=c.mission,
            nation_code=c.nation,
            ordinal=c.ordinal,
            status=c.status,
            departure_place=c.departure_place,
            arrival_place=c.arrival_place,
            received_by=c.received_by,
            **_date("departed", c.departed),
            **_date("deployed", c.deployed),
            **_date("arrived", c.arrived),
            **_date("returned", c.returned),
            **_quantity("personnel", c.personnel),
        )
        for i, official in enumerate(c.escorts, start=1):
            yield _escort(contingent_slug=c.slug, official_slug=official, ordinal=i)
    for q in ds.quotes:
        yield _quote(
            slug=q.slug,
            text=q.text,
            speaker_official_slug=q.speaker.official,
            speaker_organisation_slug=q.speaker.organisation,
            venue=q.venue,
            event_slug=q.event,
            occasion=q.occasion,
            kind=q.kind,
            **_date("date", q.date),
        )
    for e in ds.events:
        for i, ref in enumerate(e.involves, start=1):
            kind, _, key = ref.partition("/")
            yield _involvement(event_slug=e.slug, record_kind=kind, record_key=key, ordinal=i)
    for conflict in ds.conflicts:
        yield _conflict(slug=conflict.slug, description=conflict.description)
        for i, claim in enumerate(conflict.claims, start=1):
            kind, _, key = claim.record.partition("/")
            yield _claim(
                conflict_slug=conflict.slug,
                record_kind=kind,
                record_key=key,
                field=claim.field,
                ordinal=i,
                value=claim.value,
            )
    # Evidence ids are assigned here, in file order, so the same files give the same ids.
    next_id = 0
    for (kind, key), items in ds.evidence.items():
        for i, cited in enumerate(items, start=1):
            next_id += 1
            yield _evidence(
                id=next_id,
                record_kind=kind,
                record_key=key,
                ordinal=i,
                source_slug=cited.source,
                excerpt=cited.excerpt,
                start=cited.start,
                end=cited.end,
                claim=cited.claim,
                verified=cited.verified,
                supports=list(cited.supports),
            )
    # One search document per served record (app/loader/search_rows.py).
    yield from search_rows(ds)
