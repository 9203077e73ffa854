"""Who says what: reporting and speech verbs, the frames a report puts a clause under, verb
forms for agreement across a splice, the persons of speech and the news outlets."""

from __future__ import annotations

from ._lists import words as _words
from .grammar import DETERMINERS

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
    *("argued", "warned", "replied", "testified", "declared", "remarked", "asked"),
)
# Verbs that give a quotation its speaker only right after its closing mark ('..." she holds.'
# in Science News); elsewhere they are no speech ("Apple holds a 10 percent stake").
QUOTE_VERBS_AFTER_MARK = ("holds", "contends", "maintains")
# Verbs that give a quotation closing on "!" or "?" its speaker right after it ('"... pu-ching!"
# Trump said to laughter'), keeping the two one sentence (:mod:`models.sentences`): verbs of
# saying only; "posted", "warned" or "continued" after a capitalised word begin sentences of
# their own ('"Is it over?" Netflix posted record profits.').
SAYING_VERBS = (
    *("said", "says", "asked", "asks", "added", "told", "wrote", "tweeted", "replied"),
    *("joked", "quipped", "exclaimed", "shouted", "yelled", "screamed", "responded"),
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
# The last word of an outlet's name ("CTV News", "The Hollywood Reporter", "Daily Beast"): its
# scoop at a sentence's head ("CTV News has learned ...") is its own voice (:mod:`.write.compress`).
OUTLET_NAME_WORDS = _words(
    "news times post journal reporter magazine daily press herald tribune beast"
)
