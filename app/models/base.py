"""The base of every served model."""

from pydantic import BaseModel, ConfigDict


class Public(BaseModel):
    """A model the API serves. A served document carries every field of its model (null
    where nothing is known), so its JSON Schema requires them all, defaulted ones too:
    generated clients type a field as `T | null`, never as possibly absent."""

    model_config = ConfigDict(json_schema_serialization_defaults_required=True)
