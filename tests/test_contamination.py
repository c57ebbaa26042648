"""No contamination: prompts and schema descriptions never quote an evaluation document.

A model copies examples (the tiny model given 中村村 as an example wrote 中村村 as the
title of a page that does not mention it), and an example taken from an evaluation page
makes every LLM score on that page worthless. So every example in a prompt or in a field
description must be invented: this test fails on any phrase of six or more characters
(four of them Chinese) shared with any document under evals/.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from llmx.core.records import RECORD_MODELS
from llmx.core.script import to_simplified
from llmx.llm.modes import MODES, request_shape
from llmx.llm.prompting import prompts_dir

ROOT = Path(__file__).resolve().parents[1]
PHRASE = 6
_CJK_MIN = 4


def _cjk(ch: str) -> bool:
    return "\u3400" <= ch <= "\u9fff"


def _phrases(text: str) -> set[str]:
    """Every run of PHRASE characters (no whitespace, at least four Chinese), in both scripts."""
    found: set[str] = set()
    for form in {text, to_simplified(text)}:
        for i in range(len(form) - PHRASE + 1):
            window = form[i : i + PHRASE]
            if not any(c.isspace() for c in window) and sum(map(_cjk, window)) >= _CJK_MIN:
                found.add(window)
    return found


@pytest.fixture(scope="module")
def evaluation_phrases() -> set[str]:
    docs = sorted(ROOT.glob("evals/**/docs/*.txt"))
    assert len(docs) >= 9, "the evaluation documents are missing"
    phrases: set[str] = set()
    for path in docs:
        phrases |= _phrases(path.read_text(encoding="utf-8"))
    return phrases


def _descriptions(node: Any) -> list[str]:
    if isinstance(node, dict):
        own = [node["description"]] if isinstance(node.get("description"), str) else []
        return own + [d for value in node.values() for d in _descriptions(value)]
    if isinstance(node, list):
        return [d for value in node for d in _descriptions(value)]
    return []


def _shared(text: str, phrases: set[str]) -> list[str]:
    return sorted(_phrases(text) & phrases)


@pytest.mark.parametrize("path", sorted(Path(prompts_dir()).glob("*.md")), ids=lambda p: p.name)
def test_prompt_files_share_no_phrase_with_an_evaluation_document(path: Path, evaluation_phrases: set[str]) -> None:
    assert _shared(path.read_text(encoding="utf-8"), evaluation_phrases) == []


@pytest.mark.parametrize("name", sorted(RECORD_MODELS))
def test_schema_descriptions_share_no_phrase_with_an_evaluation_document(
    name: str, evaluation_phrases: set[str]
) -> None:
    text = "\n".join(_descriptions(RECORD_MODELS[name].model_json_schema()))
    assert _shared(text, evaluation_phrases) == []


@pytest.mark.parametrize("mode", MODES)
def test_what_each_mode_sends_besides_the_chunk_is_clean(mode: str, evaluation_phrases: set[str]) -> None:
    body = request_shape(mode, True).body("", "")
    assert _shared(json.dumps(body, ensure_ascii=False), evaluation_phrases) == []


def test_the_check_finds_a_copied_phrase(evaluation_phrases: set[str]) -> None:
    page = next(ROOT.glob("evals/docs/*.txt")).read_text(encoding="utf-8")
    sentence = next(line for line in page.splitlines() if sum(map(_cjk, line)) >= 12)
    assert _shared(f"例如：{sentence}", evaluation_phrases)
