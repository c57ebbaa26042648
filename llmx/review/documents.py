"""The documents a review page shows, read as ``llmx extract`` reads them.

The same files (every text file under ``--docs``, subfolders included, by
``llmx.run.inputs``), the same doc ids (the file stem) and the same text (``load_document``),
so every offset in the run points at the right character. A file that cannot be read
costs only its own text: the page is written with that document shown without it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from llmx.core.document import load_document
from llmx.errors import InputError
from llmx.run.inputs import expand_input


@dataclass(slots=True)
class ReviewDocs:
    """Texts by doc id, the problem of each file that could not be read, and warnings."""

    texts: dict[str, str] = field(default_factory=dict)
    unreadable: dict[str, str] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)


def load_review_docs(docs: Path) -> ReviewDocs:
    """Every document under ``docs`` by doc id; never raises for a file it cannot read.

    As in a run, the first file with a stem is the document of that doc id; a later one is
    left out with a warning.
    """
    found = ReviewDocs()
    try:
        files = expand_input(str(docs))
    except InputError as err:
        found.warnings.append(str(err))
        return found
    seen: dict[str, Path] = {}
    for file in files:
        doc_id = file.stem
        if doc_id in seen:
            found.warnings.append(f"{file}: same doc id {doc_id!r} as {seen[doc_id]}, which is shown")
            continue
        seen[doc_id] = file
        try:
            found.texts[doc_id] = load_document(file, doc_id).text
        except InputError as err:
            found.unreadable[doc_id] = str(err)
    return found
