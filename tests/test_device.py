from __future__ import annotations

import pytest

from models.device import available_cpus, configure_threads, resolve_device


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
