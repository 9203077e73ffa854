"""Datelines: the agency furniture at a sentence's head that cleaning trims off
(:func:`.clean.trim`); the sentence stays, its offsets moved with its text."""

from __future__ import annotations

import re

# A dateline at a sentence's head: "FRANKFURT, Germany (AP) — ", "WASHINGTON (Reuters) - ",
# "LIMA, Dec 1 (Reuters) - ", "Beijing (AFP) - ", "(CNN) — ", "MONDAY, Jan. 25, 2016
# (HealthDay News) -- ". A place in title case only before an agency in brackets ("Coronary
# heart disease (CHD) - also ..." is none); a dash with a space beside it ("U.S.-China" is no
# dateline); never "FILE - " (a caption's).
DATELINE = re.compile(
    r"^(?:(?!FILE\b)(?:[A-Z][A-Z.'’-]{2,}(?: [A-Z][A-Z.'’-]+){0,3}"
    r"|[A-Z][a-z]+(?: [A-Z][a-z]+){0,2}(?=(?:,[^()]{1,30})? \([A-Za-z][\w.& ]{0,28}\)))"
    r"(?:, [A-Z][A-Za-z.]+(?: [A-Z][A-Za-z.]+)?)?"
    r"(?:,? [A-Z][a-z]{2,8}\.? \d{1,2}(?:, \d{4})?)?"
    r"(?: \([A-Za-z][\w.& ]{0,28}\))?"
    r"|\([A-Za-z][\w.& ]{0,28}\))"
    r"(?:\s+(?:—|–|--?)\s*|(?:—|–|--)\s+)(?=[A-Z\"“‘'])"
)

# A dash left at a sentence's head, its dateline gone with the page's markup: "— Ten volunteer
# firefighters were arrested Tuesday ..." (a lead in round 15). :func:`.trim.trim` cuts it only
# before a clause with a verb: "-- Yvonne Villarreal" is a byline, left to cleaning.
BARE_DASH = re.compile(r"^(?:—|–|--)\s*(?=[A-Z\"“‘])")

# A dateline in capitals that lost its dash: "GAZA/JERUSALEM Israel's cabinet ...",
# "JAKARTA/PANGKALAN BUN, Indonesia Search teams ..." (two places of four letters or more joined
# by a slash, a country after them), only at an article's first sentence (:func:`.clean.trim`):
# never "HIV/AIDS Awareness Month", "AC/DC Frontman ...", "LGBTQ, Black Americans ...".
BARE_DATELINE = re.compile(
    r"^[A-Z]{4,}(?: [A-Z]{2,}){0,2}/[A-Z]{4,}(?: [A-Z]{2,}){0,2}"
    r"(?:, [A-Z][a-z]+(?: [A-Z][a-z]+)?)? (?=[A-Z][a-z’']*\b)"
)

# An agency in brackets at a sentence's head with no dash after it: "(CNN) Greg Smith, the
# congressman-elect, ..." (the agencies only: "(Reuters)" is a dateline, "(Updated)" is not).
_AGENCIES = (
    r"CNN|AP|Reuters|AFP|UPI|Bloomberg|Xinhua|dpa|IANS|PTI|ANI|AAP|Yonhap|Kyodo"
    r"|CBS News|NBC News|ABC News|Fox News|HealthDay News|TheWrap|Variety|Deadline|BBC"
)
AGENCY_HEAD = re.compile(rf"^\((?:{_AGENCIES})\)\s+(?=[A-Z\"“‘])")
# The same after a place in title case, at an article's lead only (:func:`.clean.trim`):
# "Seoul, South Korea (CNN) North Korea is believed ...", which reached a summary as "Seoul, South
# Korea North Korea is believed ..."; "São Paulo, Brazil (CNN)", "Rio de Janeiro (CNN)",
# "Washington, D.C. (CNN)". Not a name the brackets abbreviate, nor the agency's own name (see
# :func:`place_agency_head`).
_PLACE_WORD = r"(?:[A-Z]\.){1,3}|[A-Z][^\W\d_]*(?:[-'’][A-Za-z][^\W\d_]*)*\.?"
_PARTICLE = r"(?:de|da|do|del|di|es|la|el|au) "  # "Rio de Janeiro", "Dar es Salaam"
PLACE_AGENCY_HEAD = re.compile(
    rf"^(?P<place>(?:{_PLACE_WORD})(?: (?:{_PARTICLE})?(?:{_PLACE_WORD})){{0,3}})"
    rf"(?:, (?:{_PLACE_WORD})(?: (?:{_PLACE_WORD}))?)? "
    rf"\((?P<agency>{_AGENCIES})\)\s+(?=[A-Z\"“‘])"
)


def place_agency_head(text: str) -> re.Match[str] | None:
    """:data:`PLACE_AGENCY_HEAD`'s match, unless the words before the brackets are what they
    abbreviate or name ("Andhra Pradesh (AP)", "The Associated Press (AP)", "Agence
    France-Presse (AFP)", "Yonhap News Agency (Yonhap)") or begin with "The".

    Example:
        >>> place_agency_head("Seoul, South Korea (CNN) North Korea is testing.").end()
        25
        >>> place_agency_head("Andhra Pradesh (AP) Chief Minister Naidu said so.") is None
        True
    """
    m = PLACE_AGENCY_HEAD.match(text)
    if m is None:
        return None
    words = re.split(r"[\s-]+", m["place"])
    agency = m["agency"].lower()
    if words[0] == "The" or agency in {w.lower() for w in words}:
        return None
    initials = [w[0].lower() for w in words if w]
    if any("".join(initials[k:]) == agency.replace(" ", "") for k in range(len(initials))):
        return None
    return m
