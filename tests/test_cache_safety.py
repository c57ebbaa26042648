"""The response cache never runs code and never breaks a run (issue 13, items 5 and 6).

A planted pickle, in the old diskcache file or in the new table, is never unpickled; an
entry that is not a valid answer is counted and asked again; a damaged database is set
aside with one warning and the run goes on; ``llmx cache stats``/``clear`` work on a
damaged cache; two processes write one cache at once without harm.
"""

from __future__ import annotations

import json
import multiprocessing
import os
import pickle
import sqlite3
import subprocess
import sys
import time
import warnings
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from llmx.cli import app
from llmx.config import ExtractConfig
from llmx.core.document import load_document
from llmx.llm.cache import DB_NAME, LEGACY_DB, CacheWarning, ResponseCache
from llmx.pipeline import Extractor
from tests.support.fake_openai_server import FakeOpenAIServer

runner = CliRunner()
TEXT = "某局驻甲村工作队为甲村修建道路，全村共120户410人。"
ANSWER = {"extraction": {"title": "标题"}, "repairs": [], "invalid_items": []}

# diskcache's Cache table, as diskcache 5.6 creates it (the old cache format)
_DISKCACHE_TABLE = (
    "CREATE TABLE IF NOT EXISTS Cache (rowid INTEGER PRIMARY KEY, key BLOB, raw INTEGER, store_time REAL,"
    " expire_time REAL, access_time REAL, access_count INTEGER DEFAULT 0, tag BLOB, size INTEGER DEFAULT 0,"
    " mode INTEGER DEFAULT 0, filename TEXT, value BLOB)"
)


class _Planted:
    """Unpickling this creates ``marker``: proof that a cache entry ran code."""

    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self) -> tuple[Any, ...]:
        return (open, (str(self.marker), "w"))


def _config(url: str, cache_dir: Path, **kw: Any) -> ExtractConfig:
    return ExtractConfig(backend="openai", base_url=url, model="fake", mode="json_schema", cache_dir=cache_dir,
                         **kw)


def _doc(tmp_path: Path, text: str = TEXT) -> Path:
    path = tmp_path / "docs" / "d1.txt"
    path.parent.mkdir(exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def _key(url: str, doc: Path) -> str:
    """The cache key llmx uses for the document's one chunk (no cache opened)."""
    with Extractor(_config(url, doc.parent, cache=False)) as extractor:
        (request,) = extractor.requests(load_document(doc))
        return extractor.cache_key(request)


def _extract(url: str, doc: Path, cache_dir: Path, out: Path) -> Any:
    return runner.invoke(app, ["extract", str(doc), "-o", str(out), "--base-url", url, "--model", "fake",
                               "--mode", "json_schema", "--cache-dir", str(cache_dir), "--workers", "1"])


def _plant_old_format(cache_dir: Path, key: str, rows: list[tuple[int, str | None, Any]]) -> None:
    """Rows of diskcache's layout under ``key``: (mode, filename, value)."""
    cache_dir.mkdir(parents=True, exist_ok=True)
    with sqlite3.connect(cache_dir / LEGACY_DB) as conn:
        conn.execute(_DISKCACHE_TABLE)
        for i, (mode, filename, value) in enumerate(rows):
            conn.execute("INSERT INTO Cache (key, raw, store_time, mode, filename, value) VALUES (?, 1, ?, ?, ?, ?)",
                         (key if i == 0 else f"{key}-{i}", time.time(), mode, filename, value))
    conn.close()


def _garbage_over_databases(cache_dir: Path) -> list[Path]:
    """Random bytes over every database file of the cache, whatever its format."""
    damaged = [p for p in cache_dir.iterdir() if p.is_file() and not p.name.endswith(("-wal", "-shm"))]
    for path in damaged:
        path.write_bytes(os.urandom(3000) + b"\x00garbage" * 500)
    return damaged


def _said(caught: list[warnings.WarningMessage]) -> list[str]:
    return [str(w.message) for w in caught if issubclass(w.category, CacheWarning)]


def _records(out: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]


# -- a cache entry can never run code -------------------------------------------------------


def test_a_planted_pickle_in_the_old_cache_file_is_never_unpickled(tmp_path: Path) -> None:
    doc, cache_dir, marker = _doc(tmp_path), tmp_path / "cache", tmp_path / "PWNED"
    with FakeOpenAIServer() as server:
        key = _key(server.url, doc)
        payload = pickle.dumps(_Planted(marker))
        _plant_old_format(cache_dir, key, [(4, None, payload)])  # 4: diskcache's MODE_PICKLE
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            result = _extract(server.url, doc, cache_dir, tmp_path / "out.jsonl")
        requests = server.stats["requests"]
    assert not marker.exists(), "a cache entry ran code"
    assert result.exit_code == 0, result.output
    assert _said(caught) == [f"{cache_dir}: read 0 answers from the old cache format (cache.db); ignored 1 entries "
                             "that were not JSON text (never unpickled); the old files are no longer read "
                             "(`llmx cache clear` removes them)"]
    assert requests == 1  # the planted entry was not an answer: the model was asked
    assert len(_records(tmp_path / "out.jsonl")) == 1


@pytest.mark.parametrize(
    ("value", "why"),
    [
        (sqlite3.Binary(pickle.dumps({"extraction": {}})), "a pickle"),
        ("not json {", "text that is not JSON"),
        ('["a", "list"]', "JSON that is not an object"),
        ('{"extraction": {"teams": 5}}', "an object that is not a valid answer"),
    ],
)
def test_an_entry_that_is_not_an_answer_is_counted_and_replaced(tmp_path: Path, value: Any, why: str) -> None:
    doc, cache_dir, marker = _doc(tmp_path), tmp_path / "cache", tmp_path / "PWNED"
    with FakeOpenAIServer() as server:
        key = _key(server.url, doc)
        ResponseCache(cache_dir).close()
        with sqlite3.connect(cache_dir / DB_NAME) as conn:
            conn.execute("INSERT INTO responses VALUES (?, ?, ?)", (key, value, time.time()))
            conn.execute("INSERT INTO responses VALUES (?, ?, ?)",
                         ("other", sqlite3.Binary(pickle.dumps(_Planted(marker))), time.time()))
        conn.close()
        result = _extract(server.url, doc, cache_dir, tmp_path / "out.jsonl")
        again = _extract(server.url, doc, cache_dir, tmp_path / "again.jsonl")
        requests = server.stats["requests"]
    assert result.exit_code == 0, result.output
    assert not marker.exists()
    usage = _records(tmp_path / "out.jsonl")[0]["meta"]["usage"]
    assert (usage["calls"], usage["cache_hits"], usage["cache_ignored"]) == (1, 0, 1), why
    assert "1 unusable cache entries asked again" in result.output
    # the model's answer replaced the bad entry: the next run is served from the cache
    assert again.exit_code == 0, again.output
    assert _records(tmp_path / "again.jsonl")[0]["meta"]["usage"]["cache_hits"] == 1
    assert requests == 1
    stats = runner.invoke(app, ["cache", "stats", "--cache-dir", str(cache_dir)])
    assert "responses: 1" in stats.output and "ignored:   1" in stats.output  # the planted pickle under "other"
    assert not marker.exists()


def test_old_format_answers_are_read_once_pickles_are_not(tmp_path: Path) -> None:
    diskcache = pytest.importorskip("diskcache")
    marker, cache_dir = tmp_path / "PWNED", tmp_path / "cache"
    small, large = {"extraction": {"title": "小"}}, {"extraction": {"title": "大" * 40_000}}
    old = diskcache.Cache(str(cache_dir))
    old.set("small", json.dumps(small, ensure_ascii=False))
    old.set("large", json.dumps(large, ensure_ascii=False))  # 32 KB and more: a .val file
    old.set("planted", _Planted(marker))
    old.close()
    with sqlite3.connect(cache_dir / LEGACY_DB) as conn:  # a text file outside the cache directory
        (tmp_path / "outside.val").write_text(json.dumps(small), encoding="utf-8")
        conn.execute("INSERT INTO Cache (key, raw, mode, filename) VALUES ('escape', 1, 3, '../outside.val')")
    conn.close()
    with pytest.warns(CacheWarning, match="read 2 answers.*ignored 2 entries"):
        cache = ResponseCache(cache_dir)
    assert cache.get("small") == small and cache.get("large") == large
    assert cache.lookup("planted").ignored is False and cache.get("planted") is None  # never imported
    assert cache.get("escape") is None
    assert not marker.exists()
    cache.close()
    again = ResponseCache(cache_dir)  # read once: no second note
    assert again.stats()["entries"] == 2 and again.stats()["legacy"]
    again.close()
    stats = runner.invoke(app, ["cache", "stats", "--cache-dir", str(cache_dir)])
    assert "old files: cache.db" in stats.output
    cleared = runner.invoke(app, ["cache", "clear", "--cache-dir", str(cache_dir)])
    assert cleared.exit_code == 0 and "removed 2 cached responses" in cleared.output
    assert "files of the old cache format" in cleared.output
    assert not list(cache_dir.glob(f"{LEGACY_DB}*")) and not list(cache_dir.glob("*/*/*.val"))
    assert not marker.exists()


# -- a damaged cache is set aside, once, and the run goes on ----------------------------------


def test_garbage_over_the_database_does_not_stop_the_run(tmp_path: Path) -> None:
    doc, cache_dir = _doc(tmp_path), tmp_path / "cache"
    with FakeOpenAIServer() as server:
        first = _extract(server.url, doc, cache_dir, tmp_path / "one.jsonl")
        assert first.exit_code == 0, first.output
        _garbage_over_databases(cache_dir)
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            second = _extract(server.url, doc, cache_dir, tmp_path / "two.jsonl")
        third = _extract(server.url, doc, cache_dir, tmp_path / "three.jsonl")
        requests = server.stats["requests"]
    assert second.exit_code == 0, second.output
    (said,) = _said(caught)  # said once
    assert said.startswith(f"{cache_dir}: the response cache was damaged (file is not a database); set aside as "
                           f"{DB_NAME}.damaged-"), said
    assert _records(tmp_path / "two.jsonl")[0]["meta"]["usage"]["calls"] == 1  # asked the model again
    assert len(list(cache_dir.glob(f"{DB_NAME}.damaged-*"))) == 1
    assert third.exit_code == 0, third.output  # the fresh cache is used
    assert _records(tmp_path / "three.jsonl")[0]["meta"]["usage"]["cache_hits"] == 1
    assert requests == 2


def test_the_command_line_says_so_in_one_line(tmp_path: Path) -> None:
    """Through the real entry point: a one-line warning naming the directory, no traceback."""
    doc, cache_dir = _doc(tmp_path), tmp_path / "cache"
    cache = ResponseCache(cache_dir)
    cache.set("k", ANSWER)
    cache.close()
    _garbage_over_databases(cache_dir)
    with FakeOpenAIServer() as server:
        proc = subprocess.run(
            [sys.executable, "-m", "llmx", "extract", str(doc), "-o", str(tmp_path / "out.jsonl"), "--base-url",
             server.url, "--model", "fake", "--mode", "json_schema", "--cache-dir", str(cache_dir)],
            capture_output=True, text=True, timeout=120, cwd=Path(__file__).parent.parent,
            env={**os.environ, "PYTHONPATH": str(Path(__file__).parent.parent)},
        )
    assert proc.returncode == 0, proc.stderr
    warned = [line for line in proc.stderr.splitlines() if line.startswith("warning:")]
    assert len(warned) == 1 and str(cache_dir) in warned[0] and "set aside" in warned[0], proc.stderr
    assert "Traceback" not in proc.stderr and "CacheWarning" not in proc.stderr


def _truncate(path: Path) -> None:
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])


def _directory(path: Path) -> None:
    path.unlink()
    path.mkdir()


def _foreign_layout(path: Path) -> None:
    path.unlink()
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE responses (key BLOB, value BLOB)")
    conn.close()


@pytest.mark.parametrize("damage", [_truncate, _directory, _foreign_layout], ids=lambda f: f.__name__)
def test_a_damaged_cache_is_set_aside_and_a_fresh_one_used(tmp_path: Path, damage: Any) -> None:
    cache = ResponseCache(tmp_path)
    keys = [f"{i:064x}" for i in range(2000)]
    for key in keys:
        cache.set(key, {"extraction": {"title": "x" * 400}})
    cache.close()
    damage(tmp_path / DB_NAME)
    with pytest.warns(CacheWarning, match="set aside"):
        cache = ResponseCache(tmp_path)
        assert cache.get(keys[-1]) is None  # a truncated file fails here, on the read
    cache.set("new", ANSWER)
    assert cache.get("new") == ANSWER
    assert cache.disabled is None
    assert len(cache.damaged_files()) == 1
    cache.close()


def test_a_cache_that_cannot_be_set_aside_is_left_alone_and_the_run_goes_on(tmp_path: Path) -> None:
    (tmp_path / "cache").write_text("a file where the directory should be", encoding="utf-8")
    with pytest.warns(CacheWarning, match="cannot be used.*going on without it"):
        cache = ResponseCache(tmp_path / "cache")
    cache.set("k", ANSWER)
    assert cache.get("k") is None and cache.disabled is not None
    assert cache.stats()["entries"] == 0


def test_a_locked_cache_is_not_waited_for_twice(tmp_path: Path) -> None:
    cache = ResponseCache(tmp_path, timeout=0.2)
    cache.set("k", ANSWER)
    holder = sqlite3.connect(tmp_path / DB_NAME, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")  # another process in the middle of a write
    holder.execute("INSERT INTO responses VALUES ('x', '{}', 0)")
    try:
        with pytest.warns(CacheWarning, match="locked"):
            cache.set("k2", ANSWER)
        started = time.perf_counter()
        cache.set("k3", ANSWER)  # not used any more: no second wait
        assert time.perf_counter() - started < 0.1
        assert cache.get("k") is None
    finally:
        holder.execute("ROLLBACK")
        holder.close()
        cache.close()


def test_a_read_only_cache_is_read_and_not_written(tmp_path: Path) -> None:
    cache = ResponseCache(tmp_path)
    cache.set("k", ANSWER)
    cache._run(lambda conn: conn.execute("PRAGMA query_only = ON"), None)  # SQLite's own read-only answer
    with pytest.warns(CacheWarning, match="read-only"):
        cache.set("k2", ANSWER)
    cache.set("k3", ANSWER)  # said once
    assert cache.get("k") == ANSWER and cache.get("k2") is None
    cache.close()


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root writes read-only files")
def test_a_read_only_file_is_read_and_not_written(tmp_path: Path) -> None:
    cache = ResponseCache(tmp_path)
    cache.set("k", ANSWER)
    cache.close()
    (tmp_path / DB_NAME).chmod(0o444)
    with pytest.warns(CacheWarning, match="read-only"):
        cache = ResponseCache(tmp_path)
        cache.set("k2", ANSWER)
    assert cache.get("k") == ANSWER and cache.get("k2") is None
    cache.close()


# -- the cache commands on a damaged cache ----------------------------------------------------


def test_cache_stats_and_clear_work_on_a_damaged_cache(tmp_path: Path) -> None:
    cache_dir = tmp_path / "cache"
    cache = ResponseCache(cache_dir)
    cache.set("k", ANSWER)
    cache.close()
    _garbage_over_databases(cache_dir)

    stats = runner.invoke(app, ["cache", "stats", "--cache-dir", str(cache_dir)])
    assert stats.exit_code == 0, stats.output
    assert "note:" in stats.output and "set aside" in stats.output and "responses: 0" in stats.output

    _garbage_over_databases(cache_dir)  # damaged again (the set-aside copy too)
    cleared = runner.invoke(app, ["cache", "clear", "--cache-dir", str(cache_dir)])
    assert cleared.exit_code == 0, cleared.output
    assert "set aside" in cleared.output and "removed 0 cached responses" in cleared.output

    listed = runner.invoke(app, ["cache", "stats", "--cache-dir", str(cache_dir)])
    assert listed.exit_code == 0 and "set aside: " in listed.output and "note:" not in listed.output


def test_cache_clear_that_cannot_work_says_why(tmp_path: Path) -> None:
    (tmp_path / "cache").write_text("not a directory", encoding="utf-8")
    cleared = runner.invoke(app, ["cache", "clear", "--cache-dir", str(tmp_path / "cache")])
    assert cleared.exit_code == 2
    assert "cannot be cleared" in cleared.output and "Traceback" not in cleared.output


# -- concurrent writers -----------------------------------------------------------------------


def _writer(directory: str, shared: ResponseCache | None, start: Any, worker: int) -> None:
    warnings.simplefilter("error", CacheWarning)  # a busy, damaged or disabled cache fails this process
    cache = shared if shared is not None else ResponseCache(directory)
    start.wait()
    for i in range(300):
        cache.set(f"key{i}", {"worker": worker, "i": i, "text": "值" * 200})
        cache.set(f"own{worker}-{i}", {"worker": worker})
        assert cache.get(f"own{worker}-{i}") == {"worker": worker}
    cache.close()


@pytest.mark.parametrize("shared", [False, True], ids=["own-cache", "cache-opened-before-fork"])
def test_two_processes_write_one_cache_at_once(tmp_path: Path, shared: bool) -> None:
    ctx = multiprocessing.get_context("fork")
    start = ctx.Event()
    parent = ResponseCache(tmp_path) if shared else None
    procs = [ctx.Process(target=_writer, args=(str(tmp_path), parent, start, w)) for w in range(2)]
    for proc in procs:
        proc.start()
    start.set()
    for proc in procs:
        proc.join(60)
    assert [proc.exitcode for proc in procs] == [0, 0]
    cache = ResponseCache(tmp_path)
    assert cache.stats()["entries"] == 900 and cache.stats()["ignored"] == 0
    assert all(cache.get(f"key{i}")["i"] == i for i in range(300))  # type: ignore[index]
    if parent is not None:  # the parent's connection still works after its children used theirs
        parent.set("after", ANSWER)
        assert parent.get("after") == ANSWER
        parent.close()
    with sqlite3.connect(tmp_path / DB_NAME) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    conn.close()
    cache.close()


def test_an_answer_with_a_lone_surrogate_is_stored(tmp_path: Path) -> None:
    """A model may send "\\ud800" in its JSON; SQLite takes only valid UTF-8."""
    cache = ResponseCache(tmp_path)
    cache.set("k", {"extraction": {"title": "标题\ud800"}})
    assert cache.get("k") == {"extraction": {"title": "标题\ud800"}}
    cache.close()


# -- the division index kept in the cache directory ------------------------------------------


def test_the_division_index_is_json_and_a_planted_pickle_beside_it_never_runs(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import pickle

    from llmx.core import divisions

    class Payload:
        def __reduce__(self) -> tuple[Any, ...]:
            return (Path.write_text, (tmp_path / "pwned", "ran"))

    monkeypatch.setenv("LLMX_CACHE_DIR", str(tmp_path))
    index = divisions._index_path()
    assert index is not None and index.suffix == ".json"
    for name in (index.name, index.with_suffix(".pickle").name, "gazetteer-jionlp-0-v2.pickle"):
        (tmp_path / name).write_bytes(pickle.dumps(Payload()))
    gazetteer = divisions._load_or_build()  # the planted file at the index's own path is not an index
    assert not (tmp_path / "pwned").exists()
    assert "婺源县" in gazetteer.by_name
    assert sorted(p.name for p in tmp_path.glob("gazetteer-*")) == [index.name]  # old files removed, unread
    again = divisions._Gazetteer.from_json(index.read_text(encoding="utf-8"))
    assert again.by_name.keys() == gazetteer.by_name.keys() and again.towns == gazetteer.towns
