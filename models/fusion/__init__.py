"""Grouped fusion: attribute first, then write one verified sentence per group.

- :mod:`.group`: the selected content units, 1-3 source sentences from different articles that
  state the same fact; a group's members are the citations of the sentence written from it.
- :mod:`.write`: a singleton passes through verbatim (lightly cleaned); a group of 2-3 becomes a
  short merge request for the fuser.
- :mod:`.verify`: a written sentence is kept only if its names, numbers, quotes and words come
  from its group; otherwise the group's head sentence is used verbatim (a *fallback*).
- :mod:`.compose`: which groups fill the word budget (rank order, no article over half the
  summary), in rounds so that words freed by compression go to the next-ranked groups, and in
  what order they are read.
"""

from .compose import Composer, Written
from .group import Group, GroupingSettings, group_sentences

__all__ = ["Composer", "Group", "GroupingSettings", "Written", "group_sentences"]
