"""The CLI: help that explains, clear errors, schema and cache commands, the offline default."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from llmx.cli import app
from llmx.core.schemas import schema_documents

runner = CliRunner()


@pytest.mark.parametrize(
    "command",
    [[], ["extract"], ["eval"], ["review"], ["export"], ["schema", "export"], ["cache", "stats"], ["cache", "clear"]],
)
def test_every_command_has_help_with_an_example_or_purpose(command: list[str]) -> None:
    result = runner.invoke(app, [*command, "--help"])
    assert result.exit_code == 0, result.output
    assert "Usage" in result.output
    if command and command[0] in {"extract", "eval", "review", "export"}:
        assert "Example" in result.output


def test_schema_export_writes_every_record_schema(tmp_path: Path) -> None:
    result = runner.invoke(app, ["schema", "export", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert {p.name for p in tmp_path.iterdir()} == set(schema_documents())
    report = json.loads((tmp_path / "report.schema.json").read_text(encoding="utf-8"))
    assert "doc_id" in report["properties"]


def test_cache_stats_and_clear(tmp_path: Path) -> None:
    from llmx.llm.cache import ResponseCache

    cache = ResponseCache(tmp_path)
    cache.set("a", {"x": 1})
    cache.close()
    stats = runner.invoke(app, ["cache", "stats", "--cache-dir", str(tmp_path)])
    assert stats.exit_code == 0 and "responses: 1" in stats.output and "{" not in stats.output
    cleared = runner.invoke(app, ["cache", "clear", "--cache-dir", str(tmp_path)])
    assert cleared.exit_code == 0 and "removed 1" in cleared.output


def test_cache_dir_from_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LLMX_CACHE_DIR", str(tmp_path / "envcache"))
    result = runner.invoke(app, ["cache", "stats"])
    assert str(tmp_path / "envcache") in result.output


def test_unknown_backend_is_a_usage_error(tmp_path: Path) -> None:
    doc = tmp_path / "a.txt"
    doc.write_text("全村共120户410人。", encoding="utf-8")
    result = runner.invoke(app, ["extract", str(doc), "-o", str(tmp_path / "o.jsonl"), "--backend", "nope"])
    assert result.exit_code == 2
    assert "unknown backend" in result.output


def test_openai_backend_without_model_says_what_is_missing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for var in ("LLMX_MODEL", "LLMX_BASE_URL", "LLMX_API_KEY", "OPENAI_API_KEY"):
        monkeypatch.delenv(var, raising=False)
    doc = tmp_path / "a.txt"
    doc.write_text("全村共120户410人。", encoding="utf-8")
    result = runner.invoke(app, ["extract", str(doc), "-o", str(tmp_path / "o.jsonl"), "--backend", "openai"])
    assert result.exit_code == 2
    assert "model" in result.output


def test_extract_without_llm_uses_rules_and_says_so(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for var in ("LLMX_MODEL", "LLMX_BASE_URL", "LLMX_BACKEND"):
        monkeypatch.delenv(var, raising=False)
    doc = tmp_path / "张家坝村.txt"
    doc.write_text("县纪委派驻张家坝村驻村工作队。全村共411户1384人，建档立卡贫困户231户731人。", encoding="utf-8")
    out = tmp_path / "out.jsonl"
    result = runner.invoke(app, ["extract", str(doc), "-o", str(out), "--cache-dir", str(tmp_path / "c")])
    assert result.exit_code == 0, result.output
    assert result.output.count("offline rules backend") == 1
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert len(records) == 1
    record = records[0]
    assert record["doc_id"] == "张家坝村"
    assert record["meta"]["backend"] == "rules"
    assert set(record) == {"doc_id", "title", "outlet", "published", "authors", "teams", "villages", "measures",
                           "metrics", "meta"}


def test_eval_needs_exactly_one_prediction_source(tmp_path: Path) -> None:
    result = runner.invoke(app, ["eval", "--gold", str(tmp_path), "--docs", str(tmp_path)])
    assert result.exit_code == 2
    assert "exactly one of --pred" in result.output


def test_usage_lines_name_arguments_plainly() -> None:
    extract = runner.invoke(app, ["extract", "--help"]).output
    assert "INPUT..." in extract and "{" not in extract.splitlines()[0]
    assert "RUN.jsonl" in runner.invoke(app, ["export", "--help"]).output


def test_dry_run_counts_requests_and_tokens_and_sends_nothing(tmp_path: Path) -> None:
    docs = Path(__file__).resolve().parents[1] / "evals" / "docs"
    result = runner.invoke(app, [
        "extract", str(docs), "-o", str(tmp_path / "out.jsonl"), "--base-url", "http://127.0.0.1:9/v1",
        "--model", "m", "--mode", "json_schema", "--dry-run", "--price-in", "1", "--price-out", "2",
        "--cache-dir", str(tmp_path / "cache"),
    ])
    assert result.exit_code == 0, result.output
    assert "documents: 5" in result.output and "prompt tokens: ~" in result.output
    assert "estimated cost" in result.output and not (tmp_path / "out.jsonl").exists()


def test_the_api_key_flag_reaches_the_backend(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("LLMX_API_KEY", "OPENAI_API_KEY", "LLMX_BASE_URL"):
        monkeypatch.delenv(name, raising=False)
    docs = Path(__file__).resolve().parents[1] / "evals" / "docs"
    base = ["extract", str(docs), "-o", str(tmp_path / "o.jsonl"), "--model", "gpt-4o-mini", "--dry-run",
            "--cache-dir", str(tmp_path / "c")]
    without = runner.invoke(app, base)
    assert without.exit_code == 2 and "--api-key" in without.output
    assert runner.invoke(app, [*base, "--api-key", "sk-test"]).exit_code == 0


def test_a_missing_extra_names_the_install_command_as_typed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import importlib.util

    real = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec", lambda name, *a: None if name == "duckdb" else real(name, *a))
    run = tmp_path / "run.jsonl"
    run.write_text('{"doc_id": "a"}\n', encoding="utf-8")
    result = runner.invoke(app, ["export", str(run), "--to", str(tmp_path / "r.duckdb")])
    assert result.exit_code == 2 and "pip install 'llmx[export]'" in result.output


@pytest.mark.parametrize("target_flag", ["--to", "-o"])  # -o as extract and review take it
def test_export_json_into_a_folder_writes_a_file_inside_it(tmp_path: Path, target_flag: str) -> None:
    run = tmp_path / "run.jsonl"
    run.write_text('{"doc_id": "a"}\n{"doc_id": "b"}\n', encoding="utf-8")
    (tmp_path / "tables").mkdir()
    result = runner.invoke(app, ["export", str(run), target_flag, str(tmp_path / "tables"), "--format", "json"])
    assert result.exit_code == 0, result.output
    written = json.loads((tmp_path / "tables" / "run.json").read_text(encoding="utf-8"))
    assert [r["doc_id"] for r in written] == ["a", "b"]
