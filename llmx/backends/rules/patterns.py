"""Regular expressions and word tables of the place, team and header rules, apart from the
logic that uses them (the figure rules' tables are in ``tables.py``).

Section numbers (§) refer to docs/PHRASING.md, the catalogue of how real pages phrase
each SPEC field.
"""

from __future__ import annotations

import re

H = "\u4e00-\u9fff"
#: One Han character: a name or a headline needs one.
HAN = re.compile(f"[{H}]")
# Characters a village name never contains: function words, and words that make 村 generic.
BODY_STOP = set("的了和与及是为对把将向个等在驻各全每本该其此帮扶贫困省县镇乡区进入时从被让给于共有这那到至我批着著")
GENERIC_BODIES = frozenset(
    {"行政", "自然", "示范", "重点", "美丽", "新农", "农", "邻", "临", "整", "外", "他", "我", "山", "小", "大",
     "老", "新", "原", "乡", "城", "中心", "试点", "文明", "先进", "样板", "薄弱", "软弱涣散", "非贫困", "一", "两",
     "三", "几", "多", "某", "深度", "出", "回", "下", "上", "留", "返", "住", "离", "包",
     # the village one is linked to or stationed in: '所挂点村', '所驻村'
     "挂点", "所挂点", "所挂", "所驻", "所包", "所联系",
     # an honour a village is built into: '创建四好村'
     "四好",
     # a kind of village, the one next door, a slogan: '扶贫开发村', '隔壁村', '富民强村'
     "开发", "隔壁", "富民强", "强",
     # where it lies: '地处全镇边缘的边缘村'
     "边缘",
     # a village by how hard its case is: '难点村', '后进村', '空壳村'
     "难点", "后进", "空壳",
     # Inner Mongolia's word for its villages: '全旗68个嘎查村' names none
     "嘎查"}
)
# After X村, a second 村 starts a word (村民, 村委 ...) unless the name is X村村 (东村村).
AFTER_VILLAGE_WORD = "民委干两集级组支党务容貌内外里庄镇口部规情史道路小医卫文活办"
AFTER_VILLAGE_WORD_TUPLE = tuple(AFTER_VILLAGE_WORD)
#: Words after X村 that keep it a village name although they start with a 村-word character:
#: 村委会, 村党支部 (a village's own bodies, §4.1 村委会).
VILLAGE_BODY_WORDS = ("委会", "党支部", "党总支", "两委", "支部", "民委员会")
#: Descriptive bodies that make 村 generic, not a name (§8.3): 示范村, 重点贫困村, 自然村 ...
NOT_VILLAGE_BODY = re.compile(
    r"(?:贫困|示范|重点|试点|先进|文明|小康|空壳|涣散|出列|帮扶|定点|联系|样板|明星|网红|旅游|特色|专业|移民|美丽|生态|富裕"
    r"|和谐|民族|传统|边远|偏远|落后|薄弱|脱贫|攻坚|自然|中心|行政|深度|易地|搬迁|安置|新农|农|整|全|邻|外|各|本|该|此|多|少"
    # a verb or a span of time before 村党支部/村两委: 把想法告诉村…, 配强村两委, 干了十几年村…
    r"|告诉|告知|交给|通知|汇报|反映|配强|配齐|选好|选准|建好|干了|当了|做了|几年|多年|年来"
    # (刚赶上村两委选举, 利用村委会后院, 营造村两委整洁的环境, 一边朝村委会走)
    r"|赶上|利用|营造|配合|督促|规范|完善|加强|整顿|壮大|边朝|朝着|召开|参加|列席|走访|回到"
    # a verb right before 村 (选派村第一书记, 通往村里的路)
    r"|选派|派驻|下派|开展|通往|前往|路往"
    # works done to the village's buildings (修建村委会, 翻修村部), an honour (优秀村第一书记), and
    # an adverb then a motion verb (短期来村, 经常回村)
    r"|修建|改建|扩建|建成|建起|修缮|翻修|维修|捐建|援建|筹建|装修|粉刷|(?<=.)新建|优秀|标兵"
    r"|(?:期|常|次|天|又|再|也|都)[来回去]"
    # a grade of villages (一类村, 三类村: how far along they are)
    r"|个|几|两|三|四|五|六|七|八|九|十|百|千|万|(?:小|大|深|穷|高|旱|偏远|边远|贫困)山|乡|(?:县|省|市|进|入|回|出)城|郊|[一二三四]类"
    # who a post falls to: '组长均由村党支部书记兼任', '都由村干部轮值'
    r"|(?:部|都|均|律|统一|主要|分别|则|皆)由)$"
    # a verb before 村两委/村党支部 is no name: 强化村级…, 发挥村党支部…, 工作队以村…
    r"|^(?:强化|发挥|加强|完善|建强|协助|推动|带领|指导|依托|抓好|抓|帮助|壮大|提升|健全|规范|召开|组织|围绕|结合"
    r"|针对|实现|推进|落实|开展|配合|联合|带动|促进|服务|管理|监督|考核|整治|改善|打造|支持|参与|参加|进入|走出|扎根"
    r"|深入|确定|确立|选定|定为|列为|作为|以|让|使|把|将|给|对|从|向|由|经|据|按|在|到|驻|来|去|回|进|出|留|返|住|离|扎)"
    r"|(?:工作队|队员|干部|书记|同志|我们|他们|大家|群众)"
)
#: What follows a village's name in the genre (§3.1, §4): its secretary, team, bodies, site.
VILLAGE_AFTER_CUE = re.compile(
    # (after what the villages of a list did together: '青石村、柳湾村均实现整村脱贫')
    r"(?:均|都|也都|双双|同时|一同)?"
    r"(?:驻村|第一书记|(?:担任|任)(?:驻村)?第一书记|的驻村|的第一书记|的(?:扶贫|帮扶)?工作队|党支部|党总支|村委会|委会|两委|位于|地处|隶属|属|距|是|为|有|共有|现有|全村|共|辖|的定点|脱贫|整村|实现"
    r"|都是|也是|均为|均是|同为"
    # the village's state before, or its former secretary: '青石村原有贫困户', '青石村原第一书记'
    r"|原有|原来|原第一书记"
    r"|工作队|扶贫工作队|帮扶工作队|,全村|,共|,该村|结对帮扶|结对共建|结成帮扶"
    # the village's own figures or exit: '苇塘村总人口…', '…下辖6个自然村', '…于2019年出列'
    r"|总人口|总户数|下辖|耕地面积|贫困发生率|退出贫困|摘掉|于(?:19|20)\d{2}年"
    # (the cue is read in the six characters after the name: '苇塘村2019年退出…', '苇塘村,2019年被…')
    r"|(?:19|20)\d{2}年(?:底|初)?[退出脱摘]|,(?:19|20)\d{2}年"
    # a team or a venture set up in it: '在青石村设立驻村工作队', '青石村成立了合作社'
    r"|设立|成立|组建|派驻了?(?:驻村)?(?:扶贫|帮扶)?工作"
    # the help it gets: '…被确定为青石村的帮扶单位', '将青石村作为定点帮扶村'
    r"|的(?:定点|对口|结对|挂钩|包扶)?(?:帮扶|扶贫)|作为(?:定点|对口|结对|挂钩)?(?:帮扶|扶贫)"
    # ('成为青石村对口扶贫单位': the unit that helps it, with no 的)
    r"|(?:定点|对口|结对|挂钩|包扶)(?:帮扶|扶贫)单位"
    # its own totals right after it: '青石村329户1207人', '青石村(329户1207人)'
    r"|\(?\d+户"
    # its people, or a year of its own: '青石村户籍人口…', '青石村2014年识别…', '青石村已于…'
    r"|户籍人口|常住人口|人口|(?:19|20)\d{2}年|已于"
    # an honour it won: '柳湾村成为党建示范村', '青石村被评为文明村'
    r"|成为|被评为|获评|荣获|入选)"
)
#: What precedes it: a posting or a visit (驻, 派驻到, 来到, 就是).
VILLAGE_BEFORE_CUE = re.compile(
    r"(?:驻|到|进驻|来到|来|走进|派往|前往|奔赴|就是|帮扶|扶贫点|——|同镇的|同乡的|邻村|相邻的|隔壁的"
    # a unit's tie to it: '县审计局包扶柳河村', '挂包白岩村'
    r"|包扶|包联|挂包|挂钩|帮建|包建|结对)$"
)
VILLAGE = re.compile(rf"(?P<body>[{H}]{{1,5}}?)村(?P<dup>村(?![{AFTER_VILLAGE_WORD}村室长主]))?")  # (X村村室, X村村长)
COUNTY_SUFFIX = re.compile(rf"[{H}]{{1,7}}?(?:自治县|自治旗|县|旗|区)")
TOWN = re.compile(rf"[{H}]{{1,5}}?(?:镇|乡|苏木|街道(?:办事处)?|办事处|街(?![镇乡])(?=[{H}]{{2,3}}村))")
TOWN_SUFFIX = re.compile("[镇乡]|苏木")  # (苏木: a township of Inner Mongolia)
#: The number of an entry in a list: '1.', '2、', '(3)', '(三)', '四、'.
LIST_NUMBER = r"(?:\d{1,3}[.、]|\(\s*[一二三四五六七八九十\d]{1,3}\s*\)|[一二三四五六七八九十]{1,3}、)"
#: '青石村位于云岭县石门镇北部' (§4.1): where a village says it lies.
LOCATED = re.compile(r"(?:村委会)?(?:位于|地处|坐落于|隶属于?|属)")
#: Characters that end a township name read backwards (besides BODY_STOP): 市, 州, 旗.
TOWN_BREAK = frozenset("市州旗")
#: Words before a township that are not part of its name (§4.1 chains): 来到石门镇.
TOWN_LEFT_CUT = re.compile(
    r"来到|走进|前往|深入|位于|地处|带动|帮助|协助|覆盖|辐射|包括|涉及|负责|来自|分布|联系|挂包|包联|对口|结对|定点|落户|扎根"
    r"|驻扎|进驻|入驻|派驻|下派|选派|派往|奔赴|担任|兼任|出任|任|记者|同镇|邻镇|全|原|新|支持|扶持"
    r"|确定|确立|选定|列为|我们|咱们|他们|你们"
    # the writer come to it: '我来青石村担任第一书记' (a name's own 来 leaves one character: 来龙村)
    r"|(?<=[我他她])来"
    # adverbs and verbs before a name: '仅青石村', '继续联合村两委'
    r"|仅|只有|唯有|继续|协同"
    # what is sped up or brought out in it, and a likeness: '为加快青石村脱贫步伐', '像青石村一样'
    r"|加快|推动|推进|促进|发挥|好像|像"
    # a subtitle's 'an account of': '——记石门镇青石村第一书记…'
    r"|(?<=[—\-])记"
    # a second post, a team formed, a sub-district before its village: '兼青石村第一书记', '组成…乡X村'
    r"|兼|组成|组建|街道"
    # help given to it: '帮助青石村实现整体脱贫'
    r"|帮助|援助|资助|扶助"
    # where a village belongs: '小河村属青山镇', '隶属于青山镇'
    r"|隶属于|隶属|属于|属"
    # the end of a date written in digits: '2017年青石村', '截至2017年底石门镇', and of a
    # year in words: '全年青石村实现…', '当年石门镇…'
    r"|(?<=\d)(?:年底|年初|年末|年中|年|月底|月初|月中|月|日|号)|(?<=[全当今去同次每明前上])年"
    # a village's role right before its name: '挂钩扶贫点青石村'
    r"|(?<=挂包|挂钩|扶贫|帮扶|联系)点"
)
# Posting verbs. Dispatch verbs may reach the village over a short bridge
# ('选派3名干部到河口村'); bare 帮扶/挂钩 count only where the paragraph speaks of a team.
POSTING_VERB = re.compile(
    r"派驻|选派|下派|派出(?!所)|派(?=我到|我去|[\u4e00-\u9fff]{2,3}(?:同志)?(?:到|赴|去))|抽调|入驻|进驻|驻扎(?!西)|挂驻|驻|挂包|包联"
    r"|结对帮扶|定点帮扶|对口帮扶|对口支援|帮扶|挂钩|帮建|包建"
)
DISPATCH = frozenset({"派驻", "选派", "下派", "派出", "抽调", "派"})
NEEDS_CUE = frozenset({"帮扶", "对口帮扶", "对口支援", "挂钩"})
#: ('选派1名干部担任青石村第一书记': the post, then its village)
BRIDGE_TO = re.compile(r"到|至|赴|进驻|入驻|驻扎(?!西)|驻|在|住进了?|来到|进入|担任|出任")
BRIDGE_MAX = 16
TEAM_CUE = re.compile(r"工作队|工作组|第一书记|驻村")
TEAM_WORD = re.compile(r"工作队|工作组|帮扶队|扶贫队|小分队")
NAMED_TEAM = re.compile(r"(?:驻村|扶贫|脱贫|帮扶|精准|攻坚|乡村振兴)*(?:工作队|工作组|帮扶队|小分队)")
DESCRIPTOR = re.compile(
    # §3.1 township teams: '驻石门镇帮镇扶村工作队', '驻白沙镇工作组'
    r"(?:驻村|驻[\u4e00-\u9fff]{2,5}?[镇乡](?:帮镇扶村)?|驻镇帮镇扶村|帮镇扶村|驻|扶贫|脱贫|帮扶|帮建|精准|攻坚|乡村振兴|专项|派驻|新一轮"
    # '县侨联驻村联户工作组', '省档案局定点驻村工作队'
    r"|定点|对口|联户|包保)+$"
)
# Between a unit and its posting verb: a start date and adverbs ('于2017年3月', '联合').
VERB_GAP = re.compile(
    r"(?:(?:于|自|从|在)?(?:(?:19|20)\d{2}年|今年|去年|前年)(?:\d{1,2}月份?)?(?:\d{1,2}日)?(?:起|开始|以来)?,?)?"
    r"(?:第[\d一二三四五六七八九十]+[批轮]|新一[批轮])?(?:被确定为?)?"  # '…第三批选派', '新一轮驻…', '被确定帮建'
    r"(?:[“\"][^”\"]{2,8}[”\"])?"  # a programme's name: '…厅“强基惠民”驻…'
    # the unit's decision to send: '县档案局党组研究决定,选派…', '市园林局经研究决定派驻…'
    r"(?:(?:党组|党委|党总支|党支部)?(?:会议)?(?:经|经过)?(?:集体)?(?:研究)?决定,?)?"
    r"(?:联合|共同|先后|相继|长期|一直|常年|专门|分别|正式|还|也|又|已经|已|就|便|均|开始"
    # how it chose them: '…局慎重选派了…', '…局精心挑选…'
    r"|慎重|精心|认真|严格|择优|积极|主动|及时|迅速|再次|继续)*"
    # units joined for the work: '市环境局、市城管局联合扶贫驻青石村工作队'
    r"(?:(?<=联合|共同)(?:扶贫|帮扶))?"
    # the team it formed for the village: '市农业局组建了驻青石村工作队', and the team it had go
    # there: '县林业局组织驻村工作队进驻青石村'
    r"(?:组建了?|成立了?|组织(?:一支)?(?:驻村)?(?:扶贫|帮扶)?(?:工作队|工作组))?"
    # the post a cadre left for the village: '(从县农机局)副主任岗位(下派到…)'
    r"(?:(?:副|常务副)?(?:局长|主任|科长|处长|股长|部长|所长|站长|行长|经理)(?:的)?(?:职位|岗位)上?)?$"
)
# Between a unit and its team's name: '省农科院派出的驻村工作队', '县文化局“三万”工作队',
# '市林业局选派3名干部组成驻村工作队'.
TEAM_GAP = re.compile(
    r"(?:(?:所?(?:联合|共同)?(?:派出|选派|派驻|下派|组派|组建|成立))?的|[“\"][^”\"]{1,8}[”\"]|挂职|[省市县区]派"
    # ('…局响应县委号召,选派两名骨干组成…', '…局按照市里安排选派3人组建…')
    r"|(?:(?:积极|主动)?响应[^,;。]{0,6}?号召|按照[^,;。]{0,8}?(?:部署|要求|安排))?"
    r"(?:选派|派出|抽调|下派)[^,;。]{0,12}?(?:组成|组建)了?"
    r"|(?:专门|迅速|及时)?(?:组建|成立|组派)了?(?:一支)?)$"  # '县教育局成立了帮建工作队'
)
FIRST_SECRETARY = re.compile(
    r"(?:驻村|党组织|党支部)?(?:第一书记|工作队队长|工作队长)(?:(?:兼任|兼|、|,|和|及)?(?:驻村)?(?:第一书记|工作队队长|工作队长|队长))*"
)
# Organisation suffixes a dispatching unit ends with.
ORG_SUFFIXES = (
    "局", "委", "委员会", "常委会", "办", "办公室", "院", "厂", "公司", "集团", "银行", "支行", "分行",
    "农商行", "部", "厅", "中心", "所", "站", "总工会", "工会", "协会", "学校", "大学", "学院", "中学", "小学",
    "医院", "法院", "检察院", "政府", "纪委", "监委", "团委", "妇联", "科协", "残联", "侨联", "文联", "工商联",
    "社科联", "作协", "人大", "政协", "联社", "社", "处", "署", "馆", "电视台", "报社", "电网", "邮政", "监狱", "海关",
    "农场", "林场", "煤矿", "党委", "总队", "支队", "大队", "中队", "武装部", "军分区", "商会", "研究所", "联合会",
    "红十字会", "管委会", "园区", "新区", "开发区", "书店", "讲师团", "机关",
    # a party school, a railway or road section (供电段, 公路段), a sub-district office
    "党校", "段", "街道", "研究室", "政研室",
    # a discipline inspection group stationed in a firm or ministry: '…集团纪检监察组'
    "纪检监察组", "纪检组",
)
#: The writer's own unit, unnamed: '我局选派…', '本单位派出…'; the suffix says what kind of
#: unit it is (我局 a 局, 我委 a 委 or 委员会; 我单位 any).
WRITERS_UNIT = re.compile(r"(?:我|本)(?P<kind>局|委|办|院|厅|校|行|公司|单位)|我们单位")
ORG_SUFFIX = re.compile("(?:" + "|".join(sorted(ORG_SUFFIXES, key=len, reverse=True)) + ")$")
ORG_LAST_CHARS = frozenset(suffix[-1] for suffix in ORG_SUFFIXES)
#: Units whose general office is named as a unit of its own: 市政府办公室, 县委办公室 (another
#: unit's 办公室 is a part of it: 县人大常委会办公室).
OFFICE_IS_UNIT = ("政府", "省委", "市委", "县委", "区委", "州委")
# Endings that look like an organisation but are village bodies or groups, not dispatching units.
NOT_UNIT = re.compile(
    r"(?:(?<!供销)合作社|村委会?|两委|村民委员会|居委会?|支部|党总支|小组|干部|全部|内部|外部|局部|(?<!农)村部|东部|西部|南部|北部|中部"
    r"|场所|住所|处所|阶段|手段|地段|路段|片段|时段|身段)$"
    # cadres described, not a unit: '选派312名优秀机关干部'
    r"|^(?:优秀|年轻|青年|骨干|精干|中青年)"
    # all of a level's offices, not one of them: '抽调80名县直单位干部'
    r"|^[省市州县区]直(?:属)?(?:机关|单位|部门)$"
    # prose read back to a bare 局 or 办: '…认真做好局驻村工作'
    r"|切实|抓好|措施|扎实|认真|做好|加强|推进|全力|努力|坚持"
)
LEFT_CUT = re.compile(
    # what a unit is thanked for or owed ('村里的新气象离不开县水利局…', '得益于县农业局…')
    r"离不开|得益于|归功于|多亏|幸亏|全靠|搭帮|依靠|然而|但是|由于"
    # a visit to the unit's point: '…一行3人到县水利局扶贫点…'; since it came ('自省交通厅驻村以来')
    r"|(?:到|赴|自)(?=[省市县区州])|自(?!贡|治|流井)(?=[\u4e00-\u9fff]{1,3}[省市县区州])"
    # whom the writer went along with: '记者随县交通局驻村工作队…' (随州 is a place)
    r"|(?:跟随|随)(?!州)(?=[省市县区州]|[\u4e00-\u9fff]{1,3}[省市县区州])"
    # a post held now or before: '现任贵州大学…处长'
    r"|现任|现为|曾任|原任"
    # a campaign's name before the unit taking part: '…强基惠民活动石门县文化局'
    r"|活动(?=[省市县区州]|[\u4e00-\u9fff]{1,4}[省市县区州旗](?!长))"
    # a copula before a place's unit: '张明,系云岭县财政局干部' (not 系统, 关系, 中文系)
    r"|(?<![关联体])系(?=[省市县区州]|[\u4e00-\u9fff]{1,4}?[省市县区州])"
    r"|了解|调研|考察|采访|的|带领|率领|由|是|在|为(?!民)|把|将|对|向|让|从|被|给(?=[省市县区州])|(?<![财政])经(?![济信贸])|了|时|讯|驻|派(?!出所)|以|等|建立|成立|设立"
    r"|组建|组成|依托|通过|联系|协调|邀请|争取|配合|会同|联合(?![社会])|牵头|支持|帮助|包括|及时|积极|主动|单位|安排|看望|走访"
    r"|慰问|来到|来自|前往|深入|组织(?!部)|欢迎|感谢|肯定|陪同|随同|要求|希望|表扬|表彰|称赞|督促|指导|号召|动员|协同|携手"
    r"|我们|咱们|介绍|汇报|听取|表示|申请到|申请"
    # whom a reporter met: '记者在青石村见到县林业局驻村第一书记…'
    r"|见到|看到|遇到|碰到|找到|遇见"
    # what is said of the unit: '说起县档案局驻村工作队…', '提起…', '谈起…'
    r"|说起|聊起|提起|谈起|讲起|说到|提到|谈到|问起"
    # an example or a likeness introduced, and a count of its people: '像县烟草公司…', '两名X集团…'
    r"|像|正如|例如|比如|诸如|如同|就像|[\d一二两三四五六七八九十]+(?:名|位|个)"
    # whose arrangement it follows: '根据县扶贫办安排'
    r"|根据|按照|依据|(?<![数证])据(?!点)"
)
LEADING_NOISE = re.compile(
    r"^(?:近日|近期|日前|今年|去年|前年|目前|近年来|多年来|长期以来|一直以来|同时|此外|另外|其中|随后|之后|首先|其次|最后|当前|如今"
    r"|\d{1,2}月\d{1,2}日|\d{4}年(?:\d{1,2}月)?(?:\d{1,2}日)?(?:以来|起)?|以来|并|还|也|又|均|先后|共同|积极)+"
)
# (Place names that start the same way are units: 贵州大学, 全国妇联, 本溪市…, 那曲市….)
PRONOUN_START = re.compile(
    r"^(?:该|本(?!溪)|其|我|各|此|这|那(?!曲|坡)|全(?!国|椒|州)|每|贵(?!州|阳|港|溪|定|池)|上级|有关|相关|所在)"
)
CONNECTOR = re.compile(r"(、|和|与|及)")
#: Administrative levels a unit's name starts with (县财政局, 市委编办): a part after 和 that starts
#: with one is a second unit, a part that does not is the rest of one name (§3.1 units).
LEVEL_CHARS = frozenset("省市县区州乡镇")
NAME_STOP = set(
    "最还带说在是的介表同和与及等到为就从每也都已对把将又便正一曾告被率主牵多深认积坚入驻来去作个书记局长任镇县村乡队"
    "同老师先生女士讲指兼担走看访召组协帮推要工第所"
)
# Characters never inside a name that ends right before 任/担任/(第一书记): looser than
# NAME_STOP, whose extra characters (正, 多, 深 ...) only end a name read forwards.
#: Words that start right after a two-character name, so their first character is not the
#: name's third: '组长孙勇贷款40万元' (孙勇), '王强捐资建起…' (王强).
NAME_THEN_WORD = frozenset({
    "贷款", "捐款", "捐资", "出资", "筹资", "筹措", "垫资", "自费", "自掏", "亲自", "了解", "联系", "争取",
    "动员", "经常", "上任", "发现", "决定", "希望", "感慨", "笑着", "挨家", "逐户", "连夜", "冒雨", "顶着",
    "骑着", "骑车", "开着", "拿着", "握着", "背着", "扛着", "领着",
    "进驻", "入驻", "进村", "驻村", "到村", "带队", "走访",
    # what a profile says next: '王亮忙着…', '郑宇突然…', '田明豪情满怀', '王强同志'
    "忙着", "忙于", "突然", "告诉", "表示", "介绍", "坦言", "认为", "感到", "一直", "正在", "已经", "刚刚",
    "每天", "常常", "总是", "主动", "带领", "带着", "豪情", "而言", "来到", "说道", "笑道", "回忆", "同志",
    "手里", "手中", "手上", "脸上", "心里", "身上",
    # leaving home for the post: '蒋敏远离家小' (蒋敏)
    "远离", "离开", "告别",
    # '王强开展…', '李明如今…', '杨林却…': a verb or an adverb after the name
    "开展", "开始", "如今", "却是", "却说", "却在", "却把", "来自", "回到", "为了", "带头", "深知",
    # '赵勇活跃在茶园里', '王强扎根山村'
    "活跃", "奔走", "扎根", "坚守", "放弃", "始终", "多次", "先后", "几乎", "带病", "默默",
    # a post taken over: '队长王平接过担子', '李强接任第一书记'; a posting to come: '周立新此次将派驻…'
    "接过", "接任", "接手", "接棒", "接替", "本次", "此次", "即将", "查看", "察看",
    # at once, in a hurry: '队长孙明急上心头', '李明连忙…'
    "急上", "急在", "连忙", "赶忙", "赶紧", "立即", "立刻",
    # how the words were said: '队长李立如是说', '王峰开心地说'
    "如是", "开心", "高兴", "激动",
    # just arrived: '书记吴海初到柳湾时…' (not 刚到: '周建刚到青石村任…' ends a given name)
    "初到", "初来",
})
#: Words after a post that open with a surname but are no name: '第一书记高度重视…'.
NOT_A_NAME = (
    "高度", "高兴", "全力", "全心", "全面", "常年", "常驻", "时刻", "时常", "任务", "方面", "方式", "于是",
    "严格", "严把", "安排", "安全", "成立", "成功", "关心", "关注", "关于", "明确", "明显", "许多", "马上",
    "和村", "同村", "向村", "向该", "向本", "向全", "向群众", "项目", "项项", "石头", "包村", "包户", "包联",
    "孙子", "曾经", "甘当", "谭家", "文化",
    "单位", "和她", "和他", "和我", "和队", "和驻", "和工", "和农村", "和乡村", "和扶贫", "和帮扶", "文章",
    "管理", "管护", "任职", "任期", "任命", "任上", "任内",
    # what a household does, after its kind: '帮助贫困户申请小额信贷', '为贫困户申报…'
    "申请", "申报", "申领", "应聘", "易地", "包扶",
    # places that open with a surname: '杭州', '乌鲁木齐', '乌蒙山'
    "杭州", "乌鲁", "乌江", "乌蒙", "乌海", "乌兰察布", "乌镇",
    # words that open with 班: '班子成员', '班长', '班车'
    "班子", "班长", "班级", "班车", "班组", "班会", "班次", "班主任", "班前", "班后",
    # 时 after a post means 'when': '任第一书记时发现…'
    "时发", "时候", "时间", "时期", "时任", "时就", "时的", "时说", "时我", "时已", "时正", "时看", "时还",
)
NAME_BACK_STOP = set("的了在是和与及等到为就从也都已对把将又被个局长村乡镇县队员部委记")  # (记: '张书记是…')
# Before a three-character name: a boundary, not the tail of another word.
NAME_LEFT_EDGE = set("由派驻让请选调荐命名位是的、和与及将把从经志员部记长师任官授理士生叫")
LEADER_AFTER = re.compile(
    r"(?:队长|组长)?[、,]?(?:兼任|兼)?(?:驻村)?(?:扶贫)?(?:工作队|工作组)?(?:第一书记|队长|组长)"
)
LEADER_BEFORE = re.compile(r"(?:驻村)?(?:第一书记|队长|工作队长)")
TITLE = r"(?:驻村)?(?:第一书记|工作队队长|工作队长|工作组组长|队长|组长)"
# '第一书记兼工作队长', '队长、第一书记': a run of titles before the name ('第一书记:王强' on a card).
TITLE_RUN = re.compile(rf"{TITLE}(?:(?:兼任|兼|、|,|和|及)?{TITLE})*(?:(?P<by>由)|:)?")
# Characters before a title that make it a former or deputy post (原第一书记, 副队长), and
# before 队长/组长 another post (村民小组长, 生产队长, 大队长).
TITLE_FORMER = set("原前副")
TITLE_GUARD = set("小产兵中大分支总")
ROLE_AFTER_NAME = re.compile(
    r"(?:同志)?(?:现|曾|时|继|留)?(?:担任|兼任|出任|任)(?:驻村)?(?:第一书记|工作队队长|工作队长|队长|组长)(?!助理)"
)
#: A later sentence about the page's team: '这支工作队…', '该工作队…' (§3.1 pattern 5).
TEAM_REFERENCE = re.compile(r"(?:这支|该|我们|我村)(?:驻村)?(?:扶贫|帮扶)?(?:工作队|工作组)|^工作队")
#: Villages a team is in charge of: '负责石门镇青石村、柳湾村两个村的帮扶工作'.
TEAM_CHARGE = re.compile(r"(?:负责(?!人)|帮扶|联系|包联|挂包|结对帮扶|定点帮扶)")
#: A leader's home unit and post between the title and the name: '队长、市发改委选派干部胡立伟'.
APPOSED_POST = re.compile(
    r"[、,](?P<unit>[\u4e00-\u9fff]{2,16}?)(?:选派|派驻|下派|派出)?的?"
    r"(?:干部|职工|科员|干事|副局长|局长|副主任|主任|科长|股长|调研员|技术员|工程师)(?=[\u4e00-\u9fff])"
)
#: A leader's home unit after the name: '队长周海涛是市审计局…科长', '罗德荣原是县烟草分公司的技术员'.
LEADER_POST = re.compile(r",?(?:同志)?(?:原来|原|现|曾|本)?(?:是|系)")
#: '…的第一书记' after a posting that a name opened with 是.
LEADER_IS = re.compile(r"的?(?:驻村)?(?:扶贫|帮扶)?(?:第一书记|第一支部书记|工作队队长|队长)")
#: Units forming a team together, written before it: '县农业局、工业园区管委会联合组建驻村帮扶工作队',
#: '县林业局、农技站和镇政府组成工作组'.
JOINT_FORMED = re.compile(
    r"(?:共同|联合)?(?:组成|组建)(?:了|的)?(?:一支)?(?P<team>(?:精准)?(?:驻村)?(?:扶贫|帮扶|脱贫攻坚)?(?:工作队|工作组))"
)
#: '…工作队由云岭日报社和县供电公司共同派驻', '该村由县水利局、县林业局和县农机站三家单位组成工作队' (§3.1 pattern 9).
JOINT_BY = re.compile(
    r"由(?P<units>[\u4e00-\u9fff、]{3,60}?)(?:[\d一二两三四五六七八九十]+家(?:单位)?)?(?:共同|联合)?"
    # ('由县财政局、县水利局各派1名干部组成')
    r"(?:(?:各|分别)(?:派|选派|抽调|派出)[\d一二两三四五]+名[\u4e00-\u9fff]{0,4}?)?"
    r"(?:派驻|派出|选派|组建|组成|抽人组成)(?:了)?(?P<team>的?(?:一支|这支)?(?:驻村)?(?:扶贫|帮扶)?(?:工作队|工作组))?"
)
#: Units tied to the village by a relation verb, no team named: '该村由县水利站、财政所等单位结对帮扶'.
RELATION_BY = re.compile(
    r"由(?P<units>[\u4e00-\u9fff、]{3,60}?)(?:等(?:[\d一二两三四五六七八九十]+家)?单位)?(?:共同|联合)?"
    r"(?:结对帮扶|定点帮扶|对口帮扶|挂钩帮扶|包扶|挂包)"
)
TEAM_WORD_NEAR = re.compile(r"工作队|工作组")
#: '队长由市交通运输局四级调研员周凯担任' (§3.2: the name after a long modifier).
LEADER_BY = re.compile(r"(?:队长|组长|第一书记)由(?P<mid>[^,。;]{2,24}?)(?:同志)?(?:担任|兼任|出任)")
#: '一行四人' (§3.3).
TITLE_IN_PARENS = re.compile(rf"\({TITLE}[^()]{{0,8}}\)")
LEADER_AS = re.compile(rf"以(?P<name>[{H}]{{2,4}})为(?:驻村)?(?:第一书记|队长|组长)的")
SINCE = re.compile(
    # ('自 2016 年…': a year set apart by spaces)
    r"(?:自|从|于)?\s?(?P<year>(?:19|20)\d{2}|今年|去年|前年|[一二两三四五六七八九\d]年前)\s?年?(?:\d{1,2}月)?(?:\d{1,2}日)?"
    # a unit's tie dated from then: '2013年9月起,省地质局定点帮扶河口村'
    r"(?:(?:起|开始|以来),[^。;!?]{0,24}?(?:(?:定点|对口|结对|挂钩)帮扶|包扶|包联|挂包|开展(?:定点|结对|对口)?(?:扶贫|帮扶))"
    r"|(?:起|开始|以来)?,?"
    r"[^。;!?]{0,40}?(?:进驻|入驻|驻村(?!工作队|干部|第一书记|队员|扶贫工作队|帮扶工作队)|派驻|进村|入村|到村|选派|下派|派出|驻扎"
    # §3.4: '2017年3月任青石村第一书记', '住进了青石村', '2022年起接任', '搬进了'
    r"|(?<=[起始就便])驻|(?:任|担任|接任|当|成为)[^。;,]{0,20}?(?:第一书记|工作队队长|工作队长)|住进|搬进|刚到村|来到村|迎来了?"
    r"|上任|到任|到岗|赴任|履新|(?<=村)任职|派到|派往"
    # the posting received then: '自2018年6月接到驻青石村任务以来'
    r"|接到[^。;,]{0,16}?(?:驻村|驻[\u4e00-\u9fff]{2,10}?村|帮扶|扶贫)[^。;,]{0,8}?任务"
    # the team set up then: '2018年,县林业局成立驻青石村工作队', '…在青石村设立驻村工作队'
    # ('组建了驻青石村、柳湾村帮扶工作队', '30名干部组成帮扶工作队', '帮扶工作队来了')
    r"|(?:成立|组建|设立|组成)了?(?:一支)?(?:驻[\u4e00-\u9fff、]{0,24}?)?(?:扶贫|帮扶)?(?:工作队|工作组)"
    r"|(?:工作队|工作组)(?:来了|来到(?:这里|这儿|村里))"
    # a unit's tie that starts then: '2015年11月,X开始结对帮扶Y村'
    r"|开始(?:结对|定点|对口)?帮扶|(?<=村)结对(?:帮扶|共建)?|(?<=年)(?:结对|定点|对口)?帮扶以来"
    # '…自2015年对口本村开展帮扶'
    r"|(?:对口|结对|定点)[^。;,]{0,6}?开展(?:结对|定点|对口)?(?:帮扶|扶贫)"
    # '2013年5月,X开始对青石村进行结对帮扶', '2014年,X担起了对口帮扶青石村的担子'
    r"|开始对[\u4e00-\u9fff]{1,12}?村进行(?:结对|定点|对口)?帮扶|担起了?(?:结对|定点|对口)?帮扶"
    r"|来到[\u4e00-\u9fff]{1,12}村(?=开展|从事|驻村|帮扶|扶贫|担任|任)"
    # '自2012年至今,X帮扶Y村', '自2018年…以来,X作为Y村的定点帮扶单位', '从2019年起作为第一书记',
    # '2016年5月,X党委派A去Y村扶贫'
    # ('2019年5月至今,他一直住在村里')
    r"|(?<=[年月])至今(?:,|[^。;]{0,16}?(?:帮扶|扶贫))|作为[^。;]{0,14}?(?:帮扶单位|第一书记|帮扶村|扶贫村|帮扶点|扶贫点)"
    # '2018年,X被确定为青石村的帮扶单位'
    r"|确定为[^。;,]{0,16}?(?:帮扶|扶贫)单位"
    # '自2012年帮扶青石村以来', '自2017年在青石村开展结对帮扶以来'
    r"|(?:帮扶|扶贫)[\u4e00-\u9fff]{0,14}?以来"
    r"|去[\u4e00-\u9fff]{1,12}村(?=扶贫|帮扶|驻村|任职)))"
)
#: The village made the unit's point then: '2016年5月,该村被X确定为定点帮扶村'. Only when the
#: page dates no stationing (LABELLING: '今年1月3日驻村' over '自2016年确定为帮扶村').
DESIGNATED_SINCE = re.compile(
    r"(?P<year>(?:19|20)\d{2})\s?年(?:\d{1,2}月)?[^。;!?]{0,30}?确定为[^。;,]{0,16}?(?:帮扶|扶贫)(?:村|点|联系村|联系点)"
)
#: '2019年2月至2020年3月,派驻…': a stay, its start first (§3.4).
STAY_RANGE = re.compile(r"(?:19|20)\d{2}年(?:\d{1,2}月)?(?:\d{1,2}日)?(?:至|到|—|-)")
N = r"[\d一二两三四五六七八九十]+"
#: Cheap tests before the size and leader patterns.
SIZE_HINT = re.compile(
    r"[\d一二两三四五六七八九十](?:名|人|位|个人)|一行|仨|(?:成员|队员)(?:有|为|是|包括)?:|[,;、](?:队员|成员)"
    r"|(?:带着|带领|率领|及|和|与)(?:队员|同事|成员)|[\u4e00-\u9fff](?:等人)?(?:共同)?(?:组成|组建)"
)
LEADER_HINT = re.compile(r"书记|队长|组长")
ROLE = (
    r"(?:驻村)?(?:第一书记|工作队队长|工作队长|副队长|队长|副组长|组长|工作队员|队员|成员|工作人员)"
    r"(?:兼(?:第一书记|队长|组长))?"
)
ROLE_ITEM = rf"(?:{ROLE}{N}(?:名|人(?!次)|位)|{N}(?:名|人|位){ROLE})"
# Team size, most specific first, each with how it counts: 'n' the number as written,
# 'plus' the number plus the leader who brings them ('第一书记带领2名队员' = 3), 'pre' plus
# one when a leader is named before it ('由队长和2名队员组成' = 3), 'roles' the sum of a
# list of posts ('队长1名、队员2名' = 3; 'roles1' a single members' count), 'names' the
# number of people listed ('队员：赵敏(第一书记)、钱进、孙立' = 3).
SIZE_PATTERNS = (
    ("n", re.compile(rf"一队(?P<n>{N})人")),
    ("roles", re.compile(rf"{ROLE_ITEM}(?:[、,和及与]{ROLE_ITEM})+")),
    ("plus", re.compile(
        rf"(?:第一书记|工作队长|队长|组长)(?:[{H}]{{2,3}}?)?(?:同志)?(?:带领|率领|带着|和|与|及|携)(?:其他|另外)?"
        rf"(?P<n>{N})(?:名|位)(?:驻村)?(?:扶贫)?(?:工作)?(?:队员|成员|同志|干部)"
    )),
    # a leader, then the members by name: '第一书记王强带着队员赵敏、钱进', '王强及同事赵敏、钱进'
    ("led_listed", re.compile(
        rf"(?:第一书记|队长|组长|主任|副主任)(?P<lead>[{H}]{{2,3}})(?:带着|带领|率领|及|和|与)(?:队员|同事|成员)"
        rf"(?P<names>[{H}]{{2,3}}(?:、[{H}]{{2,3}})+)"
    )),
    # members by name and their count: '赵敏、钱进两名同志', '派出两位干部赵敏、钱进'
    ("listed", re.compile(
        rf"(?P<names>[{H}]{{2,3}}(?:[、和][{H}]{{2,3}})+)(?P<n>{N})(?:名|位)(?:同志|队员|干部)"
        rf"|(?:选派|派出|派驻|下派)了?(?P<n2>{N})(?:名|位)(?:干部|同志|队员)(?P<names2>[{H}]{{2,3}}(?:、[{H}]{{2,3}})+)"
    )),
    # §3.3: '由他和两名年轻同事组成', '带着两名队员住进了村', '和他一起驻村的,还有…两名队员'
    ("plus", re.compile(
        rf"(?:他|她|我)(?:带着|带领|和|与|同)(?:另外|其他)?(?P<n>{N})(?:名|位)(?:年轻)?(?:的)?(?:工作)?(?:队员|同事|干部|同志)"
    )),
    ("plus", re.compile(
        rf"(?:任|担任)[^,。;]{{0,16}}第一书记,(?:带着|带领)(?P<n>{N})(?:名|位)(?:队员|同事|干部)"
    )),
    ("plus", re.compile(rf"一起驻村的,还有[^,。;]{{0,10}}?(?P<n>{N})(?:名|位)(?:队员|同事|干部)")),
    # '王志远带着两名同事住进了青石村' (§3.4)
    ("plus", re.compile(
        rf"(?:带着|带领)(?P<n>{N})(?:名|位)(?:年轻的?)?(?:同事|队员)(?:住进|进驻|来到|驻村|进村)"
    )),
    ("pre", re.compile(rf"由(?P<pre>[^,;。\d]{{0,10}}?)(?P<n>{N})(?:名|人|位)[^,;。\d]{{0,8}}?组成")),
    ("roles1", re.compile(ROLE_ITEM)),
    # '一行N人' opening a clause about the team ('…的驻村工作队是…组成的,一行四人'); after a
    # person it is a visit's party ('局长一行14人', '第一书记王强一行三人')
    ("n", re.compile(rf"(?:工作队|工作组)[^。;]{{0,30}}?,一行(?P<n>{N})人")),
    ("n", re.compile(
        rf"(?:工作队|工作组)(?:由|共有|共|有|现有|一行)?(?P<n>{N})(?:名|个人|人(?!次)|位)(?:队员|成员|同志|组成)?"
    )),
    ("n", re.compile(rf"(?<![\d.])(?P<n>{N})人的?(?:驻村|扶贫|帮扶|精准|脱贫)*(?:工作队|工作组)")),
    ("n", re.compile(
        rf"(?<![\d.])(?P<n>{N})名[^,;。\d]{{0,10}}?(?:组成|组建)了?(?:新的|一支)?(?:驻村|扶贫|帮扶|精准|脱贫)*(?:工作队|工作组)"
    )),
    ("n", re.compile(
        rf"(?:选派|派驻|下派|抽调|派出)了?(?:[{H}、]{{2,12}}等)?的?(?P<n>{N})名[^,;。\d]{{0,6}}?(?:干部|同志|队员|党员|骨干|人员|民警|教师|医生)"
    )),
    # '选派帮扶人员12人进驻…': the people, then their number
    ("n", re.compile(rf"(?:选派|派驻|下派|抽调|派出)(?:帮扶|驻村|扶贫)?(?:人员|干部|队员)(?P<n>{N})(?:名|人)")),
    ("n", re.compile(rf"(?:工作队|工作组|^|(?<=[,:]))(?P<n>{N})名(?:驻村)?(?:工作队员|队员)(?!中|分别)")),
    ("names", re.compile(
        rf"(?:工作队|工作组)?(?:成员|队员)(?:有|为|是|包括)?:"
        rf"(?P<names>[{H}]{{2,4}}(?:\([^()]{{1,10}}\))?(?:、[{H}]{{2,4}}(?:\([^()]{{1,10}}\))?)+)(?=$|[,;。])"
    )),
    # the members by name, forming the team: '赵敏、钱进和孙立组成工作队' (3)
    ("names", re.compile(
        rf"(?P<names>[{H}]{{2,3}}(?:[、和][{H}]{{2,3}})+)(?:等人)?(?:共同)?(?:组成|组建)了?(?:驻村)?(?:扶贫|帮扶)?(?:工作队|工作组)"
    )),
    # '(队长陈明,队员赵敏、钱进)': the leader by name, then the members by name
    ("led_names", re.compile(
        rf"(?:队长|组长|第一书记):?(?P<lead>[{H}]{{2,4}})[,;、]\s*(?:队员|成员):?"
        rf"(?P<names>[{H}]{{2,4}}(?:、[{H}]{{2,4}})*)(?=$|[,;。)])"
    )),
)
SIZE_NOT = re.compile(
    r"(?<![和与])另外|其余|其中|(?<![这那该每一])[支个](?:驻村)?工作[队组]|支队伍|先后|累计|轮换|历任|每村|每个"
)
# A unit opening a sentence about its work in villages ('…,先后在某镇甲村、乙村投资…').
SUBJECT_DEED = re.compile(r"帮扶|扶贫|脱贫|挂包|包联|结对")
SUBJECT_WORK = re.compile(r"投资|投入|实施|援建|捐|修建|新建|建设|帮扶|扶持|帮助|项目|资金")
SUBJECT_PLACE = re.compile(r"(?:先后|分别|累计|共|还|也|已|相继)?在")
TOP_GOVERNMENT = re.compile(r"(?:政府|党委)$|^(?!团)[^、和与]{0,6}[县市省区州旗]委$")
TEAM_AREA_WIDE = re.compile(r"全县|全市|全省|全区|全州|各县|各乡")



# ----------------------------------------------------------------------------------------
# Report header (PHRASING §1, §2)
# ----------------------------------------------------------------------------------------

#: Date lines (§1.1, §2 published): 2018-11-23, 2019-04-15 08:30:00, 2016年08月22日,
#: (2018/5/3 09:41:00); and the aggregators' day.month.year 23.10.2018 16:05.
DATE_YMD = re.compile(
    r"(?<!\d)(?:19|20)\d{2}\s*[-/.年]\s*\d{1,2}\s*[-/.月]\s*\d{1,2}日?(?:\s*\d{1,2}[:：]\d{2}(?:[:：]\d{2})?)?"
    r"|(?<=期[:：])(?:19|20)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])(?!\d)"  # '日期:20190305'
    # in Chinese numerals, as official documents date themselves: '二〇二一年三月十七日'
    r"|[一二][〇零一二三四五六七八九]{3}年[一二三四五六七八九十]{1,2}月[一二三四五六七八九十]{1,3}日"
)
DATE_DMY = re.compile(r"(?<![\d.])(?P<d>\d{1,2})\.(?P<m>\d{1,2})\.(?P<y>(?:19|20)\d{2})(?:\s+\d{1,2}:\d{2})?")
#: Chinese-numeral dates that close speeches and summaries: 二〇一九年七月二日.
DATE_CN = re.compile(r"[〇零一二三四五六七八九]{4}年[一二三四五六七八九十]{1,2}月[一二三四五六七八九十]{1,3}日")
#: Labels of a date line and the fields that share it (§1.1).
DATE_LABEL = re.compile(r"发布|时间|日期|发表|来源|作者|出处|稿源|编辑|点击|浏览|上传")
#: A field label ends the value before it: '来源:X网 作者:Y'.
FIELD_LABEL = re.compile(
    r"(?:信息来源|文章来源|稿件来源|来源|出处|稿源|作者|编辑|责任编辑|责编|审核|审定|发布者|发布人|发布时间|发布日期|时间|日期"
    r"|期刊名称|刊名"
    r"|摄影|摄像|供图|校对|浏览次数|浏览|点击数|点击率|点击|阅读次数|阅读量|字号|字体"
    # a government portal's record fields: '索引号:… 发布机构:… 生成日期:…'
    r"|索引号|发布机构|生成日期|成文日期|发文日期|发文机关|文号|主题分类|信息分类|投稿人)\s*[:：]"
)
#: §1.2: where a page names its outlet.
OUTLET_FIELD = re.compile(
    r"(?:(?:信息来源|文章来源|稿件来源|来源|出处|稿源|来自|报纸名称)\s*[:：]"
    # ('来源  湄溪市融媒体中心': the label and a name alone on their line, spaces between)
    r"|^\s*(?:来源|稿源)\s+(?=\S{2,30}\s*$))\s*(?P<v>[^\s|｜,，;；:：【】]{2,30})"
)
OUTLET_WORDS = (
    r"新闻网|网|日报|晚报|早报|都市报|报|电视台|广播电视台|在线|热线|客户端|之窗|融媒体中心|杂志|周刊|月刊|通讯社|电讯|新媒体|新媒"
)
OUTLET_SUFFIX = re.compile(rf"(?:{OUTLET_WORDS}|频道|站|社)$")
#: §1.3 openers: 云岭网讯, 云岭日报讯, 石门新闻网云岭频道讯, X网石门站6月2日讯, X网6月3日10时20分讯.
OUTLET_OPENER = re.compile(
    # (a county station by its short name before its words: '云岭台消息')
    rf"^[\s　]*(?:【[^】]{{0,12}}】)?【?"
    rf"(?P<o>(?!本)[\u4e00-\u9fff]{{1,10}}?(?:{OUTLET_WORDS}|台(?=讯|消息|报道))(?:网)?)"
    # its channel or app after a dash: 'X网-新云岭客户端6月2日讯'
    r"(?:\s?[-—]\s?[\u4e00-\u9fff]{2,10}?(?:客户端|频道|APP|之窗|网))?"
    r"(?:[\u4e00-\u9fff]{0,8}?(?:频道|站))?[\u4e00-\u9fff]{0,4}?"
    r"(?:\d{1,2}月\d{1,2}日(?:\d{1,2}时(?:\d{1,2}分)?)?[\u4e00-\u9fff]{0,6}?)?\s*"
    # its other name in brackets: '云岭网(云岭日报网)讯'
    r"(?:[(（][^()（）]{2,12}[)）])?"
    # '云岭网3月2日石门县讯', and a station's or site's own words: '秭归电视台报道(记者…)', 'X网消息 ';
    # a site's dated wire: 'X网云岭新闻6月9日电'
    r"(?:讯|(?<=日)电|(?:报道|消息)(?=[\s(（:：])|(?<=日)(?=\s*[(（](?:本报|特约)?(?:记者|通讯员)))"
)
#: An agency dateline: …社昆明4月9日电.
OUTLET_AGENCY = re.compile(
    # ('云岭日报5月16日 电(记者…)': a paper's dispatch, its place left out)
    r"^[\s　]*(?:(?P<o>(?!本)[\u4e00-\u9fff]{1,8}?社)[\u4e00-\u9fff]{1,6}?"
    r"|(?P<paper>(?!本)[\u4e00-\u9fff]{1,8}?(?:日报|晚报|报|网))[\u4e00-\u9fff]{0,6}?)\d{1,2}月\d{1,2}日?\s?电"
)
#: 据《云岭日报》消息 / 报道.
OUTLET_CITED = re.compile(r"据《(?P<o>[^》]{2,15})》(?:消息|报道)")
#: Copyright and reprint lines naming the site (§1.6).
OUTLET_COPYRIGHT = re.compile(
    rf"(?:版权(?:均)?(?:属|归)于?|版权所有\s*[:：©]?\s*|原载于|本文来自|转载自)(?P<o>[\u4e00-\u9fff]{{2,12}}?(?:{OUTLET_WORDS}))"
)
NOT_OUTLET = re.compile(r"^(?:本站|本网|本报|原创|未知|网络|互联网|网友|admin)")
#: Opener parentheses with names: 讯(记者 张明 通讯员 李华), 电(记者赵林、钱程), 讯 记者王志远.
OPENER_NAMES = re.compile(
    r"(?:讯|电|报道|消息[:：]?|(?<=[网报台])\d{1,2}月\d{1,2}日|(?<=[网报台])[\u4e00-\u9fff]{2,4}\d{1,2}月\d{1,2}日)】?\s*(?:[(（](?P<p>[^()（）]{2,40})[)）]|(?P<r>(?:本报|特约|全媒体)?(?:记者|通讯员)(?:[^,，。:：报]|报(?!道)){2,40})"
    # names before 报道 with their roles among them: '本报讯 李华、特约记者张明报道:'
    r"|(?P<b>[\u4e00-\u9fff、\s]{2,30}?)报道\s*[:：])"
)
#: Names closing the last paragraphs: (王志远), ( 刘芳 张伟), (通讯员 陈静 林涛) |.
CLOSING_NAMES = re.compile(r"[(（](?P<p>[^()（）]{2,40})[)）]\s*[|｜]?\s*$")
#: Roles next to bylined names (§1.3); they are cut away, the names kept.
AUTHOR_ROLE = re.compile(
    r"(?:[\u4e00-\u9fff]{0,8}?(?:网|报|社|台|刊)(?:客户端)?)?(?:本报|本刊|本网|特约|全媒体|融媒体|全媒|见习|首席)?(?:记者|通讯员|采访人员)"
    r"|作者|撰稿|撰文|执笔|文字|文/图|文图|图文|文\s*[/_]|供稿人|供稿|□|◎|●|■|◆|★|☆"
)
#: Roles whose names are not authors (§1.4): editors, reviewers, photographers.
NOT_AUTHOR_ROLE = re.compile(
    r"责任编辑|值班编辑|编辑|责编|美编|审核|审定|主审|审编|[一二三初终复]审|校对|监制|摄影|供图|图片|来源|转载|摄"
    r"|插画|插图|漫画|绘图|制图|设计"  # those who drew the page's pictures
    r"|图\s*[/:：]"  # '文/X 图/Y': Y took the photographs (§1.4)
)
#: A diary or summary signed at its end with the writer's post (§1.3): '青石村驻村工作队员 王志远'.
SIGNATURE_LINE = re.compile(
    r"^[\u4e00-\u9fff]{0,20}?(?:工作队员|队员|第一书记|驻村干部|工作队长|队长)[\s\u3000]*"
    r"(?P<name>[\u4e00-\u9fff](?:[\s\u3000]?[\u4e00-\u9fff]){1,2})$"
)
#: A byline line (§1.3): a role and names and nothing else.
BYLINE_LINE = re.compile(
    # the outlet first, with its alias or channel: '云岭网(云岭日报网)记者', '云岭日报客户端记者',
    # '云岭新报讯 云岭新报全媒记者'; a station or app: '云岭广电全媒体记者', '云岭新闻记者'
    r"^[\s　]*(?:《?[\u4e00-\u9fff]{0,8}?(?:网|报|社|刊|电视台|广电|新闻|客户端|融媒体中心)》?"
    r"(?:[(（][^()（）]{1,12}[)）]|客户端|时刻|讯\s*)?[—\-－·•]?){0,2}"
    r"(?:本报|本刊|特约|全媒体|融媒体|全媒|首席)?"
    r"(?:[★☆]\s*)?(?:记者|通讯员|作者|文|文/图|采访人员|□|◎|●|■|◆|/)\s*[:：/|｜_]?\s*[\u4e00-\u9fff]"
)
TITLE_TAG = re.compile(r"^(?:\s|[—\-－–_~～·•]|【[^】]{0,20}】|「[^」]{0,12}」|\[[^\]]{0,20}\]|#[^#\s]{1,20}#)+")
#: A site or channel appended to a scraped headline: '…_云岭网', '… - 云岭日报'.
TITLE_SITE_TAIL = re.compile(
    rf"\s*[-_|｜—]+\s*(?P<site>[\u4e00-\u9fff]{{2,12}}(?:{OUTLET_WORDS}|新闻|频道|官网首页|官网|首页|官方网站))\s*$"
)
#: A site before a scraped headline, a bar between: '云岭网|青石村的新路…' (a column's name before
#: a bar, '乡村故事汇 |', is the headline's own).
TITLE_SITE_HEAD = re.compile(r"^\s*(?P<site>[\u4e00-\u9fff]{2,8}(?:网|日报|晚报|报|通讯社|电视台))\s*[|｜]\s*")
#: Captions are content, not headlines (§1.5).
CAPTION = re.compile(
    r"^图为|^图[:：]|^[▲△↑]|[(（](?:左|右|中)[一二三四五六]?[)）]|摄\s*$|供图|\.(?:png|jpe?g|gif)$", re.I
)
HEADLINE_MAX = 60


# ----------------------------------------------------------------------------------------
# Teams named by relation words and profiles (PHRASING §3.1 patterns 3, 6, 7; §8.2)
# ----------------------------------------------------------------------------------------

#: After a unit: '…是县农业局的定点帮扶村', '…为市工信局第一书记联系村', 'X学院的扶贫点——'.
RELATION_AFTER_UNIT = re.compile(
    r"的?(?:定点帮扶|对口帮扶|帮扶联系|结对帮扶|挂钩帮扶|定点扶贫|扶贫帮扶|包联帮扶|包扶|挂包|第一书记|挂钩的帮扶|定点的帮扶"
    # '青石村是县交通局帮扶的重点村', '青石村为县科技局第一书记帮扶村'
    r"|帮扶的重点|帮扶的)(?:的)?(?:(?<=书记)帮扶)?(?:联系)?(?:贫困)?(?:包)?(?:村|点)"
    # '县公路局帮扶村——石门镇青石村'; '青石村是县财政局的联系村,…'
    r"|的?(?:帮扶|扶贫|联系)(?:点|村)(?=——|-|—|:)|的(?:帮扶|扶贫|联系|包扶|挂钩)(?:点|村)(?=[,;。]|$)"
    # '县林业局扶贫点云岭县石门镇青石村': the point, then the place written out
    r"|的?(?:帮扶|扶贫|联系)点(?=[\u4e00-\u9fff]{1,8}?(?:县|区|市|镇|乡|旗|苏木))"
    # '青石村是县气象局的帮扶对象': the village as the unit's charge
    r"|的(?:定点|结对|对口)?帮扶对象(?=[,;。]|$)"
    # '青石村是市人大办、市总工会联合扶贫点'
    r"|联合(?:帮扶|扶贫)(?:点|村)"
)
#: A secretary's home unit by apposition (§3.1 pattern 6).
#: An age group written before a person: '“80后”'.
AGE_GROUP = r"[“\"]?\d{2}后[”\"]?"
APPOSITION = re.compile(
    # ('作为省科技厅90后干部的…': an age group between the unit and the post)
    rf"(?:作为|身为)(?P<unit>[\u4e00-\u9fff、]{{3,24}}?)(?:的|(?={AGE_GROUP}))(?:{AGE_GROUP})?(?:[\u4e00-\u9fff]{{0,4}})?"
    r"(?:干部|职工|技术员|党员)"
    r"|驻村(?:之)?前,?(?:他|她)?(?:是|在)(?P<unit2>[\u4e00-\u9fff]{3,20}?)(?:的|当|任|工作)"
)
#: A time phrase opening a profile sentence before the name: '2018年春天,王志远…', '2022年起,…'.
LEADING_TIME = re.compile(
    r"(?:(?:19|20)\d{2}年|今年|去年)(?:\d{1,2}月(?:份|初|底)?)?(?:\d{1,2}日)?(?:春天|夏天|秋天|冬天|春|秋|初|底)?(?:起|以来)?,?"
)
#: A time counted back from the writing, opening a sentence: '两年前,', '三个多月前,', '前年'.
TIME_AGO = re.compile(
    r"(?:[一二两三四五六七八九十\d]{1,3}(?:个多|多个|个)?(?:年|月)多?前|前年|那年)(?:\d{1,2}月份?)?,?"
)
#: What a profile's subject does right after the name: '王志远带着…住进', '王志远接任…'.
PROFILE_VERB_AFTER_NAME = re.compile(
    # ('…王敏同志毅然响应上级号召,到…': answering the call, then the posting)
    r"(?:同志)?(?:积极|主动|毅然)?(?:带着|带领|来到|住进|接任|担任|出任|任|到|被|受|从|离开|作为|响应|,)"
)
#: A team's posting without its unit: '扶贫工作队进驻石门镇青石村', '我们工作队…,驻青石村'.
TEAM_POSTED = re.compile(r"(?:进驻|入驻|驻扎在|驻扎|驻进|驻)(?:到|在)?")
#: The home unit one comes down from: '他从省林业厅下到石门镇挂职'.
#: Or the one named after 来自: '来自县林业局的第一书记…'.
FROM_UNIT = re.compile(
    # ('我从县供销社被选派到…', '从省警察学院派来的第一书记')
    # ('她从市统计局一名科员到柳湾村当第一书记': from one of its staff to the post)
    r"从(?P<unit>[\u4e00-\u9fff]{3,20}?)(?:被?(?:下到|下派|来到|派到|选派到|派来)|的?一名[\u4e00-\u9fff]{0,8}?(?:来到|到))"
    r"|来自(?P<unit2>[\u4e00-\u9fff]{3,20}?)(?:的|,)"  # ('吴磊来自县人社局,是…第一书记')
)
#: A posting to the village just named: '进驻该村', '派驻到本村'.
THIS_VILLAGE = re.compile(r"(?:到|在)?(?:该村|本村|我村|此村|这个村|这里|村里)")
#: Words without which a sentence has no relation (a cheap test before the patterns).
RELATION_HINT = re.compile(
    r"定点|对口|包扶|挂包|包保|书记|帮扶|扶贫|联系|单位|结对|挂钩|迎来|帮建|包点|设立|成立|组建|派驻|娘家"
)
#: A unit paired with a village: '县电力公司与青石村结对帮扶', '…和青石村结成帮扶对子'.
PAIRED_WITH = re.compile(
    r"(?:与|和)(?P<village>[\u4e00-\u9fff]{1,10}?村)(?:开展|建立|结成|签订)?(?:结对帮扶|结对共建|结对|帮扶对子)"
)
#: The village welcomes the unit's cadres: '青石村迎来了县林业局的驻村干部' (the unit between).
WELCOMED = re.compile(
    r"迎来了?(?P<unit>[\u4e00-\u9fff、]{3,30}?)(?:派驻|选派|派出|下派)?的(?:驻村|扶贫|帮扶|精准扶贫)*"
    r"(?:干部|工作队|工作组|第一书记|队员)"
)
#: A village chosen by its unit: '该村被省交通厅确定为定点帮扶村' (the unit between 被 and 确定).
CHOSEN_BY = re.compile(
    r"被(?P<unit>[\u4e00-\u9fff、()]{3,30}?)(?:确定|列为|确定为|选定|定)为?(?:其|该[局委办院厅])?的?"
    r"(?:定点帮扶|对口帮扶|帮扶联系|结对帮扶|定点扶贫|扶贫联系|帮扶|联系)(?:贫困)?(?:村|点)"
)
#: Between the village and that unit.
RELATION_GAP = re.compile(r"(?:村委会)?,?(?:是|为|系|作为|属于|就是)?")
#: A unit named by its role: '包扶单位是县农办', '后盾单位为…'.
RELATION_UNIT_FIRST = re.compile(
    r"(?:后盾单位|帮扶单位|包扶单位|派出单位|选派单位|牵头单位|组长单位|队长单位)(?:是|为|:)?"
    r"|对口帮扶的"
    # the village's 'home' unit, as the genre calls it: '青石村的“娘家”县林业局'
    r"|的[“\"]?娘家(?:单位)?[”\"]?"
)
#: A secretary's posting in a profile: '2017年3月任青石村第一书记', '到杏岭村担任驻村第一书记', '到村任…'.
PROFILE_TITLE = re.compile(
    r"(?:到|下派到|派驻到?|派到|任|担任|出任|兼任|接任|派任|成为|当上了?|当起了?|(?<=,)(?:也|还|同时)?是|(?<=派|命)为"
    # right after a name: '县财政局干部王晓东是柳湾村的第一书记' (the name is checked where it is read)
    # (with no posting verb of its own in between: '今年是冷某到青石村担任…' is read at 担任)
    r"|(?<![这那就正都也还不只便即又])是(?=(?:(?!到|任|派)[^,;。]){0,24}?(?:第一书记|工作队))"
    # the post as an apposition of its own: '钱立群,云岭高新区管委会干部,驻村扶贫工作队队长;'
    r"|(?<=,)(?=驻村(?:扶贫|帮扶)?工作队队长[;。,]))"
    r"(?P<place>[\u4e00-\u9fff、,]{0,24}?)"
    # (the title may be quoted: '当起了青石村的“第一书记”'; a team's leader is one too:
    # '县农业局干部赵林担任青石村驻村工作队队长')
    r"[“\"]?(?:(?:驻村|村党支部|村党组织|党组织|党支部)?(?:第一书记|第一支部书记)"
    r"|(?<=村)(?:驻村)?(?:扶贫|帮扶)?工作队(?:队长|长)|(?<=,)驻村(?:扶贫|帮扶)?工作队队长(?=[;。,]))"
)
#: A post right before the secretary's name: '县财政局副局长李娟', '该局干部赵林'.
POST_BEFORE_NAME = re.compile(
    r"(?:干部|职工|科员|副局长|局长|副主任|主任|股长|科长|调研员|干事|教师|医生|工程师|技术员|站长|副书记|委员|农艺师"
    r"|处长|所长|院长|校长|行长|经理|民警|副院长|研究员|教授|讲师|团委书记|机关党委书记)"
)
#: The team leader's own post between the title and the name: '工作队队长、副局长王强'.
POST_AFTER_TITLE = re.compile(r"[、,](?:驻村)?" + POST_BEFORE_NAME.pattern)
#: A post right after the home unit: '云岭州水务局干部', '县人社局就业股股长'.
HOME_UNIT_AFTER = re.compile(
    r"(?:[\u4e00-\u9fff]{1,8}?(?:股|科|室|处))?(?:的(?:一名|一位)?)?(?:普通|年轻|[\u4e00-\u9fff]{0,4}?技术|扶贫|帮扶)?"
    r"(?:干部|职工|科员|记者|副局长|局长|副主任|主任|副股长|股长|副科长|科长|副处长|处长|所长|四级调研员"
    r"|三级调研员|副调研员|调研员|干事|教师|医生|工程师|技术员|站长|副书记|党员|工作人员|制片人|编辑"
    # a college's or an institute's staff: '省农科院研究员王晓东', '学院副教授赵林'
    r"|助理研究员|副研究员|研究员|副教授|教授|讲师|农艺师|畜牧师"
    # a brigade's or a squad's officer ('县地勘局二队副队长', '交警大队副大队长'), not a team's
    r"|(?<!工作队)(?<!帮扶队)(?<!扶贫队)(?:副大队长|大队长|副中队长|中队长|副队长))"
)
#: The posts a cadre holds in his home unit, written between the unit and his name (§3.1
#: pattern 6): '县林业局党组成员、办公室主任韩立新', '县监委第三审查组组长韩立新', '县档案局干部韩立新'.
_HOME_POST = (
    r"(?:[\u4e00-\u9fff]{1,8}?(?:股|科|室|处|组|中心|大队|站|所))?"
    r"(?:党组成员|党委委员|常务副部长|副部长|部长|副局长|局长|副主任|主任|副科长|科长|副股长|股长|副处长|处长"
    r"|四级调研员|三级调研员|副调研员|调研员|干部|职工|科员|干事|工会主席|副书记|副组长|组长|副经理|经理|工程师|技术员|站长|所长"
    r"|教师|医生|副院长|院长|副校长|校长|副行长|行长|农艺师|委员|民警|团委书记|机关党委书记)"
)
HOME_POSTS_BEFORE_NAME = re.compile(rf"{_HOME_POST}(?:、{_HOME_POST}){{0,2}}$")
#: Bodies that arrange postings for other units' cadres: who sent a secretary, not his unit.
ARRANGER = re.compile(r"组织部$|(?:省|市|县|区|州)委$|政府$|扶贫办$|扶贫开发办公室$")
#: When, between a leader's name and how he came: '2019年', '于2016年3月,'.
_WHEN = r"(?:于|在)?(?:\d{4}年(?:\d{1,2}月)?(?:\d{1,2}日)?)?,?"
#: A leader sent by his unit, after his name: '韩立新被县财政局派到青石村', '2019年被县财政局选派'.
SENT_BY_UNIT = re.compile(rf"{_WHEN}被(?P<unit>[\u4e00-\u9fff]{{3,20}}?)(?:选派|派驻|下派|委派|派遣|派)")
#: A leader who came from his home unit, after his name: '韩立新从省地震局来到青石村',
#: '韩立新2016年从县医保局副局长岗位上下派到…' (the unit is the longest one the words start with).
CAME_FROM_UNIT = re.compile(
    rf"{_WHEN}(?:主动)?从(?P<unit>[\u4e00-\u9fff]{{3,20}}?)"
    rf"(?:{_HOME_POST})?(?:的)?(?:职位|岗位)?上?(?:来到|下派|派到|选派到|调到|到|出发|主动请缨)"
    # ('何明离开省地矿局,来到…村': the unit he left for the village)
    rf"|{_WHEN}离开(?P<left>[\u4e00-\u9fff]{{3,20}}?)(?:{_HOME_POST})?(?:的)?(?:职位|岗位)?,(?:来到|到|赶赴|奔赴)"
)
#: '该局干部…': the unit just named (§8.2).
ANAPHORIC_UNIT = re.compile(r"该局|该委|该办|该院|局里|本局|单位")
#: '受市政协办公室委派', '经县委组织部统一安排': who sent the secretary.
#: ('被县交通局党委派到…': 党委 then 派到, not 委派)
DISPATCHER = re.compile(
    r"(?P<by>受|由|被|经)[^,。;]{2,20}?(?P<verb>选派|(?<![党监])委派|派遣|派驻|下派|统一安排|派到|派往)"
)
#: A village's own team: '青石村的驻村工作队'.
VILLAGE_TEAM = re.compile(r"的(?:驻村)?(?:扶贫|帮扶|脱贫攻坚)?(?:工作队|工作组)")


#: Characters that transliterate Uyghur, Tibetan, Mongolian and Kazakh sounds (village names
#: and people's names without a Han surname are mostly written in them).
PHONETIC = frozenset(
    "阿依克尔其提拉木巴格吐鲁库勒托乌苏玉斯屯曲布达喀什买麦盖墩亚孜恰热瓦甫吾兰干艾力尕普塔英铁兹纳玛罕努卡吉哈萨"
    "则朗琼嘎卓旺堆措扎别帕米海浪喇嘛赛汗图伦"
)


#: The provinces and autonomous regions, by their full names.
PROVINCES = (
    "河北省", "山西省", "辽宁省", "吉林省", "黑龙江省", "江苏省", "浙江省", "安徽省",
    "福建省", "江西省", "山东省", "河南省", "湖北省", "湖南省", "广东省", "海南省",
    "四川省", "贵州省", "云南省", "陕西省", "甘肃省", "青海省", "台湾省", "内蒙古自治区",
    "广西壮族自治区", "西藏自治区", "宁夏回族自治区", "新疆维吾尔自治区",
)
#: A province by its short name: '安徽', '广西', '内蒙古'.
PROVINCE_BY_SHORT_NAME = {
    name[:3] if name.startswith(("黑龙江", "内蒙古")) else name[:2]: name for name in PROVINCES
}
