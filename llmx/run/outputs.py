"""Converting a run's JSONL (the source of truth) into tables: DuckDB, SQLite, CSV, Parquet, JSON.

One table per record type: ``reports`` (one row per document) and ``teams``,
``villages``, ``measures``, ``metrics`` (one row per item, keyed by ``doc_id`` and
``item``, the item's index in its document). Nested values stay queryable without a
schema of their own: list fields and quantities are JSON text, evidence is its quotes
joined with `` | `` plus the first quote's ``start``/``end``. ``json`` writes the full
nested records as one JSON array.

The run file is read in batches, so memory does not grow with the run; a torn last line
(a run killed mid-write) is skipped and reported; a doc_id seen twice keeps its first
record. Every target is replaced as a whole: files are written beside it and renamed,
database tables are replaced inside one transaction.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import os
import sqlite3
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any, ClassVar

#: what ``llmx extract --format`` accepts
RUN_FORMATS: tuple[str, ...] = ("jsonl", "json", "csv", "parquet")
#: what ``llmx export --format`` accepts
EXPORT_FORMATS: tuple[str, ...] = ("duckdb", "sqlite", "csv", "parquet", "json")
_SUFFIX_FORMATS = {".duckdb": "duckdb", ".ddb": "duckdb", ".sqlite": "sqlite", ".sqlite3": "sqlite", ".db": "sqlite",
                   ".json": "json"}
BATCH_DOCS = 2000
EVIDENCE_SEP = " | "

_EVIDENCE_COLUMNS = [("evidence", "str"), ("evidence_start", "int"), ("evidence_end", "int"), ("evidence_match", "str")]

#: table -> [(column, kind)], kind one of str, int, float, bool, date, json
TABLES: dict[str, list[tuple[str, str]]] = {
    "reports": [
        ("doc_id", "str"), ("title", "str"), ("outlet", "str"), ("published", "date"), ("authors", "str"),
        ("teams", "int"), ("villages", "int"), ("measures", "int"), ("metrics", "int"),
        ("backend", "str"), ("model", "str"), ("mode", "str"), ("prompt", "str"), ("config_hash", "str"),
        ("llmx_version", "str"), ("source", "str"), ("encoding", "str"), ("chunks", "int"),
        ("calls", "int"), ("cache_hits", "int"), ("prompt_tokens", "int"), ("completion_tokens", "int"),
        ("transport_retries", "int"), ("reasks", "int"), ("ungrounded_items", "int"),
        # what a table user must see to trust a row: items left out, values a merge set aside,
        # figures no quote states (the details stay in the JSONL's meta)
        ("invalid_items", "int"), ("merge_conflicts", "int"), ("unstated_figures", "int"),
    ],
    "teams": [
        ("doc_id", "str"), ("item", "int"), ("sent_by", "str"), ("villages", "json"), ("leader", "str"),
        ("size", "int"), ("since", "int"), *_EVIDENCE_COLUMNS,
    ],
    "villages": [
        ("doc_id", "str"), ("item", "int"), ("name", "str"), ("province", "str"), ("city", "str"),
        ("county", "str"), ("township", "str"), ("households", "int"), ("population", "int"),
        ("poor_households", "int"), ("poor_population", "int"), ("poverty_rate_pct", "float"),
        ("exit_year", "int"), *_EVIDENCE_COLUMNS,
    ],
    "measures": [
        ("doc_id", "str"), ("item", "int"), ("village", "str"), ("category", "str"), ("summary", "str"),
        ("status", "str"), ("investment_yuan", "float"), ("quantities", "json"), ("households", "int"),
        ("people", "int"), ("year", "int"), *_EVIDENCE_COLUMNS,
    ],
    "metrics": [
        ("doc_id", "str"), ("item", "int"), ("name", "str"), ("subject", "str"), ("value", "float"),
        ("value_max", "float"), ("approx", "bool"), ("unit", "str"), ("year", "int"), *_EVIDENCE_COLUMNS,
    ],
}
ITEM_TABLES = ("teams", "villages", "measures", "metrics")


def derived_output(out: Path, fmt: str) -> Path:
    """Where ``llmx extract --format FMT`` puts the converted run: OUT.json, OUT_csv/, OUT_parquet/."""
    base = out.with_suffix("") if out.suffix == ".jsonl" else out
    if fmt == "json":
        return base.with_name(base.name + ".json")
    return base.with_name(f"{base.name}_{fmt}")


def infer_format(to: Path) -> str:
    fmt = _SUFFIX_FORMATS.get(to.suffix.lower())
    if fmt is None:
        raise ValueError(
            f"{to}: cannot tell the format from the name; give --format "
            f"({', '.join(EXPORT_FORMATS)}); csv and parquet write one file per table into a directory"
        )
    return fmt


# -- reading the run ---------------------------------------------------------------------


class RunReader:
    """Iterates a run's records; counts what it had to skip."""

    def __init__(self, path: Path) -> None:
        if not path.is_file():
            raise FileNotFoundError(f"{path}: no such run file")
        self.path = path
        self.skipped: Counter[str] = Counter()

    def __iter__(self) -> Iterator[dict[str, Any]]:
        seen: set[str] = set()
        with self.path.open("rb") as fh:
            for number, raw in enumerate(fh, 1):
                if not raw.strip():
                    continue
                try:
                    record = json.loads(raw)
                except json.JSONDecodeError:
                    self.skipped["torn last line" if not raw.endswith(b"\n") else f"unreadable line {number}"] += 1
                    continue
                if not isinstance(record, dict) or not isinstance(record.get("doc_id"), str):
                    self.skipped[f"line {number} is not a report"] += 1
                    continue
                if record["doc_id"] in seen:
                    self.skipped["duplicate doc_id"] += 1
                    continue
                seen.add(record["doc_id"])
                yield record

    def batches(self, size: int = BATCH_DOCS) -> Iterator[list[dict[str, Any]]]:
        batch: list[dict[str, Any]] = []
        for record in self:
            batch.append(record)
            if len(batch) >= size:
                yield batch
                batch = []
        if batch:
            yield batch


# -- flattening --------------------------------------------------------------------------


def _evidence(item: dict[str, Any]) -> dict[str, Any]:
    evidence = [e for e in item.get("evidence") or [] if isinstance(e, dict)]
    first = evidence[0] if evidence else {}
    return {
        "evidence": EVIDENCE_SEP.join(str(e.get("quote", "")) for e in evidence) or None,
        "evidence_start": first.get("start"),
        "evidence_end": first.get("end"),
        "evidence_match": first.get("match"),
    }


def _date(value: Any) -> dt.date | None:
    if isinstance(value, str) and value:
        try:
            return dt.date.fromisoformat(value[:10])
        except ValueError:
            return None
    return None


def flatten(record: dict[str, Any]) -> dict[str, list[dict[str, Any]]]:
    """One report -> rows for every table (values as Python objects, JSON columns as text)."""
    meta = record.get("meta") or {}
    usage = meta.get("usage") or {}
    doc_id = record["doc_id"]
    rows: dict[str, list[dict[str, Any]]] = {
        "reports": [{
            "doc_id": doc_id,
            "title": record.get("title"),
            "outlet": record.get("outlet"),
            "published": _date(record.get("published")),
            "authors": "、".join(record.get("authors") or []) or None,
            **{kind: len(record.get(kind) or []) for kind in ITEM_TABLES},
            **{key: meta.get(key) for key in ("backend", "model", "mode", "prompt", "config_hash", "llmx_version",
                                             "source", "encoding", "chunks")},
            **{key: usage.get(key) for key in ("calls", "cache_hits", "prompt_tokens", "completion_tokens",
                                              "transport_retries", "reasks")},
            "ungrounded_items": len(meta.get("ungrounded_items") or []) if "ungrounded_items" in meta else None,
            "invalid_items": len(meta.get("invalid_items") or []) if "invalid_items" in meta else None,
            "merge_conflicts": len(meta.get("merge_conflicts") or []) if "merge_conflicts" in meta else None,
            "unstated_figures": (meta.get("figures") or {}).get("unstated") if "figures" in meta else None,
        }]
    }
    for table in ITEM_TABLES:
        columns = [name for name, _ in TABLES[table]
                   if name not in ("doc_id", "item") and not name.startswith("evidence")]
        rows[table] = [
            {"doc_id": doc_id, "item": index, **{c: item.get(c) for c in columns}, **_evidence(item)}
            for index, item in enumerate(record.get(table) or [])
            if isinstance(item, dict)
        ]
    return rows


def _cell(value: Any, kind: str) -> Any:
    """A value as the column's kind says (JSON columns become text)."""
    if value is None:
        return None
    if kind == "json":
        return json.dumps(value, ensure_ascii=False)
    if kind == "int":
        return int(value) if isinstance(value, int | float) and not isinstance(value, bool) else None
    if kind == "float":
        return float(value) if isinstance(value, int | float) and not isinstance(value, bool) else None
    if kind == "bool":
        return bool(value)
    if kind == "date":
        return value if isinstance(value, dt.date) else _date(value)
    return str(value)


def _typed_rows(table: str, rows: list[dict[str, Any]]) -> list[tuple[Any, ...]]:
    spec = TABLES[table]
    return [tuple(_cell(row.get(name), kind) for name, kind in spec) for row in rows]


# -- sinks -------------------------------------------------------------------------------


class _Sink:
    def __init__(self, to: Path) -> None:
        self.to = to
        self.rows: Counter[str] = Counter()

    def write(self, table: str, rows: list[tuple[Any, ...]]) -> None:
        raise NotImplementedError

    def close(self) -> None:
        return

    def abort(self) -> None:
        return


def _tmp(path: Path) -> Path:
    return path.with_name(f".{path.name}.tmp-{os.getpid()}")


class _CsvSink(_Sink):
    """One UTF-8 CSV per table; empty cells for null, true/false for booleans."""

    def __init__(self, to: Path) -> None:
        super().__init__(to)
        to.mkdir(parents=True, exist_ok=True)
        self._files = {t: _tmp(to / f"{t}.csv").open("w", encoding="utf-8", newline="") for t in TABLES}
        self._writers = {t: csv.writer(fh) for t, fh in self._files.items()}
        for table, writer in self._writers.items():
            writer.writerow([name for name, _ in TABLES[table]])

    def write(self, table: str, rows: list[tuple[Any, ...]]) -> None:
        self._writers[table].writerows(
            tuple("" if v is None else ("true" if v is True else "false" if v is False else v) for v in row)
            for row in rows
        )
        self.rows[table] += len(rows)

    def close(self) -> None:
        for table, fh in self._files.items():
            fh.close()
            os.replace(_tmp(self.to / f"{table}.csv"), self.to / f"{table}.csv")

    def abort(self) -> None:
        for table, fh in self._files.items():
            fh.close()
            _tmp(self.to / f"{table}.csv").unlink(missing_ok=True)


def _arrow_schema(table: str) -> Any:
    import pyarrow as pa

    types = {"str": pa.string(), "json": pa.string(), "int": pa.int64(), "float": pa.float64(),
             "bool": pa.bool_(), "date": pa.date32()}
    return pa.schema([(name, types[kind]) for name, kind in TABLES[table]])


def _arrow_table(table: str, rows: list[tuple[Any, ...]]) -> Any:
    import pyarrow as pa

    schema = _arrow_schema(table)
    columns = list(zip(*rows, strict=True)) if rows else [() for _ in schema]
    return pa.Table.from_arrays([pa.array(list(col), type=f.type) for col, f in zip(columns, schema, strict=True)],
                                schema=schema)


class _ParquetSink(_Sink):
    def __init__(self, to: Path) -> None:
        import pyarrow.parquet as pq

        super().__init__(to)
        to.mkdir(parents=True, exist_ok=True)
        self._writers = {t: pq.ParquetWriter(str(_tmp(to / f"{t}.parquet")), _arrow_schema(t)) for t in TABLES}

    def write(self, table: str, rows: list[tuple[Any, ...]]) -> None:
        if rows:
            self._writers[table].write_table(_arrow_table(table, rows))
        self.rows[table] += len(rows)

    def close(self) -> None:
        for table, writer in self._writers.items():
            writer.close()
            os.replace(_tmp(self.to / f"{table}.parquet"), self.to / f"{table}.parquet")

    def abort(self) -> None:
        for table, writer in self._writers.items():
            writer.close()
            _tmp(self.to / f"{table}.parquet").unlink(missing_ok=True)


class _DuckDBSink(_Sink):
    """Tables replaced in one transaction; other tables in the database are left alone."""

    def __init__(self, to: Path) -> None:
        import duckdb

        super().__init__(to)
        to.parent.mkdir(parents=True, exist_ok=True)
        self._con = duckdb.connect(str(to))
        self._con.execute("BEGIN TRANSACTION")
        for table in TABLES:
            self._con.register("llmx_batch", _arrow_table(table, []))
            self._con.execute(f'CREATE OR REPLACE TABLE "{table}" AS SELECT * FROM llmx_batch')
            self._con.unregister("llmx_batch")

    def write(self, table: str, rows: list[tuple[Any, ...]]) -> None:
        if rows:
            self._con.register("llmx_batch", _arrow_table(table, rows))
            self._con.execute(f'INSERT INTO "{table}" SELECT * FROM llmx_batch')
            self._con.unregister("llmx_batch")
        self.rows[table] += len(rows)

    def close(self) -> None:
        self._con.execute("COMMIT")
        self._con.close()

    def abort(self) -> None:
        self._con.execute("ROLLBACK")
        self._con.close()


class _SqliteSink(_Sink):
    """Tables replaced in one transaction; dates as ISO text, booleans as 0/1, JSON as text."""

    _TYPES: ClassVar[dict[str, str]] = {
        "str": "TEXT", "json": "TEXT", "int": "INTEGER", "float": "REAL", "bool": "INTEGER", "date": "TEXT",
    }

    def __init__(self, to: Path) -> None:
        super().__init__(to)
        to.parent.mkdir(parents=True, exist_ok=True)
        self._con = sqlite3.connect(str(to), isolation_level=None)
        self._con.execute("BEGIN")
        for table, spec in TABLES.items():
            self._con.execute(f'DROP TABLE IF EXISTS "{table}"')
            columns = ", ".join(f'"{name}" {self._TYPES[kind]}' for name, kind in spec)
            self._con.execute(f'CREATE TABLE "{table}" ({columns})')

    def write(self, table: str, rows: list[tuple[Any, ...]]) -> None:
        if rows:
            marks = ", ".join("?" for _ in TABLES[table])
            self._con.executemany(
                f'INSERT INTO "{table}" VALUES ({marks})',
                (tuple(v.isoformat() if isinstance(v, dt.date) else v for v in row) for row in rows),
            )
        self.rows[table] += len(rows)

    def close(self) -> None:
        for table in ITEM_TABLES:
            self._con.execute(f'CREATE INDEX IF NOT EXISTS "{table}_doc_id" ON "{table}" (doc_id)')
        self._con.execute("COMMIT")
        self._con.close()

    def abort(self) -> None:
        self._con.execute("ROLLBACK")
        self._con.close()


_SINKS: dict[str, type[_Sink]] = {"csv": _CsvSink, "parquet": _ParquetSink, "duckdb": _DuckDBSink,
                                  "sqlite": _SqliteSink}


def _export_json(reader: RunReader, to: Path) -> int:
    """The full nested records as one JSON array, one record per line."""
    to.parent.mkdir(parents=True, exist_ok=True)
    tmp = _tmp(to)
    count = 0
    try:
        with tmp.open("w", encoding="utf-8") as fh:
            fh.write("[")
            for record in reader:
                fh.write(("\n" if count == 0 else ",\n") + json.dumps(record, ensure_ascii=False))
                count += 1
            fh.write("\n]\n")
        os.replace(tmp, to)
    finally:
        tmp.unlink(missing_ok=True)
    return count


#: formats that need the optional ``export`` extra, and the modules they import
_EXTRA_MODULES = {"parquet": ("pyarrow",), "duckdb": ("duckdb", "pyarrow")}


def require_export_extra(fmt: str) -> None:
    """Fail before any work, with the install command, when an optional package is missing."""
    import importlib.util

    missing = [m for m in _EXTRA_MODULES.get(fmt, ()) if importlib.util.find_spec(m) is None]
    if missing:
        raise ValueError(f"{fmt} output needs {' and '.join(missing)}: pip install 'llmx[export]'")


def export_run(run_jsonl: Path, to: Path, fmt: str | None = None) -> list[str]:
    """Write the run's records to ``to`` as ``fmt`` (inferred from ``to``'s suffix when None).

    Returns one-line messages saying what was written (and skipped).
    """
    fmt = (fmt or infer_format(to)).lower()
    if fmt not in EXPORT_FORMATS:
        raise ValueError(f"unknown format {fmt!r}: choose one of {', '.join(EXPORT_FORMATS)}")
    if fmt in ("csv", "parquet") and to.exists() and not to.is_dir():
        raise ValueError(f"{to}: {fmt} writes one file per table, so --to must be a directory")
    if to.resolve() == run_jsonl.resolve():
        raise ValueError(f"{to}: the target is the run file itself")
    require_export_extra(fmt)
    reader = RunReader(run_jsonl)
    if fmt == "json":
        if to.is_dir() or str(to).endswith(("/", os.sep)) or not to.suffix:
            to = to / f"{run_jsonl.stem}.json"  # a folder was named: the file goes inside it
        count = _export_json(reader, to)
        lines = [f"wrote {to}: {count} reports"]
    else:
        sink = _SINKS[fmt](to)
        try:
            for batch in reader.batches():
                tables: dict[str, list[dict[str, Any]]] = {t: [] for t in TABLES}
                for record in batch:
                    for table, rows in flatten(record).items():
                        tables[table].extend(rows)
                for table, rows in tables.items():
                    sink.write(table, _typed_rows(table, rows))
        except BaseException:
            sink.abort()
            raise
        sink.close()
        counts = ", ".join(f"{t} {sink.rows[t]}" for t in TABLES)
        lines = [f"wrote {to} ({fmt}): {counts} rows"]
    lines += [f"skipped in {run_jsonl}: {reason} x{n}" for reason, n in reader.skipped.items()]
    return lines
