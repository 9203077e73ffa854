"""Device and thread selection: CUDA when present, else CPU sized to the cores we may use."""

from __future__ import annotations

import logging
import os
from pathlib import Path
from typing import Any

logger = logging.getLogger(__name__)


def available_cpus() -> int:
    """CPUs this process may really use: affinity mask and cgroup quota (containers) respected."""
    try:
        n = len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        n = os.cpu_count() or 1
    try:
        quota, period = Path("/sys/fs/cgroup/cpu.max").read_text().split()[:2]
        if quota != "max":
            n = min(n, max(1, int(int(quota) / int(period))))
    except (OSError, ValueError):
        pass
    return max(1, n)


def resolve_device(requested: str = "auto") -> str:
    """``auto`` → ``cuda`` when torch sees a GPU, else ``cpu``; explicit values are checked."""
    import torch

    requested = requested.lower()
    if requested == "auto":
        return "cuda" if torch.cuda.is_available() else "cpu"
    if requested.startswith("cuda") and not torch.cuda.is_available():
        raise ValueError(f"device {requested!r} requested but torch sees no CUDA device")
    if requested not in {"cpu"} and not requested.startswith("cuda"):
        raise ValueError(f"device must be auto, cpu or cuda[:N], got {requested!r}")
    return requested


def configure_threads(threads: int | None = None) -> int:
    """Set torch's intra-op threads (default: the usable cores) and return the number used."""
    import torch

    n = threads or available_cpus()
    if torch.get_num_threads() != n:
        torch.set_num_threads(n)
    return n


def single_thread_blas() -> list[tuple[Any, int]]:
    """Keep the BLAS libraries loaded so far, except torch's own, to one thread; returns each
    changed library with its former thread count. Process-wide: ``Pipeline.load`` calls it.

    numpy's OpenBLAS workers busy-wait for about 0.1 s after each call: the small products
    between the stages (similarities, language scores) left them spinning on the cores torch
    and llama.cpp were about to use, and the seed bundle's embedding took 450-530 ms instead of
    380 ms (benchmarks/RESULTS.md, "Extractive latency"). Our products are small enough for
    one thread. A torch build that links its own BLAS dynamically (e.g. OpenBLAS on ARM) keeps
    its threads: that is torch's intra-op pool. Only libraries already loaded are reached.
    """
    import torch
    from threadpoolctl import ThreadpoolController

    torch_dir = str(Path(torch.__file__).resolve().parent)
    changed = []
    for lib in ThreadpoolController().lib_controllers:
        torchs = str(Path(lib.filepath).resolve()).startswith(torch_dir)
        if lib.user_api == "blas" and not torchs and lib.num_threads != 1:
            changed.append((lib, lib.num_threads))
            lib.set_num_threads(1)
    return changed


def cpu_flags(cpuinfo: str | None = None) -> frozenset[str]:
    """The CPU feature flags the kernel reports (``/proc/cpuinfo``); empty where unreadable."""
    if cpuinfo is None:
        try:
            cpuinfo = Path("/proc/cpuinfo").read_text()
        except OSError:
            return frozenset()
    for line in cpuinfo.splitlines():
        if line.startswith("flags"):
            return frozenset(line.partition(":")[2].split())
    return frozenset()


def llamacpp_repack_safe(flags: frozenset[str] | None = None) -> bool:
    """Whether llama.cpp may repack weights into its extra buffer types on this CPU.

    On CPUs with AMX (``amx_int8``/``amx_tile``: Sapphire Rapids and later) a native build
    repacks the Q4_K_M weights into AMX tiles, and the first decode died with SIGSEGV
    (llama-cpp-python 0.3.36, 2026-11-27, a 2-core Intel Xeon VM): the default fuser crashed on
    every abstractive request. Without the extra buffer types it decodes with the plain AVX-512
    kernels. CPUs without AMX keep the repacked (faster) layout.
    """
    flags = cpu_flags() if flags is None else flags
    return not ({"amx_int8", "amx_tile"} & flags)
