"""Throughput of the rules backend on a synthetic genre corpus (not a test).

Builds several MB of invented pages of the genre (``bench/synthetic.py``: 1,500-3,000
characters each, about as dense in figures as the genre's news reports) and times
``extract_rules`` over all of them on one core. Prints MB/s (UTF-8 bytes) and
articles/s; the target is well above 1.5 MB/s (the end-to-end target of `llmx extract`,
which adds the pipeline around the rules).

    python bench/bench_rules.py [--mb 4] [--seed 7]
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from pathlib import Path

from llmx.backends.rules import extract_rules

sys.path.insert(0, str(Path(__file__).resolve().parent))
from synthetic import page


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=float, default=4.0, help="corpus size in MB of UTF-8 text")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    docs: list[str] = []
    size = 0
    while size < args.mb * 1_000_000:
        doc = page(rng)
        docs.append(doc)
        size += len(doc.encode("utf-8"))
    extract_rules(docs[0])  # warm-up: jionlp import, gazetteer, OpenCC
    started = time.process_time()
    wall = time.perf_counter()
    items = 0
    for doc in docs:
        result = extract_rules(doc)
        items += sum(len(getattr(result, k)) for k in ("teams", "villages", "measures", "metrics"))
    cpu = time.process_time() - started
    elapsed = time.perf_counter() - wall
    mb = size / 1_000_000
    print(f"corpus: {len(docs)} articles, {mb:.2f} MB UTF-8, {sum(len(d) for d in docs):,} characters")
    print(f"rules backend: {cpu:.2f} s CPU ({elapsed:.2f} s wall), {mb / cpu:.2f} MB/s per core, "
          f"{len(docs) / cpu:.0f} articles/s, {items:,} items extracted")
    print("target: >= 1.5 MB/s per core:", "met" if mb / cpu >= 1.5 else "NOT met")


if __name__ == "__main__":
    main()
