"""Text generation: one :class:`~.base.Generator` interface (a batch of requests in, results
out), its prompts (:mod:`.prompts`), the length policy (:mod:`.length`), the llama.cpp,
CTranslate2 and transformers engines, and the registry that loads them (:mod:`.registry`).

Generation never imports :mod:`models.write` or :mod:`models.stages`.
"""
