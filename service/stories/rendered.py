"""What reads keep in memory: the rendered summary documents (a finished version's summary,
or an update since a version, never changes, so a read serialises it once and later reads send
the bytes) and each story's latest finished version, trusted for a second.

Reads run beside recomputes, and a recompute holds the GIL for most of its Python stages: each
time a read's thread waits for it costs up to the switch interval (5 ms). Decoding the stored
JSON document and encoding it again on every read made the reads' p95 under load several such
waits longer (benchmarks/stories.py).
"""

from __future__ import annotations

import threading
import time
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


class LatestVersions:
    """Each story's latest finished version as a read last found it, trusted for ``ttl_s``: a
    read within it answers from memory with no database round trip (each one waits for the GIL
    a recompute holds, several times). This process's worker reports what it finishes at once
    (``finished``); what another replica finishes, or deletes, is seen within ``ttl_s``.

    Example:
        >>> latest = LatestVersions(ttl_s=60)
        >>> latest.put("s1", "owner-a", 2)
        >>> latest.get("s1", "owner-a"), latest.get("s1", "owner-b")
        (2, None)
        >>> latest.finished("s1", 3)
        >>> latest.get("s1", "owner-a")
        3
    """

    def __init__(self, ttl_s: float, max_entries: int = 10_000) -> None:
        self.ttl_s = ttl_s
        self.max_entries = max_entries
        self._seen: OrderedDict[str, tuple[str, int, float]] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, story_id: str, owner: str) -> int | None:
        """The version, or None: not known here, too old, or another owner's story (the
        database then decides, and answers 404)."""
        with self._lock:
            entry = self._seen.get(story_id)
        if entry is None or entry[0] != owner or time.monotonic() - entry[2] > self.ttl_s:
            return None
        return entry[1]

    def put(self, story_id: str, owner: str, version: int) -> None:
        if self.ttl_s <= 0 or version <= 0:
            return
        with self._lock:
            self._seen[story_id] = (owner, version, time.monotonic())
            self._seen.move_to_end(story_id)
            while len(self._seen) > self.max_entries:
                self._seen.popitem(last=False)

    def finished(self, story_id: str, version: int) -> None:
        """This process finished ``version``: a story read here before moves on to it."""
        with self._lock:
            entry = self._seen.get(story_id)
            if entry is not None and entry[1] < version:
                self._seen[story_id] = (entry[0], version, entry[2])

    def forget(self, story_id: str) -> None:
        with self._lock:
            self._seen.pop(story_id, None)
