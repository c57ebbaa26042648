"""The package list in pyproject.toml is explicit (prompts/ is mapped in as llmx.prompts),
so a new subpackage that is not listed would be missing from installed wheels."""

from __future__ import annotations

import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_every_subpackage_is_listed_for_the_wheel() -> None:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]
    listed = set(config["packages"])
    on_disk = {
        ".".join(init.parent.relative_to(ROOT).parts)
        for init in (ROOT / "llmx").rglob("__init__.py")
        if "__pycache__" not in init.parts
    }
    assert on_disk - listed == set(), "add these to [tool.setuptools] packages in pyproject.toml"
    assert "llmx.prompts" in listed and config["package-dir"]["llmx.prompts"] == "prompts"


def test_prompts_and_templates_ship_as_package_data() -> None:
    data = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]["package-data"]
    assert "*.md" in data["llmx.prompts"]
    assert any(p.startswith("templates") for p in data["llmx.review"])
    assert list((ROOT / "prompts").glob("*.md")) and list((ROOT / "llmx" / "review" / "templates").iterdir())
