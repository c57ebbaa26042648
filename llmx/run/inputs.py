"""Expanding command-line INPUT arguments (files, directories, globs, '-') into files.

Problems with an argument (nothing matched, an empty directory) are reported per
argument, so one bad argument never hides the documents the others name.
"""

from __future__ import annotations

import glob
from collections.abc import Iterable, Iterator
from pathlib import Path

from llmx.core.document import OTHER_DOCUMENT_SUFFIXES, TEXT_SUFFIXES
from llmx.errors import InputError

STDIN = "-"
#: the source standard input is named by, in messages and the errors file
STDIN_SOURCE = "<stdin>"


def _dir_files(directory: Path, suffixes: frozenset[str] = TEXT_SUFFIXES) -> list[Path]:
    return sorted(p for p in directory.rglob("*") if p.is_file() and p.suffix.lower() in suffixes)


def expand_input(arg: str, *, documents: bool = False) -> list[Path]:
    """Files one INPUT argument names, in a stable order; raises InputError when none.

    With ``documents``, a directory's PDFs and office files come too, so that each fails
    with what to do about it instead of being passed over (a run over a folder of mixed
    files must not report success on the text files alone)."""
    path = Path(arg)
    if path.is_dir():
        found = _dir_files(path, TEXT_SUFFIXES | OTHER_DOCUMENT_SUFFIXES)  # (one walk of the tree)
        files = [p for p in found if p.suffix.lower() in TEXT_SUFFIXES]
        if not files:
            suffixes = " ".join(sorted(TEXT_SUFFIXES))
            held = (f"; it holds {len(found)} PDF or office file(s): extract their text first "
                    "(pdftotext -layout FILE.pdf FILE.txt for a PDF)") if found else ""
            raise InputError(arg, f"directory has no text files ({suffixes}){held}")
        return found if documents else files
    if path.exists() or path.is_symlink():
        return [path]
    if glob.has_magic(arg):
        matches = sorted(Path(m) for m in glob.glob(arg, recursive=True))
        files = [m for m in matches if m.is_file()]
        for m in matches:
            if m.is_dir():
                files += _dir_files(m, TEXT_SUFFIXES | OTHER_DOCUMENT_SUFFIXES if documents else TEXT_SUFFIXES)
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
            files = expand_input(arg, documents=True)
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
