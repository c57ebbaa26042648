"""Keyword tables: measure categories (SPEC §3), by the cue words of PHRASING.md §9.
"""

from __future__ import annotations

import re


def words(*chunks: str) -> tuple[str, ...]:
    return tuple(" ".join(chunks).split())


#: Measure categories by cue word: SPEC §3 and the cue words PHRASING §9 saw per category
#: (with its notes on ambiguous cues). Longer cues weigh more (see ``categorise``).
CATEGORY_KEYWORDS: tuple[tuple[str, tuple[str, ...]], ...] = (
    # §9 housing: 易地扶贫搬迁, 集中安置, 安置点, 分散建房, 随迁户, 危房改造, 住房改造, 五改三建
    ("housing", words(
        "易地扶贫搬迁 易地搬迁 搬迁 集中安置 安置点 安置房",
        "分散建房 随迁户 危房改造 危房 住房改造 五改三建 安居",
    )),
    # §9 finance: 入股, 分红, 小额信贷, 贴息贷款, 扶贫贷款, 风险资金池, 资产收益 (贷款/贴息 decide 光伏 loans)
    ("finance", words("贷款 贴息 小额信贷 信贷 入股 分红 保底分红 风险资金池 资产收益 互助资金")),
    # §9 employment: 公益性岗位, 保洁员, 护林员, 转移就业, 务工, 就业, 月工资, 安排…打工
    ("employment", words(
        "公益性岗位 公益岗位 公益岗 保洁员 护林员 护路员",
        "转移就业 劳动力转移 务工 就业 月工资 打工",
    )),
    # §9 education: 助学金, 资助, 书包, 文具, 作业本, 考入大学, 贫困学生, 操场改造, 多媒体教室, 教育帮扶
    ("education", words("助学金 助学 书包 文具 作业本 考入大学 贫困学生 学生 操场 多媒体教室 教育 学校")),
    # §9 health: 卫生室, 义诊, 医疗救助, 绿色通道, 送医治疗, 新农合 (a clinic is health, §9)
    ("health", words("卫生室 卫生院 义诊 医疗救助 医疗 绿色通道 送医 新农合 医保 医疗保险 体检 健康档案 慢性病")),
    # §9 social_security: 慰问(金/品), 低保, 五保, 兜底, 孤寡老人, 幸福院, 春耕物资, relief goods
    ("social_security", words(
        "慰问 慰问金 慰问品 低保 五保 兜底 孤寡老人",
        "留守老人 幸福院 春耕物资 养老 敬老院 特困 救助",
    )),
    # §9 environment: 清运垃圾, 人居环境整治, 改厕, 污水管网, 路灯 (always environment), 绿化, 村容村貌
    ("environment", words("垃圾 清运 人居环境 环境整治 改厕 厕所 污水 路灯 亮化 绿化 村容村貌 村容 美化")),
    # §9 culture: 文化(活动)广场, 健身器材, 篮球场, 活动场所 (leisure), 文化墙, 农家书屋, 表彰, 文艺演出
    ("culture", words(
        "文化广场 文化活动广场 广场 健身器材 篮球场 活动场所",
        "文化墙 农家书屋 书屋 表彰 文艺演出 文艺 评选",
    )),
    # §9 training: 培训班, 技能培训, 技术手册, 宣传单, 政策明白卡, 户院会/院坝会; LABELLING: 扶志 framing
    ("training", words(
        "培训班 培训 技能培训 技术手册 宣传单 政策明白卡 明白卡",
        "户院会 院坝会 宣讲 扶志 扶智 夜校 讲座",
    )),
    # §9 governance: 村委会办公场所, 活动室, 公共服务中心, 村规民约, 制度, 发展党员, 村办月报
    ("governance", words(
        "办公场所 办公用房 村委会 活动室 公共服务中心 综合服务中心 村规民约 制度 发展党员 党员 党支部 党建",
        "三会一课 主题党日 档案 两委 月报",
    )),
    # §9 industry: 种植, 养殖, 种苗/牛犊, 合作社, 产业园, 基地, 光伏, 土地流转, 电商, 直播带货, 消费扶贫,
    # 以购代捐, 乡村旅游, 农家乐, 加工厂 (the crops and animals the cue list names)
    ("industry", words(
        "种植 养殖 种苗 牛犊 合作社 产业园 基地 光伏 电站 土地流转 流转 电商 直播带货",
        "消费扶贫 以购代捐 乡村旅游",
        "旅游 农家乐 加工厂 加工 大棚 产业 核桃 茶园 茶叶 菊芋 中药材 蔬菜",
        "养牛 肉牛 养羊 养猪 养鸡 养蜂 鹌鹑 食用菌 香菇",
        "果园 花椒 冷库 扶贫车间 车间 牛 猪 鸡 羊 蜂 桑园 养蚕 农产品 展销",
    )),
    # §9 infrastructure: 硬化, 通组路, 通村道路, 便民桥, 危桥, 护河堤, 水窖, 蓄水池, 供水管道, 安全饮水, 人畜饮水,
    # 自来水, 变压器, 线路, 程控电话, 广播, 机埠, 水利设施, 农田管网, 防洪治理, 路基, 挡墙, 排水渠
    ("infrastructure", words(
        "硬化 通组路 通组道路 通村道路 道路 公路 便道 产业路 机耕道 入户路 桥 便民桥 危桥 护河堤 河堤 水窖 蓄水池 水池",
        "供水 管道 安全饮水 人畜饮水 饮水 自来水 水柜 水井 变压器 线路 电网 程控电话 广播 宽带 网络 机埠 水利",
        "农田管网 管网 防洪 路基 挡墙 排水渠 水渠 灌溉 山塘 错车道 水泥路 通村路 漫水桥",
    )),
    # §9 other: counted household visits, 民情日记, 群众会 (LABELLING: 入户对接 is other)
    ("other", words("入户走访 走访 民情日记 群众会 入户对接")),
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
        # the action leads the clause: the first cue met weighs one more
        scores[category] = scores.get(category, 0) + len(m.group()) + (0 if scores else 1)
        first.setdefault(category, m.start())
    if not scores:
        return "other"
    return max(scores, key=lambda c: (scores[c], -first[c], -CATEGORY_ORDER[c]))

