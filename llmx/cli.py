"""The ``llmx`` command line: extract, eval, review, export, schema and cache commands.

Each command is a thin layer over a library function, so anything the CLI does a
pipeline can do with ``import llmx``.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import Annotated, Optional

import typer
from rich.console import Console
from rich.table import Table

from llmx.config import BACKENDS, MODES, ExtractConfig, default_cache_dir
from llmx.errors import ConfigError

app = typer.Typer(
    name="llmx",
    help=(
        "Evidence-grounded records from Chinese reports on village-stationed poverty-alleviation "
        "work teams (驻村工作队, 第一书记).\n\n"
        "Example: llmx extract evals/docs -o out.jsonl   (offline rules backend, no API key)"
    ),
    no_args_is_help=True,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
)
schema_app = typer.Typer(help="Export the JSON Schema of the records.", no_args_is_help=True)
cache_app = typer.Typer(help="Inspect or clear the response cache.", no_args_is_help=True)
app.add_typer(schema_app, name="schema")
app.add_typer(cache_app, name="cache")

# Logs (CI, files) are not terminals; rich would wrap tables at 80 columns there.
_LOG_WIDTH = 160
err_console = Console(stderr=True, width=None if sys.stderr.isatty() else _LOG_WIDTH)
out_console = Console(width=None if sys.stdout.isatty() else _LOG_WIDTH)

BackendOpt = Annotated[
    str,
    typer.Option(
        "--backend",
        help="rules (offline, deterministic), openai (any OpenAI-compatible server) or auto: "
        "openai when --base-url/--model or LLMX_BASE_URL/LLMX_MODEL is set, else rules.",
    ),
]
BaseUrlOpt = Annotated[
    Optional[str],  # noqa: UP045 - typer needs Optional
    typer.Option("--base-url", help="OpenAI-compatible server, e.g. http://127.0.0.1:8000/v1 (env LLMX_BASE_URL)."),
]
ModelOpt = Annotated[Optional[str], typer.Option("--model", help="Model name (env LLMX_MODEL).")]  # noqa: UP045
ModeOpt = Annotated[
    str,
    typer.Option("--mode", help=f"Structured-output mode: {', '.join(MODES)}. auto picks per server."),
]
CacheDirOpt = Annotated[
    Optional[Path],  # noqa: UP045
    typer.Option("--cache-dir", help="Cache directory (env LLMX_CACHE_DIR; default: the user cache dir)."),
]


def _fail(message: str, code: int = 2) -> typer.Exit:
    err_console.print(f"[bold red]error:[/] {message}", highlight=False)
    return typer.Exit(code)


def build_config(
    backend: str,
    base_url: str | None,
    model: str | None,
    mode: str,
    no_cache: bool,
    cache_dir: Path | None,
    **extra: object,
) -> ExtractConfig:
    try:
        return ExtractConfig.from_env(
            backend=None if backend == "auto" else backend,
            base_url=base_url,
            model=model,
            mode=None if mode == "auto" else mode,
            cache=False if no_cache else None,
            cache_dir=cache_dir,
            **{k: v for k, v in extra.items() if v is not None},
        )
    except ConfigError as err:
        raise _fail(str(err)) from None


@app.command()
def extract(
    inputs: Annotated[list[str], typer.Argument(help="Files, directories, globs, or - for stdin.")],
    out: Annotated[Path, typer.Option("-o", "--out", help="Output JSONL, one Report per line.")],
    backend: BackendOpt = "auto",
    base_url: BaseUrlOpt = None,
    model: ModelOpt = None,
    mode: ModeOpt = "auto",
    concurrency: Annotated[int, typer.Option("--concurrency", "-j", min=1, help="Documents/calls at once.")] = 4,
    no_cache: Annotated[bool, typer.Option("--no-cache", help="Neither read nor write the cache.")] = False,
    cache_dir: CacheDirOpt = None,
    overwrite: Annotated[
        bool, typer.Option("--overwrite", help="Start OUT afresh instead of resuming (skipping done documents).")
    ] = False,
    max_retries: Annotated[int, typer.Option("--max-retries", min=0, help="Re-asks when output fails validation.")] = 2,
    timeout: Annotated[
        float, typer.Option("--timeout", min=1, help="Seconds to wait for one model response (slow local servers).")
    ] = 120.0,
    chunk_tokens: Annotated[
        Optional[int], typer.Option("--chunk-tokens", help="Token budget per chunk (default: backend's).")  # noqa: UP045
    ] = None,
    strict_grounding: Annotated[
        bool, typer.Option("--strict-grounding", help="Drop items whose evidence is not found in the text.")
    ] = False,
    rpm: Annotated[
        Optional[float], typer.Option("--rpm", min=0.001, help="Cap on requests per minute, whole run.")  # noqa: UP045
    ] = None,
    tpm: Annotated[
        Optional[float], typer.Option("--tpm", min=1, help="Cap on tokens per minute, whole run.")  # noqa: UP045
    ] = None,
    fmt: Annotated[
        str,
        typer.Option("--format", help="jsonl (default); json, csv or parquet also write OUT.json, "
                     "OUT_csv/ or OUT_parquet/ (one table per record type) from the JSONL at the end."),
    ] = "jsonl",
) -> None:
    """Extract Reports from documents into OUT.jsonl; failures go to OUT.errors.jsonl.

    Re-running the same command resumes: documents already in OUT with the same
    configuration are skipped, none is written twice; --overwrite starts afresh. Exit code
    0: all documents succeeded (or were already done); 1: some failed; 2: none succeeded,
    or the run could not start (bad usage, OUT locked by another run or made with another
    configuration); 130: interrupted (finished documents are kept: re-run to resume).

    Example: llmx extract pages/ -o out.jsonl --base-url http://127.0.0.1:8000/v1 --model gemma -j 16 --rpm 500
    """
    from llmx.errors import InputError, RunError
    from llmx.pipeline import Extractor
    from llmx.run.engine import errors_path_for, run_batch
    from llmx.run.inputs import STDIN, iter_input_paths
    from llmx.run.outputs import RUN_FORMATS, derived_output, export_run, require_export_extra
    from llmx.run.progress import progress_reporter

    config = build_config(
        backend, base_url, model, mode, no_cache, cache_dir,
        max_retries=max_retries, chunk_tokens=chunk_tokens, strict_grounding=strict_grounding,
        timeout_s=timeout, rpm=rpm, tpm=tpm,
    )
    if fmt not in RUN_FORMATS:
        raise _fail(f"unknown --format {fmt!r}: choose one of {', '.join(RUN_FORMATS)}")
    try:
        require_export_extra(fmt)  # before the run, not after hours of it
    except ValueError as err:
        raise _fail(str(err)) from None
    if out.suffix.lower() in {".json", ".csv", ".parquet"}:
        raise _fail(f"{out}: -o is the resumable JSONL run file; use -o {out.with_suffix('.jsonl')} "
                    f"--format {out.suffix.lower().lstrip('.')} to also write that format")
    if config.resolved_backend() == "rules" and config.backend == "auto":
        err_console.print("llmx: no LLM configured (--base-url/--model or LLMX_BASE_URL/LLMX_MODEL): "
                          "using the offline rules backend.", highlight=False)
    input_errors: list[InputError] = []
    paths = [Path(STDIN)] if inputs == [STDIN] else list(iter_input_paths(inputs, input_errors))
    try:
        extractor = Extractor(config)
    except (ConfigError, ValueError) as err:
        raise _fail(str(err)) from None
    with extractor, progress_reporter(len(paths) + len(input_errors), err_console) as reporter:
        try:
            summary = run_batch(
                paths, out, extractor, concurrency=concurrency, overwrite=overwrite,
                input_errors=input_errors, on_progress=reporter.progress, on_message=reporter.message,
            )
        except RunError as err:
            raise _fail(str(err)) from None
    _print_summary(summary.as_dict(), out, errors_path_for(out) if summary.failed else None)
    if fmt != "jsonl" and summary.succeeded + summary.skipped > 0:
        for line in export_run(out, derived_output(out, fmt), fmt):
            err_console.print(line, highlight=False)
    raise typer.Exit(summary.exit_code)


def _pauses(stats: dict) -> str:
    if not stats.get("pauses") and not stats.get("throttled_seconds"):
        return "0"
    return (f"{stats.get('pauses', 0)} (paused {stats.get('paused_seconds', 0):.1f}s; "
            f"workers waited {stats.get('throttled_seconds', 0):.1f}s)")


def _print_summary(data: dict, out: Path, errors_file: Path | None) -> None:
    table = Table(title="llmx extract", show_header=False, title_justify="left")
    usage = data["usage"]
    rows = [
        ("documents", str(data["documents"])),
        ("succeeded", str(data["succeeded"])),
        ("skipped (already done)", str(data["skipped_already_done"])),
        ("failed", str(data["failed"]) + (f"  {data['failures_by_stage']}" if data["failed"] else "")),
        ("records", ", ".join(f"{k} {v}" for k, v in data["records"].items()) or "0"),
        ("grounded evidence", "-" if data["grounded_share"] is None else f"{data['grounded_share']:.1%}"),
        ("model calls", str(usage["calls"])),
        ("cache hits", str(usage["cache_hits"])),
        ("tokens (prompt/completion)", f"{usage['prompt_tokens']}/{usage['completion_tokens']}"),
        ("retries (transport/validation)", f"{usage['transport_retries']}/{usage['reasks']}"),
        ("rate-limit pauses", _pauses(data.get("rate_limit") or {})),
        ("input notes", ", ".join(f"{k} {v}" for k, v in (data.get("input_notes") or {}).items()) or "-"),
        ("time", f"{data['wall_seconds']:.2f}s"
                 + (f"  ({data['docs_per_second']} docs/s)" if data.get("docs_per_second") else "")),
        ("output", str(out)),
    ]
    if errors_file is not None:
        rows.append(("errors", str(errors_file)))
    for key, value in rows:
        table.add_row(key, value)
    err_console.print(table)


@app.command("eval")
def eval_command(
    gold: Annotated[Path, typer.Option("--gold", help="Directory of gold <doc_id>.json files.")],
    docs: Annotated[Path, typer.Option("--docs", help="Directory of the source documents.")],
    pred: Annotated[Optional[Path], typer.Option("--pred", help="Predictions JSONL to score.")] = None,  # noqa: UP045
    backend: Annotated[
        Optional[str], typer.Option("--backend", help="Run this backend on --docs first, then score.")  # noqa: UP045
    ] = None,
    base_url: BaseUrlOpt = None,
    model: ModelOpt = None,
    mode: ModeOpt = "auto",
    no_cache: Annotated[bool, typer.Option("--no-cache")] = False,
    cache_dir: CacheDirOpt = None,
    json_out: Annotated[Optional[Path], typer.Option("--json", help="Write every figure as JSON.")] = None,  # noqa: UP045
    baseline: Annotated[
        Optional[Path], typer.Option("--baseline", help="Saved --json result to compare against.")  # noqa: UP045
    ] = None,
    tolerance: Annotated[float, typer.Option("--tolerance", help="Allowed drop of headline F1 vs baseline.")] = 0.02,
    save_pred: Annotated[
        Optional[Path], typer.Option("--save-pred", help="With --backend: also write the predictions JSONL.")  # noqa: UP045
    ] = None,
    cassettes: Annotated[
        Optional[Path],  # noqa: UP045
        typer.Option("--cassettes", help="Replay recorded LLM traffic from this directory (no network)."),
    ] = None,
    record: Annotated[
        bool, typer.Option("--record", help="With --cassettes: send real requests and (re)record them.")
    ] = False,
    chunk_tokens: Annotated[
        Optional[int], typer.Option("--chunk-tokens", help="Token budget per chunk (default: backend's).")  # noqa: UP045
    ] = None,
    max_output_tokens: Annotated[
        Optional[int], typer.Option("--max-output-tokens", help="Completion token cap per call.")  # noqa: UP045
    ] = None,
    max_retries: Annotated[int, typer.Option("--max-retries", min=0, help="Re-asks when output fails validation.")] = 2,
    timeout: Annotated[
        float, typer.Option("--timeout", min=1, help="Seconds to wait for one model response (slow local servers).")
    ] = 120.0,
) -> None:
    """Score predictions against gold records (SPEC section 5): per field, type, document.

    Example: llmx eval --gold evals/gold --docs evals/docs --backend rules --json result.json
    """
    from llmx.eval.harness import run_eval

    if (pred is None) == (backend is None):
        raise _fail("give exactly one of --pred FILE or --backend NAME")
    if record and cassettes is None:
        raise _fail("--record needs --cassettes DIR")
    predictions = None
    if backend is not None:
        if backend not in BACKENDS:
            raise _fail(f"unknown backend {backend!r}: choose one of {', '.join(BACKENDS)}")
        # cached answers would bypass the HTTP traffic a cassette records or replays
        config = build_config(
            backend, base_url, model, mode, no_cache or cassettes is not None, cache_dir,
            chunk_tokens=chunk_tokens, max_output_tokens=max_output_tokens, max_retries=max_retries,
            timeout_s=timeout,
        )
        predictions = _run_backend_on_dir(config, docs, save_pred, cassettes, "all" if record else "none")
    code = run_eval(
        gold, docs, pred_path=pred, predictions=predictions, json_out=json_out,
        baseline=baseline, tolerance=tolerance, console=out_console,
    )
    raise typer.Exit(code)


def _run_backend_on_dir(
    config: ExtractConfig, docs: Path, save_pred: Path | None, cassettes: Path | None, record_mode: str
) -> dict:
    from contextlib import nullcontext

    from llmx.errors import ExtractionError
    from llmx.eval.cassettes import MissingCassetteError, cassette, write_settings
    from llmx.llm.retry import is_replay_miss
    from llmx.pipeline import Extractor
    from llmx.run.inputs import iter_input_paths

    predictions = {}
    with Extractor(config) as extractor:
        if cassettes is not None and record_mode != "none":
            write_settings(cassettes, extractor.identity, config)
        for path in iter_input_paths([str(docs)]):
            recording = (
                cassette(cassettes, extractor.identity, path.stem, record_mode)  # type: ignore[arg-type]
                if cassettes is not None
                else nullcontext()
            )
            try:
                with recording:
                    predictions[path.stem] = extractor.extract_path(path).report
            except MissingCassetteError as err:
                raise _fail(str(err)) from None
            except ExtractionError as err:
                if cassettes is not None and record_mode == "none" and is_replay_miss(err):
                    raise _fail(
                        f"{path.stem}: a request has no recorded response in its cassette under {cassettes} "
                        "(prompt, schema or model settings changed?): re-record with --record"
                    ) from None
                err_console.print(f"[yellow]extraction failed[/] {err}", highlight=False)
    if save_pred is not None:
        with save_pred.open("w", encoding="utf-8") as fh:
            for report in predictions.values():
                fh.write(report.model_dump_json() + "\n")
    return predictions


@app.command()
def review(
    run: Annotated[Path, typer.Argument(help="Extraction output (JSONL).")],
    docs: Annotated[Path, typer.Option("--docs", help="Directory of the source documents.")],
    out: Annotated[Path, typer.Option("-o", "--out", help="HTML file to write.")],
    gold: Annotated[Optional[Path], typer.Option("--gold", help="Gold directory: mark each field.")] = None,  # noqa: UP045
) -> None:
    """Write one self-contained HTML page showing every record next to its evidence.

    Example: llmx review out.jsonl --docs evals/docs --gold evals/gold -o review.html
    """
    from llmx.review import write_review

    try:
        count = write_review(run, docs, out, gold_dir=gold)
    except (FileNotFoundError, ValueError) as err:
        raise _fail(str(err)) from None
    err_console.print(f"wrote {out} ({count} documents)", highlight=False)


@app.command("export")
def export_command(
    run: Annotated[Path, typer.Argument(help="Extraction output (JSONL).")],
    to: Annotated[Path, typer.Option("--to", help="Target: results.duckdb, results.sqlite, DIR/ for csv or parquet.")],
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
        raise _fail(str(err)) from None
    for line in written:
        err_console.print(line, highlight=False)


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


@cache_app.command("stats")
def cache_stats(cache_dir: CacheDirOpt = None) -> None:
    """Show where the cache is, how many responses it holds and its size."""
    from llmx.llm.cache import ResponseCache

    cache = ResponseCache(cache_dir or default_cache_dir())
    out_console.print_json(json.dumps(cache.stats()))
    cache.close()


@cache_app.command("clear")
def cache_clear(cache_dir: CacheDirOpt = None) -> None:
    """Delete every cached response."""
    from llmx.llm.cache import ResponseCache

    cache = ResponseCache(cache_dir or default_cache_dir())
    removed = cache.clear()
    cache.close()
    out_console.print(f"removed {removed} cached responses from {cache.directory}", highlight=False)


def main() -> None:
    """Console-script entry point."""
    try:
        app()
    except KeyboardInterrupt:
        err_console.print("interrupted: finished documents are in the output; re-run to resume.")
        sys.stdout.flush()
        sys.stderr.flush()
        # not sys.exit: it would join the worker threads, each waiting out its HTTP request;
        # every finished document is already written with a single unbuffered write
        os._exit(130)
