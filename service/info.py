"""``GET /v1/info``: what this service is, as TGI's and TEI's ``/info`` say it. No key, and no
wait for the models: it is read from the settings, the model catalog and the prepared
directories' manifests (the SHA-256s ``newsfuse models verify`` checks), and answers while the
models load or after the worker stopped."""

from __future__ import annotations

import logging
from typing import Any

from models import ModelError

from . import internals
from .settings import Settings

logger = logging.getLogger(__name__)

SERVICE = "newsfuse"


def service_version() -> str:
    """This install's version, from its package metadata."""
    return internals.distribution_version(SERVICE) or "unknown"


def describe(settings: Settings) -> dict[str, Any]:
    """The service's identity under ``settings``: version, engine, device, dtype and models.
    Blocking (it may import torch and stats the prepared files): call it off the event loop."""
    try:
        engine, device = internals.engine_and_device(
            settings.engine, settings.fuser, settings.device
        )
    except (ModelError, ValueError) as exc:  # the start fails on it too, and says why
        logger.warning("engine or device unresolved: %s", exc)
        engine, device = settings.engine, settings.device
    return {
        "version": service_version(),
        "engine": engine,
        "device": device,
        "dtype": internals.weights_dtype(engine, device),
        "models": internals.model_identities(
            settings.fuser, engine, settings.model_dir, settings.multilingual != "off"
        ),
    }


def response_identity(identity: dict[str, Any]) -> dict[str, Any]:
    """What every summary's ``model`` block carries of the identity: the version, and each
    model's role, name, packages and SHA-256 (the prepared files are /v1/info's alone)."""
    return {
        "version": identity["version"],
        "models": [
            {key: m[key] for key in ("role", "name", "packages", "sha256")}
            for m in identity["models"]
        ],
    }
