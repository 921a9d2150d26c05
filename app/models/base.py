"""The base of every served model."""

from typing import Any

from pydantic import BaseModel, ConfigDict, Field


class Public(BaseModel):
    """A model the API serves. A served document carries every field of its model (null
    where nothing is known), so its JSON Schema requires them all, defaulted ones too:
    generated clients type a field as `T | null`, never as possibly absent."""

    model_config = ConfigDict(json_schema_serialization_defaults_required=True)


def record_object(name: str) -> Any:
    """The `object` field of a served record: always `name`, which tells the record itself
    from a link to it (and so a generated client's union of the two apart)."""
    return Field(name, description=f'Always "{name}": the record itself, not a link to it.')


def link_object() -> Any:
    """The `object` field of every link: always "link"."""
    return Field("link", description='Always "link": a reference; `include=` inlines the record.')
