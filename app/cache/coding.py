"""Content codings: which one a client's Accept-Encoding prefers, and compressing to it.

Accept-Encoding is read as RFC 9110 section 12.5.3 says: each coding may carry a q-value,
`*` stands for any coding not listed, `identity` is acceptable unless excluded (by
`identity;q=0`, or `*;q=0` without an identity entry) but, unlisted, only as the last
resort, and q=0 means "not this one". The
highest q wins; ties go to our order of preference, brotli, zstd, gzip, then identity.
When nothing acceptable is left (`identity;q=0` alone, `*;q=0`) the answer is 406.
"""

import gzip
from functools import lru_cache
from typing import Literal

import brotli  # type: ignore[import-untyped]
import zstandard

Coding = Literal["br", "zstd", "gzip", "identity"]
PREFERENCE: tuple[Coding, ...] = ("br", "zstd", "gzip", "identity")
_MAX_CODINGS = 16
_MAX_HEADER = 512

# Bodies are compressed once and then served many times, so a good ratio is worth a
# little time; these levels stay within a few milliseconds for a 500-row page.
_BROTLI_QUALITY = 5
_ZSTD_LEVEL = 6
_GZIP_LEVEL = 6

_COMPRESSIBLE = ("application/json", "application/problem+json", "application/x-ndjson")


def _q(raw: str) -> float:
    try:
        q = float(raw)
    except ValueError:
        return 0.0
    return min(max(q, 0.0), 1.0) if q == q else 0.0  # NaN is not a preference


@lru_cache(maxsize=256)
def _weights(header: str) -> tuple[float, ...]:
    """The q-value this Accept-Encoding value gives each coding of PREFERENCE."""
    if not header or len(header) > _MAX_HEADER:
        return tuple(1.0 if coding == "identity" else 0.0 for coding in PREFERENCE)
    listed: dict[str, float] = {}
    for part in header.split(",")[:_MAX_CODINGS]:
        name, *params = (p.strip() for p in part.split(";"))
        name = name.lower()
        if not name:
            continue
        q = 1.0
        for param in params:
            key, _, value = param.partition("=")
            if key.strip().lower() == "q":
                q = _q(value.strip())
        listed[name] = max(q, listed.get(name, 0.0))
    star = listed.get("*")
    weights = []
    for coding in PREFERENCE:
        if coding in listed:
            q = listed[coding]
        elif star is not None:
            q = star
        else:
            # Unlisted identity stays acceptable, but as the last resort.
            q = 0.001 if coding == "identity" else 0.0
        weights.append(q)
    return tuple(weights)


def choose(header: str) -> Coding | None:
    """The coding to answer with for this Accept-Encoding value ("" when absent), or
    None when the header excludes every coding we have, identity included."""
    best: Coding | None = None
    best_q = 0.0
    for coding, q in zip(PREFERENCE, _weights(header), strict=True):
        if q > best_q:
            best, best_q = coding, q
    return best


def identity_acceptable(header: str) -> bool:
    """Whether an uncompressed body is acceptable (it is unless excluded)."""
    return _weights(header)[PREFERENCE.index("identity")] > 0


def compressible(content_type: str) -> bool:
    media = content_type.split(";", 1)[0].strip().lower()
    return media.startswith("text/") or media in _COMPRESSIBLE or media.endswith("+json")


def compress(body: bytes, coding: Coding) -> bytes:
    if coding == "br":
        return bytes(brotli.compress(body, quality=_BROTLI_QUALITY))
    if coding == "zstd":
        return zstandard.ZstdCompressor(level=_ZSTD_LEVEL).compress(body)
    if coding == "gzip":
        return gzip.compress(body, compresslevel=_GZIP_LEVEL, mtime=0)
    return body
