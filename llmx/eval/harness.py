"""Loading gold, documents and predictions, and running one evaluation end to end.

``run_eval`` is what ``llmx eval`` calls. It returns an exit code rather than raising,
so the command line, CI and tests see the same three outcomes: 0 scored, 1 headline F1
fell more than the tolerance below the baseline, 2 the inputs cannot be scored.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from pydantic import ValidationError
from rich.console import Console

from llmx.core.document import TEXT_SUFFIXES, load_document
from llmx.core.meta import RunMeta
from llmx.core.records import Report
from llmx.errors import EvalInputError, InputError
from llmx.eval.report import baseline_table, compare_to_baseline, render, write_json
from llmx.eval.scorer import score_run

EXIT_OK = 0
EXIT_REGRESSION = 1
EXIT_BAD_INPUT = 2


def load_gold_dir(path: str | Path) -> dict[str, Report]:
    """Every ``<doc_id>.json`` gold Report in a directory, keyed by doc_id.

    A file whose ``doc_id`` differs from its stem is an error: gold is joined to its
    document by the stem, and a silent mismatch would score the wrong pair.
    """
    path = Path(path)
    if not path.is_dir():
        raise EvalInputError(f"{path}: gold directory not found")
    golds: dict[str, Report] = {}
    for file in sorted(path.glob("*.json")):
        try:
            report = Report.model_validate_json(file.read_text(encoding="utf-8"))
        except (ValidationError, ValueError, OSError) as err:
            raise EvalInputError(f"{file}: not a valid gold Report: {err}") from None
        if report.doc_id != file.stem:
            raise EvalInputError(f"{file}: doc_id {report.doc_id!r} differs from the file name")
        golds[report.doc_id] = report
    if not golds:
        raise EvalInputError(f"{path}: no gold *.json files")
    return golds


def load_docs(path: str | Path) -> dict[str, str]:
    """Document texts keyed by file stem, read exactly as extraction reads them."""
    path = Path(path)
    if not path.is_dir():
        raise EvalInputError(f"{path}: documents directory not found")
    texts: dict[str, str] = {}
    for file in sorted(path.iterdir()):
        if not file.is_file() or file.name.startswith(".") or file.suffix.lower() not in TEXT_SUFFIXES:
            continue
        if file.stem in texts:
            raise EvalInputError(f"{file}: a second document with stem {file.stem!r}")
        try:
            texts[file.stem] = load_document(file).text
        except InputError as err:
            raise EvalInputError(str(err)) from None
    return texts


def load_predictions(
    jsonl_path: str | Path, problems: list[str] | None = None, *, keep_meta: bool = False,
) -> dict[str, Report]:
    """Predicted Reports from a JSONL file (one Report per line), keyed by doc_id.

    The ``meta`` content is ignored (it is run metadata, not scored) unless ``keep_meta``;
    then a meta that does not read as llmx's is dropped with a note, and its line kept.
    Bad lines are skipped and described in ``problems`` when a list is given; a repeated
    doc_id keeps the last line, as a re-run appended to the same file would mean.
    """
    path = Path(jsonl_path)
    if not path.is_file():
        raise EvalInputError(f"{path}: predictions file not found")
    notes = problems if problems is not None else []
    reports: dict[str, Report] = {}
    with path.open(encoding="utf-8") as handle:
        for number, line in enumerate(handle, start=1):
            if not line.strip():
                continue
            try:
                data = json.loads(line)
                if not isinstance(data, dict):
                    raise ValueError("line is not a JSON object")
                meta = data.pop("meta", None)
                report = Report.model_validate(data)
            except (ValueError, ValidationError) as err:
                notes.append(f"{path}:{number}: skipped, not a valid Report ({_first_line(err)})")
                continue
            if keep_meta and meta is not None:
                try:
                    report.meta = RunMeta.model_validate(meta)
                except ValidationError as err:
                    first = err.errors()[0]
                    where = ".".join(str(part) for part in first["loc"])
                    notes.append(f"{path}:{number}: meta.{where}: {first['msg']}; the run's flags are not shown")
            if report.doc_id in reports:
                notes.append(f"{path}:{number}: doc_id {report.doc_id!r} repeated, the later line is used")
            reports[report.doc_id] = report
    return reports


def _first_line(err: Exception) -> str:
    text = str(err).strip()
    return text.splitlines()[0] if text else type(err).__name__


def _as_mapping(predictions: Mapping[str, Report] | Iterable[Report]) -> dict[str, Report]:
    if isinstance(predictions, Mapping):
        return dict(predictions)
    return {report.doc_id: report for report in predictions}


def _load_baseline(path: str | Path) -> dict[str, Any]:
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError) as err:
        raise EvalInputError(f"{path}: cannot read baseline: {err}") from None
    if not isinstance(data, dict) or "total" not in data:
        raise EvalInputError(f"{path}: not an llmx eval --json result")
    return data


def run_eval(
    gold_dir: str | Path,
    docs_dir: str | Path,
    pred_path: str | Path | None = None,
    predictions: Mapping[str, Report] | Iterable[Report] | None = None,
    json_out: str | Path | None = None,
    baseline: str | Path | None = None,
    tolerance: float = 0.02,
    console: Console | None = None,
) -> int:
    """Score predictions against gold, print the tables, optionally write JSON and gate.

    Give either ``pred_path`` (JSONL) or ``predictions`` (Reports keyed by doc_id, or an
    iterable of Reports). A gold document with no prediction is scored as an empty
    Report and warned about; predictions for documents without gold are ignored with a
    warning. ``tolerance`` is the allowed drop of headline micro F1 (0.02 = 2 points).
    """
    console = console or Console()
    warnings: list[str] = []
    try:
        if (pred_path is None) == (predictions is None):
            raise EvalInputError("give exactly one of a predictions file or predictions")
        golds = load_gold_dir(gold_dir)
        texts = load_docs(docs_dir)
        missing_docs = sorted(set(golds) - set(texts))
        if missing_docs:
            raise EvalInputError(f"{docs_dir}: no document for gold {', '.join(missing_docs)}")
        if pred_path is not None:
            bad_lines: list[str] = []
            preds = load_predictions(pred_path, bad_lines)
            warnings += bad_lines
            if bad_lines and not preds:
                raise EvalInputError(f"{pred_path}: no valid prediction line")
        else:
            preds = _as_mapping(predictions or {})
        base = _load_baseline(baseline) if baseline is not None else None
    except EvalInputError as err:
        console.print(f"[red]error:[/red] {err}", highlight=False)
        return EXIT_BAD_INPUT

    for doc_id in sorted(set(golds) - set(preds)):
        warnings.append(f"{doc_id}: no prediction, scored as an empty Report")
    for doc_id in sorted(set(preds) - set(golds)):
        warnings.append(f"{doc_id}: prediction has no gold, ignored")
    for warning in warnings:
        console.print(f"[yellow]warning:[/yellow] {warning}", highlight=False)

    score = score_run(golds, {k: v for k, v in preds.items() if k in golds}, texts)
    result = score.to_dict()
    result["warnings"] = warnings
    render(result, console)

    code = EXIT_OK
    if base is not None:
        rows, ok = compare_to_baseline(result, base, tolerance)
        console.print(baseline_table(rows, ok, tolerance))
        result["baseline"] = {
            "path": str(baseline),
            "tolerance": tolerance,
            "ok": ok,
            "rows": [row.to_dict() for row in rows],
        }
        code = EXIT_OK if ok else EXIT_REGRESSION
    if json_out is not None:
        write_json(result, json_out)
    return code
