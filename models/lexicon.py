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
"""

from __future__ import annotations


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


def _pairs(text: str) -> dict[str, str]:
    """``"made:make took:take"`` → ``{"made": "make", "took": "take"}``."""
    return dict(pair.split(":", 1) for pair in text.split())


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
    yesterday tomorrow both several many while although after before during
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

RELATIVE_PRONOUNS = _words("who which whose whom")
SUBJECT_PRONOUNS = _words("i we you he she they it there")
# Relative pronouns and subordinators: a clause of their own, wherever its verb follows ("who
# lived", "when the cook decided", "after he left"). Conjoining reads them too, after the head's
# verb (another clause opens there); its own list lacked "after before if as since", which
# changed no dev-cluster pair's result.
CLAUSE_WORDS = RELATIVE_PRONOUNS | _words("that when while because after before if as since where")
# Adverbs that may stand between a subject pronoun and its verb ("he later told").
ADVERBS = _words("also then later still now never not just already soon again")

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

# ---------------------------------------------------------------- reporting

# Words that put what follows them in someone's mouth or mind ("he said", "expressed hope
# that", "according to"): what follows is inside a report (:func:`.write.pathrules.in_report`).
# Not SPEECH_VERBS: it has views and thoughts ("hoped", "believes", "warned", "argued"), which
# compression must not drop (26 dev-cluster sentences would lose them); it lacks "explained",
# which one dev-cluster sentence has (not measured on the summaries, so not added).
REPORT_WORDS = _words(
    """
    said says say told tells tell hope hopes hoped believe believes believed announced announces
    claimed claims claim warned warns argued argues added adds stated states noted notes insisted
    insists suggested suggests think thinks thought reported reports according confirmed
    confirms denied denies heard hear hears learned
    """
)
# Verbs that name who spoke: "X said ...", "..., said X." (:mod:`.write.speaker` renames X).
# Not "reported": an outlet reports, and with it 55 dev-cluster sentences get a speaker (an
# outlet: "State television reported that ...") where they had none.
SPEECH_VERBS = (
    *("said", "says", "told", "added", "announced", "noted", "stated", "explained"),
    "confirmed",
)
# Verbs after which a named speaker's quotation ends (:func:`models.speech.named_after`): the
# speech verbs and the ways news gives a quote its speaker otherwise.
QUOTE_VERBS = (
    *SPEECH_VERBS,
    *("wrote", "tweeted", "posted", "yelled", "shouted", "continued", "recalled", "insisted"),
    *("argued", "warned", "replied", "testified", "declared", "remarked"),
)
# A trailing attribution compression drops (", officials said on Monday."): a person's words
# and an outlet's reports alike.
ATTRIBUTION_VERBS = (*SPEECH_VERBS, "reported")
# "X said that ..." opening a sentence, dropped by compression. Not ATTRIBUTION_VERBS: "He
# added that ...", "She noted that ...", "told the BBC that ..." lean on the sentence before
# or name the listener; the longer list changes 26 dev-cluster sentences' compression.
SAID_THAT_VERBS = ("said", "says", "announced", "reported", "confirmed")

# The frame a clause stands under: what a word that opens a report, a view or an accusation
# makes of what follows it ("suspicion that North Korea was responsible": a suspicion, not a
# fact). Word → its frame; a word-graph path may not move a clause from one frame to another
# (:func:`.write.splicerules.keeps_frames`). Nouns open a frame only before "that" ("the
# suspicion that ...", not "on suspicion of murder"), and an "-ed" form after a determiner is an
# adjective ("the alleged attack"), so neither opens one there.
FRAME_WORDS: dict[str, str] = {
    **dict.fromkeys(REPORT_WORDS, "say"),
    **dict.fromkeys(_words("hope hopes hoped hoping hopeful"), "hope"),
    **dict.fromkeys(
        _words(
            "believe believes believed belief beliefs think thinks thought suspect suspects "
            "suspected suspicion suspicions speculation speculated assumption"
        ),
        "believe",
    ),
    **dict.fromkeys(
        _words(
            "claim claims claimed allege alleges alleged allegation allegations accused accuses "
            "accusation accusations"
        ),
        "claim",
    ),
    **dict.fromkeys(
        _words("fear fears feared worry worries worried concern concerns concerned"), "fear"
    ),
    **dict.fromkeys(_words("deny denies denied denial denials rejected dismissed"), "deny"),
    **dict.fromkeys(_words("warn warns warned warning warnings"), "warn"),
    **dict.fromkeys(_words("argue argues argued argument"), "argue"),
    **dict.fromkeys(_words("suggest suggests suggested suggestion"), "suggest"),
    **dict.fromkeys(_words("rumor rumors rumour rumours reportedly"), "rumor"),
}
# The FRAME_WORDS that are nouns: a frame only before "that".
FRAME_NOUNS = _words(
    """
    hope belief beliefs suspicion suspicions speculation assumption claim claims allegation
    allegations accusation accusations fear fears worry worries concern concerns denial denials
    warning warnings argument suggestion rumor rumors rumour rumours
    """
)
# Verb forms, for agreement across a splice (:func:`.write.splicerules.verbs_agree`): after these
# a verb is in its base form ("will establish", "to decriminalise")...
BASE_FORM_BEFORE = _words("to will would can could may might must should shall do does did")
# ... and these are past forms though they lack "-ed".
IRREGULAR_PAST = _words(
    """
    made took gave held met told won lost left came went got found saw became began ran rose fell
    led sent spoke paid struck sought shot brought kept thought knew grew built said
    """
)
# Words that open a verb's object: a word between "and" and one of these is a verb ("and
# establish a licensing agency", "and destroyed 300 homes").
OBJECT_OPENERS = DETERMINERS | _words("him them it us me this that these those")

# First- and second-person pronouns: outside quotation marks they are the outlet's voice or a
# speaker's words lost their marks ("told us that she needed help"), never a summary's narration
# (:func:`.write.textrules.narrates_in_third_person`; "US" there is a country).
SPEECH_PERSONS = _words("i me my mine we us our ours you your yours i'm i've we're we've you're")

# News agencies and outlets whose own reporting voice ("AP has learned") is theirs alone: never
# a fused sentence's (:func:`.write.textrules.no_outlet_voice`). Lower-cased.
NEWS_OUTLETS = (
    *("ap", "the associated press", "associated press", "reuters", "afp", "cnn", "bbc"),
    *("nbc news", "abc news", "cbs news", "fox news", "bloomberg", "npr", "politico", "axios"),
    *("the times", "the post", "the journal", "the guardian", "the newspaper", "the paper"),
    *("this newspaper", "this paper", "this reporter", "the news agency", "the agency"),
)

# ---------------------------------------------------------------- an outlet's words

# Evaluative words an outlet adds ("a significant meeting"), dropped by compression.
EVALUATIVE = (
    *("significant", "crucial", "high-stakes", "high-profile", "much-anticipated"),
    *("highly anticipated", "long-awaited", "landmark", "historic", "pivotal", "momentous"),
    *("dramatic", "unprecedented"),
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


# ---------------------------------------------------------------- names and time (rewrites)

# Titles that make the next capitalised word a person's name ("Mr. Blinken"): a bare name after
# one is a person, not a place (:mod:`.stages.names`). A subset of TITLES, which also holds
# "state" and "foreign" (words that precede names without naming a person).
HONORIFICS = _words("mr mr. mrs mrs. ms ms. dr dr. president secretary minister senator governor")
# Before a bare capitalised word these make it a place ("in Blinken" would be a town): a word
# ever found after one is never taken for a person (:mod:`.stages.names`). Not "to" or "from":
# a message goes to or from a person ("he added to Blinken").
PLACE_PREPOSITIONS = _words("in at near across outside inside")

# Relative days and the day they point to, counted from the day the article was written
# (:mod:`.stages.timewords`). Phrases, so a dict, longest first where one holds another.
RELATIVE_DAYS: dict[str, int] = {
    "earlier today": 0,
    "later today": 0,
    "this morning": 0,
    "this afternoon": 0,
    "this evening": 0,
    "last night": -1,
    "today": 0,
    "tonight": 0,
    "yesterday": -1,
    "tomorrow": 1,
}
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
MONTHS = (
    *("january", "february", "march", "april", "may", "june", "july", "august"),
    *("september", "october", "november", "december"),
)
# Before a weekday these make it an edge ("late on Monday"): dropped with it.
DAY_EDGES = _words("early late earlier later")
# After a weekday these are part of it ("Monday night"): dropped or anchored with it.
PARTS_OF_DAY = _words("morning afternoon evening night")
# Words that put a sentence's weekday ahead of the day it was written ("will meet on Friday").
FUTURE_MARKERS = _words("will shall next scheduled due plans plan planned expected upcoming")
# Before a relative day these make it part of another phrase ("until Monday", "as of today"),
# with PREPOSITIONS and DETERMINERS: without them it would not stand, with them it says
# something else; it is not dropped.
TIME_HOLDERS = _words("to until till since than as by through")
# After a relative day these make it a subject ("Today is the deadline"), not an adverb to drop.
DAY_AS_SUBJECT = _words("is was marks has will would saw sees")
# "Mr. Blinken" stays as written: "Mr. Antony Blinken" is not how a wire names a man.
COURTESY_TITLES = _words("mr mr. mrs mrs. ms ms. dr dr.")
