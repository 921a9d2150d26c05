from typing import Any, Literal

from pydantic import ConfigDict
from pydantic import Field as PField
from sqlalchemy import JSON, Index
from sqlmodel import Field, SQLModel

from app.models.base import Public, record_object
from app.models.common import FuzzyDate, Quantity
from app.models.links import RecordLink


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
    """One side of a conflict: a record's field, with the record's own value and evidence,
    or another value for it with the evidence of the sources that give it."""

    __tablename__ = "conflict_claim"
    __table_args__ = (
        Index("ix_conflict_claim_record", "record_kind", "record_key"),
        Index("ix_conflict_claim_field", "field"),
    )

    conflict_slug: str = Field(foreign_key="conflict.slug", primary_key=True)
    ordinal: int = Field(primary_key=True)
    record_kind: str
    record_key: str
    field: str
    # Another value that other sources give for the record's field (its evidence is
    # the claim's own: kind "claims", key "<conflict>/<ordinal>"); null for the record's own.
    value: Any = Field(default=None, sa_type=JSON(none_as_null=True), nullable=True)


# --- Public (response) models -------------------------------------------------------


class EvidencePublic(Public):
    """One citation of a served record.

    `verified` is true only when `excerpt` was found, character for character, in the
    source's stored text at `start`..`end` (Python string offsets). A source whose text is
    not stored is cited by its `claim` and is never verified.
    """

    model_config = ConfigDict(frozen=True)

    source: str = PField(
        description="Slug of the cited source.", examples=["odrimedia-ruto-haiti-mss"]
    )
    source_url: str = PField(description="URL of the cited document itself.")
    source_api_url: str = PField(description="URL of the source's record in this API.")
    excerpt: str | None = PField(description="The exact words cited, when the text is stored.")
    start: int | None = PField(description="Offset of the excerpt's first character in the text.")
    end: int | None = PField(description="Offset just past the excerpt's last character.")
    claim: str | None = PField(description="What a source without stored text states.")
    verified: bool
    supports: list[str] = PField(
        description="The record's fields this citation backs; empty means the whole record."
    )
    origin: str = PField(
        description="The independent report it comes from: the agency story an outlet's "
        "copy carries (its source's `wire_story`), else the source itself. Citations with "
        "one origin count once under `corroboration`."
    )


ClaimValue = int | bool | str | FuzzyDate | Quantity | dict[str, Any] | None


class ConflictClaimPublic(Public):
    """One side of a conflict: a record's field, its value, and that field's own evidence."""

    record: RecordLink
    part: str | None = PField(
        default=None,
        description=(
            "The key of the part of `record` that the field belongs to, when the field is "
            "not the record's own: one of an official's `positions`."
        ),
        examples=["monica-juma-1"],
    )
    field: str = PField(examples=["ordinal"])
    value: ClaimValue = PField(
        description="The value this side gives: the record's own (`own` true) or another."
    )
    own: bool = PField(description="True when the value is the record's own value.")
    evidence: list[EvidencePublic]


class SupportPublic(Public):
    """How well one field of a record is supported."""

    sources: int = PField(description="Independent reports that support it.")
    disputed: bool = PField(description="Whether a conflict gives another value for it.")


class CorroborationPublic(Public):
    """How many independent reports support a record and each of its fields, and whether
    any source disputes them. Copies of one agency story count once."""

    sources: int = PField(description="Independent reports cited for the record.")
    citations: int = PField(description="Citations of the record, copies included.")
    single_source: bool = PField(description="True when only one independent report backs it.")
    disputed: bool = PField(description="Whether any conflict involves the record.")
    fields: dict[str, SupportPublic] = PField(
        description="Each field that citations name under `supports`, with its support."
    )


class ConflictPublic(Public):
    """Claims that disagree, shown side by side; none is preferred over another."""

    object: Literal["conflict"] = record_object("conflict")

    slug: str = PField(examples=["which-contingent-was-third"])
    url: str
    description: str
    claims: list[ConflictClaimPublic]
