"""One ranked search across every kind of record.

The words of `q` are normalised exactly as the loader normalised each document's
(`app.models.search.words`), then matched with the backend's full-text index: FTS5 MATCH
on SQLite, `@@` on a GIN-indexed tsvector on PostgreSQL. The words travel as bound
parameters and are quoted as literal terms, so no character of `q` can act as query
syntax. A hit must contain every word.

Ranking is the same on both backends: the title is the query (exact_title), then the
title contains the query as a phrase (title_phrase), then the record does (phrase), then
it merely contains every word (all_words); within a tier, shorter records first (a match
in a short record is more specific), then by kind and load order. Snippets are cut in
Python from the stored text, so they too are identical on both backends.
"""

import html
from collections.abc import Sequence
from typing import Any

from sqlalchemy import Integer, Select, case, literal_column, select, text, type_coerce

from app.models.search import SearchDocument, SearchHitPublic, word_spans
from app.queries.filters import in_filter
from app.queries.listing import Facet, ListSpec, Sort
from app.queries.tables import Row, table
from app.queries.urls import Urls
from app.resources import SEARCH_ORDER

SD = table(SearchDocument)
KINDS = SEARCH_ORDER
MATCHES = ("exact_title", "title_phrase", "phrase", "all_words")
MAX_Q_LENGTH = 200
_CONTEXT_BEFORE = 10
_SNIPPET_WORDS = 32


def _matching(phrase: Sequence[str], dialect: str) -> Any:
    if dialect == "postgresql":
        tsquery = " & ".join(f"'{w}'" for w in phrase)
        return text(
            "to_tsvector('simple'::regconfig, search_document.terms) "
            "@@ to_tsquery('simple'::regconfig, :search_tsquery)"
        ).bindparams(search_tsquery=tsquery)
    fts = " ".join('"' + w.replace('"', '""') + '"' for w in phrase)
    rowids: Select[tuple[Any]] = (
        select(literal_column("rowid"))
        .select_from(text("search_fts"))
        .where(text("search_fts MATCH :search_fts").bindparams(search_fts=fts))
    )
    return SD.c.id.in_(rowids)


def spec_for(phrase: Sequence[str], dialect: str) -> ListSpec:
    """The search list for these (normalised) words; `phrase` may be empty for docs."""
    joined = " ".join(phrase)
    pattern = f"% {joined} %"
    tier = type_coerce(
        case(
            (SD.c.title_terms == joined, 0),
            ((" " + SD.c.title_terms + " ").like(pattern), 1),
            ((" " + SD.c.terms + " ").like(pattern), 2),
            else_=3,
        ),
        Integer,
    )
    hits = (
        select(
            SD.c.id,
            SD.c.kind,
            SD.c.key,
            SD.c.title,
            SD.c.body,
            SD.c.kind_rank,
            SD.c.term_count,
            tier.label("tier"),
        )
        .where(_matching(phrase, dialect) if phrase else SD.c.id.is_(None))
        .subquery("hits")
    )
    return ListSpec(
        resource="search",
        table=hits,
        key=hits.c.id,
        filters=(
            in_filter(
                "kind", hits.c.kind, "Only hits of these kinds.", "officials,quotes", choices=KINDS
            ),
        ),
        sorts=(
            Sort(
                "relevance",
                (hits.c.tier, hits.c.term_count, hits.c.kind_rank),
                "Exact title, then title phrase, then phrase, then all words; shorter "
                "records first within each.",
                nullable=False,
            ),
        ),
        default_sort=("relevance",),
        facets=(Facet("kind", hits.c.kind, hits.c.id, "Hits per kind of record."),),
        fields=tuple(SearchHitPublic.model_fields),
        always_fields=("kind", "slug", "url"),
        columns=tuple(hits.c),
    )


# For parsing parameters and documenting them; requests use spec_for(their words).
SPEC = spec_for((), "sqlite")


def _mark(text_: str, spans: list[tuple[int, int, str]], wanted: set[str]) -> str:
    out, pos = [], 0
    for start, end, word in spans:
        if word in wanted:
            out.append(html.escape(text_[pos:start]))
            out.append(f"<mark>{html.escape(text_[start:end])}</mark>")
            pos = end
    out.append(html.escape(text_[pos:]))
    return "".join(out)


def _first_match(spans: list[tuple[int, int, str]], phrase: Sequence[str]) -> int | None:
    n = len(phrase)
    words_ = [w for _, _, w in spans]
    for i in range(len(words_) - n + 1):
        if words_[i : i + n] == list(phrase):
            return i
    wanted = set(phrase)
    return next((i for i, w in enumerate(words_) if w in wanted), None)


def snippet(title: str, body: str, phrase: Sequence[str]) -> str:
    """Up to ~32 words of `body` around the first occurrence of the query (the phrase if
    it occurs, else any word), HTML-escaped, each query word in <mark>; the title when
    the body does not contain them."""
    wanted = set(phrase)
    spans = word_spans(body)
    first = _first_match(spans, phrase)
    if first is None:
        return _mark(title, word_spans(title), wanted)
    lo = max(0, first - _CONTEXT_BEFORE)
    hi = min(len(spans), lo + _SNIPPET_WORDS)
    start = spans[lo][0] if lo > 0 else 0
    end = spans[hi - 1][1] if hi < len(spans) else len(body)
    inner = [(s - start, e - start, w) for s, e, w in spans[lo:hi]]
    fragment = _mark(body[start:end], inner, wanted)
    return ("…" if start > 0 else "") + fragment + ("…" if end < len(body) else "")


def build(rows: Sequence[Row], phrase: Sequence[str], urls: Urls) -> list[SearchHitPublic]:
    return [
        SearchHitPublic(
            kind=r["kind"],
            slug=r["key"],
            title=r["title"],
            url=urls.record(r["kind"], r["key"]),
            snippet=snippet(r["title"], r["body"], phrase),
            match=MATCHES[r["tier"]],
        )
        for r in rows
    ]
