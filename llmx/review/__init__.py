"""The review page: every record next to the sentence it came from.

``write_review`` is what ``llmx review`` calls. It reads a run, its documents and
optionally the gold with ``llmx eval``'s own loaders and scorer, so the page and the eval
table never disagree, and writes one static HTML file.

By job: ``segments`` cuts the text at evidence boundaries and draws it as HTML,
``formatting`` writes values and labels, ``flags`` reads what the run flagged in its
meta, ``views`` builds what is shown about each document, ``page`` renders the page.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from llmx.errors import EvalInputError
from llmx.eval.harness import load_gold_dir, load_predictions
from llmx.review.documents import load_review_docs
from llmx.review.page import render_page
from llmx.review.views import DocView, build_doc

__all__ = ["build_review", "write_review"]


def build_review(run: Path, docs: Path, gold_dir: Path | None = None) -> tuple[list[DocView], list[str]]:
    """The documents to show and the warnings to print on the page.

    Shown, by doc_id: every document of the run, plus every gold document the run has no
    line for (scored as an empty Report, as ``llmx eval`` does). Documents are read from ``docs``
    and its subfolders as ``llmx extract`` reads them; a document whose text is missing or
    cannot be read (empty, binary) is still listed, without its text, with its records as
    not found.

    Each document also carries what its run flagged in ``meta`` (``flags``): disputed
    values, figures no quote states, items and chunks left out.

    Raises FileNotFoundError for a missing run file or directory, ValueError for input
    that cannot be read (no valid run line, broken gold).
    """
    run, docs = Path(run), Path(docs)
    if not run.is_file():
        raise FileNotFoundError(f"{run}: run file not found")
    if not docs.is_dir():
        raise FileNotFoundError(f"{docs}: documents directory not found")
    if gold_dir is not None and not Path(gold_dir).is_dir():
        raise FileNotFoundError(f"{gold_dir}: gold directory not found")
    warnings: list[str] = []
    try:
        preds = load_predictions(run, warnings, keep_meta=True)
        golds = load_gold_dir(gold_dir) if gold_dir is not None else {}
    except EvalInputError as err:
        raise ValueError(str(err)) from None
    if not preds:
        first = f" ({warnings[0]})" if warnings else ""
        raise ValueError(f"{run}: no valid Report line to review{first}")
    found = load_review_docs(docs)
    texts = found.texts
    warnings.extend(found.warnings)
    doc_ids = sorted(set(preds) | set(golds))  # a concurrent run writes in completion order
    views: list[DocView] = []
    for index, doc_id in enumerate(doc_ids):
        problem = found.unreadable.get(doc_id)
        if problem is not None:
            warnings.append(f"{problem}: shown without its text")
        elif doc_id not in texts:
            warnings.append(f"{doc_id}: no document in {docs}, its evidence cannot be shown")
        if gold_dir is not None and doc_id not in golds:
            warnings.append(f"{doc_id}: no gold, fields are not marked")
        if doc_id not in preds:
            warnings.append(f"{doc_id}: in the gold but not in the run, scored as an empty Report")
        views.append(build_doc(index, doc_id, texts.get(doc_id), preds.get(doc_id), golds.get(doc_id),
                               text_note=problem))
    return views, warnings


def write_review(run: Path, docs: Path, out: Path, gold_dir: Path | None = None) -> int:
    """Write the review page for ``run`` to ``out``; returns the number of documents on it.

    The file is written next to ``out`` and renamed into place, so a browser tab being
    refreshed never loads half a page.
    """
    views, warnings = build_review(run, docs, gold_dir)
    html = render_page(views, run_name=Path(run).name, gold_name=str(gold_dir) if gold_dir else None,
                       warnings=warnings)
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{out.name}.", dir=out.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(html)
        os.chmod(tmp, 0o644)  # mkstemp makes it private; the page is meant to be shared
        os.replace(tmp, out)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return len(views)
