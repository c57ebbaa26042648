"""Running a backend over a directory of evaluation documents, optionally through recorded
traffic (``llmx eval --backend ... [--cassettes DIR [--record]]``).

With cassettes, every document's requests are recorded to, or replayed from, its own
cassette, and what the recording run made of the document (its records, or the stage it
failed at) is stored beside it. A replay sends nothing and checks three things: every
request has a recording (a request the cassette does not hold fails at once: transport
retries are off, since sending it again cannot help), every recording is played, and
the document yields exactly the records the recording run yielded. A change to the
prompt, schema, repair or normalisation shows up there, not as a silently moved score.
"""

from __future__ import annotations

import json
from contextlib import AbstractContextManager, nullcontext
from pathlib import Path
from typing import Any

from llmx.config import ExtractConfig
from llmx.core.records import Report
from llmx.errors import CassetteError, ExtractionError
from llmx.pipeline import Extractor
from llmx.run.inputs import iter_input_paths


def predict_dir(
    config: ExtractConfig,
    docs: Path,
    *,
    cassettes: Path | None = None,
    record: bool = False,
    save_pred: Path | None = None,
    on_failure: Any = None,
) -> dict[str, Report]:
    """doc_id -> Report for every document under ``docs``; failures go to ``on_failure(err)``."""
    if cassettes is not None:
        # cached answers would bypass the traffic a cassette records or replays
        config = config.with_(cache=False, transport_retries=config.transport_retries if record else 0)
    # a model is scored on every chunk it answered: a chunk it failed costs only that chunk's records
    config = config.with_(keep_partial=True)
    predictions: dict[str, Report] = {}
    with Extractor(config) as extractor:
        if cassettes is not None and record:
            from llmx.eval.cassettes import write_settings

            write_settings(cassettes, extractor.identity, config)
        mismatches: list[str] = []
        for path in iter_input_paths([str(docs)]):
            report, error = None, None
            try:
                with _traffic(cassettes, extractor, path.stem, record):
                    report = predictions[path.stem] = extractor.extract_path(path).report
            except ExtractionError as err:
                error = err
                if cassettes is not None and not record:
                    from llmx.eval.cassettes import is_replay_miss

                    if is_replay_miss(err):
                        raise CassetteError(
                            f"{path.stem}: a request has no recorded response in its cassette under {cassettes} "
                            "(prompt, schema or model settings changed?): re-record with --record"
                        ) from err
                if on_failure is not None:
                    on_failure(err)
            if cassettes is not None:
                mismatches += _check_or_store(cassettes, extractor, path.stem, report, error, record)
        if mismatches:
            raise CassetteError(
                f"the replay of {cassettes} does not yield what the recording run did for "
                f"{', '.join(mismatches)}: the prompt, schema, repair or normalisation changed. If the change is "
                "meant, re-record with --record"
            )
    if save_pred is not None:
        with save_pred.open("w", encoding="utf-8") as fh:
            for report in predictions.values():
                fh.write(report.model_dump_json() + "\n")
    return predictions


def _check_or_store(
    cassettes: Path, extractor: Extractor, doc_id: str, report: Report | None, error: Any, record: bool
) -> list[str]:
    from llmx.eval.cassettes import expected_outcome, expected_path, read_expected, write_expected

    path = expected_path(cassettes, extractor.identity, doc_id)
    outcome = expected_outcome(report, error)
    if record:
        write_expected(path, outcome)
        return []
    expected = read_expected(path)
    if expected is None:
        raise CassetteError(f"{doc_id}: no record of what the recording run yielded ({path}): re-record with --record")
    return [] if expected == json.loads(json.dumps(outcome, ensure_ascii=False)) else [doc_id]


def _traffic(cassettes: Path | None, extractor: Extractor, doc_id: str, record: bool) -> AbstractContextManager[Any]:
    if cassettes is None:
        return nullcontext()
    from llmx.eval.cassettes import cassette

    return cassette(cassettes, extractor.identity, doc_id, "all" if record else "none")
