"""Invented pages of the genre for the benchmarks (not evaluation data: nothing here is
copied from evals/ or from real pages). Each page has a headline, a dateline, village
figures, a team, sections of narrative paragraphs each carrying one investment with its
output and beneficiaries, an outcome line and a byline: about as dense in figures as the
genre's news reports.
"""

from __future__ import annotations

import random
import re

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
