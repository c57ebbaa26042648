"""``llmx extract``: the main job."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any, NoReturn, Optional

import typer

from llmx.cli.common import (
    EXIT_INTERRUPTED,
    ApiKeyOpt,
    BackendOpt,
    BaseUrlOpt,
    CacheDirOpt,
    ChunkTokensOpt,
    MaxRetriesOpt,
    ModelOpt,
    ModeOpt,
    NoCacheOpt,
    TimeoutOpt,
    build_config,
    err_console,
    exit_now,
    fail,
)
from llmx.config import ExtractConfig
from llmx.errors import ConfigError, RunError
from llmx.run.progress import printable

EXAMPLES = """
Examples:

  llmx extract pages/ -o out.jsonl                       # offline rules backend, no API key
  llmx extract pages/ -o out.jsonl --base-url http://127.0.0.1:8000/v1 --model qwen2.5-7b -j 32
  llmx extract pages/ -o out.jsonl --model gpt-4o-mini --dry-run --price-in 0.15 --price-out 0.6
  llmx extract pages/ -o out.jsonl --engine ray --ray-address ray://head:10001
"""


def extract(
    inputs: Annotated[list[str], typer.Argument(metavar="INPUT", help="Files, directories, globs, or - for stdin.")],
    out: Annotated[Path, typer.Option("-o", "--out", help="Output JSONL, one Report per line, in input order "
                                      "(a regular file: it is the resumable record of the run).")],
    backend: BackendOpt = "auto",
    base_url: BaseUrlOpt = None,
    model: ModelOpt = None,
    api_key: ApiKeyOpt = None,
    mode: ModeOpt = "auto",
    concurrency: Annotated[
        int, typer.Option("--concurrency", "-j", min=1,
                          help="Model requests in flight, run-wide (documents at once for the rules backend).")
    ] = 4,
    workers: Annotated[
        Optional[int],  # noqa: UP045
        typer.Option("--workers", min=1, help="Worker processes, or Ray actors with --engine ray (default: one "
                     "per core, or cluster CPU, for the rules backend, up to --concurrency; for model calls one "
                     "event loop, or one actor per 16 requests of --concurrency)."),
    ] = None,
    engine: Annotated[
        str, typer.Option("--engine", help="local (this machine) or ray (a Ray cluster; needs llmx[ray]).")
    ] = "local",
    ray_address: Annotated[
        Optional[str],  # noqa: UP045
        typer.Option("--ray-address", help="With --engine ray: the cluster to join, ray://HEAD:10001 or HEAD:6379 "
                     "(default: RAY_ADDRESS, else a local Ray started for the run)."),
    ] = None,
    no_cache: NoCacheOpt = False,
    cache_dir: CacheDirOpt = None,
    overwrite: Annotated[
        bool, typer.Option("--overwrite", help="Start OUT afresh instead of resuming (skipping done documents).")
    ] = False,
    max_retries: MaxRetriesOpt = 2,
    timeout: TimeoutOpt = 120.0,
    chunk_tokens: ChunkTokensOpt = None,
    max_output_tokens: Annotated[
        Optional[int], typer.Option("--max-output-tokens", min=16, help="Completion token cap per call.")  # noqa: UP045
    ] = None,
    keep_partial: Annotated[
        bool, typer.Option("--keep-partial", help="Write a document even when some of its chunks failed (listed "
                           "in meta.chunk_errors; exit code 1). Default: the document fails, and a re-run asks "
                           "again for the failed chunks only.")
    ] = False,
    strict_grounding: Annotated[
        bool, typer.Option("--strict-grounding", help="Null figures their own evidence does not state, and drop "
                           "items none of whose evidence is found in the text.")
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
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Count documents, chunks, requests and tokens; send nothing.")
    ] = False,
    price_in: Annotated[
        Optional[float], typer.Option("--price-in", min=0, help="Price per million prompt tokens (for the estimate).")  # noqa: UP045
    ] = None,
    price_out: Annotated[
        Optional[float],  # noqa: UP045
        typer.Option("--price-out", min=0, help="Price per million completion tokens (for the estimate)."),
    ] = None,
    doc_id: Annotated[
        Optional[str],  # noqa: UP045
        typer.Option("--doc-id", help="doc_id of the document read from - (standard input); default: "
                     "stdin-<hash of its text>."),
    ] = None,
) -> None:
    """Extract Reports from documents into OUT.jsonl; failures go to OUT.errors.jsonl.

    Re-running the same command resumes: documents already in OUT with the same
    configuration are skipped, none is written twice; --overwrite starts afresh. Exit code
    0: all documents succeeded (or were already done); 1: some failed; 2: none succeeded,
    or the run could not start (bad usage, OUT locked by another run or made with another
    configuration); 130: interrupted (finished documents are kept: re-run to resume).
    """
    from llmx.errors import InputError
    from llmx.pipeline import Extractor
    from llmx.run.engine import run_batch
    from llmx.run.inputs import STDIN, iter_input_paths
    from llmx.run.output import errors_path_for
    from llmx.run.outputs import RUN_FORMATS, derived_output, export_run, require_export_extra
    from llmx.run.progress import progress_reporter

    config = build_config(
        backend, base_url, model, mode, no_cache, cache_dir,
        api_key=api_key, max_retries=max_retries, chunk_tokens=chunk_tokens, strict_grounding=strict_grounding,
        timeout_s=timeout, rpm=rpm, tpm=tpm, concurrency=concurrency, max_output_tokens=max_output_tokens,
        keep_partial=keep_partial or None,
    )
    if fmt not in RUN_FORMATS:
        fail(f"unknown --format {fmt!r}: choose one of {', '.join(RUN_FORMATS)}")
    if engine not in ("local", "ray"):
        fail(f"unknown --engine {engine!r}: choose local or ray")
    try:
        require_export_extra(fmt)  # before the run, not after hours of it
    except ValueError as err:
        fail(str(err))
    if out.suffix.lower() in {".json", ".csv", ".parquet"}:
        fail(f"{out}: -o is the resumable JSONL run file; use -o {out.with_suffix('.jsonl')} "
             f"--format {out.suffix.lower().lstrip('.')} to also write that format")
    if config.resolved_backend() == "rules" and config.backend == "auto":
        err_console.print("llmx: no LLM configured (--base-url/--model or LLMX_BASE_URL/LLMX_MODEL): "
                          "using the offline rules backend.", highlight=False)
    if inputs.count(STDIN) > 1:
        fail("- (standard input) can be read once: give it once among the inputs")
    if doc_id is not None:
        if STDIN not in inputs:
            fail("--doc-id names the document read from standard input: give - among the inputs")
        if not doc_id.strip() or not doc_id.isprintable():
            fail(f"--doc-id {doc_id!r}: give a non-empty name without control characters")
    input_errors: list[InputError] = []
    paths = list(iter_input_paths(inputs, input_errors, stdin=True))
    try:
        extractor = Extractor(config)
    except (ConfigError, ValueError) as err:
        fail(str(err))
    if dry_run:
        _dry_run(extractor, paths, input_errors, price_in, price_out)
        return
    run_engine = _engine(engine, config, workers, ray_address)
    with extractor, progress_reporter(len(paths) + len(input_errors), err_console) as reporter:
        try:
            summary = run_batch(
                paths, out, extractor, engine=run_engine, overwrite=overwrite, input_errors=input_errors,
                on_progress=reporter.progress, on_message=reporter.message, stdin_text=_read_stdin,
                stdin_id=doc_id,
            )
        except RunError as err:
            fail(str(err))
        except KeyboardInterrupt:
            _interrupted(reporter.last, out)
    print_summary(summary.as_dict(), out, errors_path_for(out) if summary.failed else None, price_in, price_out)
    if summary.stopped:
        rest = f"; {summary.not_attempted} document(s) were not attempted" if summary.not_attempted else ""
        fail(f"the run stopped: {summary.stopped}{rest}. Once that is fixed, re-run the same command to resume.")
    if fmt != "jsonl" and summary.succeeded + summary.skipped > 0:
        for line in export_run(out, derived_output(out, fmt), fmt):
            err_console.print(printable(line), highlight=False, markup=False)
    raise typer.Exit(summary.exit_code)


def _interrupted(summary: Any, out: Path) -> NoReturn:
    """Ctrl-C: say what this run finished and where it is, then exit 130 at once."""
    where = printable(str(out))
    done = f"{summary.succeeded} document(s) finished in this run are in {where}" if summary is not None else (
        f"finished documents are in {where}")
    failed = f", {summary.failed} failed" if summary is not None and summary.failed else ""
    err_console.print(f"interrupted: {done}{failed}; re-run the same command to resume.", highlight=False,
                      markup=False, soft_wrap=True)
    exit_now(EXIT_INTERRUPTED)


def _read_stdin() -> str | bytes:
    """Standard input's bytes, decoded later exactly as a file's are (a GB18030 or UTF-16
    pipe is text, not an error); text only when stdin has no byte stream under it."""
    import sys

    buffer = getattr(sys.stdin, "buffer", None)
    return buffer.read() if buffer is not None else sys.stdin.read()


def _engine(name: str, config: ExtractConfig, workers: int | None, ray_address: str | None) -> Any:
    from llmx.run.engine import LocalEngine

    if name == "local":
        if ray_address:
            fail("--ray-address needs --engine ray")
        return LocalEngine(config.concurrency, workers)
    try:
        from llmx.run.ray_engine import RayEngine

        return RayEngine(concurrency=config.concurrency, address=ray_address, workers=workers)
    except ImportError as err:
        fail(f"--engine ray needs Ray: pip install 'llmx[ray]' ({err})")
    except ConfigError as err:  # Ray itself is missing: the message names the install
        fail(str(err))


def _dry_run(extractor: Any, paths: list[Path], input_errors: list[Any], price_in: float | None,
             price_out: float | None) -> None:
    from llmx.run.cost import estimate_run, tasks_for
    from llmx.run.inputs import STDIN, STDIN_SOURCE
    from llmx.run.work import Task

    tasks = [Task(t.index, STDIN_SOURCE, "stdin", _read_stdin()) if t.source == STDIN else t for t in tasks_for(paths)]
    with extractor:
        estimate = estimate_run(extractor, tasks)
    estimate.unreadable += len(input_errors)
    err_console.print("llmx extract --dry-run: nothing was sent", highlight=False)
    for line in estimate.lines(price_in, price_out):
        err_console.print(f"  {line}", highlight=False, markup=False)


def _pauses(stats: dict[str, Any]) -> str:
    if not stats.get("pauses") and not stats.get("throttled_seconds"):
        return "0"
    return (f"{stats.get('pauses', 0)} (paused {stats.get('paused_seconds', 0):.1f}s; "
            f"requests waited {stats.get('throttled_seconds', 0):.1f}s)")


def _counts(counts: dict[str, Any]) -> str:
    return ", ".join(f"{key} {value}" for key, value in counts.items()) or "-"


def print_summary(data: dict[str, Any], out: Path, errors_file: Path | None,
                  price_in: float | None = None, price_out: float | None = None, *,
                  title: str = "llmx extract") -> None:
    """The run's summary table, on stderr (``llmx batch collect`` prints the same one)."""
    from rich.table import Table
    from rich.text import Text

    from llmx.run.output import damaged_path_for

    table = Table(title=title, show_header=False, title_justify="left")
    usage = data["usage"]
    failed = str(data["failed"]) + (f"  ({_counts(data['failures_by_stage'])})" if data["failed"] else "")
    time_text = f"{data['wall_seconds']:.2f}s"
    if data.get("docs_per_second"):
        time_text += f"  ({data['docs_per_second']} documents/s)"
    tokens = f"{usage['prompt_tokens']:,} prompt / {usage['completion_tokens']:,} completion"
    if usage.get("cached_prompt_tokens"):
        tokens += f"  ({usage['cached_prompt_tokens']:,} prompt tokens from the provider's cache)"
    if price_in is not None or price_out is not None:
        cost = (usage["prompt_tokens"] * (price_in or 0) + usage["completion_tokens"] * (price_out or 0)) / 1e6
        tokens += f"  ≈ {cost:,.4f}"
    verified = data.get("verified_figures_share")
    rows = [
        ("documents", str(data["documents"])),
        ("succeeded", str(data["succeeded"]) + (f"  ({data['partial']} written without failed chunks: "
                                                 "meta.chunk_errors)" if data.get("partial") else "")),
        ("skipped (already done)", str(data["skipped_already_done"])),
        ("failed", failed),
        ("records", _counts(data["records"])),
        ("grounded evidence", "-" if data["grounded_share"] is None else f"{data['grounded_share']:.1%}"),
        ("verified figures", "-" if verified is None else f"{verified:.1%}"
         + (f"  ({data['figures_nulled']} unstated nulled)" if data.get("figures_nulled") else "")),
        ("model calls", f"{usage['calls']} ({usage['cache_hits']} chunks from the cache"
         + (f"; {usage['cache_ignored']} unusable cache entries asked again" if usage.get("cache_ignored") else "")
         + ")"),
        ("tokens", tokens),
        ("retries / re-asks", f"{usage['transport_retries']} / {usage['reasks']} ({usage['reask_tokens']:,} tokens)"),
        ("repairs / invalid items", f"{usage['repairs']} / {usage['invalid_items']}"),
        ("rate-limit pauses", _pauses(data.get("rate_limit") or {})),
        ("input notes", _counts(data.get("input_notes") or {})),
        ("engine", f"{data.get('engine', 'local')}, {data.get('workers', 1)} worker(s)"),
        ("time", time_text),
        ("output", str(out)),
    ]
    if errors_file is not None:
        rows.append(("errors", str(errors_file)))
    if data.get("damaged_lines_set_aside"):
        rows.append(("damaged lines set aside", f"{data['damaged_lines_set_aside']} (in {damaged_path_for(out)})"))
    if data.get("stopped"):
        unwritten = data.get("unwritten") or 0
        rows.insert(4, ("stopped", data["stopped"] + (f" ({unwritten} finished documents not written: re-run to "
                                                       "resume)" if unwritten else "")))
        if data.get("not_attempted"):
            rows.insert(5, ("not attempted", f"{data['not_attempted']} (re-run the same command to resume)"))
    for key, value in rows:
        table.add_row(key, Text(printable(value)))  # paths and messages are text, not console markup
    err_console.print(table)
