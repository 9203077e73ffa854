"""Writing the summary's sentences, one responsibility a module:

- :mod:`.compose`: the :class:`~.compose.Composer` of grouped fusion (the default): which groups
  make the summary, every round of merges, its counters and the coherence retry;
- :mod:`.graphmerge`: the word-graph merger, a leaf mapping groups to a fused sentence or None
  (:mod:`.wordgraph` reads the paths, :mod:`.pathrules` holds the rules a path must pass,
  :mod:`.headedits` the edits of a head with a partner's words (:mod:`.conjoin`,
  :mod:`.speaker`),
  :mod:`.lmscore` the fuser's fluency score);
- :mod:`.lmmerge`: the generator's free-form merge (request and read-back);
- :mod:`.verify`: what a written sentence must pass; :mod:`.compress`: rule compression and a
  head's light cleaning; :mod:`.openers`: openers that lean on a predecessor,
  :mod:`.coherence`: the summary arranged around them;
- :mod:`.oneshot`: one-shot fusion (the measured baseline); :mod:`.extractive`: extraction.

Writers use :mod:`models.generation` and :mod:`models.stages`; neither imports them.
"""
