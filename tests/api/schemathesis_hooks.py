"""Schemathesis hooks shared by the in-process run (tests/api/test_schemathesis.py) and the
live one in .ci/run (SCHEMATHESIS_HOOKS=tests.api.schemathesis_hooks).

A list's `cursor` is opaque: only a value from `links.next`/`links.prev` (or the
`meta.*_cursor` fields) is valid, and only with the sort it was issued for. No schema can
say that, so a random string that the schema allows is, rightly, refused with 422. In
positive cases (schema-valid data, which must be accepted) such a made-up cursor is left
out; a cursor the API issued, as the stateful phase passes along, is kept. Negative cases
keep every value. Cursor refusal itself is tested in tests/api/test_lists.py.

`fields=` asks for sparse records, which the response schemas (whole records, every field
required) do not describe, as its parameter text says; all but negative cases leave it out, and
tests/api/test_lists.py and the resource tests check what it returns.
"""

import base64
import binascii

import orjson
import schemathesis


def _issued_by_api(token: object) -> bool:
    if not isinstance(token, str):
        return False
    try:
        decoded = orjson.loads(base64.urlsafe_b64decode(token + "=" * (-len(token) % 4)))
    except (binascii.Error, ValueError):
        return False
    return isinstance(decoded, list) and len(decoded) == 3


@schemathesis.hook
def map_case(ctx: schemathesis.HookContext, case: schemathesis.Case) -> schemathesis.Case:
    meta = case.meta
    # Examples (and stateful steps) may carry no generation mode: only negative cases keep all.
    negative = meta is not None and not meta.generation.mode.is_positive
    query = case.query or {}
    if not negative:
        case.query = {
            k: v for k, v in query.items() if k != "fields" and (k != "cursor" or _issued_by_api(v))
        }
    return case


@schemathesis.hook
def before_add_examples(ctx: schemathesis.HookContext, examples: list[schemathesis.Case]) -> None:
    """The schema's own examples skip `map_case`: leave `fields` out of them here."""
    for case in examples:
        if case.query and "fields" in case.query:
            case.query = {k: v for k, v in case.query.items() if k != "fields"}


@schemathesis.hook
def map_query(ctx: schemathesis.HookContext, query: dict[str, object] | None) -> object:
    """Every generated query, the stateful walks' too, goes without `fields`."""
    if query and "fields" in query:
        return {k: v for k, v in query.items() if k != "fields"}
    return query
