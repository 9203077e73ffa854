"""The pipeline object: segment → clean → embed → select → fuse → attribute.

A plain object holding loaded models, safe to own from an HTTP worker, a Ray replica or a batch
job. ``summarize`` is synchronous and must not be called from two threads at once on one
instance (torch generation is not re-entrant); serve concurrency with a queue in front.
"""

from __future__ import annotations

import logging
import os
import re
import time
import uuid
from collections.abc import Callable, Sequence
from typing import TypeVar

from . import provision
from .attribute import AttributionSettings, attribute
from .clean import clean
from .config import PipelineConfig
from .device import configure_threads, resolve_device
from .embed import Encoder, SentenceTransformerEncoder
from .errors import InputError, LimitError, ModelError
from .fuse import TOKENS_PER_WORD, Fuser, FusionRequest, TransformersFuser
from .segment import segment, split_text
from .select import mmr_select
from .types import (
    Article,
    ArticleUsage,
    Citation,
    ModelInfo,
    Selected,
    Summary,
    SummaryOptions,
    SummarySentence,
)

logger = logging.getLogger(__name__)
T = TypeVar("T")

# Control characters (Unicode category Cc) other than tab, newline, VT, FF and CR.
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x9f]")
# Prompt overhead of the fusion instruction, in tokens, on top of the source sentences.
_PROMPT_OVERHEAD_TOKENS = 320


def new_article_id() -> str:
    return "a-" + uuid.uuid4().hex[:12]


def validate(articles: Sequence[Article], options: SummaryOptions, config: PipelineConfig) -> None:
    """Reject bad input with an error naming the offending field; runs before any model work."""
    limits = config.limits
    if not articles:
        raise InputError("articles", "the bundle has no articles")
    if len(articles) > limits.max_articles:
        raise LimitError(
            "articles", f"{len(articles)} articles; the limit is {limits.max_articles}"
        )
    seen: dict[str, int] = {}
    total = 0
    for i, article in enumerate(articles):
        if not isinstance(article.text, str):
            raise InputError(f"articles[{i}].text", "must be a string")
        if not article.id or not isinstance(article.id, str):
            raise InputError(f"articles[{i}].id", "must be a non-empty string")
        if article.id in seen:
            raise InputError(
                f"articles[{i}].id", f"duplicate id (also articles[{seen[article.id]}])"
            )
        seen[article.id] = i
        if len(article.text) > limits.max_chars_per_article:
            raise LimitError(
                f"articles[{i}].text",
                f"{len(article.text)} characters; the limit is {limits.max_chars_per_article}",
            )
        if not article.text.strip():
            raise InputError(f"articles[{i}].text", "is empty or whitespace only")
        bad = _CONTROL.search(article.text)
        if bad is not None:
            raise InputError(
                f"articles[{i}].text",
                f"contains control character U+{ord(bad.group()):04X}: binary data is not text",
            )
        total += len(article.text)
    if total > limits.max_total_chars:
        raise LimitError(
            "articles", f"{total} characters in all; the limit is {limits.max_total_chars}"
        )
    if options.mode not in ("abstractive", "extractive"):
        raise InputError("options.mode", "must be 'abstractive' or 'extractive'")
    if not limits.min_words <= options.max_words <= limits.max_words:
        raise InputError(
            "options.max_words", f"must be between {limits.min_words} and {limits.max_words}"
        )
    if not 0.0 <= options.diversity <= 1.0:
        raise InputError("options.diversity", "must be between 0 and 1")


class _Timer:
    def __init__(self) -> None:
        self.ms: dict[str, float] = {}

    def run(self, stage: str, fn: Callable[[], T]) -> T:
        started = time.perf_counter()
        try:
            return fn()
        finally:
            self.ms[stage] = round((time.perf_counter() - started) * 1000, 1)


class Pipeline:
    """Bundle of articles → cited summary.

    Example:
        >>> pipe = Pipeline.load()  # doctest: +SKIP
        >>> bundle = [Article(id="a", text="..."), Article(id="b", text="...")]
        >>> s = pipe.summarize(bundle)  # doctest: +SKIP
        >>> s.sentences[0].citations[0].article_id  # doctest: +SKIP
        'a'
    """

    def __init__(
        self,
        encoder: Encoder,
        fuser: Fuser | None,
        config: PipelineConfig | None = None,
        device: str = "cpu",
        attribution: AttributionSettings | None = None,
    ) -> None:
        self.encoder = encoder
        self.fuser = fuser
        self.config = config or PipelineConfig()
        self.device = device
        self.attribution = attribution or AttributionSettings()

    @classmethod
    def load(cls, config: PipelineConfig | None = None, *, with_fuser: bool = True) -> Pipeline:
        """Load the embedder and (unless ``with_fuser`` is False) the fuser; never downloads."""
        config = config or PipelineConfig.from_env()
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
        device = resolve_device(config.device)
        threads = configure_threads(config.threads)
        started = time.perf_counter()
        if config.embedder:
            encoder = SentenceTransformerEncoder(config.embedder, device=device)
        else:
            packaged = str(provision.embedder_path(verify=config.verify))
            encoder = SentenceTransformerEncoder(
                packaged, device=device, name=provision.EMBEDDER.name
            )
        fuser: Fuser | None = None
        if with_fuser:
            if config.engine != "transformers":
                raise ModelError(
                    "engine", f"unknown engine {config.engine!r}; available: transformers"
                )
            path = provision.resolve_fuser(config.fuser, config.model_dir, verify=config.verify)
            fuser = TransformersFuser(
                path, device=device, max_input_tokens=config.fuser_input_tokens, name=path.name
            )
        logger.info(
            "models loaded in %.1fs (device=%s, threads=%d)",
            time.perf_counter() - started,
            device,
            threads,
        )
        return cls(encoder, fuser, config, device=device)

    @property
    def model_info(self) -> ModelInfo:
        return ModelInfo(
            embedder=self.encoder.name,
            fuser=self.fuser.name if self.fuser else "none",
            engine=self.fuser.engine if self.fuser else "none",
            device=self.device,
        )

    def warmup(self) -> None:
        """Run every stage once on a tiny bundle so the first request pays no lazy init."""
        a = Article(id="w1", text="The council approved the budget on Monday. It passed 7 to 2.")
        b = Article(id="w2", text="On Monday the council passed the budget by seven votes to two.")
        mode = "abstractive" if self.fuser else "extractive"
        self.summarize([a, b], SummaryOptions(mode=mode, max_words=20))

    def _source_budget(self, options: SummaryOptions) -> int:
        if options.mode == "extractive" or self.fuser is None:
            return options.max_words
        by_tokens = int((self.fuser.max_input_tokens - _PROMPT_OVERHEAD_TOKENS) / TOKENS_PER_WORD)
        return max(
            options.max_words,
            min(int(options.max_words * self.config.source_words_factor), by_tokens),
        )

    def summarize(
        self, articles: Sequence[Article], options: SummaryOptions | None = None
    ) -> Summary:
        """Summarise one bundle. Raises InputError (naming the field) on bad input."""
        options = options or SummaryOptions()
        validate(articles, options, self.config)
        timer = _Timer()
        started = time.perf_counter()
        warnings: list[str] = []
        if len(articles) == 1:
            warnings.append("single article: no cross-document support; summary of one source")
        segmented = timer.run("segment", lambda: segment(articles))
        cleaned = timer.run("clean", lambda: clean(articles, segmented))
        if cleaned.duplicate_of:
            warnings.append(f"{len(cleaned.duplicate_of)} near-duplicate article(s) ignored")
        candidates = cleaned.sentences
        if not candidates:
            raise InputError("articles", "no summarisable sentences after removing boilerplate")
        embeddings = timer.run("embed", lambda: self.encoder.encode([s.text for s in candidates]))
        budget = self._source_budget(options)
        selection = timer.run(
            "select",
            lambda: mmr_select(candidates, embeddings, budget, diversity=options.diversity),
        )
        mode = options.mode
        usage = {"prompt_tokens": 0, "generated_tokens": 0}
        sentences: list[SummarySentence] = []
        if mode == "abstractive" and self.fuser is None:
            warnings.append("no fuser loaded: extractive summary returned")
            mode = "extractive"
        if mode == "abstractive":
            assert self.fuser is not None
            fuser = self.fuser
            titles = {i: a.title for i, a in enumerate(articles) if a.title}
            request = FusionRequest(tuple(selection), titles, options.max_words)
            result = timer.run("fuse", lambda: fuser.fuse(request))
            usage = {
                "prompt_tokens": result.prompt_tokens,
                "generated_tokens": result.generated_tokens,
            }
            texts = split_text(result.text) if result.text else []
            if not texts:
                warnings.append("the fuser produced no usable text: extractive summary returned")
                mode = "extractive"
            else:
                sentences = timer.run(
                    "attribute",
                    lambda: attribute(
                        texts, self.encoder.encode(texts), candidates, embeddings, self.attribution
                    ),
                )
        if mode == "extractive":
            sentences = _extractive_sentences(selection, options.max_words)
        unsupported = sum(not s.supported for s in sentences)
        if unsupported:
            verb = "dropped" if options.drop_unsupported else "flagged"
            warnings.append(f"{unsupported} summary sentence(s) {verb} as unsupported")
            if options.drop_unsupported:
                sentences = [s for s in sentences if s.supported]
        text = " ".join(s.text for s in sentences)
        n_words = len(text.split())
        if n_words < 0.8 * options.max_words:
            warnings.append(
                f"summary has {n_words} words, under 80% of max_words={options.max_words}"
                + (" (the bundle has little distinct content)" if mode == "extractive" else "")
            )
        cited = {c.article_id for s in sentences for c in s.citations}
        usage_rows = tuple(
            ArticleUsage(id=a.id, used=a.id in cited, duplicate_of=cleaned.duplicate_of.get(a.id))
            for a in articles
        )
        timer.ms["total"] = round((time.perf_counter() - started) * 1000, 1)
        logger.info(
            "summarized %d articles (%d chars) mode=%s words=%d in %.0f ms",
            len(articles),
            sum(len(a.text) for a in articles),
            mode,
            n_words,
            timer.ms["total"],
        )
        return Summary(
            summary=text,
            sentences=tuple(sentences),
            selection=tuple(selection) if options.include_selection else (),
            articles=usage_rows,
            model=self.model_info if mode == "abstractive" else _extractive_info(self.model_info),
            timings_ms=timer.ms,
            warnings=tuple(warnings),
            options=options,
            usage=usage,
        )


def _extractive_info(info: ModelInfo) -> ModelInfo:
    return ModelInfo(embedder=info.embedder, fuser="none", engine="extractive", device=info.device)


def _extractive_sentences(selection: Sequence[Selected], max_words: int) -> list[SummarySentence]:
    """The most salient selected sentences that fit ``max_words``, in source order, each
    citing itself exactly. (In extractive mode the selection already fits; after a fusion
    fallback it is larger than the budget.)"""
    fits: list[Selected] = []
    used = 0
    for sel in sorted(selection, key=lambda x: -x.salience):
        if used + sel.sentence.n_words <= max_words:
            fits.append(sel)
            used += sel.sentence.n_words
    out: list[SummarySentence] = []
    for sel in sorted(fits, key=lambda x: (x.sentence.article_index, x.sentence.index)):
        s = sel.sentence
        citation = Citation(s.article_id, s.index, s.start, s.end, 1.0, s.text)
        out.append(SummarySentence(s.text, True, 1.0, (citation,)))
    return out
