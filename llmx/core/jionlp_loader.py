"""jionlp, imported on first use with its import banner kept off stdout.

jionlp takes about a second to import and prints to stdout while doing so, and llmx may
be writing JSONL there. Money phrases, dates and the division gazetteer all need it, so
they share this one loader.
"""

from __future__ import annotations

import contextlib
import importlib
import io
import sys
import threading
from typing import Any

_lock = threading.Lock()


def jionlp() -> Any:
    """The jionlp module (imported once per process)."""
    loaded = sys.modules.get("jionlp")
    if loaded is not None:
        return loaded
    with _lock, contextlib.redirect_stdout(io.StringIO()):
        return importlib.import_module("jionlp")
