"""The cleaning stage's caption rules (:data:`.boilerplate.BOILERPLATE_RULES`, "caption"): a
picture's caption or credit, as agencies and pages write them. Each rule is table-tested in
tests/test_clean.py.
"""

from __future__ import annotations

import re

from ..lexicon.names_and_time import MONTHS, WEEKDAYS

# What a forecast says is "seen" in a month: "The first rate cut is seen in June."
_FORECAST = (
    "rates?|cuts?|hikes?|decisions?|rulings?|deals?|votes?|growth|inflation|recovery|peak"
    "|agreements?|approval|launch|release|verdict|results?|earnings|profits?|sales"
)
# A weekday and a month as an agency's caption writes them ("Thursday, Feb. 16, 2017").
WEEKDAY = "|".join(day.capitalize() for day in WEEKDAYS)
MONTH = r"Jan\.|Feb\.|Aug\.|Sept?\.|Oct\.|Nov\.|Dec\.|" + "|".join(m.capitalize() for m in MONTHS)

# A picture's caption, as agencies write them: "FILE - In this May 4, 2001, file photo, ...",
# "This image provided by ... shows ...", "... at the harbour (Jane Roe/AFP/Getty Images)";
# not "A video posted by the club shows ...", news about a video (a caption points: "this").
CAPTION_RULES: tuple[re.Pattern[str], ...] = tuple(
    re.compile(p)
    for p in (
        # an agency's release line may come first: "FOR MOVEMENT FRIDAY NOV. 15 FILE - "
        r"^(?:FOR (?:MOVEMENT|RELEASE)\b[A-Z0-9 .,]{0,40}?\s)?FILE\s*[-—–]+\s",
        r"^\(?In (?:this|these) (?:(?:[A-Z][a-z]{2,8}\.?,? (?:\d{1,2},? )?)?\d{4},? "
        r"|(?:undated|file|handout|booking|aerial|satellite|surveillance|still|frame|video"
        r"|photo) )*(?:photo|image|picture|photograph|frame grab|video|still)s?\b",
        r"^(?:This|These) (?:[\w.,’'-]+ ){0,6}?(?:photo|image|picture|photograph|frame grab"
        r"|still|screenshot|screen grab)s?\b[^.!?]{0,160}?\b(?:shows?|showing|depicts?"
        r"|provided by|released by|made available by|obtained by|taken (?:on|in|by))\b",
        r"^\((?:AP|AFP|EPA|Reuters|Getty Images)(?: Photo)?/[^()]{1,60}\)",
        r"\((?:[^()]{1,60}/)?(?:AP|AFP|EPA|Reuters|Getty Images|Associated Press)"
        r"(?: Photo)?(?:/[^()]{1,60})?\)\s*$",
        # where the picture puts someone: "Jane Roe is pictured with her son in 2015",
        # "Pictured: the house ...", "Above: the mayor ...", "Sochi's Olympic Park is seen
        # in December." (struck by a tuning reader, round 18; the day ends it, and no forecast:
        # "A rate hike is seen in June, a poll found", "A ruling is seen in March.")
        r"\b(?:is|are) pictured\b",
        rf"^(?!.*\b(?:{_FORECAST})\b).*\b(?:is|are) seen (?:in|on) (?:{MONTH}|{WEEKDAY})"
        r"(?: \d{1,2}(?:, \d{4})?| \d{4})?\.?$",
        r"\((?:left|right|center|centre|above|below|pictured|inset|top|bottom|L|R|C)\)",
        r"^\((?:Photo|Image|Picture)s?(?:\s*:| courtesy\b| credit\b| by\b)",
        r"^\([^()]{1,60}\bPhotographer\)$",
        # where in the picture each one stands: "Jane Roe, right, and John Doe, left,
        # congratulate ...", "Jane Roe, second from left, speaks ..."
        r"\b[A-Z][\w'’.-]+, (?:left|right|center|centre|(?:second|third|far) (?:from )?"
        r"(?:left|right)), (?:and\b|[a-z]+s\b)",
        r"^(?:Pictured|PICTURED)\b",
        # a gallery's captions run together, each on its label: "Night out: The actress
        # leaves ... Retail therapy: She had ..."
        r"^[A-Z][\w'’-]*(?: [a-z][\w'’-]*){0,2}: [A-Z].{10,}?[a-z] [A-Z][\w'’-]*"
        r"(?: [a-z][\w'’-]*){0,2}: [A-Z]",
        r"^(?:Above|Below|Top|Inset|Main picture|Main image)\s*:\s",
        # a credit line: a role, a name and an institution in brackets, no full stop
        # ("Astrophotographer: Jane Roe (Valley Astronomical Society, Victoria)")
        r"^[A-Za-z][\w'’ -]{2,40}:\s+(?:[^\s.!?:()]+\s+){1,3}\([^()]{3,120}\)\.?$",
        # a picture's credit run into the next line: "Jane Roe/Wikimedia Commons From ..."
        r"^(?!(?:The|A|An) )[A-Z][\w'’.-]+(?: [A-Z][\w'’.-]+){1,3} ?/ ?"
        r"(?:Wikimedia Commons|Getty Images|Shutterstock|Flickr|AP|AFP|EPA|Reuters)\b",
        # a caption naming its picture's kind, no verb of its own: "X-ray image of a ring dove
        # producing ..." (round 17); not "The photo of the senator drew criticism"
        r"^(?:(?:An?|The)\s+)?(?i:x-ray|satellite|aerial|undated|file|handout|artist['’]s"
        r"|infrared|microscope)\s+(?i:image|photo|photograph|picture|illustration|rendering"
        r"|impression|still|screenshot)s?\s+(?:of|showing|depicting)\b(?![^.!?]*\b(?:is|was"
        r"|are|were|has|have|had|became|becomes|drew|draws|won|wins|went|goes|made|makes"
        r"|sparked|shows|showed|released|unveiled|published|emerged)\b)",
        # the picture pointed at: "The moon turns blood-red in this image of an eclipse"
        r"\bin (?:this|these) (?:image|photo|picture|photograph)s?\b",
        # an agency caption's place and day: "... in Washington, Thursday, Feb. 16, 2017."
        # (news says "on Monday, Jan. 11, 1999", "in Dayton, Ohio, on Saturday, ...")
        rf"\bin [A-Z][\w.'’-]*(?: [A-Z][\w.'’-]*)*(?:, [\w.'’ -]+)?, (?:{WEEKDAY}), "
        rf"(?:{MONTH}) \d{{1,2}}, \d{{4}}\.$",
        # ... the comma before the day left out after a region in title case ("in Kajiado,
        # Kenya Wednesday, March 30, 2016."; not "in Dayton, Ohio on Saturday, ...")
        rf"\bin [A-Z][\w.'’-]*(?: [A-Z][\w.'’-]*)*, [A-Z][\w.'’-]*(?: [A-Z][\w.'’-]*)* "
        rf"(?:{WEEKDAY}), (?:{MONTH}) \d{{1,2}}, \d{{4}}\.$",
        # a name doing something now in a picture of a past year: an agency's place and
        # date ("Ellen Pao leaves San Francisco Superior Court ... in San Francisco,
        # California March 25, 2015."), or a pose with the year ("Google CEO Sundar Pichai
        # describes one of the company's new Android Nexus smart phones in 2014.", struck by
        # a tuning reader); the two dev sentences. Not news told now with a clause of its
        # own ("Microsoft describes the breach as its worst since it was founded in 1975",
        # "Malia Obama attends Harvard, where she enrolled in 2017") nor a timeline's
        # "Merkel leaves office in 2021."
        rf"^(?!(?:The|A|An|This|That|It|He|She|They)\s)(?:[A-Z][\w.'’-]*\s+){{1,5}}[a-z]+s\b"
        rf"(?:(?!\b(?:which|where|who|whom|whose|since|when|after|having)\b)[^.!?]){{0,160}}"
        rf"\b[A-Z][\w.'’-]*,? (?:{MONTH}) \d{{1,2}}, (?:19|20)\d\d\.$",
        r"^(?!(?:The|A|An|This|That|It|He|She|They)\s)(?:[A-Z][\w.'’-]*\s+){1,5}(?:describes"
        r"|speaks|gestures|poses|smiles|waves|listens|looks on|reacts|celebrates|greets)\b"
        r"(?:(?!\b(?:which|where|who|whom|whose|since|when|after|having)\b)[^.!?]){0,160}"
        r"\bin (?:19|20)\d\d\.$",
        # "... is seen before the deadline passes in Los Angeles, November 27, 2011."
        rf"\b(?:is|are) seen\b(?! (?:as|to|by)\b)[^.!?]*, (?:{MONTH}) \d{{1,2}}, \d{{4}}\.$",
        # a report's credit line: "—Jane Roe contributed to this report.", "Associated Press
        # writer John Doe in Boston contributed.", "Reporting by Jane Roe; Editing by ..."
        r"\bcontributed(?: reporting)? to (?:this|the) (?:report|story|article)"
        r"(?: from [^.!?]{1,40})?\.?$",
        r"\b(?:writers?|reporters?|correspondents?)\b[^.!?]{0,60}\bcontributed"
        r"(?: reporting)?\.?$",
        r"^\W*(?:Additional )?(?:[Rr]eporting|[Ww]riting|[Ee]diting) by [A-Z]",
        # a credit in brackets where the sentence should end: "This video from the group
        # alleges mistreatment of chickens at a farm (Compassion Over Killing)"
        r"(?<![\w'’-])[a-z][\w'’-]*,? \([A-Z][\w&.'’-]*(?: (?:[A-Z&][\w&.'’-]*|of|for|the"
        r"|and)){0,6}\)\s*$",
    )
)
