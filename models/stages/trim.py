"""Trimming: page furniture glued to a news sentence, cut off with its offsets moved.

A video player's "CLOSE" or "EMBED More News Videos", or a photographer's credit, before a
sentence; a dateline (:mod:`.datelines`); a speaker's label in capitals, a live blog's time
stamp or a list's number; a " | Getty ..." picture caption after it. The sentence stays, its
offsets moved with its text, so a citation still quotes the article exactly (the clean stage,
:mod:`.clean`, calls :func:`trim` on every sentence).
"""

from __future__ import annotations

import re
from dataclasses import replace

from ..lexicon.grammar import has_finite_verb
from ..lexicon.names_and_time import WEEKDAYS
from ..types import Sentence
from .boilerplate import _CAPS_NAME, _SPOKEN
from .captions import MONTH as _MONTH
from .datelines import AGENCY_HEAD, BARE_DASH, BARE_DATELINE, DATELINE, place_agency_head

# A video player's controls before a sentence ("CLOSE", "CLOSE Skip in Skip x Embed x Share",
# "EMBED More News Videos"), as the page's text has them (upper case), or a credit, before a
# word that is not in capitals itself ("CLOSE CALL: ..." is a headline).
# A photographer's credit run into the sentence: "Neil Warner / Splash News Britney Spears'
# handlers ...", "Evan Vucci / AP file President ...".
_CREDIT_BEFORE = (
    r"(?:[A-Z][\w'’.-]+ ){2,3}(?<!Times )(?<!Post )(?<!News )(?<!Journal )/ "
    r"(?:AP(?: Photo| Images)?|AFP(?: via Getty Images)?|EPA|Reuters|Getty Images"
    r"|Shutterstock|Flickr|Wikimedia Commons|Splash News|WENN|Invision)(?: file)?\s+"
)
_FURNITURE_BEFORE = re.compile(
    r"^(?:CLOSE\s+(?:Skip in Skip x Embed x Share\s+)?|EMBED More News Videos\s+"
    rf"|{_CREDIT_BEFORE})"
    r"(?=[\"“‘']?(?:[A-Z][a-z]|[AI]\s|[A-Z]+\s+[a-z]))"
)
# A picture's credit and caption after a sentence: " | Getty Trump blames ...",
# " | AP Photo ...", " | Mark Wilson/Getty Images House panel ...", "[Photo/Lanzhou News]".
_FURNITURE_AFTER = re.compile(
    r"(?<=[.!?\"”’'])(?:\s+\|\s+(?:(?:Getty|AP Photo|AFP)\b|Reuters\s*$"
    r"|[^|]{0,40}/(?:Getty|AFP|AP)\b).*"
    r"|\s*\[(?:Photo|Image|Video)/[^\]]{1,60}\])\s*$",
    re.S,
)


# A speaker's label in capitals at the head of a line: "JON ROE: The show was not on the
# radar." (an oral history, an interview printed as a transcript). What the speaker says
# stays when it stands as a sentence of its own: it opens with a capital, ends as a
# sentence does, and is neither a question nor a spoken "Yeah, ..."; the first person
# in it is a voice (the ``first_person`` rule), and a quotation after the label keeps its
# label (a quote keeps its speaker): those lines go as transcript lines.
_CAPS_LABEL = re.compile(
    rf"^(?:(?:{_CAPS_NAME}(?: {_CAPS_NAME}){{0,2}}|THE FACTS|FACT CHECK|UPDATE|UPDATED|BREAKING"
    r"|ANALYSIS|BACKGROUND|WHY IT MATTERS|WHAT'S NEXT|WHAT’S NEXT|Update|Updated"
    r"|(?:UPDATE|Update) \d{1,2}"
    # a dated update note: "Update, 22 April: ...", "Updated on Oct. 8, 2013 : ..."
    rf"|(?:UPDATE|Update|UPDATED|Updated)(?:,| on| at) (?:(?:{_MONTH}) \d{{1,2}}(?:, \d{{4}})?"
    rf"|\d{{1,2}} (?:{_MONTH})(?: \d{{4}})?) ?):\s+"
    # a live blog's time stamp: "11:03 P.M. Israel will be required ..."
    r"|\d{1,2}:\d{2} (?:[AP]\.M\.|[AP]M|[ap]\.m\.)\s+(?!(?:"
    + "|".join(day.capitalize() for day in WEEKDAYS)
    + r"|Eastern|Pacific|Central|Mountain|[ECMP][SD]?T|GMT|UTC|BST)\b)"
    # an explainer's answer: "A. The House voted to ..." (not an initial: "A. Smith said")
    r"|A\.\s+(?=(?:The|A|An|It|He|She|They|There|This|That|In|On|No|Yes|Not)\s)"
    # a list's number: "2) After a reporter asked ..."
    r"|\d{1,2}\)\s+)(?=[A-Z])"
)
_STATEMENT = re.compile(rf"^(?!{_SPOKEN})[A-Z][^?]*[.!][\"”’']?$")


def after_label(sentence: Sentence, label_end: int) -> Sentence | None:
    """``sentence`` from ``label_end`` on, past white space, where that is a statement
    (:data:`_STATEMENT`), else None."""
    text = sentence.text
    cut = label_end
    while cut < len(text) and text[cut].isspace():
        cut += 1
    if not _STATEMENT.match(text[cut:]):
        return None
    return replace(sentence, text=text[cut:], start=sentence.start + cut)


def _bare_dash(text: str) -> re.Match[str] | None:
    """A dash at ``text``'s head (:data:`.datelines.BARE_DASH`) before a clause with a verb."""
    m = BARE_DASH.match(text)
    if m is None:
        return None
    return m if has_finite_verb(re.findall(r"[\w'’-]+", text[m.end() :])) else None


def trim(sentence: Sentence, lead: bool | None = None) -> Sentence:
    """``sentence`` without the page furniture glued to its start or end (a dateline is
    furniture: a summary never quotes it), its offsets moved with its text
    (``article.text[start:end] == text`` still holds). ``lead``: whether it is the article's
    first sentence after its headings, where a dateline may lack its dash (None: its first
    sentence).

    Example:
        >>> s = Sentence("a", 0, 0, 0, 28, "CLOSE Ariel Winter spoke up.")
        >>> trim(s).text, trim(s).start
        ('Ariel Winter spoke up.', 6)
    """
    text, start, end = sentence.text, sentence.start, sentence.end
    before = _FURNITURE_BEFORE.match(text)
    if before:
        text, start = text[before.end() :], start + before.end()
    dateline = DATELINE.match(text) or AGENCY_HEAD.match(text) or _bare_dash(text)
    if dateline is None and (sentence.index == 0 if lead is None else lead):
        dateline = BARE_DATELINE.match(text) or place_agency_head(text)
    if dateline:
        text, start = text[dateline.end() :], start + dateline.end()
    label = _CAPS_LABEL.match(text)
    if label:
        said = after_label(replace(sentence, text=text, start=start), label.end())
        if said is not None:
            text, start = said.text, said.start
    after = _FURNITURE_AFTER.search(text)
    if after:
        text, end = text[: after.start()], end - (len(text) - after.start())
    if text == sentence.text:
        return sentence
    return replace(sentence, text=text, start=start, end=end)
