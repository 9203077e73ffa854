"""The state of one bundle between preparing and writing (:class:`Prepared`): what the
pipeline's stages before the writers made of it, handed to the writer the mode chooses."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from . import warnings as W
from .stages.embed import Encoder
from .stages.timer import Timer
from .types import CleanedBundle, Group, Job, Mode, Selected, Sentence


@dataclass(frozen=True)
class Prepared:
    """One bundle after every stage before writing: its candidates and their vectors, the
    mode it is written in, and what the writer takes: ``groups`` (grouped fusion, with each
    candidate's ``salience``) or a ``selection`` (extractive and one-shot)."""

    job: Job
    timer: Timer
    started: float
    cleaned: CleanedBundle
    encoder: Encoder
    english: bool
    candidates: tuple[Sentence, ...]
    vectors: np.ndarray
    mode: Mode
    warnings: tuple[W.SummaryWarning, ...]
    followup: dict[str, int]
    # The articles (by index) left out as about another subject (stages/offtopic.py).
    off_topic: frozenset[int] = frozenset()
    groups: tuple[Group, ...] | None = None
    salience: np.ndarray | None = None
    selection: tuple[Selected, ...] = ()
