"""What reaches the terminal: file names are shown as text, never as control sequences
or console markup, whatever characters they hold."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from llmx.run.progress import printable

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = sorted((ROOT / "evals" / "docs").glob("*.txt"))[0]


def _extract(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("LLMX_", "OPENAI_"))}
    return subprocess.run([sys.executable, "-m", "llmx", "extract", *args, "--no-cache"], cwd=tmp_path, env=env,
                          capture_output=True, text=True, timeout=120)


def test_printable_escapes_control_characters_and_keeps_chinese() -> None:
    assert printable("驻村\n工作队\x1b[31m\r\t\u202e") == "驻村\\n工作队\\x1b[31m\\r\\t\\u202e"
    assert printable("第一书记 report.txt") == "第一书记 report.txt"


@pytest.mark.skipif(sys.platform == "win32", reason="newlines and escapes in file names are POSIX")
def test_a_file_name_cannot_forge_a_line_or_colour_the_terminal(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    docs.mkdir()
    shutil.copy(SAMPLE, docs / "good.txt")
    (docs / "empty\nfailed: everything.txt").write_text("", encoding="utf-8")
    (docs / "red\x1b[31m.txt").write_text("", encoding="utf-8")
    result = _extract(tmp_path, "docs", "-o", "out.jsonl")
    assert result.returncode == 1, result.stderr
    lines = result.stderr.splitlines()
    assert "\x1b" not in result.stderr
    assert not any(line.startswith("failed: everything") for line in lines)
    failed = [line for line in lines if line.startswith("failed:")]
    assert len(failed) == 2 and any("empty\\nfailed: everything.txt" in line for line in failed)
    assert any("red\\x1b[31m.txt" in line for line in failed)


@pytest.mark.parametrize("name", ["run[draft].jsonl", "a[/]b.jsonl", "[bold]x[/bold].jsonl"])
def test_an_output_name_with_brackets_is_shown_as_written(tmp_path: Path, name: str) -> None:
    shutil.copy(SAMPLE, tmp_path / "doc.txt")
    result = _extract(tmp_path, "doc.txt", "-o", name)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / name).exists()
    assert name in result.stderr  # the summary's output row, not eaten as markup
    assert "Traceback" not in result.stderr
