"""``llmx batch prepare | submit | status | collect``: a run through a provider's Batch API
(OpenAI, at half the online price) or ``vllm run-batch``; the logic is ``llmx.run.batch_api``."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer

from llmx.cli.common import (
    ApiKeyOpt,
    BackendOpt,
    BaseUrlOpt,
    CacheDirOpt,
    ChunkTokensOpt,
    Command,
    MaxRetriesOpt,
    ModelOpt,
    ModeOpt,
    NoCacheOpt,
    build_config,
    err_console,
    fail,
    out_console,
)
from llmx.errors import BatchError, ConfigError, RunError

batch_app = typer.Typer(
    help="Extract through a provider's Batch API (OpenAI: half the price, answers within 24h) or with "
    "`vllm run-batch` on a GPU box: prepare a requests file, submit it, collect the answers into the same "
    "OUT.jsonl as llmx extract.\n\n"
    "Example: llmx batch prepare pages/ -o req.jsonl --model gpt-4o-mini --out out.jsonl",
    no_args_is_help=True,
    rich_markup_mode=None,
)

PriceInOpt = Annotated[
    Optional[float],  # noqa: UP045
    typer.Option("--price-in", min=0, help="Online price per million prompt tokens (the batch price is half)."),
]
PriceOutOpt = Annotated[
    Optional[float],  # noqa: UP045
    typer.Option("--price-out", min=0, help="Online price per million completion tokens (the batch price is half)."),
]
ProviderUrlOpt = Annotated[
    Optional[str],  # noqa: UP045
    typer.Option("--base-url", help="The provider's API (default: the one the batch was prepared or submitted "
                 "for; api.openai.com when none)."),
]


def _say(line: str) -> None:
    err_console.print(line, highlight=False, markup=False, soft_wrap=True)


@batch_app.command(cls=Command, epilog="""
Examples:

  llmx batch prepare pages/ -o req.jsonl --model gpt-4o-mini --out out.jsonl --price-in 0.15 --price-out 0.6
  llmx batch prepare pages/ -o req.jsonl --base-url http://gpu-box:8000/v1 --model Qwen/Qwen2.5-7B-Instruct
""")
def prepare(
    inputs: Annotated[list[str], typer.Argument(metavar="INPUT", help="Files, directories or globs.")],
    requests: Annotated[Path, typer.Option("-o", "--requests", help="Batch input file to write (JSONL); its "
                                           "manifest is written beside it as REQUESTS.manifest.json.")],
    out: Annotated[
        Optional[Path],  # noqa: UP045
        typer.Option("--out", help="The run's output OUT.jsonl: documents already in it are not requested."),
    ] = None,
    backend: BackendOpt = "auto",
    base_url: BaseUrlOpt = None,
    model: ModelOpt = None,
    api_key: ApiKeyOpt = None,
    mode: ModeOpt = "auto",
    chunk_tokens: ChunkTokensOpt = None,
    max_output_tokens: Annotated[
        Optional[int], typer.Option("--max-output-tokens", min=16, help="Completion token cap per call.")  # noqa: UP045
    ] = None,
    max_retries: MaxRetriesOpt = 2,
    no_cache: NoCacheOpt = False,
    cache_dir: CacheDirOpt = None,
    strict_grounding: Annotated[
        bool, typer.Option("--strict-grounding", help="As for llmx extract (collect applies it).")
    ] = False,
    price_in: PriceInOpt = None,
    price_out: PriceOutOpt = None,
) -> None:
    """Write one Batch API request per chunk not yet answered, and a manifest beside it.

    Each line's body is exactly the request llmx extract would send with the same flags
    (the flags become part of the cache keys and the config hash: use the ones an online
    run would use). Chunks the response cache answers and documents already in --out are
    left out, so preparing again after a collect asks only for what is missing. Nothing
    is sent; the estimate is printed. Next: llmx batch submit REQUESTS.jsonl, or
    vllm run-batch -i REQUESTS.jsonl -o RESULTS.jsonl --model MODEL.
    """
    from llmx.errors import InputError
    from llmx.run.batch_api import batch_extractor
    from llmx.run.batch_api import prepare as prepare_batch
    from llmx.run.inputs import STDIN, iter_input_paths

    config = build_config(
        backend, base_url, model, mode, no_cache, cache_dir, api_key=api_key, max_retries=max_retries,
        chunk_tokens=chunk_tokens, strict_grounding=strict_grounding, max_output_tokens=max_output_tokens,
    )
    if STDIN in inputs:
        fail("llmx batch reads files, not standard input: save it to a file and prepare that")
    input_errors: list[InputError] = []
    paths = list(iter_input_paths(inputs, input_errors))
    for err in input_errors:
        _say(f"note: {err}")
    try:
        with batch_extractor(config) as extractor:
            prepared = prepare_batch(paths, requests, extractor, out=out, input_errors=input_errors)
    except (BatchError, RunError, ConfigError, ValueError) as err:
        fail(str(err))
    estimate = prepared.estimate
    estimate.unreadable += len(input_errors)
    statuses = prepared.statuses
    _say(f"llmx batch prepare: wrote {estimate.requests} requests to {prepared.requests_path} "
         f"({prepared.bytes / 1024:,.1f} KB) and {prepared.manifest_path}; nothing was sent")
    for line in estimate.lines(price_in, price_out, batch=True):
        _say(f"  {line}")
    if statuses["done"] or statuses["cached"]:
        _say(f"  not requested: {statuses['done']} document(s) already in {out}, {statuses['cached']} answered "
             "whole by the cache")
    for warning in prepared.warnings:
        _say(f"warning: {warning}")
    if estimate.requests:
        _say(f"next: llmx batch submit {requests}   (or on a GPU box: vllm run-batch -i {requests} -o results.jsonl "
             f"--model {config.model})")
    else:
        _say(f"next: nothing to send; llmx batch collect --requests {requests} -o OUT.jsonl builds the records "
             "from the cache")


@batch_app.command(cls=Command, epilog="""
Example:

  llmx batch submit req.jsonl     # prints the batch id, records it in the manifest
""")
def submit(
    requests: Annotated[Path, typer.Argument(metavar="REQUESTS.jsonl", help="A file written by llmx batch prepare.")],
    base_url: ProviderUrlOpt = None,
    api_key: ApiKeyOpt = None,
    again: Annotated[
        bool, typer.Option("--again", help="Submit a file that was already submitted (a failed batch).")
    ] = False,
) -> None:
    """Upload REQUESTS.jsonl (purpose batch) and create its batch (24h window, /v1/chat/completions).

    The batch id and the uploaded file id are printed and recorded in the manifest.
    """
    from llmx.run.batch_api import Manifest, open_client
    from llmx.run.batch_api import submit as submit_batch

    try:
        manifest = Manifest.load(requests)
        url = base_url or manifest.data["config"].get("base_url")
        record = submit_batch(manifest, open_client(url, api_key), url, again=again)
    except BatchError as err:
        fail(str(err))
    _say(f"submitted {manifest.requests_path} as batch {record['id']} (input file {record['input_file_id']}, "
         f"status {record['status']}); recorded in {manifest.path}")
    _say(f"next: llmx batch status {record['id']}, then llmx batch collect {record['id']} --requests {requests} "
         "-o OUT.jsonl")
    out_console.print(record["id"], highlight=False)


def _batch_target(target: str, base_url: str | None) -> tuple[str, str | None]:
    """(batch id, provider URL) from a batch id or a submitted requests file."""
    import os

    from llmx.run.batch_api import Manifest

    if target.endswith((".jsonl", ".json")) or Path(target).is_file():
        batch = Manifest.load(Path(target)).batch
        if not batch or not batch.get("id"):
            raise BatchError(f"{target}: not submitted yet (its manifest records no batch): llmx batch submit {target}")
        return batch["id"], base_url or batch.get("base_url")
    return target, base_url or os.environ.get("LLMX_BASE_URL") or None


@batch_app.command(cls=Command, epilog="""
Examples:

  llmx batch status batch_6721f0c2...
  llmx batch status req.jsonl     # the batch its manifest records
""")
def status(
    target: Annotated[str, typer.Argument(metavar="ID", help="A batch id, or a submitted REQUESTS.jsonl.")],
    base_url: ProviderUrlOpt = None,
    api_key: ApiKeyOpt = None,
) -> None:
    """Print a batch's status, request counts, and output and error file ids."""
    from llmx.run.batch_api import batch_status, open_client

    try:
        batch_id, url = _batch_target(target, base_url)
        info = batch_status(open_client(url, api_key), batch_id, url)
    except BatchError as err:
        fail(str(err))
    counts = info["request_counts"] or {}
    out_console.print(f"{info['id']}: {info['status']}", highlight=False)
    out_console.print(f"  requests: {counts.get('total', '?')} total, {counts.get('completed', '?')} completed, "
                      f"{counts.get('failed', '?')} failed", highlight=False)
    out_console.print(f"  output file: {info['output_file_id'] or '-'}   error file: {info['error_file_id'] or '-'}",
                      highlight=False)
    for error in info["errors"]:
        out_console.print(f"  error: {error}", highlight=False, markup=False)


@batch_app.command(cls=Command, epilog="""
Examples:

  llmx batch collect batch_6721f0c2... --requests req.jsonl -o out.jsonl
  llmx batch collect results.jsonl --requests req.jsonl -o out.jsonl  # vLLM
""")
def collect(
    requests: Annotated[Path, typer.Option("--requests", help="The REQUESTS.jsonl the batch was made from "
                                           "(its manifest sits beside it).")],
    out: Annotated[Path, typer.Option("-o", "--out", help="Output JSONL, as llmx extract writes it.")],
    sources: Annotated[
        Optional[list[str]],  # noqa: UP045
        typer.Argument(metavar="(ID | RESULTS.jsonl...)", help="A batch id (its output and error files are "
                       "downloaded beside REQUESTS.jsonl), or results files; none when every chunk is cached."),
    ] = None,
    base_url: ProviderUrlOpt = None,
    api_key: ApiKeyOpt = None,
    keep_partial: Annotated[
        bool, typer.Option("--keep-partial", help="Write a document even when some of its chunks' answers were "
                           "unusable (listed in meta.chunk_errors), as llmx extract --keep-partial.")
    ] = False,
    price_in: PriceInOpt = None,
    price_out: PriceOutOpt = None,
) -> None:
    """Turn a batch's answers into OUT.jsonl (failures in OUT.errors.jsonl), exactly as llmx extract would.

    Answers are repaired, validated, grounded and merged as online (without re-asks) and
    stored in the response cache, so an online run with the same flags then costs nothing
    for them. A document whose result line failed or is missing goes to the errors file;
    prepare again with --out OUT.jsonl to request only what is missing. Collecting again
    resumes: documents already in OUT are skipped. Exit codes as llmx extract.
    """
    from llmx.cli.extract import print_summary
    from llmx.run.batch_api import Manifest, download_results, extractor_for, open_client
    from llmx.run.batch_api import collect as collect_batch
    from llmx.run.cost import BATCH_PRICE_FACTOR
    from llmx.run.output import errors_path_for
    from llmx.run.progress import progress_reporter

    sources = sources or []
    try:
        manifest = Manifest.load(requests)
        files = [Path(s) for s in sources]
        if len(sources) == 1 and _is_batch_id(sources[0]):
            url = base_url or (manifest.batch or {}).get("base_url") or manifest.data["config"].get("base_url")
            files = download_results(manifest, open_client(url, api_key), sources[0], url)
            _say(f"downloaded {', '.join(str(f) for f in files) or 'no result files'}")
        extractor = extractor_for(manifest, keep_partial=keep_partial)
    except BatchError as err:
        fail(str(err))
    total = len(manifest.documents) + len(manifest.input_errors())
    with extractor, progress_reporter(total, err_console) as reporter:
        try:
            summary = collect_batch(manifest, files, out, extractor, on_progress=reporter.progress,
                                    on_message=reporter.message)
        except (BatchError, RunError) as err:
            fail(str(err))
    half = _scaled(price_in, BATCH_PRICE_FACTOR), _scaled(price_out, BATCH_PRICE_FACTOR)
    print_summary(summary.as_dict(), out, errors_path_for(out) if summary.failed else None, *half,
                  title="llmx batch collect")
    if price_in is not None or price_out is not None:
        _say(f"(cost at the Batch API's price: {BATCH_PRICE_FACTOR:g} x --price-in/--price-out)")
    raise typer.Exit(summary.exit_code)


def _scaled(price: float | None, factor: float) -> float | None:
    return None if price is None else price * factor


def _is_batch_id(source: str) -> bool:
    """A batch id, not a results file: no such file, and it does not look like a path."""
    return not Path(source).exists() and not source.endswith((".jsonl", ".json")) and "/" not in source
