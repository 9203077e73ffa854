"""The pipeline's word lists, its one stemmer and its one finite-verb test: data kept once,
tested as data (``tests/test_lexicon.py``), as spaCy keeps ``lang/en/stop_words.py`` and
``lex_attrs.py``.

There is no tagger. Lists stand in for one: a finite verb is a listed verb, a negated
auxiliary or an "-ed" form not after "be", "to"...; a report is opened by a listed reporting
word. Where two lists look alike but differ, both are here, each named for what it does and with
the reason they differ: merging them changed what some real sentence gets (counted over the
11,242 sentences of the 120 dev clusters and the seed bundle, and over the 19,425 pairs of
sentences of one cluster that share words, noted at each list). Change a list here and every
reader of it changes with it.

By responsibility: :mod:`.grammar` (function words, pronouns, verbs, the stemmer and the verb
test), :mod:`.reporting` (speech and report verbs, frames, outlets), :mod:`.voice` (an outlet's
own words) and :mod:`.names_and_time` (titles, places, days). Import a list from its module.
"""
