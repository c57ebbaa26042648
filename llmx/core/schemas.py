"""JSON Schema export of the record models, and the drift check the tests run."""

from __future__ import annotations

import json
from pathlib import Path

from llmx.core.records import RECORD_MODELS


def schema_documents() -> dict[str, str]:
    """File name -> JSON text for every record model, deterministic."""
    return {
        f"{name}.schema.json": json.dumps(model.model_json_schema(), ensure_ascii=False, indent=2, sort_keys=True)
        + "\n"
        for name, model in RECORD_MODELS.items()
    }


def write_schemas(directory: Path) -> list[Path]:
    directory.mkdir(parents=True, exist_ok=True)
    written = []
    for name, text in schema_documents().items():
        path = directory / name
        path.write_text(text, encoding="utf-8")
        written.append(path)
    return written
