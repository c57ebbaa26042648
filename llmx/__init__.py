"""llmx: evidence-grounded structured records from Chinese reports on village-stationed
poverty-alleviation work teams.

Library use::

    import llmx
    report = llmx.extract(text, doc_id="report-1")            # rules backend offline
    for report in llmx.extract_many(["pages/"], model="qwen-plus", base_url=...):
        ...
"""

from __future__ import annotations

from importlib import metadata
from typing import TYPE_CHECKING, Any

from llmx.core.records import Evidence, Measure, Metric, Quantity, Report, Team, Village
from llmx.errors import ExtractionError, LlmxError

try:
    __version__ = metadata.version("llmx")
except metadata.PackageNotFoundError:  # a checkout that was never installed
    __version__ = "0+unknown"

if TYPE_CHECKING:
    from llmx.pipeline import Extractor
    from llmx.run.library import extract, extract_many

_LAZY = {"Extractor": "llmx.pipeline", "extract": "llmx.run.library", "extract_many": "llmx.run.library"}


def __getattr__(name: str) -> Any:
    # The pipeline pulls in the backends and the Chinese NLP libraries; importing it lazily
    # keeps ``import llmx.core.records`` (schemas, scorer, tests) light.
    if name in _LAZY:
        import importlib

        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'llmx' has no attribute {name!r}")

__all__ = [
    "Evidence",
    "ExtractionError",
    "Extractor",
    "LlmxError",
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
