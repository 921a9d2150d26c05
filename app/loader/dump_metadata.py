"""What the dumps say about themselves: their tables under the API's names, the licence,
the attribution, the sources, and a description of every table and column.

The dumps' tables are named like the API's resources (`contingents`, `officials`, ...),
so `SELECT * FROM contingents` works and every kind column (`evidence.record_kind`,
`claims.record_kind`, `event_involvements.record_kind`, `redirects.resource`) holds the
name of a table of the same dump. The descriptions here are the Datasette metadata file's
and the CSV zip's README; a test checks that every column of every table has one.
"""

import datetime as dt
from typing import Any

from sqlalchemy import Column, Connection, Table

from app.models.release import (
    DATABASE,
    TABLE_NAMES,
    DatasetteDatabase,
    DatasetteDatabases,
    DatasetteMetadata,
    DatasetteTable,
    DatasetteTables,
    DumpMetadata,
    DumpSource,
    DumpTable,
    DumpTables,
)
from app.queries.dataset import dataset
from app.queries.urls import Urls

# Bumped when the dump's layout changes; the SQLite dump's `PRAGMA user_version`.
DUMP_FORMAT = 2
TITLE = "MSS Facts API dataset"
DESCRIPTION = (
    "Structured, citable facts about the Kenya-led Multinational Security Support (MSS) "
    "mission in Haiti: every record with its evidence (source, claim or excerpt) and every "
    "disagreement between sources kept side by side."
)

TABLE_DESCRIPTIONS = {
    "missions": "The MSS mission and its successor, with their authorisation.",
    "contingents": "Deployments: who went, how many (with qualifier), when and where.",
    "contingent_escorts": "The officials who escorted a contingent, in the sources' order.",
    "nations": "Nations, keyed by ISO 3166-1 alpha-2 code.",
    "officials": "People named with a role.",
    "positions": "Every title an official held, with its organisation and dates.",
    "organisations": "Governments' bodies, UN bodies, police forces and others.",
    "participations": "Each nation's role in a mission.",
    "quotes": "What people said, in the words the sources report.",
    "events": "Visits, operations, casualties, funding and other dated events.",
    "event_involvements": "The records an event involves.",
    "decisions": "Security Council resolutions and national decisions (cabinet, parliament, "
    "courts, agreements).",
    "decision_abstentions": "The nations that abstained in a decision's vote.",
    "strength": "Reported personnel totals, each as of a day: the strength time series.",
    "pledges": "Promises and notifications of personnel, by nation.",
    "sources": "The pages and documents the facts cite.",
    "evidence": "Each piece of evidence for a record: its source, its claim or excerpt, and "
    "the fields it supports.",
    "conflicts": "Disagreements between sources.",
    "claims": "The sides of each conflict: a record's field and the value each side gives.",
    "redirects": "Keys that were merged into another record or renamed.",
}

# Columns described by name alone (the same meaning in every table that has them).
_BY_NAME = {
    "slug": "The record's key; its API URL is /v1/<table>/<slug>.",
    "code": "ISO 3166-1 alpha-2 code; the record's key.",
    "id": "Row id.",
    "name": "Name, as the sources give it.",
    "acronym": "Acronym.",
    "title": "Title.",
    "title_note": "How the title was chosen, when the page shows none.",
    "description": "Description, in the dataset's own words.",
    "kind": "Kind of record (one of a closed set; the API's filters list them).",
    "ordinal": "Position in order: as the sources number it (contingents), or the order given.",
    "purpose": "What the mission is for.",
    "status": "planned, deployed, departed or arrived.",
    "role": "The nation's role in the mission.",
    "place": "Where it happened.",
    "amount": "Money, as JSON: value, qualifier, currency.",
    "departure_place": "Where the contingent left from.",
    "arrival_place": "Where it arrived.",
    "received_by": "Who received it, as the sources say.",
    "text": "The text: a quote's words exactly as reported, or a stored source's full text.",
    "venue": "Where the words were said.",
    "occasion": "The occasion.",
    "publisher": "Who published the page.",
    "url": "The page's URL.",
    "language": "The page's language (ISO 639-1).",
    "wire": "The wire service whose story it is (AP, AFP, Reuters, ...), if any.",
    "wire_story": "An id shared by copies of one wire story: they count once.",
    "retrieved_on": "When the page was read.",
    "text_stored": "1 when the source's text is stored (in `text`) and excerpts are checked "
    "against it.",
    "sha256": "SHA-256 of the stored text.",
    "record_kind": "The table of the record this row is about (a table of this database).",
    "record_key": "That record's key (its slug, or code for nations).",
    "field": "The record's field the claim is about.",
    "value": "The value: a claim's value as JSON, or a strength figure's number.",
    "excerpt": "The exact words of a stored source (verified).",
    "start": "Offset of the excerpt's first character in the stored text.",
    "end": "Offset just past the excerpt's last character.",
    "claim": "What the source states, in the dataset's own words (unverified: check the URL).",
    "verified": "1 when the excerpt was found in the stored text.",
    "supports": "The record's fields this evidence supports, as a JSON list.",
    "current": "1 when the position is still held.",
    "started": "When the official took the position, if stated, as a JSON date (`text`, "
    "`earliest_on`, `latest_on`, `precision`).",
    "ended": "When the official left it, if stated, as a JSON date.",
    "predecessor_slug": "Key of the mission this one succeeded (missions.slug).",
    "number": "The resolution's number.",
    "vote": "The vote, as JSON: in favour, against, abstentions.",
    "unanimous": "1 when the vote was unanimous.",
    "authorises": "What the decision authorised.",
    "duration": "For how long, in the decision's words.",
    "service": "Which personnel: police, military or all.",
    "scope": "Where the figure counts: in Haiti, or pledged.",
    "unit": "What is counted (officers, troops, personnel).",
    "qualifier": "exact, approximately, at_least, more_than, at_most or fewer_than.",
    "basis": "How the figure was counted, as the source says.",
    "resource": "The table the redirected key belongs to.",
    "old_key": "The key that no longer exists.",
    "new_key": "The key it now answers at.",
    "reason": "merged or renamed.",
    "note": "Why.",
}
_SUFFIXES = {
    "_value": "The number of {0}.",
    "_qualifier": "The qualifier of {0}: exact, approximately, at_least, more_than, at_most "
    "or fewer_than.",
    "_unit": "What {0} counts.",
    "_breakdown": "The breakdown of {0} (soldiers, police, women ...), as JSON.",
    "_earliest_on": "The earliest day the {0} date can be (ISO 8601; empty when unbounded).",
    "_latest_on": "The latest day the {0} date can be (ISO 8601; empty when unbounded).",
}


def describe_column(table: Table, column: Column[Any]) -> str:
    """A column's description, from its foreign key, its suffix or its name."""
    for fk in column.foreign_keys:
        target = TABLE_NAMES[fk.column.table.name]
        return f"Key of the row of `{target}` this refers to ({target}.{fk.column.name})."
    name = column.name
    for suffix, text in _SUFFIXES.items():
        if name.endswith(suffix):
            return text.format(name.removesuffix(suffix).replace("_", " "))
    if f"{name}_earliest_on" in table.c:
        return (
            f"The {name.replace('_', ' ')} date as JSON: the sources' words (`text`), "
            "`earliest_on` and `latest_on` bounds, `precision`, and whether it is inferred "
            "(with the reason)."
        )
    return _BY_NAME[name]


def metadata_document(conn: Connection, tables: list[Table]) -> dict[str, Any]:
    """The dataset's metadata, as of what `conn` holds (after the release is written)."""
    ds = dataset(conn, Urls(""))
    if ds is None:
        raise ValueError("no current release to describe")
    meta = DumpMetadata(
        title=TITLE,
        description=DESCRIPTION,
        dataset_version=ds.version,
        generated_at=ds.loaded_at.astimezone(dt.UTC),
        dump_format=DUMP_FORMAT,
        licence=ds.licence,
        licence_url=ds.licence_url,
        attribution=ds.attribution,
        citation=ds.citation,
        api="/v1",
        tables=DumpTables(
            **{
                TABLE_NAMES[t.name]: DumpTable(
                    description=TABLE_DESCRIPTIONS[TABLE_NAMES[t.name]],
                    columns={c.name: describe_column(t, c) for c in t.columns},
                )
                for t in tables
            }
        ),
        sources=[
            DumpSource(slug=s.slug, publisher=s.publisher, title=s.title, url=s.document_url)
            for s in ds.sources
        ],
    )
    return meta.model_dump(mode="json")


def datasette_metadata(meta: dict[str, Any]) -> dict[str, Any]:
    """Datasette's metadata file for the SQLite dump saved as `mss-facts.sqlite`."""
    tables = DatasetteTables(
        **{
            name: DatasetteTable(description=table["description"], columns=table["columns"])
            for name, table in meta["tables"].items()
        }
    )
    return DatasetteMetadata(
        title=meta["title"],
        description=f"{meta['description']} Dataset version {meta['dataset_version']}.",
        license="CC BY 4.0",
        license_url=meta["licence_url"],
        source="MSS Facts API: the sources each record cites (table sources)",
        source_url=meta["api"],
        databases=DatasetteDatabases(**{DATABASE: DatasetteDatabase(tables=tables)}),
    ).model_dump(mode="json", by_alias=True)


def readme(meta: dict[str, Any]) -> str:
    """The CSV zip's README."""
    lines = [
        f"{meta['title']}, version {meta['dataset_version']}",
        f"Generated at {meta['generated_at']}.",
        "",
        meta["description"],
        "",
        f"Licence: {meta['licence']} ({meta['licence_url']}); see LICENSE.",
        f"Attribution: {meta['attribution']}",
        f"Citation: {meta['citation']}",
        "",
        "One CSV per table (UTF-8, header row, CRLF line ends). Empty cells are nulls;",
        "JSON cells hold objects or lists. metadata.json holds this README's facts and",
        "every column's description, as data.",
        "",
        "Tables:",
    ]
    for name, table in meta["tables"].items():
        lines.append(f"- {name}.csv: {table['description']}")
    return "\n".join(lines) + "\n"


def licence_text(meta: dict[str, Any]) -> str:
    """The dataset's LICENSE: which licence, where its legal code is, and whose words the
    quoted excerpts remain."""
    return (
        f"{meta['title']} (version {meta['dataset_version']}) is licensed under the Creative "
        "Commons Attribution 4.0 International licence (CC BY 4.0).\n"
        f"The licence's legal code: {meta['licence_url']}legalcode\n\n"
        "You may share and adapt it for any purpose, provided you give appropriate credit, "
        "link to the licence, and indicate if changes were made.\n\n"
        f"Attribution: {meta['attribution']}\n\n"
        "Quoted excerpts and people's quoted words remain their publishers' and speakers' "
        "words; each record's evidence names its source.\n"
    )
