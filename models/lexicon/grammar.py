"""Grammar without a tagger: function words, pronouns and clause words, the verbs, the one
stemmer and the one finite-verb test."""

from __future__ import annotations

from collections.abc import Sequence

from ._lists import pairs as _pairs
from ._lists import words as _words

# ---------------------------------------------------------------- function words

# Words that carry no content of their own: content-word overlap (:func:`models.text.
# content_words`) skips them, and the word graph maps them only between shared neighbours.
STOPWORDS = _words(
    """
    a an the and or but if then of in on at to for from by with about as into over after before
    between during under above than that this these those is are was were be been being has have
    had do does did will would shall should can could may might must not no nor so too very it
    its it's he she they them their his her we our you your i me my who whom which what when
    where why how all any both each few more most other some such only own same also just there
    here said says say while although though because since until up down out off again further
    once per via amid among against toward towards within without
    """
)

# Capitalised words that begin sentences or headings without naming anything: never a name or a
# number a summary must not invent (:func:`models.text.specifics`).
CAPITALISED_NOT_NAMES = STOPWORDS | _words(
    """
    however meanwhile overall despite according still yet even instead earlier later today
    yesterday tomorrow both several many while although after before during now whenever
    wherever whatever whoever
    """
)

# Sentence-opening words the word graph keys as a word, not a name (:func:`.write.wordgraph.
# tokenize`). Not CAPITALISED_NOT_NAMES: the union keys 122 dev-cluster sentences' first word
# differently ("Later, attorneys ...", "Even Sir Isaac Newton ..."), and "Officials",
# "Chinese", "President" are names to specifics.
GRAPH_OPENERS = STOPWORDS | _words(
    "however meanwhile according after before during despite although while officials chinese "
    "president"
)

# Abbreviations after which a period does not end a sentence (lower-cased, no final period):
# the sentence splitter's (:func:`models.sentences.is_abbreviation`).
ABBREVIATIONS = _words(
    """
    mr mrs ms dr prof sen rep gov gen col lt sgt capt cmdr adm maj st jr sr inc co corp ltd llc
    plc vs etc no nos jan feb mar apr jun jul aug sep sept oct nov dec mt ft fig est approx dept
    univ assn bros a.m p.m u.s u.k u.n e.u d.c u.s.a i.e e.g ph.d b.a m.a rev hon pres gov't
    """
)
# Titles that are abbreviations only capitalised: "Sens. John McCain and ...", "Det. Jane
# Roe"; in lower case "sales reps." and "three sets of 10 reps." end sentences.
TITLE_ABBREVIATIONS = _words("sens reps drs det supt cpl pfc")
# Abbreviations that also end sentences ("at 11:30 p.m.", "in the U.S.", "Apple Inc."): a
# period after one ends the sentence when a word that opens sentences follows
# (SENTENCE_OPENERS: "... at 11:30 P.M. The format ..."), never before a name ("p.m. Eastern").
FINAL_ABBREVIATIONS = _words("a.m p.m u.s u.k u.n e.u d.c u.s.a inc co corp ltd llc plc jr sr etc")
SENTENCE_OPENERS = _words(
    "the a an he she it they we i this these those his her their its there but in on at after "
    "when while if as"
)

# The last part of a domain name: after a period with no space it makes no new sentence
# ("Amazon.Com", "BBC.Co.uk").
DOMAIN_SUFFIXES = _words("com net org gov edu info biz co uk io tv us ly me")

# Abbreviations the word graph keeps as one token with their period ("Mr.", "Sept."), in the
# order of its tokeniser's pattern. Not ABBREVIATIONS: with those, "Inc.", "Co.", "No.", "Cmdr."
# become one token, which tokenises 57 dev-cluster sentences differently (a sentence ending
# "Apple Inc." would keep its period as the abbreviation's and get a second).
GRAPH_ABBREVIATIONS = (
    *("Mr", "Mrs", "Ms", "Dr", "St", "Jr", "Sr", "Gen", "Sen", "Rep", "Gov", "Lt", "Col"),
    *("Prof", "Jan", "Feb", "Aug", "Sept", "Oct", "Nov", "Dec"),
    *sorted(a.capitalize() for a in TITLE_ABBREVIATIONS),
)

# Titles before a person's name ("Chinese President Xi Jinping" → "Xi Jinping").
TITLES = _words(
    "president secretary minister chancellor senator governor mayor judge chief prime mr mr. "
    "mrs mrs. ms ms. dr dr. gen. sen. rep. gov. general state foreign"
)

DETERMINERS = _words("the a an his her their its our my your")
PREPOSITIONS = _words("of in on at for with by from into over under about against between among")

# Before a name these make it another noun's ("a spokesman for Gianforte, who ...", "the wife of
# Xi Jinping, who ...") or a place: a relative clause after it may be that noun's. Not
# PREPOSITIONS: it has "to" and "like" and lacks "with", "by"...; as PREPOSITIONS it changes
# what 2 dev-cluster sentence pairs conjoin into.
NOT_THE_PERSON = _words("of for in at from on about like to")

# Words that join a phrase to whatever precedes them, as a preposition does ("lawsuits —
# including"): no anchor for a switch of sources, and not verbs though some end in "-ing".
CONNECTORS = _words(
    "including according following like unlike despite through across along around near "
    "behind beyond inside outside onto upon regarding concerning plus versus"
)

# ---------------------------------------------------------------- pronouns and clauses

# Counts before a noun: "two launches", "2 million returns".
NUMBER_WORDS = _words(
    "one two three four five six seven eight nine ten eleven twelve twenty dozen dozens hundred"
    " hundreds thousand thousands million millions billion billions several many few"
)
# The numbers written as words, each to its digits: "eight-year-old Jane Roe" and "Jane Roe,
# 8," state one number (:class:`models.text.Facts`). Not "one", as often a pronoun ("one of
# the victims") as a number.
NUMERALS = _pairs(
    "two:2 three:3 four:4 five:5 six:6 seven:7 eight:8 nine:9 ten:10 eleven:11 twelve:12"
    " thirteen:13 fourteen:14 fifteen:15 sixteen:16 seventeen:17 eighteen:18 nineteen:19 twenty:20"
)
# The conjunctions that join two clauses or two names as equals.
COORDINATORS = _words("and but or")
RELATIVE_PRONOUNS = _words("who which whose whom")
SUBJECT_PRONOUNS = _words("i we you he she they it there")
# Relative pronouns and subordinators: a clause of their own, wherever its verb follows ("who
# lived", "when the cook decided", "after he left"). Conjoining reads them too, after the head's
# verb (another clause opens there); its own list lacked "after before if as since", which
# changed no dev-cluster pair's result.
CLAUSE_WORDS = RELATIVE_PRONOUNS | _words("that when while because after before if as since where")
# Adverbs that may stand between a subject and its verb ("he later told", "Roe eventually
# gave").
ADVERBS = _words(
    "also then later still now never not just already soon again eventually finally quickly"
    " immediately reportedly allegedly previously recently initially subsequently repeatedly"
    " publicly privately briefly formally officially personally"
)

# A summary sentence opening with one of these leans on the sentence before it in its source
# (:mod:`.write.coherence`, which builds its pattern in this order).
CONNECTIVES = (
    *("as a result", "as such", "in addition", "in response", "in turn", "on the other hand"),
    *("at the same time", "for example", "for instance", "by contrast", "in contrast"),
    *("even so", "after that", "however", "but", "and", "also", "so", "yet", "still"),
    *("meanwhile", "moreover", "furthermore", "additionally", "nevertheless", "nonetheless"),
    *("therefore", "thus", "hence", "instead", "then", "otherwise", "besides", "likewise"),
    *("similarly", "consequently", "indeed"),
)
# Pronouns that, opening a sentence, refer to someone in the sentence before.
PRONOUNS = ("he", "she", "it", "they", "his", "her", "its", "their", "them")

# ---------------------------------------------------------------- verbs

AUXILIARIES = _words(
    "is are was were be been being am has have had will would can could may might must should "
    "shall do does did"
)
# Verbs recognised by their form alone (no "-ed" needed): auxiliaries, reporting verbs and
# common irregular verbs.
VERBS = _words(
    """
    is are was were be been has have had will would can could may might must should said says
    say told tells announced agreed met meets meet made make makes took take takes gave give
    gives held hold holds called calls warned warns won win wins lost lose killed kill kills
    left leave leaves came come comes went go goes got get gets found find finds saw see sees
    became become becomes began begin begins ran run runs put puts set sets rose rise rises fell
    fall falls led lead leads sent send sends spoke speak speaks paid pay pays struck hit hits
    sought seek seeks shot cut cuts brought bring brings kept keep keeps tell thought think
    thinks knew know knows grew grow grows built build builds
    """
)
# The irregular forms of the listed verbs and their participles: "made" and "makes" are one
# verb (:func:`stem` with ``verb=True``).
IRREGULAR_VERBS = _pairs(
    """
    made:make took:take taken:take gave:give given:give held:hold met:meet told:tell won:win
    lost:lose left:leave came:come went:go gone:go got:get found:find saw:see seen:see
    became:become began:begin begun:begin ran:run rose:rise fell:fall fallen:fall led:lead
    sent:send spoke:speak spoken:speak paid:pay struck:strike sought:seek shot:shoot
    brought:bring kept:keep thought:think knew:know known:know grew:grow grown:grow
    built:build
    """
)
# Before an "-ed" form these make it a participle, not a sentence's verb ("being required").
NON_FINITE_BEFORE = _words("be being been to having get got getting")
# Words in "-ing" that join a phrase as a preposition does, or name a time: not verbs.
NOT_VERBS = CONNECTORS | _words("during morning evening something nothing")
# Words that open a second predicate of the same subject after "and" ("and was sentenced");
# an "-ed" word after "and" is as often an adjective ("and naked").
AND_PREDICATE_OPENERS = _words("was were is are has have had will would could can also then later")

# ---------------------------------------------------------------- the stemmer and the verb test

_CONTENT_SUFFIXES = ("ing", "ed", "es", "s")
_VERB_SUFFIXES = ("ing", "ed", "en", "es", "s", "e")


def stem(word: str, *, verb: bool = False) -> str:
    """``word`` lower-cased without its possessive and its inflection.

    A light stemmer, for comparing content words across sources: a stem keeps at least four
    letters. ``verb=True`` is for comparing two verbs ("taken" and "taking", "made" and
    "makes"): irregular forms mapped to the base, "-ied" to "-y", "-en" and "-e" taken off too,
    and a stem of three letters allowed. Content words can't take the verb rules: "news" would
    be "new", and "lines" "lin".

    Example:
        >>> stem("Blinken's"), stem("talks"), stem("taken", verb=True), stem("taking", verb=True)
        ('blinken', 'talk', 'tak', 'tak')
    """
    w = word.lower().replace("’", "'")
    if w.endswith("'s"):
        w = w[:-2]
    if not verb:
        for suffix in _CONTENT_SUFFIXES:
            if len(w) > len(suffix) + 3 and w.endswith(suffix):
                return w[: -len(suffix)]
        return w
    w = IRREGULAR_VERBS.get(w, w)
    if w.endswith("ied") and len(w) > 4:
        return w[:-3] + "y"  # "tried", "trying"
    for suffix in _VERB_SUFFIXES:
        if w.endswith(suffix) and len(w) - len(suffix) >= 3:
            return w[: -len(suffix)]
    return w


def listed_verb(word: str, *, negated: bool = True) -> bool:
    """Whether ``word`` (lower-cased) is a verb by its form alone: a listed verb or (with
    ``negated``) a negated auxiliary ("hasn't", "didn’t")."""
    return word in VERBS or (negated and word.endswith(("n't", "n’t")))


def finite_verb(word: str, before: str = "", *, negated: bool = True) -> bool:
    """Whether ``word`` reads as a sentence's own verb: a listed verb, a negated auxiliary, or a
    lower-case "-ed" form of five letters or more not after "be", "to", "having"... (``before``:
    the word before it, lower-cased). The rule of thumb that stands in for a tagger.

    ``negated=False`` leaves negated auxiliaries out: the word graph's test for a path that holds
    a verb never counted them (counting them admits new paths in 26 of the 705 graphs of
    dev-cluster sentence pairs that have one:
    "Dropbox and Andreessen Horowitz didn’t immediately respond ...").

    Example:
        >>> finite_verb("met"), finite_verb("hasn't"), finite_verb("killed")
        (True, True, True)
        >>> finite_verb("required", "being"), finite_verb("Ahmed")
        (False, False)
    """
    w = word.lower()
    if listed_verb(w, negated=negated):
        return True
    return w.endswith("ed") and len(w) > 4 and word.islower() and before not in NON_FINITE_BEFORE


def has_finite_verb(words: Sequence[str]) -> bool:
    """Whether any of ``words`` (in their order) reads as a :func:`finite_verb` after the word
    before it.

    Example:
        >>> has_finite_verb(["Ten", "were", "arrested"]), has_finite_verb(["Jane", "Roe"])
        (True, False)
        >>> has_finite_verb(["Having", "charged"])  # the word before read lower-cased
        False
    """
    return any(finite_verb(w, b.lower()) for b, w in zip(["", *words], words, strict=False))
