"""Model provisioning: every model comes from a PyPI package, pinned by SHA-256, prepared once.

- ``catalog``: the packaged models and their pins.
- ``sources``: the installed packages read against the pins (embedders used in place, the
  fuser's GGUF assembled from its parts).
- ``store``: the model directory (one for every entry point), manifests, the locked atomic
  build.
- ``build``: one target per engine, each with ``prepare()`` (builds only what that engine
  loads) and ``resolve()`` (finds it at start, sizes checked, never builds); ``convert`` holds
  the conversions the targets run.

Hashing happens when a model is prepared (``newsfuse models prepare``) and when asked
(``newsfuse models verify``, or ``NEWSFUSE_VERIFY=1`` at every start); a start checks sizes.
Nothing here touches the network.
"""

from .build import TARGETS, ct2_dir, gguf_dir, prepare, resolve_fuser
from .catalog import (
    DEFAULT_FUSER,
    EMBEDDER,
    FUSERS,
    MULTILINGUAL_EMBEDDER,
    PackagedEmbedder,
    PackagedGGUF,
)
from .convert import CT2_QUANTIZATION, GGUF_FILE, HF_CONFIG
from .sources import (
    EMBEDDERS_RECORD,
    assemble_gguf,
    embedder_path,
    installed_embedders,
    prepare_embedders,
)
from .store import MANIFEST, default_model_dir, prepared_dirs, sha256_file, verify_prepared

__all__ = [
    "CT2_QUANTIZATION",
    "DEFAULT_FUSER",
    "EMBEDDER",
    "EMBEDDERS_RECORD",
    "FUSERS",
    "GGUF_FILE",
    "HF_CONFIG",
    "MANIFEST",
    "MULTILINGUAL_EMBEDDER",
    "PackagedEmbedder",
    "PackagedGGUF",
    "TARGETS",
    "assemble_gguf",
    "ct2_dir",
    "default_model_dir",
    "embedder_path",
    "gguf_dir",
    "installed_embedders",
    "prepare",
    "prepare_embedders",
    "prepared_dirs",
    "resolve_fuser",
    "sha256_file",
    "verify_prepared",
]
