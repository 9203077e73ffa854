"""Request and response models: pydantic lives at the HTTP edge only."""

from __future__ import annotations

import dataclasses
from types import UnionType
from typing import Any, Literal, Union, get_args, get_origin, get_type_hints

from pydantic import BaseModel, ConfigDict, Field, create_model

from models import Article, PipelineConfig, SummaryDoc, SummaryOptions, validate
from models.stages.validate import MAX_FOCUS_CHARS, MAX_PREVIOUS_SUMMARY_CHARS

from .internals import new_article_id
from .runner import Job

# A real example: two short excerpts of the seed bundle (examples/seeds).
EXAMPLE_REQUEST = {
    "articles": [
        {
            "id": "reuters-1",
            "title": "Xi, Blinken agree to stabilize US-China relations in Beijing talks",
            "text": (
                "China and the United States agreed on Monday to stabilize their intense rivalry "
                "so it does not veer into conflict, but failed to produce any major breakthrough "
                "during a rare visit to Beijing by U.S. Secretary of State Antony Blinken.\n\n"
                "China refused to entertain Washington's bid to resume military-to-military "
                "communication channels, citing U.S. sanctions as the obstacle."
            ),
            "source": "Reuters",
            "published_at": "2023-06-19T16:00:00Z",
        },
        {
            "id": "korr-2",
            "text": (
                "Blinken became the first US Secretary of State to visit Beijing in five years. "
                "Xi greeted Blinken with an outstretched hand and ushered him into the Great Hall "
                "of the People, a venue Beijing often uses to greet heads of state.\n"
                "Beijing rejected an offer to establish ties between the Chinese and American "
                "armies."
            ),
        },
    ],
    "options": {"mode": "abstractive", "max_words": 60},
}


class ArticleIn(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)

    id: str | None = Field(
        None, min_length=1, max_length=200, description="Unique in the bundle; generated if absent"
    )
    title: str | None = Field(None, max_length=2_000)
    text: str = Field(
        min_length=1, description="The article body; citations are offsets into it as posted"
    )
    url: str | None = Field(None, max_length=4_000)
    source: str | None = Field(None, max_length=500)
    published_at: str | None = Field(None, max_length=64, description="ISO 8601")


class OptionsIn(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)

    mode: Literal["abstractive", "extractive"] = "abstractive"
    max_words: int = Field(
        default=120, ge=20, le=600, description="Upper bound; aims at 80-100% of it"
    )
    diversity: float = Field(default=0.3, ge=0.0, le=1.0, description="MMR redundancy weight")
    drop_unsupported: bool = False
    include_selection: bool = True
    focus: str | None = Field(
        default=None,
        max_length=MAX_FOCUS_CHARS,
        description="A question or topic: summarise what the articles say about it",
    )
    seen: list[str] = Field(
        default_factory=list,
        description="Ids of articles the reader already knows: summarise what the others add",
    )
    previous_summary: str | None = Field(
        default=None,
        max_length=MAX_PREVIOUS_SUMMARY_CHARS,
        description="The summary the reader already has (instead of seen): summarise what "
        "is new since",
    )

    def to_options(self) -> SummaryOptions:
        values = self.model_dump()
        return SummaryOptions(**{**values, "seen": tuple(values["seen"])})


class SummarizeRequest(BaseModel):
    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [EXAMPLE_REQUEST]})

    articles: list[ArticleIn] = Field(min_length=1, description="Articles about one event")
    options: OptionsIn = Field(default_factory=OptionsIn)

    def to_job(self, config: PipelineConfig) -> Job:
        """The job this request asks for, validated against ``config``'s limits before any
        model work (an ``InputError`` names the field); ids are generated where absent."""
        articles = [
            Article(
                id=a.id or new_article_id(),
                text=a.text,
                title=a.title,
                url=a.url,
                source=a.source,
                published_at=a.published_at,
            )
            for a in self.articles
        ]
        options = self.options.to_options()
        validate(articles, options, config)
        return articles, options


# The response document is declared once, in models (models/serialize.py); its schema here
# is derived from those dataclasses, under the names the API has always published.
_RESPONSE_NAMES = {
    "CitationDoc": "CitationOut",
    "SentenceDoc": "SentenceOut",
    "SelectedDoc": "SelectedOut",
    "FusionDoc": "FusionOut",
    "FollowupDoc": "FollowupOut",
    "ArticleDoc": "ArticleUsageOut",
    "ModelInfo": "ModelOut",
    "SummaryDoc": "SummarizeResponse",
}


def _schema(doc: Any, built: dict[str, type[BaseModel]]) -> Any:
    """The pydantic model for a document dataclass (nested ones included), else ``doc``."""
    if dataclasses.is_dataclass(doc) and isinstance(doc, type):
        name = _RESPONSE_NAMES[doc.__name__]
        if name not in built:
            hints = get_type_hints(doc)
            fields: dict[str, Any] = {}
            for f in dataclasses.fields(doc):
                default = ... if f.default is dataclasses.MISSING else f.default
                info = Field(default, description=f.metadata.get("doc"))
                fields[f.name] = (_schema(hints[f.name], built), info)
            built[name] = create_model(name, **fields)
        return built[name]
    args = get_args(doc)
    if not args:
        return doc
    swapped = tuple(_schema(arg, built) for arg in args)
    origin = get_origin(doc)
    return Union[swapped] if origin in (Union, UnionType) else origin[swapped]  # noqa: UP007


_MODELS: dict[str, type[BaseModel]] = {}
SummarizeResponse: type[BaseModel] = _schema(SummaryDoc, _MODELS)
ModelOut = _MODELS["ModelOut"]


class ErrorBody(BaseModel):
    type: str
    message: str
    param: str | None = None


class ErrorResponse(BaseModel):
    error: ErrorBody


class ModelsResponse(BaseModel):
    model: ModelOut  # type: ignore[valid-type]
    packaged_fusers: list[str]
    default_options: OptionsIn
    limits: dict[str, int]
