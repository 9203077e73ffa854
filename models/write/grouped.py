"""Grouped fusion: attribute first, then write one verified sentence per group.

The groups come from :mod:`models.stages.group` (1-3 source sentences from different articles
that state the same fact); a singleton passes through verbatim (lightly cleaned, see
:mod:`.textfix`), a group of 2-3 becomes a short merge request for the generator, and a merge
is kept only if :mod:`.verify` passes it (otherwise the group's head verbatim: a *fallback*).

Composition decides which groups make the summary, and in what order they are read. The
:class:`Composer` of one bundle works in rounds so that several bundles (and all the
merges of one bundle) share one batched generation:

1. ``next_round()`` picks groups in rank order while their estimated words fit what is left of
   the budget and no article goes past ``ARTICLE_SHARE`` of it; each comes back with the merge
   request to run, or None when it is written verbatim;
2. ``accept()`` takes what was written (a verified merge, or the head verbatim on fallback);
3. the next round spends the words compression freed on the next-ranked groups;
4. ``sentences()`` trims to the budget (lowest rank out first), fills what is left with
   verbatim singletons that fit, and orders: the lead unit first, then by position in the
   articles (news puts what matters first; chronology follows).
"""

from __future__ import annotations

import math
import time
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from ..generation.base import GenerationRequest, GenerationResult, Generator
from ..generation.prompts import PROMPT_OVERHEAD_TOKENS
from ..stages.attribute import AttributionSettings, cite_group
from ..stages.draft import Draft
from ..stages.group import Group
from ..text import count_words
from ..types import Selected, Sentence, SummarySentence
from .coherence import coherent
from .compress import compress
from .construct import GraphMerger, graph_round
from .textfix import adds_to_head, light_clean, merge_cap, merge_request, merged_text, needs_merge
from .verify import Check, verify

Method = Literal["verbatim", "compressed", "fused", "fallback"]
# No article supplies more than this share of the summary (unless nothing else fits). Half
# was asked for; measured on dev clusters 12-35 at 230 words, each step down costs ROUGE-2
# (0.5: -1.0, 0.6: -0.6, 0.75: -0.2 against no cap), so three quarters.
ARTICLE_SHARE = 0.75
# A merge must keep this share of its head's content words and add one from a partner, or
# the head alone says more: it falls back (0 turns the rule off).
HEAD_COVERAGE = 0.7
# Merges per summary: one per this many words of budget, the highest-ranked groups first (a
# merge costs ~1.2 s on 2 CPU cores; the rest of the groups are written verbatim).
WORDS_PER_MERGE = 60
# Rounds of merges per bundle: the second spends the words the first one's compression freed.
ROUNDS = 2


@dataclass(frozen=True)
class Written:
    """A summary sentence and the group it was written from."""

    group: Group
    text: str
    method: Method
    reason: str = ""  # why a merge fell back (a verify rule), "" otherwise

    @property
    def n_words(self) -> int:
        return count_words(self.text)


class Composer:
    """The summary of one bundle, group by group (see module docstring)."""

    def __init__(
        self,
        candidates: Sequence[Sentence],
        groups: Sequence[Group],
        max_words: int,
        salience: Sequence[float] | None = None,
        merges: bool = True,
        merger: GraphMerger | None = None,
        lm_merges: bool = True,
        compression: bool = False,
    ) -> None:
        """``merger``: word-graph fusion first (:mod:`.construct`; None, the default: none);
        ``lm_merges``: the generator's free-form merge where it leaves a group (or no merger
        is given); ``compression``: single sentences shortened by rule (:mod:`.compress`)
        and the coherence arrangement (:mod:`.coherence`), whatever the merger."""
        self.candidates = candidates
        self.groups = list(groups)
        self.max_words = max_words
        self.salience = salience
        self.written: list[Written] = []
        self.pending: dict[int, Group] = {}  # rank → group being merged this round
        self.rounds = 0
        self.merges_tried = 0
        self.merges_failed = 0
        self.merger, self.lm_merges = merger, lm_merges
        self.compression = compression
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
        text = light_clean(head)
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

    def next_round(self) -> list[tuple[Group, GenerationRequest | None]]:
        """Groups to add now, each with its merge request (None: written verbatim at once)."""
        if self.rounds >= ROUNDS:
            return []
        self.rounds += 1
        used, shares = self._used()
        left = self.max_words - used
        picked: list[tuple[Group, GenerationRequest | None]] = []
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
        return graph_round(self, picked) if self.merger is not None else picked

    def salience_of(self, index: int) -> float:
        return float(self.salience[index]) if self.salience is not None else 0.0

    def decline(self, group: Group, method: Method = "verbatim", reason: str = "") -> Written:
        """A merge the fuser cannot take (its input is too long, or no word-graph path
        passed): the head verbatim."""
        self.pending.pop(group.rank, None)
        written = self._verbatim(group, method, reason)
        self.written.append(written)
        return written

    def keep(self, group: Group, text: str, method: Method = "fused") -> Written:
        """A verified sentence written without the generator (a word-graph path: a fusion, or
        a compression of the group)."""
        self.pending.pop(group.rank, None)
        written = Written(group, text, method)
        self.written.append(written)
        return written

    def accept(self, group: Group, result: GenerationResult) -> Written:
        """Verify a merge's output: keep it, or fall back to the head verbatim."""
        self.pending.pop(group.rank, None)
        self.merges_tried += 1
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
            written = self._verbatim(group, "fallback", check.reason)
        self.written.append(written)
        return written

    # ---------------------------------------------------------------- result

    def sentences(self) -> list[Written]:
        """The summary: within the budget, filled, in reading order; with word-graph fusion,
        arranged so no sentence leans on a predecessor it does not follow (:mod:`.coherence`)."""
        return coherent(self) if self.compression else self.filled()

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
        if not written:
            return []
        lead = min(written, key=lambda w: w.group.rank)

        def position(w: Written) -> tuple[int, int]:
            return (min(self.candidates[i].index for i in w.group.members), w.group.rank)

        return [lead] + sorted((w for w in written if w is not lead), key=position)


def write_grouped(drafts: Sequence[Draft], generator: Generator) -> None:
    """Grouped fusion: rounds of merges, every bundle's merges in one generation per round;
    merges that do not fit the generator's input are written verbatim."""
    started = {id(d): time.perf_counter() for d in drafts}
    spent = {id(d): 0.0 for d in drafts}
    budget = generator.max_input_tokens - PROMPT_OVERHEAD_TOKENS
    while True:
        work: list[tuple[Draft, Group, GenerationRequest]] = []
        for d in drafts:
            assert d.composer is not None
            for group, request in d.composer.next_round():
                if request is None:
                    continue
                tokens = sum(generator.count_tokens(s.sentence.text) for s in request.selected)
                if tokens > budget:
                    d.composer.decline(group)
                else:
                    work.append((d, group, request))
        if not work:
            break
        round_started = time.perf_counter()
        results = generator.generate([r for _, _, r in work])
        seconds = time.perf_counter() - round_started
        for (d, group, _), result in zip(work, results, strict=True):
            d.composer.accept(group, result)
            d.prompt_tokens += result.prompt_tokens
            d.generated_tokens += result.generated_tokens
        for d in {id(d): d for d, _, _ in work}.values():
            spent[id(d)] += seconds
    for d in drafts:
        d.timer.ms["fuse"] = round(spent[id(d)] * 1000, 1)
        d.timer.ms["compose"] = round((time.perf_counter() - started[id(d)]) * 1000, 1)
        if len(drafts) > 1:
            d.batch_size = len(drafts)


def cite_groups(draft: Draft, attribution: AttributionSettings) -> list[SummarySentence]:
    """Grouped fusion's sentences in reading order, each citing its group (embedding only
    the fused sentences; a verbatim one reads as its head). Sets the selection to the
    members of the groups used."""
    composer: Composer = draft.composer
    assert composer is not None and draft.cleaned is not None
    written = composer.sentences()
    candidates, embeddings = draft.cleaned.sentences, draft.embeddings
    fused = [w.text for w in written if w.method == "fused"]
    vectors = iter(draft.encoder.encode(fused)) if fused else iter(())
    out: list[SummarySentence] = []
    for w in written:
        members = list(w.group.members)
        vector = next(vectors) if w.method == "fused" else embeddings[w.group.head]
        out.append(
            cite_group(
                w.text,
                vector,
                [candidates[i] for i in members],
                embeddings[members],
                w.method,
                attribution,
            )
        )
    used = sorted({i for w in written for i in w.group.members})
    draft.selection = [Selected(candidates[i], composer.salience_of(i)) for i in used]
    draft.selection.sort(key=lambda x: (x.sentence.article_index, x.sentence.index))
    draft.merges_tried = composer.merges_tried
    draft.merges_failed = composer.merges_failed
    return out
