"""The search index: one document per served record, built by the loader.

Both backends match on `terms`, the record's words already normalised here (lowercased,
split on anything that is not a letter or digit), so SQLite FTS5 and PostgreSQL full-text
search see the same words and find the same records. Migration 0002 adds the
backend-specific index over `terms`: on SQLite an FTS5 table `search_fts`, which the
loader rebuilds once after writing the rows (migration 0005 dropped the per-row
triggers); on PostgreSQL a GIN index on `to_tsvector('simple', terms)`.
"""

import re
from typing import Literal

from pydantic import Field as PField
from sqlalchemy import UniqueConstraint
from sqlmodel import Field, SQLModel

from app.models.base import Public
from app.models.links import RecordKind

_WORD = re.compile(r"[^\W_]+")


def words(text: str) -> list[str]:
    """The searchable words of `text`: lowercased runs of letters and digits."""
    return _WORD.findall(text.lower())


def word_spans(text: str) -> list[tuple[int, int, str]]:
    """Each word of `text` with its character offsets, as `words` splits it."""
    return [(m.start(), m.end(), m.group().lower()) for m in _WORD.finditer(text)]


class SearchDocument(SQLModel, table=True):
    """One searchable record: its display title and body, and their normalised words."""

    __tablename__ = "search_document"
    __table_args__ = (UniqueConstraint("kind", "key"),)

    id: int = Field(primary_key=True)
    kind: str = Field(index=True)
    key: str
    kind_rank: int
    title: str
    body: str
    title_terms: str = Field(description="words(title), space-separated")
    terms: str = Field(description="words(title) then words(body), space-separated")
    term_count: int


MatchKind = Literal["exact_title", "title_phrase", "phrase", "all_words"]


class SearchHitPublic(Public):
    """One search result: which record, its title and URL, and where the words matched."""

    kind: RecordKind = PField(examples=["officials"])
    slug: str = PField(description="The record's key (for a nation, its ISO code).")
    title: str
    url: str
    snippet: str = PField(
        description="Where the words occur, as an HTML fragment: the text is escaped and "
        "each matched word is wrapped in <mark>...</mark>."
    )
    match: MatchKind = PField(
        description="Why it ranks where it does: exact_title (the title is the query), "
        "title_phrase (the title contains the query as a phrase), phrase (the record "
        "contains the phrase), all_words (it contains every word)."
    )
