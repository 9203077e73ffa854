from __future__ import annotations

from pathlib import Path

import pytest

from models.device import (
    available_cpus,
    configure_threads,
    cpu_flags,
    llamacpp_repack_safe,
    resolve_device,
    single_thread_blas,
)


def test_auto_falls_back_to_cpu_without_cuda(monkeypatch):
    import torch

    monkeypatch.setattr(torch.cuda, "is_available", lambda: False)
    assert resolve_device("auto") == "cpu"
    with pytest.raises(ValueError):
        resolve_device("cuda")


def test_auto_picks_cuda_when_present(monkeypatch):
    import torch

    monkeypatch.setattr(torch.cuda, "is_available", lambda: True)
    assert resolve_device("auto") == "cuda"
    assert resolve_device("cuda:1") == "cuda:1"


def test_unknown_device_is_rejected():
    with pytest.raises(ValueError):
        resolve_device("tpu")


def test_threads_default_to_usable_cores():
    import torch

    n = configure_threads(None)
    assert n == available_cpus() >= 1
    assert torch.get_num_threads() == n


def test_blas_is_kept_to_one_thread_and_torch_keeps_its_own():
    import numpy as np  # noqa: F401  (its OpenBLAS must be loaded)
    import torch
    from threadpoolctl import threadpool_info

    n = configure_threads(None)
    changed = single_thread_blas()
    try:
        blas = [pool for pool in threadpool_info() if pool["user_api"] == "blas"]
        assert blas, "numpy's BLAS should be visible to threadpoolctl"
        torch_dir = str(Path(torch.__file__).resolve().parent)
        for pool in blas:
            if not str(Path(pool["filepath"]).resolve()).startswith(torch_dir):
                assert pool["num_threads"] == 1, pool
        assert torch.get_num_threads() == n
    finally:
        for lib, threads in changed:  # process-wide: leave the other tests as they were
            lib.set_num_threads(threads)


def test_cpu_flags_are_read_from_cpuinfo():
    info = "processor\t: 0\nflags\t\t: fpu sse avx2 amx_tile amx_int8\n\nprocessor\t: 1\n"
    assert {"avx2", "amx_tile", "amx_int8"} <= cpu_flags(info)
    assert cpu_flags("processor\t: 0\n") == frozenset()


def test_llamacpp_repacking_is_off_on_amx_cpus():
    # A native llama.cpp build crashed (SIGSEGV) decoding AMX-repacked weights.
    assert not llamacpp_repack_safe(frozenset({"avx512f", "amx_tile", "amx_int8"}))
    assert llamacpp_repack_safe(frozenset({"avx2", "avx512f", "avx512_bf16"}))
