"""The head edits: candidates built on a group's head with a partner's words, chosen like
word-graph paths (:class:`.graphmerge.GraphMerger`): what the graph cannot reach, as it switches
sources only inside shared phrases.

- :func:`.conjoin.conjoined`: a clause the partner adds about the head's subject, joined to the
  head with "and";
- :func:`.speaker.renamed`: the head's speaker named as the partner names them.

Each edit takes (head, partner) and yields candidate sentences; an edit may add at most
``MAX_ADDED`` words to the head.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from .conjoin import MAX_ADDED, conjoined
from .speaker import renamed

HeadEdit = Callable[[str, str], Iterable[str]]
HEAD_EDITS: tuple[HeadEdit, ...] = (conjoined, renamed)

__all__ = ["HEAD_EDITS", "MAX_ADDED", "HeadEdit"]
