"""The committed schemas/ must match the models: a drift fails here, not in a user's pipeline."""

from __future__ import annotations

from pathlib import Path

from llmx.core.schemas import schema_documents, write_schemas

SCHEMAS = Path(__file__).resolve().parents[1] / "schemas"


def test_committed_schemas_match_the_models() -> None:
    expected = schema_documents()
    committed = {p.name: p.read_text(encoding="utf-8") for p in SCHEMAS.glob("*.schema.json")}
    assert set(committed) == set(expected), "run: llmx schema export schemas"
    for name, text in expected.items():
        assert committed[name] == text, f"schemas/{name} is stale: run `llmx schema export schemas`"


def test_write_schemas(tmp_path: Path) -> None:
    written = write_schemas(tmp_path / "out")
    assert {p.name for p in written} == set(schema_documents())
    assert all(p.read_text(encoding="utf-8").endswith("\n") for p in written)
