"""Value types shared by every entity: qualified quantities and dates as sources give them."""

import calendar
import datetime as dt
import re
from enum import StrEnum
from typing import Annotated, Literal

from pydantic import BeforeValidator, ConfigDict, Field, StrictBool, model_validator

from app.models.base import Public

# Counts are stored in 32-bit integer columns; a larger number is a typo, not a fact.
MAX_COUNT = 2_147_483_647
_ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


def _iso_day(value: object) -> object:
    """Accept a date or an ISO `YYYY-MM-DD` string; refuse datetimes, numbers and the rest.

    Pydantic's lax parsing would read an integer as a Unix timestamp and a datetime at
    midnight as its date; neither is how a curator writes a day.
    """
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value
    if isinstance(value, str) and _ISO_DAY.fullmatch(value):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            raise ValueError(f"{value} is not a day of the calendar") from None
    raise ValueError("expected a day as YYYY-MM-DD")


Day = Annotated[dt.date, BeforeValidator(_iso_day)]
Count = Annotated[int, Field(strict=True, ge=0, le=MAX_COUNT)]


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


class FuzzyDate(Public):
    """A date as a source words it, with the days it can mean.

    `text` keeps the source's own words ("Last week", "June 26"); `earliest_on` and
    `latest_on` bound the days they can mean (null when unbounded); `inferred` marks bounds
    that no source states, with the reason. A precision of day, month or year says the
    bounds are exactly that one day, calendar month or calendar year.
    """

    model_config = ConfigDict(extra="forbid", frozen=True)

    text: str | None = None
    earliest_on: Day | None = None
    latest_on: Day | None = None
    precision: Precision = Precision.unknown
    inferred: StrictBool = False
    inference_reason: str | None = None

    @model_validator(mode="after")
    def _consistent(self) -> "FuzzyDate":
        if self.earliest_on and self.latest_on and self.earliest_on > self.latest_on:
            raise ValueError("earliest_on is after latest_on")
        if self.inferred and not self.inference_reason:
            raise ValueError("an inferred date needs an inference_reason")
        if not self.inferred and self.inference_reason:
            raise ValueError("inference_reason is given but inferred is false")
        if self.precision != Precision.unknown:
            self._check_precision()
        return self

    def _check_precision(self) -> None:
        first, last = self.earliest_on, self.latest_on
        if first is None or last is None:
            raise ValueError(f"precision {self.precision} needs both earliest_on and latest_on")
        if self.precision == Precision.day and first != last:
            raise ValueError("precision day needs earliest_on equal to latest_on")
        if self.precision == Precision.month:
            month_end = calendar.monthrange(first.year, first.month)[1]
            if first.day != 1 or last != first.replace(day=month_end):
                raise ValueError("precision month needs the first and last day of one month")
        if self.precision == Precision.year and (
            (first.month, first.day) != (1, 1) or last != dt.date(first.year, 12, 31)
        ):
            raise ValueError("precision year needs 1 January and 31 December of one year")


# The parts a count is broken into, as the sources name them (a closed set: the loader
# refuses any other, and a CSV gives each its own column). jcf and jdf are the Jamaica
# Constabulary Force and the Jamaica Defence Force.
BreakdownKey = Literal[
    "soldiers",
    "police",
    "officers",
    "marines",
    "uniformed military and police",
    "civilians",
    "men",
    "women",
    "jcf",
    "jdf",
]


class Quantity(Public):
    """A count with its qualifier and unit, and an optional breakdown (e.g. men, women)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    value: Count
    qualifier: Qualifier
    unit: str
    breakdown: dict[BreakdownKey, Count] | None = Field(
        default=None,
        description="Parts of the count, by kind of personnel, as sources give them.",
    )

    @model_validator(mode="after")
    def _breakdown_adds_up(self) -> "Quantity":
        if (
            self.breakdown
            and self.qualifier == Qualifier.exact
            and sum(self.breakdown.values()) != self.value
        ):
            raise ValueError("breakdown does not add up to the exact value")
        return self


class Money(Public):
    """An amount of money with its qualifier, in whole units of an ISO 4217 currency."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    value: Annotated[int, Field(strict=True, ge=0, le=10**15)]
    qualifier: Qualifier
    currency: Annotated[str, Field(pattern=r"^[A-Z]{3}$", examples=["USD"])]
