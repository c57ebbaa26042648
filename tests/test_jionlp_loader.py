"""jionlp's import banner is kept off stdout without taking stdout from other threads."""

from __future__ import annotations

import sys
import threading
from typing import Any

import pytest

import llmx.core.jionlp_loader as loader


def test_only_the_importing_threads_lines_are_dropped(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    imported = object()

    def import_module(name: str) -> Any:
        print("# a banner the import prints")
        other = threading.Thread(target=print, args=("a line another thread writes meanwhile",))
        other.start()
        other.join()
        return imported

    monkeypatch.setattr(loader, "_module", None)
    monkeypatch.setattr(loader.importlib, "import_module", import_module)
    stdout = sys.stdout
    assert loader.jionlp() is imported
    assert loader.jionlp() is imported  # (once)
    assert sys.stdout is stdout
    out = capsys.readouterr().out
    assert "a line another thread writes meanwhile" in out and "banner" not in out


def test_stdout_swapped_by_another_thread_meanwhile_is_left_as_it_was(monkeypatch: pytest.MonkeyPatch) -> None:
    class Stream:
        def write(self, text: str) -> int:
            return len(text)

        def flush(self) -> None:
            pass

    theirs = Stream()

    def import_module(name: str) -> Any:
        sys.stdout = theirs  # type: ignore[assignment]  # (a test runner's capture, set mid-import)
        return object()

    monkeypatch.setattr(loader, "_module", None)
    monkeypatch.setattr(loader.importlib, "import_module", import_module)
    monkeypatch.setattr(sys, "stdout", sys.stdout)
    loader.jionlp()
    assert sys.stdout is theirs  # not put back over the other thread's swap
