"""Checks on the shape of llmx's own code that ruff and mypy do not make."""

from __future__ import annotations

import ast
from collections import Counter
from pathlib import Path

import llmx

PACKAGE = Path(llmx.__file__).parent


def _module_bindings(tree: ast.Module) -> Counter[str]:
    """Names a module binds at its top level by plain assignment (constants and tables)."""
    bound: Counter[str] = Counter()
    for node in tree.body:
        targets = node.targets if isinstance(node, ast.Assign) else [node.target] if isinstance(
            node, ast.AnnAssign
        ) and node.value is not None else []
        for target in targets:
            if isinstance(target, ast.Name):
                bound[target.id] += 1
    return bound


def test_no_module_binds_a_top_level_name_twice() -> None:
    # a second table or pattern under a name already used silently replaces the first for
    # every function that reads it (rules 2.13 nearly shipped one: two _BENEFICIARY_LEAD)
    twice = {
        f"{path.relative_to(PACKAGE)}: {name}"
        for path in sorted(PACKAGE.rglob("*.py"))
        for name, count in _module_bindings(ast.parse(path.read_text(encoding="utf-8"))).items()
        if count > 1 and name != "__all__"
    }
    assert not twice, sorted(twice)


def test_the_check_sees_a_name_bound_twice() -> None:
    tree = ast.parse("A = 1\nB: int = 2\nA = 3\n")
    assert _module_bindings(tree) == Counter({"A": 2, "B": 1})
