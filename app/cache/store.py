"""Encoded responses kept in memory: an LRU bounded by bytes, tied to one dataset version.

Every entry belongs to the dataset version its response was computed from. The store
holds one version at a time: when a request brings a newer one, it is emptied, and a
response computed from any version but the store's is never stored (a slow request that
started before a reload cannot put old data back). Only the event loop touches it.
"""

import datetime as dt
from collections import OrderedDict
from collections.abc import Hashable
from dataclasses import dataclass, field

from app.cache.coding import Coding

Headers = list[tuple[bytes, bytes]]
# Rough cost of an entry besides its bodies: key, header lists, bookkeeping.
ENTRY_OVERHEAD = 1024


@dataclass(frozen=True)
class Variant:
    """One content coding of a response, ready to send."""

    body: bytes
    etag: str
    headers: Headers  # for a 200, Content-Length included
    not_modified: Headers  # for a 304


@dataclass
class Entry:
    """A cacheable response: its identity body and the codings made of it so far."""

    version: str
    content_type: str
    body: bytes
    headers: Headers  # from the route, without Content-Length
    etag_parts: tuple[str, ...]
    modified: dt.datetime | None  # when the dataset it was computed from was loaded
    variants: dict[Coding, Variant] = field(default_factory=dict)

    @property
    def size(self) -> int:
        return ENTRY_OVERHEAD + len(self.body) + sum(len(v.body) for v in self.variants.values())


class ResponseStore:
    def __init__(self, max_bytes: int) -> None:
        self.max_bytes = max_bytes
        self.version: str | None = None
        self.bytes = 0
        self._entries: OrderedDict[Hashable, Entry] = OrderedDict()
        self._sizes: dict[Hashable, int] = {}

    def __len__(self) -> int:
        return len(self._entries)

    def reset(self, version: str | None) -> None:
        """Empty the store and hold `version` from now on."""
        self._entries.clear()
        self._sizes.clear()
        self.bytes = 0
        self.version = version

    def get(self, key: Hashable) -> Entry | None:
        entry = self._entries.get(key)
        if entry is not None:
            self._entries.move_to_end(key)
        return entry

    def put(self, key: Hashable, entry: Entry) -> None:
        """Keep `entry` (or, if it is already kept, account for its new variants), unless
        it belongs to another version or cannot fit."""
        if entry.version != self.version or self.max_bytes <= 0:
            return
        size = entry.size
        if size > self.max_bytes // 4:  # one huge body must not flush everything else
            self._drop(key)
            return
        self._drop(key)
        self._entries[key] = entry
        self._sizes[key] = size
        self.bytes += size
        while self.bytes > self.max_bytes and self._entries:
            oldest = next(iter(self._entries))
            self._drop(oldest)

    def _drop(self, key: Hashable) -> None:
        if key in self._entries:
            del self._entries[key]
            self.bytes -= self._sizes.pop(key)
