"""``llmx review``, ``llmx export``, ``llmx schema export`` and ``llmx cache``."""

from __future__ import annotations

import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Optional

import typer

from llmx.cli.common import CacheDirOpt, err_console, fail, out_console
from llmx.config import default_cache_dir

if TYPE_CHECKING:
    from llmx.llm.cache import ResponseCache

schema_app = typer.Typer(help="Export the JSON Schema of the records.", no_args_is_help=True)
cache_app = typer.Typer(help="Inspect or clear the response cache.", no_args_is_help=True)


def review(
    run: Annotated[Path, typer.Argument(metavar="RUN.jsonl", help="Extraction output (JSONL).")],
    docs: Annotated[Path, typer.Option("--docs", help="Directory of the source documents.")],
    out: Annotated[Path, typer.Option("-o", "--out", help="HTML file to write.")],
    gold: Annotated[Optional[Path], typer.Option("--gold", help="Gold directory: mark each field.")] = None,  # noqa: UP045
) -> None:
    """Write one self-contained HTML page showing every record next to its evidence.

    What the run flagged in its meta (a value two chunks disputed, a figure no quote
    states, an item or chunk left out) is shown on the record and the document.

    Example: llmx review out.jsonl --docs evals/docs --gold evals/gold -o review.html
    """
    from llmx.review import write_review

    try:
        count = write_review(run, docs, out, gold_dir=gold)
    except (FileNotFoundError, ValueError) as err:
        fail(str(err))
    err_console.print(f"wrote {out} ({count} documents)", highlight=False, markup=False)


def export_command(
    run: Annotated[Path, typer.Argument(metavar="RUN.jsonl", help="Extraction output (JSONL).")],
    to: Annotated[Path, typer.Option("--to", "-o", help="Target: results.duckdb, results.sqlite, or a directory "
                                     "for csv, parquet or json (-o as for extract and review).")],
    fmt: Annotated[
        Optional[str], typer.Option("--format", help="duckdb, sqlite, csv, parquet, json (default: from --to).")  # noqa: UP045
    ] = None,
) -> None:
    """Export a run into one table per record type (reports, teams, villages, measures, metrics).

    Example: llmx export out.jsonl --to results.duckdb
    """
    from llmx.run.outputs import export_run

    try:
        written = export_run(run, to, fmt)
    except (FileNotFoundError, ValueError) as err:
        fail(str(err))
    for line in written:
        err_console.print(line, highlight=False, markup=False)


@schema_app.command("export")
def schema_export(
    directory: Annotated[Path, typer.Argument(help="Where to write the *.schema.json files.")] = Path("schemas"),
) -> None:
    """Write the JSON Schema of each record type (report, team, village ...) to DIRECTORY.

    Example: llmx schema export schemas/
    """
    from llmx.core.schemas import write_schemas

    for path in write_schemas(directory):
        out_console.print(str(path), highlight=False)


def _size(n: float) -> str:
    for unit in ("B", "KB", "MB", "GB"):
        if n < 1024 or unit == "GB":
            return f"{n:.0f} {unit}" if unit == "B" else f"{n:.1f} {unit}"
        n /= 1024
    return f"{n:.1f} GB"


@contextmanager
def _cache(cache_dir: Path | None) -> Iterator[ResponseCache]:
    """The cache, open; what it had to say (a damaged file set aside, a locked cache ...)
    is printed as notes when the command is done with it."""
    from llmx.llm.cache import CacheWarning, ResponseCache

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", CacheWarning)
        cache = ResponseCache(cache_dir or default_cache_dir())
        try:
            yield cache
        finally:
            cache.close()
    for warning in caught:
        if issubclass(warning.category, CacheWarning):
            err_console.print(f"note: {warning.message}", highlight=False, markup=False)


@cache_app.command("stats")
def cache_stats(cache_dir: CacheDirOpt = None) -> None:
    """Show where the cache is, how many responses it holds and its size."""
    with _cache(cache_dir) as cache:
        stats = cache.stats()
    lines = [f"cache:     {stats['directory']}", f"responses: {stats['entries']}"]
    if stats["ignored"]:
        lines.append(f"ignored:   {stats['ignored']} (not JSON answers: never used, replaced when asked again)")
    lines.append(f"size:      {_size(stats['bytes'])}")
    if stats["damaged"]:
        lines.append(f"set aside: {', '.join(stats['damaged'])} (damaged; delete when no longer needed)")
    if stats["legacy"]:
        lines.append("old files: cache.db (the old format, no longer read; `llmx cache clear` removes it)")
    if stats["disabled"]:
        lines.append(f"state:     not usable ({stats['disabled']})")
    elif stats["read_only"]:
        lines.append("state:     read-only")
    out_console.print("\n".join(lines), highlight=False, markup=False)


@cache_app.command("clear")
def cache_clear(cache_dir: CacheDirOpt = None) -> None:
    """Delete every cached response (a damaged cache file is set aside first)."""
    with _cache(cache_dir) as cache:
        problem = cache.disabled or ("it is read-only" if cache.read_only else None)
        removed = cache.clear()
        legacy = cache.remove_legacy()
    if problem:
        fail(f"{cache.directory}: the response cache cannot be cleared: {problem}")
    line = f"removed {removed} cached responses from {cache.directory}"
    if legacy:
        line += f" (and {legacy} files of the old cache format)"
    out_console.print(line, highlight=False, markup=False)
