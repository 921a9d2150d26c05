import datetime as dt
from typing import Any, Literal, get_args

from pydantic import Field as PField
from sqlalchemy import JSON, CheckConstraint, Index
from sqlmodel import Field, SQLModel

from app.models.base import Public, record_object
from app.models.common import FuzzyDate
from app.models.event import EventPublic
from app.models.evidence import ConflictPublic, CorroborationPublic, EvidencePublic
from app.models.links import Link, RecordLink
from app.models.official import OfficialPublic
from app.models.organisation import OrganisationPublic

# What kind of utterance a quote is.
QuoteKind = Literal["speech", "statement", "interview"]
QUOTE_KINDS: tuple[str, ...] = get_args(QuoteKind)


class Quote(SQLModel, table=True):
    """A quoted passage, word for word; its speaker is an official or an organisation."""

    __table_args__ = (
        CheckConstraint(
            "(speaker_official_slug IS NULL) <> (speaker_organisation_slug IS NULL)",
            name="one_speaker",
        ),
        # The default order of /v1/quotes, read from one index without a sort.
        Index("ix_quote_default_order", "date_earliest_on", "date_latest_on", "slug"),
    )

    slug: str = Field(primary_key=True)
    text: str
    speaker_official_slug: str | None = Field(default=None, foreign_key="official.slug", index=True)
    speaker_organisation_slug: str | None = Field(
        default=None, foreign_key="organisation.slug", index=True
    )
    venue: str | None = Field(default=None, index=True)
    event_slug: str | None = Field(default=None, foreign_key="event.slug", index=True)
    date: dict[str, Any] = Field(sa_type=JSON(none_as_null=True))
    date_earliest_on: dt.date | None = Field(default=None, index=True)
    date_latest_on: dt.date | None = Field(default=None, index=True)
    occasion: str | None = None
    kind: str = Field(index=True)


# --- Public (response) models -------------------------------------------------------


class QuotePublic(Public):
    """A quoted passage, word for word, with its speaker, venue, occasion and date."""

    object: Literal["quote"] = record_object("quote")

    slug: str = PField(examples=["ruto-us-blessing-to-our-nation"])
    url: str
    text: str = PField(description="The exact words, as the source prints them.")
    speaker: RecordLink | OfficialPublic | OrganisationPublic = PField(
        discriminator="object",
        description="An official (kind officials) or an organisation (kind organisations); "
        "the full record with `include=speaker`.",
    )
    venue: str | None
    event: Link | EventPublic | None = PField(
        discriminator="object", description="A link; the full event record with `include=event`."
    )
    date: FuzzyDate
    occasion: str | None
    kind: QuoteKind = PField(examples=["speech"])
    evidence: list[EvidencePublic]
    conflicts: list[ConflictPublic]
    corroboration: CorroborationPublic
