import datetime as dt
from typing import Any

from sqlalchemy import JSON, CheckConstraint
from sqlmodel import Field, SQLModel


class Quote(SQLModel, table=True):
    """A quoted passage, word for word; its speaker is a person or an organisation."""

    __table_args__ = (
        CheckConstraint(
            "(speaker_person_slug IS NULL) <> (speaker_organisation_slug IS NULL)",
            name="one_speaker",
        ),
    )

    slug: str = Field(primary_key=True)
    text: str
    speaker_person_slug: str | None = Field(default=None, foreign_key="person.slug", index=True)
    speaker_organisation_slug: str | None = Field(
        default=None, foreign_key="organisation.slug", index=True
    )
    venue: str | None = None
    event_slug: str | None = Field(default=None, foreign_key="event.slug", index=True)
    date: dict[str, Any] = Field(sa_type=JSON(none_as_null=True))
    date_earliest_on: dt.date | None = Field(default=None, index=True)
    date_latest_on: dt.date | None = None
    occasion: str | None = None
    kind: str = Field(index=True)
