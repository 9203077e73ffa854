"""Fusion by construction: a group's fused sentence chosen among word-graph paths.

For each group (head + partners) :class:`GraphMerger`
1. builds the word graph of the members (lightly cleaned) and reads its K shortest paths; adds
   the head with a clause joined to it that a partner adds about the head's subject
   (:mod:`.conjoin`: what the graph cannot reach, as it switches only inside shared phrases)
   and the head with its speaker named as a partner names them (:mod:`.speaker`);
2. keeps the paths that pass ``verify`` against the members, keep ``HEAD_COVERAGE`` of one member's
   content words and add one another member has and the head lacks (``adds_to_head``, ``ANY_BASE``),
   are no member verbatim, hand no verb to another sentence's subject
   (:func:`.pathrules.keeps_subjects`), switch sources only on a shared content word
   (:func:`.pathrules.anchored`), never move a clause under another frame
   (:func:`.splicerules.keeps_frames`: suspicion, hope, denial, speech "that ...") nor into or out
   of quotation marks (:func:`.splicerules.keeps_quotes`), never hang one source's phrase on
   another's verbs (:func:`.pathrules.keeps_governors`) nor go on with another source's reason
   ("because ...": :func:`.pathrules.keeps_reasons`), time clause ("when ...":
   :func:`.pathrules.keeps_times`) or agent ("by ...": :func:`.pathrules.keeps_agents`), keep a verb
   joined by "and" in its partner's form (:func:`.splicerules.verbs_agree`) and end where a finished
   source ends (:func:`.splicerules.ends_finished`), and trade no source's number for another
   (:func:`swaps_number`) (an edit of the head is held to all but the graph's rules); every
   candidate, edits too, passes :data:`.textrules.TEXT_RULES` (no first or second person outside
   quotes, no agency's "has learned", no source's slip, no ellipsis ending);
3. ranks them by coverage of the group's salient words (words several members share weigh
   more) less a length cost, and has the fuser score the best ``LM_CANDIDATES`` and the head in
   one pass (mean token log-probability, :mod:`.lmscore`);
4. picks the best by ``fluency + COVERAGE_WEIGHT × coverage - LENGTH_WEIGHT × length``
   among those no less fluent than the head and than the members they are built on, each as
   the source has it (``FLUENCY_MARGIN``), and compresses it (:mod:`.compress`).
No word is generated, so no name or number can be invented; the model only chooses.
"""

from __future__ import annotations

import dataclasses
import math
import threading
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import NamedTuple

from ..text import content_words, mentions, specifics
from ..types import Method, Sentence
from .compress import compress
from .headedits import HEAD_EDITS, MAX_ADDED
from .lightclean import light_clean
from .lmscore import Scorer
from .pathrules import PATH_RULES, PathRule
from .textrules import TEXT_RULES, TextRule
from .verify import HEAD_COVERAGE, adds_to_head, bases, verify
from .wordgraph import WordGraph

# The kept words may be any member's (the path's base), the added word another member's, so a
# path built on a partner with the head's subject ("Greg Gianforte, the Montana
# congressman-elect, | pleaded guilty and was sentenced to community service") counts, not
# only one built on the head; it must still add a word the head lacks. Measured on dev
# clusters 0-35 in benchmarks/RESULTS.md ("a path may build on any member").
ANY_BASE = True
# Paths the fuser scores per group (the best by coverage and length).
LM_CANDIDATES = 6
COVERAGE_WEIGHT = 2.0
LENGTH_WEIGHT = 0.5
# A fused sentence may be this much less fluent (mean log-prob per token) than its head.
FLUENCY_MARGIN = 0.0
# A fused sentence may have at most this share of its head's words, plus ``EXTRA_WORDS``.
# 16 rather than 8 lets a short head take a partner's whole phrase ("... will now be called
# the Parker Solar Probe | in honor of astrophysicist Eugene Parker"); 24 gave the same
# sentences on the tuning clusters (benchmarks/RESULTS.md, "the word graph's ceiling").
LENGTH_SHARE = 1.0
EXTRA_WORDS = 16
# Groups whose candidates a merger keeps between requests (GraphMerger); a group's entry is
# its ranked paths, a few kB.
CACHE_SIZE = 2048
# Candidates also come from the head edits (:mod:`.headedits`), built on the head, with room
# for ``MAX_ADDED`` words more than the head (+2 for ", and").


@dataclass(frozen=True)
class Fused:
    text: str
    fluency: float | None  # mean token log-prob under the fuser (None: no scorer)
    floor_fluency: float | None  # the fluency it had to reach (head's, its bases')
    base_score: float  # COVERAGE_WEIGHT × coverage - LENGTH_WEIGHT × length (before fluency)
    paths: int  # candidates read from the graph
    kept: int  # of which passed verification
    # "fused": it adds a word the head lacks; "compressed": it says what the head says, in
    # fewer words, some of them a partner's (multi-sentence compression, no fusion).
    method: Method = "fused"


class _Path(NamedTuple):
    """A word-graph path that passed every rule, ranked by ``score`` before fluency."""

    score: float  # COVERAGE_WEIGHT × coverage - LENGTH_WEIGHT × length
    text: str
    method: Method  # "fused" or "compressed" (see Fused)
    built_on: frozenset[int]  # the members whose fluency it must reach (_built_on)


def _salience(members: Sequence[str]) -> dict[str, int]:
    weights: dict[str, int] = {}
    for text in members:
        for word in content_words(text):
            weights[word] = weights.get(word, 0) + 1
    return weights


class GraphMerger:
    """Word-graph fusion of groups, reranked by the fuser (see the module docstring).

    A group's candidates depend only on its members' texts, so they are kept (``cache_size``
    groups, least recently used out) and a bundle posted again reads no word graph twice: the
    seed's re-posts spent half their time there (benchmarks/RESULTS.md). A reading that the
    word graph's time guard cut short is not kept, so what is kept is what a quiet machine
    reads, and the cache changes no output. It holds while the module settings it reads
    (``LENGTH_SHARE``, ``HEAD_EDITS``, ``verify.HEAD_COVERAGE``, ``wordgraph.MAX_PATHS`` ...)
    stay as loaded: a sweep that changes them builds a new merger."""

    def __init__(self, scorer: Scorer | None = None, cache_size: int = CACHE_SIZE) -> None:
        self.scorer = scorer
        self.cache_size = cache_size
        self._kept: OrderedDict[tuple[str, ...], tuple[tuple[_Path, ...], int]] = OrderedDict()
        self._lock = threading.Lock()
        self.read = 0  # groups whose word graph was read (not found kept)

    def candidates(
        self,
        members: Sequence[Sentence],
        rules: Sequence[PathRule] = PATH_RULES,
        text_rules: Sequence[TextRule] = TEXT_RULES,
    ) -> tuple[list[_Path], int]:
        """A group's paths and head edits that pass every check (the word-graph paths also
        ``rules``, every candidate ``text_rules``), best first before fluency, and how many
        were read. ``rules=(), text_rules=()`` is the word graph's ceiling: what verifies and
        adds a partner's word, were every splice sound (``benchmarks/fusion_funnel.py``); only
        the default rules' candidates are kept."""
        key = tuple(s.text for s in members)
        keep = rules is PATH_RULES and text_rules is TEXT_RULES and self.cache_size > 0
        if keep:
            with self._lock:
                found = self._kept.get(key)
                if found is not None:
                    self._kept.move_to_end(key)
                    return list(found[0]), found[1]
        ranked, n_found, cut = self._read(members, rules, text_rules)
        if keep and not cut:
            with self._lock:
                self._kept[key] = (tuple(ranked), n_found)
                while len(self._kept) > self.cache_size:
                    self._kept.popitem(last=False)
        return ranked, n_found

    def _read(
        self, members: Sequence[Sentence], rules: Sequence[PathRule], text_rules: Sequence[TextRule]
    ) -> tuple[list[_Path], int, bool]:
        """:meth:`candidates` read from the word graph, and whether its time guard cut it."""
        with self._lock:
            self.read += 1
        raw = [s.text for s in members]
        sources = [_cleaned(t) for t in raw]
        head_words = len(sources[0].split())
        cap = max(8, int(LENGTH_SHARE * head_words) + EXTRA_WORDS)
        floor = max(8, round(0.5 * head_words))
        weights = _salience(raw)
        total = sum(weights.values()) or 1
        own = {s.lower() for s in sources}
        graph = WordGraph(sources)
        found = graph.candidates()
        kept: dict[str, _Path] = {}

        def consider(text: str, max_words: int, on_head: bool = False) -> None:
            if text in kept or text.lower() in own or text.count("(") != text.count(")"):
                return
            if not verify(text, raw, max_words, floor).ok:
                return
            method: Method
            if adds_to_head(text, members, HEAD_COVERAGE, ANY_BASE):
                method = "fused"
            elif shortens(text, raw[0], sources[0]):
                method = "compressed"
            else:
                return
            if swaps_number(text, raw) or not all(rule(text, raw) for rule in text_rules):
                return
            words = content_words(text)
            coverage = sum(weights.get(w, 0) for w in words) / total
            length = LENGTH_WEIGHT * len(text.split()) / head_words
            score = COVERAGE_WEIGHT * coverage - length
            kept[text] = _Path(score, text, method, _built_on(text, members, on_head))

        for text, _weight, path in found:
            if all(rule(graph, path) for rule in rules):
                consider(text, cap)
        n_found = len(found)
        for edit in HEAD_EDITS:
            for partner in sources[1:]:
                for text in edit(sources[0], partner):
                    n_found += 1
                    consider(text, head_words + MAX_ADDED + 2, on_head=True)
        ranked = sorted(kept.values(), key=lambda c: (c.score, c.text), reverse=True)
        return ranked, n_found, graph.cut

    def merge_many(self, groups: Sequence[Sequence[Sentence]]) -> list[Fused | None]:
        """The fused sentence of each group, or None where no path passes (see
        :meth:`_fluency` for the scoring calls)."""
        found = [self.candidates(members) for members in groups]
        tops = [ranked[:LM_CANDIDATES] for ranked, _ in found]
        own, lm = self._fluency(groups, tops)
        out: list[Fused | None] = []
        for g, ((ranked, n_paths), members) in enumerate(zip(found, groups, strict=True)):
            best: tuple[float, Fused] | None = None
            for path, fluency in zip(tops[g], lm[g], strict=True):
                floor = None
                if fluency is not None:
                    floor = max(own[g].get(i, math.inf) for i in path.built_on)
                    if fluency < floor - FLUENCY_MARGIN:
                        continue
                score = path.score + (fluency or 0.0)
                if best is None or score > best[0]:
                    fused = Fused(
                        path.text, fluency, floor, path.score, n_paths, len(ranked), path.method
                    )
                    best = (score, fused)
            if best is None:
                out.append(None)
                continue
            text, _ = compress(best[1].text, " ".join(s.text for s in members))
            out.append(dataclasses.replace(best[1], text=text))
        return out

    def _fluency(
        self, groups: Sequence[Sequence[Sentence]], tops: Sequence[Sequence[_Path]]
    ) -> tuple[list[dict[int, float]], list[list[float | None]]]:
        """Per group, the fluency of its members (by index, those needed) and of its paths.

        The fuser scores each group's head and paths in one call; then, in a second, the
        other members that a path at least as fluent as its head is built on (a path below
        its head fails whatever they score). Members are scored as the sources have them:
        cleaned, a sentence that ends in "..., officials said" reads less fluently per token,
        which would lower the bar."""
        if self.scorer is None:
            return [{} for _ in groups], [[None] * len(top) for top in tops]
        first: list[str] = []
        for members, top in zip(groups, tops, strict=True):
            if top:
                first += [members[0].text] + [path.text for path in top]
        scores = iter(self.scorer(first) if first else [])
        own: list[dict[int, float]] = []
        lm: list[list[float | None]] = []
        need: dict[tuple[int, int], None] = {}  # (group, member), in order
        for g, top in enumerate(tops):
            own.append({0: next(scores)} if top else {})
            lm.append([next(scores) for _ in top])
            for path, fluency in zip(top, lm[g], strict=True):
                if fluency is not None and fluency >= own[g][0] - FLUENCY_MARGIN:
                    need.update(((g, i), None) for i in sorted(path.built_on) if i)
        more = iter(self.scorer([groups[g][i].text for g, i in need]) if need else [])
        for g, i in need:
            own[g][i] = next(more)
        return own, lm


def _cleaned(text: str) -> str:
    """A member as the word graph reads it (cleaned and compressed)."""
    return compress(light_clean(text), text)[0]


def _built_on(text: str, members: Sequence[Sentence], on_head: bool = False) -> frozenset[int]:
    """The members whose fluency a path must reach: the head, those it is built on
    (:func:`.verify.bases`; ``on_head``: the head alone, as a conjunction is, which holds the
    head whole and one clause of a partner) and the :func:`nearest` (the one the benchmark
    compares it to)."""
    near = nearest(text, [s.text for s in members])
    built = () if on_head else bases(text, members, HEAD_COVERAGE)
    return frozenset({0, near, *built})


def nearest(text: str, sources: Sequence[str]) -> int:
    """The index of the source sharing the most content words with ``text`` (the first on a
    tie): what a fused sentence's fluency is compared with, here and in the benchmark."""
    words = content_words(text)
    return max(range(len(sources)), key=lambda i: len(words & content_words(sources[i])))


def shortens(text: str, head: str, cleaned: str) -> bool:
    """Whether a path says what the head says in fewer words: no content word the head lacks,
    ``HEAD_COVERAGE`` of its content words and every name and number it states kept, shorter
    than the head as cleaned (``cleaned``). Partners' wording may stand in for the head's
    ("there is no evidence yet that it was a hate crime" for "... as of yet to indicate the
    attacks were a hate crime"): a compression of the group, written "compressed", not a
    fusion."""
    words, theirs = content_words(text), content_words(head)
    if words - theirs or len(words) < HEAD_COVERAGE * len(theirs):
        return False
    if any(not mentions(text, term) for term in specifics(cleaned)):
        return False
    return len(text.split()) < len(cleaned.split())


def swaps_number(text: str, sources: Sequence[str], coverage: float = HEAD_COVERAGE) -> bool:
    """Whether a path restates a source (keeps ``coverage`` of its content words) but drops
    a number that source states and states another: the sources disagree ("a net worth of
    about $2.5bn" / "$1.7 billion"), and a fused sentence must not pick one while citing both.
    Conservative: any dropped number and any new one count, related or not.

    Example:
        >>> swaps_number("Ross, an investor, is worth $1.7bn.", ["Ross, investor, is worth $2bn."])
        True
    """
    words, mine = content_words(text), _numbers(text)
    for source in sources:
        theirs, kept = _numbers(source), content_words(source)
        if len(words & kept) >= coverage * len(kept) and mine - theirs and theirs - mine:
            return True
    return False


def _numbers(text: str) -> set[str]:
    return {t for t in specifics(text) if t[:1].isdigit()}
