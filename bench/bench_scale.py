"""How extraction time grows with one input's size (not a test: it prints figures).

Builds single files of invented pages of the genre, concatenated (a headline and
dateline, village statistics, a team posted to villages, narrative paragraphs with one
investment each, counted village lists, an outcome line and a byline; every village,
township, unit, person and figure is generated), and times ``llmx extract FILE -o OUT
--backend rules`` on each in a fresh process:

* ``pages`` at 1, 4 and 16 MB: time per MB should stay flat;
* ``one-line``: 5 MB without a line break;
* ``no-punct``: 4 MB without sentence or clause punctuation (one sentence per line);
* ``llm-path``: the LLM path's own stages (chunking, normalising, grounding, merging,
  figure checks) on 4 MB, with a fake backend that answers every chunk instantly with
  items quoted from it.

Prints seconds, seconds per MB (also net of the start-up a one-page run takes) and peak
RSS for each, and exits 0.

    python bench/bench_scale.py [--sizes 1 4 16] [--single-line 5] [--no-punct 4] [--llm 4] [--big 0]
"""

from __future__ import annotations

import argparse
import random
import resource
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

from synthetic import corpus, page  # noqa: E402  (bench/ is not a package)

_CHILD_RULES = """
import resource, subprocess, sys, time
started = time.perf_counter()
code = subprocess.call([sys.executable, "-m", "llmx", "extract", sys.argv[1], "-o", sys.argv[2],
                        "--backend", "rules", "--workers", "1"], stdout=subprocess.DEVNULL)
elapsed = time.perf_counter() - started
peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
print(code, elapsed, peak)
"""

_CHILD_LLM = """
import re, resource, sys, time
from llmx.backends.base import ChunkAnswer
from llmx.core.document import load_document
from llmx.core.records import Extraction
from llmx.pipeline import Extractor
from llmx.config import ExtractConfig

FIGURE = re.compile(r"[^，。]*?(\\d+)(户|人)[^，。]*")
VILLAGE = re.compile(r"[\\u4e00-\\u9fff]{2}村")

class Instant:
    # answers at once with what a model might, offsets unknown: figures quoted exactly, one
    # quote with a space put in (normalised), one with a character changed (fuzzy), one
    # quote the page does not hold (none), and a village
    name = "instant"; max_chunk_tokens = 1200; cacheable = False; local_cpu = True
    def identity(self): return {"backend": "instant"}
    async def aclose(self): return None
    async def extract_chunk(self, request):
        text = request.chunk.text
        found = list(FIGURE.finditer(text))[:4]
        metrics = [{"name": "户数", "value": int(m.group(1)), "unit": m.group(2),
                    "evidence": [{"quote": m.group(0)}]} for m in found]
        measures = [{"summary": "修路", "category": "infrastructure", "households": int(m.group(1)),
                     "evidence": [{"quote": m.group(0)[:4] + " " + m.group(0)[4:]}]} for m in found[:1]]
        if found and len(found[-1].group(0)) >= 12:
            quote = found[-1].group(0)
            metrics.append({"name": "人数", "value": int(found[-1].group(1)), "unit": found[-1].group(2),
                            "evidence": [{"quote": quote[:6] + "嗯" + quote[7:]}]})
        absent = {"quote": "全村共有七户人家住在山顶上"}
        metrics.append({"name": "户数", "value": 7, "unit": "户", "evidence": [absent]})
        village = VILLAGE.search(text)
        villages = [{"name": village.group(), "evidence": [{"quote": village.group()}]}] if village else []
        part = Extraction.model_validate({"metrics": metrics, "measures": measures, "villages": villages})
        return ChunkAnswer(part)

document = load_document(sys.argv[1])
extractor = Extractor(ExtractConfig(cache=False), backend=Instant())
started = time.perf_counter()
result = extractor.extract(document)
elapsed = time.perf_counter() - started
extractor.close()
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(0, elapsed, peak)
"""


def _time(child: str, path: Path, out: Path) -> tuple[int, float, float]:
    done = subprocess.run([sys.executable, "-c", child, str(path), str(out)], capture_output=True, text=True,
                          cwd=ROOT, check=False)
    if done.returncode != 0 or not done.stdout.strip():
        print(done.stderr[-2000:], file=sys.stderr)
        return done.returncode or 1, float("nan"), float("nan")
    code, elapsed, peak = done.stdout.split()[-3:]
    return int(code), float(elapsed), float(peak)


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--sizes", type=float, nargs="*", default=[1, 4, 16], help="MB of concatenated pages")
    parser.add_argument("--single-line", type=float, default=5, help="MB on one line (0: skip)")
    parser.add_argument("--no-punct", type=float, default=4, help="MB without punctuation (0: skip)")
    parser.add_argument("--llm", type=float, default=4, help="MB through the LLM path's stages (0: skip)")
    parser.add_argument("--big", type=float, default=0, help="also one file of this many MB (e.g. 50)")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    cases = [("pages", mb, _CHILD_RULES) for mb in args.sizes]
    if args.big:
        cases.append(("pages", args.big, _CHILD_RULES))
    if args.single_line:
        cases.append(("one-line", args.single_line, _CHILD_RULES))
    if args.no_punct:
        cases.append(("no-punct", args.no_punct, _CHILD_RULES))
    if args.llm:
        cases.append(("llm-path", args.llm, _CHILD_LLM))
    print("rules cases: `llmx extract FILE -o OUT --backend rules --workers 1` in a fresh process;")
    print("llm-path: chunk, normalise, ground, merge and check figures in-process, with a fake backend")
    print(f"{'case':<10} {'MB':>7} {'seconds':>9} {'s/MB':>7} {'net s/MB':>9} {'peak RSS MB':>12}")
    with tempfile.TemporaryDirectory() as tmp:
        one_page = Path(tmp) / "one-page.txt"
        one_page.write_text(page(random.Random(args.seed)), encoding="utf-8")
        _, startup, _ = _time(_CHILD_RULES, one_page, Path(tmp) / "out.jsonl")
        (Path(tmp) / "out.jsonl").unlink(missing_ok=True)
        print(f"(one page: {startup:.2f} s, the start-up a rules case's net s/MB leaves out)")
        for shape, mb, child in cases:
            text = corpus(mb, args.seed, "pages" if shape == "llm-path" else shape)
            path = Path(tmp) / f"{shape}-{mb:g}mb.txt"
            path.write_text(text, encoding="utf-8")
            size = path.stat().st_size / 1_000_000
            code, elapsed, peak = _time(child, path, Path(tmp) / "out.jsonl")
            flag = "" if code == 0 else f"  exit {code}"
            net = (elapsed - (startup if child is _CHILD_RULES else 0.0)) / size
            print(f"{shape:<10} {size:>7.2f} {elapsed:>9.2f} {elapsed / size:>7.2f} {net:>9.2f} {peak:>12.0f}{flag}",
                  flush=True)
            (Path(tmp) / "out.jsonl").unlink(missing_ok=True)
    print(f"(this process: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB peak RSS)")


if __name__ == "__main__":
    main()
