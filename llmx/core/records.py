"""Pydantic models of the llmx record (SPEC.md section 2).

The same models serve three readers: the LLM (through their JSON Schema and the Chinese
field descriptions), the rules backend, and the scorer. Validators turn bad output into
errors phrased so an LLM re-ask can fix them.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import Any, Literal, Self

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    SerializerFunctionWrapHandler,
    field_validator,
    model_serializer,
    model_validator,
)

from llmx.core.meta import RunMeta
from llmx.core.units import unit_problem

MIN_YEAR = 1978
MAX_YEAR = 2035
SUMMARY_MAX_CHARS = 40

MatchLevel = Literal["exact", "normalised", "fuzzy", "none"]


class Category(StrEnum):
    """Measure categories of SPEC section 3."""

    infrastructure = "infrastructure"
    industry = "industry"
    housing = "housing"
    employment = "employment"
    education = "education"
    health = "health"
    social_security = "social_security"
    finance = "finance"
    governance = "governance"
    environment = "environment"
    culture = "culture"
    training = "training"
    other = "other"


class Status(StrEnum):
    done = "done"
    ongoing = "ongoing"
    planned = "planned"


def _check_year(value: int | None) -> int | None:
    if value is not None and not MIN_YEAR <= value <= MAX_YEAR:
        raise ValueError(
            f"year {value} is outside {MIN_YEAR}-{MAX_YEAR}: give a four-digit year the text states, or null"
        )
    return value


class _Record(BaseModel):
    model_config = ConfigDict(extra="forbid", use_enum_values=True, validate_assignment=False)


class Evidence(_Record):
    """A verbatim quote from the source and where it stands in the document text."""

    quote: str = Field(
        description="原文逐字摘录（保持原文繁简字形，不改写），包含该条记录的全部事实的最短句子片段",
        json_schema_extra={"minLength": 1},
    )
    start: int = Field(0, ge=0, description="由程序计算，填 0")
    end: int = Field(0, ge=0, description="由程序计算，填 0")
    match: MatchLevel | None = Field(
        None, description="由程序填写：exact / normalised / fuzzy / none（未在原文找到）"
    )

    @model_validator(mode="before")
    @classmethod
    def _accept_plain_quote(cls, data: Any) -> Any:
        # LLMs often return evidence as a bare string; that is an unambiguous quote.
        if isinstance(data, str):
            return {"quote": data}
        return data

    @field_validator("quote")
    @classmethod
    def _quote_not_empty(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("evidence quote is empty: copy the sentence from the source verbatim")
        return value


def _require_evidence(evidence: list[Evidence]) -> list[Evidence]:
    if not evidence:
        raise ValueError("evidence is empty: add at least one verbatim quote from the source")
    return evidence


class _Amount(_Record):
    """Checks shared by the records that carry value, value_max and unit (Quantity, Metric)."""

    @field_validator("unit", check_fields=False)
    @classmethod
    def _unit_normalised(cls, value: str) -> str:
        if problem := unit_problem(value):
            raise ValueError(problem)
        return value

    @model_validator(mode="after")
    def _range_ordered(self) -> Any:
        value, value_max = self.value, self.value_max  # type: ignore[attr-defined]  # fields of the subclasses
        if value_max is not None and value_max < value:
            raise ValueError(f"value_max {value_max} is below value {value}: value is the lower bound")
        return self


class Quantity(_Amount):
    """A physical output of a measure: 3.5 公里 of road, 620 平方米 of floor, 88 个 lamps."""

    value: float = Field(description="数值（已乘以万等倍数）")
    value_max: float | None = Field(None, description="范围上限（如 1.2-1.3 中的 1.3），否则 null")
    approx: bool = Field(False, description="约、多、余等约数时为 true")
    unit: str = Field(description="规范单位：公里 米 平方米 亩 立方米 吨 千瓦 户 人 个，其他量词照原文（株 盏 台 座）")
    item: str | None = Field(None, description="数量所指的事物，如 硬化道路、太阳能路灯、光伏板")



class Team(_Record):
    """One dispatching unit's work team, or a first secretary's team."""

    sent_by: str | None = Field(None, description="派出单位，照原文写全（如 市林草局，或 县邮政公司）；未提及则 null")
    villages: list[str] = Field(default_factory=list, description="驻村或帮扶的村名全称（如 青石岭村）")
    leader: str | None = Field(None, description="队长或第一书记的姓名")
    size: int | None = Field(None, ge=1, description="工作队人数（一队四人 → 4）")
    since: int | None = Field(None, description="进驻年份")
    evidence: list[Evidence] = Field(description="支持该工作队信息的原文摘录", json_schema_extra={"minItems": 1})

    _since_year = field_validator("since")(_check_year)
    _evidence = field_validator("evidence")(_require_evidence)


class Village(_Record):
    """One administrative village the document gives facts about."""

    name: str = Field(description="行政村全称（如 青石岭村，不写作 青石岭）")
    province: str | None = Field(None, description="省级全称，如 河北省")
    city: str | None = Field(None, description="地级市全称，如 衡水市")
    county: str | None = Field(None, description="县级全称，如 枣强县")
    township: str | None = Field(None, description="乡镇全称，如 白杨镇")
    households: int | None = Field(None, ge=0, description="全村总户数")
    population: int | None = Field(None, ge=0, description="全村总人口")
    poor_households: int | None = Field(None, ge=0, description="贫困户户数（建档立卡时的基线）")
    poor_population: int | None = Field(None, ge=0, description="贫困人口数（建档立卡时的基线）")
    poverty_rate_pct: float | None = Field(None, description="贫困发生率/贫困面，百分数（35.6% → 35.6）")
    exit_year: int | None = Field(None, description="脱贫摘帽/出列年份")
    evidence: list[Evidence] = Field(description="支持这些数字的原文摘录", json_schema_extra={"minItems": 1})

    _exit_year = field_validator("exit_year")(_check_year)
    _evidence = field_validator("evidence")(_require_evidence)

    @field_validator("name")
    @classmethod
    def _name_not_empty(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("village name is empty")
        return value

    @field_validator("poverty_rate_pct")
    @classmethod
    def _rate_in_range(cls, value: float | None) -> float | None:
        if value is not None and not 0 <= value <= 100:
            raise ValueError(f"poverty_rate_pct {value} is outside 0-100: give the percentage (53.28 for 53.28%)")
        return value

    @model_validator(mode="after")
    def _poor_within_total(self) -> Village:
        if self.poor_households is not None and self.households is not None and self.poor_households > self.households:
            raise ValueError(
                f"poor_households {self.poor_households} exceeds households {self.households}: "
                "check which number is the village total"
            )
        if self.poor_population is not None and self.population is not None and self.poor_population > self.population:
            raise ValueError(
                f"poor_population {self.poor_population} exceeds population {self.population}: "
                "check which number is the village total"
            )
        return self


class Measure(_Record):
    """One concrete assistance action (帮扶措施 / 项目)."""

    village: str | None = Field(None, description="措施所在村全称；全县性或未说明则 null")
    category: Category = Field(description="措施类别")
    summary: str = Field(description="不超过40字的简体中文概述")
    status: Status = Field(Status.done, description="done 已完成 / ongoing 进行中 / planned 计划")
    investment_yuan: float | None = Field(None, ge=0, description="投入资金，单位元（180万元 → 1800000）")
    quantities: list[Quantity] = Field(default_factory=list, description="实物产出（3.5 公里、620 平方米）")
    households: int | None = Field(None, ge=0, description="受益户数")
    people: int | None = Field(None, ge=0, description="受益人数")
    year: int | None = Field(None, description="实施年份")
    evidence: list[Evidence] = Field(description="支持该措施的原文摘录", json_schema_extra={"minItems": 1})

    _year = field_validator("year")(_check_year)
    _evidence = field_validator("evidence")(_require_evidence)

    @field_validator("summary")
    @classmethod
    def _summary_short(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("summary is empty: describe the action in a few words")
        if len(value) > SUMMARY_MAX_CHARS:
            raise ValueError(
                f"summary has {len(value)} characters, more than {SUMMARY_MAX_CHARS}: shorten it"
            )
        return value


class Metric(_Amount):
    """Any other stated number about outcomes or scale."""

    name: str = Field(description="简短的简体中文指标名：村集体增收、驻村工作队数量、脱贫户数")
    subject: str | None = Field(None, description="指标所指对象：村、县或单位名称")
    value: float = Field(description="数值（已乘以万等倍数；金额以元计）")
    value_max: float | None = Field(None, description="范围上限，否则 null")
    approx: bool = Field(False, description="约、多、余等约数时为 true")
    unit: str = Field(description="规范单位（金额用 元，百分比用 %，其他量词照原文）")
    year: int | None = Field(None, description="年份")
    evidence: list[Evidence] = Field(description="支持该数字的原文摘录", json_schema_extra={"minItems": 1})

    _year = field_validator("year")(_check_year)
    _evidence = field_validator("evidence")(_require_evidence)



class Extraction(_Record):
    """从一段文本中抽取的驻村帮扶信息（没有的字段填 null 或 []）。"""

    title: str | None = Field(None, description="文章标题（不含网站名、栏目名、【】标签）")
    outlet: str | None = Field(None, description="发布网站或报纸的名称（如 某某日报、某某新闻网）")
    published: dt.date | None = Field(None, description="发布日期 YYYY-MM-DD")
    authors: list[str] = Field(default_factory=list, description="署名记者/作者姓名（不含编辑、摄影）")
    teams: list[Team] = Field(default_factory=list)
    villages: list[Village] = Field(default_factory=list)
    measures: list[Measure] = Field(default_factory=list)
    metrics: list[Metric] = Field(default_factory=list)

    @field_validator("published", mode="before")
    @classmethod
    def _published_blank(cls, value: Any) -> Any:
        if isinstance(value, str) and not value.strip():
            return None
        return value

    @model_validator(mode="after")
    def _published_year(self) -> Self:
        if self.published is not None:
            _check_year(self.published.year)
        return self

    def items(self) -> dict[str, list[_Record]]:
        """The four item lists by record type, in SPEC order."""
        return {"teams": list(self.teams), "villages": list(self.villages),
                "measures": list(self.measures), "metrics": list(self.metrics)}


class Report(Extraction):
    """Everything llmx extracts from one document: SPEC's fields, and run metadata under ``meta``."""

    doc_id: str = Field(description="输入文件名（不含扩展名）或调用方给定的编号")
    meta: RunMeta | None = Field(
        None, description="run metadata written by llmx (backend, model, prompt version, usage, grounding, repairs)"
    )

    @model_serializer(mode="wrap")
    def _doc_id_first(self, handler: SerializerFunctionWrapHandler) -> dict[str, Any]:
        data: dict[str, Any] = handler(self)
        return {"doc_id": data.pop("doc_id"), **data} if "doc_id" in data else data


ITEM_TYPES: dict[str, type[_Record]] = {
    "teams": Team,
    "villages": Village,
    "measures": Measure,
    "metrics": Metric,
}

RECORD_MODELS: dict[str, type[BaseModel]] = {
    "report": Report,
    "extraction": Extraction,
    "team": Team,
    "village": Village,
    "measure": Measure,
    "metric": Metric,
    "quantity": Quantity,
    "evidence": Evidence,
}
