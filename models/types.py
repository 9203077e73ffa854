"""Frozen dataclasses that flow between the pipeline stages.

Everything the pipeline produces is plain data: an HTTP worker, a Ray replica or a batch job can
serialise it with :func:`models.serialize.summary_to_dict` and nothing else (the response
document itself is declared there, once).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import Literal, get_args

from .checks import check
from .text import count_words
from .vectors import EmbeddedVectors, StoredVectors
from .warnings import SummaryWarning

Mode = Literal["abstractive", "extractive"]
# How a grouped summary sentence was written (SummarySentence.method has these and
# "extracted", "generated").
Method = Literal["verbatim", "compressed", "fused", "fallback"]
# The request options' bounds, declared once: the request schema (service/schemas.py) and the
# pipeline's own check (models/stages/validate.py) both read them from SummaryOptions' fields.
MIN_WORDS, MAX_WORDS = 20, 600
# A focus is a question or a topic, not a document.
MAX_FOCUS_CHARS = 300
# A previous summary is at most a few hundred words (max_words is at most 600 by default);
# ten thousand characters leaves room for one written elsewhere, and bounds the encoding.
MAX_PREVIOUS_SUMMARY_CHARS = 10_000


@dataclass(frozen=True)
class Article:
    """One posted article. ``text`` is kept exactly as posted: every offset points into it."""

    id: str
    text: str
    title: str | None = None
    url: str | None = None
    source: str | None = None
    published_at: str | None = None


@dataclass(frozen=True)
class Sentence:
    """A sentence of an article: ``article.text[start:end] == text``."""

    article_id: str
    article_index: int
    index: int
    start: int
    end: int
    text: str
    paragraph: int = 0
    is_heading: bool = False

    @cached_property
    def n_words(self) -> int:
        return count_words(self.text)


@dataclass(frozen=True)
class CleanedBundle:
    """Output of the cleaning stage.

    ``sentences`` are the candidates for selection (boilerplate, headings and sentences of
    near-duplicate articles removed); ``dropped`` maps a reason to how many sentences it removed;
    ``duplicate_of`` maps an article id to the id of the earlier article it nearly repeats.
    """

    sentences: tuple[Sentence, ...]
    all_sentences: tuple[Sentence, ...]
    dropped: dict[str, int]
    duplicate_of: dict[str, str]
    # A whole quotation kept for the speaker its preceding sentence names, by (article index,
    # sentence index): that sentence's index and the speaker's name (:func:`.speech.
    # quote_speaker`). The rewrite stage gives the quotation its speaker; extractive mode,
    # which quotes its sources as they are, leaves such sentences out.
    spoken: dict[tuple[int, int], tuple[int, str]] = field(default_factory=dict)
    # Each article's share of the sentences of its body (not its headings, nor readers'
    # comments after a comment form) in a writer's voice (:data:`.stages.voicerules.VOICE`), by
    # article index: a column or a review, whose other sentences are opinion too. Selection
    # ranks its sentences lower (:class:`.stages.select.SelectionWeights`, ``voice``); not in
    # an update, whose focus ranks alone.
    voice: dict[int, float] = field(default_factory=dict)


@dataclass(frozen=True)
class Group:
    """Candidate indices of one content unit, the head (the MMR pick) first."""

    members: tuple[int, ...]
    rank: int  # the head's MMR pick order: 0 is the most salient unit
    salience: float

    @property
    def head(self) -> int:
        return self.members[0]


@dataclass(frozen=True)
class Written:
    """A summary sentence and the group it was written from (grouped fusion)."""

    group: Group
    text: str
    method: Method
    reason: str = ""  # why a merge fell back (a verify rule), "" otherwise

    @property
    def n_words(self) -> int:
        return count_words(self.text)


@dataclass(frozen=True)
class Selected:
    """A sentence chosen by selection, with its salience in [0, 1]; ``leads``: chosen by a
    fading focus before it faded (what the reader asked about), so written first."""

    sentence: Sentence
    salience: float
    leads: bool = False


@dataclass(frozen=True)
class Citation:
    article_id: str
    sentence_index: int
    start: int
    end: int
    score: float
    text: str


@dataclass(frozen=True)
class SummarySentence:
    """One summary sentence with its citations.

    ``method`` says how it was written: ``extracted`` (extractive mode: a source sentence),
    ``verbatim`` (grouped fusion: the group's head sentence, lightly cleaned), ``compressed``
    (a group's head shortened by rule, verified; ``PipelineConfig.compression``), ``fused``
    (grouped fusion: the group's merge, the fuser's or a word-graph path's, verified),
    ``fallback`` (a merge that failed verification: the head verbatim), ``generated``
    (one-shot fusion, attributed after).
    """

    text: str
    supported: bool
    support: float
    citations: tuple[Citation, ...]
    unsupported_terms: tuple[str, ...] = ()
    method: str = "generated"


@dataclass(frozen=True)
class ArticleUsage:
    id: str
    used: bool
    duplicate_of: str | None = None


@dataclass(frozen=True)
class ModelInfo:
    embedder: str
    fuser: str
    engine: str
    device: str


@dataclass(frozen=True)
class SummaryOptions:
    """Per-request options.

    Attributes:
        mode: ``abstractive`` (selection, then generative fusion) or ``extractive``
            (selection only).
        max_words: upper bound on the summary length in words; the summary aims at 80-100% of it.
        diversity: MMR trade-off in [0, 1]; 0 picks by salience only, 1 by novelty only.
        drop_unsupported: remove summary sentences whose support is below the threshold.
        include_selection: return the selected source sentences.
        focus: a question or topic (at most 300 characters): salience then mixes centrality
            with each sentence's similarity to it, and nothing unrelated is summarised
            (:mod:`models.stages.followup`).
        seen: ids of articles the reader already knows: an update summary, from the other
            articles, of what they do not already say.
        previous_summary: the summary the reader already has (instead of ``seen``): an update
            summary of what it does not already say.
    """

    mode: Mode = field(default="abstractive", metadata=check(choices=get_args(Mode)))
    max_words: int = field(default=120, metadata=check(ge=MIN_WORDS, le=MAX_WORDS))
    diversity: float = field(default=0.3, metadata=check(ge=0.0, le=1.0))
    drop_unsupported: bool = False
    include_selection: bool = True
    focus: str | None = field(default=None, metadata=check(max_length=MAX_FOCUS_CHARS))
    seen: tuple[str, ...] = ()
    previous_summary: str | None = field(
        default=None, metadata=check(max_length=MAX_PREVIOUS_SUMMARY_CHARS)
    )

    @property
    def follows_up(self) -> bool:
        """Whether a focus or an update (``seen``, ``previous_summary``) was asked for."""
        return bool(self.focus is not None or self.seen or self.previous_summary is not None)


@dataclass(frozen=True)
class Job:
    """One bundle to summarise, as :func:`models.stages.validate.validate` passed it: the only
    way one is made, so whoever holds a Job holds input that was checked."""

    articles: tuple[Article, ...]
    options: SummaryOptions
    # Sentence vectors the caller kept from earlier runs (the story desk's): the embed stage
    # takes those of its embedder's identity and embeds only the rest; the Summary's
    # ``vectors`` then hold what it embedded. None: embed everything, hand nothing back.
    vectors: StoredVectors | None = field(default=None, compare=False, repr=False)


@dataclass(frozen=True)
class Summary:
    summary: str
    sentences: tuple[SummarySentence, ...]
    selection: tuple[Selected, ...]
    articles: tuple[ArticleUsage, ...]
    model: ModelInfo
    timings_ms: dict[str, float]
    warnings: tuple[SummaryWarning, ...] = ()
    # The mode the summary was written in (options.mode is the one asked for); where they
    # differ, a warning says why (no_fuser, fuser_english_only, fuser_no_text, or an empty
    # follow-up's nothing_new, focus_unrelated, nothing_new_on_focus).
    mode: Mode = "extractive"
    options: SummaryOptions = field(default_factory=SummaryOptions)
    usage: dict[str, int] = field(default_factory=dict)
    # Grouped fusion's counts: summary sentences by method (fused, fallback, verbatim,
    # compressed), and
    # the merges the fuser wrote (merges_tried) and that failed verification (merges_failed).
    fusion: dict[str, int] = field(default_factory=dict)
    # A focused or update summary's counts (models.stages.followup): candidate sentences of
    # the new articles, and those that passed the focus and novelty tests; empty otherwise.
    followup: dict[str, int] = field(default_factory=dict)
    # What the embedder was given for a Job that came with stored vectors (None otherwise):
    # not part of the document (summary_to_dict leaves it out), for the caller to keep.
    vectors: EmbeddedVectors | None = field(default=None, compare=False, repr=False)

    @property
    def fallback_rate(self) -> float | None:
        """Share of merges that failed verification (None: no merge was tried)."""
        tried = self.fusion.get("merges_tried", 0)
        return self.fusion.get("merges_failed", 0) / tried if tried else None

    @property
    def n_words(self) -> int:
        return count_words(self.summary)
