"""The pipeline object: it orders the stages of :mod:`models.stages` and the writers of
:mod:`models.write` (validate → segment → clean → language → embed → select or group → write →
attribute → assemble); the models it runs on come from :mod:`models.loading`.

A plain object holding loaded models, safe to own from an HTTP worker, a Ray replica or a batch
job. ``summarize`` is synchronous and must not be called from two threads at once on one
instance (torch generation is not re-entrant); serve concurrency with a queue in front.
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Sequence

from .config import PipelineConfig
from .errors import InputError
from .generation.base import Generator
from .generation.length import TOKENS_PER_WORD
from .generation.prompts import PROMPT_OVERHEAD_TOKENS
from .loading import load_models
from .sentences import segment_article
from .stages.assemble import assemble
from .stages.attribute import AttributionSettings
from .stages.clean import clean
from .stages.draft import Draft, Timer
from .stages.embed import EmbeddingCache, Encoder, choose_encoder
from .stages.followup import FollowupSettings, embed_candidates
from .stages.group import group_sentences
from .stages.language import LanguageDetector, detect_languages
from .stages.segment import segment
from .stages.select import cap_candidates, mmr_select
from .stages.validate import validate
from .types import Article, ModelInfo, Summary, SummaryOptions, SummarySentence
from .write.construct import composer_mergers
from .write.extractive import extractive_sentences
from .write.grouped import Composer, cite_groups, write_grouped
from .write.lmscore import scorer_for
from .write.oneshot import cite_fused, fit_prompt, write_oneshot
from .write.textfix import merge_request


def new_article_id() -> str:
    return "a-" + uuid.uuid4().hex[:12]


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
        generator: Generator | None,
        config: PipelineConfig | None = None,
        device: str = "cpu",
        attribution: AttributionSettings | None = None,
        multilingual: Encoder | None = None,
        detector: LanguageDetector | None = None,
        followup: FollowupSettings | None = None,
    ) -> None:
        self.encoder = encoder
        self.generator = generator
        self.config = config or PipelineConfig()
        self.device = device
        self.attribution = attribution or AttributionSettings()
        self.followup = followup or FollowupSettings()
        # The embedder for bundles that are not English (None: English-only), and the language
        # detector that decides it (None: a cheap English heuristic, warnings only).
        self.multilingual = multilingual
        self.detector = detector

    @property
    def embed_cache(self) -> EmbeddingCache | None:
        """The sentence-vector cache shared by the embedders (None when off)."""
        return getattr(self.encoder, "cache", None)

    @classmethod
    def load(cls, config: PipelineConfig | None = None, *, with_generator: bool = True) -> Pipeline:
        """Load the embedder and (unless ``with_generator`` is False) the generator; never
        downloads."""
        config = config or PipelineConfig()
        m = load_models(config, with_generator=with_generator)
        return cls(
            m.encoder,
            m.generator,
            config,
            device=m.device,
            multilingual=m.multilingual,
            detector=m.detector,
        )

    @property
    def model_info(self) -> ModelInfo:
        return ModelInfo(
            embedder=self.encoder.name,
            fuser=self.generator.name if self.generator else "none",
            engine=self.generator.engine if self.generator else "none",
            device=self.device,
        )

    def warmup(self) -> None:
        """Run every stage once on a tiny bundle so the first request pays no lazy init.

        Grouped fusion writes the tiny bundle's one group verbatim, so the path a first
        request's merges take is run on its own then: the fuser's scoring of two sentences
        (word-graph merges, the default), or two generated merges of the bundle's first
        sentences (``merger="lm"`` or ``both``), outputs dropped."""
        a = Article(id="w1", text="The council approved the budget on Monday. It passed 7 to 2.")
        b = Article(id="w2", text="On Monday the council passed the budget by seven votes to two.")
        mode = "abstractive" if self.generator else "extractive"
        summary = self.summarize([a, b], SummaryOptions(mode=mode, max_words=20))
        if self.generator is not None and not summary.usage.get("generated_tokens"):
            first = [segment_article(x, i)[0] for i, x in enumerate((a, b))]
            scorer = scorer_for(self.generator) if self.config.merger == "wordgraph" else None
            if scorer is not None:  # word-graph merges only score: warm that path
                scorer([s.text for s in first])
            else:
                self.generator.generate([merge_request(first), merge_request(first[::-1])])

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
        """Summarise several bundles, generating for all of them in one batched call (the
        generator runs up to its ``max_batch`` together). Bad input fails only its own bundle:
        its InputError is returned in its place. Any other exception (an engine failure) fails
        the whole call. ``validated``: the caller already ran :func:`validate` on every job
        (the service does, before queueing), so it is not run again."""
        drafts: list[Draft | InputError] = []
        for articles, options in jobs:
            try:
                if not validated:
                    validate(articles, options, self.config)
                drafts.append(self._prepare(articles, options))
            except InputError as exc:
                drafts.append(exc)
        fusing = [d for d in drafts if isinstance(d, Draft) and d.mode == "abstractive"]
        if fusing:
            assert self.generator is not None
            if all(d.composer is not None for d in fusing):
                write_grouped(fusing, self.generator)
            else:
                write_oneshot(fusing, self.generator)
        return [d if isinstance(d, InputError) else self._finish(d) for d in drafts]

    def _prepare(self, articles: Sequence[Article], options: SummaryOptions) -> Draft:
        """Segment, clean, embed and select: everything before generation."""
        draft = Draft(articles, options, Timer(), time.perf_counter())
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
        if not draft.cleaned.sentences:
            raise InputError("articles", "no summarisable sentences after removing boilerplate")
        languages = timer.run("language", lambda: detect_languages(articles, self.detector))
        draft.encoder = choose_encoder(
            languages, draft.warnings, self.encoder, self.multilingual, self.config.multilingual
        )
        draft.english = all(lang.english for lang in languages)
        draft.cleaned = cap_candidates(
            draft.cleaned,
            self.config.candidates_per_article,
            self.config.max_candidates,
            draft.warnings,
        )
        prior = embed_candidates(draft, self.followup, self.config.max_candidates)
        candidates = draft.cleaned.sentences
        if not candidates:  # a focus nothing relates to, or an update with nothing new
            return draft  # an empty summary, its warning given; nothing to write
        budget = self._source_budget(options)
        draft.mode = self._mode(draft)
        if draft.mode == "abstractive" and (self.config.fusion == "grouped" or not draft.english):
            # Grouping ranks by MMR itself; the selection is the groups used (cite_groups).
            groups, sal = timer.run(
                "select",
                lambda: group_sentences(
                    candidates, draft.embeddings, budget, diversity=options.diversity, prior=prior
                ),
            )
            mergers = composer_mergers(self.config.merger, self.generator)
            draft.composer = Composer(
                candidates,
                groups,
                options.max_words,
                sal,
                merges=draft.english,
                compression=self.config.compression,
                **mergers,
            )
            return draft
        pick = (candidates, draft.embeddings, budget, options.diversity)
        draft.selection = timer.run("select", lambda: mmr_select(*pick, prior=prior))
        if draft.mode == "abstractive":
            assert self.generator is not None
            draft.selection = fit_prompt(draft.selection, articles, self.generator)
        return draft

    def _source_budget(self, options: SummaryOptions) -> int:
        """Words of sources to select: the summary's own in extractive mode; for a generator,
        ``source_words_factor`` times that, as far as its input allows."""
        if options.mode == "extractive" or self.generator is None:
            return options.max_words
        by_tokens = int(
            (self.generator.max_input_tokens - PROMPT_OVERHEAD_TOKENS) / TOKENS_PER_WORD
        )
        return max(
            options.max_words,
            min(int(options.max_words * self.config.source_words_factor), by_tokens),
        )

    def _mode(self, draft: Draft) -> str:
        """The mode the draft is written in, warning where it is not the one asked for."""
        mode = draft.options.mode
        if mode == "abstractive" and self.generator is None:
            draft.warnings.append("no fuser loaded: extractive summary returned")
            mode = "extractive"
        if mode == "abstractive" and not draft.english:
            draft.warnings.append(
                "the fuser writes English only: this summary keeps its sources' sentences "
                "verbatim, each citing the articles that report the same"
            )
        return mode

    def _finish(self, draft: Draft) -> Summary:
        """Cite what was written (or extract), then assemble the Summary."""
        sentences: list[SummarySentence] = []
        if draft.mode == "abstractive" and draft.composer is not None:
            sentences = draft.timer.run("attribute", lambda: cite_groups(draft, self.attribution))
            draft.record_usage(draft.prompt_tokens, draft.generated_tokens)
        elif draft.mode == "abstractive":
            sentences = cite_fused(draft, self.attribution)  # may turn the draft extractive
        if draft.mode == "extractive":
            sentences = extractive_sentences(draft.selection, draft.options.max_words)
        return assemble(draft, sentences, self.model_info)
