"""The stages a bundle goes through, in order, each taking the typed output of the one before:
validate (a ``Job``), segment, clean (``CleanedBundle``), language, embed (``Candidates``,
narrowed by :mod:`.followup` for a focus or an update), select or group; then, after the
writers, cite (:mod:`.cite` for grouped fusion, :mod:`.attribute` for generated text) and
assemble (``Summary``).

Stages never import :mod:`models.write` or :mod:`models.generation`.
"""
