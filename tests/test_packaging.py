"""What a wheel ships: every subpackage, the prompts (mapped in from the top-level
prompts/ as llmx.prompts), the review page's templates and the type marker."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def wheel_names(tmp_path_factory: pytest.TempPathFactory) -> set[str]:
    builders = pytest.importorskip("hatchling.builders.wheel", reason="hatchling builds the wheel (test extra)")
    out = tmp_path_factory.mktemp("wheel")
    path = next(iter(builders.WheelBuilder(str(ROOT)).build(directory=str(out), versions=["standard"])))
    with zipfile.ZipFile(path) as wheel:
        return set(wheel.namelist())


def test_every_subpackage_is_in_the_wheel(wheel_names: set[str]) -> None:
    on_disk = {
        init.relative_to(ROOT).as_posix()
        for init in (ROOT / "llmx").rglob("__init__.py")
        if "__pycache__" not in init.parts
    }
    assert on_disk <= wheel_names


def test_prompts_templates_and_type_marker_ship(wheel_names: set[str]) -> None:
    prompts = {f"llmx/prompts/{p.name}" for p in (ROOT / "prompts").glob("*.md")}
    templates = {f"llmx/review/templates/{p.name}" for p in (ROOT / "llmx" / "review" / "templates").iterdir()}
    assert prompts and prompts <= wheel_names
    assert "llmx/prompts/__init__.py" in wheel_names
    assert templates <= wheel_names
    assert "llmx/py.typed" in wheel_names


def test_a_plain_build_leaves_no_artefacts_in_the_checkout() -> None:
    # setuptools used to leave build/ and llmx.egg-info/ behind after `pip install .`
    assert not (ROOT / "llmx.egg-info").exists()
    assert not (ROOT / "build").exists() or not any((ROOT / "build").iterdir())
