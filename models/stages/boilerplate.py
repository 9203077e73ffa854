"""The cleaning stage's named rules (:mod:`.clean` applies them): one table of patterns per
kind of page furniture a news page carries, each matched against one sentence, so a dropped
sentence can be explained ("comment_form", "photo_credit", "transcript", ...). Each rule is
table-tested in tests/test_clean.py.
"""

from __future__ import annotations

import re

from ..lexicon.reporting import NEWS_OUTLETS, OUTLET_NAME_WORDS
from ..lexicon.voice import NOT_SPEAKERS
from .captions import CAPTION_RULES
from .voicerules import VOICE_RULES

_I = re.IGNORECASE
# An outlet by name: a wire's or a network's (NEWS_OUTLETS, "CBS" for "CBS News"), a name
# ending in an outlet's word ("The Daily Beast", "Fox News"), a station's call sign ("WABC-TV").
_OUTLET_WORDS = "|".join(map(str.capitalize, OUTLET_NAME_WORDS))
_OUTLET = "|".join(
    sorted(
        {re.escape(outlet.removesuffix(" news")) for outlet in NEWS_OUTLETS}
        | {rf"(?-i:(?:[A-Z][\w.&'’-]* ){{1,3}}(?:{_OUTLET_WORDS}))"}
        | {r"(?-i:[KW][A-Z]{3}(?:-(?:TV|FM|AM))?|[KW][A-Z]{2}-(?:TV|FM|AM))"},
        key=len,
        reverse=True,
    )
)

# A speaker's label at the head of a transcript line: a name or initials in capitals
# ("SMITH", "JANE SMITH", "McCARTHY", "JS"), or Q / A; none of its words a NOT_SPEAKERS one.
_NOT_SPEAKER = "|".join(sorted((re.escape(w.upper()) for w in NOT_SPEAKERS), key=len, reverse=True))
_CAPS_NAME = rf"(?!(?:{_NOT_SPEAKER})\b)(?:Mc)?[A-Z][A-Z'’.-]+"
_SPEAKER_TEXT = r":\s+[\"“‘'(\[]?[A-Za-z]"  # what the speaker says starts as words do
# A name in title case ("Ricks", "Jane Roe") heads a transcript line when what follows is
# speech ("Yeah, ...", "So, ...") or a question; "Severe: Flooding ..." is a glossary's.
_TITLE_NAME = rf"(?!(?i:{_NOT_SPEAKER})\b)(?:Mc)?[A-Z][a-z'’-]+"
_SPOKEN = r"(?:Yeah|Yes|No|Well|Oh|Um|Uh|Sure|Okay|OK|So|Absolutely|Exactly|Look|Thanks?)\b"

# name -> patterns matched against one sentence (search, not fullmatch, unless anchored).
BOILERPLATE_RULES: dict[str, tuple[re.Pattern[str], ...]] = {
    "comment_form": tuple(
        re.compile(p, _I)
        for p in (
            r"^leave a (reply|comment)\b",
            r"your email address will not be published",
            r"required fields are marked",
            r"^save my name,? email",
            r"\bcomments? posted here\b",
            r"refrain from using .{0,40}\bwords in your comments",
            r"^(post|add) a comment\b",
            r"^join the (conversation|discussion)\b",
        )
    ),
    "photo_credit": tuple(
        re.compile(p, _I)
        for p in (
            r"\((ap |afp |reuters |file |getty )?(photo|image|picture|photograph)s?\b"
            r"[^)]{0,80}\)\s*$",
            r"^(photo|image|picture|photograph|credit)s?( credit)?\s*[:/|]",
            r"^[\w.-]+\.(com|net|org|co\.uk)$",
            r"\b(getty images|ap photo|afp via getty|shutterstock)\b.{0,40}$",
        )
    ),
    "teaser": tuple(
        re.compile(p, _I)
        for p in (
            r"^check (also|out the latest)\b",
            r"^(read|see) (more|also)\b",
            r"^also read\b",
            r"^related( articles| stories| coverage| news)?:?$",
            r"^you (may|might) also (like|be interested)\b",
            r"^more (from|stories|on this)\b.{0,40}$",
            r"^(recommended|trending|most read|popular)( stories| now)?:?$",
        )
    ),
    "author_bio": tuple(
        re.compile(p)
        for p in (
            r"^I am [A-Z][\w'’-]+( [A-Z][\w'’-]+)*, an? ",
            r"^(?i:about) (the author|[A-Z][\w ]{0,40}(?i:team))$",
            r"^(?i:by|written by|reporting by|editing by) [A-Z][\w'’.-]+( [A-Z][\w'’.-]+){0,3}\W*$",
            r"^[A-Z][\w'’-]+ [A-Z][\w'’-]+ is an? (staff |senior |freelance )?"
            r"(writer|reporter|journalist|correspondent|editor|contributor) (at|for|with)\b",
        )
    ),
    "syndication": tuple(
        re.compile(p, _I)
        for p in (
            r"syndicated feed",
            r"^except for the headline, this story",
            r"^this (article|story|content) was (added|originally|first|automatically)\b",
            r"\bis not responsible for the content\b",
            r"\ball rights reserved\b",
            r"^(©|copyright ©?\s*\d{4})",
            # a book excerpt's credit: "Adapted from ..., to be published ...; © 2016 by ..."
            r"©\s*\d{4}",
            r"^(?:excerpted|reprinted) (?:with permission )?from\b",
            r"may not be (published|broadcast|rewritten|redistributed)",
            r"^\(?(last )?updated( on)?\s*:",
            # an outlet's disclosure of its owner on its own: "CBS is owned by CBS Corp.",
            # "WABC-TV is a unit of the Walt Disney Co." (not "MGM is owned by Amazon", news in
            # a deal story, nor "NBC is owned by Comcast, which bought it ...")
            rf"^(?:{_OUTLET}) (?:is|are) (?:owned by|a (?:unit|division|subsidiary) of) (?:the )?"
            r"(?-i:(?:[A-Z][\w.&'’-]*(?: |\.$)){1,4})$",
            r"^source:\s",
        )
    ),
    "promo": tuple(
        re.compile(p, _I)
        for p in (
            r"\bsubscribe (to|for)\b",
            r"\bsign up (for|to) (our|the)\b",
            r"\bnewsletter\b",
            r"\bfollow(ing)? (us|@?[A-Z][\w .-]{0,30}) on "
            r"(twitter|facebook|instagram|telegram|x)\b",
            r"\bon telegram\b",
            r"^stay (updated|tuned|informed)\b",
            r"^download (our|the) app\b",
            r"\bclick here\b",
            r"^share (this|on)\b",
            r"^advertisement$",
            # a podcast's call: "Don't forget to rate it in iTunes!"
            r"\brate (?:it|us|the show|the podcast|this episode) (?:on|in) itunes\b",
            r"^don['’]t forget to (?:subscribe|rate|share|follow|like|sign up)\b",
        )
    ),
    # A link in brackets ("[Q&A: The 'Pluto Killer' ...]") within the article: only the line goes,
    # not the page after it as after a teaser ("[Pause.]" ends as a sentence does: no link).
    "link": (re.compile(r"^\[[^\[\]]{0,148}[^\[\].!]\]$"),),
    # Video players, galleries and embedded posts: "JUST WATCHED ... Replay More Videos", "Hide
    # Caption 3 of 43", "— Jane Roe (@janeroe) September 7, 2016" under a quoted post.
    "media": tuple(
        re.compile(p, _I)
        for p in (
            r"^(?-i:JUST WATCHED)\b",
            r"\breplay more videos\b",
            r"^(?-i:MUST WATCH)\b",
            r"\bhide caption \d+ of \d+\b",
            r"^media playback is unsupported\b",
            r"^media caption\b",
            r"^(video|photo|image|footage)s? courtesy of [^.!?]{1,60}$",
            r"^enlarge (this )?image\b",
            r"\btoggle caption\b",
            r"\bpic\.twitter\.com/",
            r"[—–-]\s*[^()—–\n]{1,50}\(@\w{1,15}\)\s+\w+\s+\d{1,2},\s+\d{4}$",
        )
    ),
    # A picture's caption or credit (:mod:`.captions`).
    "caption": CAPTION_RULES,
    # A line of an interview's transcript: "Ricks: Yeah, I read each one.", "JANE SMITH: It
    # was ...", "JS: Was it worth it?" (a name in capitals or initials; a name in title case
    # before speech or a question, or in a dialogue: see :func:`_dialogue_speakers`); a
    # radio piece's, its label a full name right before a quotation that is the whole rest of
    # the line: "Art Iwasaki “In my company - half of them ...”" (a tuning reader struck one,
    # round 18; all 7 dev lines; not a nickname or a title, "Mary Ann “Sunny” Roe was ...").
    "transcript": (
        re.compile(rf"^(?:[QA]|{_CAPS_NAME}(?: {_CAPS_NAME}){{0,2}}){_SPEAKER_TEXT}"),
        re.compile(rf"^{_TITLE_NAME}(?: {_TITLE_NAME}){{0,2}}:\s+[\"“]?{_SPOKEN}"),
        re.compile(rf"^{_TITLE_NAME}(?: {_TITLE_NAME}){{0,2}}{_SPEAKER_TEXT}[^:]*\?[\"”]?$"),
        re.compile(rf"^{_TITLE_NAME}(?: {_TITLE_NAME}){{1,2}} [\"“][A-Z][^\"”]*[\"”]?\s*$"),
    ),
    # A fact box: "Release Date: ... Running Length: ... MPAA Classification: ...",
    # "> Occupation: Mayor of ...", "E-mail: ... Twitter: @handle".
    "fact_box": tuple(
        re.compile(p)
        for p in (
            r"^>*\s*(?:Release Date|Running (?:Length|Time)|MPAA (?:Classification|Rating)|Rated"
            r"|Genre|Starring|Cast|Director|Screenplay|Studio|Distributor|Theatrical Aspect Ratio"
            r"|Occupation|Born|Hometown|Height|Weight|Education|Spouse|Net [Ww]orth|Price|Specs"
            r"|Availability|Admission|Tickets|Phone|Website|E-?mail|Twitter|Contact):\s",
            r"^[A-Z][\w'’-]*(?: [A-Z&][\w'’-]*){0,3}: [^:]{1,100}?"
            r"\b[A-Z][\w'’-]*(?: [A-Z][\w'’-]*){0,3}: ",
            # a charge sheet: "Jane Roe, 19, of Dunmore, is charged with two counts felony
            # arson, ..., and four counts felony conspiracy."
            # (the sheet's "counts felony", without "of", at least once, or three counts and
            # more: "three counts of felony assault and two counts of misdemeanor trespass" is
            # news)
            r"\bcounts? (?:felony|misdemeanor)\b.*\bcounts?\b"
            r"|\bcounts?\b.*\bcounts? (?:felony|misdemeanor)\b"
            r"|\bcounts? of\b.*?\bcounts? of\b.*?\bcounts? of\b",
        )
    ),
    # A page's or a wire's markup left in the text: "runtime:topic id=...", "(PROFILE (WS
    # SL:BC-... (REG:EURO;) ...)", "image:12345:1::0", tags, templates, quoted-mail ">".
    "markup": tuple(
        re.compile(p)
        for p in (
            r"\b[a-z]+:[a-z]+ id=",
            r"\b(?:id|class|style|href|src|data-[\w-]+)=[\"']?[\w#-]",
            r"\((?:PROFILE\b|REG:|WS SL:)",
            r"\bSL:BC-",
            r"</?[a-z][a-z0-9]*(?:\s[^<>]*)?/?>",
            r"\{\{|\}\}|\{%|%\}",
            r"\b[a-z]+:\d+:\d*:",
            r"^>+\s",
            r"https?://|\bwww\.",  # a link in the text: "can be reached at http://..."
            r"[a-z.)]\[\d{1,3}\]",  # an encyclopedia's reference marks: "during pregnancy.[1]"
            r"\[\s*edit\s*\]",  # an encyclopedia's section heading: "Early life [ edit ]"
            # a stock ticker run into the text: "Tesla Inc.’s TSLA, +5.77% board"
            r"['’]s [A-Z]{1,5}, [+-]\d+\.\d+%",
            "\ufffd",  # text decoded with the wrong encoding: "called it “unhinged�? and"
        )
    ),
    # the outlet speaking for itself (:mod:`.voicerules`)
    "outlet_voice": VOICE_RULES["outlet_voice"],
    # first person outside quotes (:mod:`.voicerules`)
    "first_person": VOICE_RULES["first_person"],
    # A quotation with no speaker (matched on the sentence with its quotes taken out: nothing
    # is left): whose words they are was said in a sentence before, which the summary may not
    # carry. A summary's quote keeps its speaker ('"...," the mayor said'), so such a sentence
    # is not a candidate.
    "unattributed_quote": (re.compile(r"^[\W_]*$"),),
    # A page's own labels before a link, a player or a stamp, whole sentences of furniture:
    # "LISTEN: ...", "RELATED: ...", "SEE ALSO: ...", "Posted: Jan 5, 2017 Updated: ...".
    "page_label": tuple(
        re.compile(p)
        for p in (
            r"^(?:LISTEN|WATCH|RELATED|READ MORE|READ|SEE ALSO|SEE|MORE|ALSO|PHOTOS|VIDEO"
            r"|GALLERY|SLIDESHOW|SIGN UP|RECOMMENDED|TRENDING|CLICK|PODCAST|(?:MORE|ALSO) ON"
            r"|RELATED (?:STORY|STORIES|CONTENT|COVERAGE|LINKS?|VIDEO))\s*:",
            r"^(?i:related|listen|watch|see also|read more|also read|video|audio|podcast|photos"
            r"|gallery|citations?)\s*:\s",
            r"^\((?:WATCH|LISTEN|READ|RELATED|SEE|MORE)\s*:",
            # a section's label before a question: "THE FACTS: Did he say that?"
            r"^[A-Z][A-Z'’]+(?: [A-Z][A-Z'’]+){0,3}:\s[^.!]*\?[\"”]?$",
            r"^(?i:posted|published|first published)(?: (?i:on|at))?\s*:\s*\S",
            r"\b(?:Updated|UPDATED|Last [Uu]pdated)(?: on| at)?\s*:\s*"
            r"(?:\d|(?:[A-Z][a-z]{2,8}, )?[A-Z][a-z]{2,8}\.? \d)",
            # a link's invitation: "Check out What To Expect When ...", "Click here for ..."
            r"^(?:Check out|Click here|Tap here|Sign up|Subscribe)\b",
            # a teaser's imperative: "Learn how yo-yo dieting may be triggered by ...", "Find
            # out all about the letter ..."
            r"^(?:Learn (?:how|why|what|more)|Find out (?:all about|how|why|what|more))\b",
            # "Read the latest news about the protest here.", "Watch police detain ... here."
            r"^(?:Read|See|Watch|Listen to|Find|Check) (?:the |more |our |all |your )?[^.!?]{0,80}"
            r"\bhere\.?$",
            # a link's label in the imperative: "See the judges' comments about all winners."
            r"^(?:See|View|Browse) (?:the|our|all|more|a|an|full)(?: [^\s.!?,;\"“”]+){2,12}\.?$",
            # an explainer's signpost: "Here's a look at what's happening, and why, ...",
            # "Here's what they say they know about it."
            # (never a quotation's tail: 'Here's what we know," the sheriff said.')
            r"^Here(?:['’]s| is| are) (?:a look at|what|how|why|everything|more|the latest)\b"
            r"(?![^\"”]*[\"”])",
            r"^Here(?:['’]s| is| are) (?:a |an |the )?(?:map|video|look|list|photo|gallery"
            r"|timeline|breakdown|rundown|recap)s?\b(?![^\"”]*[\"”])",
            r"^(?i:editor['’]s note)\s*:",
            # "If you need proof, here's her IMDb listing for the show."
            r"^(?:If [^,]{1,40},[\"”’]? )?[Hh]ere['’]s [^.!?\"“,]{0,40}"
            r"\b(?:listing|profile|trailer)\b",
            r"^(?i:spoiler alert|spoilers ahead|warning: (?:this (?:story|article) )?contains"
            r" spoilers)\b",
            # the page's note on its own corrections: "The original headline stated: ...",
            # "An earlier version of this story misstated ..."
            r"^(?:The|An|This) (?:original|earlier|previous) (?:headline|version of this"
            r" (?:story|article|report)) (?:stated|said|read|misstated|incorrectly|gave|had)\b",
            r"^Here are (?:the |some )?(?:\w+ )?(?:\w+ )?(?:quotes|things|ways|reasons|facts"
            r"|takeaways|highlights|moments|questions|details)\b(?![^\"”]*[\"”])",
        )
    ),
    # A headline or a standfirst in the text: the whole line in capitals ("IS THERE A TEST
    # FOR ...?"), or in title case ("Snooki Talks Drinking on 'Ellen'"), or six words or more
    # with no full stop at their end ("Actor calls co-star's remarks 'Orwellian' and
    # questions ..."): a sentence of news ends on one.
    "headline": (
        # (Each pattern reads a token at a time, split at white space: no backtracking that
        # grows with a long sentence.)
        re.compile(r"^(?![^\n]*[a-z])\W*[A-Z]{2}\S*(?:\s+\S+){3,}$"),
        re.compile(
            r"^[\"“‘'(]?[A-Z0-9]\S*(?: (?:[\"“‘'(]?[A-Z0-9]\S*|(?:a|an|and|as|at|by|for|in|of|on"
            r"|or|the|to|vs\.?|with|from|is|are)(?= |$))){5,}$"
        ),
        re.compile(r"^(?:\S+\s+){5,}\S*[^\s.!?…\"”’'):;\]]$"),
        # ... or on a bracket with no full stop inside: "Footage from the network's coverage
        # (with the host)", where a sentence would end "(...)." or ".)"
        re.compile(r"^(?:\S+\s+){5,}\S*[^\s.!?…\"”’'(]\)$"),
        # ... or on a headline's single-quoted words with no full stop: "Egypt vows 'not to
        # leave Gaza alone'" (news quotes in double marks: 'He called it "a disaster"' stays)
        re.compile(r"^(?:\S+\s+){2,}[‘'][^\s‘'][^‘'’\"“”]*[^\s.!?…,;:][’']$"),
    ),
    # A way to reach someone, not news: a tip line's phone number ("... is asked to call
    # Officer Jane Roe at 413-555-0100, ext 384").
    "contact_line": (
        re.compile(r"\(?\b\d{3}\)?[-. ]\d{3}[-.]\d{4}\b"),
        re.compile(r"^Anyone (?:with|who has) (?:any )?information\b"),
    ),
    # A social post's caption: it ends on an emoji, outside quotes, with no full stop ("It's
    # nice to be back in action ❤️"). Pictographs and the heart only (a page's "✉" before a
    # sentence is an icon), and only at the end: "📰 The council approved the budget." is news.
    "social_caption": (re.compile("[\u2764\U0001f300-\U0001faff][\ufe0f\\s]*$"),),
    # A sentence the source itself cut off: "... an internationally known..." (no terminal
    # punctuation before the ellipsis; "[...]" marks an omission inside a quotation).
    "cutoff": (
        re.compile(r"(?<![.!?\[(\s])\s?(?:\.{3,}|…|\. \. \.)$"),
        # a sentence that hands over to what the segmenter split off: "Its chief talent
        # officer, Tawni Cranz, said:", "The prizes for winners:"
        re.compile(r":[\"”’']?\s*$"),
        # ... or one that opens a quotation it never closes: the source's paragraph broke
        # inside the quote ("Driver wrote on Twitter: “God God, seriously?"), printed alone it
        # leaves the reader inside someone's words
        # (an opening mark follows a space, a bracket or a colon, a curly one a dash too:
        # "„Raus“, sagte er" closes with “, '"I just --" he said' with ")
        re.compile(r'(?:^|[\s(:—–-])“[^"“”]*$|(?:^|[\s(:])"[^"“”]*$'),
    ),
    # a question in the outlet's voice (:mod:`.voicerules`)
    "question": VOICE_RULES["question"],
    # A sentence wholly in brackets: the writer's aside ("(That's 0.000094 percent of his
    # debt.)", "(SAG declined to comment.)") or a byline's, which reads as no summary's.
    "aside": (re.compile(r"^\((?:[^()]|\([^()]*\))*\)[.!?]?$"),),
    # the writer's judgement (:mod:`.voicerules`)
    "opinion": VOICE_RULES["opinion"],
    # the writer musing (:mod:`.voicerules`)
    "musing": VOICE_RULES["musing"],
    # the reader addressed (:mod:`.voicerules`)
    "second_person": VOICE_RULES["second_person"],
    # an exclamation in the outlet's voice (:mod:`.voicerules`)
    "exclamation": VOICE_RULES["exclamation"],
}
