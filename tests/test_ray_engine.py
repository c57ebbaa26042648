"""The Ray engine (``--engine ray``) and ``extract_dataset``: the same records, resume,
errors and rate limits as the local engine, on one local Ray started for this module."""

from __future__ import annotations

import importlib.util
import json
import logging
import os
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, TypeVar

import pytest
from typer.testing import CliRunner

from llmx.cli import app
from llmx.config import ExtractConfig
from llmx.pipeline import Extractor
from llmx.run.engine import EXIT_OK, EXIT_PARTIAL, LocalEngine, RunSummary, run_batch
from llmx.run.output import errors_path_for
from tests.support.fake_openai_server import FakeOpenAIServer
from tests.support.fakes import FakeBackend, doc_text, fake_extractor, make_docs
from tests.support.gold_reader import GoldReader

ROOT = Path(__file__).resolve().parents[1]
EVAL_DOCS = sorted((ROOT / "evals" / "docs").glob("*.txt")) + sorted((ROOT / "evals" / "dev" / "docs").glob("*.txt"))
HAVE_RAY = importlib.util.find_spec("ray") is not None

F = TypeVar("F", bound=Callable[..., Any])


def ray_test(fn: F) -> F:
    marked: F = pytest.mark.ray(pytest.mark.skipif(not HAVE_RAY, reason="Ray is not installed: pip install "
                                                   "'llmx[ray]'")(fn))
    return marked


@pytest.fixture(scope="module")
def ray_cluster() -> Iterator[None]:
    """One local Ray for the module (two CPUs: two actors); the engine uses it and leaves it running."""
    import ray

    from llmx.run.ray_engine import settle_ray_data

    ray.init(address="local", num_cpus=2, include_dashboard=False, log_to_driver=False,
             logging_level=logging.ERROR)
    yield
    settle_ray_data()  # as the engine's own session does before it shuts Ray down
    ray.shutdown()


def _lines(out: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]


def _without_meta(out: Path) -> list[dict[str, Any]]:
    return [{k: v for k, v in record.items() if k != "meta"} for record in _lines(out)]


def _ray(concurrency: int = 2, workers: int | None = None) -> Any:
    from llmx.run.ray_engine import RayEngine

    return RayEngine(concurrency=concurrency, workers=workers)


def _both(paths: list[Path], tmp_path: Path, make: Callable[[], Extractor], concurrency: int = 2
          ) -> tuple[RunSummary, RunSummary]:
    with make() as extractor:
        local = run_batch(paths, tmp_path / "local.jsonl", extractor, engine=LocalEngine(concurrency, 1))
    with make() as extractor:
        on_ray = run_batch(paths, tmp_path / "ray.jsonl", extractor, engine=_ray(concurrency))
    return local, on_ray


@ray_test
def test_rules_backend_writes_the_local_engines_records(ray_cluster: None, tmp_path: Path) -> None:
    local, on_ray = _both(EVAL_DOCS, tmp_path, lambda: Extractor(ExtractConfig(backend="rules", cache=False)))
    assert local.succeeded == on_ray.succeeded == len(EVAL_DOCS) >= 17
    assert on_ray.engine == "ray" and on_ray.workers == 2
    assert [r["doc_id"] for r in _lines(tmp_path / "ray.jsonl")] == [p.stem for p in EVAL_DOCS]  # input order
    assert _without_meta(tmp_path / "ray.jsonl") == _without_meta(tmp_path / "local.jsonl")
    sources = [r["meta"]["source"] for r in _lines(tmp_path / "ray.jsonl")]
    assert sources == [str(p) for p in EVAL_DOCS]
    assert on_ray.records == local.records and on_ray.notes == local.notes


@ray_test
def test_llm_path_writes_the_local_engines_records(ray_cluster: None, tmp_path: Path) -> None:
    with GoldReader() as reader:
        config = ExtractConfig(backend="openai", base_url=reader.url, model="gold-reader", cache=False)
        local, on_ray = _both(EVAL_DOCS[:5], tmp_path, lambda: Extractor(config), concurrency=4)
        requests = reader.stats.requests
    assert local.succeeded == on_ray.succeeded == 5
    assert local.usage.calls + on_ray.usage.calls == requests and on_ray.usage.calls == local.usage.calls > 0
    assert on_ray.rate_limit["requests"] == on_ray.usage.calls  # every request went through the limiter actor
    assert _without_meta(tmp_path / "ray.jsonl") == _without_meta(tmp_path / "local.jsonl")
    assert sum(len(r["metrics"]) + len(r["measures"]) for r in _lines(tmp_path / "ray.jsonl")) > 0


@ray_test
def test_resume_skips_what_is_done_and_writes_nothing_twice(ray_cluster: None, tmp_path: Path) -> None:
    docs = make_docs(tmp_path / "docs", 24)
    out = tmp_path / "out.jsonl"
    first = run_batch(docs[:10], out, fake_extractor(), engine=_ray())  # a run stopped part-way
    resumed = run_batch(docs, out, fake_extractor(), engine=_ray())
    again = run_batch(docs, out, fake_extractor(), engine=_ray())
    assert (first.succeeded, resumed.skipped, resumed.succeeded) == (10, 10, 14)
    assert (again.skipped, again.succeeded, again.failed) == (24, 0, 0)
    ids = [r["doc_id"] for r in _lines(out)]
    assert ids == [p.stem for p in docs]  # no duplicates, and in input order after the resume


@ray_test
def test_failed_documents_go_to_the_errors_file(ray_cluster: None, tmp_path: Path) -> None:
    docs = make_docs(tmp_path / "docs", 12, markers={3: "FAIL", 8: "CRASH"})
    out = tmp_path / "out.jsonl"
    summary = run_batch([*docs, tmp_path / "docs" / "missing.txt"], out, fake_extractor(), engine=_ray())
    assert summary.exit_code == EXIT_PARTIAL and (summary.succeeded, summary.failed) == (10, 3)
    errors = {e["doc_id"]: e for e in _lines(errors_path_for(out))}
    assert errors["doc0003"]["stage"] == "call" and "500" in errors["doc0003"]["message"]
    assert errors["doc0008"]["stage"] == "internal" and errors["doc0008"]["error_type"] == "RuntimeError"
    assert errors["missing"]["stage"] == "load"
    assert summary.usage.transport_retries == 2  # the failed document's retries still count
    fixed = run_batch(make_docs(tmp_path / "docs", 12), out, fake_extractor(), engine=_ray())  # markers gone
    assert (fixed.skipped, fixed.succeeded, fixed.exit_code) == (10, 2, EXIT_OK)
    assert sorted(r["doc_id"] for r in _lines(out)) == sorted(p.stem for p in docs)


class _Dying(FakeBackend):
    """Kills the process extracting a chunk that says DIE (a segfault, the OOM killer)."""

    async def extract_chunk(self, request: Any) -> Any:
        if "DIE" in request.chunk.text:
            os._exit(1)
        return await super().extract_chunk(request)


class _Drifting(FakeBackend):
    """Another configuration in every process: what a node with another llmx or prompt builds."""

    def identity(self) -> dict[str, Any]:
        return {**super().identity(), "pid": os.getpid()}


@ray_test
def test_a_document_that_kills_its_actor_fails_and_the_run_ends(ray_cluster: None, tmp_path: Path) -> None:
    docs = make_docs(tmp_path / "docs", 12, markers={5: "DIE"})
    out = tmp_path / "out.jsonl"
    summary = run_batch(docs, out, fake_extractor(_Dying()), engine=_ray())
    errors = {e["doc_id"]: e for e in _lines(errors_path_for(out))}
    assert summary.exit_code == EXIT_PARTIAL and summary.succeeded + summary.failed == 12
    assert "doc0005" in errors and errors["doc0005"]["stage"] == "internal"
    assert "re-run" in errors["doc0005"]["message"]
    # lost with it: the batches in flight on that actor (retried first on a restarted one); the rest is written
    assert summary.succeeded > 0 and set(errors) == {d.stem for d in docs} - {r["doc_id"] for r in _lines(out)}


@ray_test
def test_actors_that_build_another_configuration_are_refused(ray_cluster: None, tmp_path: Path) -> None:
    from llmx.errors import RunError

    docs = make_docs(tmp_path / "docs", 3)
    with pytest.raises(RunError, match="install the same llmx version"):
        run_batch(docs, tmp_path / "out.jsonl", fake_extractor(_Drifting()), engine=_ray())


class _ClockedServer(FakeOpenAIServer):
    """The fake server, noting when each request arrives."""

    def __init__(self) -> None:
        super().__init__()
        self.arrivals: list[float] = []

    def handle(self, handler: Any, request: dict[str, Any]) -> None:
        self.arrivals.append(time.monotonic())
        super().handle(handler, request)


@ray_test
def test_rpm_holds_across_actors(ray_cluster: None, tmp_path: Path) -> None:
    docs = make_docs(tmp_path / "docs", 8)  # one chunk, one request each
    rpm = 60.0  # one a second run-wide (a burst of one): the 8 requests are sent over 7 s or more
    with _ClockedServer() as server:
        config = ExtractConfig(backend="openai", base_url=server.url, model="fake", mode="json_schema",
                               cache=False, rpm=rpm, concurrency=8)
        with Extractor(config) as extractor:
            summary = run_batch(docs, tmp_path / "out.jsonl", extractor, engine=_ray(8, workers=2))
    assert summary.succeeded == 8 and summary.workers == 2
    assert summary.rate_limit["requests"] == 8  # every request asked the one limiter actor
    span = max(server.arrivals) - min(server.arrivals)
    # each actor limited on its own (4 requests at 1/s) would send them over about 3 s, plus
    # the difference between the actors' start times; a cold client delays the first by < 1 s
    assert span >= 5.5, span
    assert summary.rate_limit["throttled_seconds"] > 10  # waits summed over requests: about 20 s


@ray_test
def test_extract_dataset(ray_cluster: None, tmp_path: Path) -> None:
    import ray

    from llmx.run.ray_engine import extract_dataset

    rows = [{"doc_id": f"d{i}", "text": doc_text(i, "FAIL" if i == 2 else "")} for i in range(5)]
    rows.append({"doc_id": "blank", "text": "  "})
    config = ExtractConfig(backend="rules", cache=False)
    result = extract_dataset(ray.data.from_items(rows), config, backend=FakeBackend(), workers=2)
    got = {row["doc_id"]: row for row in result.take_all()}
    assert sorted(got) == sorted(r["doc_id"] for r in rows)
    (tmp_path / "d0.txt").write_text(rows[0]["text"], encoding="utf-8")
    with fake_extractor() as local:
        expected = json.loads(local.extract_path(tmp_path / "d0.txt").report.model_dump_json())
    report = json.loads(got["d0"]["report"])
    assert got["d0"]["error"] is None
    assert {k: v for k, v in report.items() if k != "meta"} == {k: v for k, v in expected.items() if k != "meta"}
    assert got["d2"]["report"] is None and got["d2"]["error"]["stage"] == "call"
    assert got["blank"]["error"]["stage"] == "load" and "empty" in got["blank"]["error"]["message"]


@ray_test
def test_extract_dataset_names_a_missing_column(ray_cluster: None) -> None:
    import ray

    from llmx.run.ray_engine import extract_dataset

    ds = ray.data.from_items([{"id": "a", "body": doc_text(1)}])
    with pytest.raises(Exception, match=r"no column 'doc_id'.*id_column="):
        extract_dataset(ds, ExtractConfig(backend="rules", cache=False)).take_all()
    renamed = extract_dataset(ds, ExtractConfig(backend="rules", cache=False), text_column="body", id_column="id")
    assert renamed.take_all()[0]["doc_id"] == "a"


@ray_test
@pytest.mark.slow
def test_cli_starts_and_stops_its_own_ray(tmp_path: Path) -> None:
    """Without an address, ``llmx extract --engine ray`` starts a local Ray and stops it again."""
    out = tmp_path / "out.jsonl"
    env = {k: v for k, v in os.environ.items() if not k.startswith(("LLMX_", "OPENAI_", "RAY_ADDRESS"))}
    command = [sys.executable, "-m", "llmx", "extract", *map(str, EVAL_DOCS[:4]), "-o", str(out), "--backend",
               "rules", "--engine", "ray", "--workers", "2", "--no-cache"]
    done = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=240)
    assert done.returncode == 0, done.stderr[-2000:]
    assert [r["doc_id"] for r in _lines(out)] == [p.stem for p in EVAL_DOCS[:4]]
    assert "ray, 2 worker(s)" in done.stderr


def test_engine_ray_without_ray_names_the_install(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "ray", None)  # `import ray` now fails, as without the extra
    doc = make_docs(tmp_path / "docs", 1)[0]
    result = CliRunner().invoke(app, ["extract", str(doc), "-o", str(tmp_path / "out.jsonl"), "--backend",
                                      "rules", "--engine", "ray"])
    assert result.exit_code == 2
    assert "pip install 'llmx[ray]'" in result.output
    assert not (tmp_path / "out.jsonl").exists()


def test_a_task_opens_its_path_and_keeps_its_source(tmp_path: Path) -> None:
    """An actor in another working directory opens the absolute path; output says what the user wrote."""
    from llmx.run.work import Task, load_task

    doc = make_docs(tmp_path / "docs", 1)[0]
    document, size, _ = load_task(Task(0, "docs/doc0000.txt", "doc0000", path=str(doc)))
    assert document.source == "docs/doc0000.txt" and document.text == doc.read_text(encoding="utf-8")
    assert size == doc.stat().st_size


@ray_test
@pytest.mark.parametrize("name", ["ray-data-metadata-prefetch", "iter_threaded", "map_tp_filling_worker-0"])
def test_ray_datas_helper_threads_are_waited_for_before_ray_shuts_down(name: str) -> None:
    # a dataset's helper thread still resolving blocks when a run ends (Ray stops them
    # asynchronously): one that touches Ray after ray.shutdown() ends the whole process
    from llmx.run.ray_engine import settle_ray_data

    settle_ray_data(timeout_s=5)  # Ray Data imported first: the helper must still run when looked for
    helper = threading.Thread(target=time.sleep, args=(0.5,), name=name, daemon=True)
    helper.start()
    assert settle_ray_data(timeout_s=5) == 1 and not helper.is_alive()
    assert settle_ray_data(timeout_s=5) == 0


@ray_test
def test_a_dead_server_stops_a_ray_run_as_a_local_one(ray_cluster: None, tmp_path: Path) -> None:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    config = ExtractConfig(backend="openai", base_url=f"http://127.0.0.1:{port}/v1", model="m", cache=False,
                           timeout_s=2.0, transport_retries=3)
    with Extractor(config) as extractor:
        summary = run_batch(EVAL_DOCS, tmp_path / "out.jsonl", extractor, engine=_ray(2))
    assert summary.exit_code == 2 and summary.stopped is not None and "cannot reach the server" in summary.stopped
    assert summary.succeeded == 0 and summary.failed >= 1
    # the stream was left early: none of its iterator's workers outlives the run (the
    # fixture shuts Ray down next; a worker still in ray.get then would end the process)
    assert not [t.name for t in threading.enumerate() if t.name.startswith(("iter_threaded", "map_tp_", "ray-data-"))]
