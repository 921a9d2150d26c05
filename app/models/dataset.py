import datetime as dt
from typing import Any

from pydantic import Field as PField
from sqlalchemy import JSON
from sqlmodel import Field, SQLModel

from app.models.base import Public


class DatasetRelease(SQLModel, table=True):
    """One load that changed content: the version (content hash of the files) and time."""

    __tablename__ = "dataset_release"

    version: str = Field(primary_key=True)
    loaded_at: dt.datetime = Field(index=True)
    counts: dict[str, Any] = Field(sa_type=JSON(none_as_null=True))
    current: bool = Field(default=False, index=True)


# --- Public (response) models -------------------------------------------------------


class ReleasePublic(Public):
    version: str
    loaded_at: dt.datetime
    current: bool


class DatasetSourcePublic(Public):
    slug: str
    url: str
    publisher: str
    title: str | None
    document_url: str
    text_stored: bool


class DatasetPublic(Public):
    """Which data this is, when it was loaded, what it holds and how to credit it."""

    version: str = PField(description="Content hash of the data files loaded.")
    loaded_at: dt.datetime
    counts: dict[str, int]
    releases: list[ReleasePublic] = PField(description="Every version loaded, newest first.")
    sources: list[DatasetSourcePublic]
    licence: str
    licence_url: str
    attribution: str
    citation: str = PField(description="How to cite a fact from this API.")
