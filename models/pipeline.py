"""The pipeline object: it runs each bundle through the stages of :mod:`models.stages` and
the writers of :mod:`models.write`, each stage taking the typed output of the one before:

    Job (validate) → sentences (segment) → CleanedBundle (clean) → languages → Candidates
    (embed, narrowed for a focus or an update) → Prepared: groups or a selection (group or
    select) → Composed / OneShot (write, every bundle of a batch in one generation) → Cited
    (cite, attribute or extract) → Cited, names and relative time rewritten (rewrite) → Summary
    (assemble)

The models it runs on come from :mod:`models.loading`.

A plain object holding loaded models, safe to own from an HTTP worker, a Ray replica or a batch
job. ``summarize`` is synchronous and must not be called from two threads at once on one
instance (torch generation is not re-entrant); serve concurrency with a queue in front.
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Sequence
from dataclasses import replace

from . import warnings as W
from .citing import cite_written, lead_standings
from .config import PipelineConfig
from .errors import InputError
from .generation.base import Generator
from .generation.length import TOKENS_PER_WORD
from .generation.prompts import PROMPT_OVERHEAD_TOKENS
from .loading import graph_merger, load_models
from .prepared import Prepared
from .sentences import segment_article
from .speech import without_spoken
from .stages.assemble import assemble
from .stages.attribute import AttributionSettings
from .stages.clean import clean
from .stages.embed import Encoder, choose_encoder, vector_identity
from .stages.embedcache import EmbeddingCache
from .stages.followup import FollowupSettings, embed_candidates
from .stages.group import group_sentences
from .stages.language import LanguageDetector, detect_languages
from .stages.offtopic import off_topic
from .stages.rewrite import rewrite
from .stages.segment import segment
from .stages.select import article_voice, cap_candidates, mmr_select, repeat_bar
from .stages.stored import StoredVectorEncoder
from .stages.timer import Timer
from .stages.validate import validate
from .types import (
    Article,
    Job,
    Mode,
    ModelInfo,
    Summary,
    SummaryOptions,
)
from .write.compose import Composed, Composer, write_grouped
from .write.lmmerge import merge_request
from .write.lmscore import scorer_for
from .write.novelty import Novelty
from .write.oneshot import OneShot, fit_prompt, write_oneshot


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
        # Grouped fusion's word-graph merger (None: the generator writes every merge).
        self.merger = graph_merger(self.config, generator)

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
        mode: Mode = "abstractive" if self.generator else "extractive"
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
        job = validate(articles, options or SummaryOptions(), self.config)
        result = self.summarize_many([job])[0]
        if isinstance(result, Exception):
            raise result
        return result

    def check(self, articles: Sequence[Article], options: SummaryOptions) -> Job:
        """The job for these articles and options, checked against this pipeline's limits
        (raises InputError naming the field)."""
        return validate(articles, options, self.config)

    def summarize_many(self, jobs: Sequence[Job]) -> list[Summary | InputError]:
        """Summarise several checked bundles (:func:`models.stages.validate.validate` makes
        each Job), generating for all of them in one batched call (the generator runs up to its
        ``max_batch`` together). A bundle with nothing to summarise fails only itself: its
        InputError is returned in its place. Any other exception (an engine failure) fails the
        whole call."""
        prepared: list[Prepared | InputError] = []
        for job in jobs:
            try:
                prepared.append(self._prepare(job))
            except InputError as exc:
                prepared.append(exc)
        fusing = [p for p in prepared if isinstance(p, Prepared) and p.mode == "abstractive"]
        written: dict[int, Composed | OneShot] = {}
        grouped = [p for p in fusing if p.groups is not None]
        oneshot = [p for p in fusing if p.groups is None]
        if grouped:
            assert self.generator is not None
            composed = write_grouped([self._composer(p) for p in grouped], self.generator)
            written.update((id(p), c) for p, c in zip(grouped, composed, strict=True))
        if oneshot:
            assert self.generator is not None
            shots = write_oneshot([(p.job, p.selection) for p in oneshot], self.generator)
            written.update((id(p), w) for p, w in zip(oneshot, shots, strict=True))
        return [
            p if isinstance(p, InputError) else self._finish(p, written.get(id(p)))
            for p in prepared
        ]

    def _prepare(self, job: Job) -> Prepared:
        """Segment, clean, embed and select: everything before writing."""
        articles, options = job.articles, job.options
        timer, started = Timer(), time.perf_counter()
        warnings: list[W.SummaryWarning] = []
        if len(articles) == 1:
            warnings.append(W.single_article())
        segmented = timer.run("segment", lambda: segment(articles))
        cleaned = timer.run("clean", lambda: clean(articles, segmented))
        if cleaned.duplicate_of:
            warnings.append(W.duplicates_ignored(len(cleaned.duplicate_of)))
        if not cleaned.sentences:
            raise InputError("articles", "no summarisable sentences after removing boilerplate")
        languages = timer.run("language", lambda: detect_languages(articles, self.detector))
        encoder = choose_encoder(
            languages, warnings, self.encoder, self.multilingual, self.config.multilingual
        )
        if job.vectors is not None:
            # The caller's kept vectors of this embedder: only the other sentences are embedded.
            encoder = StoredVectorEncoder(encoder, job.vectors.of(vector_identity(encoder)))
        english = all(lang.english for lang in languages)
        if options.mode == "extractive" or self.generator is None or not english:
            cleaned = without_spoken(cleaned)  # extractive quotes its sources as they are
        cleaned = cap_candidates(
            cleaned, self.config.candidates_per_article, self.config.max_candidates, warnings
        )
        found = embed_candidates(
            cleaned, options, encoder, self.followup, self.config.max_candidates, timer
        )
        if found.warning is not None:
            warnings.append(found.warning)
        candidates, vectors = found.sentences, found.vectors
        strays: set[int] = set()
        if not options.follows_up:  # a focus or an update ranks by its own relevance
            strays = timer.run("offtopic", lambda: off_topic(candidates, vectors))
        if strays:
            warnings.append(W.off_topic_ignored(sorted(strays)))
            keep = [i for i, s in enumerate(candidates) if s.article_index not in strays]
            candidates, vectors = tuple(candidates[i] for i in keep), vectors[keep]
        # Without candidates (a focus nothing relates to, an update with nothing new): an
        # empty summary, its warning given; nothing to write.
        empty = Prepared(
            job=job,
            timer=timer,
            started=started,
            cleaned=cleaned,
            encoder=encoder,
            english=english,
            candidates=candidates,
            vectors=vectors,
            mode="extractive",
            warnings=tuple(warnings),
            followup=found.counts,
            off_topic=frozenset(strays),
        )
        if not candidates:
            return empty
        budget = self._source_budget(options)
        mode = self._mode(options, english, warnings)
        voice = article_voice(candidates, cleaned.voice)
        if mode == "abstractive" and (self.config.fusion == "grouped" or not english):
            # Grouping ranks by MMR itself; the selection is the groups used (cite_groups).
            groups, salience = timer.run(
                "select",
                lambda: group_sentences(
                    candidates,
                    vectors,
                    budget,
                    diversity=options.diversity,
                    prior=found.prior,
                    voice=voice,
                ),
            )
            return replace(
                empty, mode=mode, warnings=tuple(warnings), groups=tuple(groups), salience=salience
            )
        pick = (candidates, vectors, budget, options.diversity)
        selection = timer.run("select", lambda: mmr_select(*pick, prior=found.prior, voice=voice))
        if mode == "abstractive":
            assert self.generator is not None
            selection = fit_prompt(selection, articles, self.generator)
        return replace(empty, mode=mode, warnings=tuple(warnings), selection=tuple(selection))

    def _composer(self, p: Prepared) -> Composer:
        """Grouped fusion's composer for one prepared bundle (merging only what the fuser
        writes: English)."""
        assert p.groups is not None
        return Composer(
            p.candidates,
            p.groups,
            p.job.options.max_words,
            merges=p.english,
            merger=self.merger,
            lm_merges=self.config.merger != "wordgraph",
            compression=self.config.compression,
            lead=lead_standings(p),
            novelty=Novelty(p.vectors, repeat_bar(p.vectors), p.salience, p.encoder.encode),
        )

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

    def _mode(
        self, options: SummaryOptions, english: bool, warnings: list[W.SummaryWarning]
    ) -> Mode:
        """The mode the bundle is written in, warning where it is not the one asked for."""
        mode = options.mode
        if mode == "abstractive" and self.generator is None:
            warnings.append(W.no_fuser())
            mode = "extractive"
        if mode == "abstractive" and not english:
            warnings.append(W.fuser_english_only())
        return mode

    def _finish(self, p: Prepared, written: Composed | OneShot | None) -> Summary:
        """Cite what was written (or extract), rewrite names and relative time (fused
        summaries), then assemble the Summary."""
        written_cited = cite_written(p, written, self.attribution)
        cited = p.timer.run(
            "rewrite",
            lambda: rewrite(
                written_cited,
                p.job.articles,
                p.cleaned.sentences,
                spoken=p.cleaned.spoken,
                every=p.cleaned.all_sentences,
                max_words=p.job.options.max_words,
            ),
        )
        model = replace(self.model_info, embedder=p.encoder.name)
        summary = assemble(p.job, p.cleaned, cited, p.followup, model, p.timer, p.started)
        if isinstance(p.encoder, StoredVectorEncoder):
            titles = {a.id: a.title for a in p.job.articles}
            summary = replace(summary, vectors=p.encoder.by_article(p.cleaned, titles))
        return summary
