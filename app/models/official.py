from typing import Any, Literal

from pydantic import Field as PField
from sqlalchemy import JSON
from sqlmodel import Field, SQLModel

from app.models.base import Public, record_object
from app.models.common import FuzzyDate
from app.models.evidence import ConflictPublic, CorroborationPublic, EvidencePublic
from app.models.links import Link, NationLink
from app.models.nation import NationPublic


class Official(SQLModel, table=True):
    """An official the sources name, with the name as the sources write it."""

    slug: str = Field(primary_key=True)
    name: str = Field(index=True)
    nation_code: str | None = Field(default=None, foreign_key="nation.code", index=True)


class Position(SQLModel, table=True):
    """A title an official holds or held; `slug` is `<official>-<n>` in file order."""

    slug: str = Field(primary_key=True)
    official_slug: str = Field(foreign_key="official.slug", index=True)
    ordinal: int
    title: str = Field(index=True)
    organisation_slug: str | None = Field(default=None, foreign_key="organisation.slug", index=True)
    nation_code: str | None = Field(default=None, foreign_key="nation.code")
    current: bool
    started: dict[str, Any] | None = Field(default=None, sa_type=JSON(none_as_null=True))
    ended: dict[str, Any] | None = Field(default=None, sa_type=JSON(none_as_null=True))


# --- Public (response) models -------------------------------------------------------


class PositionPublic(Public):
    """A title an official holds (`current`) or held, with its organisation and nation."""

    slug: str = PField(examples=["joseph-boinnet-2"])
    title: str = PField(examples=["Inspector General"])
    organisation: Link | None
    nation: NationLink | None
    current: bool
    started: FuzzyDate | None = PField(description="When the official took it, if stated.")
    ended: FuzzyDate | None = PField(description="When the official left it, if stated.")
    evidence: list[EvidencePublic]


class OfficialPublic(Public):
    """An official the sources name: every title, current and former, and the part played."""

    object: Literal["official"] = record_object("official")

    slug: str = PField(examples=["joseph-boinnet"])
    url: str
    name: str = PField(examples=["Joseph Boinnet"])
    nation: NationLink | NationPublic | None = PField(
        discriminator="object", description="A link; the full nation record with `include=nation`."
    )
    positions: list[PositionPublic]
    escorted: list[Link] = PField(description="Contingents the official escorted.")
    quotes: list[Link] = PField(description="Quotes the official spoke.")
    events: list[Link]
    evidence: list[EvidencePublic]
    conflicts: list[ConflictPublic]
    corroboration: CorroborationPublic
