import datetime as dt
from typing import Any, Literal, get_args

from pydantic import Field as PField
from sqlalchemy import JSON, Index
from sqlmodel import Field, SQLModel

from app.models.base import Public, record_object
from app.models.common import FuzzyDate, Money
from app.models.evidence import ConflictPublic, CorroborationPublic, EvidencePublic
from app.models.links import Link, RecordLink

# What kind of happening an event is.
EventKind = Literal[
    "request",
    "authorisation",
    "renewal",
    "approval",
    "court_ruling",
    "agreement",
    "departure",
    "arrival",
    "deployment",
    "planned_deployment",
    "return",
    "rotation",
    "speech",
    "statement",
    "visit",
    "operation",
    "casualty",
    "funding",
    "pledge",
    "appointment",
    "transition",
]
EVENT_KINDS: tuple[str, ...] = get_args(EventKind)


class Event(SQLModel, table=True):
    """A dated (or undated) happening on the timeline, past or planned."""

    # The default order of /v1/events, read from one index without a sort.
    __table_args__ = (
        Index("ix_event_default_order", "date_earliest_on", "date_latest_on", "slug"),
    )

    slug: str = Field(primary_key=True)
    kind: str = Field(index=True)
    title: str
    description: str | None = None
    date: dict[str, Any] = Field(sa_type=JSON(none_as_null=True))
    date_earliest_on: dt.date | None = Field(default=None, index=True)
    date_latest_on: dt.date | None = Field(default=None, index=True)
    amount: dict[str, Any] | None = Field(default=None, sa_type=JSON(none_as_null=True))
    place: str | None = None


class EventInvolvement(SQLModel, table=True):
    """A record an event involves, addressed as (kind, key), e.g. ("contingents", "ke-...")."""

    __tablename__ = "event_involvement"
    __table_args__ = (Index("ix_event_involvement_record", "record_kind", "record_key"),)

    event_slug: str = Field(foreign_key="event.slug", primary_key=True)
    record_kind: str = Field(primary_key=True)
    record_key: str = Field(primary_key=True)
    ordinal: int


# --- Public (response) models -------------------------------------------------------


class EventPublic(Public):
    """A happening on the timeline, past or planned, and the records it involves."""

    object: Literal["event"] = record_object("event")

    slug: str = PField(examples=["ruto-global-cathedral-speech"])
    url: str
    kind: EventKind = PField(examples=["speech"])
    title: str
    description: str | None
    date: FuzzyDate
    place: str | None
    amount: Money | None = PField(description="The sum of money, for a funding event.")
    involves: list[RecordLink]
    quotes: list[Link]
    evidence: list[EvidencePublic]
    conflicts: list[ConflictPublic]
    corroboration: CorroborationPublic
