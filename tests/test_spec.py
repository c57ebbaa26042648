"""The contract ships with the code: docs/SPEC.md is the shared SPEC, byte for byte.

The shared copy lives beside the checkout (``../shared/SPEC.md``, relative to the checkout
root) where the project is developed. In a ``git worktree`` the checkout root of the main
working tree counts too, so a worktree elsewhere checks against the same file. On a user's
clone there is no shared copy and only the presence of docs/SPEC.md is checked.
"""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SPEC = ROOT / "docs" / "SPEC.md"


def _main_checkout(root: Path) -> Path | None:
    """The main working tree when ``root`` is a linked worktree (its ``.git`` is a file)."""
    dot_git = root / ".git"
    if not dot_git.is_file():
        return None
    text = dot_git.read_text(encoding="utf-8").strip()
    if not text.startswith("gitdir:"):
        return None
    gitdir = (root / text.removeprefix("gitdir:").strip()).resolve()
    commondir = gitdir / "commondir"
    if not commondir.is_file():
        return None
    common = (gitdir / commondir.read_text(encoding="utf-8").strip()).resolve()
    return common.parent if common.name == ".git" else None


def shared_spec() -> Path | None:
    """``../shared/SPEC.md`` beside this checkout (or beside the main one), if there is one."""
    roots = [ROOT, _main_checkout(ROOT)]
    for root in roots:
        if root is not None and (candidate := root.parent / "shared" / "SPEC.md").is_file():
            return candidate
    return None


SHARED_SPEC = shared_spec()


def test_spec_is_in_the_repository() -> None:
    assert SPEC.is_file(), f"{SPEC} is missing: copy the contract into docs/SPEC.md"
    assert SPEC.read_bytes().strip(), f"{SPEC} is empty"


@pytest.mark.skipif(SHARED_SPEC is None, reason=f"no shared/SPEC.md beside the checkout {ROOT}")
def test_spec_matches_the_shared_contract() -> None:
    assert SHARED_SPEC is not None
    assert SPEC.is_file(), f"{SPEC} is missing: copy {SHARED_SPEC} there"
    assert SPEC.read_bytes() == SHARED_SPEC.read_bytes(), f"{SPEC} differs from {SHARED_SPEC}: copy it again"
