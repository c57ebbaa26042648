"""Test-wide hygiene: no test leaves an Extractor's event-loop thread running.

A forgotten ``llmx-loop`` thread outlives its test and is copied into every worker process
the later engine tests fork; a forked child holding another thread's state is how hangs
begin. Extractors made by ``fake_extractor`` are closed here; any other open one fails the
test that left it.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator

import pytest

from tests.support.fakes import BUILT_EXTRACTORS


def _loop_threads() -> set[threading.Thread]:
    return {t for t in threading.enumerate() if t.name == "llmx-loop" and t.is_alive()}


@pytest.fixture(autouse=True)
def _no_loop_thread_left() -> Iterator[None]:
    before = _loop_threads()
    yield
    while BUILT_EXTRACTORS:
        BUILT_EXTRACTORS.pop().close()
    deadline = time.monotonic() + 5
    while (left := _loop_threads() - before) and time.monotonic() < deadline:
        time.sleep(0.01)
    assert not left, f"{len(left)} Extractor(s) left open: use `with Extractor(...)` or call close()"
