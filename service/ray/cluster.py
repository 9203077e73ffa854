"""Joining a Ray cluster and sizing what one replica or batch actor reserves on it."""

from __future__ import annotations

import os
from typing import Any

import ray

from ..settings import Settings


def ray_init_options(settings: Settings) -> dict[str, Any]:
    """``ray.init`` arguments: join ``NEWSFUSE_RAY_ADDRESS`` (or ``RAY_ADDRESS``), else start a
    local instance of our own without the dashboard (``"local"``: never a cluster that
    ``ray start`` left on this machine, which a plain ``ray.init()`` would join)."""
    address = settings.ray_address or os.environ.get("RAY_ADDRESS")
    if address:
        return {"address": address}
    return {"address": "local", "include_dashboard": False}


def replica_gpus(settings: Settings) -> float:
    """GPU share of one replica: the setting, else half a device when the cluster has GPUs."""
    if settings.ray_replica_gpus is not None:
        return settings.ray_replica_gpus
    has_gpu = ray.is_initialized() and ray.cluster_resources().get("GPU", 0) > 0
    return 0.5 if has_gpu else 0.0
