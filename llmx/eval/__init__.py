"""Scoring predictions against hand-labelled gold (SPEC section 5) and the ``llmx eval`` harness."""

from __future__ import annotations

from llmx.eval.grounding_rates import GroundingRates, grounding_rates
from llmx.eval.harness import load_docs, load_gold_dir, load_predictions, run_eval
from llmx.eval.report import compare_to_baseline
from llmx.eval.scorer import Counts, DocScore, FieldOutcome, ItemPair, RunScore, score_document, score_run

__all__ = [
    "Counts",
    "DocScore",
    "FieldOutcome",
    "GroundingRates",
    "ItemPair",
    "RunScore",
    "compare_to_baseline",
    "grounding_rates",
    "load_docs",
    "load_gold_dir",
    "load_predictions",
    "run_eval",
    "score_document",
    "score_run",
]
