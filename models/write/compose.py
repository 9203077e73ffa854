"""Grouped fusion: attribute first, then write one verified sentence per group.

The groups come from :mod:`models.stages.group` (1-3 source sentences from different articles
that state the same fact); a singleton passes through verbatim (lightly cleaned, see
:func:`.lightclean.light_clean`), a group of 2-3 is merged, by the word graph (:mod:`.graphmerge`,
the default) or as a short merge request for the generator (:mod:`.lmmerge`), and a merge is
kept only if :mod:`.verify` passes it (otherwise the group's head verbatim: a *fallback*).

Composition decides which groups make the summary, and in what order they are read. The
:class:`Composer` of one bundle works in rounds so that several bundles (and all the
merges of one bundle) share one batched generation:

1. ``next_round()`` picks groups in rank order while their estimated words fit what is left of
   the budget and no article goes past ``ARTICLE_SHARE`` of it; the word graph merges what it
   can at once; each group comes back with the merge request left for the generator, or None
   when it is written already;
2. ``accept()`` takes what was written (a verified merge, or the head verbatim on fallback);
3. the next round spends the words compression freed on the next-ranked groups;
4. ``sentences()`` trims to the budget (lowest rank out first), fills what is left with
   verbatim singletons that fit, and orders: the lead unit first (the news: :mod:`.lead`;
   with a focus, the most salient), then by position in the articles (news puts what matters
   first; chronology follows); with compression, a sentence that leans on a predecessor it
   does not follow gives way to the next group (:mod:`.coherence`).

:func:`write_grouped` runs the rounds of every bundle together and returns each bundle's
:class:`Composed`: the sentences in reading order and what writing them cost.
"""

from __future__ import annotations

import math
import time
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace

from ..generation.base import GenerationRequest, GenerationResult, Generator
from ..generation.prompts import PROMPT_OVERHEAD_TOKENS
from ..text import Facts
from ..types import Group, Method, Sentence, Written
from .coherence import arrange
from .compress import compress
from .graphmerge import GraphMerger
from .lead import Key, Standing, reading_order
from .lightclean import light_clean
from .lmmerge import merge_cap, merge_request, merged_text, needs_merge
from .novelty import Novelty, cut_stated_clauses
from .verify import HEAD_COVERAGE, Check, adds_to_head, verify

Picked = list[tuple[Group, GenerationRequest | None]]
# No article supplies more than this share of the summary (unless nothing else fits). Half
# was asked for; measured on dev clusters 12-35 at 230 words, each step down costs ROUGE-2
# (0.5: -1.0, 0.6: -0.6, 0.75: -0.2 against no cap), so three quarters.
ARTICLE_SHARE = 0.75
# Merges per summary: one per this many words of budget, the highest-ranked groups first (a
# merge costs ~1.2 s on 2 CPU cores; the rest of the groups are written verbatim).
WORDS_PER_MERGE = 60
# Rounds of merges per bundle: the second spends the words the first one's compression freed.
ROUNDS = 2


@dataclass(frozen=True)
class Composed:
    """One bundle's grouped summary: its sentences in reading order, and what writing them
    took (merges tried and failed, the generator's tokens, milliseconds generating and in all,
    and how many bundles shared the generation)."""

    written: tuple[Written, ...]
    merges_tried: int
    merges_failed: int
    prompt_tokens: int
    generated_tokens: int
    fuse_ms: float
    compose_ms: float
    batch_size: int


class Composer:
    """The summary of one bundle, group by group (see module docstring)."""

    def __init__(
        self,
        candidates: Sequence[Sentence],
        groups: Sequence[Group],
        max_words: int,
        merges: bool = True,
        merger: GraphMerger | None = None,
        lm_merges: bool = True,
        compression: bool = False,
        lead: Mapping[Key, Standing] | None = None,
        novelty: Novelty | None = None,
    ) -> None:
        """``merger``: word-graph fusion first (:mod:`.graphmerge`; None, the default: none);
        ``lm_merges``: the generator's free-form merge where it leaves a group (or no merger
        is given); ``compression``: single sentences shortened by rule (:mod:`.compress`)
        and the coherence arrangement (:mod:`.coherence`), whatever the merger; ``lead``:
        each candidate's agreement (:func:`.lead.agreement`): the unit of the highest
        :func:`.lead.lead_score` is read first (None: the most salient unit, as with a focus);
        ``novelty``: a partner of a group written without a merge that adds a fact becomes a
        unit of its own, and a written sentence that restates a more salient one gives way
        (:class:`.novelty.Novelty`; None: a partner is only cited as corroboration, and the
        sentences stay as selection and coherence leave them)."""
        self.candidates = candidates
        self.groups = list(groups)
        self.max_words = max_words
        self.written: list[Written] = []
        self.pending: dict[int, Group] = {}  # rank → group being merged this round
        self.rounds = 0
        self.merges_tried = 0
        self.merges_failed = 0
        self.prompt_tokens = 0
        self.generated_tokens = 0
        self.merger, self.lm_merges = merger, lm_merges
        self.compression = compression
        self.lead = lead
        self.novelty = novelty
        self._next_rank = max((g.rank for g in self.groups), default=-1) + 1
        # A released partner's text, a leading clause that restates its group cut (by rank).
        self.trimmed: dict[int, str] = {}
        self.parent: dict[int, int] = {}  # a released partner's rank → its group's rank
        self.excluded: set[int] = set()  # ranks dropped for coherence (word-graph fusion)
        # merges=False: every group is written as its head, verbatim (a language the fuser
        # does not write).
        self.merges_left = max(1, math.ceil(max_words / WORDS_PER_MERGE)) if merges else 0
        if merges and merger is not None and not lm_merges:
            self.merges_left = len(self.groups)  # a word-graph merge costs no generation
        articles = {candidates[i].article_index for g in groups for i in g.members}
        self.cap = ARTICLE_SHARE * max_words if len(articles) > 1 else float(max_words)

    # ---------------------------------------------------------------- state

    def _members(self, group: Group) -> list[Sentence]:
        return [self.candidates[i] for i in group.members]

    def _verbatim(self, group: Group, method: Method = "verbatim", reason: str = "") -> Written:
        head = self.candidates[group.head].text
        text = light_clean(self.trimmed.get(group.rank, head))
        if self.compression:
            text, rules = compress(text, head)
            if rules:  # a failed merge still counts in merges_failed
                method = "compressed"
        return Written(group, text, method, reason)

    def _estimate(self, group: Group) -> int:
        words = self._verbatim(group).n_words
        return min(words, merge_cap(self._members(group))) if self._merges(group) else words

    def _merges(self, group: Group) -> bool:
        """Whether the group is merged (its partners add words, and merges are left)."""
        return self.merges_left > 0 and needs_merge(self._members(group))

    def _used(self) -> tuple[float, dict[int, float]]:
        shares: dict[int, float] = defaultdict(float)
        total = 0.0
        for w in self.written:
            total += w.n_words
            self._add_share(shares, w.group, w.n_words)
        for g in self.pending.values():
            n = self._estimate(g)
            total += n
            self._add_share(shares, g, n)
        return total, shares

    def _add_share(self, shares: dict[int, float], group: Group, words: float) -> None:
        """A sentence's words count for its members' articles in equal parts."""
        articles = {self.candidates[i].article_index for i in group.members}
        for a in articles:
            shares[a] += words / len(articles)

    def _fits(self, group: Group, words: int, left: float, shares: dict[int, float]) -> bool:
        if words > left:
            return False
        articles = {self.candidates[i].article_index for i in group.members}
        return all(shares[a] + words / len(articles) <= self.cap for a in articles)

    def _unused(self) -> list[Group]:
        chosen = {w.group.rank for w in self.written} | set(self.pending) | self.excluded
        return [g for g in self.groups if g.rank not in chosen]

    # ---------------------------------------------------------------- rounds

    def next_round(self) -> Picked:
        """Groups to add now, each with its merge request for the generator (None: written at
        once, verbatim or by the word graph)."""
        if self.rounds >= ROUNDS:
            return []
        self.rounds += 1
        used, shares = self._used()
        left = self.max_words - used
        picked: Picked = []
        for group in self._unused():
            words = self._estimate(group)
            if not self._fits(group, words, left, shares):
                continue
            left -= words
            self._add_share(shares, group, words)
            if self._merges(group):
                self.merges_left -= 1
                self.pending[group.rank] = group
                picked.append((group, merge_request(self._members(group))))
            else:
                self.written.append(self._verbatim(group))
                picked.append((group, None))
        return self._graph_round(picked) if self.merger is not None else picked

    def _graph_round(self, picked: Picked) -> Picked:
        """Word-graph fusion of a round's merges; the generator writes only those it leaves
        (and only with ``lm_merges``), the rest are their heads (a fallback). Returns
        ``picked`` with the requests still to generate."""
        assert self.merger is not None
        merging = [g for g, r in picked if r is not None]
        members = [self._members(g) for g in merging]
        fused = self.merger.merge_many(members)
        left: dict[int, GenerationRequest] = {}
        for group, sentences, result in zip(merging, members, fused, strict=True):
            if result is not None:
                self.merges_tried += 1
                if result.method != "fused":  # a compression of the group: no merge was kept
                    self.merges_failed += 1
                self.keep(group, result.text, result.method)
            elif self.lm_merges:
                left[group.rank] = merge_request(sentences)  # accept() counts it
            else:
                self.merges_tried += 1
                self.merges_failed += 1
                self.decline(group, "fallback", "no path passed")
        return [(g, left.get(g.rank)) for g, _ in picked]

    def decline(self, group: Group, method: Method = "verbatim", reason: str = "") -> Written:
        """A merge the fuser cannot take (its input is too long, or no word-graph path
        passed): the head verbatim."""
        self.pending.pop(group.rank, None)
        written = self._verbatim(self._released(group), method, reason)
        self.written.append(written)
        return written

    def keep(self, group: Group, text: str, method: Method = "fused") -> Written:
        """A verified sentence written without the generator (a word-graph path: a fusion, or
        a compression of the group)."""
        self.pending.pop(group.rank, None)
        if method != "fused":
            group = self._released(group)
        written = Written(group, text, method)
        self.written.append(written)
        return written

    def accept(self, group: Group, result: GenerationResult) -> Written:
        """Verify a merge's output: keep it, or fall back to the head verbatim."""
        self.pending.pop(group.rank, None)
        self.merges_tried += 1
        self.prompt_tokens += result.prompt_tokens
        self.generated_tokens += result.generated_tokens
        members = self._members(group)
        cap = merge_cap(members)
        floor = max(6, round(0.6 * min(s.n_words for s in members)))
        text = merged_text(result, floor, cap)
        check = verify(text, [s.text for s in members], cap, floor)
        if check.ok and HEAD_COVERAGE and not adds_to_head(text, members, HEAD_COVERAGE):
            check = Check(False, "says less than its head")
        if check.ok:
            written = Written(group, text, "fused")
        else:
            self.merges_failed += 1
            written = self._verbatim(self._released(group), "fallback", check.reason)
        self.written.append(written)
        return written

    def _released(self, group: Group) -> Group:
        """``group``, written as its head alone, less the partners that state a fact of their
        own (:meth:`.novelty.Novelty.released`); each of those becomes a group of its own, next
        in line after ``group`` for the words left (a later round, or the fill)."""
        if self.novelty is None or len(group.members) < 2:
            return group
        facts, stated = Facts(), [group.head]
        for w in self.written:
            facts.add(w.text)
            stated += w.group.members
        for g in self.pending.values():
            stated += g.members
        facts.add(self.candidates[group.head].text)
        released = self.novelty.released(group.members[1:], self.candidates, stated, facts)
        if not released:
            return group
        own = self.novelty.salience
        freed = []
        for i, text in released:
            rank, self._next_rank = self._next_rank, self._next_rank + 1
            freed.append(Group((i,), rank, group.salience if own is None else float(own[i])))
            self.parent[rank] = group.rank
            if text != self.candidates[i].text:
                self.trimmed[rank] = text
        at = self.groups.index(group) + 1 if group in self.groups else len(self.groups)
        for g in freed:
            while at < len(self.groups) and self.groups[at].salience > g.salience:
                at += 1
            self.groups.insert(at, g)
            at += 1
        gone = {i for i, _ in released}
        return replace(group, members=tuple(m for m in group.members if m not in gone))

    # ---------------------------------------------------------------- result

    def sentences(self) -> list[Written]:
        """The summary: within the budget, filled, in reading order; with compression, arranged
        so no sentence leans on a predecessor it does not follow (:func:`.coherence.arrange`):
        one that cannot be mended gives way to the next group (its rank joins ``excluded``);
        a leading clause that the sentences before it state is cut
        (:func:`.novelty.cut_stated_clauses`)."""
        for _ in range(4):
            ordered, dropped = self.filled(), list[Written]()
            if self.compression:
                ordered, dropped = arrange(ordered, self.candidates)
            shown = self._as_read(ordered)
            if not dropped:
                restating = self._restating(shown)
                dropped = [w for w, read in zip(ordered, shown, strict=True) if read in restating]
            if not dropped:
                return shown
            self.excluded |= {w.group.rank for w in dropped}
            self.written = [w for w in ordered if w not in dropped]
        return self._as_read(self.written)

    def _as_read(self, ordered: Sequence[Written]) -> list[Written]:
        """``ordered`` as the reader gets it: with compression, a leading clause the sentences
        before state cut. Only in what is returned: a later round may drop the sentence that
        stated it."""
        return cut_stated_clauses(ordered) if self.compression else list(ordered)

    def _restating(self, ordered: Sequence[Written]) -> list[Written]:
        return self.novelty.restating(ordered) if self.novelty is not None else []

    def filled(self) -> list[Written]:
        """The sentences within the budget, filled, in reading order."""
        kept = sorted(self.written, key=lambda w: w.group.rank)
        while kept and sum(w.n_words for w in kept) > self.max_words:
            kept.pop()  # the lowest-ranked unit goes first
        self.written = kept
        for relax in (False, True):  # the article share binds unless nothing else fits
            used, shares = self._used()
            left = self.max_words - used
            for group in self._unused():
                written = self._verbatim(group)
                ok = (
                    written.n_words <= left
                    if relax
                    else self._fits(group, written.n_words, left, shares)
                )
                if ok:
                    self.written.append(written)
                    left -= written.n_words
                    self._add_share(shares, group, written.n_words)
        return self._reading_order(self.written)

    def _reading_order(self, written: Sequence[Written]) -> list[Written]:
        return reading_order(written, self.candidates, self.lead, self.parent)


def write_grouped(composers: Sequence[Composer], generator: Generator) -> list[Composed]:
    """Grouped fusion: rounds of merges, every bundle's merges in one generation per round;
    merges that do not fit the generator's input are written verbatim. Returns each bundle's
    :class:`Composed`, in order."""
    started = time.perf_counter()
    spent = [0.0] * len(composers)
    budget = generator.max_input_tokens - PROMPT_OVERHEAD_TOKENS
    while True:
        work: list[tuple[int, Group, GenerationRequest]] = []
        for b, composer in enumerate(composers):
            for group, request in composer.next_round():
                if request is None:
                    continue
                tokens = sum(generator.count_tokens(s.sentence.text) for s in request.selected)
                if tokens > budget:
                    composer.decline(group)
                else:
                    work.append((b, group, request))
        if not work:
            break
        round_started = time.perf_counter()
        results = generator.generate([r for _, _, r in work])
        seconds = time.perf_counter() - round_started
        for (b, group, _), result in zip(work, results, strict=True):
            composers[b].accept(group, result)
        for b in {b for b, _, _ in work}:
            spent[b] += seconds
    out = []
    for b, composer in enumerate(composers):
        written = composer.sentences()
        out.append(
            Composed(
                written=tuple(written),
                merges_tried=composer.merges_tried,
                merges_failed=composer.merges_failed,
                prompt_tokens=composer.prompt_tokens,
                generated_tokens=composer.generated_tokens,
                fuse_ms=round(spent[b] * 1000, 1),
                compose_ms=round((time.perf_counter() - started) * 1000, 1),
                batch_size=len(composers),
            )
        )
    return out
