"""Validators and conditional requests (RFC 9110 section 13).

A response's strong ETag is a digest of everything its bytes depend on: the dataset
version, the request target (host, path, normalised query), the media type, the content
coding, and the bytes themselves, so two different bodies never share a tag. Its
Last-Modified is the time the dataset was loaded.

`If-None-Match` uses the weak comparison the RFC prescribes for it (`W/"x"` matches
`"x"`), accepts a list and `*`, and when present makes `If-Modified-Since` ignored.
`If-Match` uses the strong comparison (a weak tag never matches) and, when present, makes
`If-Unmodified-Since` ignored; either one false is a 412 (section 13.2.2's order: these
two before the 304 conditions).
"""

import base64
import datetime as dt
import hashlib
from email.utils import format_datetime, parsedate_to_datetime

_MAX_TAGS = 64


def make_etag(parts: tuple[str, ...], body: bytes) -> str:
    digest = hashlib.blake2b(digest_size=18)
    for part in parts:
        digest.update(part.encode("utf-8", "surrogateescape"))
        digest.update(b"\0")
    digest.update(body)
    return '"' + base64.urlsafe_b64encode(digest.digest()).decode() + '"'


def http_date(moment: dt.datetime) -> str:
    return format_datetime(moment.astimezone(dt.UTC), usegmt=True)


def none_match(header: str, etag: str) -> bool:
    """Whether an If-None-Match value matches `etag` (so the answer is 304)."""
    for raw in header.split(",")[:_MAX_TAGS]:
        tag = raw.strip()
        if tag == "*":
            return True
        if tag.startswith("W/"):
            tag = tag[2:]
        if tag == etag:
            return True
    return False


def _strong_match(header: str, etag: str) -> bool:
    for raw in header.split(",")[:_MAX_TAGS]:
        tag = raw.strip()
        if tag == "*" or tag == etag:
            return True
    return False


def precondition_failed(
    if_match: str | None,
    if_unmodified_since: str | None,
    etag: str,
    last_modified: dt.datetime | None,
) -> str | None:
    """Why the If-Match or If-Unmodified-Since condition fails (so the answer is 412),
    or None when it holds or is absent. An unparseable date is ignored."""
    if if_match is not None:
        if _strong_match(if_match, etag):
            return None
        return f"If-Match: the current ETag is {etag}, which is not among those given."
    if if_unmodified_since is not None and last_modified is not None:
        since = _parse_date(if_unmodified_since)
        if since is not None and last_modified.replace(microsecond=0) > since:
            return (
                "If-Unmodified-Since: the representation was last modified on "
                f"{http_date(last_modified)}, after the date given."
            )
    return None


def _parse_date(header: str) -> dt.datetime | None:
    try:
        moment = parsedate_to_datetime(header)
    except (TypeError, ValueError, IndexError):
        return None
    return moment.replace(tzinfo=dt.UTC) if moment.tzinfo is None else moment


def not_modified_since(header: str, last_modified: dt.datetime | None) -> bool:
    """Whether an If-Modified-Since value is at or after `last_modified` (so 304).
    An unparseable date is ignored, as the RFC asks."""
    if last_modified is None:
        return False
    since = _parse_date(header)
    return since is not None and last_modified.replace(microsecond=0) <= since
