"""An outlet's own words: evaluative words and fluff compression drops, negations, the labels
that name no speaker and the writer's judgement a summary does not carry."""

from __future__ import annotations

from ._lists import words as _words

# Evaluative words an outlet adds ("a significant meeting"), dropped by compression.
EVALUATIVE = (
    *("significant", "crucial", "high-stakes", "high-profile", "much-anticipated"),
    *("highly anticipated", "long-awaited", "landmark", "historic", "pivotal", "momentous"),
    *("dramatic", "unprecedented"),
)
# A writer's verdict on the whole sentence, at its head ("Sadly, ...", "Luckily the rest of his
# family survived ...", "To their credit, ..."): the fact stands without it.
EVALUATIVE_OPENERS = (
    *("sadly", "luckily", "fortunately", "unfortunately", "thankfully", "happily", "oddly"),
    *("ironically", "interestingly", "surprisingly", "curiously", "remarkably", "tragically"),
    *("of course", "needless to say", "to his credit", "to her credit", "to their credit"),
    "to its credit",
)
# Words that make the next words a narrower claim: dropping a qualifier after them widens it.
NEGATIONS = _words(
    "no not never none nor neither without failed fails fail lacked lack any few little"
)
# Editorial phrases a wire lead never uses; the small model reaches for them when it has nothing
# to say. Stems, matched case-insensitively; allowed when a source uses them too
# (:func:`.write.verify.verify`).
FLUFF = (
    *("testament", "underscor", "highlight", "pivotal", "crucial", "notabl", "remarkabl"),
    *("significant step", "importance of", "it is worth", "remains to be seen"),
    *("in conclusion", "overall", "showcas", "a reminder", "shed light", "paving the way"),
    *("landmark", "milestone"),
)

# A line's head label that names no speaker ("UPDATE: ...", "THE FACTS: ...", "See Also: ..."):
# a transcript's lines are headed by a name or initials ("SMITH: ...", "JS: ..."). Matched
# case-insensitively, word by word, against the label (:mod:`.stages.clean`, "transcript").
NOT_SPEAKERS = _words(
    """
    the a an of and for from in on to at by with see also new full more read watch listen
    photo photos picture pictures image images video videos gallery slideshow caption credit
    credits update updated updates source sources related coverage breaking news report reports
    documents document interactive storify note editor's editor’s exclusive correction
    clarification live analysis opinion warning alert facts fact check claim timeline map
    graphic poll quiz recap preview review citations message email e-mail twitter facebook
    instagram permalink contributing ap us uk un eu fbi cia nfl nba gop cnn bbc tv
    """
)

# A writer's judgement, never a fact: in the narrative voice it is the outlet's opinion ("the
# findings are chilling", "the wily Reid", "an amazing total eclipse"), which a summary does
# not carry (:mod:`.stages.boilerplate`, "opinion"). Words news also uses as fact ("tragic",
# "bizarre", "historic") are not here.
OPINION_WORDS = _words(
    """
    chilling shocking outrageous disgraceful hilarious ridiculous absurd amazing awesome
    incredible wily laughable pathetic disgusting appalling idiotic stupid nonsensical
    ludicrous shameful despicable deplorable jaw-dropping mind-blowing heartbreaking
    heartwarming adorable gorgeous crazy
    """
)

# Names that carry an exclamation mark of their own ("She won $2 million on Jeopardy!", "an
# engineer at Yahoo!", "starred in Mamma Mia!"): a sentence of news may end on one, and the
# cleaning rule for the writer's exclamation leaves it (:mod:`.stages.voicerules`). Written as
# the names are, and matched so (the one list of the lexicon not in lower case).
EXCLAIMED_NAMES = (
    "Airplane",
    "Hello, Dolly",
    "Jeopardy",
    "Mamma Mia",
    "Oklahoma",
    "Oliver",
    "Wham",
    "Yahoo",
)
