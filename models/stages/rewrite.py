"""Rewrite: safe edits of the written summary that keep every word sourced.

Four edits, run on a fused summary's sentences once they cite their sources (after cite or
attribute, before assemble):

- **names** (:mod:`.names`): one spelling per person, the one most source sentences use; the
  full name at the first mention, the short form after. A first name a sentence gains (a
  bare "Blinken" becoming "Antony Blinken", or "Anthony" respelt "Antony") is cited: when no
  citation states the full name, the source sentence that does (of the sentence's first cited
  article if it has one, else the earliest) is added to the citations, scored by the share of
  the sentence's content words it holds.
- **roles** (:mod:`.roles`): a person's role, as a source's apposition gives it, after their
  first full-name mention where nothing says who they are ("Jordan Roe, a neighbour, said
  ..."), citing that source sentence, while the summary stays within ``max_words``; for a
  speaker's role the summary's last sentence may give way (the one edit that drops one).
- **acronyms** (:mod:`.acronyms`): an acronym the sources spell out one way ("THR": "The
  Hollywood Reporter") written out at its first mention, citing the sentence that spells it
  out, while the summary stays within ``max_words``.
- **relative time** (:mod:`.timewords`): "today", "yesterday", "this morning", "tonight" or a
  bare weekday outside quotes. The day it means is known when every cited sentence that says
  it comes from an article with a ``published_at`` date (and they agree): it is anchored to
  that date ("on June 19", "on Monday, June 19"). Otherwise it is dropped where the sentence
  stands without it, else left.

**What supports an anchored date.** The month and day come from no source sentence but from the
request: the ``published_at`` of the cited article that says "today". A date is a fact the
request states, as its text is, so the check below counts the date written as the published
date gives it ("June 19", with its weekday) among the sentence's sources; the citations stay
those of the sentence, whose article carries the date. Without such a date nothing is anchored.

Each edit is kept only if :func:`still_sourced` holds: every name and number, and every content
word, it adds is in the sentence's citations (or that date), what is inside quotation marks is
unchanged, and a finished sentence stays finished. Those are the rules of
:func:`models.write.verify.verify` an edit can break (it adds words, and only outside quotes).

Extractive mode is left as it is: its sentences are the sources' own, cited exactly.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping, Sequence
from dataclasses import replace
from datetime import date, datetime

from ..lexicon.names_and_time import WEEKDAYS
from ..sentences import is_finished
from ..text import content_words, count_words, mentions, quoted_spans, specifics
from ..types import Article, Citation, Sentence, SummarySentence
from .acronyms import acronyms_in, expansions, write_out
from .assemble import Cited
from .clean import boilerplate_reason
from .mentions import mentions_in, tokens
from .names import Person, find_people
from .respell import respell
from .roles import find_roles, introduce, speaks_or_acts
from .timewords import TimePhrase, date_words, day_of, in_future, retime, time_phrases
from .voicerules import VOICE_RULES


def rewrite(
    cited: Cited,
    articles: Sequence[Article],
    sources: Sequence[Sentence],
    *,
    spoken: Mapping[tuple[int, int], tuple[int, str]] | None = None,
    every: Sequence[Sentence] = (),
    max_words: int | None = None,
) -> Cited:
    """``cited`` with each whole quotation given its speaker, its names spelt one way and its
    relative time anchored or dropped, each sentence still citing every word it states
    (``sources``: the bundle's clean sentences, where a full name is looked up, and in
    ``every``'s sentences dropped for their writer's voice where only such a sentence gives it;
    ``articles``:
    their ``published_at`` dates the days; ``spoken``: the speaker of each quotation kept for
    one, :attr:`models.types.CleanedBundle.spoken`, whose naming sentence is found in
    ``every``, the bundle's sentences), and, given ``max_words``, each person's role at their
    first full-name mention while the summary stays within it (:mod:`.roles`). Extractive
    summaries are returned as they are.

    Example:
        >>> from models.stages.assemble import Cited
        >>> from models.types import Article, Citation, Sentence, SummarySentence
        >>> text = "Blinken said he met Xi today. Antony Blinken called the talks candid."
        >>> a = Article("a", text, published_at="2023-06-19T08:00:00Z")
        >>> s = [Sentence("a", 0, 0, 0, 29, text[:29]), Sentence("a", 0, 1, 30, 70, text[30:])]
        >>> c = Citation("a", 0, 0, 29, 1.0, text[:29])
        >>> written = SummarySentence(text[:29], True, 1.0, (c,))
        >>> out = rewrite(Cited("abstractive", (written,), (), (), {}), [a], s)
        >>> out.sentences[0].text, [x.start for x in out.sentences[0].citations]
        ('Antony Blinken said he met Xi on June 19.', [0, 30])
    """
    if (cited.answered or cited.mode) != "abstractive" or not cited.sentences:
        return cited
    index = {a.id: i for i, a in enumerate(articles)}
    given = [_spoken(s, spoken or {}, index, every) for s in cited.sentences]
    texts = [s.text for s in given]
    people, voiced = _people(sources, every, texts)
    published = {a.id: published_day(a.published_at) for a in articles}
    respelt = respell(texts, people)
    out = []
    for sentence, named in zip(given, respelt, strict=True):
        sentence = _named(sentence, named.text, named.needs, sources, voiced)
        out.append(_retimed(sentence, published))
    room = None if max_words is None else max_words - sum(count_words(s.text) for s in out)
    out = _with_expansions(out, sources, room)
    if max_words is not None:
        out = _with_roles_room(out, sources, max_words)
    return replace(cited, sentences=tuple(out))


def _people(
    sources: Sequence[Sentence], every: Sequence[Sentence], texts: Sequence[str]
) -> tuple[tuple[Person, ...], list[Sentence]]:
    """The people ``texts`` name, as the clean ``sources`` give them; and, where only a
    sentence cleaning dropped for how it is written gives a person's full name (a column's "I
    have never heard anything as odd as when marketing chief Phil Schiller spoke"), that person
    too, by the surname alone, with the dropped sentences read (:func:`_voiced`). People the
    clean sentences name are read from them alone."""
    people = find_people((s.text for s in sources), about=texts)
    known = {p.last for p in people} | {w for p in people for w in p.spellings}
    unknown = {t.core for text in texts for t in tokens(text) if t.name} - known
    voiced = _voiced(sources, every, unknown) if unknown else []
    if not voiced:
        return people, []
    more = find_people((s.text for s in (*sources, *voiced)), about=texts)
    return people + tuple(p for p in more if p.last not in known and p.short == p.last), voiced


# A writer or a host naming themselves ("And I'm Rachel Martin."): a byline all the same.
_INTRODUCES_SELF = re.compile(r"\b(?:I['’]m|I am|[Mm]y name is)\s+[A-Z]")
# What cleaning drops for how it is written, not as page furniture.
_WRITTEN = frozenset((*VOICE_RULES, "unattributed_quote"))


def _voiced(
    sources: Sequence[Sentence], every: Sequence[Sentence], names: Collection[str]
) -> list[Sentence]:
    """The sentences of ``every`` that hold one of ``names`` and that cleaning dropped for how
    they are written: a writer's voice (:data:`.voicerules.VOICE_RULES`) or a quotation without
    its speaker (:data:`_WRITTEN`); not a byline, a link, a caption or a promotion, which name
    others ("By Sarah Smith", "Related: Michelle Obama opens a garden")."""
    kept = {(s.article_index, s.index) for s in sources}
    return [
        s
        for s in every
        if (s.article_index, s.index) not in kept
        and any(name in s.text for name in names)
        and not _INTRODUCES_SELF.search(s.text)
        and boilerplate_reason(s.text) in _WRITTEN
    ]


def _with_expansions(
    sentences: Sequence[SummarySentence], sources: Sequence[Sentence], room: int | None
) -> list[SummarySentence]:
    """The summary with each acronym the sources spell out written out at its first mention
    (:mod:`.acronyms`), in reading order while the words it adds fit in ``room`` (None: no
    limit), each citing the sentence that spells it out; not where the summary spells it out
    anywhere, nor where the edit is not :func:`still_sourced`."""
    mentioned = [acronyms_in(s.text) for s in sentences]
    found = expansions([a for m in mentioned for a in m], sources)
    told = " ".join(s.text for s in sentences).lower()
    out: list[SummarySentence] = []
    for k, sentence in enumerate(sentences):
        for acronym in dict.fromkeys(mentioned[k]):
            expansion = found.pop(acronym, None)
            if expansion is None or expansion.words.lower() in told:
                continue
            again = mentioned[k].count(acronym) > 1 or any(acronym in m for m in mentioned[k + 1 :])
            text = write_out(sentence.text, expansion, again)
            added = count_words(text) - count_words(sentence.text)
            if room is not None and added > room:
                continue
            citations = sentence.citations
            if not any(c.text == expansion.source.text for c in citations):
                citations = (*citations, _citation(expansion.source, text))
            if still_sourced(text, sentence.text, [c.text for c in citations]):
                sentence = _edited(sentence, text, citations)
                room = None if room is None else room - added
        out.append(sentence)
    return out


def _with_roles_room(
    sentences: Sequence[SummarySentence], sources: Sequence[Sentence], max_words: int
) -> list[SummarySentence]:
    """:func:`_with_roles` within ``max_words``; where the role of someone who speaks or acts
    (:func:`.roles.speaks_or_acts`) does not fit, the last sentence (nothing after it leans on
    it) gives way, if that makes room for those roles, leaves 80 % of ``max_words`` (no
    ``short_summary``) and is not fused, nor the role's own, in a summary of three or more.
    Tuning readers struck "Stephen Fuller said: ..." and "..., Sean McManus said." as
    unintroduced where the sources give their offices (round 20); three of the four last
    sentences that gave way on tuning clusters had been struck too."""
    room = max_words - sum(count_words(s.text) for s in sentences)
    out, missed = _with_roles(sentences, sources, room)
    if not missed or len(sentences) < 3 or min(missed) == len(sentences) - 1:
        return out
    last = sentences[-1]
    if last.method == "fused":
        return out
    shorter, still = _with_roles(sentences[:-1], sources, room + count_words(last.text))
    if still or all(shorter[k].text == sentences[k].text for k in missed if k < len(shorter)):
        return out
    if sum(count_words(s.text) for s in shorter) < 0.8 * max_words:
        return out
    return shorter


def _with_roles(
    sentences: Sequence[SummarySentence], sources: Sequence[Sentence], room: int
) -> tuple[list[SummarySentence], list[int]]:
    """The summary with each person's role at their first full-name mention (:mod:`.roles`),
    in reading order while the words it adds fit in ``room``, each citing the sentence that
    gives the role; a sentence whose edit is not :func:`still_sourced` stays as it was. And the
    sentences whose role did not fit in ``room``."""
    names = {
        " ".join(w.core for w in m.words)
        for s in sentences
        for m in mentions_in(s.text)
        if len(m.words) == 2
    }
    roles = find_roles(sources, names)
    if not roles:
        return list(sentences), []
    introduced: set[str] = set()
    out = []
    missed = []
    for k, sentence in enumerate(sentences):
        text, role = introduce(sentence.text, roles, introduced)
        added = count_words(text) - count_words(sentence.text)
        if role is not None and added > room:
            if speaks_or_acts(sentence.text, role.name):
                missed.append(k)
        elif role is not None:
            citations = sentence.citations
            if not any(c.text == role.source.text for c in citations):
                citations = (*citations, _citation(role.source, text))
            if still_sourced(text, sentence.text, [c.text for c in citations]):
                sentence = _edited(sentence, text, citations)
                room -= added
        out.append(sentence)
    return out, missed


def published_day(value: str | None) -> date | None:
    """The day of an ISO 8601 ``published_at`` ("2023-06-19", "2023-06-19T10:00:00Z"), as
    written (its own offset); None when absent or not a date."""
    if not value:
        return None
    try:
        return datetime.fromisoformat(value.strip()).date()
    except ValueError:
        return None


def still_sourced(new: str, old: str, sources: Sequence[str]) -> bool:
    """Whether an edit of ``old`` into ``new`` adds only what ``sources`` state: its new names,
    numbers and content words all in them, its quotes unchanged, a finished sentence still one.

    Example:
        >>> still_sourced("Antony Blinken left.", "Blinken left.", ["Antony Blinken spoke."])
        True
        >>> still_sourced("Antony Blinken left.", "Blinken left.", ["Blinken spoke."])
        False
    """
    joined = " ".join(sources)
    added = specifics(new) - specifics(old)
    if any(not mentions(joined, term) for term in added):
        return False
    if content_words(new) - content_words(old) - content_words(joined):
        return False
    if [new[a:b] for a, b in quoted_spans(new)] != [old[a:b] for a, b in quoted_spans(old)]:
        return False
    return is_finished(new) or not is_finished(old)


def _named(
    sentence: SummarySentence,
    text: str,
    needs: Sequence[str],
    sources: Sequence[Sentence],
    voiced: Sequence[Sentence] = (),
) -> SummarySentence:
    """The sentence respelt as ``text``, citing a source for each full name it ``needs``;
    unchanged where one is missing or the edit is not :func:`still_sourced`."""
    if text == sentence.text:
        return sentence
    citations = list(sentence.citations)
    for name in needs:
        if any(_says(c.text, name) for c in citations):
            continue
        found = _source_for(name, citations, sources) or _source_for(name, citations, voiced)
        if found is None:
            return sentence
        citations.append(_citation(found, text))
    if not still_sourced(text, sentence.text, [c.text for c in citations]):
        return sentence
    return _edited(sentence, text, tuple(citations))


def _spoken(
    sentence: SummarySentence,
    spoken: Mapping[tuple[int, int], tuple[int, str]],
    index: Mapping[str, int],
    every: Sequence[Sentence],
) -> SummarySentence:
    """A whole quotation written as its source has it, with its speaker before it ("Mark
    McDonald said: “I'm not going to speculate.”"), citing the sentence that names them too;
    unchanged for any other sentence, or where the edit is not :func:`still_sourced`
    (``index``: each article's position by its id)."""
    if not spoken or not sentence.citations:
        return sentence
    # the cited quotation the sentence is (the best-scored citation may be a partner that
    # holds its words: "She recently said: “I've had a fantastic life and I've done ...”")
    quoted = [
        (c, spoken[(index[c.article_id], c.sentence_index)])
        for c in sentence.citations
        if c.article_id in index
        and (index[c.article_id], c.sentence_index) in spoken
        and c.text.strip() == sentence.text.strip()
    ]
    if not quoted:
        return sentence
    source, (before, name) = quoted[0]
    naming = next(
        (s for s in every if s.article_id == source.article_id and s.index == before), None
    )
    if naming is None:
        return sentence
    text = f"{name} said: {sentence.text.strip()}"
    cited = {(c.article_id, c.sentence_index) for c in sentence.citations}
    citations = sentence.citations
    if (naming.article_id, naming.index) not in cited:
        citations = (*citations, _citation(naming, text))
    if not still_sourced(text, sentence.text, [c.text for c in citations]):
        return sentence
    return _edited(sentence, text, citations)


def _retimed(sentence: SummarySentence, published: Mapping[str, date | None]) -> SummarySentence:
    """The sentence with its relative time anchored to its sources' published day, or dropped
    where it stands without it; unchanged where the edit is not :func:`still_sourced`."""
    future = in_future(sentence.text)

    def day(phrase: TimePhrase) -> date | None:
        days = set()
        for c in sentence.citations:
            if any(p.key == phrase.key for p in time_phrases(c.text)):
                written = published.get(c.article_id)
                if written is None:
                    return None
                days.add(day_of(phrase, written, future))
        return days.pop() if len(days) == 1 else None

    text, days = retime(sentence.text, day)
    if text == sentence.text:
        return sentence
    dated = [f"{WEEKDAYS[d.weekday()].capitalize()} {date_words(d)}" for d in days]
    if not still_sourced(text, sentence.text, [c.text for c in sentence.citations] + dated):
        return sentence
    return _edited(sentence, text, sentence.citations)


def _edited(
    sentence: SummarySentence, text: str, citations: tuple[Citation, ...]
) -> SummarySentence:
    kept = tuple(t for t in sentence.unsupported_terms if t in specifics(text))
    return replace(sentence, text=text, citations=citations, unsupported_terms=kept)


def _says(text: str, name: str) -> bool:
    return re.search(rf"(?<!\w){re.escape(name)}(?!\w)", text) is not None


def _source_for(
    name: str, citations: Sequence[Citation], sources: Sequence[Sentence]
) -> Sentence | None:
    """The source sentence to cite for ``name``: one of the first cited article's, else the
    earliest in the bundle."""
    found = [s for s in sources if _says(s.text, name)]
    if not found:
        return None
    first = citations[0].article_id if citations else None
    return min(found, key=lambda s: (s.article_id != first, s.article_index, s.index))


def _citation(source: Sentence, text: str) -> Citation:
    words = content_words(text)
    share = len(words & content_words(source.text)) / len(words) if words else 0.0
    return Citation(
        article_id=source.article_id,
        sentence_index=source.index,
        start=source.start,
        end=source.end,
        score=round(share, 4),
        text=source.text,
    )
