"""Pipeline configuration: one frozen object, built once at the entry point."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field, fields, replace
from pathlib import Path

from .provision import DEFAULT_FUSER, default_model_dir

# The generation engine unless one is named: the one measured fastest for the fuser and device
# (``models.generation.registry.resolve_engine``).
DEFAULT_ENGINE = "auto"


@dataclass(frozen=True)
class Limits:
    """Input limits enforced before any model work. Each names its field in the error."""

    max_articles: int = 50
    max_chars_per_article: int = 200_000
    max_total_chars: int = 8_000_000
    min_words: int = 20
    max_words: int = 600


MULTILINGUAL_MODES = ("auto", "always", "off")
# How grouped fusion merges a group (PipelineConfig.merger); wordgraph is the default.
MERGERS = ("lm", "wordgraph", "both")


@dataclass(frozen=True)
class PipelineConfig:
    """Everything that decides which models run where.

    Attributes:
        model_dir: where prepared models are cached (``NEWSFUSE_MODEL_DIR``).
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
    """

    model_dir: Path = field(default_factory=default_model_dir)
    fuser: str = DEFAULT_FUSER
    embedder: str | None = None
    device: str = "auto"
    engine: str = DEFAULT_ENGINE
    threads: int | None = None
    verify: bool = False
    fuser_input_tokens: int = 1536
    source_words_factor: float = 3.0
    max_batch: int | None = None
    max_candidates: int = 2000
    candidates_per_article: int | None = None
    embed_cache_size: int = 20_000
    embed_precision: str = "auto"
    fusion: str = "grouped"
    merger: str = "wordgraph"
    compression: bool = True
    multilingual: str = "auto"
    limits: Limits = field(default_factory=Limits)

    @classmethod
    def from_env(
        cls, environ: Mapping[str, str] | None = None, **overrides: object
    ) -> PipelineConfig:
        """Build from ``NEWSFUSE_*`` variables; explicit ``overrides`` (not None) win."""
        env = os.environ if environ is None else environ
        values: dict[str, object] = {}
        for f in fields(cls):
            raw = env.get(f"NEWSFUSE_{f.name.upper()}")
            if raw is None or f.name == "limits":
                continue
            if f.name == "model_dir":
                values[f.name] = Path(raw)
            elif f.name == "threads":
                values[f.name] = int(raw) if raw else None
            elif f.name in ("verify", "compression"):
                values[f.name] = raw.lower() not in {"0", "false", "no", "off"}
            elif f.name in ("fuser_input_tokens", "max_candidates", "embed_cache_size"):
                values[f.name] = int(raw)
            elif f.name in ("max_batch", "candidates_per_article"):
                values[f.name] = int(raw) if raw else None
            elif f.name == "source_words_factor":
                values[f.name] = float(raw)
            else:
                values[f.name] = raw
        values.update({k: v for k, v in overrides.items() if v is not None})
        return replace(cls(), **values)  # type: ignore[arg-type]
