"""Throughput of the rules backend on a synthetic genre corpus (not a test).

Builds several MB of report-like Chinese text from templates (a headline and dateline,
village statistics, a team, sections of narrative paragraphs each carrying one investment
with its output and beneficiaries, an outcome line and a byline): articles of 2,000-4,000
characters, about as dense in figures as the genre's news reports, and times ``extract_rules`` over all of them on
one core. Prints MB/s (UTF-8 bytes) and articles/s; the target is well above 1.5 MB/s
(the end-to-end target of `llmx extract`, which adds the pipeline around the rules).

    python bench/bench_rules.py [--mb 4] [--seed 7]
"""

from __future__ import annotations

import argparse
import random
import time

from llmx.backends.rules import extract_rules

UNITS = ["县农业农村局", "市交通运输局", "县人社局", "省林业厅", "市供电公司", "县卫健委", "市税务局", "县检察院"]
TOWNS = ["青石镇", "白水乡", "河湾镇", "松林乡", "东岭镇", "望山乡"]
VILLAGE_STEMS = ["杨家沟", "石桥", "上坪", "柳湾", "高岩", "李家庄", "红土坡", "新民", "黄泥塘", "马鞍山"]
SURNAMES = "王李张刘陈杨赵黄周吴"
GIVEN = ["建国", "志强", "海燕", "红梅", "文斌", "立新", "春花", "国庆"]
ACTIONS = [
    ("硬化通村道路{q}公里", "公里", (1, 12)),
    ("新建蓄水池{q}个", "个", (1, 6)),
    ("安装太阳能路灯{q}盏", "盏", (10, 80)),
    ("新建蔬菜大棚{q}个", "个", (5, 60)),
    ("种植核桃{q}亩", "亩", (50, 800)),
    ("改造危房{q}户", "户", (5, 60)),
    ("铺设饮水管网{q}米", "米", (300, 5000)),
    ("修建文化广场{q}平方米", "平方米", (200, 1500)),
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
    "面对突如其来的疫情，工作队第一时间返岗，协助村里做好防控工作，确保生产生活两不误。",
    "村民老张感慨地说：“以前出门一身泥，现在家门口就能坐上车，日子越过越有奔头。”",
]
HEADINGS = ["夯实基础 强化党建引领", "聚焦产业 拓宽增收渠道", "补齐短板 改善人居环境", "真情帮扶 温暖困难群众"]


def _person(rng: random.Random) -> str:
    return rng.choice(SURNAMES) + rng.choice(GIVEN)


def article(rng: random.Random) -> str:
    town = rng.choice(TOWNS)
    village = rng.choice(VILLAGE_STEMS) + "村"
    unit = rng.choice(UNITS)
    year = rng.randint(2015, 2019)
    lines = [
        f"{unit}驻{village}工作队帮扶纪实",
        f"发布时间：{year + 1}-0{rng.randint(1, 9)}-1{rng.randint(0, 9)}  "
        f"来源：{rng.choice(['乡村振兴网', '日报网', '新闻网'])}",
        f"{town}{village}位于山区，全村共{rng.randint(200, 900)}户{rng.randint(800, 3000)}人，"
        f"建档立卡贫困户{rng.randint(30, 150)}户{rng.randint(100, 500)}人，"
        f"贫困发生率{rng.randint(5, 40)}.{rng.randint(0, 9)}%。",
        f"自{year}年进驻以来，{unit}驻村工作队一队{rng.choice('二三四')}人，第一书记{_person(rng)}带领队员扎实开展帮扶。",
    ]
    for heading in rng.sample(HEADINGS, k=3):
        lines.append(heading)
        for _ in range(rng.randint(2, 4)):
            paragraph = [rng.choice(FILLER) for _ in range(rng.randint(2, 4))]
            template, _, (lo, hi) = rng.choice(ACTIONS)
            money = rng.choice([
                f"{rng.randint(5, 300)}万元",
                f"{rng.randint(1, 9)}.{rng.randint(1, 9)}万元",
                f"{rng.randint(10, 90)}多万元",
            ])
            paragraph.insert(
                rng.randint(0, len(paragraph)),
                f"工作队争取资金{money}，{template.format(q=rng.randint(lo, hi))}，惠及群众{rng.randint(50, 900)}人。",
            )
            lines.append("".join(paragraph))
    lines.append(
        f"{year + 1}年，该村实现整村脱贫出列，村集体经济收入达到{rng.randint(2, 30)}万元，"
        f"人均纯收入{rng.randint(3000, 9000)}元。"
    )
    lines.append(f"（记者 {_person(rng)} 通讯员 {_person(rng)}）")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=float, default=4.0, help="corpus size in MB of UTF-8 text")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    docs: list[str] = []
    size = 0
    while size < args.mb * 1_000_000:
        doc = article(rng)
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
