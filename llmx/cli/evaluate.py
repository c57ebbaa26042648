"""``llmx eval``: score predictions against gold (SPEC section 5)."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from typing import Annotated, Optional

import typer
from rich.markup import escape

from llmx.cli.common import (
    ApiKeyOpt,
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
    fail,
    out_console,
)
from llmx.config import BACKENDS
from llmx.errors import CassetteError, ExtractionError


def eval_command(
    gold: Annotated[Path, typer.Option("--gold", help="Directory of gold <doc_id>.json files.")],
    docs: Annotated[Path, typer.Option("--docs", help="Directory of the source documents.")],
    pred: Annotated[Optional[Path], typer.Option("--pred", help="Predictions JSONL to score.")] = None,  # noqa: UP045
    backend: Annotated[
        Optional[str], typer.Option("--backend", help="Run this backend on --docs first, then score.")  # noqa: UP045
    ] = None,
    base_url: BaseUrlOpt = None,
    model: ModelOpt = None,
    api_key: ApiKeyOpt = None,
    mode: ModeOpt = "auto",
    no_cache: NoCacheOpt = False,
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
        typer.Option("--cassettes", help="Replay recorded LLM traffic from this directory (no network; "
                     "needs llmx[eval])."),
    ] = None,
    record: Annotated[
        bool, typer.Option("--record", help="With --cassettes: send real requests and (re)record them.")
    ] = False,
    chunk_tokens: ChunkTokensOpt = None,
    max_output_tokens: Annotated[
        Optional[int], typer.Option("--max-output-tokens", help="Completion token cap per call.")  # noqa: UP045
    ] = None,
    max_retries: MaxRetriesOpt = 2,
    strict_grounding: Annotated[
        bool, typer.Option("--strict-grounding", help="As for extract: null unstated figures, drop unfound items.")
    ] = False,
    timeout: TimeoutOpt = 120.0,
) -> None:
    """Score predictions against gold records (SPEC section 5): per field, type, document.

    Example: llmx eval --gold evals/gold --docs evals/docs --backend rules --json result.json
    """
    from llmx.eval.harness import run_eval

    if (pred is None) == (backend is None):
        fail("give exactly one of --pred FILE or --backend NAME")
    if record and cassettes is None:
        fail("--record needs --cassettes DIR")
    predictions = None
    if backend is not None:
        if backend not in BACKENDS:
            fail(f"unknown backend {backend!r}: choose one of {', '.join(BACKENDS)}")
        if cassettes is not None and importlib.util.find_spec("vcr") is None:
            fail("--cassettes needs the recorder: pip install 'llmx[eval]'")
        config = build_config(
            backend, base_url, model, mode, no_cache, cache_dir, api_key=api_key,
            chunk_tokens=chunk_tokens, max_output_tokens=max_output_tokens, max_retries=max_retries,
            timeout_s=timeout, strict_grounding=strict_grounding,
        )
        from llmx.eval.predict import predict_dir

        def failed(err: ExtractionError) -> None:
            err_console.print(f"[yellow]extraction failed[/] {escape(str(err))}", highlight=False)

        try:
            predictions = predict_dir(config, docs, cassettes=cassettes, record=record, save_pred=save_pred,
                                      on_failure=failed)
        except CassetteError as err:
            fail(str(err))
    code = run_eval(
        gold, docs, pred_path=pred, predictions=predictions, json_out=json_out,
        baseline=baseline, tolerance=tolerance, console=out_console,
    )
    raise typer.Exit(code)
