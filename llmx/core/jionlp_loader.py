"""jionlp, imported on first use with its import banner kept off stdout.

jionlp takes about a second to import and prints to stdout while doing so, and llmx may
be writing JSONL there. Money phrases, dates and the division gazetteer all need it, so
they share this one loader.

The import may run in a background thread (the gazetteer's preload, the extractor's event
loop) while another thread writes to stdout, so stdout is not swapped for a buffer, which
would swallow that thread's lines too and, restored late, undo a swap another thread made:
only the importing thread's writes are dropped, and stdout is put back only if it is still
the filter.
"""

from __future__ import annotations

import importlib
import sys
import threading
from typing import Any

_lock = threading.Lock()
_module: Any = None  # set once the import has finished (sys.modules holds it from its start)


class _MuteThread:
    """Stands in for stdout: drops what one thread writes, passes every other thread's on."""

    def __init__(self, target: Any, thread: int) -> None:
        self._target = target
        self._thread = thread

    def write(self, text: str) -> int:
        if threading.get_ident() == self._thread:
            return len(text)
        return int(self._target.write(text))

    def flush(self) -> None:
        if threading.get_ident() != self._thread:
            self._target.flush()

    def __getattr__(self, name: str) -> Any:
        return getattr(self._target, name)


def jionlp() -> Any:
    """The jionlp module (imported once per process)."""
    global _module
    if _module is not None:
        return _module
    with _lock:
        if _module is None:
            original = sys.stdout
            mute = _MuteThread(original, threading.get_ident())
            sys.stdout = mute
            try:
                _module = importlib.import_module("jionlp")
            finally:
                if sys.stdout is mute:
                    sys.stdout = original
    return _module
