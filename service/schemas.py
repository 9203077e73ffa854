"""Request and response models: pydantic lives at the HTTP edge only."""

from __future__ import annotations

from collections.abc import Callable
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from models import Article, SummaryOptions

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
    max_words: int = Field(120, ge=20, le=600, description="Upper bound; aims at 80-100% of it")
    diversity: float = Field(0.3, ge=0.0, le=1.0, description="MMR redundancy weight")
    drop_unsupported: bool = False
    include_selection: bool = True

    def to_options(self) -> SummaryOptions:
        return SummaryOptions(**self.model_dump())


class SummarizeRequest(BaseModel):
    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [EXAMPLE_REQUEST]})

    articles: list[ArticleIn] = Field(min_length=1, description="Articles about one event")
    options: OptionsIn = Field(default_factory=OptionsIn)

    def to_articles(self, new_id: Callable[[int], str]) -> list[Article]:
        return [
            Article(
                id=a.id or new_id(i),
                text=a.text,
                title=a.title,
                url=a.url,
                source=a.source,
                published_at=a.published_at,
            )
            for i, a in enumerate(self.articles)
        ]


class CitationOut(BaseModel):
    article_id: str
    sentence_index: int
    start: int = Field(description="Character offset into the posted text (inclusive)")
    end: int = Field(description="Character offset into the posted text (exclusive)")
    score: float


class SentenceOut(BaseModel):
    text: str
    supported: bool
    support: float
    unsupported_terms: list[str]
    citations: list[CitationOut]
    method: str = Field(
        description="How the sentence was written: extracted (extractive mode), verbatim (a "
        "group's head sentence, lightly cleaned), fused (the fuser's merge of its group, "
        "verified), fallback (a merge that failed verification, so the head verbatim), "
        "generated (one-shot fusion)"
    )


class FusionOut(BaseModel):
    groups: int = Field(description="Summary sentences, one per group of sources")
    fused: int
    fallback: int
    verbatim: int
    merges_tried: int = Field(description="Merges the fuser wrote for this summary")
    merges_failed: int = Field(description="Merges that failed verification")
    fallback_rate: float | None = Field(description="merges_failed / merges_tried")


class SelectedOut(BaseModel):
    article_id: str
    sentence_index: int
    start: int
    end: int
    salience: float


class ArticleUsageOut(BaseModel):
    id: str
    used: bool
    duplicate_of: str | None


class ModelOut(BaseModel):
    embedder: str
    fuser: str
    engine: str
    device: str


class SummarizeResponse(BaseModel):
    summary: str
    sentences: list[SentenceOut]
    selection: list[SelectedOut]
    articles: list[ArticleUsageOut]
    model: ModelOut
    usage: dict[str, int]
    timings_ms: dict[str, float]
    warnings: list[str]
    fusion: FusionOut | None = Field(
        None, description="Grouped fusion's counts (abstractive mode); null otherwise"
    )


class ErrorBody(BaseModel):
    type: str
    message: str
    param: str | None = None


class ErrorResponse(BaseModel):
    error: ErrorBody


class ModelsResponse(BaseModel):
    model: ModelOut
    packaged_fusers: list[str]
    default_options: OptionsIn
    limits: dict[str, int]
