"""Value types shared by every entity: qualified quantities and dates as sources give them."""

import datetime as dt
from enum import StrEnum

from pydantic import BaseModel, ConfigDict, model_validator


class Qualifier(StrEnum):
    """How a number relates to the true figure. "over 600" is more_than 600, never 600 exact."""

    exact = "exact"
    approximately = "approximately"
    at_least = "at_least"
    more_than = "more_than"
    at_most = "at_most"
    fewer_than = "fewer_than"


class Precision(StrEnum):
    """How finely the earliest/latest bounds of a date are known."""

    day = "day"
    month = "month"
    year = "year"
    unknown = "unknown"


class FuzzyDate(BaseModel):
    """A date as a source words it, with the days it can mean.

    `text` keeps the source's own words ("Last week", "June 26"); `earliest_on` and
    `latest_on` bound the days they can mean (null when unbounded); `inferred` marks bounds
    that no source states, with the reason.
    """

    model_config = ConfigDict(extra="forbid", frozen=True)

    text: str | None = None
    earliest_on: dt.date | None = None
    latest_on: dt.date | None = None
    precision: Precision = Precision.unknown
    inferred: bool = False
    inference_reason: str | None = None

    @model_validator(mode="after")
    def _consistent(self) -> "FuzzyDate":
        if self.earliest_on and self.latest_on and self.earliest_on > self.latest_on:
            raise ValueError("earliest_on is after latest_on")
        if self.inferred and not self.inference_reason:
            raise ValueError("an inferred date needs an inference_reason")
        if not self.inferred and self.inference_reason:
            raise ValueError("inference_reason is given but inferred is false")
        if self.precision == Precision.day and self.earliest_on != self.latest_on:
            raise ValueError("precision day needs earliest_on equal to latest_on")
        return self


class Quantity(BaseModel):
    """A count with its qualifier and unit, and an optional breakdown (e.g. men, women)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    value: int
    qualifier: Qualifier
    unit: str
    breakdown: dict[str, int] | None = None

    @model_validator(mode="after")
    def _breakdown_adds_up(self) -> "Quantity":
        if self.value < 0:
            raise ValueError("value must not be negative")
        if (
            self.breakdown
            and self.qualifier == Qualifier.exact
            and sum(self.breakdown.values()) != self.value
        ):
            raise ValueError("breakdown does not add up to the exact value")
        return self
