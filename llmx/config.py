"""Run configuration: flags, environment variables and defaults in one typed object.

The CLI and the library both build an ``ExtractConfig``; the backend, cache and batch
runner read it. ``backend="auto"`` resolves to the OpenAI-compatible backend when a
server or model is configured and to the offline rules backend otherwise.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any, Literal

from platformdirs import user_cache_dir

from llmx.errors import ConfigError

BackendName = Literal["auto", "rules", "openai"]
ModeName = Literal["auto", "tools", "json_schema", "json", "md_json", "json_object_schema"]
BACKENDS: tuple[str, ...] = ("auto", "rules", "openai")
MODES: tuple[str, ...] = ("auto", "tools", "json_schema", "json", "md_json", "json_object_schema")


def default_cache_dir() -> Path:
    """``LLMX_CACHE_DIR`` or the platform's user cache directory."""
    env = os.environ.get("LLMX_CACHE_DIR")
    return Path(env) if env else Path(user_cache_dir("llmx"))


@dataclass(frozen=True)
class ExtractConfig:
    """Everything that decides how documents are extracted."""

    backend: BackendName = "auto"
    base_url: str | None = None
    api_key: str | None = field(default=None, repr=False)
    model: str | None = None
    mode: ModeName = "auto"
    temperature: float = 0.0
    max_output_tokens: int = 4096
    seed: int | None = 0
    max_retries: int = 2  # re-asks for answers or items no repair could fix
    transport_retries: int = 5  # tenacity attempts after the first for 429/5xx/timeouts
    timeout_s: float = 120.0
    concurrency: int = 4  # requests in flight run-wide (documents for the rules backend)
    rpm: float | None = None  # requests per minute, run-wide (None: unlimited)
    tpm: float | None = None  # tokens per minute, run-wide (None: unlimited)
    chunk_tokens: int | None = None  # None: the backend's own budget
    cache: bool = True
    cache_dir: Path = field(default_factory=default_cache_dir)
    strict_grounding: bool = False
    keep_partial: bool = False  # write a document some of whose chunks failed (listed in meta.chunk_errors)

    @classmethod
    def from_env(cls, **overrides: Any) -> ExtractConfig:
        """Defaults, then ``LLMX_*`` (and ``OPENAI_API_KEY``), then explicit overrides (None = unset)."""
        env: dict[str, Any] = {
            "base_url": os.environ.get("LLMX_BASE_URL") or None,
            "api_key": os.environ.get("LLMX_API_KEY") or os.environ.get("OPENAI_API_KEY") or None,
            "model": os.environ.get("LLMX_MODEL") or None,
        }
        if os.environ.get("LLMX_BACKEND"):
            env["backend"] = os.environ["LLMX_BACKEND"]
        if os.environ.get("LLMX_MODE"):
            env["mode"] = os.environ["LLMX_MODE"]
        known = {f.name for f in fields(cls)}
        unknown = set(overrides) - known
        if unknown:
            raise ConfigError(f"unknown config option(s): {', '.join(sorted(unknown))}")
        merged = {k: v for k, v in env.items() if v is not None}
        merged.update({k: v for k, v in overrides.items() if v is not None})
        if "cache_dir" in merged:
            merged["cache_dir"] = Path(merged["cache_dir"])
        config = cls(**merged)
        config.check()
        return config

    def check(self) -> None:
        if self.backend not in BACKENDS:
            raise ConfigError(f"unknown backend {self.backend!r}: choose one of {', '.join(BACKENDS)}")
        if self.mode not in MODES:
            raise ConfigError(f"unknown mode {self.mode!r}: choose one of {', '.join(MODES)}")
        if self.max_retries < 0 or self.transport_retries < 0:
            raise ConfigError("retry counts must be >= 0")
        if (self.rpm is not None and self.rpm <= 0) or (self.tpm is not None and self.tpm <= 0):
            raise ConfigError("--rpm and --tpm must be positive")
        if self.concurrency < 1:
            raise ConfigError("--concurrency must be at least 1")
        if self.chunk_tokens is not None and self.chunk_tokens < 64:
            raise ConfigError("chunk_tokens must be at least 64")

    @property
    def llm_configured(self) -> bool:
        return bool(self.base_url or self.model)

    def resolved_backend(self) -> str:
        """The backend that will run: 'auto' picks openai when a server or model is set."""
        if self.backend != "auto":
            return self.backend
        return "openai" if self.llm_configured else "rules"

    def with_(self, **changes: Any) -> ExtractConfig:
        return replace(self, **changes)
