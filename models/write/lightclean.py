"""Light cleaning: a source sentence as a summary sentence, its words otherwise as written.

What the page or the wire put around the sentence goes: a leading dateline ("BEIJING
(Reuters) - "), a list item's bullet, a leading conjunction ("But ..."), a news site's inline
link card ("President Trump Donald John Trump <headlines> MORE"), and a space typed before a
comma or the closing full stop; a page's Windows-1252 dash read as a control character is
written as the dash. Every written sentence gets it, verbatim or compressed (:mod:`.compress`
shortens by rule; this removes nothing the sentence says).
"""

from __future__ import annotations

import re
from collections.abc import Callable

from ..text import quoted_spans
from .openers import as_connective

# "WASHINGTON (Reuters) - ", "BEIJING, June 19 (AP) — ", "(CNN) — ", "LONDON — ".
_DATELINE = re.compile(
    r"^\s*(?:"
    r"[A-Z][A-Z.'’ -]{1,40}(?:,\s*[A-Z][A-Za-z.]*(?:\s+\d{1,2})?)?\s*(?:\([A-Za-z.& ]{2,30}\)\s*)?"
    r"|\([A-Za-z.& ]{2,30}\)\s*"
    r")(?:[—–]\s*|--?\s+)(?=[A-Z\"“])"
)
# Not where the word is part of a phrase (:func:`.openers.as_connective`): "So far, in
# 2016, ..." had become "Far, in 2016, ...", "So long to Square's credit card dongle." "Long to
# ..." (a tuning reader struck it as garbled, round 17), "So are 13% of boys ..." "Are 13% ...".
_CONJUNCTION = re.compile(
    r"^(?:"
    + "|".join(as_connective(w) for w in ("And", "But", "So", "Yet", "Also", "Meanwhile"))
    + r"),?\s+(?=\w)"
)
# A list item's bullet: "•The number of overweight adults rose ..." (a tuning reader struck
# three such summary sentences as debris, round 16; the fact stands without it).
_BULLET = re.compile(r"^\s*[•·▪◦‣●■](?:\s*[•·▪◦‣●■])*\s*(?=\S)")
# A page's Windows-1252 punctuation read as Latin-1: "subjects\x96the researchers themselves
# \x96spent" (a C1 control character where a dash was; a tuning reader struck it as debris).
_C1 = re.compile("[\x80-\x9f]")


def _windows_1252(m: re.Match[str]) -> str:
    return bytes([ord(m.group())]).decode("cp1252", errors="ignore")


# A news site's inline link card (The Hill): after a name, the same surname again with one to
# three names before it ("Rafael (Ted) Edward Cruz"), the headlines of the person's page, and
# "MORE". "criticized President Trump Donald John Trump Airstrikes hit Syria air base: ...
# Masters win MORE for bashing reporters" reads "criticized President Trump for bashing
# reporters" (a tuning reader struck it as debris); "Donald Trump Donald TrumpPoll: ... hacking
# MORE has ties" reads "Donald Trump has ties". The card runs to the first capitalised "MORE"
# after it (before a lower-case word, a bracket, punctuation or a possessive), from the last name
# before it that the card repeats (:func:`_drop_link_cards`); one card never runs into the next.
_CARD_NAME = (
    r"(?:[OD]['’])?(?:Mc|Mac|La|Le|De|Di|Du)?[^\W\d_a-z][^\W\d_A-Z]+(?:-[^\W\d_a-z][^\W\d_A-Z]+)?"
)
_LINK_CARD = re.compile(
    rf"(?P<last>{_CARD_NAME}) (?:\(?{_CARD_NAME}\)? ){{1,3}}(?P=last)(?:(?! MORE\b).)*? MORE"
)
# "MORE" ends the card before a word, a bracket, punctuation or a possessive ("... MORE (R-Ky.)
# said", "... MORE, who ...", "... MORE's decision"); not "MORE news", "the MORE Act".
_CARD_END = re.compile(r" MORE(?=['’]s\b|[ ,.;:!?)]|$)(?! [A-Z])")
_CAPITALISED = re.compile(rf"(?<![\w'’-]){_CARD_NAME}(?= )")


def _drop_link_cards(text: str) -> str:
    for end in reversed(list(_CARD_END.finditer(text))):
        for word in reversed(list(_CAPITALISED.finditer(text, 0, end.start()))):
            card = _LINK_CARD.fullmatch(text, word.start(), end.end())
            if card is not None:
                text = text[: card.end("last")] + text[card.end() :]
                break
    return text


def light_clean(text: str) -> str:
    """A source sentence as a summary sentence: a leading dateline or conjunction and a news
    site's inline link card removed.

    Example:
        >>> light_clean("BEIJING (Reuters) - But the talks ended on Monday.")
        'The talks ended on Monday.'
        >>> light_clean("Nearly 50 picketed the gates beginning at 6:30 a.m. .")
        'Nearly 50 picketed the gates beginning at 6:30 a.m.'
        >>> light_clean("The video aims to to make fans aware of the risk.")
        'The video aims to make fans aware of the risk.'
    """
    cleaned = _C1.sub(_windows_1252, text)  # first: the rules below read its quotes, dashes
    cleaned = _BULLET.sub("", cleaned, count=1)
    cleaned = _DATELINE.sub("", cleaned, count=1)
    cleaned = _CONJUNCTION.sub("", cleaned, count=1)
    cleaned = _drop_link_cards(cleaned) if " MORE" in cleaned else cleaned
    if not cleaned.strip():
        return text.strip()
    cleaned = _outside_quotes(_DOUBLED, lambda m: m.group(1), cleaned.strip())
    cleaned = _outside_quotes(_STRAY_SPACE, _unspaced, cleaned)
    return cleaned[0].upper() + cleaned[1:]


def _outside_quotes(
    pattern: re.Pattern[str], repl: Callable[[re.Match[str]], str], text: str
) -> str:
    """``text`` with ``pattern``'s matches outside quotations replaced by ``repl``: a quotation
    stays as spoken. Quotations are read only where the pattern is found."""
    if not pattern.search(text):
        return text
    quoted = quoted_spans(text)
    return pattern.sub(
        lambda m: m.group() if any(a <= m.start() < b for a, b in quoted) else repl(m), text
    )


# A small word the source typed twice: "aim to to make fans aware", "said the the tax would
# apply", "it is a a rare misstep" (a tuning reader struck "to to" as garbled). Only words that
# never stand twice in a row ("that that" and "in in" may: "brought in in chunks"), never
# before a hyphen ("switched to to-go orders") and never inside a quotation, which stays as
# spoken.
_DOUBLED = re.compile(r"(?<![\w'’-])(the|to|a|an|of) \1(?![\w'’-])")

# A space the source typed before a comma or the closing full stop: "CKY , now known as CTV
# Winnipeg", "... beginning at 6:30 a.m. ." (a tuning reader struck it as debris). Not an
# ellipsis's spaced points (". . ."), and never inside a quotation, which stays as spoken.
_STRAY_SPACE = re.compile(r"(?<=[\w.)”\"’])\s+(,(?=\s)|\.$)")


def _unspaced(m: re.Match[str]) -> str:
    if m.string[m.start() - 1] != "." or m.group(1) != ".":
        return m.group(1)
    # after an abbreviation's point the stop is one too many ("a.m. ."); after an ellipsis's
    # spaced points it is the ellipsis's last (". . .")
    return "" if m.start() > 1 and m.string[m.start() - 2].isalnum() else m.group()
