"""Chunks that disagree about one item: the run keeps the first value and writes the
other to ``meta.merge_conflicts``, so no stated value is lost from the output file."""

from __future__ import annotations

from typing import Any

import pytest

from llmx.backends.base import ChunkAnswer, ChunkRequest
from llmx.config import ExtractConfig
from llmx.core.document import Document
from llmx.core.records import Extraction
from llmx.pipeline import Extractor

FILLER = "村里的道路修好了，群众出行方便了很多。" * 12
TEXT = "甲村全村120户。\n" + FILLER + "\n甲村现有130户。\n" + FILLER + "\n"


class TwoChunkBackend:
    """TEST DOUBLE: each chunk names 甲村 with the household count its own text states."""

    name = "two-chunk"
    cacheable = False
    local_cpu = False
    max_chunk_tokens = 160

    def identity(self) -> dict[str, Any]:
        return {"backend": self.name}

    async def extract_chunk(self, request: ChunkRequest) -> ChunkAnswer:
        text = request.chunk.text
        quote = "全村120户" if "全村120户" in text else "现有130户" if "现有130户" in text else None
        villages: list[dict[str, Any]] = []
        if request.chunk.index == 0:  # an item whose quote is nowhere: --strict-grounding drops it
            villages.append({"name": "乙村", "evidence": [{"quote": "乙村有九十户", "start": 0, "end": 6}]})
        if quote is not None:
            start = text.index(quote)
            villages.append({"name": "甲村", "households": int(quote[2:5]),
                             "evidence": [{"quote": quote, "start": start, "end": start + len(quote)}]})
        request.usage.add(calls=1, chunks=1)
        return ChunkAnswer(Extraction.model_validate({"villages": villages}))

    async def aclose(self) -> None:
        return


@pytest.mark.parametrize(("strict", "record"), [(False, "villages[1]"), (True, "villages[0]")])
def test_the_value_a_later_chunk_gave_is_in_meta_not_lost(strict: bool, record: str) -> None:
    config = ExtractConfig(backend="rules", cache=False, strict_grounding=strict)
    with Extractor(config, backend=TwoChunkBackend()) as extractor:
        report = extractor.extract(Document(doc_id="d", text=TEXT)).report
    assert report.meta is not None and report.meta.chunks >= 2
    village = next(v for v in report.villages if v.name == "甲村")
    assert village.households == 120
    assert report.villages.index(village) == int(record[-2])  # the record points at the merged village
    assert [(c.record, c.field, c.kept, c.other) for c in report.meta.merge_conflicts] == [
        (record, "households", 120, 130)
    ]
    assert "merge_conflicts" in report.model_dump(mode="json")["meta"]
