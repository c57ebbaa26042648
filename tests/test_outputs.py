"""Exports of a run: one table per record type in DuckDB, SQLite, CSV and Parquet; JSON."""

from __future__ import annotations

import csv
import datetime as dt
import json
import sqlite3
from pathlib import Path

import duckdb
import pyarrow.parquet as pq
import pytest
from typer.testing import CliRunner

from llmx.cli import app
from llmx.core.records import Report
from llmx.run.outputs import TABLES, derived_output, export_run

FULL = Report.model_validate({
    "doc_id": "full",
    "title": "县纪委驻张家坝村工作队",
    "outlet": "山西新闻网",
    "published": "2020-05-01",
    "authors": ["张三", "李四"],
    "teams": [{"sent_by": "县纪委", "villages": ["张家坝村"], "leader": "王五", "size": 3, "since": 2017,
               "evidence": [{"quote": "县纪委派驻", "start": 0, "end": 5, "match": "exact"},
                            {"quote": "一队三人", "start": 9, "end": 13, "match": "exact"}]}],
    "villages": [{"name": "张家坝村", "county": "泽州县", "households": 411, "population": 1384,
                  "poverty_rate_pct": 12.5, "evidence": [{"quote": "全村共411户1384人", "start": 20, "end": 31}]}],
    "measures": [{"village": "张家坝村", "category": "infrastructure", "summary": "修建道路", "status": "done",
                  "investment_yuan": 2600000, "quantities": [{"value": 3.7, "unit": "公里", "item": "道路"}],
                  "households": 80, "year": 2018, "evidence": [{"quote": "投资260万元修路3.7公里"}]}],
    "metrics": [
        {"name": "村集体增收", "value": 84000, "unit": "元", "approx": True, "evidence": [{"quote": "增收8.4万元"}]},
        {"name": "脱贫户数", "value": 42, "unit": "户", "year": 2019, "evidence": [{"quote": "42户脱贫"}]},
    ],
    "meta": {"backend": "openai", "model": "fake", "config_hash": "abc", "chunks": 2,
             "usage": {"calls": 3, "cache_hits": 0, "prompt_tokens": 100, "completion_tokens": 20,
                       "transport_retries": 1, "reasks": 0},
             "ungrounded_items": ["metrics[1]"],
             "invalid_items": [{"chunk": 1, "path": "teams[0]", "field": "(item)", "reason": "cut off"}],
             "merge_conflicts": [{"record": "villages[0]", "field": "households", "kept": 411, "other": 412}],
             "figures": {"checked": 9, "stated": 7, "derived": 1, "unstated": 1}},
})
EMPTY = Report(doc_id="empty", meta={"config_hash": "abc"})


def _run_file(tmp_path: Path, *, torn: bool = False, duplicate: bool = False) -> Path:
    run = tmp_path / "run.jsonl"
    lines = [FULL.model_dump_json(), EMPTY.model_dump_json()]
    if duplicate:
        lines.append(FULL.model_dump_json())
    text = "\n".join(lines) + "\n"
    if torn:
        text += '{"doc_id": "torn", "ti'
    run.write_text(text, encoding="utf-8")
    return run


def test_duckdb_has_one_table_per_record_type(tmp_path: Path) -> None:
    messages = export_run(_run_file(tmp_path), tmp_path / "results.duckdb")
    con = duckdb.connect(str(tmp_path / "results.duckdb"))
    counts = {t: con.execute(f"select count(*) from {t}").fetchone()[0] for t in TABLES}
    assert counts == {"reports": 2, "teams": 1, "villages": 1, "measures": 1, "metrics": 2}
    report = con.execute("select title, published, authors, metrics, model, calls, ungrounded_items "
                         "from reports where doc_id = 'full'").fetchone()
    assert report == ("县纪委驻张家坝村工作队", dt.date(2020, 5, 1), "张三、李四", 2, "fake", 3, 1)
    # what a table user needs to trust the row: the JSONL's meta, counted
    trust = con.execute(
        "select invalid_items, merge_conflicts, unstated_figures from reports order by doc_id"
    ).fetchall()
    assert trust == [(0, 0, 0), (1, 1, 1)]
    team = con.execute("select doc_id, item, sent_by, villages, size, evidence, evidence_start, evidence_end "
                       "from teams").fetchone()
    assert team == ("full", 0, "县纪委", '["张家坝村"]', 3, "县纪委派驻 | 一队三人", 0, 5)
    measure = con.execute("select investment_yuan, quantities from measures").fetchone()
    assert measure[0] == 2600000 and json.loads(measure[1])[0]["unit"] == "公里"
    assert con.execute("select sum(value) from metrics where approx").fetchone()[0] == 84000
    joined = con.execute("select r.outlet, count(*) from reports r join metrics m using (doc_id) group by 1").fetchall()
    assert joined == [("山西新闻网", 2)]
    assert "reports 2" in messages[0] and "metrics 2" in messages[0]


def test_reexport_replaces_tables(tmp_path: Path) -> None:
    run = _run_file(tmp_path)
    target = tmp_path / "results.duckdb"
    export_run(run, target)
    export_run(run, target)
    con = duckdb.connect(str(target))
    assert con.execute("select count(*) from metrics").fetchone()[0] == 2


def test_sqlite(tmp_path: Path) -> None:
    export_run(_run_file(tmp_path), tmp_path / "results.sqlite")
    con = sqlite3.connect(tmp_path / "results.sqlite")
    assert con.execute("select published, teams from reports where doc_id='full'").fetchone() == ("2020-05-01", 1)
    assert con.execute("select name, value, approx from metrics order by item").fetchall() == [
        ("村集体增收", 84000.0, 1), ("脱贫户数", 42.0, 0)]
    assert con.execute("select count(*) from villages").fetchone() == (1,)


def test_csv_directory_with_doc_id_keys(tmp_path: Path) -> None:
    export_run(_run_file(tmp_path), tmp_path / "csv", "csv")
    files = sorted(p.name for p in (tmp_path / "csv").iterdir())
    assert files == ["measures.csv", "metrics.csv", "reports.csv", "teams.csv", "villages.csv"]
    with (tmp_path / "csv" / "metrics.csv").open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert list(rows[0]) == [name for name, _ in TABLES["metrics"]]
    assert [(r["doc_id"], r["item"], r["approx"], r["year"]) for r in rows] == [
        ("full", "0", "true", ""), ("full", "1", "false", "2019")]


def test_parquet_directory_keeps_types_and_empty_tables(tmp_path: Path) -> None:
    run = tmp_path / "run.jsonl"
    run.write_text(EMPTY.model_dump_json() + "\n", encoding="utf-8")
    export_run(run, tmp_path / "pq", "parquet")
    teams = pq.read_table(tmp_path / "pq" / "teams.parquet")
    assert teams.num_rows == 0 and teams.schema.field("size").type == "int64"
    export_run(_run_file(tmp_path), tmp_path / "pq", "parquet")
    reports = pq.read_table(tmp_path / "pq" / "reports.parquet").to_pylist()
    assert {r["doc_id"] for r in reports} == {"full", "empty"}
    assert str(pq.read_table(tmp_path / "pq" / "reports.parquet").schema.field("published").type) == "date32[day]"


def test_json_is_the_full_nested_records(tmp_path: Path) -> None:
    export_run(_run_file(tmp_path), tmp_path / "all.json")
    data = json.loads((tmp_path / "all.json").read_text(encoding="utf-8"))
    assert [Report.model_validate(r).doc_id for r in data] == ["full", "empty"]
    assert data[0]["measures"][0]["quantities"][0]["value"] == 3.7


def test_torn_last_line_and_duplicates_are_skipped_and_said(tmp_path: Path) -> None:
    messages = export_run(_run_file(tmp_path, torn=True, duplicate=True), tmp_path / "r.sqlite")
    con = sqlite3.connect(tmp_path / "r.sqlite")
    assert con.execute("select count(*) from reports").fetchone() == (2,)
    assert any("torn last line" in m for m in messages)
    assert any("duplicate doc_id" in m for m in messages)


@pytest.mark.parametrize(
    ("to", "fmt", "problem"),
    [("results.xyz", None, "cannot tell the format"), ("results.duckdb", "excel", "unknown format")],
)
def test_bad_targets_are_explained(tmp_path: Path, to: str, fmt: str | None, problem: str) -> None:
    with pytest.raises(ValueError, match=problem):
        export_run(_run_file(tmp_path), tmp_path / to, fmt)


def test_missing_run_file(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError, match="no such run file"):
        export_run(tmp_path / "nope.jsonl", tmp_path / "r.duckdb")


def test_export_command(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["export", str(_run_file(tmp_path)), "--to", str(tmp_path / "r.duckdb")])
    assert result.exit_code == 0, result.output
    assert "wrote" in result.output
    bad = CliRunner().invoke(app, ["export", str(tmp_path / "missing.jsonl"), "--to", str(tmp_path / "r.duckdb")])
    assert bad.exit_code == 2 and "no such run file" in bad.output


def test_derived_output_names() -> None:
    assert derived_output(Path("out/run.jsonl"), "json") == Path("out/run.json")
    assert derived_output(Path("out/run.jsonl"), "csv") == Path("out/run_csv")
    assert derived_output(Path("run"), "parquet") == Path("run_parquet")


def test_missing_optional_package_names_the_install(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    import importlib.util

    from llmx.run.outputs import export_run

    real = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec", lambda name, *a: None if name == "pyarrow" else real(name, *a))
    run = tmp_path / "run.jsonl"
    run.write_text("", encoding="utf-8")
    with pytest.raises(ValueError, match=r"pip install 'llmx\[export\]'"):
        export_run(run, tmp_path / "out", "parquet")
