"""llmx: evidence-grounded structured records from Chinese reports on village-stationed
poverty-alleviation work teams.

Library use::

    import llmx
    report = llmx.extract(text, doc_id="report-1")            # rules backend offline
    for report in llmx.extract_many(["pages/"], model="qwen-plus", base_url=...):
        ...
"""

from __future__ import annotations

__version__ = "0.1.0"

from typing import TYPE_CHECKING, Any

from llmx.core.records import Evidence, Measure, Metric, Quantity, Report, Team, Village

if TYPE_CHECKING:
    from llmx.errors import ExtractionError
    from llmx.pipeline import Extractor, extract, extract_many

_PIPELINE_NAMES = frozenset({"ExtractionError", "Extractor", "extract", "extract_many"})


def __getattr__(name: str) -> Any:
    # The pipeline pulls in the backends and the Chinese NLP libraries; importing it lazily
    # keeps ``import llmx.core.records`` (schemas, scorer, tests) light.
    if name in _PIPELINE_NAMES:
        from llmx import pipeline

        return getattr(pipeline, name)
    raise AttributeError(f"module 'llmx' has no attribute {name!r}")

__all__ = [
    "Evidence",
    "ExtractionError",
    "Extractor",
    "Measure",
    "Metric",
    "Quantity",
    "Report",
    "Team",
    "Village",
    "__version__",
    "extract",
    "extract_many",
]
