"""People's names: surnames, and reading a name forwards or backwards from a position.
"""

from __future__ import annotations

import re

from llmx.backends.rules.patterns import (
    NAME_BACK_STOP,
    NAME_LEFT_EDGE,
    NAME_STOP,
    NAME_THEN_WORD,
    NOT_A_NAME,
    PHONETIC,
)

#: Common surnames. jionlp's rule_pattern list drops ambiguous ones (孙, 马, 白, 高, 黄)
#: that bylines use all the time, so the check keeps its own.
SURNAMES = frozenset(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈"
    "姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
    "常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞左柳甘祝包宁尚符舒阮柯纪梅童凌毕单季"
    "裴霍涂成苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲房滕屈饶解牟艾尤阳时穆农司卓古吉缪简车项连芦麦褚娄窦"
    "戚岑景党宫费卜冷晏席卫米柏宗瞿桂全佟应臧闵苟邬边卞姬师和仇栾隋商刁沙荣巫寇桑郎甄丛仲虞敖巩明佘池查麻"
    "苑迟邝封钦银郗冀蔺粟揭雍郜晋仝逯禹阚练昝甯滕郦冶寿谌"
    # common surnames that are rarely the first character of another word here
    "傅洪赖阎郁匡鞠奚屠晁庹漆贝"
    # bylines' surnames that open place names too (杭州, 乌鲁木齐: NOT_A_NAME)
    "杭乌"
    # a surname that opens common words too (班子, 班长: NOT_A_NAME)
    "班"
)
#: Rarer surnames, too often the first character of other words to be read as names in
#: running text ('原来', '都是', '燕麦'), read only in a byline right after a reporter's role
#: ('记者 茹明', '通讯员 原小平').
BYLINE_SURNAMES = frozenset(
    "茹訾原都芮邰萧桓尉闻濮扈郏浦鄢暨衡冼慎廉戈伏宦蒯燕嵇权厉汝荀羊惠储邴糜井富宓仰伊暴戎祖束幸韶"
    "薄宿怀鄂索咸籍阴胥苍贡劳逄扶堵宰却璩习鱼容庾满弘殳沃利蔚隆厍融那毋乜须巢荆竺盖益代但母"
)
DOUBLE_SURNAMES = (
    "欧阳", "司马", "上官", "诸葛", "东方", "皇甫", "尉迟", "令狐", "慕容", "长孙", "宇文", "司徒", "夏侯",
)

def _given_chang(given: str, i: int) -> bool:
    """长 opening a two-character given name ('廖长青'), not a post ('王局长', '李校长')."""
    return (
        i == 0 and given[0] == "长" and len(given) == 2
        and "\u4e00" <= given[1] <= "\u9fff" and given[1] not in NAME_STOP
    )


def _given_shu(folded: str, at: int) -> bool:
    """书 inside a given name ('张书林'), not the start of 书记 or another word with 书."""
    return folded[at] == "书" and at + 1 < len(folded) and "\u4e00" <= folded[at + 1] <= "\u9fff" and (
        folded[at + 1] not in _SHU_WORDS
    )


#: Characters after 书 that make a word, not a name: 书记, 书法, 书画, 书屋 ...
_SHU_WORDS = frozenset("记法画屋籍香本包店信面号院刊")


#: Adverbs that follow a two-character name and almost never end a given name.
_ADVERB_AFTER = frozenset("却便就也都")


def _surname_at(folded: str, pos: int) -> int | None:
    """The length of the surname a name could start with at ``pos``, or None where no name
    starts (no surname, or a word such as '高度' that only looks like one)."""
    surname = 2 if folded.startswith(DOUBLE_SURNAMES, pos) else 1
    if surname == 1 and (pos >= len(folded) or folded[pos] not in SURNAMES):
        return None
    if folded.startswith(NOT_A_NAME, pos):
        return None
    return surname


def name_at(folded: str, pos: int) -> str | None:
    """A person's name starting at ``pos`` (surname + one or two characters), or a name
    with no Han surname: a Tibetan one ('扎西多吉'), a transliterated one with a middle dot
    ('艾尔肯·吐尔逊')."""
    other = _surnameless_name_at(folded, pos)
    if other is not None:
        return other
    surname = _surname_at(folded, pos)
    if surname is None:
        return None
    chars = []
    given = folded[pos + surname : pos + surname + 2]
    for i, ch in enumerate(given):
        stop = ch in NAME_STOP and not _given_chang(given, i) and not _given_shu(folded, pos + surname + i)
        if not "\u4e00" <= ch <= "\u9fff" or stop:
            break
        chars.append(ch)
    if not chars:
        return None
    if len(chars) == 2 and (
        folded[pos + surname + 1 : pos + surname + 3].replace("著", "着") in NAME_THEN_WORD or chars[1] in _ADVERB_AFTER
    ):
        chars.pop()  # '孙勇贷款…', '杨林却…': the name ends before the word
    return folded[pos : pos + surname] + "".join(chars)


#: Rarer surnames read after a title, the name ending at punctuation or a word a name is
#: followed by (never a word's first character here: 冼, 茹, 訾, 萧 …).
_RARE_AFTER_TITLE = frozenset("冼茹訾芮邰萧桓尉闻濮扈郏鄢暨衡廉戈蒯嵇荀邴糜宓庾逄璩巢竺厍乜才")
#: Characters that end a name even right after a title (a function word or a verb).
_HARD_STOP = frozenset("的了在是和与及等到为就从也都已对把将又被说讲向带率任兼担却便还再才均曾队长组员书记所")
#: What may follow a whole name read after a title: '队长钟作洪说', '第一书记王正,…'.
_AFTER_TITLED_NAME = (
    "说", "介绍", "表示", "告诉", "同志", "带领", "带着", "率领", "和", "与", "是", "在", "的", "等", "一行",
)


#: Syllables Tibetan names are written with, two to a name ('扎西多吉', '洛桑旦增'): the names
#: of Tibetan areas' cadres and villagers have no Han surname.
TIBETAN_SYLLABLES = frozenset((
    "扎西", "多吉", "多杰", "次仁", "格桑", "达瓦", "达娃", "卓玛", "旺堆", "尼玛", "平措", "罗布", "央金",
    "拉姆", "德吉", "巴桑", "索朗", "边巴", "普布", "强巴", "洛桑", "丹增", "益西", "顿珠", "曲珍", "白玛",
    "仁增", "贡嘎", "琼达", "次旦", "旦增", "米玛", "欧珠", "桑珠", "加措", "嘉措", "阿旺", "土登", "晋美",
    "才让", "才旦", "拉巴", "扎巴", "群培", "普琼", "赤列", "措姆", "泽仁", "泽郎", "根登", "旺姆", "德庆",
    "卓嘎", "次珍", "拉珍", "斯朗", "顿旦", "江措", "朗杰", "贡布", "措吉", "曲措", "尼珍", "贡觉", "央宗",
    "白珍", "旺久", "旺加", "多布", "次央", "巴珠", "罗桑", "益珠", "拉宗", "德央", "仓决", "群宗", "次吉",
))


#: A transliterated (Uyghur, Kazakh...) name, its parts joined by a middle dot.
_DOTTED_NAME = re.compile(
    r"[\u4e00-\u9fff]{2,6}(?:[·•・‧][\u4e00-\u9fff]{1,6}?){1,2}"
    r"(?=[^\u4e00-\u9fff]|$|说|介绍|表示|告诉|同志|带领|带着|率领|和|与|是|在|的|等|一行|任|担任|每天|今年|多次)"
)


def _surnameless_name_at(folded: str, pos: int) -> str | None:
    """A name with no Han surname starting at ``pos``: Tibetan, or transliterated with a dot."""
    return tibetan_name_at(folded, pos) or _dotted_name_at(folded, pos)


def _dotted_name_at(folded: str, pos: int) -> str | None:
    dotted = _DOTTED_NAME.match(folded, pos)
    if dotted is None or _DOTTED_NOT_A_PERSON.search(dotted.group()):
        return None  # '云岭日报·云岭在线': an outlet's two names
    return dotted.group()


_DOTTED_NOT_A_PERSON = re.compile(r"报|网|台|在线|社|客户端|新闻|频道|传媒|集团|中心|公司|政府|委员会|部|局|厅")


def tibetan_name_at(folded: str, pos: int) -> str | None:
    """A Tibetan name of two syllables starting at ``pos`` ('扎西多吉'), or None."""
    name = folded[pos : pos + 4]
    return name if name[:2] in TIBETAN_SYLLABLES and name[2:] in TIBETAN_SYLLABLES else None


def titled_name_at(folded: str, pos: int) -> str | None:
    """The name right after a title ('队长钟作洪说'): a title makes a name certain enough that
    a given name may hold characters that elsewhere end one (作, 正, 一, 来 ...), when the
    name then stops at punctuation or a word a name is followed by."""
    name = name_at(folded, pos)  # (a name with no Han surname is read whole there)
    surname = _surname_at(folded, pos)
    if surname is None and name is None and folded[pos : pos + 1] in _RARE_AFTER_TITLE:
        surname = 1  # '第一书记冼明。': a rarer surname, the name then ending where a name does
    if surname is None:
        return name
    if name is not None and folded[pos + len(name) : pos + len(name) + 2] in NAME_THEN_WORD:
        return name  # '队长陈立如是说': the word after the name, not its third character
    for size in (2, 1):
        if name is not None and len(name) >= surname + size:
            break
        stop = pos + surname + size
        given = folded[pos + surname : stop]
        if len(given) < size or not all("\u4e00" <= ch <= "\u9fff" and ch not in _HARD_STOP for ch in given):
            continue
        ends = stop == len(folded) or not "\u4e00" <= folded[stop] <= "\u9fff"
        if ends or folded.startswith(_AFTER_TITLED_NAME, stop):
            return folded[pos:stop]
    return name


def name_before(folded: str, pos: int, floor: int) -> str | None:
    """A person's name ending right before ``pos`` ('李建国' in '李建国任第一书记')."""
    for length in (3, 2):
        start = pos - length
        if start < floor:
            continue
        name = folded[start:pos]
        if (
            not all("\u4e00" <= ch <= "\u9fff" for ch in name)
            or name[0] not in SURNAMES
            or any(ch in NAME_BACK_STOP for ch in name[1:])
        ):
            continue
        before = folded[start - 1] if start > floor else ""
        if length == 3 and "\u4e00" <= before <= "\u9fff" and before not in NAME_LEFT_EDGE:
            continue  # '主任王强任…': the name is the last two characters
        return name
    return None


def transliterated(text: str) -> bool:
    """Whether three quarters of ``text`` or more are PHONETIC characters: a name written for
    its Uyghur, Kazakh, Mongolian or Tibetan sounds ('阿依努尔', '阿依吐尔巴格')."""
    return 4 * sum(ch in PHONETIC for ch in text) >= 3 * len(text)


def is_byline_name(token: str) -> bool:
    """A 2-3 character Han token opening with a surname of ``SURNAMES`` or ``BYLINE_SURNAMES``
    and nothing a name does not hold, or a transliterated name of 3-6 characters: a name
    where a role word has just announced one."""
    if not all("\u4e00" <= ch <= "\u9fff" for ch in token):
        return False
    if 3 <= len(token) <= 6 and transliterated(token):
        return True  # '记者 阿依努尔': a name transliterated, with no Han surname
    return (
        2 <= len(token) <= 3
        and (token[0] in SURNAMES or token[0] in BYLINE_SURNAMES)
        and not any(ch in NAME_BACK_STOP for ch in token[1:])
    )


def is_person_name(token: str) -> bool:
    """A 2-4 character Han string that starts with a surname, a Tibetan name, or a
    transliterated name with a middle dot."""
    if _surnameless_name_at(token, 0) == token:
        return True
    if not 2 <= len(token) <= 4 or not all("\u4e00" <= ch <= "\u9fff" for ch in token):
        return False
    if token.startswith(DOUBLE_SURNAMES):
        return len(token) >= 3
    # ('时间', '任务': words that open with a surname's character)
    return token[0] in SURNAMES and len(token) <= 3 and not token.startswith(NOT_A_NAME)
