from sqlalchemy import JSON, Index
from sqlmodel import Field, SQLModel


class Evidence(SQLModel, table=True):
    """One citation backing a record.

    For a source whose text is stored, `excerpt` is its exact text and `start`/`end` its
    character offsets (`verified` is true once the loader found it there). For any other
    source, `claim` says what it states and `verified` is false. `supports` names the
    record's fields it backs; empty means the record as a whole.
    """

    __table_args__ = (Index("ix_evidence_record", "record_kind", "record_key", "ordinal"),)

    id: int | None = Field(default=None, primary_key=True)
    record_kind: str
    record_key: str
    ordinal: int
    source_slug: str = Field(foreign_key="source.slug", index=True)
    excerpt: str | None = None
    start: int | None = None
    end: int | None = None
    claim: str | None = None
    verified: bool
    supports: list[str] = Field(default_factory=list, sa_type=JSON(none_as_null=True))


class Conflict(SQLModel, table=True):
    """Claims that disagree, shown side by side and never resolved silently."""

    slug: str = Field(primary_key=True)
    description: str


class ConflictClaim(SQLModel, table=True):
    """One side of a conflict: a record's field, backed by that record's own evidence."""

    __tablename__ = "conflict_claim"

    conflict_slug: str = Field(foreign_key="conflict.slug", primary_key=True)
    record_kind: str = Field(primary_key=True)
    record_key: str = Field(primary_key=True)
    field: str = Field(primary_key=True)
    ordinal: int
