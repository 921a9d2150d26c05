"""What each release keeps: every record as served, redirects of merged or renamed
records, and the downloadable dumps of the current release.

Record bodies are stored once per distinct content (`record_body`, keyed by SHA-256), and
each release lists which body each of its records had (`release_record`), so a record that
does not change between releases costs one row, not one copy.
"""

from sqlalchemy import LargeBinary, Text
from sqlmodel import Field, SQLModel


class RecordBody(SQLModel, table=True):
    """A record's public JSON, with URLs relative to the API root."""

    __tablename__ = "record_body"

    digest: str = Field(primary_key=True, max_length=64)
    body: str = Field(sa_type=Text)


class ReleaseRecord(SQLModel, table=True):
    """Which body a record had in a release: the per-release snapshot of the dataset."""

    __tablename__ = "release_record"

    version: str = Field(primary_key=True)
    resource: str = Field(primary_key=True)
    key: str = Field(primary_key=True)
    digest: str = Field(foreign_key="record_body.digest", index=True)


class RecordRedirect(SQLModel, table=True):
    """A record merged into another or renamed: its old key answers 308 to the new one."""

    __tablename__ = "record_redirect"

    resource: str = Field(primary_key=True)
    old_key: str = Field(primary_key=True)
    new_key: str
    reason: str
    note: str | None = None


class DatasetDump(SQLModel, table=True):
    """One downloadable file of the whole current dataset, built at load time."""

    __tablename__ = "dataset_dump"

    name: str = Field(primary_key=True)
    version: str
    media_type: str
    sha256: str = Field(max_length=64)
    size: int
    content: bytes = Field(sa_type=LargeBinary)
