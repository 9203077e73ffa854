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

# A dateline in capitals that lost its dash: "GAZA/JERUSALEM Israel's cabinet ...",
# "JAKARTA/PANGKALAN BUN, Indonesia Search teams ..." (two places of four letters or more joined
# by a slash, a country after them), only at an article's first sentence (:func:`.clean.trim`):
# never "HIV/AIDS Awareness Month", "AC/DC Frontman ...", "LGBTQ, Black Americans ...".
BARE_DATELINE = re.compile(
    r"^[A-Z]{4,}(?: [A-Z]{2,}){0,2}/[A-Z]{4,}(?: [A-Z]{2,}){0,2}"
    r"(?:, [A-Z][a-z]+(?: [A-Z][a-z]+)?)? (?=[A-Z][a-z’']*\b)"
)

# An agency in brackets at a sentence's head with no dash after it: "(CNN) Greg Smith, the
# congressman-elect, ...", after a place in title case too: "Seoul, South Korea (CNN) North
# Korea is believed ...", which once reached a summary as "Seoul, South Korea North Korea is
# ..." (the agencies only: "(Reuters)" is a dateline, "(Updated)" is not).
AGENCY_HEAD = re.compile(
    r"^(?:[A-Z][a-z.'’-]+(?: [A-Z][a-z.'’-]+){0,2}(?:, [A-Z][A-Za-z.]+(?: [A-Z][A-Za-z.]+)?)? )?"
    r"\((?:CNN|AP|Reuters|AFP|UPI|Bloomberg|Xinhua|dpa|IANS|PTI|ANI|AAP|Yonhap|Kyodo"
    r"|CBS News|NBC News|ABC News|Fox News|HealthDay News|TheWrap|Variety|Deadline|BBC)\)\s+"
    r"(?=[A-Z\"“‘])"
)
