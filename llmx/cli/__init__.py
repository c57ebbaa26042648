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
from llmx.cli.common import EXIT_INTERRUPTED, Command, err_console, exit_now
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
    """Console-script entry point.

    Runs the app in non-standalone mode so that llmx, not click, decides what Ctrl-C does:
    say what was kept and exit 130 at once, without waiting for requests in flight.
    """
    _configure_logging()
    warnings.showwarning = _show_warning  # the documented hook for how warnings are shown
    try:
        code = app(standalone_mode=False)
    except (KeyboardInterrupt, typer.Abort):  # typer turns Ctrl-C into Exit(130) or, before 0.17, Abort
        code = EXIT_INTERRUPTED
    except typer.TyperException as err:  # bad usage: click's own message and exit code (2)
        show = getattr(err, "show", None)
        if show is None:
            raise
        show()
        sys.exit(int(getattr(err, "exit_code", 2)))
    if code == EXIT_INTERRUPTED:
        err_console.print("interrupted: finished documents are kept; re-run the same command to resume.",
                          highlight=False, soft_wrap=True)
        exit_now(EXIT_INTERRUPTED)
    sys.exit(code if isinstance(code, int) else 0)
