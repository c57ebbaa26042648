"""jionlp, imported on first use with its import banner kept off stdout.

jionlp takes about a second to import and prints to stdout while doing so, and llmx may
be writing JSONL there. Money phrases, dates and the division gazetteer all need it, so
they share this one loader.
"""

from __future__ import annotations

import contextlib
import io
import sys
import threading
from typing import Any

_lock = threading.Lock()


def jionlp() -> Any:
    """The jionlp module (imported once per process)."""
    module = sys.modules.get("jionlp")
    if module is not None:
        return module
    with _lock, contextlib.redirect_stdout(io.StringIO()):
        import jionlp as module
    return module
