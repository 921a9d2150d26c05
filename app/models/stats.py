"""Public models of /v1/stats: counts per kind and personnel sums with qualifiers kept."""

from pydantic import Field

from app.models.base import Public
from app.models.common import FuzzyDate, Qualifier, Quantity
from app.models.links import NationLink
from app.models.mission import Role
from app.models.pledge import PledgeKind


class Total(Public):
    """A sum of qualified figures. A lower bound stays a lower bound: more_than 600 plus a
    figure nobody reported is more_than 600; exact plus more_than is more_than."""

    value: int = Field(examples=[700])
    qualifier: Qualifier = Field(examples=["more_than"])
    unit: str = Field(examples=["police officers"])
    figures: int = Field(description="How many reported figures were summed.")
    unreported: int = Field(
        description="How many parts had no reported figure (each adds an unknown count)."
    )


class FigureUsed(Public):
    """A figure that went into a sum: the latest of its participation."""

    figure: str = Field(description="Slug of the figure.")
    participation: str
    role: Role
    value: int
    qualifier: Qualifier
    unit: str
    as_of: FuzzyDate


class NationPersonnel(Public):
    nation: NationLink
    roles: list[Role] = Field(description="Its personnel-contributing roles.")
    total: Total | None = Field(description="Null when no figure is reported.")
    figures: list[FigureUsed]


class RolePersonnel(Public):
    role: Role
    nations: int
    total: Total | None


class ContingentGroup(Public):
    value: str = Field(description="The status, or the nation's code.")
    contingents: int
    personnel: Total | None


class PledgeBrief(Public):
    """One pledge, as the comparison shows it."""

    pledge: str = Field(description="Slug of the pledge (/v1/pledges/{slug}).")
    kind: PledgeKind
    personnel: Quantity | None
    made: FuzzyDate


class StrengthBrief(Public):
    """The nation's latest reported strength figure."""

    figure: str = Field(description="Slug of the figure (/v1/strength/{slug}).")
    value: int
    qualifier: Qualifier
    unit: str
    as_of: FuzzyDate


class PledgedAndSent(Public):
    """What one nation promised beside what it sent: its pledges (each as stated; they
    are not added up, since a later pledge may restate an earlier one), the personnel of
    its contingents that left or arrived, and its latest reported strength."""

    nation: NationLink
    pledges: list[PledgeBrief]
    sent: Total | None = Field(
        description="The sum of its departed, arrived and returned contingents' personnel."
    )
    contingents_sent: int
    latest_strength: StrengthBrief | None


class StatsPublic(Public):
    """Counts per kind, and personnel by nation and role with qualifiers kept.

    Personnel sums use, for each participation in a personnel-contributing role (police,
    personnel or military contributor), its latest figure; a participation without one
    adds an unknown count, so the sum becomes a lower bound.
    """

    counts: dict[str, int] = Field(description="Records per kind, and citations.")
    personnel_total: Total | None
    personnel_by_nation: list[NationPersonnel]
    personnel_by_role: list[RolePersonnel]
    contingents_by_status: list[ContingentGroup]
    contingents_by_nation: list[ContingentGroup]
    pledged_and_sent: list[PledgedAndSent] = Field(
        description="Per nation that pledged or sent personnel: pledges beside what came."
    )
