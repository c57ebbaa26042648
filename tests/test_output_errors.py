"""Output-side errors: one line naming the file and the fix, exit 2, no traceback; a write
that fails mid-run stops the run and keeps what was written; the errors file is created
only by a failure, so an interrupted run leaves no empty one."""

from __future__ import annotations

import errno
import json
import os
import shutil
import signal
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest

from llmx.errors import RunError
from llmx.run.engine import run_batch
from llmx.run.output import JsonlWriter, OutputWriteError, errors_path_for
from tests.support.fake_openai_server import FakeOpenAIServer
from tests.support.fakes import fake_extractor, make_docs


def _env(tmp_path: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("LLMX_", "OPENAI_"))}
    env["LLMX_CACHE_DIR"] = str(tmp_path / "cache")
    return env


def _extract(tmp_path: Path, *args: str, prefix: tuple[str, ...] = (), timeout: float = 60,
             **popen: object) -> subprocess.CompletedProcess[str]:
    command = [*prefix, sys.executable, "-m", "llmx", "extract", *args, "--backend", "rules", "--no-cache"]
    return subprocess.run(command, env=_env(tmp_path), capture_output=True, text=True, timeout=timeout,
                          **popen)  # type: ignore[call-overload]


def _one_error_line(result: subprocess.CompletedProcess[str], *needles: str) -> str:
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr, result.stderr
    lines = [line for line in result.stderr.splitlines() if line.startswith("error:")]
    assert len(lines) == 1, result.stderr
    for needle in needles:
        assert needle in lines[0], lines[0]
    return lines[0]


def _doc(tmp_path: Path) -> str:
    return str(make_docs(tmp_path / "docs", 1)[0])


def test_out_that_is_a_directory(tmp_path: Path) -> None:
    out = tmp_path / "run.jsonl"
    out.mkdir()
    _one_error_line(_extract(tmp_path, _doc(tmp_path), "-o", str(out)), str(out), "is a directory", "-o")


def test_out_under_a_file_cannot_be_created(tmp_path: Path) -> None:
    (tmp_path / "plain").write_text("x", encoding="utf-8")
    out = tmp_path / "plain" / "out.jsonl"
    _one_error_line(_extract(tmp_path, _doc(tmp_path), "-o", str(out)), str(tmp_path / "plain"), "not a directory")


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="no /dev/full here")
def test_dev_full_is_refused_before_the_run(tmp_path: Path) -> None:
    line = _one_error_line(_extract(tmp_path, _doc(tmp_path), "-o", "/dev/full", timeout=30), "/dev/full")
    assert "regular file" in line and "-o out.jsonl" in line


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
def test_a_fifo_is_refused_without_waiting_for_a_reader(tmp_path: Path) -> None:
    fifo = tmp_path / "out.jsonl"
    os.mkfifo(fifo)
    _one_error_line(_extract(tmp_path, _doc(tmp_path), "-o", str(fifo), timeout=30), str(fifo), "a pipe")


@pytest.mark.skipif(not Path("/dev/stdout").exists(), reason="no /dev/stdout here")
def test_dev_stdout_into_a_pipe_is_refused(tmp_path: Path) -> None:
    result = _extract(tmp_path, _doc(tmp_path), "-o", "/dev/stdout", timeout=30)  # stdout is a pipe here
    _one_error_line(result, "/dev/stdout", "regular file", "llmx export")
    assert result.stdout == ""


def test_a_fifo_beside_out_is_refused_before_out_is_touched(tmp_path: Path) -> None:
    out = tmp_path / "out.jsonl"
    os.mkfifo(errors_path_for(out))
    with pytest.raises(RunError, match="a pipe"):
        run_batch(make_docs(tmp_path / "docs", 1), out, fake_extractor())
    assert not out.exists()


def _without_root_powers() -> tuple[str, ...]:
    """A command prefix under which permissions hold: nothing for a normal user; for root,
    setpriv dropping the capability to override them; else the test is skipped."""
    if os.geteuid() != 0:
        return ()
    setpriv = shutil.which("setpriv")
    caps = "-dac_override,-dac_read_search"
    prefix = (setpriv, f"--bounding-set={caps}", f"--inh-caps={caps}") if setpriv else ()
    if not prefix or subprocess.run([*prefix, "true"], capture_output=True).returncode != 0:
        pytest.skip("running as root, which ignores file permissions")
    return prefix


def test_a_read_only_directory(tmp_path: Path) -> None:
    prefix = _without_root_powers()
    locked = tmp_path / "locked"
    locked.mkdir()
    doc = _doc(tmp_path)
    locked.chmod(stat.S_IRUSR | stat.S_IXUSR | stat.S_IRGRP | stat.S_IXGRP | stat.S_IROTH | stat.S_IXOTH)
    try:
        _one_error_line(_extract(tmp_path, doc, "-o", str(locked / "out.jsonl"), prefix=prefix),
                        str(locked), "permission denied")
    finally:
        locked.chmod(0o755)


def test_a_read_only_out(tmp_path: Path) -> None:
    prefix = _without_root_powers()
    out = tmp_path / "out.jsonl"
    out.write_text("", encoding="utf-8")
    out.chmod(0o444)
    _one_error_line(_extract(tmp_path, _doc(tmp_path), "-o", str(out), prefix=prefix), str(out),
                    "permission denied", "writable")


def test_a_read_only_errors_file_is_refused_before_the_run(tmp_path: Path) -> None:
    prefix = _without_root_powers()
    out = tmp_path / "out.jsonl"
    errors_path_for(out).write_text("", encoding="utf-8")
    errors_path_for(out).chmod(0o444)
    _one_error_line(_extract(tmp_path, _doc(tmp_path), "-o", str(out), prefix=prefix),
                    str(errors_path_for(out)), "permission denied")
    assert not out.exists()


class _DiskFullAfter(JsonlWriter):
    """Takes ``lines`` whole lines, then half of the next before the disk is full."""

    def __init__(self, path: Path, lines: int) -> None:
        super().__init__(path, truncate=False)
        self.lines = lines

    def _write_some(self, data: memoryview) -> int:
        if self.lines == 0:
            if len(data) > 1:
                return super()._write_some(data[: len(data) // 2])
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        self.lines -= 1
        return super()._write_some(data)


def test_a_full_disk_leaves_whole_lines_and_says_so(tmp_path: Path) -> None:
    out = tmp_path / "out.jsonl"
    writer = _DiskFullAfter(out, lines=2)
    writer.write({"doc_id": "a"})
    writer.write({"doc_id": "b"})
    with pytest.raises(OutputWriteError) as raised:
        writer.write({"doc_id": "c", "text": "x" * 100})
    writer.close()
    message = str(raised.value)
    assert str(out) in message and "no space left" in message and "re-run" in message and "\n" not in message
    assert out.read_text(encoding="utf-8") == '{"doc_id": "a"}\n{"doc_id": "b"}\n'  # the half line was cut off


@pytest.mark.skipif(sys.platform != "linux", reason="RLIMIT_FSIZE and SIGXFSZ as on Linux")
def test_a_write_failing_mid_run_stops_it_and_a_resume_completes(tmp_path: Path) -> None:
    import resource

    docs = make_docs(tmp_path / "docs", 8)
    out = tmp_path / "out.jsonl"
    probe = tmp_path / "probe.jsonl"  # one line, to size the limit at two and a half lines
    assert _extract(tmp_path, str(docs[0]), "-o", str(probe)).returncode == 0
    line_bytes = len(probe.read_bytes())
    limit = int(line_bytes * 2.5)

    def small_disk() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write past the limit fails with EFBIG instead
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    result = _extract(tmp_path, str(tmp_path / "docs"), "-o", str(out), "--workers", "1", preexec_fn=small_disk)
    _one_error_line(result, str(out), "the run stopped", "file too large")
    written = [json.loads(line)["doc_id"] for line in out.read_text(encoding="utf-8").splitlines()]
    assert written == [p.stem for p in docs[:2]]  # whole lines only, the third cut off
    resumed = _extract(tmp_path, str(tmp_path / "docs"), "-o", str(out))
    assert resumed.returncode == 0, resumed.stderr
    assert sorted(json.loads(line)["doc_id"] for line in out.read_text(encoding="utf-8").splitlines()) == [
        p.stem for p in docs]


def test_an_interrupt_before_any_failure_keeps_the_previous_errors_file(tmp_path: Path) -> None:
    docs = make_docs(tmp_path / "docs", 20, markers={19: "FAIL"})
    out = tmp_path / "out.jsonl"
    assert run_batch(docs[19:], out, fake_extractor()).failed == 1
    before = errors_path_for(out).read_bytes()
    assert before

    def stop_after_five(summary: object) -> None:
        if getattr(summary, "succeeded", 0) >= 5:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        run_batch(docs, out, fake_extractor(), concurrency=2, on_progress=stop_after_five)
    assert errors_path_for(out).read_bytes() == before  # not emptied: no replacement yet
    summary = run_batch(docs, out, fake_extractor())
    assert summary.failed == 1 and errors_path_for(out).read_bytes() == before  # replaced by the same failure


def test_a_run_with_no_failure_writes_no_errors_file(tmp_path: Path) -> None:
    docs = make_docs(tmp_path / "docs", 10)
    out = tmp_path / "out.jsonl"

    def stop_after_three(summary: object) -> None:
        assert not errors_path_for(out).exists()  # not even while running
        if getattr(summary, "succeeded", 0) >= 3:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        run_batch(docs, out, fake_extractor(), on_progress=stop_after_three)
    assert not errors_path_for(out).exists()


def test_sigterm_leaves_no_empty_errors_file(tmp_path: Path) -> None:
    docs = make_docs(tmp_path / "docs", 30)
    out = tmp_path / "out.jsonl"
    with FakeOpenAIServer(latency_s=0.1) as server:
        proc = subprocess.Popen(
            [sys.executable, "-m", "llmx", "extract", str(tmp_path / "docs"), "-o", str(out), "--backend",
             "openai", "--base-url", server.url, "--model", "fake", "--mode", "json_schema", "-j", "2",
             "--no-cache"], env=_env(tmp_path), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 60
        while not (out.exists() and out.read_bytes().count(b"\n") >= 2):
            assert proc.poll() is None and time.monotonic() < deadline, "the run ended or stalled"
            time.sleep(0.01)
        proc.send_signal(signal.SIGTERM)
        proc.wait(timeout=30)
    assert out.read_bytes().count(b"\n") < len(docs)
    assert not errors_path_for(out).exists()
