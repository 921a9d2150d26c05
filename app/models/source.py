import datetime as dt
from typing import Any

from sqlalchemy import JSON
from sqlmodel import Field, SQLModel


class Source(SQLModel, table=True):
    """A document facts are cited from; `text` is stored only when we hold it byte for byte."""

    slug: str = Field(primary_key=True)
    title: str | None = None
    title_note: str | None = None
    publisher: str
    url: str
    kind: str = Field(index=True)
    published: dict[str, Any] = Field(sa_type=JSON(none_as_null=True))
    published_earliest_on: dt.date | None = Field(default=None, index=True)
    published_latest_on: dt.date | None = None
    retrieved_on: dt.date | None = None
    text_stored: bool = False
    text: str | None = None
    sha256: str | None = None
