"""The cleaning stage's rules for a writer speaking, not reporting (:mod:`.boilerplate` puts
them in its table, :mod:`.clean` applies them on the narration, quotations blanked out): the
outlet's own voice, its "I" or "we", a rhetorical question, a judgement, the reader
addressed. A summary speaks in no one's voice, so such a sentence is not a candidate; an
article with many of them is a column or a review (:data:`VOICE`, the share selection reads).
"""

from __future__ import annotations

import re

from ..lexicon.reporting import REPORT_WORDS
from ..lexicon.voice import EXCLAIMED_NAMES, OPINION_WORDS

_I = re.IGNORECASE

# What "our" shares with every reader ("our planet", "our ancestors"): not a voice.
_EVERYONES = (
    r"(?:planet|solar system|galaxy|universe|species|ancestors|sun|moon|world|bodies|brains?"
    r"|minds?|genes|DNA|immune systems?)"
)

# Words that report what follows ("Experts say ...", "According to police, ..."): a stance word
# after them is the speaker's, not the writer's.
_REPORTED = REPORT_WORDS | {
    *("acknowledged", "recalled", "concluded", "admitted", "testified", "explained", "wrote"),
    "insisted",
}

# Names that end on their own exclamation mark: "Jeopardy", "Hello, Dolly".
_EXCLAIMED = "|".join(re.escape(name) for name in EXCLAIMED_NAMES)

# name -> patterns matched against one sentence's narration (search, not fullmatch, unless
# anchored); in :data:`.boilerplate.BOILERPLATE_RULES`'s order.
VOICE_RULES: dict[str, tuple[re.Pattern[str], ...]] = {
    # The outlet speaking for itself, outside quotes (matched on the sentence with its quotes
    # taken out): "As we reported earlier", "An insider tells us", "My takeaway ... as I
    # alluded to above", "We have reached out to the airline ...", "Watch the video below."
    # (A bare "we asked" is as often a speaker's in a transcript without quotation marks.)
    "outlet_voice": tuple(
        re.compile(p, _I)
        for p in (
            r"\bas (?:we|I)(?:'ve|’ve| have| had)? (?:previously |first |earlier |already )?"
            r"(?:reported|noted|mentioned|wrote|written|alluded to|explained|told you"
            r"|pointed out|covered)\b",
            r"\bas (?:noted|mentioned|discussed|explained|alluded to|described|reported) "
            r"(?:above|below|earlier)\b",
            r"\b(?:alluded to|mentioned|noted|discussed) above\b",
            r"\b(?:tells?|told) (?-i:us|me)\b",
            r"\b(?:my|our) (?:takeaway|sources?|insiders?|reporting|reporters?|correspondents?"
            r"|colleagues?)\b",
            r"\b(?:(?-i:I)|(?-i:[Ww]e)(?:'ve|’ve| have)) (?:reached out to|contacted|asked)\b",
            r"\b(?-i:[Ww]e) (?:reached out to|contacted)\b",
            r"^(?:watch|see) (?:the |our )?(?:video|photos?|images?|gallery|clip) "
            r"(?:below|above)\b",
            # "In the video above, you can hear ...": the page's player, the reader addressed
            r"^in the (?:video|photos?|images?|gallery|clip) (?:below|above)\b",
            r"^this (?:is a )?(?:developing|breaking)(?: news)? story\b",
            r"\b(?:this|the) (?:story|article|post|report) (?:will be|has been|is being) "
            r"(?:updated|corrected)\b",
            r"\bcheck back (?:later |soon )?for (?:updates|more)\b",
        )
    ),
    # First person outside quotes (matched on the sentence with its quotes taken out): a
    # reporter's "I" or "we" ("We spoke to three of the drivers"), or speech printed without
    # quotation marks ("We will not back down, the minister said", "... who served our
    # country"). A summary speaks in no one's voice and may add no quotation marks, so such
    # a sentence is not a candidate. Everyone's "our" ("our planet", "as we know it") is not
    # a voice; a capitalised word before "I" makes it a numeral ("World War I").
    "first_person": (
        re.compile(
            r"(?<![\w'’#-])(?:I(?:['’](?:m|ve|d|ll))?|[Ww]e(?:['’](?:re|ve|d|ll))?|[Mm]e(?! Too)"
            r"|[Mm]y|[Mm]yself|us|Us(?! Weekly)|Ours?|[Oo]urselves"
            rf"|ours?(?! (?:own )?{_EVERYONES}\b))"
            r"(?![\w'’-])"
        ),
    ),
    # A question in the outlet's voice (matched on the sentence with its quotes taken out): a
    # teaser or a rhetorical turn ("Why are lions escaping?", "What other news did the
    # president make?"), never a fact. A question someone asked is quoted or reported
    # ("asked whether ...").
    "question": (re.compile(r"\?\s*$"),),
    # An exclamation in the outlet's voice (matched on the sentence with its quotes taken
    # out, in single straight marks too): "It's Tuesday which can only mean one thing... that
    # this week's magazine is on sale now - yay!", "... but now, the site has learned, he's
    # asking for more money!", "Support the project!", "Congratulations to Ann Price!".
    # Narration states; it does not exclaim: someone's exclamation is quoted ('"Stop!" he
    # shouted'). All 54 dev sentences whose narration ends on "!" are a writer's cheer or plea,
    # page furniture, or speech printed without quotation marks. Not a name that carries the
    # mark (:data:`.lexicon.voice.EXCLAIMED_NAMES`: "She won $2 million on Jeopardy!"). Not
    # part of :data:`VOICE`: the share selection reads was measured without it.
    "exclamation": (re.compile(rf"^(?!.*\b(?:{_EXCLAIMED})!['’)\]]*\s*$).*!['’)\]]*\s*$"),),
    # The writer's judgement in the narrative voice (matched on the sentence with its quotes
    # taken out): "The findings are chilling.", "Netflix's policy deserves high marks for ...",
    # "Trump's attack dog attorney ...", "It will be a truly historic moment when ...". A short
    # sentence only: a long one carries facts beside its adjective.
    "opinion": (
        # lower case only: "Crazy Rich Asians", "The Amazing Spider-Man" are titles
        re.compile(r"\b(?:" + "|".join(sorted(OPINION_WORDS)) + r")\b(?! effect)"),
        re.compile(r"\b(?:deserves? (?:high |top |full )?marks|truly historic)\b"),
        # the writer talking to the reader: "Well, okay, not really, not in the world of ..."
        # (after a conjunction too: "And, yes, compared to her co-stars she was dressed the
        # snazziest.", which light cleaning had turned into "Yes, ..."; not "But no, the court
        # said, ...", a reported denial)
        # (and the writer's exclamations: "Oops, Roe did it again on a radio phoner.")
        re.compile(
            r"^(?:(?:And|But|So),?\s+(?:yes|well|okay|oh),"
            r"|(?:Well|Okay|OK|Yes|No|Oh|Oops|Whoops|Yikes|Wow|Ugh|Phew|Alas),)\s"
        ),
        # the writer's own speech: "Running the life and career of Britney Spears is a tough
        # job, but somebody’s gotta do it." (a tuning lead, round 19), "It kinda makes sense,
        # though."; every dev sentence with these words in its narration is a writer's aside
        re.compile(r"\b(?:gotta|gonna|wanna|kinda|sorta|ain['’]t)\b"),
        # a word drawn out as the writer would say it: "Annyyyyywayyy, ...", "Sooooo"
        re.compile(r"\b[A-Za-z]*([a-z])\1{3,}[A-Za-z]*\b"),
    ),
    # The writer musing or quipping at a sentence's head (matched on the sentence with its
    # quotes taken out): "Maybe they owe him.", "Perhaps trying to grease the levers of
    # finance, West invited ...", "If anything, the opposite was true.", "Talk about one step
    # forward, two steps back.", "Especially when and after they become new parents." (all eleven
    # such dev sentences, read: none is a report; a blind reader struck them as voice). Not a
    # name ("Perhaps Vineyards said ...") nor an inverted report ("Especially hard hit was
    # ..."). Not part of :data:`VOICE`: the share selection reads was measured without it.
    "musing": (
        re.compile(
            r"^(?:(?:Then\s+again|Again|And|But|So|Then),?\s+)?(?:[Mm]aybe|[Pp]erhaps)(?=,?\s+[a-z])"
            # not a number's hedge: "Perhaps as many as 200 people were killed ..." (a hedged
            # judgement is the writer's: "Perhaps the biggest change came in 2017")
            r"(?!,?\s+(?:as\s+(?:many|much|few|little)|a\s+(?:dozen|few|couple|handful|hundred"
            r"|thousand|million|billion|third|quarter|half)|(?:more|fewer|less)\s+than|up\s+to"
            r"|at\s+least|no\s+more|an\s+estimated|about|around|some|several|nearly|almost"
            r"|roughly|only|just|over|under|twice|half|tens|hundreds|thousands|millions|billions"
            r"|dozens|one|two|three|four|five|six|seven|eight|nine|ten|twenty)\b)"
            # "If anything, ..." ("If anything happens to the hostages, ..." is a condition);
            # "Talk about ...!" or "Talk about X, Y." as a short quip, with no verb or
            # attribution after it ("Talk about tariffs rattled markets" reports talk)
            r"|^If anything,"
            r"|^Talk about\b(?!(?:\s+\S+){9})(?![^.!?]*\b(?:has|have|had|is|was|are|were|will"
            r"|would|said|says|reported|\w+ed)\b)(?:[^.!?,]*!|(?:\s+[^\s,.!?]+){1,3},[^.!?]*[.!])$"
            r"|^Especially\s+(?:when|if|after|since|because|as|now)\b"
            r"|^Needless to say\b|^Make no mistake\b"
            # an aside that adds to the writer's list: "Not to mention all the other devices
            # that plug into the phone's headphone jack." (both dev sentences; a tuning reader
            # struck it, round 17)
            r"|^(?:(?:And|But),?\s+)?Not to mention\b|^Case in point\b|^Long story short\b"
            # the reader's memory or knowledge addressed: "For those who remember way back when
            # ...", "For a refresher, Martyn was ...", "For those not familiar with the story,
            # ..." (all four dev sentences so opening; a tuning reader struck two, round 17)
            # (who is meant is the reader: not "For those who lost their homes, the state ...")
            r"|^(?:(?:And|But|So),?\s+)?(?:[Ff]or|[Aa]s)\s+(?:those\s+(?:of\s+you\b|who\s+"
            r"(?:remember|recall|missed|forgot|(?:don['’]t|didn['’]t)\s+(?:know|remember|follow)"
            r"|(?:haven['’]t|hadn['’]t)\s+(?:seen|heard|been\s+following))\b"
            r"|not\s+familiar\b|unfamiliar\b)|a\s+(?:quick\s+)?refresher\b|the\s+uninitiated\b)"
            # the writer turning to the reader: "Mind you, Netflix has ...", "Sure, members of
            # Congress might ..." (the dev sentences so opening are all a writer's aside or a
            # speaker's words; "See, the 4’9” star ..." is missed: its inch mark reads as a
            # quotation's close, and the narration is what this rule reads)
            r"|^(?:See|Look|Listen|Remember|Mind you|Trust me|Let['’]s face it|Face it|Sure"
            r"|Granted),\s"
            # the reader told what to do: "Don't call it Solar Probe Plus anymore.", "Let's
            # take a look at ...", "Forget the con artists, and think of it as ..." (a wire
            # story's narration gives no orders; a tuning reader struck the first, round 16)
            # (after a connective too: "So, don't make the wrong decision ..."); not a report
            # ("Don't expect rates to fall, the Fed chair warned") nor a slogan as a subject
            # ("Don't ask, don't tell was repealed in 2010", "Let's go Brandon has become ...")
            # ("think" is the order's own: "Forget the heist, and think of it as ...")
            r"|^(?!.*\b(?:"
            + "|".join(sorted(_REPORTED - {"think"}))
            + r"|was|were|has|have|had|is|are)\b)"
            r"(?:(?:And|But|So|Then|Now),?\s+)?(?:[Dd]on['’]t|[Ll]et['’]s|[Ff]orget|[Ii]magine)"
            r"\s+[a-z]"
        ),
        # The writer's stance anywhere in the narration: "News of a takeover would certainly be
        # considered material, ...", "Schiller was mocked for those words, and rightly so.",
        # "Snooki's obviously ambivalent boyfriend ...", "The hardware is clearly also
        # borrowing some tricks from mobile games." (readers struck all four as voice; the dev
        # sentences it takes, read, are a writer's claims). "Clearly" only at the head (after a
        # conjunction too) or after "is", "has"...: "Footage clearly shows ...", "to clearly
        # define" tell a manner, and "was clearly visible", "was clearly injured", "are
        # clearly displayed" what was seen. Not where speech is reported ("He said it would
        # certainly pass"). An aside ("Of course, ...", ", of
        # course,") is cut by compression instead, and the fact kept (:mod:`.write.compress`).
        re.compile(
            r"^(?!.*\b(?i:" + "|".join(sorted(_REPORTED)) + r")\b)"
            r"(?:(?:Certainly|Undoubtedly|Arguably|Admittedly|Frankly|Obviously|Surely|Clearly)"
            r"(?:,|\s+[a-z])|.*?(?:\b(?:certainly|undoubtedly|arguably|admittedly|frankly"
            r"|obviously|surely)\b|^(?:And|But|So),?\s+clearly\b|\b(?:has|have|had)\s+clearly\b"
            r"|\b(?:is|are|was|were|been)\s+clearly\b(?!\s+(?:[a-z]+ed|written|shown|known|seen"
            r"|heard|hurt|visible|audible|legible)\b)|,\s+and\s+rightly\s+so\b))"
        ),
    ),
    # The reader addressed outside quotes: "When you challenge your detention ...", "You can't
    # talk about the trail without ...", "Saddle up to the gate on your next flight". An
    # explainer's or a columnist's voice, or a speaker's words printed without quotation marks;
    # a wire story never says "you". Blind readers struck 21 of 22 such summary sentences.
    # Matched on the narration with quotations in straight single marks, guillemets and low
    # marks blanked too (:data:`.clean._MORE_QUOTES`). Not a title or a name, capitalised
    # ("Thank You for Smoking", "You Quan, the party chief", "You've Got Mail director ..."),
    # nor the fixed phrases "thank you", "know your customer", "bring your own device", "pay
    # as you earn".
    "second_person": (
        re.compile(
            r"(?<![\w'’-])(?<!thank )(?<!pay as )(?:you|your|yours|yourself|yourselves)"
            r"(?:['’](?:re|ve|d|ll))?(?![\w'’-])(?! customer\b| own device\b| earn\b)"
            r"|^[\W_]*(?:You|Your)(?:['’](?:re|ve|d|ll))?\s+[a-z]"
        ),
    ),
}

# A writer speaking, not reporting: the outlet's "we", an "I", the reader addressed, a
# rhetorical question, a judgement. An article with many such sentences is a column, a review
# or a blog post, and its other sentences are mostly opinion too: blind readers struck 60 % of
# summary sentences taken from articles with at least a tenth of their sentences in these
# classes, 34 % of those from articles with none (benchmarks/RESULTS.md, round 8).
VOICE = frozenset(VOICE_RULES) - {"musing", "exclamation"}
