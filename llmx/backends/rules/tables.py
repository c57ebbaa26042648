"""Word tables and regular expressions of the figure rules (measures, metrics, years) and the
measure categories (SPEC §3) by the cue words of PHRASING.md §9. Section numbers (§) refer
to docs/PHRASING.md.
"""

from __future__ import annotations

import re
from collections.abc import Iterable


def words(*chunks: str) -> tuple[str, ...]:
    return tuple(" ".join(chunks).split())


def trie_pattern(alternatives: Iterable[str]) -> str:
    """One regular expression for many literal words, as a trie ('修(?:建|复|缮)|新(?:建|修)'):
    Python's engine tries a flat alternation word by word at every position; a trie branches
    once per character. Longer words win, as in a longest-first alternation."""
    trie: dict[str, dict] = {}
    for word in alternatives:
        node = trie
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}

    def build(node: dict) -> str:
        ends = "" in node
        branches = [re.escape(ch) + build(child) for ch, child in sorted(node.items()) if ch]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        return f"(?:{body})?" if ends else body

    return "(?:" + build(trie) + ")"


# ----------------------------------------------------------------------------------------
# Measures, years and areas (PHRASING §5, §7.5, §8.3)
# ----------------------------------------------------------------------------------------

INVEST_CUE = re.compile(
    r"投入|投资|筹措|筹集|争取|协调|整合|拨付|下拨|捐赠|捐助|捐款|援助|资助|帮扶资金|扶贫资金|专项资金|项目资金"
    r"|资金|概算|发放|贷款|信贷|入股|奖补|补助|补贴|投放|代缴|筹得|募得|自筹|注入|到位|拿出|助学金|奖学金|救助金"
    # §5.1: '工作队出资1.2万元', goods '价值1.3万余元' / '折合…'
    r"|出资|价值|折合|折价|集资|筹资|募资|募捐|斥资|捐资|拨款|申请到"
    # money set aside for the village: '每年拨出12万元', '节支经费12万元,帮…', '累计扶持8万元'
    r"|拨出|划拨|节支|扶持(?=\d|$)"
    # wages paid to the households it helped: '为5户贫困户支付务工工资2600元'
    r"|支付"
    # a unit's help in money, then what it paid for: '帮扶28万元用于修建便民桥'
    r"|帮扶(?=\d|$)"
    # money given to the one helped: '帮扶困难户王某老人2200元', '帮扶贫困学生5000元'
    r"|帮扶[\u4e00-\u9fff]{0,8}?(?:困难户|贫困户|贫困学生|学生|老人|困难群众|残疾人)[\u4e00-\u9fff]{0,6}$"
    # money handed over, spent on goods or won from above: '送去800元慰问金', '购置了2万元的
    #办公桌椅', '跑下来30万元修路资金'
    r"|送去|送上|送来|购置|购买|添置|跑下来?|跑来|要来"
)
#: What the money in the clause before is for: '用于…', '专门用来…'.
PURPOSE = re.compile(r"(?:并|全部|主要|专门|专项|重点)?(?:用于|用来|用作)")
#: A crop tried, brought in or brought in from the field ('带头试种西瓜3亩', '帮…抢收玉米5亩'),
#: livestock or seedlings handed to households ('向30户贫困户投放能繁母牛45头'): actions, and
#: the verbs before a quantity's item.
_CROP_AND_STOCK_VERBS = ("试种", "试养", "引种", "扩种", "补种", "套种", "间种", "抢收", "收割", "采收", "投放")
#: Works named by a verb and its object ('带领群众修路3公里', '打井4眼'): actions when the figure
#: follows (not '修路资金'), and verbs that leave no item of their own (the object is one character).
_VERB_OBJECT_WORKS = (
    "修路", "铺路", "筑路", "修渠", "挖渠", "修桥", "架桥", "建桥", "打井", "挖塘", "筑坝", "植树", "造林",
)
#: Works enlarged or joined up: '扩建村小学食堂150平方米', '打通…2.6公里断头路'.
_ENLARGED_OR_JOINED = ("扩建", "改扩建", "打通", "接通", "贯通")
_ACTIONS = (
    "修建", "新建", "建成", "建起", "建设", "建立", "硬化", "铺设", "修复", "改造", "维修",
    "修缮", "安装", "购置", "配备", "种植", "栽植", "植树", "造林", "清理", "整治", "流转",
    "租用", "租赁", "发放", "成立", "组建", "开展", "组织", "召开", "举办", "培训", "慰问",
    "资助", "救助", "安置", "搬迁", "吸纳", "带动", "打造", "新修", "新筑", "拓宽", "增设",
    "实施", "落实", "签订", "表彰", "捐赠", "赠送", "新增", "完成", "改善", "提升", "平整",
    "动工", "开工", "施工", "援建", "捐建", "帮建", "维护", "疏通", "架设", "新打", "打井",
    "引进", "扶持", "安排", "提供", "开办", "开设", "设立", "解决", "推广", "整修", "绿化",
    "亮化", "美化", "硬化", "购买", "添置", "配置", "建造", "搭建", "栽种", "种上", "新栽",
    "开发", "清淤", "新种", "代缴", "修通", "改种", "入户走访", "兴修", "兴建", "修筑", "架起",
    # §5.1, §9: posts obtained ('争取到护林员岗位9个'), health checks, labour export
    "争取到", "协调", "体检", "义诊", "聘请", "聘用", "劳务输出", "落成",
    # shows put on for villagers: '放映电影20场', '送戏下乡演出6场'
    "放映", "演出",
    # works dug, added or enlarged: '开挖水井3口', '增建办公用房4间', '新装2台变压器', '扩容为100千瓦'
    "开挖", "增建", "新装", "扩容",
    *_ENLARGED_OR_JOINED,
    # houses raised or rebuilt: '为7户贫困户筹建安居房', '盖起了新房', '翻建住房3间'
    "筹建", "盖起", "新盖", "翻建", "重建", "更换",
    # goods bought for a work or a household: '采购种羊60只', '采购化肥20吨'
    "采购",
    # firms, growers or land brought on: '培植2个竹编厂', '培育种植大户6户', '整理坡地80亩'
    "培植", "培育", "整理",
    # goods handed over: '为58名贫困儿童送去新书包' ('送' alone hides in 输送, 运送, 送达 ...)
    "送去", "送上", "送来",
    *_CROP_AND_STOCK_VERBS,
    # growing a crop or a herd: '发展核桃700亩', '发展土鸡养殖5000多羽' (not at a point in time:
    # '截止目前,全村发展…' is outcome scale, see POINT_IN_TIME_LEAD)
    "发展",
)
#: 发展 as a noun or an aim, not growing something: '快速发展的', '产业发展', '发展壮大'.
DEVELOPMENT_NOUN = re.compile(
    r"(?:快速|经济|产业|农村|共同|持续|加快|推动|促进|谋|求|助推|助力|融合|高质量|绿色|长远)发展|发展(?:的|了|壮大|方向|思路|规划|目标|中|起来)"
)
ACTION = re.compile(trie_pattern(_ACTIONS))
#: (apart from ACTION: one pattern of both tries scans three times slower)
VERB_OBJECT_ACTION = re.compile(trie_pattern(_VERB_OBJECT_WORKS) + r"(?=了?\d)")
VERB_OBJECT = re.compile(trie_pattern(_VERB_OBJECT_WORKS) + "了?")
POLICY = re.compile(
    r"享受|落实|纳入|易地搬迁|搬迁|危房改造|改造|签订|签约|吸纳|安置|救助|资助|慰问|培训|入股|投劳|贷款|就业|务工"
    r"|转移|帮扶措施|公益岗|护林员|保洁员|医疗|保险|助学|补助"
    # §5.1 beneficiaries: 带动26户贫困户, 为90余户贫困户送去…, 聘用14名贫困群众, 劝回7名辍学的孩子
    r"|带动|帮助|引导|聘用|聘请|劝回|推荐|免费|义诊|体检|健康档案|发放"
    # §9 employment and health: '组织劳务输出326人', '协调解决32名大病患者住院治疗'
    r"|劳务输出|输出劳动力|治疗|住院|救治|就医"
    # LABELLING: one-line policy lists ('低保…3户3人', '五保户1户1人') are measures
    r"|低保|五保"
    # aid received or applied for: '26名…学生获教育扶持', '为7名孤儿申请了困境儿童救济', 'N户…喜迁新居'
    r"|扶持|救济|申请了|喜迁|迁入新居|搬进新居|住进新居"
)
#: The poor counted by type: '低保贫困户60户', '3户五保户、2户低保户'.
TYPE_BREAKDOWN = re.compile(r"(?:低保|五保|一般|特困)贫困户|\d+户(?:低保|五保|特困|一般贫困)户")
#: A count that something has, not one an action reached: '用工高峰时有80多名村民在这里务工'.
EXISTENTIAL = re.compile(r"(?:有|共有|还有|达)$")
#: Money that sums up many actions is an aggregate metric, not one measure's investment (§6 county scale).
AGGREGATE_MONEY = re.compile(
    # '各类帮扶资金', '各项涉农资金'; not a programme's own fund ('各类教育资助资金')
    r"(?:各类|各项)(?:帮扶|扶贫|涉农|财政|项目|专项|惠农)?(?:资金|项目资金|扶贫资金)"
    r"|(?:全县|全市|全镇|全乡|全省)[^,;。]{0,6}累计[^,;。]{0,8}(?:资金|投入|投资)|累计[^,;。]{0,4}各"
    # an area's works added up, with their money: '全县累计建成扶贫车间86个、总投资3.1亿元'
    r"|(?:全县|全市|全省|全区|全州)累计[^。;]{0,24}总投资"
    # several teams' money together: '四支市派工作队共协调落实帮扶资金1260万元'
    r"|[两二三四五六七八九十\d]+支[^,;。]{0,8}?(?:工作队|工作组)[^,;。]{0,4}?(?:共|累计|合计)"
    # every unit's money together: '各帮扶单位共投入帮扶资金960万元'
    r"|各(?:帮扶|定点帮扶|包扶|包联|结对|成员|派驻|后盾)?单位[^,;。]{0,8}?(?:投入|筹集|落实|争取|协调)"
)
OUTCOME = re.compile(
    r"达到|实现|增收|收入|产值|分红|红利|效益|利润|人均|户均|年均|平均|占比|占全|占总|所占|比例|比重|(?<![起了成建修种栽放])超过|不到|以上|已有|提高|增加"
    # what a work can give, not what was done: '可供5人就业'
    r"|可供|能供|可提供|能提供"
    r"|减少|下降|脱贫(?!攻坚)"
    # how many work away, counted, not sent: '外出务工310人' (not '组织外出务工120人')
    r"|(?<!组织|安排|转移|输出|帮助|推荐|引导|动员)外出务工(?:人员|人数)?(?:达到|达|有|共|约|近)?\d"
)
#: §5.1 beneficiaries: 惠及3100多人, 152户贫困户受益, 全村386户吃上了自来水.
BENEFIT = re.compile(r"惠及|带动|受益|覆盖|辐射|吃上|用上|喝上|住上|住进")
SCOPE = re.compile(r"个(?:深度)?(?:贫困|行政|重点)?村|个乡|个镇|个县")
#: A size before its figure, a description rather than a fact (LABELLING: descriptive sizes),
#: and a person's height or weight. (A distance and an altitude are kept: LABELLING counts a
#: village's distance and area as its metrics, and the labellers its altitude likewise.)
DIMENSION = re.compile(r"(?:深|宽|长|高|厚|直径|面积为|身高|体重)(?:约|仅|只有|达|为|近|足有|足|不足)?\s*$")
#: A size written after its figure: '3米宽的水泥路', '1米多宽'.
DIMENSION_AFTER = re.compile(r"[多余]?(?:宽|深|高|厚)(?!带)")
PER_UNIT = re.compile(r"每|人均|户均|户平|亩均|/")
#: §5.2 status words; 计划 inside a programme's name ('雨露计划') is no plan.
PLANNED = re.compile(
    r"计划(?![”\"])|拟|将要|将在|准备|预计|力争|年内|明年|下一步|规划(?=[建修实种发打投在到]|新建|\d)|打算|(?:确定|决定)(?:投入|投资|实施|建设)|还要"
    r"|还将|将继续|将再|将(?=拿出|投入|投资|新建|修建|建设|实施|设立|争取|筹集)"  # §5.2: '县国土资源局还将拿出10万元'
)
#: §5.2 and LABELLING: a continuing scheme (dividends) is ongoing.
ONGOING = re.compile(
    r"分红|正在|在建|施工之中|施工中|动工|开工|即将|推进中|已经?立项|已经?批准立项|进行中|主体(?:工程)?已经?(?:完工|完成|竣工)"
    r"|快要|很快要"
    # a continuing payment: '每人每年资助1500元', '每人每月补助800元'
    r"|每(?:人|户|名)?每?(?:年|月)(?:可)?(?:资助|补助|补贴|发放|领取|工资|报酬|增收)"
)
#: A training event counted by sessions or attendees (§9 training): '举办技术培训12期', '培训村民136人次'.
TRAINING_EVENT = re.compile(
    r"培训(?:班)?\d+(?:期|场|次|人次)|\d+(?:期|场)[^,;。]{0,10}培训|培训(?:村民|群众|农民|贫困户|劳动力|学员)"
    r"|(?:举办|开办|组织|开展)[^,;。]{0,10}培训|夜校"
)
#: A short clause closing a work with its completion (§5.2): '今年6月并网发电', '去年底完工'.
COMPLETION = re.compile(
    r"(?!预计|计划|将|力争|争取)[^,;。]{0,10}?(?:并网发电|并网|完工|竣工|落成|建成投产|投产|投入使用|交付使用|通车|通水|通电)了?"
)
#: Words opening a span that tie it to the sentence before; not the first character of a
#: word (为了, 由于, 对口, 共同, 在于).
CONNECTIVE = re.compile(
    r"^(?:并|同时|还|又|另外|此外|先后|累计|共(?!同)|其中|通过|为(?!了)|由(?!于)|对(?!口)|把|将|在(?!于)|已|均|再|也|则)+"
)
YEAR = re.compile(
    # (上半年, 年初 and a holiday after a written year are that year's: '2018年上半年')
    r"((?:19|20)\d{2})年(?!以来|来|起|至今|开始|以后|后)|(今年|去年|前年|明年|当年|同年|本年度|(?<!\d年)(?:上半年|下半年|年初))"
    # LABELLING Years: a date without a year (6月底, 11月10日, 中秋节前夕) takes the page's (or the
    # summary's) year; not the end of a span ('8月至10月') nor the month of a written year.
    r"|(?<![\d年.至到~—-])(?:1[0-2]|0?[1-9])月(?:份)?(?!\d{1,2}日?[-—~至到])"
    r"|(?<!\d年)(?:春节|中秋|国庆|端午|元旦|重阳)节?(?:前夕|期间|前后|前|后|当天|来临之际|之际)"
)
#: Cumulative wording: several years, no one year (LABELLING Years).
CUMULATIVE = re.compile(r"累计|(?:19|20)\d{2}年以来|年来|多年|几年间|年间|这几年|近年来|历年")
#: A paragraph opening with its year: '2007年,全市有…', '2019年全年,'.
PARAGRAPH_YEAR = re.compile(
    r"\s*(?:在|于)?(?:(?P<year>(?:19|20)\d{2})年"
    # ('去年,我市…', '今年春天,…': a year the page's date gives)
    r"|(?P<relative>去年|今年|前年)(?:初|底|年初|年底|上半年|下半年|春天|夏天|秋天|冬天|春季|夏季|秋季|冬季)?)"
    r"(?:度|全年|里|内|中|期间)?[,:]"
)
#: Another year or span written after a paragraph's opening year: the paragraph's year is then not lent.
YEAR_WRITTEN = re.compile(r"(?:19|20)\d{2}年|今年|去年|前年|明年|当年|以来|累计")
#: A numbered section heading with a year: '四、2019年工作打算', '(二)2018年主要工作'.
SECTION_YEAR = re.compile(
    r"\s*(?:[一二三四五六七八九十]+[、.]|[(（][一二三四五六七八九十]+[)）]|\d+[、.])[^。]{0,10}?(?P<year>(?:19|20)\d{2})年"
)
AREA_WIDE = re.compile(
    r"全县|全市|全省|全区|全州|县里|县级|各村|各乡|各县|全镇|镇区|[两二三四五六七八九十\d]+(?:个)?村(?![民委])"
)
#: A figure for a larger area or for several villages (§6 aggregates, §8.3).
AREA_WORDS = re.compile(
    r"全县|全市|全省|全区|全州|全镇|全乡|各村|各乡|各县|各镇|县里|全国|个(?:贫困|行政|重点|深度贫困)?村(?![民委小组]|之一)"
)
TIME_CLAUSE = re.compile(
    r"(?:截至|截止|到|至|在|从|自|于)?(?:(?:19|20)\d{2}年度?|今年|去年|前年)?(?:底|末|初|上半年|下半年)?(?:\d{1,2}月(?:份|底|初|上旬|中旬|下旬)?)?"
    r"(?:\d{1,2}日)?(?:前|底)?(?:春天|夏天|秋天|冬天|春季|夏季|秋季|冬季|春|秋)?(?:以来)?"
    # a quarter or a span of months in a written year: '2019年第三季度', '2019年9月至11月'
    r"|(?:(?:19|20)\d{2}年|今年|去年)(?:第?[一二三四1-4]季度|\d{1,2}月(?:份)?(?:至|到|-|—)\d{1,2}月(?:份)?)"
    r"|(?:(?:19|20)\d{2}年|今年|去年)?(?:春节|中秋|国庆|端午|元旦|重阳)节?(?:前夕|期间|前后|前|后|当天|来临之际|之际)"
)
#: A point in time (LABELLING Years: 截至目前, 目前 give a metric the resolved year).
POINT_IN_TIME = re.compile(r"截至目前|截止目前|至目前|目前")


METRIC_SKIP_UNITS = frozenset(words("次 届 期 批 批次 场次 台次 车次 节 篇 口 页 件 位 种 项 条 部 处"))
COUNT_UNITS = frozenset({"户", "人"})
NOT_OUTPUT = COUNT_UNITS | {"元", "%"}

# ----------------------------------------------------------------------------------------
# Metrics (PHRASING §6, §7)
# ----------------------------------------------------------------------------------------

#: A team count in Chinese numerals: 三支扶贫工作队 (§6 aggregates).
TEAM_COUNT = re.compile(r"[二两三四五六七八九十]+支(?:扶贫|驻村|帮扶)*工作队")
#: The noun a counter counts: 42个贫困村, 355支驻村工作队, 3户五保户, 1032名队员 (§6).
COUNTED_NOUN = re.compile(
    r"(?P<noun>(?:驻村|扶贫|帮扶|建档立卡|深度|重点|省级|市级|县级|省定|市定|县定|机关|党员|年轻|优秀)*(?:非贫困村|贫困村|贫困户|贫困人口|行政村|自然村|嘎查村|嘎查"
    r"|村民小组|村民组|工作队|工作组|队员|第一书记|驻村干部|帮扶干部|干部|五保户|低保户|一般贫困户|脱贫户|监测户|党员|合作社|企业"
    r"|项目|学生|村民|农户|群众|劳动力|公益性岗位|岗位|单位|贫困家庭|困难家庭|家庭))"
)
#: Words opening or closing a lead that are no part of a metric's name.
METRIC_NAME_LEAD = re.compile(
    r"^(?:其中|另外|此外|同时|共有|共计|共|有|达到|达|累计|已经|已|为|是|约(?![谈定请见束])|近|超过|不到|仅|还有|现有|目前|全县|全村"
    r"|全镇|全乡|全市|全省|该村|该镇|该乡|该县|该市|本村|本县|本市|我村|村里|村内|村中|境内|并|还|又|也|都|均|就|而|但|且|使|让|把|将"
    # the rest of a village's committee after its name: '青石村委会现有党员20人'
    # ('被评为…', '对未脱贫的…': the verb or preposition before what is counted)
    r"|委会|委员会|先后|现在|被(?:评为|评定为|确定为|列为|认定为)|对(?![口接外象])|由(?!于))+"
)
METRIC_NAME_TAIL = re.compile(
    r"(?:一共|共有|共计|共|有|达到了?|达|累计|已经|已|为|是|约|近|超过|不到|不足|在|了|还有|就|仅|只有|能|可|超|突破|增加到"
    r"|提高到|降至|降到|下降到|增至|到|全部|(?<![人户亩平年月日])均|不过|欠下?|预计可?|可收获"
    # a change told from its start: '人均收入由原来的', '贫困发生率从…的', '饮水和'
    r"|的|从|由|和|原来|以前|现在|增长到)+$"
)
#: A list named in order: '贫困村、贫困户、贫困人口分别为42个、9860户和31275人' (§8.5).
RESPECTIVELY = re.compile(
    r"(?P<names>[\u4e00-\u9fff]{2,10}(?:、[\u4e00-\u9fff]{2,10})+)(?:和[\u4e00-\u9fff]{2,10})?分别(?:为|是|有|达到|达)?"
)
#: Team and member counts are aggregates (metrics), never a measure's outputs (LABELLING Teams).
TEAM_COUNT_BEFORE = re.compile(r"(?:工作队|工作组|队员|第一书记)(?:共|有|共有|达)?$")
TEAM_COUNT_AFTER = re.compile(r"(?:驻村|扶贫|帮扶)*(?:工作队|工作组|队员|第一书记|驻村干部)")
#: Approximation words before a figure that the number reader does not know (§7.3: 超, 突破).
APPROX_LEAD = re.compile(r"(?:突破|超|逾)$")
#: Two amounts of one unit joined into a range (§7.4).
RANGE_JOIN = re.compile(r"\s*(?:至|到|-|~|～|—|–)\s*")
#: A rank, not a count (§6: 第一名, 排名第五).
RANK_AFTER = re.compile(r"^(?:名次|位次)")
#: Not metrics: rules and frequencies, page counters, phone lines (§1.6, §6).
METRIC_NOT = re.compile(
    r"每(?:月|周|季度|年|半个月|天)(?:至少|不少于|在村|工作)|不少于\d+天|阅读|浏览|点击|电话|热线|邮编|任期|为期"
    # a rotation rule, a round trip, a cadre's own weight: '每期确定2名', '来回需要5公里', '瘦了10斤'
    r"|每(?:期|批|轮)|来回|往返|瘦了|掉了"
    # how the team split up for its work: '队员分成3个小组', '分成4组'
    r"|分成\d+个?(?:小组|组|片)"
)
#: A figure that is a poverty line, not a fact: '2800元的扶贫标准', '2300元/年的贫困线'.
POVERTY_LINE = re.compile(r"(?:/年|/人|每年)?的?(?:国家|省定|省级|县定|现行)?(?:农村)?(?:扶贫|脱贫|贫困)(?:标准|线)")
#: Words that count but do not say what (§6): a metric named only so becomes '单位数量'.
GENERIC_NAMES = frozenset({"单位", "人员", "人口"})
#: A metric's name from its unit when the phrase gives none.
UNIT_NAMES = {"元": "金额", "人": "人数", "户": "户数", "%": "比例", "亩": "面积", "公里": "长度", "个": "个数"}


# ----------------------------------------------------------------------------------------
# Measure quantities and summaries (PHRASING §5.1)
# ----------------------------------------------------------------------------------------

#: Words after N个 that make it a span of time ("3个月", "4个年度"), neither an output nor a count.
SPAN_OF_TIME = ("月", "小时", "工作日", "季度", "年度", "星期", "年头", "日日", "日夜", "昼夜", "春秋", "寒暑")
#: Counters a Chinese numeral may carry as a measure's output ('修建了…和一座漫水桥', §7.1).
CN_OUTPUT_COUNTER = frozenset("座个处台口眼条间套辆栋所")
#: Verbs before a quantity's item, longest first so that 建设 is not 建 + 设 (§5.1 verbs).
# (覆盖, 惠及, 带动 introduce beneficiaries, never an item)
# single-character verbs only with 了 (修了, 建了): alone they hide inside nouns (种养技术培训班, 打印机)
_ITEM_VERBS = (
    "修建", "新建", "建成", "建起", "建设", "建立", "硬化", "铺设", "修复", "改造", "改建",
    "维修", "修缮", "安装", "购置", "购买", "添置", "配备", "配置", "配套", "种植", "栽植",
    "栽种", "新栽", "种上", "养殖", "清理", "清运", "清淤", "清出", "整治", "流转", "租用",
    "租赁", "发放", "捐赠", "赠送", "分发", "成立", "组建", "开展", "组织", "召开", "举办",
    "培训", "慰问", "资助", "救助", "安置", "搬迁", "吸纳", "带动", "打造", "新修", "新筑",
    "拓宽", "增设", "新增", "完成", "平整", "援建", "捐建", "帮建", "疏通", "架设", "新打",
    "开挖", "开发", "引进", "扶持", "提供", "开办", "开设", "设立", "整修", "绿化", "亮化",
    "美化", "建造", "搭建", "修通", "修了", "发展", "落实", "实施", "储存", "储藏", "整理",
    "评出", "出栏", "存栏", "收购", "销售", "拆除重建", "重建", "硬化了", "承接", "更换",
    "筹建", "盖起", "新盖", "翻建", "采购",
    "改种", "代缴", "协调", "建了", "种了", "养了", "装了", "打了", "挖了", "栽了", "修起",
    "覆盖", "惠及", "辐射", "组织举办", "开展了", "兴修", "兴建", "修筑", "架起",
    "拜访", "考察", "参观学习", "参观", "观摩", "放映", "演出",
    *_CROP_AND_STOCK_VERBS, *_ENLARGED_OR_JOINED, *_VERB_OBJECT_WORKS, "送去", "送上",
)
ITEM_VERB = re.compile(trie_pattern(_ITEM_VERBS) + "(?:了|起|成|好|出|完)?")
#: Words before an item that are not part of it.
ITEM_LEAD = re.compile(
    r"^(?:了|的|共|共计|累计|总计|全年|全部|又|还|并|再|新(?![型式])|各|等|约|近|计|达|为|出|、"
    r"|(?:现在|目前|如今|现)(?:共有|有)|共有|拥有"  # ('…基地,现在有大棚52个': 大棚)
    r"|有(?!机|线|色|效|限|偿|关|声|氧))+"  # ('发展有杉木1800亩': 杉木)
)
#: The noun after a figure ('新建200立方米蓄水池'); after a length, past the word of its
#: dimension ('800米长的砂石路'), which after any other figure opens the noun ('300亩高山茶园').
ITEM_AFTER = re.compile(r"(?:(?<=[米里])(?:长|宽|深|高))?的?(?P<noun>[\u4e00-\u9fff]{2,12})")
#: A numeral with its counter, no noun: '一条', '两座'.
COUNTED_ONLY = re.compile(r"[一二两三四五六七八九十几]+[个条座处口间台套家所项只头棵株块批]")
#: A verb of measure left at an item's end: '装机容量达'.
#: Words between an item and its number that belong to neither: '达', '约', and the 上 of
#: an approximate '上百亩' ('种植西瓜上百亩': the item is 西瓜).
ITEM_TAIL_VERB = re.compile(r"(?:达到|达|为|约|共计|合计|总计|累计|共|近|将近|超过|超|逾|上)$")
ITEM_MAX = 14
#: Where a noun read after its number ends: a verb or a status word ('800米的机耕路硬化即将完工').
#: Not where a word ends: 能 of 太阳能 or 节能, 在 of 现在, 为 of 作为, 供 of 供水管网.
ITEM_STOP = re.compile(
    r"硬化|建设|修缮|拓宽|改造|完工|完成|竣工|落成|投入|投产|很快|即将|正在|已经|已|将|要|可|(?<![阳电动热风核势效功技体节智产储])能"
    r"|(?<![现所存实])在|让|使|(?<![作行])为|供(?![水电暖气销])|用于"
    r"|修到|通到|铺到|延伸|直通|修好|建好|开建|动工|全面|全部|同时|相继|先后|顺利|去年|今年|当年|前年|目前"
    r"|预计|有望|力争"
    # a preposition of the change the thing went through: '9公里通村路由4米拓宽到6米'
    r"|(?<![自理经缘])由"
)
#: An item that describes a route or a purpose, not a thing: '从A至B路口全长' (§5.1).
ITEM_ROUTE = re.compile(r"从.*至|从.*到|将|把|对|向|通过|用于|目前|已经|已")
#: Items that are no noun phrase: a verb or a function word left over.
ITEM_NOT = re.compile(r"(?:左右|以上|多|余|之多|其中|以及|还有|共有|可以|能够|进行|实现)")
#: Where a summary may end: a clause or list break (or after a figure and its unit, items.py).
SUMMARY_BREAK = re.compile(r"[，、；,;：:。]|(?<=[》”\)])")


# ----------------------------------------------------------------------------------------
# Village baselines (PHRASING §4.2-§4.5, §8.3)
# ----------------------------------------------------------------------------------------

_COUNT_CN = r"[\d一二三四五六七八九十]+"
#: A count of households or people, its thousands apart perhaps: '412', '1,530' (read without the commas).
_COUNT = r"\d{1,3}(?:,\d{3})+|\d+"
#: A count of people, in ten-thousands perhaps: '1186', '1.2万' (a large village's people).
_PEOPLE = r"\d+(?:\.\d+)?万|" + _COUNT
#: Words that point at the village the passage is about: 全村, 该村, 我村 (§8.3, §8.7).
#: What joins the names (or figure groups) of a list: '青石村和柳湾村', '青石村、柳湾村'.
LIST_JOIN = frozenset({"和", "、", "与", "及", ",", "和、"})
VILLAGE_ANCHOR = (
    r"(?:全村|该村|本村|我村|我们村|这个村|村里|村内|全中心村|全行政村"
    # the village just named, described: '这个偏远山村', '这个小山村', '这个贫困村'
    r"|这个[\u4e00-\u9fff]{1,6}?村(?![民委部级里内])"
    r")"
)
#: '辖6个自然村,', '有9个社、', '11个村民小组,' before the totals (§4.2).
_GROUPS = (
    rf"(?:(?:下辖|辖|共辖|有|共有|包括|由)?{_COUNT_CN}个(?:村民小组|村民组|自然村|小组|组|社|屯)(?:组成)?[,、]?){{0,3}}"
)
_TOTAL_WORDS = (
    r"(?:一共|共计|共有|共|现有|现在|目前|拥有|有着|仅有|只有|有|一个|在册|总户数|户籍户数|户数|总人口|人口|农业人口|居民|农业户|常住户|住户|农户|农牧户|牧户|村民|农牧民|牧民|人家|总户|为|达|是)*"
)
#: A poor count's label followed by its own figure: the figures before it are the totals
#: ('全村420户1630人建档立卡贫困户达118户452人').
_OWN_FIGURE = r"(?:户|人口)(?:(?:共计|共有|共|有|为|是|达到|达)\s*\d|\s*\d+\s*户)"
_NOT_POOR = (
    r"(?!贫困|建档|低保|五保|脱贫|一般|监测|边缘|困难|搬迁|群众都|村民都"
    rf"|[、,]?\d+(?:名|人)(?:建档立卡)?贫困(?!{_OWN_FIGURE})"
    # ('27户95人被列入建档立卡贫困户', '16户61人建档立卡户'): the poor, counted before their label
    r"|[、,]?\d+(?:名|人)(?:被?(?:列入|列为|识别为|确定为|认定为)|建档立卡户))"
)
#: Village totals, read after an anchor (全村, 该村, a village's name) or opening a clause. Numbers may
#: stand between spaces, as in documents converted from Word ('全村共 123 户, 540 人').
TOTALS = re.compile(
    rf"{_GROUPS}{_TOTAL_WORDS}\s*(?P<households>{_COUNT})\s*户(?:人家)?{_NOT_POOR}"
    rf"(?:[,、(（]?(?:村民|居民|农牧民|牧民)?(?:总人口|人口|农业人口|户籍人口|共|合计|总计)?\s*(?P<population>{_PEOPLE})\s*(?:余|多)?(?:人|口|[名位](?=村民|群众|居民))[)）]?"
    rf"(?!(?!(?:建档立卡)?贫困{_OWN_FIGURE})(?:贫困|建档|脱贫|次|被?(?:列入|列为|识别为|确定为|认定为))))?"
)
#: Rounded totals, only as a pair ('全村共有500余户、2000余名村民'): '60多户果农' alone is a part.
TOTALS_ROUGH = re.compile(
    rf"{_GROUPS}{_TOTAL_WORDS}\s*(?:近|约)?(?P<households>{_COUNT})\s*(?:余|多)?户{_NOT_POOR}"
    rf"[,、]?(?:总人口|人口|共)?\s*(?P<population>{_COUNT})\s*(?:余|多)?(?:人|口|[名位](?=村民|群众|居民))(?!贫困|建档|脱贫|次)"
)
#: '青石村委会有5000多人' (§4.2: people only).
PEOPLE_ONLY = re.compile(
    rf"{_GROUPS}(?:一共|共有|共|现有|有)\s*(?P<population>{_PEOPLE})\s*(?:多|余)?(?:人|口)(?!次|贫困|建档|脱贫|外出|务工|在外)"
)
#: '全村1126人,…': the people alone right after 全村, a clause ending there.
PEOPLE_AFTER_ALL = re.compile(
    r"(?<=全村)\s*(?P<population>" + _COUNT + r")\s*(?:多|余)?(?:人|口)"
    r"(?=[,;。、]|(?:绝大部分|大部分|大多数|大多|多数|中))"
)
#: '总人口1125人,289户' and '人口1125人' (§4.2).
POPULATION = re.compile(
    rf"{_GROUPS}(?:(?:共有|共|现有|有)?(?:总人口|人口|农业人口|户籍人口)|(?:共有|现有|有)(?:村民|居民))(?:共|为|有|达)?"
    r"\s*(?P<population>" + _PEOPLE + r")\s*"
    # ('人口3600多,': the counter left out after 多)
    r"(?:(?:多|余)?(?:人|口)|(?:多|余)(?=[,;。]))"
    r"(?:[,、]\s*(?P<households>" + _COUNT + r")\s*户(?!贫困|建档))?"
)
#: Registered poor households and people (§4.3).
POOR = (
    re.compile(
        r"(?:建档立卡的?)?(?:贫困户|贫困人口|精准扶贫人口|精准扶贫对象|扶贫对象|扶贫户)(?:共计|共有|共|就有|有|为|是|达到|达)?"
        r"\s*(?P<poor_households>" + _COUNT + r")\s*(?:多|余)?户"
        r"(?:[,、(（]?(?:共计|共)?\s*(?P<poor_population>" + _COUNT + r")\s*(?:人|名)[)）]?)?"
    ),
    # '全村58户、197名贫困人口': the 户 counts poor households here (§4.3)
    # ('其中有207户866人属贫困人口')
    re.compile(
        r"(?P<poor_households>" + _COUNT + r")\s*(?:户|家(?=建档|贫困))"
        r"(?:[,、]?\s*(?P<poor_population>" + _COUNT + r")\s*(?:人|名))?"
        # ('27户95人被列入建档立卡贫困户', '16户61人建档立卡户')
        r"(?:的|属于?|系|为|是|被?(?:列入|列为|识别为|确定为|认定为))?"
        rf"(?:(?:建档立卡)?贫困(?!{_OWN_FIGURE})(?:户|人口)|建档立卡户)"
    ),
    # the people after the households' label: '41户贫困户133人', '77户贫困户、251人'
    re.compile(
        r"(?P<poor_households>" + _COUNT + r")\s*户(?:建档立卡)?贫困户[,、]?(?:共计|共)?"
        r"\s*(?P<poor_population>" + _COUNT + r")\s*(?:人|名)"
    ),
    # ('建档立卡贫困户315人': the people of the registered households)
    re.compile(
        r"(?:建档立卡贫困人口|建档立卡人口|贫困人口|建档立卡贫困户)(?:共|为|有)?"
        r"\s*(?P<poor_population>" + _COUNT + r")\s*(?:多|余)?人"
    ),
    # a fall told from its baseline: '贫困人口由203户812人减至…' (the 由 figures are the baseline)
    re.compile(
        # ('贫困人口从2015年的143户512多人,减少到…': the year of the baseline between)
        r"(?:建档立卡)?(?:贫困户|贫困人口)(?:从|由)\s*(?:(?:19|20)\d{2}年(?:底|初)?的?)?"
        r"(?P<poor_households>" + _COUNT + r")\s*户"
        r"(?:[,、]?\s*(?P<poor_population>" + _COUNT + r")\s*(?:多|余)?(?:人|名))?"
        r"(?=,?(?:下降|减少|减|降)(?:到|至))"
    ),
)
#: All the registered poor said to have left poverty: their count is the baseline's
#: ('全村37户贫困户全部脱贫', '青石村31户104人建档立卡户全部实现脱贫', and the households named
#: first: '全村建档立卡贫困户98户356人全部脱贫').
ALL_POOR_EXITED = (
    re.compile(
        r"(?P<poor_households>" + _COUNT + r")\s*户(?:[,、]?\s*(?P<poor_population>" + _COUNT + r")\s*人)?"
        r"(?:建档立卡贫困户|建档立卡户|贫困户|贫困家庭|扶贫户)(?:已经?|都|均)?全部(?:实现|顺利)?脱贫"
    ),
    re.compile(
        r"(?:建档立卡贫困户|建档立卡户|贫困户)(?P<poor_households>" + _COUNT + r")\s*户"
        r"(?:[,、]?\s*(?P<poor_population>" + _COUNT + r")\s*人)?(?:已经?|都|均)?全部(?:实现|顺利)?脱贫"
    ),
)
#: Verbs before a count that make it the beneficiaries of an action, not a baseline (§4.3).
NOT_BASELINE_BEFORE = re.compile(
    r"慰问|走访|带动|帮助|帮(?!扶)|扶持|吸纳|吸收|覆盖|惠及|组织|动员|资助|安排|推荐|入股|发放|搬迁|安置|培训|把|为|给|对|向|让|使"
    r"|脱贫|退出|减少|降|剩|识别后|调整后|其中因|受益|参与|务工|走了"
    # '购进牛犊85头,交由27户贫困户代养': the households an action reached
    r"|交由|交给|分给|分配给|由"
    # visits: '走进…的9户贫困户家中'
    r"|深入|走进|来到"
)
STRONG_NOT_BASELINE = re.compile(r"慰问|走访|带动|惠及|覆盖|搬迁|安置|吸纳|资助|入股|脱贫|受益")
NOT_BASELINE_AFTER = re.compile(
    r"^(?:(?:[、,(（]?\d+(?:人|口)[)）]?)?的?(?:贫困户|群众|村民|农户)?(?:都|均|全部|已|已经)?(?:脱贫|受益|入社|入股|参与|参加|务工|增收|发展|实现|搬迁"
    r"|享受|纳入|吃上|用上|喝上|住上|住进|签订|种植|养殖|喜迁|迁入|搬进|获|家中|家里"
    # out of poverty in other words: '26户90人摘掉了穷帽', '…甩掉了贫困的帽子'
    r"|摘掉|摘下|摘去|甩掉|拔掉"
    # houses built for them, under way or done: '8户即将入住', '20户房屋正在砌墙'
    r"|即将|正在|房屋|住房|新房))"
)
#: Group figures are not the village's (§4.2: 甲、乙两个村民小组有86户431人).
GROUP_FIGURES = re.compile(r"(?:村民小组|小组|组|自然村|屯|社)(?:共|一共)?有$")
#: 贫困发生率 / 贫困面 as a baseline; a fall (降至) is an outcome (§4.4).
POVERTY_RATE = re.compile(
    r"(?:贫困人口发生率|贫困户发生率|贫困发生率|贫困面|贫困率)(?:为|达到|达|是|在|高达|一度高达|一度达到|一度达|一度|仍有|仍高达|曾高达|曾达)?了?"
    # the start of a fall is the baseline: '贫困发生率从(2014年的)35.2%降至0.8%'
    r"(?:(?:从|由)(?:(?:19|20)\d{2}年(?:底|初)?的?)?)?"
    r"(?P<poverty_rate_pct>\d+(?:\.\d+)?)%"
    # ('贫困户83户291人,占全村人口的19.4%': the poor people's share)
    r"|(?:贫困人口|贫困户\d+户,?)(?:\d+人,?)?占(?:全村)?(?:总|农业)?人口(?:总数)?(?:的)?(?:比例|比重)?(?:为|达)?"
    r"(?P<share>\d+(?:\.\d+)?)%"
)
#: Exit from poverty (§4.5).
EXIT = re.compile(
    r"整村脱贫出列|整村脱贫摘帽|整村脱贫|整村出列|整村退出|脱贫出列|脱贫退出(?!目标|任务|工作|第三方|验收)|实现出列|顺利出列"
    r"|退出贫困村(?:序列)?|贫困村退出|实现(?:了)?(?:贫困)?村退出|脱贫摘帽(?!工作|目标|任务|第三方|攻坚)|整村摘帽"
    r"|摘掉了?[“\"']?(?:省级|市级|县级)?(?:穷|贫困)(?:村)?[”\"']?(?:的)?帽子|通过了?[^,。;]{0,8}第三方评估"
    # the village as a whole, and out of the list: '2018年贫困村整体出列', '2018年从贫困村出列'
    r"|整体出列|整体脱贫(?!攻坚)|整体退出|从贫困村(?:序列)?(?:中)?(?:出列|退出)"
    # '2018年摘帽', '实现贫困村摘帽', '全村脱贫', '摘掉“贫困帽”', '退出了贫困村序列'
    # (not a county's: '云岭县2019年摘帽')
    r"|(?<![县市州旗]\d\d\d\d年)(?<=年)摘帽|(?<![县市州旗]\d\d\d\d年底)(?<=年底)摘帽|贫困村摘帽|(?<!全县|全乡|全镇)全村脱贫(?!攻坚|任务|目标|工作|奔小康)"
    r"|摘掉了?[“\"']?(?:穷|贫困)帽[”\"']?|退出了贫困村"
    # the village itself out of poverty, named right before: '…石桥镇桃园村成功脱贫'
    r"|(?<=村)(?:成功|顺利|如期|正式)脱贫(?!攻坚|户|人口)"
)
#: Plans and other places' exits are not the village's exit year.
EXIT_NOT = re.compile(
    r"计划|拟|将|力争|确保|目标|预计|争取|申请|迎来|有望|准备|全县|全镇|全乡|全市|全省|个(?:贫困|行政|重点)?村(?![民委])"
)
EXIT_TIME = re.compile(
    r"(?P<year>(?:19|20)\d{2})年|(?P<rel>今年|去年|前年|明年|当年|同年)|(?P<month>(?<![\d年])\d{1,2}月)"
)
#: A plan in the sentence makes an exit a target, not a fact (§4.5: '计划今年…,明年整村摘帽').
EXIT_PLAN = re.compile(r"计划|力争|预计|确保|将于|将在|争取|有望|明年")



#: Measure categories by cue word: SPEC §3 and the cue words PHRASING §9 saw per category
#: (with its notes on ambiguous cues). Longer cues weigh more (see ``categorise``).
CATEGORY_KEYWORDS: tuple[tuple[str, tuple[str, ...]], ...] = (
    # §9 housing: 易地扶贫搬迁, 集中安置, 安置点, 分散建房, 随迁户, 危房改造, 住房改造, 五改三建
    ("housing", words(
        "易地扶贫搬迁 易地搬迁 搬迁 集中安置 安置点 安置房",
        "分散建房 随迁户 危房改造 改造危房 危房 住房改造 五改三建 安居 外墙保温 房屋改造 住房 新居 喜迁",
        # a household's house rebuilt or mended (SPEC §3: renovation)
        "新房 建房 盖房 修缮房屋 房屋修缮 翻修",
        # old houses of earth or thatch rebuilt: 泥草房改造, 土坯房, 黑房子提升改造
        "泥草房 土坯房 泥砖房 茅草房 危旧房 黑房子",
    )),
    # §9 finance: 入股, 分红, 小额信贷, 贴息贷款, 扶贫贷款, 风险资金池, 资产收益 (贷款/贴息 decide 光伏 loans)
    ("finance", words("贷款 贴息 小额信贷 信贷 入股 分红 保底分红 风险资金池 资产收益 互助资金 金融")),
    # §9 employment: 公益性岗位, 保洁员, 护林员, 转移就业, 务工, 就业, 月工资, 安排…打工
    ("employment", words(
        "公益性岗位 公益岗位 公益岗 保洁员 护林员 护路员",
        "转移就业 劳动力转移 务工 就业 月工资 打工 劳务输出 劳务 投劳",
    )),
    # §9 education: 助学金, 资助, 书包, 文具, 作业本, 考入大学, 贫困学生, 操场改造, 多媒体教室, 教育帮扶
    ("education", words(
        "助学金 助学 书包 文具 学习用品 作业本 考入大学 贫困学生 学生 操场 多媒体教室 教育 学校 辍学 控辍保学",
        # (资助 alone is any funding: '政府资助四万元' builds a road)
        "资助学生 资助贫困学生 小学 中学 幼儿园 课桌 教学 留守儿童",
    )),
    # §9 health: 卫生室, 义诊, 医疗救助, 绿色通道, 送医治疗, 新农合 (a clinic is health, §9)
    ("health", words(
        "卫生室 卫生院 义诊 医疗救助 医疗 绿色通道 送医 新农合 医保 医疗保险 体检 健康档案 慢性病",
        "住院 治疗 大病 患者 就医 救治 卫生所 轮椅 拐杖 家庭医生 意外伤害保险 意外险 人身保险",
    )),
    # §9 social_security: 慰问(金/品), 低保, 五保, 兜底, 孤寡老人, 幸福院, 春耕物资, relief goods
    ("social_security", words(
        "慰问 慰问金 慰问品 走访慰问 看望慰问 低保 五保 兜底 孤寡老人 幸福大院 老年活动中心 养老院",
        "留守老人 幸福院 春耕物资 养老 敬老院 特困 救助 救济 孤儿 困境儿童",
        # relief goods for the winter or daily life (SPEC §3): 棉被, 棉衣, 米面油
        "棉被 棉衣 御寒 过冬物资 生活物资 慰问物资 米面油 食用油",
    )),
    # §9 environment: 清运垃圾, 人居环境整治, 改厕, 污水管网, 路灯 (always environment), 绿化, 村容村貌
    ("environment", words(
        "垃圾 清运 人居环境 环境整治 改厕 厕所 公厕 旱厕 水厕 户厕 厕改 污水 路灯 亮化 绿化 村容村貌 村容 美化 景观",
        # clean-ups: 清除杂草, 卫生死角, 环境卫生
        "杂草 卫生死角 环境卫生",
        # trees for the land's sake (greening): 植树, 退耕还林, 封山育林, 公益林 (fruit trees and
        # 经济林 are industry; 造林 may be a cooperative's paid work)
        "植树 退耕还林 封山育林 公益林 生态林 防护林",
    )),
    # §9 culture: 文化(活动)广场, 健身器材, 篮球场, 活动场所 (leisure), 文化墙, 农家书屋, 表彰, 文艺演出
    ("culture", words(
        "文化广场 文化活动广场 广场 健身器材 篮球场 活动场所",
        "文化墙 农家书屋 书屋 表彰 文艺演出 文艺 评选 礼堂 放映 电影 演出 书画",
        # events put on for the village (SPEC §3 culture: events)
        "文化节 艺术节 运动会 联欢会 晚会 文艺汇演",
    )),
    # §9 training: 培训班, 技能培训, 技术手册, 宣传单, 政策明白卡, 户院会/院坝会; LABELLING: 扶志 framing
    ("training", words(
        "培训班 培训 技能培训 技术手册 宣传单 政策明白卡 明白卡",
        "户院会 院坝会 宣讲 扶志 扶智 夜校 讲座 技术培训 种植课 养殖课 爱心超市 积分超市 政策宣传 宣传资料",
    )),
    # §9 governance: 村委会办公场所, 活动室, 公共服务中心, 村规民约, 制度, 发展党员, 村办月报
    ("governance", words(
        "办公场所 办公用房 村委会 活动室 公共服务中心 综合服务中心 村规民约 制度 发展党员 党员 党支部 党建",
        "三会一课 主题党日 档案 两委 月报 台账 办公室 办公设备 办公桌 阵地",
        # a village's own offices and service hall: 村部, 村级组织活动场所, 便民服务中心
        "村部 村级组织活动场所 组织活动场所 村级活动场所 便民服务中心 村级服务中心 党群服务中心 办公电脑",
    )),
    # §9 industry: 种植, 养殖, 种苗/牛犊, 合作社, 产业园, 基地, 光伏, 土地流转, 电商, 直播带货, 消费扶贫,
    # 以购代捐, 乡村旅游, 农家乐, 加工厂 (the crops and animals the cue list names)
    ("industry", words(
        "种植 养殖 种苗 牛犊 合作社 产业园 基地 光伏 电站 土地流转 流转 电商 直播带货",
        "消费扶贫 以购代捐 乡村旅游 乡村游 集体经济 撂荒",
        # consumption aid: the team sells or buys a household's produce (帮销, 以购代帮, 滞销)
        "销售 推销 代销 帮销 收购 滞销 以购代帮 卖出 售出 出售 代卖 帮卖",
        "旅游 农家乐 加工厂 加工 大棚 产业 核桃 茶园 茶叶 菊芋 中药材 蔬菜",
        "养牛 肉牛 养羊 养猪 养鸡 养蜂 鹌鹑 食用菌 香菇",
        "果园 花椒 冷库 扶贫车间 车间 牛 猪 鸡 羊 蜂 桑园 养蚕 农产品 展销",
        # a photovoltaic station by its output: 装机容量32千瓦, 上网发电
        "装机 并网 发电",
        # planting verbs and farm inputs for a crop (§9: 种苗, 发放种苗): 新栽魔芋, 脱毒种薯, 地膜
        "新栽 栽种 栽植 种上 套种 育苗 种薯 原种 良种 种子 种籽 地膜 烤烟 烟叶 烤房 马铃薯 玉米 油茶 果树 网店",
        "化肥 肥料 农药",  # (not 农资: 涉农资金 holds it)
        # orchards and livestock by name: 葡萄园, 经果林, 金银花, 肉鹅
        "葡萄 猕猴桃 苹果 樱桃 柑橘 脐橙 甜橙 经果林 经济林 金银花 黄牛 肉鹅 养鹅 养鸭 养鱼 水产",
        # crops tried or harvested (试种西瓜, 抢收玉米) and the common field crops of the genre
        "试种 试养 引种 扩种 补种 抢收 西瓜 水稻 红薯 辣椒 花生 油菜 莲藕 白莲 山药 魔芋 土豆",
        # a household's shop the team helped open (帮助村民开办小卖部)
        "小卖部 商店",
    )),
    # §9 infrastructure: 硬化, 通组路, 通村道路, 便民桥, 危桥, 护河堤, 水窖, 蓄水池, 供水管道, 安全饮水, 人畜饮水,
    # 自来水, 变压器, 线路, 程控电话, 广播, 机埠, 水利设施, 农田管网, 防洪治理, 路基, 挡墙, 排水渠
    ("infrastructure", words(
        "硬化 通组路 通组道路 通村道路 道路 公路 便道 产业路 机耕道 入户路 桥 便民桥 危桥 护河堤 河堤 水窖 蓄水池 水池",
        "供水 管道 安全饮水 人畜饮水 饮水 自来水 水柜 水井 变压器 线路 电网 程控电话 广播 宽带 网络 机埠 水利",
        "农田管网 管网 防洪 路基 挡墙 排水渠 水渠 灌溉 山塘 错车道 水泥路 通村路 漫水桥 路面 沥青 柏油路",
        "护坡 水网 铺设 光纤 基站 电力 排洪 堤坝 涵洞 沼气 沼气池 大门 围墙",
        # roads by their surface or purpose: 砂石路, 组级公路, 扶贫路
        "砂石路 石子路 村道 组级公路 通组公路 村组公路 修路 扶贫路",
        # waterways: 港道治理, 河道清淤
        "港道 河道 清淤",
        # SPEC §3's own heads, as pages write them: irrigation (机井, 提灌站, 沟渠), power
        # (农网改造, 通电), network and broadcast (户户通, 喇叭), storage yards (晒场), roads (生产路)
        "打井 机井 抗旱井 提灌站 提灌 泵站 抽水站 沟渠 水沟 排水沟 引水 水管 水塔 水库 塘坝 蓄水",
        "农网 输电 通电 通水 通车 村村通 户户通 喇叭 监控 晒场 停车场 生产路 田间道 路网",
        "高标准农田 土地整治 土地整理 整理土地 造地 梯田 涵管 挡土墙 堡坎 便桥",
        # irrigation ponds and canals by their local names (山坪塘, 堰塘, 渠系) and storage (仓库)
        "山坪塘 坪塘 堰塘 渠系 仓库",
        # the works in general and a village's whole-village programme (整村推进: its roads, water
        # and power); a herders' track (牧道)
        "基础设施 整村推进 牧道",
        # roads by their place in the network (组道, 巷道, 村路), dams and granaries
        "组道 巷道 村路 拦水坝 拦河坝 河坝 粮库",
    )),
    # §9 other: counted household visits, 民情日记, 群众会 (LABELLING: 入户对接 is other)
    ("other", words("入户走访 走访 民情日记 群众会 入户对接")),
)


KEYWORD_CATEGORY = {word: category for category, words in CATEGORY_KEYWORDS for word in words}
KEYWORDS = re.compile(trie_pattern(KEYWORD_CATEGORY))
CATEGORY_ORDER = {category: i for i, (category, _) in enumerate(CATEGORY_KEYWORDS)}


def categorise(text: str) -> str:
    """The category whose keywords weigh most in ``text`` (longer keywords weigh more);
    a tie goes to the keyword met first, since the action usually leads the clause."""
    return cue_category(text) or "other"


#: The rest of a unit's name after a cue: 医保局, 教育局, 医疗保障局 (not 布局, 大厅).
_UNIT_NAME_AFTER = re.compile(r"[\u4e00-\u9fff]{0,3}?(?<![布格结全开当大展])[局厅]")
#: Before 党员: members led to work or helped, not the party's own building.
_MEMBERS_ACTING = re.compile(r"(?:组织|带领|发动|动员|号召|贫困|困难|老)$")


#: A village's own bodies, governance cues unless they only act or receive.
_VILLAGE_BODIES = frozenset({"党支部", "村委会", "两委"})
_BODY_LEADS = frozenset(("村", "给", "向", "为"))
#: Characters ending a verb done to the body's building: '修缮村委会', '新建村委会'.
_BUILT_ON = frozenset("缮建修造装盖扩改")


def _body_acts_or_receives(text: str, cue: re.Match[str]) -> bool:
    """'青石村党支部申请…', '给柳湾村委会…', '柳湾村委会…': the body named as an actor or a
    recipient (not '修缮村委会', the work done on its building)."""
    before = text[cue.start() - 1 : cue.start()]
    if before in _BODY_LEADS:
        return True
    return cue.group() == "村委会" and "\u4e00" <= before <= "\u9fff" and before not in _BUILT_ON


def cue_category(text: str) -> str | None:
    """``categorise``, but None when ``text`` holds no cue at all (so a caller can look
    further); a cue of ``other`` (走访, 群众会) still answers ``other``."""
    scores: dict[str, int] = {}
    first: dict[str, int] = {}
    cues = list(KEYWORDS.finditer(text))
    if "党员" in text:
        # '组织党员清理河道', '看望贫困党员并发放慰问金': party members who act or are helped,
        # not party building
        cues = [m for m in cues if not (m.group() == "党员" and _MEMBERS_ACTING.search(text, 0, m.start()))]
    if "保户" in text:
        # '为低保户王某修建新房': the household's kind names whom the help reached, not the
        # help, unless nothing else is said
        kinds = [m for m in cues if m.group() in ("低保", "五保") and text.startswith("户", m.end())]
        if kinds and len(kinds) < len(cues):
            cues = [m for m in cues if m not in kinds]
    if "局" in text or "厅" in text:
        # '市教育局工作组帮农户卖出板栗': a cue inside the name of the unit that acts
        cues = [m for m in cues if not _UNIT_NAME_AFTER.match(text, m.end())]
    bodies = [m for m in cues if m.group() in _VILLAGE_BODIES and _body_acts_or_receives(text, m)]
    if bodies and any(KEYWORD_CATEGORY[m.group()] != "governance" for m in cues):
        # '青石村党支部申请资金…建设光伏电站', '拨款26万元给柳湾村委会': the village's body acts or
        # receives; what the work is says the category
        cues = [m for m in cues if m not in bodies]
    for m in cues:
        category = KEYWORD_CATEGORY[m.group()]
        # the action leads the clause: the first cue met weighs one more
        scores[category] = scores.get(category, 0) + len(m.group()) + (0 if scores else 1)
        first.setdefault(category, m.start())
    if not scores:
        return None
    return max(scores, key=lambda c: (scores[c], -first[c], -CATEGORY_ORDER[c]))

