"""The one exception root of llmx, and where in the data path a failure happened.

Callers catch ``LlmxError`` for anything llmx raises on purpose; every error names the
file, document or setting it is about and says what to do. ``Stage`` is the step of the
data path (load → clean → chunk → prompt → call → repair → validate → normalise →
ground → merge → write) a document failed at, as written to ``OUT.errors.jsonl``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Literal, get_args

if TYPE_CHECKING:
    from llmx.core.meta import Usage

Stage = Literal["load", "chunk", "prompt", "call", "validate", "ground", "merge", "write", "internal"]
STAGES: tuple[str, ...] = get_args(Stage)


class LlmxError(Exception):
    """Root of every error llmx raises on purpose."""


class ConfigError(LlmxError, ValueError):
    """A configuration that cannot work, explained (flag, variable or option named)."""


class InputError(LlmxError):
    """A file that cannot be read as a document; ``source`` names it, ``problem`` says why."""

    def __init__(self, source: str, problem: str) -> None:
        super().__init__(f"{source}: {problem}")
        self.source = source
        self.problem = problem


class PromptError(LlmxError):
    """A prompt file is missing or malformed."""


class BackendError(LlmxError):
    """A chunk could not be extracted after all retries; ``stage`` says where it failed."""

    def __init__(self, message: str, *, stage: Stage = "call", retryable: bool = False) -> None:
        super().__init__(message)
        self.stage: Stage = stage
        self.retryable = retryable


class ExtractionError(LlmxError):
    """A document failed; ``stage`` is where, ``usage`` what the failed attempts cost."""

    def __init__(
        self, doc_id: str, stage: Stage, message: str, error_type: str, usage: Usage | None = None
    ) -> None:
        super().__init__(f"{doc_id}: {stage}: {message}")
        self.doc_id = doc_id
        self.stage: Stage = stage
        self.message = message
        self.error_type = error_type
        self.usage = usage

    def as_record(self) -> dict[str, str]:
        """The line written to ``OUT.errors.jsonl``."""
        return {"doc_id": self.doc_id, "stage": self.stage, "error_type": self.error_type, "message": self.message}


class RunError(LlmxError):
    """A run cannot start: output locked by another run, or made with another configuration."""


class RunStopped(LlmxError):
    """A run ends early because going on cannot help (its server is unreachable or refuses
    the key); the documents not yet attempted are left for a resume."""


class BatchError(LlmxError):
    """A provider batch cannot be prepared, submitted or collected: a missing or mismatched
    manifest, results of another requests file, a batch not finished or failed."""


class EvalInputError(LlmxError):
    """A gold, document or prediction file for ``llmx eval`` cannot be used."""


class CassetteError(LlmxError):
    """Recorded traffic does not match the run: a missing or unplayed cassette."""
