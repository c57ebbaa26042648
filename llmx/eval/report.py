"""Presenting eval results: rich tables, the JSON file, and the comparison with a baseline.

Everything here reads the plain-dict form of a score (``RunScore.to_dict()``), so a saved
``--json`` file and a fresh run go through the same code and a baseline from an older
run compares field by field without unpickling anything.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.table import Table

OUTCOME_COLUMNS = ("match", "mismatch", "hallucination", "omission")


def _pct(value: float | None) -> str:
    return "–" if value is None else f"{100 * value:.1f}"


def _signed(value: float | None) -> str:
    if value is None:
        return "–"
    text = f"{100 * value:+.1f}"
    if value > 0:
        return f"[green]{text}[/green]"
    if value < 0:
        return f"[red]{text}[/red]"
    return text


def _prf_columns(table: Table) -> None:
    for name in ("P", "R", "F1"):
        table.add_column(name, justify="right")
    for name in OUTCOME_COLUMNS:
        table.add_column(name, justify="right")


def _prf_cells(counts: dict[str, Any]) -> list[str]:
    return [
        _pct(counts.get("precision")),
        _pct(counts.get("recall")),
        _pct(counts.get("f1")),
        *(str(counts.get(name, 0)) for name in OUTCOME_COLUMNS),
    ]


def _grounding_columns(table: Table) -> None:
    table.add_column("quotes found", justify="right")
    table.add_column("numbers in evidence", justify="right")


def _grounding_cells(scope: dict[str, Any]) -> list[str]:
    grounding = scope.get("grounding", {})
    return [_pct(grounding.get("quote_rate")), _pct(grounding.get("number_rate"))]


def headline_table(score: dict[str, Any]) -> Table:
    """Micro P/R/F1 over all atoms with the four outcome counts and the grounding rates."""
    table = Table(title="llmx eval: micro-averaged over all atoms (%)")
    table.add_column("docs", justify="right")
    _prf_columns(table)
    _grounding_columns(table)
    table.add_row(str(len(score.get("docs", {}))), *_prf_cells(score["total"]), *_grounding_cells(score))
    return table


def types_table(score: dict[str, Any]) -> Table:
    """Per record type: atoms plus item counts and the non-atom similarities."""
    table = Table(title="per record type (%)")
    table.add_column("type")
    _prf_columns(table)
    table.add_column("items gold/pred/matched", justify="right")
    table.add_column("evidence IoU", justify="right")
    table.add_column("summary/name sim", justify="right")
    items = score.get("items", {})
    for record_type, counts in score["types"].items():
        stats = items.get(record_type)
        item_cell = f"{stats['gold']}/{stats['pred']}/{stats['matched']}" if stats else "–"
        table.add_row(
            record_type,
            *_prf_cells(counts),
            item_cell,
            _pct(stats.get("mean_evidence_iou")) if stats else "–",
            _pct(stats.get("mean_text_similarity")) if stats else "–",
        )
    return table


def fields_table(score: dict[str, Any]) -> Table:
    """Per field (``measures.investment_yuan``): P/R/F1 and outcome counts."""
    table = Table(title="per field (%)")
    table.add_column("field")
    _prf_columns(table)
    for key, counts in score["fields"].items():
        table.add_row(key, *_prf_cells(counts))
    return table


def docs_table(score: dict[str, Any]) -> Table:
    """Per document: P/R/F1, outcome counts and grounding rates."""
    table = Table(title="per document (%)")
    table.add_column("doc_id", overflow="fold")
    _prf_columns(table)
    _grounding_columns(table)
    for doc_id, doc in score.get("docs", {}).items():
        table.add_row(doc_id, *_prf_cells(doc["total"]), *_grounding_cells(doc))
    return table


def render(score: dict[str, Any], console: Console) -> None:
    """Print the headline, per-type, per-field and per-document tables."""
    for table in (headline_table(score), types_table(score), fields_table(score), docs_table(score)):
        console.print(table)


def write_json(data: dict[str, Any], path: str | Path) -> None:
    """Write the full result (UTF-8, Chinese kept readable) and create parent folders."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")


# --------------------------------------------------------------------------- baseline


@dataclass(frozen=True, slots=True)
class DeltaRow:
    """F1 of one scope (overall, a record type or a field) in the baseline and now."""

    scope: str
    key: str
    baseline: float | None
    current: float | None

    @property
    def delta(self) -> float | None:
        if self.baseline is None and self.current is None:
            return None
        return (self.current or 0.0) - (self.baseline or 0.0)

    def to_dict(self) -> dict[str, Any]:
        return {"scope": self.scope, "key": self.key, "baseline": self.baseline, "current": self.current,
                "delta": self.delta}


def _f1(section: dict[str, Any], key: str) -> float | None:
    entry = section.get(key)
    return None if entry is None else entry.get("f1")


def compare_to_baseline(
    current: dict[str, Any], baseline: dict[str, Any], tolerance: float
) -> tuple[list[DeltaRow], bool]:
    """F1 change per scope against a saved result; ok unless headline F1 fell by > tolerance.

    Only the headline decides: per-field F1 on five documents moves by whole points when
    one item changes, so gating on it would fail on noise. A missing headline F1 (no
    atoms) counts as 0 on the current side and never fails on the baseline side.
    """
    rows = [DeltaRow("overall", "total", baseline.get("total", {}).get("f1"), current.get("total", {}).get("f1"))]
    for section, scope in (("types", "type"), ("fields", "field")):
        cur, base = current.get(section, {}), baseline.get(section, {})
        keys = list(cur) + [k for k in base if k not in cur]
        rows += [DeltaRow(scope, key, _f1(base, key), _f1(cur, key)) for key in keys]
    headline = rows[0]
    ok = headline.baseline is None or (headline.current or 0.0) >= headline.baseline - tolerance
    return rows, ok


def baseline_table(rows: list[DeltaRow], ok: bool, tolerance: float) -> Table:
    """F1 per scope in the baseline and now, with the verdict in the title."""
    verdict = "[green]ok[/green]" if ok else "[red]REGRESSION[/red]"
    table = Table(title=f"F1 against baseline (%): {verdict} (tolerance {100 * tolerance:.1f} points)")
    table.add_column("scope")
    table.add_column("key")
    table.add_column("baseline", justify="right")
    table.add_column("current", justify="right")
    table.add_column("change", justify="right")
    for row in rows:
        table.add_row(row.scope, row.key, _pct(row.baseline), _pct(row.current), _signed(row.delta))
    return table
