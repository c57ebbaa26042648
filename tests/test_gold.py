"""The hand-labelled gold records stay valid and anchored in their documents.

Every score ``llmx eval`` prints is only as good as these files, so a gold edit that
breaks the schema, moves a quote off its offsets or loses its document fails here.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from llmx.core.document import load_document
from llmx.core.records import Report
from llmx.eval.grounding_rates import simplify
from llmx.eval.harness import load_docs, load_gold_dir

EVALS = Path(__file__).resolve().parent.parent / "evals"
GOLD_DIR = EVALS / "gold"
DOCS_DIR = EVALS / "docs"
# the five sample pages and the held-out set (evals/heldout/README.md) obey the same checks
GOLD_FILES = sorted(GOLD_DIR.glob("*.json")) + sorted((EVALS / "heldout" / "gold").glob("*.json"))


def test_there_is_gold() -> None:
    assert len(GOLD_FILES) >= 5


@pytest.mark.parametrize("path", GOLD_FILES, ids=lambda p: p.stem)
def test_gold_file_validates_as_report(path: Path) -> None:
    report = Report.model_validate(json.loads(path.read_text(encoding="utf-8")))
    assert report.doc_id == path.stem
    assert report.meta is None


@pytest.mark.parametrize("path", GOLD_FILES, ids=lambda p: p.stem)
def test_gold_doc_exists(path: Path) -> None:
    matches = [p for p in (path.parent.parent / "docs").iterdir() if p.stem == path.stem]
    assert len(matches) == 1, f"{path.stem}: expected one document, found {matches}"


@pytest.mark.parametrize("path", GOLD_FILES, ids=lambda p: p.stem)
def test_gold_quotes_sit_at_their_offsets(path: Path) -> None:
    report = Report.model_validate_json(path.read_text(encoding="utf-8"))
    [doc_path] = [p for p in (path.parent.parent / "docs").iterdir() if p.stem == path.stem]
    text = load_document(doc_path).text
    wrong = []
    for kind, items in report.items().items():
        for index, item in enumerate(items):
            for ev in item.evidence:  # type: ignore[attr-defined]
                if ev.end <= ev.start or text[ev.start : ev.end] != ev.quote:
                    wrong.append(f"{kind}[{index}] {ev.start}:{ev.end} {ev.quote!r}")
    assert not wrong, "\n".join(wrong)


def _values(data: object, path: str = "") -> list[tuple[str, str]]:
    """Every string value of a gold file except evidence quotes, with its JSON path."""
    if isinstance(data, dict):
        return [pair for key, value in data.items() if key != "quote" for pair in _values(value, f"{path}.{key}")]
    if isinstance(data, list):
        return [pair for index, value in enumerate(data) for pair in _values(value, f"{path}[{index}]")]
    return [(path, data)] if isinstance(data, str) else []


@pytest.mark.parametrize("path", GOLD_FILES, ids=lambda p: p.stem)
def test_gold_values_are_simplified(path: Path) -> None:
    # SPEC 1: values are simplified whatever the source script; only quotes stay verbatim.
    data = json.loads(path.read_text(encoding="utf-8"))
    traditional = [(p, v) for p, v in _values(data) if simplify(v) != v]
    assert not traditional


def test_harness_loads_every_gold_with_its_document() -> None:
    golds = load_gold_dir(GOLD_DIR)
    texts = load_docs(DOCS_DIR)
    assert set(golds) == {p.stem for p in GOLD_DIR.glob("*.json")}
    assert set(golds) <= set(texts)
