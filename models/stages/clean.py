"""Cleaning: drop the boilerplate news pages carry and flag near-duplicate articles.

Every rule is a named regular expression, so a dropped sentence can be explained ("comment_form",
"photo_credit", ...) and each rule is unit-tested. Rules match a whole paragraph out: a bio or a
comment form spans several sentences, all of them junk.

Page furniture glued to a news sentence (a video player's "CLOSE" or "EMBED More News Videos"
before it, a " | Getty ..." picture caption after it) is trimmed off instead (:func:`trim`): the
sentence stays, its offsets moved with its text, so a citation still quotes the article exactly.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import replace

from ..lexicon import NOT_SPEAKERS
from ..types import Article, CleanedBundle, Sentence

_I = re.IGNORECASE

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
            r"may not be (published|broadcast|rewritten|redistributed)",
            r"^\(?(last )?updated( on)?\s*:",
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
        )
    ),
    # A link in brackets ("[Q&A: The 'Pluto Killer' ...]"), within the article: not a teaser
    # (after which the rest of the page would go), and only the line itself goes (a
    # transcript's "[Pause.]" is no link: it ends as a sentence does).
    "link": (re.compile(r"^\[[^\[\]]{0,148}[^\[\].!?]\]$"),),
    # Video players, picture galleries and embedded posts: "JUST WATCHED ... Replay More
    # Videos", "Hide Caption 3 of 43", "Media playback is unsupported on your device",
    # "— Jane Roe (@janeroe) September 7, 2016" under a quoted post.
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
    # A picture's caption, as the agencies write them: "FILE - In this May 4, 2001, file
    # photo, ...", "This image provided by ... shows ...", "(AP Photo/Jane Roe) The mayor
    # ...", "... at the harbour (Jane Roe/AFP/Getty Images)". "A video posted by the club
    # shows ..." is news about a video, not a caption: a caption points ("this").
    "caption": tuple(
        re.compile(p)
        for p in (
            r"^FILE\s*[-—–]+\s",
            r"^\(?In (?:this|these) (?:(?:[A-Z][a-z]{2,8}\.?,? (?:\d{1,2},? )?)?\d{4},? "
            r"|(?:undated|file|handout|booking|aerial|satellite|surveillance|still|frame|video"
            r"|photo) )*(?:photo|image|picture|photograph|frame grab|video|still)s?\b",
            r"^(?:This|These) (?:[\w.,’'-]+ ){0,6}?(?:photo|image|picture|photograph|frame grab"
            r"|still|screenshot|screen grab)s?\b[^.!?]{0,160}?\b(?:shows?|showing|depicts?"
            r"|provided by|released by|made available by|obtained by|taken (?:on|in|by))\b",
            r"^\((?:AP|AFP|EPA|Reuters|Getty Images)(?: Photo)?/[^()]{1,60}\)",
            r"\((?:[^()]{1,60}/)?(?:AP|AFP|EPA|Reuters|Getty Images|Associated Press)"
            r"(?: Photo)?(?:/[^()]{1,60})?\)\s*$",
        )
    ),
    # A line of an interview's transcript: "Ricks: Yeah, I read each one.", "JANE SMITH: It
    # was ...", "JS: Was it worth it?" (a name in capitals or initials; a name in title case
    # before speech or a question, or in a dialogue: see :func:`_dialogue_speakers`).
    "transcript": (
        re.compile(rf"^(?:[QA]|{_CAPS_NAME}(?: {_CAPS_NAME}){{0,2}}){_SPEAKER_TEXT}"),
        re.compile(rf"^{_TITLE_NAME}(?: {_TITLE_NAME}){{0,2}}:\s+[\"“]?{_SPOKEN}"),
        re.compile(rf"^{_TITLE_NAME}(?: {_TITLE_NAME}){{0,2}}{_SPEAKER_TEXT}[^:]*\?[\"”]?$"),
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
        )
    ),
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
            r"^this (?:is a )?(?:developing|breaking)(?: news)? story\b",
            r"\b(?:this|the) (?:story|article|post|report) (?:will be|has been|is being) updated\b",
            r"\bcheck back (?:later |soon )?for (?:updates|more)\b",
        )
    ),
    # A sentence the source itself cut off: "... an internationally known..." (no terminal
    # punctuation before the ellipsis; "[...]" marks an omission inside a quotation).
    "cutoff": (re.compile(r"(?<![.!?\[(\s])\s?(?:\.{3,}|…|\. \. \.)$"),),
}


def _compiled(patterns: tuple[re.Pattern[str], ...]) -> tuple[re.Pattern[str] | None, tuple]:
    """A rule's patterns anchored at the start as one alternation tried once with ``match``
    (50 live blogs of 20,000 words are 52,000 sentences × 40 patterns), the others as they
    are (an unanchored alternation scans slower than its parts)."""
    anchored = [p.pattern[1:] for p in patterns if p.pattern.startswith("^")]
    rest = tuple(p for p in patterns if not p.pattern.startswith("^"))
    flags = {p.flags for p in patterns}
    assert len(flags) == 1, "a rule's patterns share their flags"
    head = re.compile("|".join(f"(?:{p})" for p in anchored), flags.pop()) if anchored else None
    return head, rest


_RULE_REGEX = {reason: _compiled(patterns) for reason, patterns in BOILERPLATE_RULES.items()}

# Past these lengths a sentence is news, not page furniture, whatever it happens to contain.
_MAX_WORDS = {
    "comment_form": 30,
    "photo_credit": 30,
    "teaser": 15,
    "author_bio": 45,
    "syndication": 45,
    "promo": 25,
    "media": 45,
    "link": 30,
    "caption": 80,
    "transcript": 150,
    "fact_box": 80,
    "markup": 150,
    "outlet_voice": 80,
    "cutoff": 150,
}
# Reasons that drop their sentence alone, not its paragraph: a caption or a transcript line
# sits in a paragraph (or an article on one line) of news.
_SENTENCE_ONLY = frozenset(
    {"link", "caption", "transcript", "fact_box", "markup", "outlet_voice", "cutoff"}
)
# Rules matched on the sentence with its quotations taken out: an outlet's "us" and "I" are
# its own only outside them.
_OUTSIDE_QUOTES = frozenset({"outlet_voice"})
# A quotation, closed or running to the end of the sentence.
_QUOTATION = re.compile(r'"[^"]*(?:"|$)|“[^”]*(?:”|$)|‘[^’]*(?:’(?!\w)|$)')
# Heading lines after which everything is page furniture (teasers, comments, bios).
_TAIL_MARKERS = frozenset({"teaser", "comment_form"})


def boilerplate_reason(text: str) -> str | None:
    """The name of the first boilerplate rule ``text`` matches, or None.

    Example:
        >>> boilerplate_reason("Leave a Reply")
        'comment_form'
        >>> boilerplate_reason("Blinken met Xi in Beijing.") is None
        True
    """
    stripped = text.strip()
    n_words = len(stripped.split())
    outside: str | None = None
    for reason, (head, rest) in _RULE_REGEX.items():
        if n_words > _MAX_WORDS[reason]:
            continue
        target = stripped
        if reason in _OUTSIDE_QUOTES:
            outside = _QUOTATION.sub(" ", stripped) if outside is None else outside
            target = outside
        if (head is not None and head.match(target)) or any(p.search(target) for p in rest):
            return reason
    return None


# A video player's controls before a sentence ("CLOSE", "CLOSE Skip in Skip x Embed x Share",
# "EMBED More News Videos"), as the page's text has them (upper case), before a word that is
# not in capitals itself ("CLOSE CALL: ..." is a headline).
_FURNITURE_BEFORE = re.compile(
    r"^(?:CLOSE\s+(?:Skip in Skip x Embed x Share\s+)?|EMBED More News Videos\s+)"
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


# A dateline at a sentence's head: "FRANKFURT, Germany (AP) — ", "WASHINGTON (Reuters) - ",
# "LIMA, Dec 1 (Reuters) - ", "Beijing (AFP) - ", "(CNN) — ", "MONDAY, Jan. 25, 2016
# (HealthDay News) -- ". A place in title case only before an agency in brackets ("Coronary
# heart disease (CHD) - also ..." is none); a dash with a space beside it ("U.S.-China" is no
# dateline); never "FILE - " (a caption's).
_DATELINE = re.compile(
    r"^(?:(?!FILE\b)(?:[A-Z][A-Z.'’-]{2,}(?: [A-Z][A-Z.'’-]+){0,3}"
    r"|[A-Z][a-z]+(?: [A-Z][a-z]+){0,2}(?=(?:,[^()]{1,30})? \([A-Za-z][\w.& ]{0,28}\)))"
    r"(?:, [A-Z][A-Za-z.]+(?: [A-Z][A-Za-z.]+)?)?"
    r"(?:,? [A-Z][a-z]{2,8}\.? \d{1,2}(?:, \d{4})?)?"
    r"(?: \([A-Za-z][\w.& ]{0,28}\))?"
    r"|\([A-Za-z][\w.& ]{0,28}\))"
    r"(?:\s+(?:—|–|--?)\s*|(?:—|–|--)\s+)(?=[A-Z\"“‘'])"
)


def trim(sentence: Sentence) -> Sentence:
    """``sentence`` without the page furniture glued to its start or end (a dateline is
    furniture: a summary never quotes it), its offsets moved with its text
    (``article.text[start:end] == text`` still holds).

    Example:
        >>> s = Sentence("a", 0, 0, 0, 28, "CLOSE Ariel Winter spoke up.")
        >>> trim(s).text, trim(s).start
        ('Ariel Winter spoke up.', 6)
    """
    text, start, end = sentence.text, sentence.start, sentence.end
    before = _FURNITURE_BEFORE.match(text)
    if before:
        text, start = text[before.end() :], start + before.end()
    dateline = _DATELINE.match(text)
    if dateline:
        text, start = text[dateline.end() :], start + dateline.end()
    after = _FURNITURE_AFTER.search(text)
    if after:
        text, end = text[: after.start()], end - (len(text) - after.start())
    if text == sentence.text:
        return sentence
    return replace(sentence, text=text, start=start, end=end)


def _shingles(text: str, n: int = 5) -> set[int]:
    words = re.findall(r"\w+", text.lower())
    if len(words) < n:
        return {hash(tuple(words))} if words else set()
    return set(map(hash, zip(*(words[k:] for k in range(n)), strict=False)))  # n-grams


# Containment is first estimated on the shingles whose hash is 0 modulo this (a consistent
# sample: the same shingle is sampled in every article); only pairs the estimate cannot rule
# out are compared in full. 50 live blogs: 1,225 pairs of ~20,000 shingles.
_SAMPLE_MOD = 16
_SAMPLE_MIN = 64
_SAMPLE_MARGIN = 0.2


def find_duplicates(articles: Sequence[Article], threshold: float = 0.7) -> dict[str, str]:
    """Map each near-duplicate article's id to the earliest article it repeats.

    Two articles are near-duplicates when the smaller one's word 5-grams are at least
    ``threshold`` contained in the other (wire copies with a changed headline or footer).
    """
    shingles = [_shingles(a.text) for a in articles]
    samples = [{h for h in s if h % _SAMPLE_MOD == 0} for s in shingles]
    duplicate_of: dict[str, str] = {}
    for j in range(len(articles)):
        if not shingles[j]:
            continue
        for i in range(j):
            if articles[i].id in duplicate_of or not shingles[i]:
                continue
            small = min(len(samples[i]), len(samples[j]))
            if small >= _SAMPLE_MIN:
                estimate = len(samples[i] & samples[j]) / small
                if estimate < threshold - _SAMPLE_MARGIN:
                    continue
            overlap = len(shingles[i] & shingles[j]) / min(len(shingles[i]), len(shingles[j]))
            if overlap >= threshold:
                duplicate_of[articles[j].id] = articles[i].id
                break
    return duplicate_of


_TITLE_LABEL = re.compile(rf"^({_TITLE_NAME}(?: {_TITLE_NAME}){{0,2}}){_SPEAKER_TEXT}")


def _dialogue_speakers(sentences: Sequence[Sentence]) -> frozenset[str]:
    """The title-case names that head lines of a dialogue in one article ("Dunmore: ...",
    "Pereira: ..."): two or more names, each heading two lines or more, none of their words
    written in lower case elsewhere in it ("Severe: ...", "Mild: ..." head a glossary's lines)."""
    labels = Counter(m.group(1) for s in sentences if (m := _TITLE_LABEL.match(s.text)))
    body = " ".join(s.text for s in sentences)
    speakers = frozenset(
        label
        for label, n in labels.items()
        if n >= 2
        and not any(re.search(rf"\b{re.escape(w.lower())}\b", body) for w in label.split())
    )
    return speakers if len(speakers) >= 2 else frozenset()


def clean_article(sentences: Sequence[Sentence]) -> tuple[list[Sentence], Counter[str]]:
    """Keep the content sentences of one article (:func:`trim`-med); count what was dropped
    and why."""
    sentences = [trim(s) for s in sentences]
    dropped: Counter[str] = Counter()
    bad_paragraphs: set[int] = set()
    tail_from: int | None = None
    reasons: dict[int, str] = {}
    speakers = _dialogue_speakers(sentences)
    for pos, s in enumerate(sentences):
        reason = boilerplate_reason(s.text)
        if reason is None and speakers and (m := _TITLE_LABEL.match(s.text)):
            reason = "transcript" if m.group(1) in speakers else None
        if reason is None:
            continue
        reasons[pos] = reason
        if reason not in _SENTENCE_ONLY:
            bad_paragraphs.add(s.paragraph)
        # "Check Also" / "Leave a Reply" past the lead: the rest of the page is furniture.
        if reason in _TAIL_MARKERS and tail_from is None and pos >= max(3, len(sentences) // 3):
            tail_from = pos
    kept: list[Sentence] = []
    for pos, s in enumerate(sentences):
        if tail_from is not None and pos >= tail_from:
            dropped[reasons.get(pos, "after_" + reasons[tail_from])] += 1
        elif s.paragraph in bad_paragraphs or pos in reasons:
            dropped[reasons.get(pos, "boilerplate_paragraph")] += 1
        elif s.is_heading:
            dropped["heading"] += 1
        elif s.n_words < 4:
            dropped["fragment"] += 1
        else:
            kept.append(s)
    return kept, dropped


def clean(articles: Sequence[Article], segmented: Sequence[Sequence[Sentence]]) -> CleanedBundle:
    """Drop boilerplate, headings and fragments; drop sentences of near-duplicate articles."""
    duplicate_of = find_duplicates(articles)
    dropped: Counter[str] = Counter()
    kept: list[Sentence] = []
    every: list[Sentence] = []
    for article, sentences in zip(articles, segmented, strict=True):
        every.extend(sentences)
        good, why = clean_article(sentences)
        dropped.update(why)
        if article.id in duplicate_of:
            dropped["duplicate_article"] += len(good)
            continue
        kept.extend(good)
    return CleanedBundle(
        sentences=tuple(kept),
        all_sentences=tuple(every),
        dropped=dict(dropped),
        duplicate_of=duplicate_of,
    )
