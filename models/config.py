"""Pipeline configuration: one frozen object, validated once, built at the entry point.

Nothing here reads the environment: ``service/settings.py``'s ``Settings`` reads
``NEWSFUSE_*`` and builds a PipelineConfig (``Settings().pipeline_config()``); the ``newsfuse``
command line builds it the same way, with its options on top. Each field that accepts only
some values declares them (``metadata=check(...)``, :mod:`models.checks`): the config checks
them when built, and ``Settings`` turns the same declaration into its own validation.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from .checks import check, problems
from .errors import ConfigError
from .provision import DEFAULT_FUSER, default_model_dir
from .types import MAX_WORDS, MIN_WORDS

# The generation engine unless one is named: the one measured fastest for the fuser and device
# (``models.generation.registry.resolve_engine``).
DEFAULT_ENGINE = "auto"
# The generation engines (``models.generation.registry`` loads each).
ENGINES = ("llamacpp", "ctranslate2", "transformers")
MULTILINGUAL_MODES = ("auto", "always", "off")
# How grouped fusion merges a group (PipelineConfig.merger); wordgraph is the default.
MERGERS = ("lm", "wordgraph", "both")
FUSIONS = ("grouped", "oneshot")
# How the embedder computes (``models.stages.embed``).
EMBED_PRECISIONS = ("auto", "float32", "bfloat16", "ffn-int8")


def _refuse_bad_fields(obj: object) -> None:
    """Raise ConfigError naming the first field whose declared check refuses its value."""
    for name, problem in problems(obj):
        raise ConfigError(name, f"{problem} (got {getattr(obj, name)!r})")


@dataclass(frozen=True)
class Limits:
    """Input limits enforced before any model work. Each names its field in the error."""

    max_articles: int = field(default=50, metadata=check(ge=1))
    max_chars_per_article: int = field(default=200_000, metadata=check(ge=100))
    max_total_chars: int = field(default=8_000_000, metadata=check(ge=100))
    # The request's max_words bounds (SummaryOptions.max_words declares them).
    min_words: int = MIN_WORDS
    max_words: int = MAX_WORDS

    def __post_init__(self) -> None:
        _refuse_bad_fields(self)


@dataclass(frozen=True)
class PipelineConfig:
    """Everything that decides which models run where, checked when built (a field that
    holds a value it does not accept raises ConfigError naming it).

    Attributes:
        model_dir: where prepared models are cached (``NEWSFUSE_MODEL_DIR``; the default here
            is ``~/.cache/newsfuse``, and ``Settings`` honours ``XDG_CACHE_HOME``).
        fuser: a packaged fuser name or a local Hugging Face directory (``NEWSFUSE_FUSER``).
        embedder: a local sentence-transformers directory; None uses the packaged MiniLM.
        device: ``auto`` (CUDA when present, else CPU), ``cpu`` or ``cuda[:N]``.
        engine: the generation engine (``NEWSFUSE_ENGINE``): ``auto``, ``llamacpp``,
            ``ctranslate2`` or ``transformers`` (see ``models.generation.registry``).
        threads: CPU threads for torch; None uses every core this process may use.
        verify: re-hash every model file at load (``NEWSFUSE_VERIFY=1``). Off by default: a
            load checks each file's size against the manifest hashed when it was prepared
            (a missing or truncated file fails the start); ``newsfuse models verify``
            re-hashes on demand.
        fuser_input_tokens: token budget for the selected sentences handed to the fuser.
        source_words_factor: abstractive mode selects this many times the requested words.
        max_batch: most requests one batched generation takes; None uses the engine's
            measured default (``ENGINE_BATCH`` in ``models.generation.registry``).
        max_candidates: most sentences embedded per bundle; past it each article contributes
            its earliest sentences (embedding is the stage that grows with the bundle).
        candidates_per_article: only each article's first this many sentences are candidates
            (None: all). News states its key facts first; the tail costs embedding time and is
            rarely chosen (measured in benchmarks/RESULTS.md, "Embedding less").
        embed_cache_size: sentence vectors kept in memory between requests, keyed by a hash of
            the text (0 turns the cache off); a re-posted bundle embeds only its new sentences.
        embed_precision: how the embedder computes (``models.stages.embed.PRECISIONS``): ``auto``
            (bfloat16 on a CPU with bfloat16 instructions, else ``ffn-int8``; float32 on a
            GPU), ``float32``, ``bfloat16`` or ``ffn-int8``.
        fusion: how abstractive mode writes (``NEWSFUSE_FUSION``): ``grouped`` (default: one
            verified sentence per group of sources, see ``models.write.grouped``) or
            ``oneshot`` (the whole selection rewritten at once; kept as the measured baseline).
        merger: how grouped fusion merges a group (``NEWSFUSE_MERGER``): ``wordgraph``
            (default: word-graph paths of the group's own words, verified, reranked by the
            generator's log-probability, no generation; see ``models.write.graphmerge``),
            ``lm`` (the generator's free-form merge, the default until 2026-11-27) or ``both``
            (word graph first, the generator where no path passes).
        compression: grouped fusion shortens single sentences by rule where verification still
            passes (attributions, openers, evaluative words; ``models.write.compress``) and
            arranges the summary so no sentence leans on a predecessor it does not follow
            (``models.write.coherence``), whatever the merger (``NEWSFUSE_COMPRESSION``,
            default on; off: heads verbatim, lightly cleaned, in reading order).
        multilingual: ``auto`` (default): bundles with an article that is not English are
            embedded with multilingual-e5-small (``models.stages.language`` decides per article);
            ``always``: every bundle is; ``off``: English-only, non-English text gets warnings.
        torch_static_cache: the transformers engine keeps a static KV cache, with which
            transformers compiles the decoding step on CUDA (``NEWSFUSE_TORCH_STATIC_CACHE``,
            off until measured).
        torch_compile: with a static cache, compile the decoding step (``NEWSFUSE_TORCH_COMPILE``,
            default on; off keeps the static cache and skips the compilation).
        torch_cudnn_sdpa: give attention back to cuDNN (``NEWSFUSE_TORCH_CUDNN_SDPA``, default
            off: it plans every new shape, which made a first request 3-4x slower on an H200).
    """

    model_dir: Path = field(default_factory=default_model_dir)
    fuser: str = DEFAULT_FUSER
    embedder: str | None = None
    device: str = "auto"
    engine: str = field(default=DEFAULT_ENGINE, metadata=check(choices=("auto", *ENGINES)))
    threads: int | None = field(default=None, metadata=check(ge=1))
    verify: bool = False
    fuser_input_tokens: int = field(default=1536, metadata=check(gt=0))
    source_words_factor: float = field(default=3.0, metadata=check(gt=0))
    # Requests fused together in one batched generation (None: the engine's measured default).
    max_batch: int | None = field(default=None, metadata=check(ge=1, le=64))
    max_candidates: int = field(default=2000, metadata=check(ge=10))
    # 0 or None: every sentence is a candidate.
    candidates_per_article: int | None = field(default=None, metadata=check(ge=0))
    embed_cache_size: int = field(default=20_000, metadata=check(ge=0, le=10_000_000))
    embed_precision: str = field(default="auto", metadata=check(choices=EMBED_PRECISIONS))
    fusion: str = field(default="grouped", metadata=check(choices=FUSIONS))
    merger: str = field(default="wordgraph", metadata=check(choices=MERGERS))
    compression: bool = True
    multilingual: str = field(default="auto", metadata=check(choices=MULTILINGUAL_MODES))
    torch_static_cache: bool = False
    torch_compile: bool = True
    torch_cudnn_sdpa: bool = False
    limits: Limits = field(default_factory=Limits)

    def __post_init__(self) -> None:
        _refuse_bad_fields(self)

    def torch_options(self) -> dict[str, bool]:
        """The transformers engine's options (``models.generation.transformers``)."""
        return {
            "static_cache": self.torch_static_cache,
            "compile": self.torch_compile,
            "cudnn_sdpa": self.torch_cudnn_sdpa,
        }
