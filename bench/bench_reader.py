"""What llmx keeps of a perfect reader's answers, and of a reader making real models' mistakes.

    python bench/bench_reader.py                 # both gold sets, chunk sizes 600 and 1500, every class
    python bench/bench_reader.py --quick         # chunk size 600, five configurations
    python bench/bench_reader.py --mode tools --gold-dir evals/dev/docs evals/dev/gold
    python bench/bench_reader.py --reask-noise same   # a model that repeats its mistakes when re-asked

The reader is the gold reader double (tests/support/gold_reader.py), a TEST DOUBLE that
answers every chunk with its hand-labelled gold items, clean or with one noise class
(tests/support/noise.py). It is not a model: these figures measure llmx's own machinery
(repair, salvage, figure verification, grounding, merging), never a model's quality.
The double runs in its own process, one per noise class; llmx runs here through its
library API with the cache off, so every chunk is a request.

Prints two Markdown tables: per gold set x chunk size x noise class the micro F1,
precision, model calls, tokens (prompt + completion as llmx counted them), re-asks (as
the double counted them) and failed documents (scored as empty Reports); then the
targets, PASS or FAIL each:

- every repairable class (script_width, wan, unit_synonyms, model_quirks): micro F1
  within 0.02 of clean and at least 0.97;
- clean with strict grounding: micro F1 at least 0.97;
- fabricated_figure with strict grounding: precision at least 0.97;
- tokens under a repairable class at most 1.1 x clean.

A benchmark, not a test: it exits 0 whatever the targets say.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
# llmx finds prompts/ through its package or this variable; set it so a source tree works either way.
os.environ.setdefault("LLMX_PROMPTS_DIR", str(ROOT / "prompts"))

from llmx.config import ExtractConfig  # noqa: E402
from llmx.core.document import TEXT_SUFFIXES  # noqa: E402
from llmx.errors import ExtractionError  # noqa: E402
from llmx.eval.harness import load_docs, load_gold_dir  # noqa: E402
from llmx.eval.scorer import score_run  # noqa: E402
from llmx.pipeline import Extractor  # noqa: E402

SERVER = ROOT / "tests" / "support" / "gold_reader.py"
DEFAULT_SETS: tuple[tuple[str, Path, Path], ...] = (
    ("samples", ROOT / "evals" / "docs", ROOT / "evals" / "gold"),
    ("heldout", ROOT / "evals" / "heldout" / "docs", ROOT / "evals" / "heldout" / "gold"),
)
REPAIRABLE = ("script_width", "wan", "unit_synonyms", "model_quirks")
#: (noise class, strict grounding), in table order.
CONFIGS: tuple[tuple[str, bool], ...] = (
    ("clean", False), *((n, False) for n in REPAIRABLE),
    ("fabricated_figure", False), ("invented_record", False),
    ("clean", True), ("fabricated_figure", True),
)
QUICK_CONFIGS: tuple[tuple[str, bool], ...] = (
    ("clean", False), ("wan", False), ("model_quirks", False), ("clean", True), ("fabricated_figure", True),
)
F1_FLOOR = 0.97
F1_SLACK = 0.02
TOKEN_FACTOR = 1.1


@dataclass
class GoldSet:
    name: str
    docs_dir: Path
    gold_dir: Path


@dataclass
class Row:
    gold_set: str
    chunk_tokens: int
    noise: str
    strict: bool
    f1: float
    precision: float
    calls: int
    tokens: int
    reasks: int
    failed: list[str] = field(default_factory=list)  # "doc_id: stage: message"

    @property
    def label(self) -> str:
        return f"{self.noise} (strict)" if self.strict else self.noise


@contextmanager
def gold_reader(noise: str, seed: int, sets: Sequence[GoldSet], reask_noise: str = "clean") -> Iterator[str]:
    """The double in its own process, serving every gold set; yields its base URL."""
    command = [sys.executable, str(SERVER), "--noise", noise, "--seed", str(seed), "--reask-noise", reask_noise]
    for gold_set in sets:
        command += ["--gold-dir", str(gold_set.docs_dir), str(gold_set.gold_dir)]
    proc = subprocess.Popen(command, stdout=subprocess.PIPE, text=True)
    try:
        assert proc.stdout is not None
        url = proc.stdout.readline().strip()
        if not url.startswith("http"):
            raise RuntimeError(f"the gold reader did not start (exit {proc.wait()})")
        yield url
    finally:
        proc.kill()
        proc.wait()


def server_stats(url: str) -> dict[str, Any]:
    with urllib.request.urlopen(url.removesuffix("/v1") + "/stats", timeout=10) as response:
        return dict(json.load(response))


def run_one(url: str, gold_set: GoldSet, chunk_tokens: int, noise: str, strict: bool, mode: str) -> Row:
    golds = load_gold_dir(gold_set.gold_dir)
    texts = load_docs(gold_set.docs_dir)
    # the document files load_docs reads, not a sidecar of the same stem (page.url beside page.txt)
    paths = {p.stem: p for p in sorted(gold_set.docs_dir.iterdir())
             if p.stem in golds and p.suffix.lower() in TEXT_SUFFIXES and not p.name.startswith(".")}
    config = ExtractConfig(backend="openai", base_url=url, model="gold-reader", mode=mode,  # type: ignore[arg-type]
                           chunk_tokens=chunk_tokens, cache=False, strict_grounding=strict, timeout_s=60)
    before = server_stats(url)
    preds = {}
    failed: list[str] = []
    calls = tokens = 0
    with Extractor(config) as extractor:
        for doc_id in sorted(golds):
            try:
                result = extractor.extract_path(paths[doc_id])
            except ExtractionError as err:
                failed.append(" ".join(str(err).split())[:200])  # names the document and the stage
                usage = getattr(err, "usage", None)
            else:
                preds[doc_id] = result.report
                usage = result.usage
            calls += getattr(usage, "calls", 0) or 0
            tokens += (getattr(usage, "prompt_tokens", 0) or 0) + (getattr(usage, "completion_tokens", 0) or 0)
    after = server_stats(url)
    total = score_run(golds, preds, texts).total
    return Row(gold_set.name, chunk_tokens, noise, strict, total.f1 or 0.0, total.precision or 0.0, calls, tokens,
               after["reasks"] - before["reasks"], failed)


def results_table(rows: Sequence[Row]) -> str:
    lines = ["| gold set | chunk tokens | noise | micro F1 | precision | model calls | tokens | re-asks "
             "| failed docs |", "| --- | ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: |"]
    for r in rows:
        lines.append(f"| {r.gold_set} | {r.chunk_tokens} | {r.label} | {r.f1:.4f} | {r.precision:.4f} | {r.calls} "
                     f"| {r.tokens} | {r.reasks} | {len(r.failed)} |")
    return "\n".join(lines)


def targets_table(rows: Sequence[Row]) -> str:
    by_key = {(r.gold_set, r.chunk_tokens, r.noise, r.strict): r for r in rows}
    lines = ["| target | gold set | chunk tokens | value | result |", "| --- | --- | ---: | --- | --- |"]

    def add(target: str, row: Row, value: str, ok: bool) -> None:
        lines.append(f"| {target} | {row.gold_set} | {row.chunk_tokens} | {value} | {'PASS' if ok else 'FAIL'} |")

    for (gold_set, chunk, noise, strict), row in by_key.items():
        if noise != "clean" or strict:
            continue
        for name in REPAIRABLE:
            noisy = by_key.get((gold_set, chunk, name, False))
            if noisy is None:
                continue
            ok = noisy.f1 >= F1_FLOOR and row.f1 - noisy.f1 <= F1_SLACK
            add(f"{name}: F1 >= {F1_FLOOR}, within {F1_SLACK} of clean", row,
                f"{noisy.f1:.4f} (clean {row.f1:.4f})", ok)
            ratio = noisy.tokens / row.tokens if row.tokens else float("inf")
            add(f"{name}: tokens <= {TOKEN_FACTOR} x clean", row, f"{ratio:.2f} x", ratio <= TOKEN_FACTOR)
        if (strict_clean := by_key.get((gold_set, chunk, "clean", True))) is not None:
            add(f"clean (strict): F1 >= {F1_FLOOR}", row, f"{strict_clean.f1:.4f}", strict_clean.f1 >= F1_FLOOR)
        if (fabricated := by_key.get((gold_set, chunk, "fabricated_figure", True))) is not None:
            add(f"fabricated_figure (strict): precision >= {F1_FLOOR}", row, f"{fabricated.precision:.4f}",
                fabricated.precision >= F1_FLOOR)
    return "\n".join(lines)


def _set_name(gold_dir: Path) -> str:
    """evals/heldout/gold -> evals/heldout: the folder that holds the set."""
    folder = gold_dir.parent if gold_dir.name == "gold" else gold_dir
    return str(folder.relative_to(ROOT)) if folder.is_relative_to(ROOT) else str(folder)


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--quick", action="store_true", help="chunk size 600 only and five configurations")
    parser.add_argument("--mode", default="json_schema",
                        choices=("json_schema", "tools", "json", "md_json", "json_object_schema"))
    parser.add_argument("--gold-dir", nargs=2, action="append", metavar=("DOCS_DIR", "GOLD_DIR"),
                        help="a documents and a gold directory; repeat for more sets (default: samples and held-out)")
    parser.add_argument("--chunk-tokens", type=int, nargs="+", default=None, help="chunk sizes (default 600 1500)")
    parser.add_argument("--seed", type=int, default=0, help="the noise seed")
    parser.add_argument("--reask-noise", default="clean",
                        help="noise classes of answers to re-asks (default clean); 'same' repeats each run's "
                        "own class, a model that does not fix its mistakes")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> None:
    args = parse_args(argv)
    if args.gold_dir:
        sets = [GoldSet(_set_name(Path(gold).resolve()), Path(docs).resolve(), Path(gold).resolve())
                for docs, gold in args.gold_dir]
    else:
        sets = [GoldSet(*s) for s in DEFAULT_SETS]
    chunk_sizes = args.chunk_tokens or ([600] if args.quick else [600, 1500])
    configs = QUICK_CONFIGS if args.quick else CONFIGS
    started = time.perf_counter()
    rows: list[Row] = []
    for noise in dict.fromkeys(n for n, _ in configs):  # one server per class, in table order
        reask_noise = noise if args.reask_noise == "same" else args.reask_noise
        with gold_reader(noise, args.seed, sets, reask_noise) as url:
            for gold_set in sets:
                for chunk_tokens in chunk_sizes:
                    for strict in [s for n, s in configs if n == noise]:
                        rows.append(run_one(url, gold_set, chunk_tokens, noise, strict, args.mode))
    order = {config: i for i, config in enumerate(configs)}
    rows.sort(key=lambda r: ([s.name for s in sets].index(r.gold_set), r.chunk_tokens, order[r.noise, r.strict]))
    print(f"## Gold reader benchmark (mode {args.mode}, seed {args.seed}, re-asks {args.reask_noise})\n")
    print(results_table(rows))
    print("\n## Targets\n")
    print(targets_table(rows))
    failures = [(r, f) for r in rows for f in r.failed]
    print(f"\n{len(failures)} failed document runs" + (":" if failures else "."))
    for row, failure in failures:
        print(f"- {row.gold_set} / {row.chunk_tokens} / {row.label}: {failure}")
    print(f"\n({time.perf_counter() - started:.0f} s)")


if __name__ == "__main__":
    main()
