"""Service settings: one validated object from ``NEWSFUSE_*`` variables, built at start-up."""

from __future__ import annotations

import math
from functools import lru_cache
from pathlib import Path
from typing import Annotated, Literal

from pydantic import Field, field_validator, model_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

from models import Limits, PipelineConfig
from models.config import DEFAULT_ENGINE
from models.provision import DEFAULT_FUSER, default_model_dir


class Settings(BaseSettings):
    """Everything the service reads from the environment (prefix ``NEWSFUSE_``)."""

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
    # Requests fused together in one batched generation (None: the engine's measured default,
    # models.generation.registry.ENGINE_BATCH), and how long the worker waits for company
    # before a batch.
    max_batch: int | None = Field(None, ge=1, le=64)
    batch_window_ms: float = Field(20.0, ge=0, le=5_000)
    request_timeout_s: float = Field(120.0, gt=0, le=3600)
    retry_after_s: int = Field(5, ge=1, le=3600)
    exit_on_worker_failure: bool = True
    # A batch running longer than this means a stuck engine: the worker is declared dead
    # (None: twice the request timeout).
    worker_hang_s: float | None = Field(None, gt=0, le=86_400)

    # Input limits (enforced before any model work)
    max_articles: int = Field(50, ge=1)
    max_chars_per_article: int = Field(200_000, ge=100)
    max_total_chars: int = Field(8_000_000, ge=100)
    max_body_bytes: int = Field(10_000_000, ge=1_000)
    # The whole body must arrive within this many seconds of the headers (slow clients: 408).
    body_timeout_s: float = Field(60.0, gt=0, le=3600)
    # Open connections beyond this are refused with 503 by the server (uvicorn).
    max_connections: int = Field(256, ge=1, le=100_000)
    # Sentences embedded per bundle; past it each article contributes its earliest ones.
    max_candidates: int = Field(2000, ge=10)
    # Only each article's first this many sentences are candidates (0: all of them).
    candidates_per_article: int = Field(PipelineConfig.candidates_per_article or 0, ge=0)
    # Sentence vectors kept between requests (keyed by a hash of the text); 0 turns it off.
    embed_cache_size: int = Field(PipelineConfig.embed_cache_size, ge=0, le=10_000_000)
    # How the embedder computes: auto (bfloat16 on CPUs that have it, else ffn-int8; float32
    # on a GPU), float32, bfloat16 or ffn-int8 (models.embed.PRECISIONS).
    embed_precision: Literal["auto", "float32", "bfloat16", "ffn-int8"] = "auto"

    # Models
    model_dir: Path = Field(default_factory=default_model_dir)
    fuser: str = DEFAULT_FUSER
    embedder: str | None = None
    device: str = "auto"
    engine: Literal["auto", "llamacpp", "ctranslate2", "transformers"] = DEFAULT_ENGINE
    threads: int | None = Field(None, ge=1)
    # Re-hash every model file at start (default: sizes only; hashed at prepare time).
    verify: bool = PipelineConfig.verify
    # How abstractive mode writes: grouped (verified sentence per group) or oneshot (baseline).
    fusion: Literal["grouped", "oneshot"] = "grouped"
    # Bundles that are not English: auto (multilingual embedder for them), always, or off.
    multilingual: Literal["auto", "always", "off"] = "auto"

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

    def limits(self) -> Limits:
        return Limits(
            max_articles=self.max_articles,
            max_chars_per_article=self.max_chars_per_article,
            max_total_chars=self.max_total_chars,
        )

    def pipeline_config(self) -> PipelineConfig:
        return PipelineConfig(
            model_dir=self.model_dir,
            fuser=self.fuser,
            embedder=self.embedder,
            device=self.device,
            engine=self.engine,
            threads=self.threads,
            verify=self.verify,
            max_batch=self.max_batch,
            max_candidates=self.max_candidates,
            candidates_per_article=self.candidates_per_article or None,
            embed_cache_size=self.embed_cache_size,
            embed_precision=self.embed_precision,
            fusion=self.fusion,
            multilingual=self.multilingual,
            limits=self.limits(),
        )


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """The process's settings, read once (tests pass their own to ``create_app``)."""
    return Settings()
