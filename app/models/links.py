"""Link objects: how one served record points at another, by key and absolute URL."""

from typing import Annotated, Literal

from pydantic import ConfigDict, Field, GetJsonSchemaHandler
from pydantic.json_schema import JsonSchemaValue
from pydantic_core import CoreSchema

from app.models.base import Public, link_object


class _Kinds:
    """JSON Schema of a record kind: a string, one of the registry's names."""

    @classmethod
    def __get_pydantic_json_schema__(
        cls, core_schema: CoreSchema, handler: GetJsonSchemaHandler
    ) -> JsonSchemaValue:
        from app.resources import NAMES  # the registry imports these models

        return {**handler(core_schema), "enum": list(NAMES)}


# The kinds of record the API serves, named as its URLs name them (app.resources).
RecordKind = Annotated[str, _Kinds]


class Link(Public):
    """A record addressed by slug, with its display name when it has one."""

    model_config = ConfigDict(frozen=True)
    object: Literal["link"] = link_object()

    slug: str = Field(examples=["william-ruto"])
    name: str | None = Field(default=None, examples=["William Ruto"])
    url: str = Field(description="Absolute URL of the record in this API.")


class NationLink(Public):
    """A nation, addressed by its ISO 3166-1 alpha-2 code."""

    model_config = ConfigDict(frozen=True)
    object: Literal["link"] = link_object()

    code: str = Field(examples=["KE"])
    name: str = Field(examples=["Kenya"])
    url: str = Field(description="Absolute URL of the nation in this API.")


class ListLink(Public):
    """Related records that can be many: how many there are, and the filtered list's URL."""

    model_config = ConfigDict(frozen=True)

    count: int = Field(examples=[4])
    url: str = Field(description="Absolute URL of the list of them in this API.")


class RecordLink(Public):
    """A record of any kind; `slug` is its key (for a nation, its ISO code)."""

    model_config = ConfigDict(frozen=True)
    object: Literal["link"] = link_object()

    kind: RecordKind = Field(examples=["officials"])
    slug: str = Field(examples=["william-ruto"])
    name: str | None = Field(default=None, examples=["William Ruto"])
    url: str = Field(description="Absolute URL of the record in this API.")
