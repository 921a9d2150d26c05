import datetime as dt
from typing import Any

from sqlalchemy import JSON
from sqlmodel import Field, SQLModel


class DatasetRelease(SQLModel, table=True):
    """One load that changed content: the version (content hash of the files) and time."""

    __tablename__ = "dataset_release"

    version: str = Field(primary_key=True)
    loaded_at: dt.datetime = Field(index=True)
    counts: dict[str, Any] = Field(sa_type=JSON(none_as_null=True))
    current: bool = Field(default=False, index=True)
