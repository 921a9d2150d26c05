"""Turn a validated Dataset into table rows, in an order that satisfies foreign keys."""

from collections.abc import Iterator
from typing import Any

from sqlmodel import SQLModel

from app.loader.validate import Dataset
from app.models import (
    Conflict,
    ConflictClaim,
    Contingent,
    ContingentEscort,
    Event,
    EventInvolvement,
    Evidence,
    Mission,
    Nation,
    Organisation,
    Participation,
    Person,
    PersonnelFigure,
    Position,
    Quote,
    Source,
)
from app.models.common import FuzzyDate


def _date(prefix: str, value: FuzzyDate | None) -> dict[str, Any]:
    if value is None:
        return {prefix: None, f"{prefix}_earliest_on": None, f"{prefix}_latest_on": None}
    return {
        prefix: value.model_dump(mode="json"),
        f"{prefix}_earliest_on": value.earliest_on,
        f"{prefix}_latest_on": value.latest_on,
    }


def dataset_rows(ds: Dataset) -> Iterator[SQLModel]:
    for s in ds.sources:
        text = ds.source_texts.get(s.slug)
        yield Source(
            slug=s.slug,
            title=s.title,
            title_note=s.title_note,
            publisher=s.publisher,
            url=s.url,
            kind=s.kind,
            retrieved_on=s.retrieved_on,
            text_stored=text is not None,
            text=text,
            sha256=s.sha256,
            **_date("published", s.published),
        )
    for n in ds.nations:
        yield Nation(code=n.code, name=n.name)
    for o in ds.organisations:
        yield Organisation(slug=o.slug, name=o.name, acronym=o.acronym, nation_code=o.nation)
    for p in ds.people:
        yield Person(slug=p.slug, name=p.name, nation_code=p.nation)
    for p in ds.people:
        for i, pos in enumerate(p.positions, start=1):
            yield Position(
                slug=f"{p.slug}-{i}",
                person_slug=p.slug,
                ordinal=i,
                title=pos.title,
                organisation_slug=pos.organisation,
                nation_code=pos.nation,
                current=pos.current,
            )
    for m in ds.missions:
        yield Mission(
            slug=m.slug,
            name=m.name,
            acronym=m.acronym,
            purpose=m.purpose,
            host_nation_code=m.host_nation,
            lead_nation_code=m.lead_nation,
            authorised_by_slug=m.authorised_by,
            partner_organisation_slug=m.partner_organisation,
        )
        for part in m.participations:
            yield Participation(
                slug=part.slug,
                mission_slug=m.slug,
                nation_code=part.nation,
                role=part.role,
                description=part.description,
            )
            for fig in part.figures:
                yield PersonnelFigure(
                    slug=fig.slug,
                    participation_slug=part.slug,
                    value=fig.value,
                    qualifier=fig.qualifier.value,
                    unit=fig.unit,
                    **_date("as_of", fig.as_of),
                )
    for e in ds.events:
        yield Event(
            slug=e.slug,
            kind=e.kind,
            title=e.title,
            description=e.description,
            place=e.place,
            **_date("date", e.date),
        )
    for c in ds.contingents:
        personnel = c.personnel
        yield Contingent(
            slug=c.slug,
            mission_slug=c.mission,
            nation_code=c.nation,
            ordinal=c.ordinal,
            personnel_value=personnel.value if personnel else None,
            personnel_qualifier=personnel.qualifier.value if personnel else None,
            personnel_unit=personnel.unit if personnel else None,
            personnel_breakdown=personnel.breakdown if personnel else None,
            status=c.status,
            arrival_place=c.arrival_place,
            received_by=c.received_by,
            **_date("departed", c.departed),
            **_date("deployed", c.deployed),
            **_date("arrived", c.arrived),
        )
        for i, person in enumerate(c.escorts, start=1):
            yield ContingentEscort(contingent_slug=c.slug, person_slug=person, ordinal=i)
    for q in ds.quotes:
        yield Quote(
            slug=q.slug,
            text=q.text,
            speaker_person_slug=q.speaker.person,
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
            yield EventInvolvement(event_slug=e.slug, record_kind=kind, record_key=key, ordinal=i)
    for conflict in ds.conflicts:
        yield Conflict(slug=conflict.slug, description=conflict.description)
        for i, claim in enumerate(conflict.claims, start=1):
            kind, _, key = claim.record.partition("/")
            yield ConflictClaim(
                conflict_slug=conflict.slug,
                record_kind=kind,
                record_key=key,
                field=claim.field,
                ordinal=i,
            )
    # Evidence ids are assigned here, in file order, so the same files give the same ids.
    next_id = 0
    for (kind, key), items in ds.evidence.items():
        for i, cited in enumerate(items, start=1):
            next_id += 1
            yield Evidence(
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
