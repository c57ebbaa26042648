"""The LLM path against the gold reader double: what a perfect reader's answers become,
and what survives the mistakes real models make.

The double answers from hand-labelled gold (tests/support/gold_reader.py); it is not a
model, and these tests measure llmx's own machinery (repair, salvage, figure checks,
merging), never a model's quality. The thresholds are the issue's targets.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from llmx.config import ExtractConfig
from llmx.core.records import Report
from llmx.eval.harness import load_docs, load_gold_dir
from llmx.eval.scorer import score_run
from llmx.pipeline import Extractor
from tests.support.gold_reader import GoldReader

ROOT = Path(__file__).resolve().parents[1]
DOCS, GOLD = ROOT / "evals" / "docs", ROOT / "evals" / "gold"


@pytest.fixture(scope="module")
def gold() -> tuple[dict[str, Report], dict[str, str]]:
    return load_gold_dir(GOLD), load_docs(DOCS)


def _run(noise: str, *, strict: bool = False, chunk_tokens: int = 600, thoughts: bool = False,
         mode: str = "json_schema") -> Iterator[tuple[dict[str, Report], int]]:
    with GoldReader([(DOCS, GOLD)], noise=noise, seed=1, thoughts=thoughts) as reader:
        config = ExtractConfig(backend="openai", base_url=reader.url, model="gold-reader", mode=mode,
                               cache=False, chunk_tokens=chunk_tokens, strict_grounding=strict)
        with Extractor(config) as extractor:
            results = {p.stem: extractor.extract_path(p) for p in sorted(DOCS.glob("*.txt"))}
        tokens = sum(r.usage.total_tokens for r in results.values())
        yield {doc: r.report for doc, r in results.items()}, tokens


def _score(preds: dict[str, Report], gold: tuple[dict[str, Report], dict[str, str]]) -> tuple[float, float]:
    golds, texts = gold
    total = score_run(golds, preds, texts).total
    return total.f1 or 0.0, total.precision or 0.0


def test_a_perfect_reader_loses_nothing(gold: tuple[dict[str, Report], dict[str, str]]) -> None:
    for preds, _ in _run("clean"):
        f1, precision = _score(preds, gold)
        assert f1 == pytest.approx(1.0) and precision == pytest.approx(1.0)


@pytest.mark.parametrize(
    ("noise", "repaired"),
    # script and width are normalised and grounded after validation: nothing to repair
    [("wan", True), ("unit_synonyms", True), ("model_quirks", True), ("script_width", False)],
)
def test_repairable_mistakes_cost_almost_nothing_and_no_reasks(
    noise: str, repaired: bool, gold: tuple[dict[str, Report], dict[str, str]]
) -> None:
    [(clean_preds, clean_tokens)] = list(_run("clean"))
    [(preds, tokens)] = list(_run(noise))
    f1, _ = _score(preds, gold)
    assert f1 >= 0.97 and f1 >= _score(clean_preds, gold)[0] - 0.02
    assert tokens <= 1.1 * clean_tokens  # repaired, not re-asked
    assert any(r.meta is not None and r.meta.repairs for r in preds.values()) is repaired


@pytest.mark.parametrize("mode", ["json_schema", "md_json"])
def test_a_reasoning_models_thoughts_before_its_answer_cost_nothing(
    mode: str, gold: tuple[dict[str, Report], dict[str, str]]
) -> None:
    """Thoughts sketching the JSON (an invented village) are left in the content: the answer
    after them is read, whole, and the sketch never becomes a record."""
    [(preds, _)] = list(_run("clean", thoughts=True, mode=mode))
    f1, precision = _score(preds, gold)
    assert f1 == pytest.approx(1.0) and precision == pytest.approx(1.0)
    assert not any(v.name == "示例村" for r in preds.values() for v in r.villages)
    rules = {rep.rule for r in preds.values() if r.meta is not None for rep in r.meta.repairs}
    assert rules == {"reasoning_removed" if mode == "json_schema" else "reasoning_removed+code_fence"}


def test_strict_grounding_keeps_correct_figures_and_drops_fabricated_ones(
    gold: tuple[dict[str, Report], dict[str, str]]
) -> None:
    [(clean, _)] = list(_run("clean", strict=True))
    assert _score(clean, gold)[0] >= 0.97
    [(fabricated, _)] = list(_run("fabricated_figure", strict=True))
    assert _score(fabricated, gold)[1] >= 0.97
    assert sum(r.meta.figures.nulled for r in fabricated.values() if r.meta is not None) > 0
    [(loose, _)] = list(_run("fabricated_figure"))
    assert _score(loose, gold)[1] < 0.95  # without --strict-grounding the invented figures stay (flagged)
    flagged = sum(r.meta.figures.unstated for r in loose.values() if r.meta is not None)
    assert flagged > 0


def test_invented_records_are_dropped_by_strict_grounding(gold: tuple[dict[str, Report], dict[str, str]]) -> None:
    [(preds, _)] = list(_run("invented_record", strict=True))
    assert _score(preds, gold)[1] >= 0.99
    assert sum(r.meta.grounding.dropped_items for r in preds.values() if r.meta is not None) > 0
