"""Batch-runner benchmark against the fake OpenAI-compatible server (a test double).

    python bench/bench_batch.py            # full run, about two minutes on 2 cores
    python bench/bench_batch.py --quick    # smaller sets, for a smoke check

Prints one Markdown table:

- throughput at concurrency 1, 4, 16, 64 with 200 ms server latency, as achieved / ideal
  (ideal = concurrency / latency);
- pipeline overhead per document with a zero-latency server (wall and CPU of this
  process; the server runs in its own process);
- re-running 1,000 finished documents: resumed (all skipped) and from a warm cache into a
  fresh output, in-process, plus the same resume through the CLI including interpreter
  start-up;
- peak RSS of a whole run of 1,000 and of 10,000 documents, each in a fresh process.

Figures, not assertions: the tests check correctness, this shows speed.
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from llmx.config import ExtractConfig  # noqa: E402
from llmx.pipeline import Extractor  # noqa: E402
from llmx.run.engine import run_batch  # noqa: E402
from llmx.run.inputs import iter_input_paths  # noqa: E402
from tests.support.fakes import make_docs  # noqa: E402

SERVER = ROOT / "tests" / "support" / "fake_openai_server.py"
LATENCY_S = 0.2
CONCURRENCIES = (1, 4, 16, 64)


@contextmanager
def fake_server(latency_s: float) -> Iterator[str]:
    """The test double in its own process, so its CPU is not this process's GIL."""
    proc = subprocess.Popen([sys.executable, str(SERVER), "--latency", str(latency_s)],
                            stdout=subprocess.PIPE, text=True)
    try:
        assert proc.stdout is not None
        yield proc.stdout.readline().strip()
    finally:
        proc.kill()
        proc.wait()


def config(url: str, cache_dir: Path | None = None) -> ExtractConfig:
    return ExtractConfig(backend="openai", base_url=url, model="fake", mode="json_schema", timeout_s=30,
                         cache=cache_dir is not None, cache_dir=cache_dir or Path(tempfile.gettempdir()))


def timed_run(paths: list[Path], out: Path, extractor: Extractor, concurrency: int,
              overwrite: bool = True) -> tuple[float, float, int]:
    """(wall seconds, CPU seconds of this process, documents succeeded)."""
    wall, cpu = time.perf_counter(), time.process_time()
    summary = run_batch(paths, out, extractor, concurrency=concurrency, overwrite=overwrite)
    return time.perf_counter() - wall, time.process_time() - cpu, summary.succeeded + summary.skipped


def throughput(work: Path, rows: list[tuple[str, str, str]], per_worker: int) -> None:
    docs = make_docs(work / "tp", max(CONCURRENCIES) * per_worker)
    with fake_server(LATENCY_S) as url, Extractor(config(url)) as extractor:
        timed_run(docs[:8], work / "warm.jsonl", extractor, 4)  # imports, connections
        for c in CONCURRENCIES:
            n = c * per_worker
            wall, _, done = timed_run(docs[:n], work / f"tp{c}.jsonl", extractor, c)
            achieved, ideal = done / wall, c / LATENCY_S
            target = ">= 0.9" if c >= 16 else ""
            rows.append((f"throughput, concurrency {c}, 200 ms latency ({n} docs)",
                         f"{achieved:.1f} docs/s = **{achieved / ideal:.2f}** of ideal {ideal:.0f}", target))


def overhead(work: Path, rows: list[tuple[str, str, str]], n: int) -> None:
    docs = make_docs(work / "oh", n)
    with fake_server(0.0) as url, Extractor(config(url)) as extractor:
        timed_run(docs[:20], work / "warm.jsonl", extractor, 1)
        wall, cpu, done = timed_run(docs, work / "oh.jsonl", extractor, 1)
        rows.append((f"pipeline overhead per document, zero latency, concurrency 1 ({n} docs)",
                     f"{wall / done * 1000:.1f} ms wall, {cpu / done * 1000:.1f} ms CPU", ""))
        wall, cpu, done = timed_run(docs, work / "oh16.jsonl", extractor, 16)
        rows.append((f"CPU-bound ceiling, zero latency, concurrency 16 ({n} docs)",
                     f"{done / wall:.0f} docs/s ({cpu / done * 1000:.1f} ms CPU per doc)", ""))


def rerun(work: Path, rows: list[tuple[str, str, str]], n: int) -> None:
    docs_dir = work / "rr"
    docs = make_docs(docs_dir, n)
    out, cache = work / "rr.jsonl", work / "cache"
    with fake_server(0.0) as url:
        with Extractor(config(url, cache)) as extractor:
            timed_run(docs, out, extractor, 16)  # the first run fills output and cache
        started = time.perf_counter()
        with Extractor(config(url, cache)) as extractor:
            wall, _, done = timed_run(docs, out, extractor, 16, overwrite=False)
        total = time.perf_counter() - started
        assert done == n
        rows.append((f"re-run of {n} finished documents, resumed (all skipped)",
                     f"{total:.2f} s ({wall:.2f} s in run_batch)", "< 2 s"))
        started = time.perf_counter()
        with Extractor(config(url, cache)) as extractor:
            wall, _, done = timed_run(docs, work / "rr-fresh.jsonl", extractor, 16)
        total = time.perf_counter() - started
        rows.append((f"re-run of {n} documents from a warm cache into a fresh output",
                     f"{total:.2f} s ({n / wall:.0f} docs/s)", "< 2 s"))
        command = [sys.executable, "-m", "llmx", "extract", str(docs_dir), "-o", str(out), "--backend", "openai",
                   "--base-url", url, "--model", "fake", "--mode", "json_schema", "--cache-dir", str(cache)]
        started = time.perf_counter()
        subprocess.run(command, check=True, capture_output=True, cwd=ROOT)
        rows.append((f"the same resume through the CLI ({n} docs, incl. interpreter start-up and imports)",
                     f"{time.perf_counter() - started:.2f} s", ""))


def memory(work: Path, rows: list[tuple[str, str, str]], sizes: tuple[int, ...]) -> None:
    with fake_server(0.0) as url:
        for n in sizes:
            docs_dir = work / f"mem{n}"
            make_docs(docs_dir, n)
            result = subprocess.run(
                [sys.executable, __file__, "--memory-child", url, str(docs_dir), str(work / f"mem{n}.jsonl")],
                check=True, capture_output=True, text=True,
            )
            baseline_kb, peak_kb, seconds = (float(x) for x in result.stdout.split())
            rows.append((f"peak RSS, whole run of {n:,} documents (concurrency 16)",
                         f"{peak_kb / 1024:.0f} MB (peak before the run, after warm-up: {baseline_kb / 1024:.0f} MB; "
                         f"{n / seconds:.0f} docs/s)", "flat in N"))


def memory_child(url: str, docs_dir: str, out: str) -> None:
    """One whole run in this fresh process: prints baseline and peak RSS (KB) and seconds."""
    with Extractor(config(url)) as extractor:
        warm = sorted(Path(docs_dir).glob("*.txt"))[:8]
        run_batch(warm, Path(out + ".warm"), extractor, concurrency=4, overwrite=True)
        baseline = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        paths = list(iter_input_paths([docs_dir]))  # as the CLI does
        started = time.perf_counter()
        run_batch(paths, Path(out), extractor, concurrency=16, overwrite=True)
        seconds = time.perf_counter() - started
    print(baseline, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, seconds)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="smaller sets (not the figures README quotes)")
    parser.add_argument("--memory-child", nargs=3, metavar=("URL", "DOCS", "OUT"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.memory_child:
        memory_child(*args.memory_child)
        return
    rows: list[tuple[str, str, str]] = []
    with tempfile.TemporaryDirectory(prefix="llmx-bench-") as tmp:
        work = Path(tmp)
        throughput(work, rows, per_worker=5 if args.quick else 20)
        overhead(work, rows, n=100 if args.quick else 300)
        rerun(work, rows, n=1000)
        memory(work, rows, (500, 2000) if args.quick else (1000, 10000))
    print(f"\nllmx batch benchmark: fake server (tests/support/fake_openai_server.py), json_schema mode, "
          f"Python {sys.version.split()[0]}, {os.cpu_count()} CPUs\n")
    print("| measure | result | target |\n| --- | --- | --- |")
    for measure, result, target in rows:
        print(f"| {measure} | {result} | {target} |")


if __name__ == "__main__":
    main()
