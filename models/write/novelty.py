"""Each fact once where the composer writes (:mod:`.compose`): what tells a new fact from a
repeat once sentences are chosen, and the two steps that use it.

Selection kept the candidates apart by their vectors (:mod:`models.stages.select`). Writing
can still lose a fact or say one twice: a merge that fails leaves its partners' facts out, and a
head compressed, or a partner released, can say what another sentence says.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

import numpy as np

from ..lexicon.grammar import STOPWORDS
from ..speech import statement
from ..stages.select import FactRule
from ..text import Facts, quoted_spans
from ..types import Sentence, Written
from .compress import drop_stated_clause
from .latest import outdated_by
from .lightclean import light_clean


@dataclass(frozen=True)
class Novelty:
    """What the composer needs to tell a new fact from a repeat, for two steps:

    - **release**: when a group is written without a merge (its head alone), a partner that
      states a fact of its own becomes a unit of its own, read after its group: otherwise the
      fact is lost with the merge (the seed's "China rejected Blinken's request for military
      communications", a partner of the agreement's group). A partner is released when its
      cosine to everything written or being written is below ``repeat`` (the selection's bar
      for a repeat), ``rule`` says it adds a fact (:class:`.select.FactRule`, by its content
      words, names and numbers), and as written it stays below ``written_repeat``;
    - **each fact once, as written**: a summary sentence whose text comes to
      ``written_repeat`` or more to a more salient one (lower rank) and adds no fact to the
      others by ``once`` gives way to the next group; of the sentences that stay, so does one
      that comes to ``repeat``, whatever it adds: selection refuses a source that close (the
      bundle's bar for a repeat), and a sentence written from a released partner or a failed
      merge's head is held to the same bar (tuning clusters 0-11 and 36-119: summaries with a
      pair of 0.70 or more 10.4 % → 8.3 %, clean 89.6 → 91.7 %, ROUGE-2 -0.03, round 19).
      Selection kept the sources apart by their vectors (in a narrow story by a higher bar,
      :func:`.select.repeat_bar`); a head compressed or a partner released can still say what
      another sentence says. Then, in reading order, so does a sentence that adds no fact by
      ``once`` to those read before it, from a cosine of ``once.related``: selection applied
      the rule in the order it picked, and a sentence picked first can be read after the lead
      that tells more ("Astronomers say they have evidence of a ninth planet in our solar
      system." after "Astronomers at the California Institute of Technology announced that
      they have found new evidence of a giant icy planet ...", cosine 0.62; a tuning reader
      struck it as a repeat).

    ``vectors``: the candidates' unit rows."""

    vectors: np.ndarray
    repeat: float
    # Each candidate's salience: a released partner waits behind the groups more salient
    # than it (None: it comes right after its group).
    salience: np.ndarray | None = None
    # The embedder: the partner as it would be written (its restating clause cut) must stay
    # below ``written_repeat`` to everything stated, the cosine at which a reader's check
    # (benchmarks/readability.py) calls two summary sentences a repeat; None: its source's
    # vector is checked against ``repeat`` only.
    encode: Callable[[Sequence[str]], np.ndarray] | None = None
    written_repeat: float = 0.70
    # A partner near its head (cosine 0.7 or more) must still have half its content words new,
    # but need not name a new person or number: "China rejected the request for military
    # talks" is a new fact about the same people.
    rule: FactRule = FactRule(close_new_names=0)
    # The last pass (None: none): near a more salient sentence, a sentence must name a new
    # person, place or number and have half its words new, as in selection.
    once: FactRule | None = FactRule()

    def released(
        self,
        partners: Sequence[int],
        candidates: Sequence[Sentence],
        stated: list[int],
        facts: Facts,
    ) -> list[tuple[int, str]]:
        """Of a group's ``partners`` (candidate indexes), those that state a fact of their own,
        each with the text it is written from (a leading clause the summary states cut);
        ``stated`` (the candidates written or being written) and ``facts`` (what they state)
        take in each one released."""
        out = []
        for i in partners:
            closest = float((self.vectors[stated] @ self.vectors[i]).max())
            text = candidates[i].text
            if closest >= self.repeat or self.rule.restates(closest, facts, text):
                continue
            trimmed = drop_stated_clause(text, facts.words)
            if self.encode is not None:
                as_written = self.encode([light_clean(trimmed)])[0]
                if float((self.vectors[stated] @ as_written).max()) >= self.written_repeat:
                    continue
            out.append((i, trimmed))
            facts.add(text)
            stated.append(i)
        return out

    def restating(self, ordered: Sequence[Written]) -> list[Written]:
        """The sentences that, as written, repeat another (cosine ``written_repeat`` or more)
        and add no fact to it (the last pass, ``once``): a less salient one (higher rank) that
        adds nothing to the more salient ones, or a more salient one that the other holds whole
        ("Dickson died at the Royal Infirmary" beside "... following her death in hospital in
        Edinburgh, where ..."); of those that stay, a less salient one that comes to
        ``repeat`` to a more salient one, whatever it adds (at the default bar of 0.70, every
        such pair); then, in ``ordered``'s (reading) order, one that adds no fact to those
        before it by ``once``, whatever the cosine (from ``once.related``), or whose report
        does once its speaker is cut (:func:`models.speech.statement`: "Mayor Ann Price
        confirmed the arrest and said Roe was fired immediately." after the arrest and the
        firing; who confirms a fact is not a new fact), or whose quotations all are quoted
        before (:func:`quoted_again`); and one that tells as pending what
        another about the same thing (cosine ``once.related`` or more) tells as done
        (:func:`.latest.outdated_by`): the earlier state. None without an embedder."""
        if self.encode is None or self.once is None or len(ordered) < 2:
            return []
        vectors = self.encode([w.text for w in ordered])
        kept: list[int] = []
        out: list[int] = []
        held_by: dict[int, int] = {}  # a sentence held whole → the one that holds it
        for i in sorted(range(len(ordered)), key=lambda i: ordered[i].group.rank):
            if kept:
                facts = Facts()
                for j in kept:
                    facts.add(ordered[j].text)
                sims = vectors[kept] @ vectors[i]
                closest = float(sims.max())
                if closest >= self.written_repeat and self.once.restates(
                    closest, facts, ordered[i].text
                ):
                    out.append(i)
                    continue
                held = [
                    j
                    for j, cosine in zip(kept, sims.tolist(), strict=True)
                    if cosine >= self.written_repeat
                    and self.once.restates(cosine, _facts(ordered[i].text), ordered[j].text)
                ]
                out += held
                held_by.update(dict.fromkeys(held, i))
                kept = [j for j in kept if j not in held]
            kept.append(i)
        # Of those that stay, one past the bundle's repeat bar to a more salient one gives way
        # whatever it adds (the bar selection holds sources to); what it held whole is read
        # again where nothing that stays comes that close to it.
        staying: list[int] = []
        for i in kept:
            if not staying or float((vectors[staying] @ vectors[i]).max()) < self.repeat:
                staying.append(i)
                continue
            out.append(i)
            for j in sorted(j for j, holder in held_by.items() if holder == i):
                if float((vectors[staying] @ vectors[j]).max()) < self.repeat:
                    out.remove(j)
                    staying.append(j)
        # As read: a sentence that adds no fact to those read before it (the lead first).
        facts, read = Facts(), list[int]()
        for i in range(len(ordered)):
            if i in out:
                continue
            if read:
                closest = float((vectors[read] @ vectors[i]).max())
                text = ordered[i].text
                if (
                    self.once.restates(closest, facts, text)
                    or told_again(self.once, closest, facts, text)
                    or closest >= self.once.related
                    and quoted_again(text, [ordered[j].text for j in read], facts)
                ):
                    out.append(i)
                    continue
            read.append(i)
            facts.add(ordered[i].text)
        # The latest state: one that tells as pending what another tells as done (:mod:`.latest`).
        for i in range(len(ordered)):
            if i not in out and any(
                j != i
                and j not in out
                and float(vectors[i] @ vectors[j]) >= self.once.related
                and outdated_by(ordered[i].text, ordered[j].text)
                for j in range(len(ordered))
            ):
                out.append(i)
        return [ordered[i] for i in sorted(out)]


def cut_stated_clauses(ordered: Sequence[Written]) -> list[Written]:
    """``ordered`` (reading order), each sentence written from one source without a leading
    "Although ..., " clause that the sentences before it state
    (:func:`.compress.drop_stated_clause`): the reader has just read that fact. A fused
    sentence is left whole; a cut one keeps its method (its text a suffix of its source, as a
    released partner's is).

    Example:
        >>> from models.types import Group
        >>> first = Written(Group((0,), 0, 1.0), "China and the US agreed to stabilize ties.",
        ...                 "verbatim")
        >>> second = Written(Group((1,), 1, 0.9), 'Although they agreed to "stabilize" ties, '
        ...                  "China rejected Blinken's request for talks between the militaries.",
        ...                  "fallback")
        >>> [(w.text, w.method) for w in cut_stated_clauses([first, second])][1]
        ("China rejected Blinken's request for talks between the militaries.", 'fallback')
    """
    facts = Facts()
    out = []
    for w in ordered:
        if w.method != "fused":
            cut = drop_stated_clause(w.text, facts.words)
            if cut != w.text:
                w = replace(w, text=cut)
        facts.add(w.text)
        out.append(w)
    return out


# A denial is news even of a fact the summary tells: "Attorney Jane Doe said Roe was
# never arrested ..." is no repeat of the arrest.
_DENIED = re.compile(r"\b(?:not|never|no|deny|denies|denied|denying)\b|n['’]t\b", re.I)


def told_again(rule: FactRule, cosine: float, facts: Facts, text: str) -> bool:
    """Whether ``text`` adds no fact by ``rule`` (``cosine``: to the closest sentence read
    before it) once its speaker is cut (:func:`models.speech.statement`): what it reports, no
    denial, restates ``facts``; the words and names it adds are the speaker's.

    Example:
        >>> facts = Facts()
        >>> facts.add("Police chief Sam Roe was arrested in a sting and fired.")
        >>> told_again(FactRule(), 0.55, facts, "Mayor Ann Price confirmed the arrest "
        ...            "and said Roe was fired.")
        True
        >>> told_again(FactRule(), 0.55, facts, "Mayor Ann Price said Roe was never "
        ...            "arrested in a sting.")
        False
    """
    told = statement(text)
    if told is None or _DENIED.search(told):
        return False
    return rule.restates(cosine, facts, told)


def quoted_again(text: str, before: Sequence[str], facts: Facts) -> bool:
    """Whether every quotation of ``text`` of two words or more, a title's aside, is within one
    that a sentence of ``before`` quotes, and what ``text`` says besides (a title or a one-word
    quotation included) names no one and nothing ``facts`` (what ``before`` states) lacks: the
    speaker's words told again. Two tuning readers struck each of "“Says who?” said Cohen,
    ..." after "Cohen ... repeatedly asked CNN "says who?" ...", and "Trump blasted such stories
    as "fake news" ..." after "Trump said “Russia is fake news” ...", as repeats (round 20), at
    cosine 0.52-0.68, each adding words of its own; the caller asks it only from the cosine at
    which a sentence is about what another says. A sentence that names someone new tells more
    ("Kerry said Clinton will visit Pakistan, and that they agreed to a "series of steps"").
    What else it adds in lower case is not weighed: a new fact told beside a quotation told
    again can go with it.

    Example:
        >>> facts = Facts()
        >>> facts.add('Sam Roe asked: "says who?"')
        >>> quoted_again('"Says who?" said Roe, a lawyer.', ['Sam Roe asked: "says who?"'], facts)
        True
        >>> quoted_again('"Says who?" Ann Price asked.', ['Sam Roe asked: "says who?"'], facts)
        False
        >>> quoted_again('Roe hosts "The Early Show".', ['Roe left "The Early Show".'], facts)
        False
    """
    own = _quotations(text)
    if not own:
        return False
    theirs = [f" {q} " for b in before for q, _ in _quotations(b)]
    if not all(any(f" {q} " in t for t in theirs) for q, _ in own):
        return False
    outside, start = [], 0
    for _, (a, b) in own:
        outside.append(text[start:a])
        start = b
    return not facts.new_in(" ".join([*outside, text[start:]]))[1]


def _quotations(text: str) -> list[tuple[str, tuple[int, int]]]:
    """``text``'s quotations of two words or more, lower case, words only (either apostrophe),
    with their spans; not a title, whose words other than stop words are all capitalised, not
    the first alone ("The Early Show", "State of the Union"; a quotation opens on a capital:
    "Says who?")."""
    out = []
    for a, b in quoted_spans(text):
        words = re.findall(r"[\w']+", text[a:b].replace("’", "'"))
        if len(words) < 2:
            continue
        if any(w[:1].isupper() for w in words[1:]) and all(
            w[:1].isupper() or w.lower() in STOPWORDS for w in words
        ):
            continue
        out.append((" ".join(w.lower() for w in words), (a, b)))
    return out


def _facts(text: str) -> Facts:
    facts = Facts()
    facts.add(text)
    return facts
