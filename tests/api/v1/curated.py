"""The curated data as the loader validates it: what the API tests expect to be served."""

import datetime as dt
import functools
from typing import Any

from app.loader.dataset import Dataset
from app.loader.validate import validate_dir
from tests.conftest import DATA_DIR


@functools.cache
def curated() -> Dataset:
    return validate_dir(DATA_DIR)


def chronological(records: list[Any], date: str) -> list[str]:
    """Slugs in the lists' date order: earliest bound, then latest, undated last."""

    def key(r: Any) -> tuple[Any, ...]:
        d = getattr(r, date)
        first, last = d.earliest_on, d.latest_on
        return (first is None, first or dt.date.min, last is None, last or dt.date.min, r.slug)

    return [r.slug for r in sorted(records, key=key)]
