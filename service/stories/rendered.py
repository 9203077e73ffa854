"""Rendered summary documents, kept in memory: a finished version's summary (or an update
since a version) never changes, so a read serialises it once and later reads send the bytes.

Reads run beside recomputes, and a recompute holds the GIL for most of its Python stages: each
time a read's thread waits for it costs up to the switch interval (5 ms). Decoding the stored
JSON document and encoding it again on every read made the reads' p95 under load several such
waits longer (benchmarks/stories.py).
"""

from __future__ import annotations

import threading
from collections import OrderedDict

Key = tuple[str, int, int]  # story id, version, since


class RenderedSummaries:
    """A bounded LRU of response bodies by (story, version, since). The owner is checked before
    every lookup (the database says which version a key may read): an entry is only bytes.

    Example:
        >>> kept = RenderedSummaries(1)
        >>> kept.put(("s1", 1, 0), b"{}")
        >>> kept.put(("s2", 1, 0), b"[]")
        >>> kept.get(("s1", 1, 0)), kept.get(("s2", 1, 0))
        (None, b'[]')
    """

    def __init__(self, max_entries: int) -> None:
        self.max_entries = max_entries
        self._bodies: OrderedDict[Key, bytes] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: Key) -> bytes | None:
        with self._lock:
            body = self._bodies.get(key)
            if body is not None:
                self._bodies.move_to_end(key)
            return body

    def put(self, key: Key, body: bytes) -> None:
        if self.max_entries <= 0:
            return
        with self._lock:
            self._bodies[key] = body
            self._bodies.move_to_end(key)
            while len(self._bodies) > self.max_entries:
                self._bodies.popitem(last=False)

    def forget(self, story_id: str) -> None:
        """Drop a deleted story's bodies (its id is never reused: this only frees memory)."""
        with self._lock:
            for key in [k for k in self._bodies if k[0] == story_id]:
                del self._bodies[key]
