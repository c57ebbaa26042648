"""Counts that add up: one base for every ledger of numbers llmx keeps.

Usage (calls, tokens, retries), grounding and verification tallies, rate-limit waits and
the scorer's outcome counts are all dataclasses of numbers that are summed per chunk,
per document and per run. They share this base instead of each writing ``__add__``,
an in-place merge and a dict view of its own.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, fields
from typing import Any, Self

_lock = threading.Lock()


@dataclass
class Counters:
    """A dataclass of numeric fields that add up fieldwise.

    ``a + b`` is a new ledger, ``a.merge(b)`` and ``a.add(calls=1)`` change ``a`` in place
    (under one process-wide lock, so worker threads may share a ledger), and
    ``as_dict()`` gives the fields plus whatever ``derived()`` computes from them.
    """

    def _names(self) -> list[str]:
        return [f.name for f in fields(self) if not f.name.startswith("_")]

    def __add__(self, other: Self) -> Self:
        total = type(self)()
        for name in self._names():
            setattr(total, name, getattr(self, name) + getattr(other, name))
        return total

    def merge(self, other: Self) -> None:
        """Add ``other`` into this ledger."""
        with _lock:
            for name in self._names():
                setattr(self, name, getattr(self, name) + getattr(other, name))

    def add(self, **counts: float) -> None:
        """Add to fields by name: ``usage.add(calls=1, prompt_tokens=812)``."""
        with _lock:
            for name, value in counts.items():
                setattr(self, name, getattr(self, name) + value)

    def derived(self) -> dict[str, Any]:
        """Figures computed from the counts (shares, rates); none by default."""
        return {}

    def as_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {name: getattr(self, name) for name in self._names()}
        data.update(self.derived())
        return data
