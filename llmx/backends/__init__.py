"""Extraction backends behind one interface (``llmx.backends.base.Backend``).

``make_backend`` is the only place that knows which class serves which name, so the
pipeline, CLI and library never import a backend module directly.
"""

from __future__ import annotations

from typing import Any

from llmx.backends.base import Backend, ChunkAnswer, ChunkRequest
from llmx.config import ExtractConfig
from llmx.errors import BackendError, ConfigError

__all__ = ["Backend", "BackendError", "ChunkAnswer", "ChunkRequest", "make_backend"]


def make_backend(config: ExtractConfig, **options: Any) -> Backend:
    """Build the backend ``config`` asks for (``auto`` resolves to openai or rules)."""
    name = config.resolved_backend()
    if name == "rules":
        from llmx.backends.rules import RulesBackend

        return RulesBackend()
    if name == "openai":
        from llmx.backends.openai_compat import OpenAIBackend

        return OpenAIBackend(config, **options)
    raise ConfigError(f"unknown backend {name!r}")
