"""The library API: llmx.extract and llmx.extract_many, offline with the rules backend."""

from __future__ import annotations

from pathlib import Path

import pytest

import llmx
from llmx.run.library import looks_like_path as _looks_like_path

TEXT = "县纪委派驻张家坝村驻村工作队。全村共411户1384人，建档立卡贫困户231户731人。"


def test_extract_returns_a_grounded_report() -> None:
    report = llmx.extract(TEXT, doc_id="r1", backend="rules", cache=False)
    assert report.doc_id == "r1"
    village = report.villages[0]
    assert (village.name, village.households, village.poor_households) == ("张家坝村", 411, 231)
    for evidence in village.evidence:
        assert TEXT[evidence.start : evidence.end] == evidence.quote
    assert report.meta is not None and report.meta.backend == "rules"


def test_extract_many_mixes_paths_pairs_and_texts(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(TEXT, encoding="utf-8")
    (tmp_path / "empty.txt").write_text("", encoding="utf-8")
    errors: list[llmx.ExtractionError] = []
    reports = list(
        llmx.extract_many([tmp_path, ("pair", TEXT), TEXT, str(tmp_path / "typo.txt")], backend="rules",
                          on_error=errors.append)
    )
    assert [r.doc_id for r in reports] == ["a", "pair", "text-2"]
    assert sorted((e.stage, Path(e.doc_id).name) for e in errors) == [("load", "empty"), ("load", "typo.txt")]


def test_extract_many_raises_without_on_error(tmp_path: Path) -> None:
    with pytest.raises(llmx.ExtractionError, match="no such file"):
        list(llmx.extract_many([str(tmp_path / "missing.txt")], backend="rules"))


@pytest.mark.parametrize(
    ("item", "is_path"),
    [("pages/a.txt", True), ("report.html", True), ("data/*.txt", True), (TEXT, False),
     ("全村共120户/410人", False), ("plain words", False)],
)
def test_what_reads_as_a_path(item: str, is_path: bool) -> None:
    assert _looks_like_path(item) is is_path
