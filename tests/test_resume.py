"""Kill -9 mid-run, then resume: the set completes, nothing is written twice or redone."""

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

N_DOCS = 200
KILL_AFTER_LINES = 25


def _command(docs: Path, out: Path, url: str) -> list[str]:
    return [
        sys.executable, "-m", "llmx", "extract", str(docs), "-o", str(out), "--backend", "openai",
        "--base-url", url, "--model", "fake", "--mode", "json_schema", "-j", "4", "--no-cache",
    ]


def _env(tmp_path: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("LLMX_", "OPENAI_"))}
    env["LLMX_CACHE_DIR"] = str(tmp_path / "cache")
    return env


def _complete_lines(out: Path) -> int:
    return out.read_bytes().count(b"\n") if out.exists() else 0


@pytest.mark.slow
def test_sigkill_mid_run_then_resume_completes_without_duplicates(tmp_path: Path) -> None:
    docs_dir = tmp_path / "docs"
    make_docs(docs_dir, N_DOCS)
    out = tmp_path / "out.jsonl"
    with FakeOpenAIServer(latency_s=0.1) as server:
        log = (tmp_path / "first-run.log").open("wb")
        proc = subprocess.Popen(
            _command(docs_dir, out, server.url), env=_env(tmp_path), stdout=subprocess.DEVNULL, stderr=log,
        )
        deadline = time.monotonic() + 120
        while _complete_lines(out) < KILL_AFTER_LINES:
            if proc.poll() is not None:
                log.close()
                pytest.fail(f"run ended before it could be killed: {(tmp_path / 'first-run.log').read_text()[-2000:]}")
            if time.monotonic() > deadline:
                proc.kill()
                pytest.fail("run wrote too few lines in time")
            time.sleep(0.01)
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        log.close()
        assert proc.returncode == -signal.SIGKILL

        raw = out.read_bytes()
        whole = raw[: raw.rfind(b"\n") + 1]
        done_before = [json.loads(line)["doc_id"] for line in whole.splitlines()]  # every whole line parses
        assert KILL_AFTER_LINES <= len(done_before) < N_DOCS
        if raw.endswith(b"\n"):  # the kill fell between writes: leave the torn line one mid-write would
            with out.open("ab") as fh:
                fh.write(b'{"doc_id": "doc0199", "tit')
        requests_before = server.stats["requests"]

        resumed = subprocess.run(
            _command(docs_dir, out, server.url), env=_env(tmp_path), capture_output=True, timeout=300,
        )
        assert resumed.returncode == 0, resumed.stderr.decode()[-2000:]
        requests_after = server.stats["requests"]

    ids = [json.loads(line)["doc_id"] for line in out.read_text(encoding="utf-8").splitlines()]
    assert len(ids) == len(set(ids)) == N_DOCS, "duplicates or missing documents after resume"
    assert ids[: len(done_before)] == done_before  # the first run's lines are kept as they were
    # only the documents without a whole line were sent again (one chunk each, no faults)
    assert requests_after - requests_before == N_DOCS - len(done_before)
