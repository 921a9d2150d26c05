import datetime as dt
from typing import Any, Literal, get_args

from pydantic import Field as PField
from sqlalchemy import JSON
from sqlmodel import Field, SQLModel

from app.models.base import Public, record_object
from app.models.common import FuzzyDate

# What kind of document a source is.
SourceKind = Literal[
    "news_article",
    "news_agency_report",
    "photo_caption",
    "video_report",
    "statement",
    "press_release",
    "official_document",
    "aggregator",
]
SOURCE_KINDS: tuple[str, ...] = get_args(SourceKind)


class Source(SQLModel, table=True):
    """A document facts are cited from; `text` is stored only when we hold it byte for byte."""

    slug: str = Field(primary_key=True)
    title: str | None = None
    title_note: str | None = None
    publisher: str = Field(index=True)
    url: str
    kind: str = Field(index=True)
    language: str = Field(index=True)
    wire: str | None = Field(default=None, index=True)
    wire_story: str | None = Field(default=None, index=True)
    published: dict[str, Any] = Field(sa_type=JSON(none_as_null=True))
    published_earliest_on: dt.date | None = Field(default=None, index=True)
    published_latest_on: dt.date | None = Field(default=None, index=True)
    retrieved_on: dt.date | None = None
    text_stored: bool = Field(default=False, index=True)
    text: str | None = None
    sha256: str | None = None


# --- Public (response) models -------------------------------------------------------


class SourcePublic(Public):
    """A document facts are cited from; `text_stored` says whether we hold its text."""

    object: Literal["source"] = record_object("source")

    slug: str = PField(examples=["odrimedia-ruto-haiti-mss"])
    url: str
    title: str | None
    title_note: str | None
    publisher: str = PField(examples=["Odri Media (Kenya)"])
    document_url: str = PField(description="URL of the document itself.")
    kind: SourceKind = PField(
        description="What kind of document it is; an aggregator is a page that relays "
        "others' reporting."
    )
    language: str = PField(description="BCP 47 tag of the page's language.", examples=["en"])
    wire: str | None = PField(
        description="The news agency whose story the page carries, if any.", examples=["AP"]
    )
    wire_story: str | None = PField(
        description="An id shared by every outlet's copy of one agency story: such copies "
        "are one source when sources are counted."
    )
    published: FuzzyDate
    retrieved_on: dt.date | None
    text_stored: bool
    text_length: int | None = PField(description="Characters of stored text, if any.")
    sha256: str | None = PField(description="SHA-256 of the stored text's UTF-8 bytes.")
    citations: int = PField(description="How many citations in the dataset cite it.")


class SourceDetailPublic(SourcePublic):
    """A source with its stored text, when there is one."""

    text: str | None = PField(description="The stored text, byte for byte as published.")
