"""Word-graph multi-sentence compression: a group's sentences → candidate fused sentences whose
every word comes from a source (Filippova, COLING 2010; Boudin & Morin, NAACL 2013).

- Each sentence is tokenised (words, numbers, punctuation) and added to a directed graph, the
  head first. A token maps onto an existing node with the same key (lower-cased word and a role:
  a name mid-sentence is not the common word) when the node is not used by this sentence yet:
  a content word with one candidate node maps at once; with several, the one whose neighbours
  overlap its own; a stopword or punctuation mark only when a neighbour overlaps (otherwise it
  gets a node of its own, so "the" does not tie unrelated phrases together).
- Edges join consecutive tokens; Filippova's weight favours frequent, close pairs:
  ``w(i, j) = (f(i) + f(j)) / Σ_s 1 / (pos_s(j) - pos_s(i))``, divided by ``f(i) f(j)``.
- :func:`candidates` walks the K shortest simple START → END paths (networkx, Yen's algorithm),
  capped in count and time, and keeps those of at least ``MIN_WORDS`` words that hold a verb;
  each comes back detokenised with its path weight. The caller verifies and reranks them.

There is no part-of-speech tagger: the role is the token's shape (punctuation, number, name,
word), and "has a verb" is a short list of auxiliaries and reporting verbs plus "-ed" forms.
"""

from __future__ import annotations

import re
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from itertools import islice

import networkx as nx

from ..lexicon.grammar import GRAPH_ABBREVIATIONS, GRAPH_OPENERS, STOPWORDS, finite_verb

# A path shorter than this many words is not a sentence (Filippova's limit).
MIN_WORDS = 8
# The most paths read from networkx per group, and the time spent reading them.
MAX_PATHS = 200
MAX_SECONDS = 0.25
# 3: every three consecutive path tokens occur in a row in one source, so a path switches
# sources only where they share two tokens in a row, never at one shared word ("was in custody
# at 9:25 a.m., five minutes after Hernandez and wounding three others"); 2: any edge.
CONTEXT = 3
START, END = "<s>", "</s>"

_TOKEN = re.compile(
    # numbers, money, percentages, times; letters written onto the number ("$650m", "2nd",
    # "1950s", "9am") stay with it: split, a path would print "$650 m"
    r"\$?\d[\d,.:]*\d(?:%|[A-Za-z]+(?![\w])(?!\.[A-Za-z]))?"
    r"|\$?\d(?:%|[A-Za-z]+(?![\w])(?!\.[A-Za-z]))?"
    r"|(?:[A-Za-z]\.){2,}"  # U.S., U.N.
    r"|(?:" + "|".join(GRAPH_ABBREVIATIONS) + r")\."
    r"|\w+(?:['’\-]\w+)*"  # words with inner apostrophes and hyphens
    r"|[^\w\s]"  # one punctuation mark
)
_INVISIBLE = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u00ad]")
_PUNCT = re.compile(r"^[^\w$]+$")
_TERMINAL = {".", "!", "?"}
_CLOSERS = {'"', "”", "’", "'", ")"}


@dataclass(frozen=True)
class Token:
    text: str
    space_before: bool
    key: tuple[str, str]  # (lower-cased text, role)

    @property
    def is_word(self) -> bool:
        return self.key[1] != "p"


def tokenize(sentence: str) -> list[Token]:
    """Tokens of one sentence, each keyed by its lower-cased text and a role: ``p``
    (punctuation), ``n`` (number), ``name`` (capitalised, not a sentence-opening common word) or
    ``w``. The final full stop is dropped (every path gets one, after any closing quote).

    Example:
        >>> [t.text for t in tokenize("Xi met the U.S. envoy (Blinken) on Monday.")]
        ['Xi', 'met', 'the', 'U.S.', 'envoy', '(', 'Blinken', ')', 'on', 'Monday']
    """
    out: list[Token] = []
    sentence = _INVISIBLE.sub("", sentence)
    for m in _TOKEN.finditer(sentence):
        text = m.group()
        space = m.start() > 0 and sentence[m.start() - 1].isspace()
        lower = text.lower().replace("’", "'")
        if _PUNCT.match(text):
            role = "p"
        elif text[0].isdigit() or text[0] == "$":
            role = "n"
        elif text[0].isupper() and not (not out and lower in GRAPH_OPENERS):
            role = "name"
        else:
            role = "w"
        out.append(Token(text, space, (lower, role)))
    closers: list[Token] = []
    while out and out[-1].text in _CLOSERS:
        closers.insert(0, out.pop())
    while out and out[-1].text in _TERMINAL:
        out.pop()
    return out + closers


def _is_stop(key: tuple[str, str]) -> bool:
    return key[1] == "p" or key[0] in STOPWORDS


@dataclass
class _Node:
    key: tuple[str, str]
    surface: str
    space_before: bool
    hits: list[tuple[int, int]] = field(default_factory=list)  # (sentence, position)
    # the keys of the tokens next to it in the sources (START, END at a sentence's ends)
    before: set[tuple[str, str] | str] = field(default_factory=set)
    after: set[tuple[str, str] | str] = field(default_factory=set)


class WordGraph:
    """The word graph of a group's sentences (the head first). See the module docstring."""

    def __init__(self, sentences: Sequence[str]) -> None:
        self.texts = list(sentences)  # as given: how each ends, which tokens do not keep
        self.sentences = [tokenize(s) for s in sentences]
        self.nodes: list[_Node] = []
        self.by_key: dict[tuple[str, str], list[int]] = {}
        self.paths: list[list[int]] = []  # each sentence's node ids, in order
        for s, tokens in enumerate(self.sentences):
            self.paths.append(self._add(s, tokens))
        self.graph = self._weighted()
        self.cut = False  # whether the last candidates() ran out of time (max_seconds)

    # ---------------------------------------------------------------- building

    def _new(self, token: Token) -> int:
        self.nodes.append(_Node(token.key, token.text, token.space_before))
        self.by_key.setdefault(token.key, []).append(len(self.nodes) - 1)
        return len(self.nodes) - 1

    def _overlap(self, node: int, tokens: Sequence[Token], i: int) -> int:
        n = self.nodes[node]
        left = tokens[i - 1].key if i > 0 else START
        right = tokens[i + 1].key if i + 1 < len(tokens) else END
        return (left in n.before) + (right in n.after)

    def _add(self, s: int, tokens: Sequence[Token]) -> list[int]:
        mapped: list[int | None] = [None] * len(tokens)
        used: set[int] = set()
        counts: dict[tuple[str, str], int] = {}
        for t in tokens:
            counts[t.key] = counts.get(t.key, 0) + 1

        def free(i: int) -> list[int]:
            return [n for n in self.by_key.get(tokens[i].key, []) if n not in used]

        # 1. content words that occur once here and have exactly one candidate node;
        # 2. other content words: the candidate with the most context overlap (then frequency);
        # 3. stopwords and punctuation: a candidate only when a neighbour overlaps.
        for phase in (1, 2, 3):
            for i, t in enumerate(tokens):
                if mapped[i] is not None or _is_stop(t.key) != (phase == 3):
                    continue
                cands = free(i)
                if phase == 1 and not (len(cands) == 1 and counts[t.key] == 1):
                    continue
                best = max(
                    cands,
                    key=lambda n: (self._overlap(n, tokens, i), len(self.nodes[n].hits)),
                    default=None,
                )
                if phase == 3 and best is not None and self._overlap(best, tokens, i) == 0:
                    best = None
                chosen = best if best is not None else self._new(t)
                mapped[i] = chosen
                used.add(chosen)
        ids = [m for m in mapped if m is not None]
        assert len(ids) == len(tokens), "the three phases map every token"
        for i, n in enumerate(ids):
            node = self.nodes[n]
            node.hits.append((s, i + 1))
            node.before.add(tokens[i - 1].key if i > 0 else START)
            node.after.add(tokens[i + 1].key if i + 1 < len(tokens) else END)
        return ids

    def _weighted(self) -> nx.DiGraph:
        graph = nx.DiGraph()
        positions: list[dict[int, int]] = []  # per sentence: node → position (START 0)
        for ids in self.paths:
            pos = {n: p for p, n in enumerate(ids, start=1)}
            positions.append(pos)
            chain = [START, *ids, END]
            for a, b in zip(chain, chain[1:], strict=False):
                graph.add_edge(a, b)
        freq: dict[int | str, int] = {n: len(self.nodes[n].hits) for n in range(len(self.nodes))}
        freq[START] = freq[END] = len(self.paths)
        for a, b in graph.edges:
            inverse = 0.0
            for s, pos in enumerate(positions):
                pa = 0 if a == START else pos.get(a)
                pb = len(self.paths[s]) + 1 if b == END else pos.get(b)
                if pa is not None and pb is not None and pa < pb:
                    inverse += 1.0 / (pb - pa)
            fa, fb = freq[a], freq[b]
            graph[a][b]["weight"] = ((fa + fb) / inverse) / (fa * fb)
        return graph

    # ---------------------------------------------------------------- paths

    def text(self, path: Sequence[int]) -> str:
        """A path's words as a sentence (source spacing, first letter capitalised, one stop)."""
        return detokenize([(self.nodes[n].surface, self.nodes[n].space_before) for n in path])

    def _context_graph(self) -> nx.DiGraph:
        """The graph of consecutive node pairs: (a, b) → (b, c) where a source has a, b, c in a
        row, weighted as the word graph's edge b → c. Its paths are exactly the word graph's
        paths that switch sources only on a shared pair (``CONTEXT`` 3)."""
        pairs = nx.DiGraph()
        for ids in self.paths:
            chain = [START, *ids, END]
            pairs.add_edge(START, (START, chain[1]), weight=self.graph[START][chain[1]]["weight"])
            for a, b, c in zip(chain, chain[1:], chain[2:], strict=False):
                pairs.add_edge((a, b), (b, c), weight=self.graph[b][c]["weight"])
            pairs.add_edge((chain[-2], END), END, weight=0.0)
        return pairs

    def candidates(
        self, max_paths: int = MAX_PATHS, max_seconds: float = MAX_SECONDS
    ) -> list[tuple[str, float, tuple[int, ...]]]:
        """(text, path weight, node ids) of the START → END paths with at least ``MIN_WORDS``
        words and a verb, no node twice, lightest first; the sources' own paths left out.
        ``self.cut`` says afterwards whether ``max_seconds`` ran out before ``max_paths``."""
        own = {tuple(p) for p in self.paths}
        graph = self._context_graph() if CONTEXT == 3 else self.graph
        out: list[tuple[str, float, tuple[int, ...]]] = []
        deadline = time.perf_counter() + max_seconds
        paths = nx.shortest_simple_paths(graph, START, END, weight="weight")
        self.cut = False
        for path in islice(paths, max_paths):
            if time.perf_counter() > deadline:
                self.cut = True
                break
            if CONTEXT == 3:
                path = [START, *(pair[1] for pair in path[1:-1])]
            inner = tuple(path[1:-1])
            if inner in own or len(set(inner)) < len(inner):
                continue
            keys = [self.nodes[n].key for n in inner]
            if sum(k[1] != "p" for k in keys) < MIN_WORDS or not _has_verb(keys):
                continue
            if any(k[0] in _TERMINAL for k in keys):  # a sentence ends mid-path
                continue
            weight = sum(self.graph[a][b]["weight"] for a, b in zip(path, path[1:], strict=False))
            out.append((self.text(inner), weight, inner))
        return out


def _has_verb(keys: Sequence[tuple[str, str]]) -> bool:
    return any(k[1] == "w" and finite_verb(k[0], negated=False) for k in keys)


_NO_SPACE_BEFORE = {",", ".", ";", ":", "!", "?", ")", "]", "%", "”", "’"}
_NO_SPACE_AFTER = {"(", "[", "“", "‘", "$"}
_TIGHT = {"-", "–", "—", "/"}


def detokenize(tokens: Sequence[tuple[str, bool]]) -> str:
    """(text, had a space before it in its source) pairs → one sentence: punctuation attached
    as in the sources, curly quotes by their side, straight quotes alternating open/close, the
    first letter capitalised, dangling commas and dashes at the end removed, a full stop.

    Example:
        >>> detokenize([("talks", True), (",", False), ("he", True), ("said", True)])
        'Talks, he said.'
    """
    words: list[str] = []
    open_straight = False
    glue_next = True
    for text, had_space in tokens:
        if text == '"':
            space = not open_straight and not glue_next
            glue_next = not open_straight
            open_straight = not open_straight
        elif text in _TIGHT:  # "U.S.-China", "2-1": as the source spaced it, both sides
            space = had_space and not glue_next
            glue_next = not had_space
        else:
            space = not glue_next and text not in _NO_SPACE_BEFORE
            glue_next = text in _NO_SPACE_AFTER
        if text in {"'s", "’s", "n't"}:
            space = False
        words.append((" " if space else "") + text)
    out = "".join(words).strip()
    out = re.sub(r"[\s,;:—–-]+$", "", out)
    closing = ""
    while out and out[-1] in _CLOSERS:
        closing = out[-1] + closing
        out = out[:-1]
    out = out.rstrip(" ,;:") + closing + "."
    return out[:1].upper() + out[1:]
