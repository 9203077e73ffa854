"""Errors the pipeline raises. The HTTP layer maps them to its error envelope."""

from __future__ import annotations

from enum import IntEnum
from typing import Any


class NewsfuseError(Exception):
    """Base class for every error newsfuse raises on purpose."""


class InputError(NewsfuseError, ValueError):
    """The bundle or an option is invalid. ``param`` names the offending field."""

    def __init__(self, param: str, message: str, *, kind: str = "invalid_input") -> None:
        super().__init__(f"{param}: {message}")
        self.param = param
        self.message = message
        self.kind = kind

    def __reduce__(self) -> tuple[Any, ...]:
        # Picklable, so it crosses process boundaries (a Ray replica returns it as a value).
        return (_rebuild_input_error, (type(self), self.param, self.message, self.kind))


class LimitError(InputError):
    """The input is larger than a configured limit (HTTP 413)."""

    def __init__(self, param: str, message: str) -> None:
        super().__init__(param, message, kind="limit_exceeded")


def _rebuild_input_error(cls: type[InputError], param: str, message: str, kind: str) -> InputError:
    error = InputError.__new__(cls)
    InputError.__init__(error, param, message, kind=kind)
    return error


class ModelError(NewsfuseError, RuntimeError):
    """A model is missing, corrupt or cannot be loaded. ``component`` names the part at fault."""

    def __init__(self, component: str, message: str) -> None:
        super().__init__(f"{component}: {message}")
        self.component = component
        self.message = message

    def __reduce__(self) -> tuple[Any, ...]:
        # Picklable like InputError: a Ray replica or batch actor that cannot load its models
        # reports which one, not an UnserializableException.
        return (type(self), (self.component, self.message))


class ConfigError(ModelError, ValueError):
    """A ``PipelineConfig`` (or ``Limits``) field holds a value it does not accept. ``field``
    names it. A ModelError, so every entry point that reports a model that cannot load reports
    this the same way (exit status 3, a start that fails)."""

    @property
    def field(self) -> str:
        return self.component


class ExitCode(IntEnum):
    """How every ``newsfuse`` command ends (``summarize``, ``models``, ``serve``, ``batch``)."""

    OK = 0
    BAD_INPUT = 2  # invalid input or arguments (argparse's own status for a bad option)
    MODEL_ERROR = 3  # a model is missing, corrupt or cannot load (or the server did not start)
    WORKER_FAILED = 70  # EX_SOFTWARE: the inference worker or Ray application failed: restart
    INTERRUPTED = 130  # 128 + SIGINT
