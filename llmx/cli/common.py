"""What every command shares: the consoles, the options that mean the same everywhere,
building a configuration from flags and the environment, and failing with a message."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, Any, NoReturn, Optional

import typer
from rich.console import Console
from rich.markup import escape
from typer.core import TyperCommand

from llmx.config import MODES, ExtractConfig
from llmx.errors import ConfigError

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
ApiKeyOpt = Annotated[
    Optional[str],  # noqa: UP045
    typer.Option("--api-key", help="API key (env LLMX_API_KEY or OPENAI_API_KEY; prefer the environment: "
                 "a flag shows in the process list).", show_default=False),
]
ModeOpt = Annotated[
    str,
    typer.Option("--mode", help=f"Structured-output mode: {', '.join(MODES)}. auto picks per server."),
]
CacheDirOpt = Annotated[
    Optional[Path],  # noqa: UP045
    typer.Option("--cache-dir", help="Cache directory (env LLMX_CACHE_DIR; default: the user cache dir)."),
]
NoCacheOpt = Annotated[bool, typer.Option("--no-cache", help="Neither read nor write the response cache.")]
ChunkTokensOpt = Annotated[
    Optional[int], typer.Option("--chunk-tokens", help="Token budget per chunk (default: the backend's).")  # noqa: UP045
]
MaxRetriesOpt = Annotated[
    int, typer.Option("--max-retries", min=0, help="Re-asks for answers or items no repair could fix.")
]
TimeoutOpt = Annotated[
    float, typer.Option("--timeout", min=1, help="Seconds to wait for one model response (slow local servers).")
]


class Command(TyperCommand):
    """Usage lines as man pages write them: ``INPUT...`` for a required argument, not
    typer's ``{INPUT}...``."""

    def collect_usage_pieces(self, ctx: Any) -> list[str]:  # typer's vendored click Context
        pieces = super().collect_usage_pieces(ctx)
        return [p[1:].replace("}", "", 1) if p.startswith("{") else p for p in pieces]


def fail(message: str, code: int = 2) -> NoReturn:
    """Print ``error: message`` to stderr and exit with ``code`` (2: bad usage or cannot start)."""
    err_console.print(f"[bold red]error:[/] {escape(message)}", highlight=False,  # llmx[ray] is no markup
                      soft_wrap=True)  # one line, however long the path
    raise typer.Exit(code)


def build_config(
    backend: str,
    base_url: str | None,
    model: str | None,
    mode: str,
    no_cache: bool,
    cache_dir: Path | None,
    **extra: object,
) -> ExtractConfig:
    """Flags over ``LLMX_*`` variables over defaults; a bad combination exits with its reason."""
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
        fail(str(err))
