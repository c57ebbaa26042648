"""Keyword tables: measure categories (SPEC §3), by the cue words of PHRASING.md §9.
"""

from __future__ import annotations

import re


def words(*chunks: str) -> tuple[str, ...]:
    return tuple(" ".join(chunks).split())



#: Measure categories by keyword (SPEC section 3); see ``categorise`` for how they weigh.
CATEGORY_KEYWORDS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("housing", words("易地搬迁 搬迁 危房 住房 安置房 安居 房屋改造")),
    ("finance", words("贷款 贴息 小额 互助资金 信贷 入股 分红 金融 资金互助")),
    ("employment", words("就业 务工 公益岗 公益性岗位 劳动力转移 转移 护林员 保洁员 投劳 岗位")),
    ("education", words("学校 助学 教育 学生 奖学金 幼儿园 学费 校舍")),
    ("health", words("卫生所 卫生室 卫生院 医疗 医保 体检 大病 轮椅 诊所 健康 义诊 药")),
    ("social_security", words("低保 五保 养老 慰问 救济 敬老 救助 特困 残疾 米、面 米面油")),
    ("environment", words(
        "垃圾 绿化 植树 造林 厕所 公厕 路灯 亮化 环境 村容 美化 污水 卫生整治 改厕",
        "保洁 围墙 景观 墙立面 街巷",
    )),
    ("culture", words("文化 广场 书屋 表彰 舞台 文艺 图书 戏台 健身 活动场所")),
    ("training", words("培训 宣传 扶志 扶智 讲座 技能 夜校 爱心超市")),
    ("governance", words("党建 党支部 党员 办公 村委 两委 阵地 制度 档案 会议 工作站 组织 纪律 管理办法 座谈 党课")),
    ("industry", words(
        "种植 养殖 合作社 光伏 流转 大棚 加工 电商 旅游 产业 香菇 食用菌 果 茶 牛 羊 猪 鸡 蜂",
        "中药材 扶贫车间 企业 基地 农产品 冷库 保鲜库",
    )),
    ("infrastructure", words(
        "道路 公路 修路 硬化 桥 饮水 自来水 水网 水渠 灌溉 电网 网络 宽带 护坡 扬水站 打谷场 水利",
        "节水 管网 蓄水池 水窖 水井 机井 通村 路 水 电 喇叭 广播 铺设 公里 出行 水泥路 柏油路",
        "地质灾害 泥石流 治理 土地整治",
    )),
)


KEYWORD_CATEGORY = {word: category for category, words in CATEGORY_KEYWORDS for word in words}
KEYWORDS = re.compile("|".join(sorted(map(re.escape, KEYWORD_CATEGORY), key=len, reverse=True)))
CATEGORY_ORDER = {category: i for i, (category, _) in enumerate(CATEGORY_KEYWORDS)}


def categorise(text: str) -> str:
    """The category whose keywords weigh most in ``text`` (longer keywords weigh more);
    a tie goes to the keyword met first, since the action usually leads the clause."""
    scores: dict[str, int] = {}
    first: dict[str, int] = {}
    for m in KEYWORDS.finditer(text):
        category = KEYWORD_CATEGORY[m.group()]
        scores[category] = scores.get(category, 0) + len(m.group())
        first.setdefault(category, m.start())
    if not scores:
        return "other"
    return max(scores, key=lambda c: (scores[c], -first[c], -CATEGORY_ORDER[c]))

