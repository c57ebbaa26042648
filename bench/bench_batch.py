"""Batch-runner benchmark: llmx against a plain aiohttp client on the same test double.

    python bench/bench_batch.py            # about two minutes on 2 cores
    python bench/bench_batch.py --quick    # smaller sets, for a smoke check

The server is the gold reader (tests/support/gold_reader.py, a TEST DOUBLE answering
from hand-labelled gold), run in its own process with 200 ms of latency per answer, so
answers are as large as real ones and llmx does its whole job on each: repair,
validation, normalisation, grounding, figure checks, merge and writing.

Prints one Markdown table:

- throughput at concurrency 16 and 64: the requests a plain aiohttp client gets through
  (the same request bodies, answers read and dropped) and the requests llmx gets
  through while extracting the documents, with llmx's share of the plain client's rate
  (target >= 0.9), llmx's CPU per request, and its start-up time;
- the rules backend over 300 generated documents with 1 and 2 worker processes (``-j``):
  MB/s and the speed-up (target >= 1.6 on two cores);
- re-running 1,000 finished documents (resumed, all skipped) and from a warm cache;
- peak RSS of a whole run of 1,000 and of 10,000 documents, each in a fresh process.

Figures, not assertions: the tests check correctness, this shows speed. Other load on the
machine moves these numbers; run it on a quiet machine.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
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

import aiohttp  # noqa: E402

from llmx.config import ExtractConfig  # noqa: E402
from llmx.core.document import load_document  # noqa: E402
from llmx.pipeline import Extractor  # noqa: E402
from llmx.run.engine import LocalEngine, run_batch  # noqa: E402
from llmx.run.inputs import iter_input_paths  # noqa: E402
from tests.support.fakes import make_docs  # noqa: E402

READER = ROOT / "tests" / "support" / "gold_reader.py"
FAKE = ROOT / "tests" / "support" / "fake_openai_server.py"
LATENCY_S = 0.2
GOLD_SETS = (("evals/docs", "evals/gold"), ("evals/dev/docs", "evals/dev/gold"))
Row = tuple[str, str, str]


@contextmanager
def double(latency_s: float, *, gold: bool = True) -> Iterator[str]:
    """A test double in its own process, so its CPU is not this process's."""
    if gold:
        command = [sys.executable, str(READER), "--latency", str(latency_s)]
        for docs, gold_dir in GOLD_SETS:
            if (ROOT / gold_dir).is_dir():
                command += ["--gold-dir", docs, gold_dir]
    else:
        command = [sys.executable, str(FAKE), "--latency", str(latency_s)]
    proc = subprocess.Popen(command, stdout=subprocess.PIPE, text=True, cwd=ROOT)
    try:
        assert proc.stdout is not None
        yield proc.stdout.readline().strip()
    finally:
        proc.kill()
        proc.wait()


def gold_corpus(directory: Path, n: int) -> list[Path]:
    """``n`` documents copied round-robin from the gold sets, each under its own name."""
    directory.mkdir(parents=True, exist_ok=True)
    sources = [p for docs, _ in GOLD_SETS for p in sorted((ROOT / docs).glob("*.txt"))]
    paths = []
    for i in range(n):
        source = sources[i % len(sources)]
        path = directory / f"c{i:05d}_{source.name}"
        path.write_text(source.read_text(encoding="utf-8"), encoding="utf-8")
        paths.append(path)
    return paths


def llm_config(url: str, concurrency: int, cache_dir: Path | None = None) -> ExtractConfig:
    return ExtractConfig(backend="openai", base_url=url, model="gold-reader", mode="json_schema",
                         timeout_s=60, concurrency=concurrency, cache=cache_dir is not None,
                         cache_dir=cache_dir or Path(tempfile.gettempdir()))


async def plain_client(url: str, bodies: list[dict], concurrency: int) -> float:
    """The reference: the same bodies through aiohttp, ``concurrency`` in flight; seconds taken."""
    slots = asyncio.Semaphore(concurrency)
    connector = aiohttp.TCPConnector(limit=concurrency)
    async with aiohttp.ClientSession(connector=connector) as session:
        async def one(body: dict) -> None:
            async with slots, session.post(url + "/chat/completions", json=body) as response:
                await response.read()

        started = time.perf_counter()
        await asyncio.gather(*(one(body) for body in bodies))
        return time.perf_counter() - started


def throughput(work: Path, rows: list[Row], per_slot: int) -> None:
    for concurrency in (16, 64):
        docs = gold_corpus(work / f"tp{concurrency}", concurrency * per_slot)
        with double(LATENCY_S) as url:
            with Extractor(llm_config(url, concurrency)) as probe:
                bodies = [probe.backend.request_body(r) for p in docs for r in probe.requests(load_document(p))]
            plain_s = asyncio.run(plain_client(url, bodies, concurrency))
            plain_rate = len(bodies) / plain_s
            started = time.perf_counter()
            cpu = time.process_time()
            with Extractor(llm_config(url, concurrency)) as extractor:
                ready = time.perf_counter() - started
                summary = run_batch(docs, work / f"tp{concurrency}.jsonl", extractor, overwrite=True,
                                    engine=LocalEngine(concurrency))
            wall = time.perf_counter() - started
            cpu = time.process_time() - cpu
        rate = summary.usage.calls / wall
        rows.append((f"plain aiohttp client, concurrency {concurrency}, 200 ms latency ({len(bodies)} requests)",
                     f"{plain_rate:.1f} requests/s ({plain_rate / (concurrency / LATENCY_S):.2f} of ideal)", ""))
        rows.append((f"llmx extract, concurrency {concurrency} ({len(docs)} documents, {summary.usage.calls} requests, "
                     "start-up included)",
                     f"{rate:.1f} requests/s = **{rate / plain_rate:.2f}** of the plain client; "
                     f"{cpu / summary.usage.calls * 1000:.1f} ms CPU per request; start-up {ready:.2f} s",
                     ">= 0.9"))


def rules_cores(work: Path, rows: list[Row], n: int) -> None:
    sys.path.insert(0, str(ROOT / "bench"))
    from synthetic import page

    rng = random.Random(7)
    directory = work / "rules"
    directory.mkdir()
    for i in range(n):
        (directory / f"a{i:04d}.txt").write_text(page(rng), encoding="utf-8")
    paths = sorted(directory.glob("*.txt"))
    size = sum(p.stat().st_size for p in paths)
    seconds = {}
    for workers in (1, 2):
        best = float("inf")
        for _ in range(2):
            with Extractor(ExtractConfig(backend="rules")) as extractor:
                extractor.warm_up()  # start-up excluded, as the target says
                started = time.perf_counter()
                run_batch(paths, work / f"rules{workers}.jsonl", extractor, overwrite=True,
                          engine=LocalEngine(concurrency=workers, workers=workers))
                best = min(best, time.perf_counter() - started)
        seconds[workers] = best
        target = ">= 1.5 MB/s" if workers == 1 else ""
        rows.append((f"rules backend, end to end, {n} documents ({size / 1e6:.1f} MB), -j {workers}",
                     f"{size / best / 1e6:.2f} MB/s ({n / best:.0f} documents/s)", target))
    rows.append(("rules backend, -j 2 over -j 1", f"**{seconds[1] / seconds[2]:.2f}x** on {os.cpu_count()} CPUs",
                 ">= 1.6x on 2 cores"))


def rerun(work: Path, rows: list[Row], n: int) -> None:
    docs_dir = work / "rr"
    docs = make_docs(docs_dir, n)
    out, cache = work / "rr.jsonl", work / "cache"
    with double(0.0, gold=False) as url:
        with Extractor(llm_config(url, 16, cache)) as extractor:
            run_batch(docs, out, extractor)  # the first run fills output and cache
        started = time.perf_counter()
        with Extractor(llm_config(url, 16, cache)) as extractor:
            summary = run_batch(docs, out, extractor)
        assert summary.skipped == n
        rows.append((f"re-run of {n} finished documents, resumed (all skipped)",
                     f"{time.perf_counter() - started:.2f} s", "< 2 s"))
        started = time.perf_counter()
        with Extractor(llm_config(url, 16, cache)) as extractor:
            summary = run_batch(docs, work / "rr-fresh.jsonl", extractor)
        rows.append((f"re-run of {n} documents from a warm cache into a fresh output",
                     f"{time.perf_counter() - started:.2f} s ({summary.usage.cache_hits} cache hits, "
                     f"{summary.usage.calls} calls)", "< 2 s"))


def memory(work: Path, rows: list[Row], sizes: tuple[int, ...]) -> None:
    with double(0.0, gold=False) as url:
        for n in sizes:
            docs_dir = work / f"mem{n}"
            make_docs(docs_dir, n)
            result = subprocess.run(
                [sys.executable, __file__, "--memory-child", url, str(docs_dir), str(work / f"mem{n}.jsonl")],
                check=True, capture_output=True, text=True,
            )
            baseline_kb, peak_kb, seconds = (float(x) for x in result.stdout.split())
            rows.append((f"peak RSS, whole run of {n:,} documents (concurrency 16)",
                         f"{peak_kb / 1024:.0f} MB (after warm-up: {baseline_kb / 1024:.0f} MB; "
                         f"{n / seconds:.0f} docs/s)", "flat in N"))


def memory_child(url: str, docs_dir: str, out: str) -> None:
    """One whole run in this fresh process: prints baseline and peak RSS (KB) and seconds."""
    with Extractor(llm_config(url, 16)) as extractor:
        warm = sorted(Path(docs_dir).glob("*.txt"))[:8]
        run_batch(warm, Path(out + ".warm"), extractor, overwrite=True)
        baseline = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        paths = list(iter_input_paths([docs_dir]))  # as the CLI does
        started = time.perf_counter()
        run_batch(paths, Path(out), extractor, overwrite=True)
        seconds = time.perf_counter() - started
    print(baseline, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, seconds)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="smaller sets (not the figures README quotes)")
    parser.add_argument("--only", choices=("throughput", "cores", "rerun", "memory"), help="run one part")
    parser.add_argument("--memory-child", nargs=3, metavar=("URL", "DOCS", "OUT"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.memory_child:
        memory_child(*args.memory_child)
        return
    rows: list[Row] = []
    parts = {
        "throughput": lambda work: throughput(work, rows, per_slot=4 if args.quick else 12),
        "cores": lambda work: rules_cores(work, rows, n=100 if args.quick else 300),
        "rerun": lambda work: rerun(work, rows, n=300 if args.quick else 1000),
        "memory": lambda work: memory(work, rows, (500, 2000) if args.quick else (1000, 10000)),
    }
    with tempfile.TemporaryDirectory(prefix="llmx-bench-") as tmp:
        for name, part in parts.items():
            if args.only in (None, name):
                (Path(tmp) / name).mkdir()
                part(Path(tmp) / name)
    print(f"\nllmx batch benchmark: Python {sys.version.split()[0]}, {os.cpu_count()} CPUs, "
          "servers are test doubles in their own processes\n")
    print("| measure | result | target |\n| --- | --- | --- |")
    for measure, result, target in rows:
        print(f"| {measure} | {result} | {target} |")


if __name__ == "__main__":
    main()
