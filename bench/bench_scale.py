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
import re
import resource
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

#: Syllables of invented place names: combined at random, they name no real place on purpose.
PLACE_SYLLABLES = "青石柳白杏松桃梨云岭溪湾坪岗川塘沟峪源泉枫竹茶禾丰安宁和平兴旺福寿康乐鹤鸣"
PERSON_SURNAMES = "王李张刘陈杨赵黄周吴徐孙马朱胡郭何高林罗"
PERSON_GIVEN = "建国志强海燕红梅文斌立新春花国庆明华小军丽娟德胜永福"
LEVELS = ["县", "市", "省", "州"]
BUREAUS = ["农业农村局", "交通运输局", "人社局", "林业局", "供电公司", "卫健委", "税务局", "检察院", "教育局",
           "水利局", "财政局", "自然资源局", "统计局", "文化和旅游局"]
ACTIONS = [
    ("硬化通村道路{q}公里", (1, 12)),
    ("新建蓄水池{q}个", (1, 6)),
    ("安装太阳能路灯{q}盏", (10, 80)),
    ("新建蔬菜大棚{q}个", (5, 60)),
    ("种植核桃{q}亩", (50, 800)),
    ("改造危房{q}户", (5, 60)),
    ("铺设饮水管网{q}米", (300, 5000)),
    ("修建文化广场{q}平方米", (200, 1500)),
    ("发展肉牛养殖{q}头", (20, 300)),
]
FILLER = [
    "工作队坚持吃住在村，走村入户了解群众的困难和诉求，把群众的事当成自己的事来办。",
    "通过召开院坝会、群众代表会，广泛听取群众意见，理清了发展思路，明确了帮扶重点。",
    "驻村干部与村两委一道研究脱贫规划，逐户分析致贫原因，确保各项政策落地见效。",
    "群众的获得感、幸福感明显增强，村容村貌焕然一新，干群关系更加融洽。",
    "下一步，工作队将继续巩固脱贫成果，推动产业振兴和人才振兴，助力乡村全面振兴。",
    "针对部分群众存在等靠要思想的问题，工作队坚持扶贫与扶志扶智相结合，激发内生动力。",
    "工作队员每天走访农户，宣讲惠民政策，帮助群众解决看病、上学、出行等实际困难。",
    "在村党支部的带领下，党员干部带头示范，群众参与热情高涨，形成了比学赶超的良好氛围。",
]
HEADINGS = ["一、夯实基础 强化党建引领", "二、聚焦产业 拓宽增收渠道",
            "三、补齐短板 改善人居环境", "四、真情帮扶 温暖困难群众"]
#: What the no-punct shape removes: every mark that ends a sentence or a clause.
PUNCTUATION = re.compile(r"[。！？!?；;，,、：:“”]")


def _place(rng: random.Random, n: int = 2) -> str:
    return "".join(rng.choice(PLACE_SYLLABLES) for _ in range(n))


def _person(rng: random.Random) -> str:
    given = rng.randrange(0, len(PERSON_GIVEN) - 1, 2)
    return rng.choice(PERSON_SURNAMES) + PERSON_GIVEN[given : given + 2]


def page(rng: random.Random) -> str:
    """One invented page of the genre (about 1,500-3,000 characters)."""
    county = _place(rng) + "县"
    town = _place(rng) + rng.choice("镇乡")
    village = _place(rng) + "村"
    others = [_place(rng) + "村" for _ in range(rng.randint(1, 3))]
    unit = rng.choice(LEVELS) + rng.choice(BUREAUS)
    year = rng.randint(2015, 2020)
    lines = [
        f"{unit}驻{village}工作队帮扶纪实",
        f"发布时间：{year + 1}-0{rng.randint(1, 9)}-1{rng.randint(0, 9)}  来源：{_place(rng)}新闻网",
        f"{county}{town}{village}位于山区，全村共{rng.randint(200, 900)}户{rng.randint(800, 3000)}人，"
        f"建档立卡贫困户{rng.randint(30, 150)}户{rng.randint(100, 500)}人，"
        f"贫困发生率{rng.randint(5, 40)}.{rng.randint(0, 9)}%。",
        f"自{year}年进驻以来，{unit}派驻{town}{village}、{'、'.join(others)}的工作队一队{rng.choice('二三四')}人，"
        f"第一书记{_person(rng)}带领队员扎实开展帮扶。",
        f"{town}{'、'.join(o[:-1] for o in [village, *others])}等{len(others) + 1}个贫困村全部纳入帮扶范围。",
    ]
    for heading in rng.sample(HEADINGS, k=3):
        lines.append(heading)
        for _ in range(rng.randint(2, 4)):
            paragraph = [rng.choice(FILLER) for _ in range(rng.randint(2, 4))]
            template, (lo, hi) = rng.choice(ACTIONS)
            money = rng.choice([f"{rng.randint(5, 300)}万元", f"{rng.randint(1, 9)}.{rng.randint(1, 9)}万元",
                                f"{rng.randint(10, 90)}多万元"])
            where = rng.choice([village, *others])
            paragraph.insert(rng.randint(0, len(paragraph)),
                             f"工作队争取资金{money}，为{where}{template.format(q=rng.randint(lo, hi))}，"
                             f"惠及群众{rng.randint(50, 900)}人。")
            lines.append("".join(paragraph))
    lines.append(f"{year + 1}年，{village}实现整村脱贫出列，村集体经济收入达到{rng.randint(2, 30)}万元，"
                 f"人均纯收入{rng.randint(3000, 9000)}元。")
    lines.append(f"（记者 {_person(rng)} 通讯员 {_person(rng)}）")
    return "\n".join(lines)


def corpus(mb: float, seed: int = 7, shape: str = "pages") -> str:
    """About ``mb`` MB (UTF-8) of concatenated pages: ``pages``, ``one-line`` (no line
    breaks) or ``no-punct`` (no sentence or clause punctuation)."""
    rng = random.Random(seed)
    parts: list[str] = []
    size = 0
    while size < mb * 1_000_000:
        text = page(rng)
        if shape == "one-line":
            text = text.replace("\n", " ")
        elif shape == "no-punct":
            text = PUNCTUATION.sub(" ", text)
        parts.append(text)
        size += len(text.encode("utf-8")) + 2
    return (" " if shape == "one-line" else "\n\n").join(parts) + "\n"


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
