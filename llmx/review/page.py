"""The review page itself: one self-contained HTML file from the document views.

Everything from the run, the documents and the gold is escaped by jinja2's autoescape;
the machine-readable record data sits in a ``<script type="application/json">`` block
with ``<``, ``>`` and ``&`` written as JSON ``\\u`` escapes, so no document can close the
block or open a script.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Sequence
from importlib import resources
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape
from markupsafe import Markup

from llmx.eval.grounding_rates import GroundingRates
from llmx.eval.scorer import RunScore
from llmx.review.formatting import CATEGORY_LABELS, ITEM_TYPES, KIND, fmt_money, fmt_number, fmt_pct
from llmx.review.views import DocView, RecordView


def script_json(data: Any) -> Markup:
    """JSON safe inside ``<script type="application/json">``: no ``<``, ``>`` or ``&`` literally."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return Markup(text.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))


def _asset(name: str) -> str:
    return (resources.files("llmx.review") / "templates" / name).read_text(encoding="utf-8")


def _environment() -> Environment:
    env = Environment(
        loader=PackageLoader("llmx.review", "templates"),
        autoescape=select_autoescape(["html"], default_for_string=True, default=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["pct"] = fmt_pct
    env.filters["money"] = fmt_money
    env.filters["num"] = fmt_number
    return env


def _record_data(rec: RecordView) -> dict[str, Any]:
    return {"type": rec.kind, "title": rec.title, "keys": rec.keys, "category": rec.category,
            "villages": rec.villages, "found": rec.found, "missed": rec.missed}


def page_data(docs: Sequence[DocView], has_gold: bool) -> dict[str, Any]:
    """The JSON the page script reads: per document its records' filter keys."""
    return {
        "has_gold": has_gold,
        "docs": [
            {"id": d.doc_id, "records": {r.rid: _record_data(r) for r in [*d.records, *d.missed]}}
            for d in docs
        ],
    }


def render_page(
    docs: Sequence[DocView],
    run_name: str,
    gold_name: str | None = None,
    warnings: Sequence[str] = (),
    now: Callable[[], dt.datetime] = dt.datetime.now,
) -> str:
    """The whole review page as one HTML string (CSS and JS inlined)."""
    js = _asset("review.js")
    css = _asset("review.css")
    if "</script" in js.lower() or "</style" in css.lower():
        raise ValueError("review assets must not contain a closing script/style tag")
    has_gold = gold_name is not None
    run_total = RunScore({d.doc_id: d.score for d in docs if d.score is not None}) if has_gold else None
    grounding = sum((d.grounding for d in docs), GroundingRates())
    categories = sorted({r.category for d in docs for r in [*d.records, *d.missed] if r.category})
    template = _environment().get_template("page.html")
    return template.render(
        docs=docs,
        run_name=run_name,
        gold_name=gold_name,
        has_gold=has_gold,
        run_total=run_total,
        grounding=grounding,
        flagged=sum(len(d.flags) for d in docs),
        warnings=list(warnings),
        categories=[(c, CATEGORY_LABELS.get(c, c)) for c in categories],
        kinds=[KIND[t] for t in ITEM_TYPES],
        generated=now().strftime("%Y-%m-%d %H:%M"),
        css=Markup(css),
        js=Markup(js),
        data_json=script_json(page_data(docs, has_gold)),
    )
