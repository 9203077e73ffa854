"""The story routes (``/v1/stories``): decode, call the store (in a thread), encode.

Reads serve what the store holds and never wait on a recompute; only an update not computed
before (``?since=N``) runs the pipeline, through the same queue and deadline as
``/v1/summarize``, and is kept for the next reader.
"""

from __future__ import annotations

import asyncio
from dataclasses import asdict
from typing import Annotated, Any

from fastapi import Depends, FastAPI, Query, Request
from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel, ConfigDict, Field

from models import SummaryOptions, summary_to_dict, validate
from models import warnings as W
from models.types import MAX_FOCUS_CHARS, Mode

from ..auth import supplied_key
from ..errors import ApiError
from ..routes import SettingsDep, keyed, summarize_job
from ..schemas import ArticleIn, ErrorResponse, option_field
from .rendered import RenderedSummaries
from .store import StoryJob, StoryNotFound, StoryStore, owner_of
from .worker import StoryWorker, job_of, keep_vectors


class StoryOptionsIn(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)

    # The defaults and bounds /v1/summarize's options have (declared on SummaryOptions).
    mode: Mode = option_field("mode")
    max_words: int = option_field("max_words")


class StoryIn(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)

    title: str | None = Field(None, max_length=2_000)
    focus: str | None = Field(
        None, max_length=MAX_FOCUS_CHARS, description="A question or topic the summary follows"
    )
    options: StoryOptionsIn = Field(default_factory=lambda: StoryOptionsIn())


class AppendIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    articles: list[ArticleIn] = Field(
        min_length=1, description="The /v1/summarize article shape; every article needs its id"
    )


class StoryRef(BaseModel):
    id: str
    version: int


class VersionOut(BaseModel):
    version: int


# Async (they do no blocking work): FastAPI runs a plain ``def`` dependency in a thread, and
# each hop waits for the GIL that a recompute holds; a read makes one hop, to the database.
async def get_store(request: Request) -> StoryStore:
    desk = getattr(request.app.state, "stories", None)
    if desk is None:
        raise ApiError(503, "not_ready", "the story store is not open yet", retry_after=True)
    return desk.store


async def get_owner(request: Request) -> str:
    return owner_of(supplied_key(request) if request.app.state.settings.api_keys else None)


StoreDep = Annotated[StoryStore, Depends(get_store)]
OwnerDep = Annotated[str, Depends(get_owner)]


def _not_found(story_id: str) -> ApiError:
    return ApiError(404, "not_found", f"no story {story_id}", "id")


async def _call(function: Any, *args: Any) -> Any:
    try:
        return await asyncio.to_thread(function, *args)
    except StoryNotFound as exc:
        raise _not_found(str(exc)) from None


async def create_story(body: StoryIn, store: StoreDep, owner: OwnerDep) -> JSONResponse:
    """Open a story; articles are appended to it later."""
    story_id = await _call(
        store.create, owner, body.title, body.focus, body.options.mode, body.options.max_words
    )
    return JSONResponse({"id": story_id, "version": 0}, status_code=201)


async def append_articles(
    story_id: str,
    body: AppendIn,
    request: Request,
    store: StoreDep,
    owner: OwnerDep,
    settings: SettingsDep,
) -> JSONResponse:
    """Append articles: a new version, summarised in the background. Ids already in the story
    are skipped, so a re-append adds no version."""
    for i, a in enumerate(body.articles):
        if a.id is None:
            raise ApiError(
                422, "invalid_input", "a story's articles need an id", f"articles[{i}].id"
            )
    articles = [a.to_article(a.id or "") for a in body.articles]
    validate(articles, SummaryOptions(), settings.pipeline_config())
    version = await _call(store.append, story_id, owner, articles)
    worker: StoryWorker | None = request.app.state.stories.worker
    if worker is not None:
        worker.wake()
    return JSONResponse({"version": version}, status_code=202)


async def story_summary(
    story_id: str,
    request: Request,
    store: StoreDep,
    owner: OwnerDep,
    since: Annotated[
        int | None,
        Query(ge=0, description="An update: what the articles added after this version say"),
    ] = None,
) -> Response:
    """The summary of the latest finished version (with ``since``: the update since that
    version), with an ETag."""
    desk = request.app.state.stories
    version = desk.latest.get(story_id, owner)
    if version is None:
        version = await _call(store.latest_version, story_id, owner)
        desk.latest.put(story_id, owner, version)
    if version == 0:
        raise ApiError(
            409, "not_summarized", "no version of this story is summarised yet", retry_after=True
        )
    since = since or 0
    etag = f'"{story_id}.{version}.{since}"'
    if request.headers.get("if-none-match") == etag:
        return Response(status_code=304, headers={"ETag": etag})
    # A finished version's document never changes: rendered once, then sent as it is.
    rendered: RenderedSummaries = desk.rendered
    key = (story_id, version, since)
    body = rendered.get(key)
    if body is None:
        if since >= version:
            document = _nothing_new(await _call(store.document, story_id, version), since)
        elif since:
            kept = await _call(store.update, story_id, owner, version, since)
            if isinstance(kept, StoryJob):
                document = await _compute_update(request, store, story_id, version, since, kept)
            else:
                document = kept
        else:
            document = await _call(store.document, story_id, version)
        story = {"id": story_id, "version": version}
        if since:
            story["since"] = since
        body = bytes(JSONResponse({**document, "story": story}).body)
        rendered.put(key, body)
    return Response(body, media_type="application/json", headers={"ETag": etag})


async def _compute_update(
    request: Request, store: StoryStore, story_id: str, version: int, since: int, job: StoryJob
) -> dict[str, Any]:
    from ..routes import get_backend

    config = request.app.state.settings.pipeline_config()
    summary = await summarize_job(request, get_backend(request), job_of(job, config))
    document = summary_to_dict(summary)
    await asyncio.to_thread(keep_vectors, store, story_id, summary)
    await asyncio.to_thread(store.save_update, story_id, version, since, document)
    return document


def _nothing_new(document: dict[str, Any], since: int) -> dict[str, Any]:
    """The update when no article arrived after ``since``: an empty summary."""
    return {
        **document,
        "summary": "",
        "sentences": [],
        "selection": [],
        "articles": [],
        "mode": "extractive",
        "warnings": [asdict(W.no_new_articles(since))],
    }


async def story_info(story_id: str, store: StoreDep, owner: OwnerDep) -> Any:
    """The story: its articles (without text), versions and pending work."""
    return await _call(store.info, story_id, owner)


async def delete_story(
    story_id: str, request: Request, store: StoreDep, owner: OwnerDep
) -> Response:
    """Delete the story, its articles and summaries."""
    await _call(store.delete, story_id, owner)
    request.app.state.stories.rendered.forget(story_id)
    request.app.state.stories.latest.forget(story_id)
    return Response(status_code=204)


# What a story's own routes answer beside the API's errors (ERROR_RESPONSES).
_UNKNOWN: dict[int | str, dict[str, Any]] = {
    404: {"model": ErrorResponse, "description": "No such story for this API key"}
}
_SUMMARY: dict[int | str, dict[str, Any]] = {
    **_UNKNOWN,
    304: {"description": "Not modified: the ETag sent in If-None-Match is still the latest"},
    409: {
        "model": ErrorResponse,
        "description": "No version is summarised yet; retry after Retry-After seconds",
    },
}


def add_story_routes(app: FastAPI) -> None:
    router = app.router
    read = {**keyed(app, "stories"), "responses": _UNKNOWN}
    posted = keyed(app, "stories", posted=True)
    router.add_api_route(
        "/v1/stories",
        create_story,
        methods=["POST"],
        status_code=201,
        response_model=StoryRef,
        **posted,
    )
    router.add_api_route(
        "/v1/stories/{story_id}/articles",
        append_articles,
        methods=["POST"],
        status_code=202,
        response_model=VersionOut,
        responses=_UNKNOWN,
        **posted,
    )
    router.add_api_route(
        "/v1/stories/{story_id}/summary",
        story_summary,
        methods=["GET"],
        **{**read, "responses": _SUMMARY},
    )
    router.add_api_route("/v1/stories/{story_id}", story_info, methods=["GET"], **read)
    router.add_api_route(
        "/v1/stories/{story_id}", delete_story, methods=["DELETE"], status_code=204, **read
    )
