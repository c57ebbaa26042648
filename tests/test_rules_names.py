"""The rules backend never names a thing with a bare unit, a counter, punctuation or one
character, on any evaluation page there is.

Parametrised by evaluation set, so a run can pick sets by name: ``-k "docs or dev"`` runs
the samples and the development pages only. Each set's directory is listed only when its
test runs. ``LLMX_EVAL_ROOT`` points at another ``evals/`` directory (default: this
checkout's).
"""

from __future__ import annotations

import os
import unicodedata
from pathlib import Path

import pytest

from llmx.backends.rules import extract_rules
from llmx.backends.rules.names import name_at
from llmx.core.units import CANONICAL_UNITS, MEASURE_WORDS, UNIT_ALIASES

ROOT = Path(os.environ.get("LLMX_EVAL_ROOT", Path(__file__).resolve().parents[1] / "evals"))
SETS = {"docs": "docs", "dev": "dev/docs", "heldout": "heldout/docs", "heldout2": "heldout2/docs"}

#: Words that are a unit or a counter, never a name of anything on their own.
COUNTERS = frozenset(CANONICAL_UNITS) | frozenset(MEASURE_WORDS) | frozenset(UNIT_ALIASES) | frozenset(
    {"单位", "万元", "元", "万", "亿", "次", "人次", "户次", "年", "月", "日", "岁"}
)


def bad_name(value: str | None) -> str | None:
    """Why ``value`` cannot be a name, or None when it can."""
    if value is None:
        return None
    text = value.strip()
    if len(text) <= 1:
        return "one character or empty"
    if unicodedata.category(text[0])[0] in "PS":
        return "starts with punctuation"
    if text in COUNTERS:
        return "a bare unit or counter"
    return None


def _names(result) -> list[tuple[str, str | None]]:
    out: list[tuple[str, str | None]] = [("author", a) for a in result.authors]
    for metric in result.metrics:
        out.append(("metric name", metric.name))
    for measure in result.measures:
        out.extend(("quantity item", q.item) for q in measure.quantities)
    for team in result.teams:
        out.append(("team sent_by", team.sent_by))
        out.append(("team leader", team.leader))
    out.extend(("village", v.name) for v in result.villages)
    return out


@pytest.mark.parametrize("eval_set", list(SETS))
def test_no_junk_names(eval_set: str) -> None:
    folder = ROOT / SETS[eval_set]
    if not folder.is_dir():
        pytest.skip(f"no {folder}")
    pages = sorted(folder.glob("*.txt"))
    if not pages:
        pytest.skip(f"no pages in {folder}")
    problems = []
    for page in pages:
        text = page.read_text(encoding="utf-8")
        result = extract_rules(text)
        for kind, value in _names(result):
            why = bad_name(value)
            if why:
                problems.append(f"{page.stem}: {kind} {value!r}: {why}")
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize(
    ("value", "bad"),
    [("人", True), ("亩", True), ("单位", True), ("”将未脱贫的", True), ("了", True), ("村集体增收", False),
     ("王志远", False), (None, False)],
)
def test_bad_name_rule(value: str | None, bad: bool) -> None:
    assert (bad_name(value) is not None) == bad


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("柯学龙带领队员走访", "柯学龙"),  # 学 is a common given-name character
        ("杨林却没有放弃", "杨林"),  # an adverb after a two-character name
        ("王炯开展入户走访", "王炯"),  # a verb after it
        ("李文才说", "李文才"),
    ],
)
def test_names_read_forwards_stop_where_the_name_ends(text, name):
    from llmx.backends.rules.names import name_at

    assert name_at(text, 0) == name


@pytest.mark.parametrize(
    ("text", "name"), [("康立活跃在茶园里", "康立"), ("王强扎根山村五年", "王强"), ("赵敏默默付出", "赵敏")]
)
def test_a_two_character_name_ends_before_a_verb_that_follows_names(text: str, name: str) -> None:
    assert name_at(text, 0) == name


@pytest.mark.parametrize(
    ("sentence", "leader"),
    [
        ("驻村工作队长扎西多吉说，路修好了。", "扎西多吉"),
        ("驻村第一书记次仁卓玛带领队员走访了每一户。", "次仁卓玛"),
        ("驻村工作队队长洛桑旦增介绍，村里有牦牛500头。", "洛桑旦增"),
        ("驻村工作队队长艾尔肯·吐尔逊说，路修好了。", "艾尔肯·吐尔逊"),  # a transliterated name, whole
        ("驻村第一书记阿依古丽·吐尔洪每天入户走访。", "阿依古丽·吐尔洪"),
    ],
)
def test_a_tibetan_or_transliterated_name_after_a_title_needs_no_surname(sentence: str, leader: str) -> None:
    text = "青石村见闻\n2019-05-06 来源：云岭日报\n石门镇青石村有农户300户。" + sentence + "\n"
    assert [t.leader for t in extract_rules(text).teams] == [leader]


def test_an_outlets_two_names_joined_by_a_dot_are_no_person() -> None:
    from llmx.backends.rules.names import is_person_name

    assert is_person_name("艾尔肯·吐尔逊")
    assert not is_person_name("云岭日报·云岭网")  # a paper and its site
    assert name_at("云岭日报·云岭网报道", 0) != "云岭日报·云岭网"
