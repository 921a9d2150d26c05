"""What each release keeps: every record as served, redirects of merged or renamed
records, and the downloadable dumps of the current release.

Record bodies are stored once per distinct content (`record_body`, keyed by SHA-256), and
each release lists which body each of its records had (`release_record`), so a record that
does not change between releases costs one row, not one copy.
"""

import datetime as dt
from typing import Any

from pydantic import ConfigDict, create_model
from pydantic import Field as PField
from sqlalchemy import LargeBinary, Text
from sqlmodel import Field, SQLModel

from app.models.base import Public


class RecordBody(SQLModel, table=True):
    """A record's public JSON, with URLs relative to the API root."""

    __tablename__ = "record_body"

    digest: str = Field(primary_key=True, max_length=64)
    body: str = Field(sa_type=Text)


class ReleaseRecord(SQLModel, table=True):
    """Which body a record had in a release: the per-release snapshot of the dataset."""

    __tablename__ = "release_record"

    version: str = Field(primary_key=True)
    resource: str = Field(primary_key=True)
    key: str = Field(primary_key=True)
    digest: str = Field(foreign_key="record_body.digest", index=True)


class RecordRedirect(SQLModel, table=True):
    """A record merged into another or renamed: its old key answers 308 to the new one."""

    __tablename__ = "record_redirect"

    resource: str = Field(primary_key=True)
    old_key: str = Field(primary_key=True)
    new_key: str
    reason: str
    note: str | None = None


class DatasetDump(SQLModel, table=True):
    """One downloadable file of the whole current dataset, built at load time."""

    __tablename__ = "dataset_dump"

    name: str = Field(primary_key=True)
    version: str
    media_type: str
    sha256: str = Field(max_length=64)
    size: int
    content: bytes = Field(sa_type=LargeBinary)


# --- Public (response) models -------------------------------------------------------


class ReleaseInfo(Public):
    """One load that changed the dataset's content."""

    version: str = PField(description="Content hash of the data files loaded.")
    loaded_at: dt.datetime
    current: bool
    counts: dict[str, int] = PField(description="Records of each kind in this release.")
    snapshot_stored: bool = PField(
        description="Whether this release's records are kept: only then can it be the "
        "`since` of the change feed or the `version` of a permalink."
    )
    changes_url: str | None = PField(description="The change feed from this release to now.")


class RecordRef(Public):
    """A record added to the dataset, by resource and key."""

    resource: str = PField(examples=["quotes"])
    key: str = PField(examples=["ruto-us-blessing-to-our-nation"])
    url: str


class FieldChange(Public):
    """One field whose value differs; nested objects give dotted paths, lists change whole."""

    field: str = PField(examples=["personnel.value"])
    old: Any = PField(description="The value in the earlier release (null if absent).")
    new: Any = PField(description="The value in the later release (null if absent).")


class RecordChanged(RecordRef):
    """A record whose content differs between the two releases."""

    changes: list[FieldChange]


class Tombstone(Public):
    """A record that no longer exists; `merged_into` names the record it now redirects to
    (merged into, or renamed to), if any."""

    resource: str
    key: str
    removed: bool = PField(default=True, description="Always true: this record is gone.")
    merged_into: str | None = PField(
        description="URL of the record it was merged into or renamed to."
    )


class ChangeFeed(Public):
    """What changed between two releases."""

    since: str
    until: str
    added: list[RecordRef]
    changed: list[RecordChanged]
    removed: list[Tombstone]


class Citation(Public):
    """How to cite one record, pinned to a dataset version."""

    record: str = PField(description="The record's URL (always its latest content).")
    permalink: str = PField(description="The record's URL pinned to this dataset version.")
    version: str
    title: str
    apa: str = PField(description="APA-style reference.")
    bibtex: str


class DumpInfo(Public):
    """One downloadable file of the whole dataset."""

    name: str = PField(examples=["mss-facts.sqlite"])
    url: str
    version: str = PField(description="The dataset version it holds.")
    media_type: str
    size: int = PField(description="Bytes.")
    sha256: str


class CitingRecord(Public):
    """A record whose evidence cites an excerpt."""

    kind: str = PField(description="Its kind: a resource's name, or `positions`.")
    key: str
    url: str
    supports: list[str]


class ExcerptPublic(Public):
    """A cited excerpt of a stored source text, with its context and a fresh check."""

    id: str = PField(description="`start-end`: the excerpt's offsets.", examples=["1203-1310"])
    url: str
    source: str
    source_url: str
    start: int
    end: int
    excerpt: str
    before: str = PField(description="Text just before the excerpt (up to `context` chars).")
    after: str = PField(description="Text just after the excerpt (up to `context` chars).")
    text_length: int
    sha256: str | None = PField(description="The SHA-256 recorded for the source text.")
    sha256_actual: str = PField(description="The SHA-256 of the text as stored now.")
    text_intact: bool = PField(description="The stored text still has its recorded SHA-256.")
    excerpt_matches: bool = PField(description="The text at start..end is the excerpt.")
    cited_by: list[CitingRecord]


# The table models' names (singular, as SQLModel has them) -> the dump's names.
TABLE_NAMES = {
    "mission": "missions",
    "contingent": "contingents",
    "contingent_escort": "contingent_escorts",
    "nation": "nations",
    "official": "officials",
    "position": "positions",
    "organisation": "organisations",
    "participation": "participations",
    "quote": "quotes",
    "event": "events",
    "event_involvement": "event_involvements",
    "decision": "decisions",
    "decision_abstention": "decision_abstentions",
    "strength": "strength",
    "pledge": "pledges",
    "source": "sources",
    "evidence": "evidence",
    "conflict": "conflicts",
    "conflict_claim": "claims",
    "record_redirect": "redirects",
}
# The SQLite dump's file name (as the docs save it) is Datasette's database name.
DATABASE = "mss-facts"


class DumpTable(Public):
    """A table of the SQLite dump (a file of the CSV zip) and its columns."""

    description: str
    columns: dict[str, str] = PField(description="Each column's description, by name.")


# One member per table of the dumps: a closed set, so a generated client types each.
DumpTables = create_model(
    "DumpTables",
    __doc__="Every table of the dumps, by its name.",
    **dict.fromkeys(TABLE_NAMES.values(), (DumpTable, ...)),  # type: ignore[call-overload]
)


class DumpSource(Public):
    slug: str
    publisher: str
    title: str | None
    url: str = PField(description="The source's own URL (the page or document).")


class DumpMetadata(Public):
    """What the dumps of one release are: `latest.metadata.json`, the `metadata` table of
    the SQLite dump, and `metadata.json` in the CSV zip."""

    title: str
    description: str
    dataset_version: str
    generated_at: dt.datetime = PField(description="When this release was loaded.")
    dump_format: int = PField(description="The dumps' layout version (SQLite user_version).")
    licence: str = PField(examples=["CC-BY-4.0"])
    licence_url: str
    attribution: str
    citation: str
    api: str = PField(description="The API's path, relative to its root.")
    tables: DumpTables
    sources: list[DumpSource]


class DatasetteTable(Public):
    description: str
    columns: dict[str, str]


DatasetteTables = create_model(
    "DatasetteTables",
    **dict.fromkeys(TABLE_NAMES.values(), (DatasetteTable, ...)),  # type: ignore[call-overload]
)


class DatasetteDatabase(Public):
    tables: DatasetteTables


class DatasetteDatabases(Public):
    model_config = ConfigDict(populate_by_name=True)

    mss_facts: DatasetteDatabase = PField(alias=DATABASE)


class DatasetteMetadata(Public):
    """Datasette's metadata file (https://docs.datasette.io/en/0.65.x/metadata.html) for
    the SQLite dump saved as `mss-facts.sqlite`."""

    title: str
    description: str
    license: str
    license_url: str
    source: str
    source_url: str
    databases: DatasetteDatabases
