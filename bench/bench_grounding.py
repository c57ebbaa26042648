"""Speed of evidence grounding on one long traditional-script report (not a test).

Builds a 12,000-character report in traditional characters from templates, then 200
evidence quotes of four kinds: verbatim (exact), the same spans rewritten in simplified
script with the line breaks dropped (normalised), spans with two characters changed
(fuzzy), and sentences that are not in the text (none). Grounds them once cold and then
repeatedly, and prints the time per document and quotes per second on one core.

    python bench/bench_grounding.py [--chars 12000] [--quotes 200]
"""

from __future__ import annotations

import argparse
import random
import time

from llmx.core.grounding import ground_report
from llmx.core.records import Evidence, Metric, Report
from llmx.core.script import to_simplified

SENTENCES = [
    "工作队争取资金{a}万元，硬化通村道路{b}公里，惠及群众{c}人。",
    "全村共有{c}户{a}人，建档立卡贫困户{b}户。",
    "投入资金{a}万元，新建蔬菜大棚{b}个，带动贫困户{c}户增收。",
    "驻村干部坚持走访农户，帮助群众解决看病、上学、出行等实际困难。",
    "村集体经济收入达到{a}万元，人均纯收入{c}元。",
    "工作队员与村两委一道研究发展规划，理清了发展思路。",
    "安装太阳能路灯{b}盏，改造危房{a}户，村容村貌焕然一新。",
]


def build_text(rng: random.Random, chars: int) -> str:
    import opencc

    s2t = opencc.OpenCC("s2t")
    parts: list[str] = []
    size = 0
    while size < chars:
        sentence = rng.choice(SENTENCES).format(a=rng.randint(2, 300), b=rng.randint(1, 90), c=rng.randint(10, 900))
        parts.append(sentence)
        size += len(sentence)
        if rng.random() < 0.15:
            parts.append("\n")
    return s2t.convert("".join(parts))[:chars]


# Per ten quotes: five exact, three normalised, one fuzzy, one not in the text.
_KINDS = ("exact",) * 5 + ("normalised",) * 3 + ("fuzzy", "none")


def build_quotes(rng: random.Random, text: str, count: int) -> list[tuple[str, str]]:
    quotes: list[tuple[str, str]] = []
    for i in range(count):
        start = rng.randrange(0, len(text) - 40)
        span = text[start : start + rng.randint(10, 36)]
        kind = _KINDS[i % 10]
        if kind == "normalised":
            span = to_simplified(span).replace("\n", "")
        elif kind == "fuzzy":
            chars = list(to_simplified(span).replace("\n", ""))
            for pos in rng.sample(range(2, len(chars) - 2), k=2):
                chars[pos] = "某"
            span = "".join(chars)
        elif kind == "none":
            span = "这句话在原文中根本不存在只是为了测试找不到的情况" + str(i)
        quotes.append((kind, span))
    return quotes


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--chars", type=int, default=12_000)
    parser.add_argument("--quotes", type=int, default=200)
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--seed", type=int, default=11)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    text = build_text(rng, args.chars)
    quotes = build_quotes(rng, text, args.quotes)
    metrics = [
        Metric(name="指标", value=1, unit="个", evidence=[Evidence(quote=quote)]) for _, quote in quotes
    ]
    report = Report(doc_id="bench", metrics=metrics)
    ground_report(Report(doc_id="warm", metrics=metrics[:1]), "预热")  # imports, OpenCC
    started = time.process_time()
    grounded, stats = ground_report(report, text, hint=(0, len(text) // 2))
    cold = time.process_time() - started
    started = time.process_time()
    for _ in range(args.repeat):
        ground_report(report, text, hint=(0, len(text) // 2))
    warm = (time.process_time() - started) / args.repeat
    by_kind: dict[str, dict[str, int]] = {}
    for (kind, _), metric in zip(quotes, grounded.metrics, strict=True):
        level = metric.evidence[0].match or "none"
        by_kind.setdefault(kind, {}).setdefault(level, 0)
        by_kind[kind][level] += 1
    print(f"document: {len(text):,} characters (traditional script), {len(quotes)} quotes")
    print(f"first pass: {cold * 1000:.1f} ms CPU; repeated: {warm * 1000:.1f} ms CPU per document, "
          f"{len(quotes) / warm:,.0f} quotes/s on one core")
    print("levels:", stats.as_dict())
    print("quote kind -> match level:", by_kind)
    print("target: well under 1 s per document:", "met" if cold < 1.0 else "NOT met")


if __name__ == "__main__":
    main()
