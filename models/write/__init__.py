"""Writing the summary's sentences: grouped fusion (:mod:`.grouped`: one verified sentence per
group), one-shot fusion (:mod:`.oneshot`), extractive (:mod:`.extractive`), with the checks of
:mod:`.verify` and the text fixes of :mod:`.textfix`.

Writers use :mod:`models.generation` and :mod:`models.stages`; neither imports them.
"""
