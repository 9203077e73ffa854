"""Allowed values and ranges, declared once on a dataclass field and read by every checker.

A field declared ``field(default=..., metadata=check(ge=1, le=64))`` is checked by its own
dataclass (``PipelineConfig.__post_init__``, ``stages.validate`` for ``SummaryOptions``) with
:meth:`Check.problem`, and by the service's pydantic models with :meth:`Check.constraints`
(``service/settings.py``, ``service/schemas.py``), so a bound is written in one place.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Check:
    """What one field accepts. None (an optional field's "unset") always passes."""

    ge: float | None = None
    gt: float | None = None
    le: float | None = None
    choices: tuple[str, ...] = ()
    max_length: int | None = None

    def constraints(self) -> dict[str, Any]:
        """The pydantic ``Field`` keywords for the ranges (choices become a ``Literal``)."""
        names = ("ge", "gt", "le", "max_length")
        return {name: getattr(self, name) for name in names if getattr(self, name) is not None}

    def problem(self, value: Any) -> str | None:
        """What is wrong with ``value`` ("must be ..."), or None when it is allowed."""
        if value is None:
            return None
        if self.choices and value not in self.choices:
            names = [repr(c) for c in self.choices]
            listed = " or ".join([", ".join(names[:-1]), names[-1]] if names[:-1] else names)
            return f"must be {listed}"
        if self.max_length is not None and len(value) > self.max_length:
            return f"{len(value)} characters; the limit is {self.max_length}"
        if not isinstance(value, int | float) and (self.ge, self.gt, self.le) != (None,) * 3:
            return "must be a number"
        # Written `not (value >= ge)` so that NaN fails every range.
        ge, le = self.ge, self.le
        low = ge is not None and not (value >= ge)
        high = le is not None and not (value <= le)
        if ge is not None and le is not None and (low or high):
            return f"must be between {_number(ge)} and {_number(le)}"
        if low and ge is not None:
            return f"must be at least {_number(ge)}"
        if high and le is not None:
            return f"must be at most {_number(le)}"
        if self.gt is not None and not (value > self.gt):
            return f"must be more than {_number(self.gt)}"
        return None


def check(**rules: Any) -> dict[str, Check]:
    """A dataclass field's ``metadata`` declaring what it accepts (see :class:`Check`)."""
    return {"check": Check(**rules)}


def check_of(cls: type, name: str) -> Check:
    """The check declared on field ``name`` of dataclass ``cls``."""
    for f in dataclasses.fields(cls):
        if f.name == name:
            return f.metadata.get("check", Check())
    raise KeyError(name)


def problems(obj: Any) -> list[tuple[str, str]]:
    """``(field, problem)`` for each field of dataclass ``obj`` its declared check refuses."""
    found = []
    for f in dataclasses.fields(obj):
        rule = f.metadata.get("check")
        problem = rule.problem(getattr(obj, f.name)) if rule else None
        if problem is not None:
            found.append((f.name, problem))
    return found


def _number(value: float) -> str:
    """20 → "20", 0.0 → "0", 0.5 → "0.5" (as the messages have always written them)."""
    return str(int(value)) if float(value).is_integer() else str(value)
