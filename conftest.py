"""pytest at the repository root: doctest collection (``--doctest-modules`` over models/ and
service/, pyproject.toml) imports every module, and some need an optional extra that may be
absent. Those are left out here rather than failing the collection; their tests say so."""

from __future__ import annotations

import importlib.util

# Alembic's migration scripts run against alembic's context when imported: they are run by
# `alembic upgrade` (tests/test_stories.py migrates a fresh database), never imported.
collect_ignore_glob: list[str] = ["service/stories/migrations/*"]
# service/ray/ needs the ray extra (`make test` installs it; tests/test_ray.py skips without).
if importlib.util.find_spec("ray") is None:
    collect_ignore_glob.append("service/ray/*.py")
