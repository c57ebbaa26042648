"""Expanding command-line INPUT arguments (files, directories, globs, '-') into files.

Problems with an argument (nothing matched, an empty directory) are reported per
argument, so one bad argument never hides the documents the others name.
"""

from __future__ import annotations

import glob
from collections.abc import Iterable, Iterator
from pathlib import Path

from llmx.core.document import TEXT_SUFFIXES
from llmx.errors import InputError

STDIN = "-"
#: the source standard input is named by, in messages and the errors file
STDIN_SOURCE = "<stdin>"


def _dir_files(directory: Path) -> list[Path]:
    return sorted(p for p in directory.rglob("*") if p.is_file() and p.suffix.lower() in TEXT_SUFFIXES)


def expand_input(arg: str) -> list[Path]:
    """Files one INPUT argument names, in a stable order; raises InputError when none."""
    path = Path(arg)
    if path.is_dir():
        files = _dir_files(path)
        if not files:
            suffixes = " ".join(sorted(TEXT_SUFFIXES))
            raise InputError(arg, f"directory has no text files ({suffixes})")
        return files
    if path.exists() or path.is_symlink():
        return [path]
    if glob.has_magic(arg):
        matches = sorted(Path(m) for m in glob.glob(arg, recursive=True))
        files = [m for m in matches if m.is_file()]
        for m in matches:
            if m.is_dir():
                files += _dir_files(m)
        if not files:
            raise InputError(arg, "pattern matched no files")
        return files
    raise InputError(arg, "no such file or directory")


def iter_input_paths(
    args: Iterable[str], errors: list[InputError] | None = None, *, stdin: bool = False
) -> Iterator[Path]:
    """Every file named by ``args``, each once; bad arguments go to ``errors`` (or raise).

    With ``stdin``, a ``-`` argument stands for standard input and comes back as
    ``Path("-")`` in its place among the others (name a file called ``-`` as ``./-``).
    """
    seen: set[Path] = set()
    for arg in args:
        if stdin and arg == STDIN:
            yield Path(STDIN)
            continue
        try:
            files = expand_input(arg)
        except InputError as err:
            if errors is None:
                raise
            errors.append(err)
            continue
        for file in files:
            key = file.resolve() if file.exists() else file
            if key not in seen:
                seen.add(key)
                yield file
