from typing import Literal

from pydantic import Field as PField
from sqlmodel import Field, SQLModel

from app.models.base import Public, record_object
from app.models.evidence import ConflictPublic, CorroborationPublic, EvidencePublic
from app.models.links import ListLink
from app.models.mission import ParticipationPublic, Role


class Nation(SQLModel, table=True):
    """A nation, keyed by its ISO 3166-1 alpha-2 code."""

    code: str = Field(primary_key=True, max_length=2)
    name: str = Field(index=True)


# --- Public (response) models -------------------------------------------------------


class NationPublic(Public):
    """A nation and every part it plays, with personnel figures and related records."""

    object: Literal["nation"] = record_object("nation")

    code: str = PField(examples=["KE"])
    url: str
    name: str = PField(examples=["Kenya"])
    roles: list[Role] = PField(
        description="Its roles across missions, each once, in the fixed role order (lead, "
        "police_contributor, personnel_contributor, military_contributor, supporter, host).",
        examples=[["lead", "police_contributor"]],
    )
    participations: list[ParticipationPublic]
    contingents: ListLink = PField(description="Its contingents: /v1/contingents?nation=")
    officials: ListLink = PField(description="Its officials: /v1/officials?nation=")
    organisations: ListLink = PField(description="Its organisations: /v1/organisations?nation=")
    events: ListLink = PField(description="Events involving it: /v1/events?nation=")
    evidence: list[EvidencePublic]
    conflicts: list[ConflictPublic]
    corroboration: CorroborationPublic
