"""Service settings: one validated object from ``NEWSFUSE_*`` variables, built at start-up.

This is the one place that reads the environment. The pipeline's settings are not declared
here: every field of ``models.PipelineConfig`` (and of its ``Limits``, but the word bounds,
which the request schema states) is a setting of the same name (``NEWSFUSE_<NAME>``), with
PipelineConfig's type and default, and the allowed values and ranges PipelineConfig declares
on that field (``models.checks``), so a bad value fails at start-up, before any model is
loaded, with the same bounds the config itself checks. ``pipeline_config()`` builds the
PipelineConfig the pipeline runs with.
"""

from __future__ import annotations

import dataclasses
import math
import os
from functools import lru_cache
from pathlib import Path
from typing import Annotated, Any, Literal, get_type_hints

from pydantic import Field, create_model, field_validator, model_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

from models import Limits, PipelineConfig
from models.provision import default_model_dir

_LIMITS = ("max_articles", "max_chars_per_article", "max_total_chars")


def _model_dir() -> Path:
    """``$XDG_CACHE_HOME/newsfuse``, else ``~/.cache/newsfuse`` (``NEWSFUSE_MODEL_DIR`` wins)."""
    return default_model_dir(os.environ.get("XDG_CACHE_HOME") or None)


# Defaults that come from the environment rather than from the dataclass.
_DEFAULT_FACTORIES = {"model_dir": _model_dir}


def _fields_of(config: type, names: list[str] | tuple[str, ...]) -> dict[str, Any]:
    """Settings fields for these dataclass fields: their type and default, and the values and
    ranges the field declares (``metadata["check"]``: choices become a Literal)."""
    hints = get_type_hints(config)
    out: dict[str, Any] = {}
    for f in dataclasses.fields(config):
        if f.name not in names:
            continue
        rule = f.metadata.get("check")
        kind = Literal[rule.choices] if rule and rule.choices else hints[f.name]
        constraints = rule.constraints() if rule else {}
        factory = _DEFAULT_FACTORIES.get(f.name)
        if factory is None and f.default_factory is not dataclasses.MISSING:
            factory = f.default_factory
        if factory is not None:
            default = Field(default_factory=factory, **constraints)
        else:
            default = Field(f.default, **constraints)
        out[f.name] = (kind, default)
    return out


_PIPELINE = [f.name for f in dataclasses.fields(PipelineConfig) if f.name != "limits"]
_PipelineSettings: type[BaseSettings] = create_model(
    "_PipelineSettings",
    __base__=BaseSettings,
    **_fields_of(PipelineConfig, _PIPELINE),
    **_fields_of(Limits, _LIMITS),
)


# mypy cannot follow a base class made at run time by create_model (a variable, to it): the one
# ignore the service keeps, until Settings declares its pipeline fields itself.
class Settings(_PipelineSettings):  # type: ignore[misc,valid-type]
    """Everything the service reads from the environment (prefix ``NEWSFUSE_``): the fields
    below, and PipelineConfig's."""

    model_config = SettingsConfigDict(env_prefix="NEWSFUSE_", extra="ignore", frozen=True)

    # Server
    host: str = "127.0.0.1"
    port: int = Field(8000, ge=1, le=65535)
    workers: int = Field(1, ge=1, le=64)
    # Comma-separated API keys; empty = authentication off (local use).
    api_keys: Annotated[tuple[str, ...], NoDecode] = ()
    cors_origins: Annotated[tuple[str, ...], NoDecode] = ()
    log_format: Literal["json", "text"] = "json"
    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = "INFO"

    # Admission control
    queue_size: int = Field(8, ge=1, le=10_000)
    # How long the worker waits for company before a batch (max_batch: PipelineConfig's).
    batch_window_ms: float = Field(20.0, ge=0, le=5_000)
    request_timeout_s: float = Field(120.0, gt=0, le=3600)
    retry_after_s: int = Field(5, ge=1, le=3600)
    exit_on_worker_failure: bool = True
    # A batch running longer than this means a stuck engine: the worker is declared dead
    # (None: twice the request timeout).
    worker_hang_s: float | None = Field(None, gt=0, le=86_400)

    # Request limits the HTTP layer enforces (the pipeline's are PipelineConfig's)
    max_body_bytes: int = Field(10_000_000, ge=1_000)
    # The whole body must arrive within this many seconds of the headers (slow clients: 408).
    body_timeout_s: float = Field(60.0, gt=0, le=3600)
    # Open connections beyond this are refused with 503 by the server (uvicorn).
    max_connections: int = Field(256, ge=1, le=100_000)

    # Ray (pip install newsfuse[ray]): `newsfuse serve --ray` and `newsfuse batch`.
    # The cluster to join (None: RAY_ADDRESS if set, else a local Ray instance on this machine).
    ray_address: str | None = None
    # Pipeline replicas, each owning its own models; Serve autoscales between min and max on
    # the requests queued or running per replica (target_ongoing_requests).
    ray_min_replicas: int = Field(1, ge=0, le=1_000)
    ray_max_replicas: int = Field(2, ge=1, le=1_000)
    ray_target_ongoing_requests: float = Field(2.0, gt=0, le=1_000)
    # Resources one replica reserves (its torch/llama.cpp threads default to its CPUs). GPUs:
    # None = 0.5 per replica (two share a device) when the cluster has GPUs, else none.
    ray_replica_cpus: float = Field(1.0, gt=0, le=512)
    ray_replica_gpus: float | None = Field(None, ge=0, le=8)
    # Times a request is re-sent to another replica after its replica died (a summary is a
    # pure function of its input, so a retry is safe).
    ray_request_retries: int = Field(2, ge=0, le=10)

    # Stories (service/stories): where they are kept, their limits and their worker.
    # A SQLAlchemy URL (postgresql+psycopg://... for replicas that share one); None: an SQLite
    # file in data_dir.
    database_url: str | None = None
    data_dir: Path = Path("~/.local/share/newsfuse")
    story_max_articles: int = Field(200, ge=1, le=10_000)
    story_max_words: int = Field(200_000, ge=100, le=10_000_000)
    # A story untouched (no append) for this long is deleted.
    story_retention_days: float = Field(30.0, gt=0, le=3650)
    # A recompute whose worker stops renewing its claim for this long (it died) is taken again.
    story_lease_s: float = Field(30.0, ge=0.5, le=3600)
    story_poll_s: float = Field(1.0, gt=0, le=60)
    story_max_attempts: int = Field(3, ge=1, le=100)

    @field_validator("api_keys", "cors_origins", mode="before")
    @classmethod
    def _split_csv(cls, value: object) -> object:
        if isinstance(value, str):
            return tuple(part.strip() for part in value.split(",") if part.strip())
        return value

    @model_validator(mode="after")
    def _replica_range(self) -> Settings:
        if self.ray_min_replicas > self.ray_max_replicas:
            raise ValueError(
                f"ray_min_replicas ({self.ray_min_replicas}) must not exceed "
                f"ray_max_replicas ({self.ray_max_replicas})"
            )
        return self

    def for_replica(self) -> Settings:
        """The settings one Ray replica or batch actor runs with: its torch and llama.cpp
        threads are the whole CPUs it reserved (at least one; never more, so replicas sharing
        a machine do not fight over its cores), unless ``threads`` is set."""
        threads = self.threads or max(1, math.floor(self.ray_replica_cpus))
        return self.model_copy(update={"threads": threads})

    def database(self) -> str:
        """The stories' database URL: NEWSFUSE_DATABASE_URL, else an SQLite file in data_dir."""
        return self.database_url or f"sqlite:///{self.data_dir.expanduser() / 'stories.db'}"

    def limits(self) -> Limits:
        return Limits(**{name: getattr(self, name) for name in _LIMITS})

    def pipeline_config(self) -> PipelineConfig:
        values = {name: getattr(self, name) for name in _PIPELINE}
        values["candidates_per_article"] = self.candidates_per_article or None  # 0: all
        return PipelineConfig(**values, limits=self.limits())

    def published_limits(self) -> dict[str, int]:
        """The limits ``/v1/models`` states."""
        limits = self.limits()
        return {
            "max_articles": limits.max_articles,
            "max_chars_per_article": limits.max_chars_per_article,
            "max_total_chars": limits.max_total_chars,
            "max_body_bytes": self.max_body_bytes,
            "max_candidates": self.max_candidates,
            "min_words": limits.min_words,
            "max_words": limits.max_words,
        }


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """The process's settings, read once (tests pass their own to ``create_app``)."""
    return Settings()
