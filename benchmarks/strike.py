"""The benchmark's own strike checker: would a wire-desk editor strike this summary sentence?

Each class of issue 36 is one named rule, tested as a table on real text (tests/test_strike.py).
The rules are written here, apart from the pipeline's cleaning (models/stages/clean.py), and
never call it: a measure that ran the code it measures would only confirm it.

The rules aim for precision. A false strike on a good news sentence is worse than a miss, so a
rule fires on a pattern that a news sentence does not carry (a credit in brackets, a speaker's
label followed by first-person speech, a city in capitals before a dash), not on words that
good sentences share. Words inside quotation marks are the speaker's, not the outlet's: the
rules on voice and on relative time read only the text outside quotes.

Relative time ("today", "yesterday", "this morning", a bare weekday) is not a strike class: a
summary sentence that says it is wrong once read on another day, but an editor would anchor it
("on Monday, June 19"), not strike it. It is :data:`RELATIVE_TIME`, counted on its own.

    >>> strike_classes("FRANKFURT, Germany (AP) — Stocks fell.")
    ('dateline',)
    >>> strike_classes("Stocks fell in Frankfurt.")
    ()
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Rule:
    """One class of sentence: ``name`` (stable, a key in the results), ``label`` (the table's
    row) and ``test`` (whether a sentence is of the class)."""

    name: str
    label: str
    test: Callable[[str], bool]


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# -- quotation marks -------------------------------------------------------------------------

_SINGLE_QUOTED = re.compile(r"‘[^‘]*?’(?!\w)")


def _quote_marks(text: str) -> list[tuple[int, bool]]:
    """Positions of double quotation marks, each with whether it opens a quote. A straight
    mark opens where nothing word-like precedes it (start, a space, a bracket, a dash)."""
    marks = []
    for i, ch in enumerate(text):
        if ch == "\u201c":
            marks.append((i, True))
        elif ch == "\u201d":
            marks.append((i, False))
        elif ch == '"':
            before = text[i - 1] if i else " "
            marks.append((i, before.isspace() or before in "([{—–-:"))
    return marks


def outside_quotes(text: str) -> str:
    """``text`` with every quoted stretch blanked out (same length). A closing mark with no
    opening one means the sentence began inside a quote (the segmenter split a speaker's
    sentences): everything before it is quoted; an opening mark never closed quotes the rest.

    >>> outside_quotes('“We will win,” he said.')
    '               he said.'
    >>> outside_quotes('We fixed it,” he said.')
    '              he said.'
    """
    chars = list(text)
    opened: int | None = None
    for pos, opens in _quote_marks(text):
        if opens and opened is None:
            opened = pos
        elif not opens:
            start = 0 if opened is None else opened
            chars[start : pos + 1] = " " * (pos + 1 - start)
            opened = None
    if opened is not None:
        chars[opened:] = " " * (len(chars) - opened)
    # Single curly quotes (‘...’), only where both marks are there: ’ is also an apostrophe.
    for m in _SINGLE_QUOTED.finditer(text):
        chars[m.start() : m.end()] = " " * (m.end() - m.start())
    return "".join(chars)


# -- the strike classes ----------------------------------------------------------------------

_PICTURE = (
    r"(?:photo(?:graph)?|image|picture|handout|frame grab|video (?:still|image)|still image"
    r"|screen ?(?:shot|grab)|satellite image)s?"
)
_CAPTION = [
    # "In this May 4, 2001, file photo, a man believed to be ..." / "In this photo taken ..."
    re.compile(
        r"^\W*In (?:this|these) (?:undated )?(?:[A-Z][a-z]+\.? \d{1,2}(?:, \d{4})?,? )?"
        rf"(?:\w+ )?(?:file )?{_PICTURE}(?![-\w])"
    ),
    # "This image provided by NASA shows ..."
    re.compile(
        rf"^\W*(?:This|These) (?:undated |handout |file |\w+ )?{_PICTURE} "
        r"(?:provided|released|taken|made|obtained|posted|courtesy|shared|supplied|distributed"
        r"|from|by|shows?)\b"
    ),
    # a credit in brackets: "(Photo: AP)", "(AP Photo/Andy Wong)", "(Jane Doe / Staff Photographer)"
    re.compile(
        r"\((?:[^()]*\b(?:Photo|Photograph|Image|Picture)s?\b\s*[:/][^()]*"
        r"|[^()]*/\s*(?:Getty Images|AP|Reuters|AFP|EPA|Shutterstock)\b[^()]*"
        r"|[^()]*\b(?:Staff )?Photographer)\)",
    ),
    # where a person stands in the picture: "Blinken (left) shakes hands with Qin"
    re.compile(
        r"\((?:left|right|center|centre|L|R|C|front|back|top|bottom|pictured|above|below|inset"
        r"|(?:second|third) (?:from )?(?:left|right))\)"
    ),
    re.compile(r"^\W*(?:Photo|Image|Picture)s?\s*(?:credit|courtesy|by)?\s*[:|]"),
    re.compile(r"^\W*FILE\s*(?:[-—–]|--|:)"),  # "FILE - In this May 13, 2008 file photo"
    # a reporter's credit: "—Jane Roe contributed to this report.", "Reporting by Jane Roe"
    re.compile(
        r"\bcontributed (?:reporting )?to (?:this|the) (?:report|story|article)"
        r"(?: from [^.!?]{1,40})?\.?\s*$"
    ),
    re.compile(r"^\W*(?:Additional )?(?:Reporting|Writing|Editing) by\b", re.IGNORECASE),
    re.compile(r"^\W*(?:Photo|Image|Picture)s? (?:credit|courtesy) ", re.IGNORECASE),
    # an agency caption ends on the place and the day: "... in Washington, Thursday, Feb. 16,
    # 2017." (news writes "on Monday, Jan. 11, 1999", "in Dayton, Ohio, on Saturday, ...")
    re.compile(
        r"\bin [A-Z][\w.'-]*(?: [A-Z][\w.'-]*)*(?:, [\w.' -]+)?, "
        r"(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day, [A-Z][a-z]{2,8}\.? \d{1,2}, \d{4}\.$"
    ),
    # ... without the comma before the day, after a region in title case ("in Kajiado, Kenya
    # Wednesday, March 30, 2016."; not "in Dayton, Ohio on Saturday, ...")
    re.compile(
        r"\bin [A-Z][\w.'-]*(?: [A-Z][\w.'-]*)*, [A-Z][\w.'-]*(?: [A-Z][\w.'-]*)* "
        r"(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day, [A-Z][a-z]{2,8}\.? \d{1,2}, \d{4}\.$"
    ),
]


def is_caption(sentence: str) -> bool:
    """A photo caption or credit ("In this May 4, 2001, file photo, ...", "This image provided
    by ... shows ...", "(Photo: AP)", "Blinken (left) shakes hands ...")."""
    return any(p.search(sentence) for p in _CAPTION)


# The sentence ends on an ellipsis that is not a speaker trailing off inside a quote.
_CUT_OFF = re.compile(r"(?:\.\.\.|…|\[\s*(?:\.\.\.|…)\s*\])\s*\)?\s*$|:[\"”’']?$")


def is_cut_off(sentence: str) -> bool:
    """A sentence the source cut off: "... an internationally known..." (a teaser or a
    truncated feed), one that hands over to what follows it ("... said:"), or one whose last
    quotation mark opens a quotation that never closes ('She wrote: “God, seriously?'). A
    quote that ends on an ellipsis inside its marks is speech, kept."""
    text = sentence.rstrip()
    return _opens_a_quote(text) or bool(_CUT_OFF.search(text))


def _opens_a_quote(text: str) -> bool:
    """Whether the last quotation mark of ``text`` opens a quotation: a “ or an odd " after
    nothing, a space, a bracket or a colon (a German „...“ closes with “, after a word)."""
    marks = [(i, c) for i, c in enumerate(text) if c in '“”"']
    if not marks:
        return False
    at, last = marks[-1]
    opens = at == 0 or text[at - 1] in " \t(:"
    if last == "“":
        return opens or text[at - 1] in "—–-"
    return last == '"' and opens and sum(c == '"' for _, c in marks) % 2 == 1


_SPEAKER = re.compile(
    r"^\W*(?P<label>Q|A|(?:Mr|Mrs|Ms|Dr)\. [A-Z][a-z]+|[A-Z][A-Z'.-]+(?: [A-Z][A-Z'.-]+){0,2}"
    r"|[A-Z][a-z'-]+(?: [A-Z][a-z'-]+)?)\s*:\s+(?P<rest>\S.*)$"
)
# What a speaker says and a narrator does not: the first person, an answer. ("you" is not
# enough: "Power: One day you have it, the next you don't." is a list's item.)
_SPOKEN = re.compile(
    r"\b(?:I|I'm|I’m|I've|I’ve|I'd|I’d|I'll|I’ll|me|my|we|we're|we’re|we've|we’ve|our|us)\b"
    r"|^(?:Yeah|Yes|No|Um|Uh|Oh|Okay|OK|Well|Right|Sure|Thank)\b"
)
_NOT_SPEAKERS = _words(
    "Update Note Source Correction Editor Related Watch Read Photo Photos Video Breaking "
    "Credit Caption Warning Disclaimer Tags Filed More Share Follow"
)


def is_transcript(sentence: str) -> bool:
    """An interview transcript line: a speaker's label, then speech ("Ricks: Yeah, I read each
    one.", "Q: Did you ...?"). A label before a narrator's sentence is not one: the rest must
    speak in the first or second person, or answer."""
    m = _SPEAKER.match(sentence)
    if m is None or m["label"].split()[0].title() in _NOT_SPEAKERS:
        return False
    if m["rest"][0] in "\"“‘'":
        return False  # a label before a quote: "Carell: “It was ...”" names its speaker
    return m["label"] in ("Q", "A") or bool(_SPOKEN.search(m["rest"]))


_OUTLET_PHRASES = re.compile(
    r"\bas (?:we|I) (?:have |had )?(?:reported|noted|wrote|mentioned|said|alluded to|pointed out"
    r"|explained|discussed|told you)\b"
    r"|\b(?:tells|told) (?-i:us)\b|\bmy takeaway\b|\b(?:click|tap) here\b"
    r"|\b(?:this|the) (?:story|article|post) (?:has been|was|has not been) (?:updated|edited"
    r"|corrected)\b"
    r"|\bleave a (?:reply|comment)\b|\byour email address\b|^\W*check (?:also|out)\b"
    r"|\bthis article was added by\b|\bthe comments posted here\b"
    # an outlet's scoop at the sentence's head: "CTV News has learned ...", "RadarOnline.com
    # has learned that ..." (not "Smith has learned ...", "They have learned to ...")
    r"|^\W*(?-i:(?:The )?(?:[A-Z][\w.&-]* ){0,3}(?:[A-Z][\w&-]* (?:News|Times|Post|Journal"
    r"|Reporter|Magazine|Daily|Press|Herald|Tribune|Beast)|[A-Z]{2,}|[A-Z]\w*\.com)) "
    r"(?:has|have) learned\b",
    re.IGNORECASE,
)
# First person outside quotes: the outlet (or a speaker printed as narration) talking.
_FIRST_PERSON = re.compile(
    r"(?<![\w'’-])(?:I|I'm|I’m|I've|I’ve|I'd|I’d|I'll|I’ll|me|my|mine|myself|we|we're|we’re|"
    r"we've|we’ve|us|our|ours|ourselves)(?![\w'’-])"
)
# "our solar system", "inside our minds", "as we know it": everyone's, not the outlet's.
_GENERIC_WE = re.compile(
    r"\bour (?:own )?(?:solar system|planet|galaxy|universe|species|ancestors|bodies|body|brains?"
    r"|minds?|world|sun|star|moon|genes|DNA|immune systems?|lives)\b|\bas we know (?:it|them)\b"
)
# The reader addressed ("When you challenge your detention ...", "on your next flight"): an
# explainer's or columnist's voice. Not a title or a name ("Thank You", "You Quan", "You've Got
# Mail"), "thank you", or words in straight single quotes ('You have to go,' she said).
_SECOND_PERSON = re.compile(
    r"(?<![\w'’-])(?<!thank )(?:you|your|yours|yourself|yourselves)(?:['’](?:re|ve|ll|d))?"
    r"(?![\w'’-])|^\W*(?:You|Your)(?:['’](?:re|ve|ll|d))?\s+[a-z]"
)
_SINGLE_STRAIGHT = re.compile(r"(?<!\w)'(?=\S)(?:[^']|(?<=\w)'(?=\w))*'(?!\w)")
_AFTER_COLON = re.compile(r"(?<=\w):\s+[A-Z“\"].*$")
_FIRST_PERSON_HEAD = re.compile(r"^\W*(?:We|Our|My|Me)(?![\w'’-])")
_NAME_BEFORE = re.compile(r"[A-Z][\w.]*\s+$")  # "World War I", "Elizabeth I": a numeral


def is_outlet_voice(sentence: str) -> bool:
    """The outlet's own voice outside quotes: "As we reported earlier", "An insider tells
    us", "My takeaway ... as I alluded to above", a reporter's "I" or "we", the reader
    addressed ("on your next flight")."""
    text = _GENERIC_WE.sub(" ", outside_quotes(sentence))
    # After a colon inside the sentence comes speech or a text, unquoted but attributed
    # ("a text from her grad student: If I'm not back in a week, ...").
    text = _AFTER_COLON.sub(":", text)
    if _OUTLET_PHRASES.search(text) or _FIRST_PERSON_HEAD.search(text):
        return True
    if _SECOND_PERSON.search(_SINGLE_STRAIGHT.sub(" ", text)):
        return True
    for m in _FIRST_PERSON.finditer(text):
        before = text[: m.start()]
        if m.group() == "I" and _NAME_BEFORE.search(before) and before.strip().count(" ") > 0:
            continue  # a regnal or ordinal numeral after a capitalised word, not "I"
        return True
    return False


_MARKUP = [
    re.compile(r"\b[a-z]+:[a-z_]+ [a-z_]+="),  # runtime:topic id=
    re.compile(r"\b[a-z_]{2,}=[\"']?[\w-]"),  # key=value
    re.compile(r"\(PROFILE\b|\b[A-Z]{2,}:[A-Z]{2,}"),  # (PROFILE (WS SL:BC-... (REG:EURO;)
    re.compile(r"</?[a-zA-Z][a-zA-Z0-9]*(?:\s[^<>]*)?/?>|&(?:nbsp|amp|quot|lt|gt|#\d+);"),
    re.compile(r"https?://|\bwww\.", re.IGNORECASE),
    re.compile(r"^\W*[\w.-]+\.(?:com|net|org|co\.uk|gov|tv|io)\W*$"),  # a bare domain
    re.compile(r"^\W*(?:Last )?Updated(?: On)?\s*:", re.IGNORECASE),
    re.compile(r"\bAll rights reserved\b|©", re.IGNORECASE),
    re.compile(
        r"^\W*(?:Related|Read more|More|Watch|Video|Photos|Source|Published|Posted|Filed under"
        r"|Tags|Share this|Image caption|Media caption|Image copyright|Follow us)\s*:"
    ),
    re.compile(
        r"^\W*(?:Advertisement|Story continues below(?: advertisement)?|Continue reading"
        r"(?: the main story)?|Read more|Share this (?:article|story))\W*$",
        re.IGNORECASE,
    ),
    re.compile(
        r"^\W*(?:BREAKING|UPDATE|UPDATED|EXCLUSIVE|WATCH|NEW|EDITOR'S NOTE|CORRECTION)\s*[:—–-]"
    ),
    re.compile(r"\s\|\s"),  # "Home | World | Asia"
    # a section label in capitals: "SEE ALSO: ...", "TODAY IN THE SKY: ..." (a speaker's
    # label before speech is a transcript line, not this)
    re.compile(r"^\W*[A-Z][A-Z'’.-]+(?: [A-Z][A-Z'’.-]+){0,4}:\s"),
]


def is_markup(sentence: str) -> bool:
    """Page or agency markup: "runtime:topic id=...", "(PROFILE (WS SL:BC-...", HTML, links, a
    bare domain, "(Last Updated On: ...)", "Advertisement", a menu's "|", a label in
    capitals ("SEE ALSO: ...")."""
    hits = [p for p in _MARKUP if p.search(sentence)]
    return bool(hits) and (hits != [_MARKUP[-1]] or not is_transcript(sentence))


_GLUED = re.compile(r"(?P<end>\b\S*?[a-z]{2,}|\))[.!?][\"”’“]?[A-Z][a-z]")
_NOT_GLUED = re.compile(r"https?:|www\.|@|\.(?:Com|Net|Org)\b")


def is_glued(sentence: str) -> bool:
    """Two sentences glued without a space, kept as one: "... a photography buff.He and his
    18-year-old friend ...". Links, e-mail addresses and "Amazon.Com" are not."""
    for m in _GLUED.finditer(sentence):
        token_start = sentence.rfind(" ", 0, m.end("end")) + 1
        token_end = sentence.find(" ", m.end())
        token = sentence[token_start : token_end if token_end >= 0 else len(sentence)]
        if not _NOT_GLUED.search(token):
            return True
    return False


# a field's label: capitalised words and a colon, not after a lowercase word ("as per
# Mediaite: ..." is a sentence's attribution)
_FIELD = re.compile(r"(?:^|(?<![a-z,] )(?<=[\s.;,)]))[A-Z][a-z]+(?: [A-Z][a-zA-Z]+){0,2}:\s")
_BOX_LABEL = re.compile(
    r"^\W*(?:Release Date|Running (?:Length|Time)|Run ?time|MPAA (?:Classification|Rating)"
    r"|Rated|Starring|Directed by|Director|Genre|Cast|Theatrical Aspect Ratio|Tickets"
    r"|Admission|Venue|Hours|Address|Phone)\s*:",
    re.IGNORECASE,
)


def is_fact_box(sentence: str) -> bool:
    """A fact box: labelled fields, not a sentence ("Release Date: ... Running Length: ...
    MPAA Classification: ..."): two labels or more, or one of a fact box's own at the head."""
    return len(_FIELD.findall(sentence)) >= 2 or bool(_BOX_LABEL.match(sentence))


_AGENCIES = (
    r"AP|Reuters|AFP|CNN|UPI|dpa|DPA|Xinhua|Bloomberg|IANS|PTI|AAP|CBS|NBC|ABC|Yonhap|Kyodo"
    r"|WENN|Sputnik|TASS|EFE|ANI|RTTNews|MarketWatch|Business Wire|PRNewswire|CBS News|Fox News"
)
# "FRANKFURT, Germany (AP) —", "WASHINGTON, Jan 5 (Reuters) -", "BEIJING —U.S. ..."
_CAPS_DATELINE = re.compile(
    r"^\W*(?P<place>[A-Z][A-Z.'’-]+(?:\s[A-Z][A-Z.'’-]+){0,3})"
    r"(?:,\s[A-Z][\w.]*(?:\s[A-Z][\w.]*){0,2})?(?:,?\s[A-Z][a-z]{2,8}\.?\s\d{1,2}(?:,\s\d{4})?)?"
    rf"\s*(?P<agency>\((?:{_AGENCIES})\))?\s*(?:[—–]|--|-\s)"
)
# Mixed-case places need the agency: "Beijing, June 19 (Reuters) -"
_AGENCY_DATELINE = re.compile(
    rf"^[^.!?\"“]{{0,60}}?\((?:{_AGENCIES})\)\s*(?:[—–]|--|-)|^\W*\((?:{_AGENCIES})\)"
)
# A place in title case, then the agency with no dash: "Seoul, South Korea (CNN) North Korea
# ..."; not a name the brackets abbreviate ("Andhra Pradesh (AP) Chief Minister ...").
_PLACE_AGENCY = re.compile(
    r"^(?P<place>[A-Z][^\W\d_]*(?: [A-Z][^\W\d_]*){0,3})(?:, [A-Z][\w.]*(?: [A-Z][\w.]*)?)? "
    rf"\((?P<agency>{_AGENCIES})\)\s+[A-Z\"“]"
)
# Capitals at the head of a sentence that are not a place: organisations, shouted labels.
_NOT_PLACES = _words(
    "NATO NASA FIFA UEFA OPEC ASEAN UNICEF NAACP ACLU AIDS HIV ISIS CNN BBC NBC CBS ABC "
    "FBI CIA NSA IRS EPA FDA SEC DOJ GOP MSNBC NPR PBS UPDATE UPDATED BREAKING EXCLUSIVE "
    "WATCH NOTE CORRECTION VIDEO PHOTOS READ MORE WARNING NEW FILE OMG LOL"
)


# The dash a dateline left behind when the page's markup took its place ("— Ten volunteer
# firefighters were arrested ...").
_BARE_DASH = re.compile(r"^\s*(?:—|–|--)\s*[A-Z\"“]")


def is_dateline(sentence: str) -> bool:
    """A dateline left at the head of the sentence ("FRANKFURT, Germany (AP) —", "(CNN) --",
    "BEIJING —U.S. State Secretary ...", or its dash alone: "— Ten volunteer ..."). Capitals
    before a dash that name an organisation ("NATO — the alliance ...") are not one."""
    if _AGENCY_DATELINE.search(sentence) or _BARE_DASH.match(sentence):
        return True
    place = _PLACE_AGENCY.match(sentence)
    if place and "".join(w[0] for w in place["place"].split()) != place["agency"]:
        return True
    m = _CAPS_DATELINE.match(sentence)
    if m is None:
        return False
    if m["agency"]:
        return True
    words = re.findall(r"[A-Z]+", m["place"])
    if len(words) == 1 and words[0] in _NOT_PLACES:
        return False
    return any(len(w) >= 3 for w in words)


STRIKE_RULES: tuple[Rule, ...] = (
    Rule("caption", "photo captions and credits", is_caption),
    Rule("cut_off", "sentences the source cut off", is_cut_off),
    Rule("transcript", "interview transcript lines", is_transcript),
    Rule("voice", "the outlet's own voice outside quotes", is_outlet_voice),
    Rule("markup", "page and agency markup", is_markup),
    Rule("glued", "two sentences glued without a space", is_glued),
    Rule("fact_box", "fact boxes", is_fact_box),
    Rule("dateline", "datelines at the head of a sentence", is_dateline),
)


# -- relative time ---------------------------------------------------------------------------

_MONTH = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?"
_RELATIVE_WORDS = re.compile(
    r"(?<![\w-])(?:today|tonight|yesterday|tomorrow)(?![\w-])(?!['’]s (?:world|society|standards"
    r"|age|economy|climate|era|culture|youth|market|children|kids|generation))"
    r"|^\W*(?:Today|Tonight|Yesterday|Tomorrow)\b"
    r"|\bthis (?:morning|afternoon|evening)\b|\blast night\b"
)
_WEEKDAY = re.compile(
    r"(?<!Black )(?<!Cyber )(?<!Good )(?<!Super )(?<!Ash )(?<!Easter )(?<!Palm )(?<!Bloody )"
    r"(?<!Holy )(?<!Maundy )(?<!Giving )(?<!Shrove )(?<!Whit )(?<!Mail on )"
    r"\b(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)(?:['’]s)?\b"
    rf"(?!s\b)(?!,?\s+(?:{_MONTH}\s+\d|\d{{1,2}}\b|the \d))"
    r"(?! (?:Times|Telegraph|Mirror|Express|Post|Herald|Night Football|Night Live|Morning Herald"
    r"|Independent|Sport|People|Mail|Review|Star|Tribune|Age|school|School))"
)


def is_relative_time(sentence: str) -> bool:
    """Relative time in the narrative voice: "today", "yesterday", "this morning", "last
    night" or a bare weekday ("on Monday", not "on Monday, June 19"). Inside quotes it is
    attributed speech and not counted; "USA Today", "Black Friday" and "Sunday Times" are
    names."""
    text = outside_quotes(sentence)
    return bool(_RELATIVE_WORDS.search(text) or _WEEKDAY.search(text))


RELATIVE_TIME = Rule("relative_time", "sentences with relative time", is_relative_time)


def strike_classes(sentence: str) -> tuple[str, ...]:
    """The names of the strike classes ``sentence`` falls in (empty: an editor keeps it)."""
    return tuple(rule.name for rule in STRIKE_RULES if rule.test(sentence))
