"""newsfuse's ML pipeline: a bundle of news articles → one cited summary.

Example:
    >>> from models import Article, Pipeline, SummaryOptions  # doctest: +SKIP
    >>> pipe = Pipeline.load()  # doctest: +SKIP
    >>> pipe.summarize(articles, SummaryOptions(max_words=120)).summary  # doctest: +SKIP
"""

from .config import Limits, PipelineConfig
from .errors import ConfigError, ExitCode, InputError, LimitError, ModelError, NewsfuseError
from .pipeline import Pipeline
from .serialize import SummaryDoc, summary_document, summary_to_dict
from .stages.validate import validate
from .types import (
    Article,
    ArticleUsage,
    Citation,
    Job,
    ModelInfo,
    Selected,
    Sentence,
    Summary,
    SummaryOptions,
    SummarySentence,
)
from .warnings import SummaryWarning

__all__ = [
    "Article",
    "ArticleUsage",
    "Citation",
    "ConfigError",
    "ExitCode",
    "InputError",
    "Job",
    "Limits",
    "LimitError",
    "ModelError",
    "ModelInfo",
    "NewsfuseError",
    "Pipeline",
    "PipelineConfig",
    "Selected",
    "Sentence",
    "Summary",
    "SummaryDoc",
    "SummaryOptions",
    "SummarySentence",
    "SummaryWarning",
    "summary_document",
    "summary_to_dict",
    "validate",
]
