"""Ctrl-C: llmx exits within seconds with code 130, says what it kept, and a re-run resumes."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.support.fake_openai_server import FakeOpenAIServer
from tests.support.fakes import make_docs


def _env() -> dict[str, str]:
    return {k: v for k, v in os.environ.items() if not k.startswith(("LLMX_", "OPENAI_"))}


def _interrupt_after_first_line(command: list[str], out: Path, cwd: Path) -> tuple[int, float, str]:
    """Start ``command``, send SIGINT once OUT holds a line, return (exit code, seconds to exit, stderr)."""
    proc = subprocess.Popen(command, cwd=cwd, env=_env(), stderr=subprocess.PIPE, stdout=subprocess.DEVNULL,
                            text=True, preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and proc.poll() is None:
        if out.exists() and out.stat().st_size > 0:
            break
        time.sleep(0.05)
    assert proc.poll() is None, "the run finished before it could be interrupted"
    proc.send_signal(signal.SIGINT)
    sent = time.monotonic()
    _, stderr = proc.communicate(timeout=60)
    return proc.returncode, time.monotonic() - sent, stderr


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")
@pytest.mark.parametrize("workers", ["1", "2"])
def test_ctrl_c_exits_at_once_keeps_finished_documents_and_resumes(tmp_path: Path, workers: str) -> None:
    docs = make_docs(tmp_path / "docs", 20)
    out = tmp_path / "out.jsonl"
    with FakeOpenAIServer(latency_s=0.3) as server:
        command = [sys.executable, "-m", "llmx", "extract", str(tmp_path / "docs"), "-o", str(out),
                   "--base-url", server.url, "--model", "fake", "--no-cache", "-j", "4", "--workers", workers]
        code, seconds, stderr = _interrupt_after_first_line(command, out, tmp_path)
        assert code == 130, stderr
        assert seconds < 5, f"took {seconds:.1f}s to exit after Ctrl-C"
        assert "interrupted:" in stderr and "re-run the same command to resume" in stderr
        kept = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
        assert 0 < len(kept) < len(docs)
        resumed = subprocess.run(command, cwd=tmp_path, env=_env(), capture_output=True, text=True, timeout=120)
    assert resumed.returncode == 0, resumed.stderr
    final = [json.loads(line)["doc_id"] for line in out.read_text(encoding="utf-8").splitlines()]
    assert final == [p.stem for p in docs]  # every document once, in input order
