"""Request and response models: pydantic lives at the HTTP edge only."""

from __future__ import annotations

import dataclasses
import json
from types import UnionType
from typing import Any, Literal, Union, get_args, get_origin, get_type_hints

from pydantic import BaseModel, ConfigDict, Field, create_model

from models import Article, Job, LimitError, PipelineConfig, SummaryDoc, SummaryOptions, validate
from models.types import Mode

from .internals import new_article_id

# A real example: two short excerpts of the seed bundle (examples/seeds).
EXAMPLE_REQUEST: dict[str, Any] = {
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


# articles[].metadata: its size as compact UTF-8 JSON.
MAX_METADATA_BYTES = 4096


def metadata_bytes(metadata: dict[str, Any]) -> int:
    return len(json.dumps(metadata, ensure_ascii=False, separators=(",", ":")).encode())


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
    metadata: dict[str, Any] | None = Field(
        None,
        description="Anything of the CMS's (author, section, its own id): an object of at most "
        f"{MAX_METADATA_BYTES} bytes as compact JSON, echoed back untouched in this article's "
        "entry of the response; the pipeline never reads it",
    )

    def to_article(self, article_id: str) -> Article:
        """The pipeline's Article for this one, under ``article_id``."""
        return Article(
            id=article_id,
            text=self.text,
            title=self.title,
            url=self.url,
            source=self.source,
            published_at=self.published_at,
        )


_OPTIONS = {f.name: f for f in dataclasses.fields(SummaryOptions)}


def option_field(name: str, description: str | None = None) -> Any:
    """The schema field for SummaryOptions' field ``name``: its default, and the bounds it
    declares (models/types.py), so the schema and the pipeline's own check agree."""
    declared = _OPTIONS[name]
    rule = declared.metadata.get("check")
    constraints = rule.constraints() if rule else {}
    return Field(declared.default, description=description, **constraints)


class OptionsIn(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)

    mode: Mode = option_field("mode")
    max_words: int = option_field("max_words", "Upper bound; aims at 80-100% of it")
    diversity: float = option_field("diversity", "MMR redundancy weight")
    drop_unsupported: bool = option_field("drop_unsupported")
    include_selection: bool = option_field("include_selection")
    focus: str | None = option_field(
        "focus", "A question or topic: summarise what the articles say about it"
    )
    seen: list[str] = Field(
        default_factory=list,
        description="Ids of articles the reader already knows: summarise what the others add",
    )
    previous_summary: str | None = option_field(
        "previous_summary",
        "The summary the reader already has (instead of seen): summarise what is new since",
    )

    offsets: Literal["codepoint", "utf16"] = Field(
        default="codepoint",
        description="How start/end count: codepoint (Python's str indices) or utf16 (code "
        "units, JavaScript's String.prototype.slice); they differ after a character past "
        "U+FFFF, such as an emoji",
    )

    def to_options(self) -> SummaryOptions:
        # offsets is the HTTP edge's (service/document.py): the pipeline counts code points.
        values = self.model_dump(exclude={"offsets"})
        return SummaryOptions(**{**values, "seen": tuple(values["seen"])})


class SummarizeRequest(BaseModel):
    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [EXAMPLE_REQUEST]})

    articles: list[ArticleIn] = Field(min_length=1, description="Articles about one event")
    options: OptionsIn = Field(default_factory=OptionsIn)

    def to_job(self, config: PipelineConfig) -> Job:
        """The job this request asks for, validated against ``config``'s limits before any
        model work (an ``InputError`` names the field); ids are generated where absent."""
        for i, a in enumerate(self.articles):
            if a.metadata is not None and (size := metadata_bytes(a.metadata)) > MAX_METADATA_BYTES:
                raise LimitError(
                    f"articles[{i}].metadata",
                    f"is {size} bytes as JSON; at most {MAX_METADATA_BYTES}",
                )
        articles = [a.to_article(a.id or new_article_id()) for a in self.articles]
        return validate(articles, self.options.to_options(), config)


# The response document is declared once, in models (models/serialize.py); its schema here
# is derived from those dataclasses, under the names the API has always published.
_RESPONSE_NAMES = {
    "CitationDoc": "CitationOut",
    "SentenceDoc": "SentenceOut",
    "SelectedDoc": "SelectedOut",
    "FusionDoc": "FusionOut",
    "FollowupDoc": "FollowupOut",
    "WarningDoc": "WarningOut",
    "ArticleDoc": "ArticleUsageOut",
    "ModelDoc": "ModelOut",
    "ModelIdentityDoc": "ModelIdentityOut",
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


ModelIdentityOut = _MODELS["ModelIdentityOut"]


# ModelIdentityOut is derived at run time from models/serialize.py (create_model), which mypy
# cannot follow as a base class or an annotation: the ignores below say so, nothing else.
class ModelFilesOut(ModelIdentityOut):  # type: ignore[valid-type,misc]
    files: dict[str, str] | None = Field(
        description="File → SHA-256 of the directory the engine loads, from its manifest "
        "(null: not prepared for this engine)"
    )


class InfoResponse(BaseModel):
    version: str = Field(description="newsfuse's version, from its package metadata")
    ready: bool = Field(description="Whether the models are loaded and warm (as /readyz)")
    engine: str
    device: str
    dtype: str | None = Field(description="The weights' number format as the engine runs them")
    models: list[ModelFilesOut]
    limits: dict[str, int]
    default_options: OptionsIn


class ModelsResponse(BaseModel):
    model: ModelOut  # type: ignore[valid-type]
    packaged_fusers: list[str]
    default_options: OptionsIn
    limits: dict[str, int]
