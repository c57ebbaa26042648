"""The library entry points: ``llmx.extract`` for one text, ``llmx.extract_many`` for many.

Both build an ``Extractor`` from ``ExtractConfig`` options (backend, model, base_url,
cache_dir ...), exactly as the command line does.
"""

from __future__ import annotations

import glob
import re
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

from llmx.config import ExtractConfig
from llmx.core.document import TEXT_SUFFIXES, document_from_text
from llmx.core.records import Report
from llmx.errors import ExtractionError, InputError
from llmx.pipeline import Extractor
from llmx.run.inputs import iter_input_paths

_CJK = re.compile(r"[\u3400-\u9fff]")


def looks_like_path(item: str) -> bool:
    """A string names a file when it exists, or when it reads like a path rather than prose
    (one short line, no Chinese, a separator, glob or text suffix): a mistyped path must fail
    as a missing file, not be extracted as a document."""
    if len(item) > 4096 or "\n" in item:
        return False
    if Path(item).exists():
        return True
    looks = "/" in item or "\\" in item or glob.has_magic(item) or Path(item).suffix.lower() in TEXT_SUFFIXES
    return looks and not _CJK.search(item)


def extract(text: str, doc_id: str = "doc", **config: Any) -> Report:
    """Extract one document given as text.

    >>> report = llmx.extract(open("report.txt").read(), doc_id="report")  # doctest: +SKIP

    ``config`` takes any ``ExtractConfig`` field (backend, model, base_url, cache_dir ...).
    """
    with Extractor(ExtractConfig.from_env(**config)) as extractor:
        return extractor.extract(document_from_text(text, doc_id)).report


def extract_many(
    items: Iterable[str | Path | tuple[str, str]],
    *,
    on_error: Callable[[ExtractionError], None] | None = None,
    **config: Any,
) -> Iterator[Report]:
    """Extract many documents: file paths (``Path`` or existing path strings), directories,
    ``(doc_id, text)`` pairs, or plain texts (doc ids ``text-0``, ``text-1`` ...).

    Failed documents raise ``ExtractionError`` unless ``on_error(error)`` is given, in which
    case they are reported to it and the iteration goes on.
    """
    with Extractor(ExtractConfig.from_env(**config)) as extractor:
        for i, item in enumerate(items):
            try:
                if isinstance(item, tuple):
                    doc_id, text = item
                    yield extractor.extract(document_from_text(text, doc_id)).report
                elif isinstance(item, Path) or looks_like_path(item):
                    for path in iter_input_paths([str(item)]):
                        try:
                            yield extractor.extract_path(path).report
                        except ExtractionError as err:
                            if on_error is None:
                                raise
                            on_error(err)
                else:
                    yield extractor.extract(document_from_text(str(item), f"text-{i}")).report
            except InputError as err:
                wrapped = ExtractionError(err.source, "load", err.problem, "InputError")
                if on_error is None:
                    raise wrapped from err
                on_error(wrapped)
            except ExtractionError as err:
                if on_error is None:
                    raise
                on_error(err)
