"""The one module of ``service/`` that reaches past the top-level ``models`` API.

Everything else in ``service/`` imports ``from models import ...`` only. What the service needs
of the pipeline's parts (the generator's batch size, the packaged generators, a fresh article
id, the pipeline's commands for the command line) is read here, so a change in ``models/``'s
layout is a change in this file alone.
"""

from __future__ import annotations

from models import Pipeline, commands
from models.config import DEFAULT_ENGINE
from models.pipeline import new_article_id
from models.provision import DEFAULT_FUSER, FUSERS

__all__ = [
    "DEFAULT_ENGINE",
    "DEFAULT_FUSER",
    "commands",
    "generates_in_batches",
    "generator_batch",
    "new_article_id",
    "packaged_generators",
]


def generator_batch(pipeline: Pipeline) -> int:
    """The most requests the pipeline's generator takes in one generation (1 without one)."""
    return pipeline.generator.max_batch if pipeline.generator is not None else 1


def generates_in_batches(pipeline: Pipeline) -> bool:
    """Whether the generator has batched generation (else it takes one request at a time)."""
    return generator_batch(pipeline) > 1


def packaged_generators() -> list[str]:
    """The names of the packaged generators, as ``/v1/models`` lists them."""
    return sorted(FUSERS)
