"""One unit of a run: load a document, extract it, and package what happened as an Outcome.

Every engine (in-process, worker processes, Ray actors, ``llmx batch collect``) turns
documents into Outcomes through here, so a document fails, and is noted, the same way
whichever engine ran it. Nothing escapes as an exception: a bug on one document must
not lose the rest of the run.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

from llmx.core.clean import related_tails
from llmx.core.document import Document, document_from_bytes, document_from_text, load_document
from llmx.core.script import script_of
from llmx.errors import ExtractionError, InputError
from llmx.pipeline import DocumentResult, Extractor
from llmx.run.summary import Outcome

#: files at least this big get a note saying how many chunks they became
LARGE_FILE_BYTES = 5 * 1024 * 1024
#: the longest error message written to the terminal or the errors file: an exception
#: that carries the document (a UnicodeError does) must not print it
MAX_MESSAGE_CHARS = 300


@dataclass(frozen=True, slots=True)
class Task:
    """A document to extract: its place in the input, where it comes from, its id.

    ``text`` is set when the document has no file: bytes (standard input) are decoded as a
    file's bytes are, a str (a dataset row, library use) is taken as it is.
    ``path`` is where to open the file when that is not ``source`` as given: a Ray actor
    on another machine, in another working directory, opens the absolute path, and
    ``source`` stays as the user wrote it (in the output and error messages).
    """

    index: int
    source: str
    doc_id: str
    text: str | bytes | None = None
    path: str | None = None


def load_task(task: Task) -> tuple[Document, int | None, bool]:
    """The task's document, its size in bytes (None for text without bytes), and whether
    it had a BOM."""
    if isinstance(task.text, bytes):
        document = document_from_bytes(task.text, task.doc_id, task.source)
        return document, len(task.text), document.bom
    if task.text is not None:
        document = document_from_text(task.text, task.doc_id)
        return document, None, document.bom
    path = Path(task.path or task.source)
    document = load_document(path, task.doc_id)
    if task.path is not None:
        document = replace(document, source=task.source)
    return document, path.stat().st_size, document.bom


def shorten(message: str, limit: int = MAX_MESSAGE_CHARS) -> str:
    """``message`` cut to ``limit`` characters, saying how much was cut."""
    if len(message) <= limit:
        return message
    return f"{message[:limit]}… ({len(message) - limit:,} more characters)"


def failed(task: Task, error: ExtractionError) -> Outcome:
    usage = error.usage
    record = {**error.as_record(), "source": task.source}
    record["message"] = shorten(record["message"])
    outcome = Outcome(task.index, task.doc_id, task.source, error=record)
    if usage is not None:
        outcome.usage = usage
    return outcome


def succeeded(task: Task, document: Document, result: DocumentResult, size: int | None, had_bom: bool) -> Outcome:
    report = result.report
    chunks = report.meta.chunks if report.meta is not None else 0
    lost = report.meta.chunk_errors if report.meta is not None else []
    figures = result.figures
    notes = input_notes(document, task.source, size=size, had_bom=had_bom, chunks=chunks)
    if lost:
        notes.append(("partial", f"{task.source}: written without {len(lost)} of {chunks} chunks "
                                 f"(--keep-partial; chunks {', '.join(str(e.chunk) for e in lost)} failed: "
                                 "see meta.chunk_errors)"))
    return Outcome(
        index=task.index,
        doc_id=task.doc_id,
        source=task.source,
        line=report.model_dump_json(),
        records={kind: len(items) for kind, items in report.items().items()},
        usage=result.usage,
        grounding=result.grounding,
        figures=(figures.checked, figures.stated, figures.derived, figures.unstated, figures.nulled),
        notes=notes,
        partial=bool(lost),
    )


def failure(task: Task, err: Exception) -> Outcome:
    """The Outcome of a document whose extraction raised ``err``, with the stage it names:
    a bug on one document must not lose the rest of the run."""
    if isinstance(err, ExtractionError):
        return failed(task, err)
    if isinstance(err, InputError):
        return failed(task, ExtractionError(task.doc_id, "load", err.problem, "InputError"))
    message = str(err) or type(err).__name__  # not repr(): a UnicodeError's holds the whole text
    return failed(task, ExtractionError(task.doc_id, "internal", message, type(err).__name__))


async def process(extractor: Extractor, task: Task) -> Outcome:
    """Load and extract one document; failures come back as an Outcome naming the stage."""
    try:
        document, size, had_bom = load_task(task)
        result = await extractor.aextract(document)
    except Exception as err:
        return failure(task, err)
    return succeeded(task, document, result, size, had_bom)


def input_notes(
    document: Document, source: str, *, size: int | None, had_bom: bool, chunks: int
) -> list[tuple[str, str]]:
    """(kind, one-line message) for inputs that were read in a way worth knowing."""
    notes: list[tuple[str, str]] = []
    if document.encoding not in ("utf-8", "ascii"):
        how = "" if document.bom or not document.encoding.startswith("utf-") else " (no byte-order mark)"
        notes.append(("encoding", f"{source}: not UTF-8, decoded as {document.encoding.upper()}{how}"))
    if had_bom:
        notes.append(("bom", f"{source}: byte-order mark removed (offsets count from the first character)"))
    notes.extend((kind, f"{source}: {message}") for kind, message in document.notes)
    if "\r\n" in document.text:
        notes.append(("crlf", f"{source}: Windows line endings kept (offsets count each \\r)"))
    if document.is_html:
        notes.append(("html", f"{source}: HTML page, extracted from its visible text ({len(document.text)} chars)"))
    for tail in related_tails(document.text):
        notes.append(("tail", f"{source}: {tail.chars:,} characters after '{tail.marker}' (line {tail.line}) "
                              "left out as related links"))
    if size is not None and size >= LARGE_FILE_BYTES:
        notes.append(("large", f"{source}: large file ({size / 2**20:.1f} MB), split into {chunks} chunks"))
    script = script_of(document.text)
    if script == "mixed":
        notes.append(("script", f"{source}: traditional and simplified characters mixed; values are written "
                                "in simplified, evidence as in the source"))
    elif script == "traditional":
        notes.append(("script", f"{source}: traditional characters; values are written in simplified, "
                                "evidence as in the source"))
    return notes
