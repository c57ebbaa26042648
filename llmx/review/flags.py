"""What the run itself flagged about a document, read from its ``meta``.

The page already shows what it can check on its own (evidence not in the text, the gold).
These are the checks only the run could make, which a reader must see before trusting a
record: a value another chunk disputed, a figure its quotes do not state, an item or a
chunk of the model's answer that was left out, records and figures that
``--strict-grounding`` removed. Without them a reviewer would take a record whose second
reading disagreed for one nobody questioned.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from llmx.core.meta import RunMeta, record_at
from llmx.core.records import ITEM_TYPES

#: What each kind of flag is called on the page.
FLAG_LABELS = {
    "conflict": "disputed value",
    "unstated": "figure not in its quotes",
    "invalid": "left out of the answer",
    "chunk": "chunk not used",
    "dropped": "removed by --strict-grounding",
}


@dataclass(slots=True, frozen=True)
class RunFlag:
    """One thing the run flagged; ``rid`` names the card it concerns ('villages-0'), if any."""

    kind: str
    text: str
    rid: str | None = None

    @property
    def label(self) -> str:
        return FLAG_LABELS[self.kind]


def card_id(record: str) -> str | None:
    """The card of the record meta names as 'villages[0]'; None for anything else."""
    at = record_at(record)
    return f"{at[0]}-{at[1]}" if at is not None and at[0] in ITEM_TYPES else None


def _shown(value: Any, limit: int = 60) -> str:
    """A value of any shape as one short line: strings as they are, the rest as JSON."""
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def run_flags(meta: RunMeta | None) -> list[RunFlag]:
    """Every flag of one document's run metadata, in the order a reader should check them."""
    if meta is None:
        return []
    flags: list[RunFlag] = []
    for error in meta.chunk_errors:
        flags.append(RunFlag("chunk", f"chunk {error.chunk} ({error.stage}): {_shown(error.message, 160)}"))
    for item in meta.invalid_items:
        flags.append(RunFlag("invalid", f"chunk {item.chunk}, {item.path}: {item.field}: {_shown(item.reason, 160)}"))
    for conflict in meta.merge_conflicts:
        flags.append(RunFlag(
            "conflict",
            f"{conflict.field}: kept {_shown(conflict.kept)}; chunk {conflict.chunk} said {_shown(conflict.other)}",
            card_id(conflict.record),
        ))
    figures = meta.figures
    for kind in ITEM_TYPES:
        for index, fields in enumerate(getattr(figures, kind)):
            for path, status in fields.items():
                if status == "unstated":
                    flags.append(RunFlag("unstated", f"{path}: no quote of the record states it", f"{kind}-{index}"))
    if meta.grounding.dropped_items:
        count = meta.grounding.dropped_items
        flags.append(RunFlag("dropped", f"{count} record{'' if count == 1 else 's'} with no quote found in the text"))
    if figures.nulled:
        count = figures.nulled
        flags.append(RunFlag("dropped", f"{count} figure{'' if count == 1 else 's'} no quote states: set to null, "
                                        "or the record dropped where the figure is required"))
    return flags
