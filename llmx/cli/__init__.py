"""The ``llmx`` command line: extract, eval, review, export, schema, cache and batch.

Each command is a thin layer over a library function, so anything the CLI does a
pipeline can do with ``import llmx``. Logging is configured here, at the entry point,
and nowhere else in the package.
"""

from __future__ import annotations

import logging
import os
import sys
import warnings
from typing import TextIO

import typer

from llmx.cli.batch import batch_app
from llmx.cli.common import Command, err_console
from llmx.cli.evaluate import eval_command
from llmx.cli.extract import EXAMPLES, extract
from llmx.cli.tools import cache_app, export_command, review, schema_app

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
app.command(cls=Command, epilog=EXAMPLES)(extract)
app.command("eval", cls=Command)(eval_command)
app.command(cls=Command)(review)
app.command("export", cls=Command)(export_command)
app.add_typer(schema_app, name="schema")
app.add_typer(cache_app, name="cache")
app.add_typer(batch_app, name="batch")


def _configure_logging() -> None:
    # llmx reports failures itself (errors file, summary); libraries' own loggers only
    # speak up for warnings (LLMX_LOG_LEVEL=DEBUG shows everything).
    level = os.environ.get("LLMX_LOG_LEVEL", "WARNING").upper()
    logging.basicConfig(level=level, format="%(levelname)s %(name)s: %(message)s", stream=sys.stderr)


_python_showwarning = warnings.showwarning


def _show_warning(message: Warning | str, category: type[Warning], filename: str, lineno: int,
                  file: TextIO | None = None, line: str | None = None) -> None:
    # llmx's own warnings (a damaged response cache set aside ...) are one line for the
    # user, not a source location; other packages' are shown as Python shows them
    if category.__module__.startswith("llmx."):
        err_console.print(f"warning: {message}", highlight=False, markup=False)
    else:
        _python_showwarning(message, category, filename, lineno, file, line)


def main() -> None:
    """Console-script entry point."""
    _configure_logging()
    warnings.showwarning = _show_warning  # the documented hook for how warnings are shown
    try:
        app()
    except KeyboardInterrupt:
        err_console.print("interrupted: finished documents are in the output; re-run to resume.")
        sys.stdout.flush()
        sys.stderr.flush()
        # not sys.exit: it would wait for worker threads and processes to finish their
        # requests; every finished document is already written with a single write
        os._exit(130)
