"""The gold reader double (tests/support/gold_reader.py) answers what its contract says.

Expected answers are built here from the gold through llmx's own loaders and chunker, not
through the double's code, so a double that drifts from the gold fails these tests. The
noise tests undo each class and require the clean answer back: a class that changes
anything besides what it names fails.
"""

from __future__ import annotations

import copy
import json
import re
import subprocess
import sys
import unicodedata
import urllib.error
import urllib.request
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import openai
import pytest

from llmx.core.chunking import Chunk, chunk_document
from llmx.core.clean import document_title
from llmx.core.records import Extraction, Report
from llmx.eval.harness import load_docs, load_gold_dir
from llmx.llm.prompting import parse_prompt
from tests.support import noise as nz
from tests.support.gold_reader import GoldReader, count_tokens

ROOT = Path(__file__).resolve().parents[1]
SETS = ((ROOT / "evals" / "docs", ROOT / "evals" / "gold"),
        (ROOT / "evals" / "heldout" / "docs", ROOT / "evals" / "heldout" / "gold"))
PROMPT = parse_prompt((ROOT / "prompts" / "extract.md").read_text(encoding="utf-8"))
SCHEMA = Extraction.model_json_schema()
TRADITIONAL_DOC = "000_dac891bde6e12045"


def _corpus() -> dict[str, tuple[str, Report]]:
    corpus: dict[str, tuple[str, Report]] = {}
    for docs_dir, gold_dir in SETS:
        texts = load_docs(docs_dir)
        corpus.update({doc_id: (texts[doc_id], report) for doc_id, report in load_gold_dir(gold_dir).items()})
    return corpus


CORPUS = _corpus()


def _messages(text: str, chunk: Chunk, count: int) -> list[dict[str, str]]:
    title = document_title(text) if chunk.index > 0 else None
    system, user = PROMPT.render(text=chunk.text, chunk_number=chunk.index + 1, chunk_count=count,
                                 doc_title=title)
    return [{"role": "system", "content": system}, {"role": "user", "content": user}]


def _expected(report: Report, chunk: Chunk, first: bool) -> dict[str, Any]:
    """The gold answer for a chunk, from the gold Report itself."""
    gold = report.model_dump(mode="json")
    answer: dict[str, Any] = {key: gold[key] if first else ([] if key == "authors" else None)
                              for key in nz.HEADER_KEYS}
    for kind in nz.ITEM_KINDS:
        answer[kind] = []
        for item in gold[kind]:
            if chunk.start <= item["evidence"][0]["start"] < chunk.end:
                item["evidence"] = [{"quote": ev["quote"], "start": 0, "end": 0} for ev in item["evidence"]]
                answer[kind].append(item)
    return answer


def _chunks(doc_id: str, tokens: int = 600) -> list[Chunk]:
    return chunk_document(CORPUS[doc_id][0], max_tokens=tokens)


def _walk(reader: GoldReader, tokens: int = 600) -> Iterator[tuple[str, Chunk, dict[str, Any], list[dict[str, Any]]]]:
    """(doc_id, chunk, answer, noise log) for every chunk of every gold document."""
    for doc_id, (text, _) in CORPUS.items():
        chunks = _chunks(doc_id, tokens)
        for chunk in chunks:
            answer, log = reader.answer({"messages": _messages(text, chunk, len(chunks))})
            yield doc_id, chunk, answer, log


@pytest.fixture(scope="module")
def clean_answers() -> dict[tuple[str, int], dict[str, Any]]:
    with GoldReader(SETS) as reader:
        return {(doc_id, chunk.index): answer for doc_id, chunk, answer, _ in _walk(reader)}


def _noisy(noise: str, seed: int = 0) -> list[tuple[str, Chunk, dict[str, Any], list[dict[str, Any]]]]:
    with GoldReader(SETS, noise, seed=seed) as reader:
        return list(_walk(reader))


# --------------------------------------------------------------------------- clean reader


def _ask(client: openai.OpenAI, mode: str, messages: list[dict[str, str]]) -> dict[str, Any]:
    if mode == "tools":
        tool = {"type": "function", "function": {"name": "Extraction", "parameters": SCHEMA}}
        response = client.chat.completions.create(
            model="m", messages=messages, tools=[tool],  # type: ignore[call-overload]
            tool_choice={"type": "function", "function": {"name": "Extraction"}},
        )
        message = response.choices[0].message
        assert response.choices[0].finish_reason == "tool_calls" and message.content is None
        assert message.tool_calls and message.tool_calls[0].function.name == "Extraction"  # type: ignore[union-attr]
        return json.loads(message.tool_calls[0].function.arguments)  # type: ignore[union-attr]
    extra: dict[str, Any] = {}
    if mode == "json_schema":
        extra["response_format"] = {"type": "json_schema",
                                    "json_schema": {"name": "Extraction", "schema": SCHEMA, "strict": False}}
    elif mode == "json_object_schema":
        extra["extra_body"] = {"response_format": {"type": "json_object", "schema": SCHEMA}}
    elif mode == "json":
        messages = [{"role": "system", "content": f"Answer in JSON matching this schema: {json.dumps(SCHEMA)}"},
                    *messages]
    elif mode == "md_json":
        messages = [*messages, {"role": "user", "content": "Return the JSON within a ```json codeblock."}]
    response = client.chat.completions.create(model="m", messages=messages, **extra)  # type: ignore[arg-type]
    content = response.choices[0].message.content or ""
    if mode == "md_json":
        fenced = re.fullmatch(r"```json\n(.*)\n```", content, re.DOTALL)
        assert fenced, content[:80]
        content = fenced.group(1)
    return json.loads(content)


@pytest.mark.parametrize("mode", ["tools", "json_schema", "json_object_schema", "json", "md_json"])
def test_clean_reader_answers_the_gold_items_of_a_chunk_in_every_mode(mode: str) -> None:
    doc_id = TRADITIONAL_DOC
    text, report = CORPUS[doc_id]
    chunks = _chunks(doc_id)
    with GoldReader(SETS) as reader:
        client = openai.OpenAI(base_url=reader.url, api_key="x", max_retries=0)
        for chunk in (chunks[0], chunks[2]):
            answer = _ask(client, mode, _messages(text, chunk, len(chunks)))
            assert tuple(answer) == nz.ANSWER_KEYS
            assert answer == _expected(report, chunk, first=chunk.index == 0)
            Extraction.model_validate(answer)  # what a schema-following model may send
        stats = reader.stats_dict()
    assert stats["modes"] == {mode if mode != "json" else "json": 2}
    assert stats["requests"] == 2 and stats["reasks"] == 0
    assert sum(len(_expected(report, c, c.index == 0)[k]) for c in (chunks[0], chunks[2])
               for k in nz.ITEM_KINDS) == stats["items_answered"] > 0


@pytest.mark.parametrize("tokens", [600, 1500])
def test_each_gold_item_is_answered_once_over_a_documents_chunks(tokens: int) -> None:
    with GoldReader(SETS) as reader:
        for doc_id, (text, report) in CORPUS.items():
            chunks = _chunks(doc_id, tokens)
            seen: Counter[str] = Counter()
            headers = []
            for chunk in chunks:
                answer, _ = reader.answer({"messages": _messages(text, chunk, len(chunks))})
                if answer["title"] is not None:
                    headers.append((answer["title"], answer["outlet"], answer["published"], answer["authors"]))
                for kind in nz.ITEM_KINDS:
                    seen.update(f"{kind}:{json.dumps(item, sort_keys=True)}" for item in answer[kind])
            whole = Chunk(0, 0, len(text), text)
            gold = _expected(report, whole, first=True)
            wanted = Counter(f"{k}:{json.dumps(i, sort_keys=True)}" for k in nz.ITEM_KINDS for i in gold[k])
            assert seen == wanted, doc_id
            assert headers == [(report.title, report.outlet, gold["published"], report.authors)], doc_id


def test_a_chunk_without_a_chunk_number_gets_the_header_only_before_the_first_item() -> None:
    report = CORPUS[TRADITIONAL_DOC][1]
    chunks = _chunks(TRADITIONAL_DOC)
    with GoldReader(SETS) as reader:
        for chunk in chunks:
            bare = [{"role": "user", "content": f"抽取：\n<<<\n{chunk.text}\n>>>\n"}]
            answer, _ = reader.answer({"messages": bare})
            assert (answer["title"] == report.title) == (chunk.index == 0)


def test_an_unknown_chunk_is_answered_empty_and_counted() -> None:
    with GoldReader(SETS) as reader:
        body = {"model": "m", "messages": [{"role": "user", "content": "<<<\n这段文字不在任何文档里。\n>>>"}]}
        payload = reader.respond(body)
        answer = json.loads(payload["choices"][0]["message"]["content"])
        assert all(not answer[key] for key in nz.ANSWER_KEYS)
        assert reader.stats.unknown_chunks == 1


# --------------------------------------------------------------------------- noise classes


def test_script_width_changes_script_punctuation_and_names_and_repeats_villages(
        clean_answers: dict[tuple[str, int], dict[str, Any]]) -> None:
    again = 0
    traditional_quotes_simplified = 0
    for doc_id, chunk, noisy, _ in _noisy("script_width"):
        clean = clean_answers[doc_id, chunk.index]
        restored = copy.deepcopy(noisy)
        extra = restored["villages"][len(clean["villages"]):]
        restored["villages"] = restored["villages"][: len(clean["villages"])]
        width = str.maketrans("，：；（）！？", ",:;()!?")
        for kind in nz.ITEM_KINDS:
            for item, ref in zip(restored[kind], clean[kind], strict=True):
                for ev, ref_ev in zip(item["evidence"], ref["evidence"], strict=True):
                    if doc_id == TRADITIONAL_DOC:
                        traditional_quotes_simplified += ev["quote"] != ref_ev["quote"]
                        assert nz.t2s(ev["quote"]) == ev["quote"]
                    assert nz.t2s(ev["quote"]).translate(width) == nz.t2s(ref_ev["quote"]).translate(width)
                    ev["quote"] = ref_ev["quote"]
        for village in restored["villages"]:
            assert village["name"] == nz.s2t(village["name"])
            village["name"] = nz.t2s(village["name"])
            village["township"] = village["township"] and nz.t2s(village["township"])
        for team in restored["teams"]:
            team["sent_by"] = team["sent_by"] and nz.t2s(team["sent_by"])
            team["villages"] = [nz.t2s(v) for v in team["villages"]]
        for measure in restored["measures"]:
            measure["village"] = measure["village"] and nz.t2s(measure["village"])
        assert restored == clean
        gold = CORPUS[doc_id][1]
        for copy_ in extra:  # a village of an earlier chunk: its name, one figure, one quote
            again += 1
            home = next(v for v in gold.villages if v.name == nz.t2s(copy_["name"]))
            assert home.evidence[0].start < chunk.start
            figures = {k: v for k, v in copy_.items() if k not in ("name", "evidence") and v is not None}
            assert len(figures) == 1 and len(copy_["evidence"]) == 1
            ((name, value),) = figures.items()
            assert getattr(home, name) == value
    assert again >= 3 and traditional_quotes_simplified >= 10


def test_wan_answers_figures_the_quote_states_in_wan_in_wan(
        clean_answers: dict[tuple[str, int], dict[str, Any]]) -> None:
    changes: Counter[str] = Counter()
    for doc_id, chunk, noisy, _ in _noisy("wan"):
        clean = clean_answers[doc_id, chunk.index]
        restored = copy.deepcopy(noisy)
        for kind in ("measures", "metrics"):
            for item, ref in zip(restored[kind], clean[kind], strict=True):
                quotes = "\n".join(nz.quotes_of(ref))
                if item.get("investment_yuan") != ref.get("investment_yuan"):
                    assert item["investment_yuan"] * 10000 == pytest.approx(ref["investment_yuan"])
                    assert nz.states_wan(ref["investment_yuan"], quotes)
                    item["investment_yuan"] = ref["investment_yuan"]
                    changes["investment"] += 1
                amounts = item.get("quantities", []) + ([item] if kind == "metrics" else [])
                refs = ref.get("quantities", []) + ([ref] if kind == "metrics" else [])
                for amount, ref_amount in zip(amounts, refs, strict=True):
                    if amount["value"] != ref_amount["value"]:
                        assert nz.states_wan(ref_amount["value"], quotes)
                        assert amount["unit"] in (ref_amount["unit"], "万" + ref_amount["unit"])
                        changes["unit kept" if amount["unit"] == ref_amount["unit"] else "unit in wan"] += 1
                        for key in ("value", "value_max"):
                            if amount[key] is not None:
                                assert amount[key] * 10000 == pytest.approx(ref_amount[key])
                                amount[key] = ref_amount[key]
                        amount["unit"] = ref_amount["unit"]
        assert restored == clean
    assert changes["investment"] >= 3 and changes["unit kept"] >= 3 and changes["unit in wan"] >= 3


def test_unit_synonyms_change_units_only(clean_answers: dict[tuple[str, int], dict[str, Any]]) -> None:
    swapped = 0
    for doc_id, chunk, noisy, _ in _noisy("unit_synonyms"):
        clean = clean_answers[doc_id, chunk.index]
        restored = copy.deepcopy(noisy)
        for kind in ("measures", "metrics"):
            for item, ref in zip(restored[kind], clean[kind], strict=True):
                pairs = list(zip(item.get("quantities", []), ref.get("quantities", []), strict=True))
                if kind == "metrics":
                    pairs.append((item, ref))
                for amount, ref_amount in pairs:
                    if amount["unit"] != ref_amount["unit"]:
                        assert amount["unit"] in nz.UNIT_SYNONYMS[ref_amount["unit"]]
                        amount["unit"] = ref_amount["unit"]
                        swapped += 1
        assert restored == clean
    assert swapped >= 50
    rank = {"metrics": [{"name": "排名", "value": 1, "unit": "名", "evidence": [{"quote": "第一名"}]}]}
    ctx = nz.ChunkContext(0, "d", "第一名", 0, 3, {})
    assert nz.unit_synonyms(rank, ctx) == rank


def test_fabricated_figure_moves_one_non_year_figure_per_item_and_logs_it(
        clean_answers: dict[tuple[str, int], dict[str, Any]]) -> None:
    logged = 0
    for doc_id, chunk, noisy, log in _noisy("fabricated_figure"):
        clean = clean_answers[doc_id, chunk.index]
        changed = 0
        for kind in nz.ITEM_KINDS:
            for item, ref in zip(noisy[kind], clean[kind], strict=True):
                diffs = {k for k in item if item[k] != ref[k]}
                for i, (q, ref_q) in enumerate(zip(item.get("quantities", []), ref.get("quantities", []),
                                                   strict=True)):
                    diffs |= {f"quantities[{i}].{k}" for k in q if q[k] != ref_q[k]}
                diffs.discard("quantities")
                diffs = {d for d in diffs if not d.endswith("value_max")}  # a range moves with its value
                assert len(diffs) <= 1, diffs
                if diffs:
                    changed += 1
                    (label,) = diffs
                    note = next(n for n in log if n["field"] == label and n["quote"] == ref["evidence"][0]["quote"])
                    assert round(note["value"] - note["gold"], 6) in (7, -7, 17)
                    assert not any(y in label for y in ("year", "since"))
        assert changed == len(log)
        logged += len(log)
    assert logged >= 200


def test_fabrications_are_recorded_in_the_stats() -> None:
    text, _ = CORPUS[TRADITIONAL_DOC]
    chunks = _chunks(TRADITIONAL_DOC)
    with GoldReader(SETS, "fabricated_figure") as reader:
        _, log = reader.answer({"messages": _messages(text, chunks[0], len(chunks))})
        reader.respond({"messages": _messages(text, chunks[0], len(chunks))})
        with urllib.request.urlopen(reader.url.removesuffix("/v1") + "/stats") as response:
            stats = json.load(response)
    assert log and stats["fabricated"] == [{k: v for k, v in n.items() if k not in ("noise", "change")} for n in log]


def test_invented_record_adds_one_metric_the_document_does_not_hold(
        clean_answers: dict[tuple[str, int], dict[str, Any]]) -> None:
    for doc_id, chunk, noisy, _ in _noisy("invented_record"):
        clean = clean_answers[doc_id, chunk.index]
        invented = noisy["metrics"][-1]
        assert {**noisy, "metrics": noisy["metrics"][:-1]} == clean
        assert invented["evidence"][0]["quote"] not in CORPUS[doc_id][0]


_CATEGORY_BACK = {v: k for k, v in nz.CATEGORY_ZH.items()}
_STATUS_BACK = {**{v: k for k, v in nz.STATUS_ZH.items()}, "completed": "done"}


def _loosen(value: Any, ref: Any) -> Any:
    """``value`` as the reference when it is the same figure in a quirky form, else unchanged."""
    if value == ref or not isinstance(ref, (int, float)) or isinstance(ref, bool):
        return value
    if isinstance(value, str):
        digits = re.match(r"-?[\d.]+", unicodedata.normalize("NFKC", value))
        return ref if digits and float(digits.group()) == ref else value
    if isinstance(value, float) and value * 100 == pytest.approx(ref):
        return ref
    return value


def _unquirk(noisy: dict[str, Any], clean: dict[str, Any]) -> dict[str, Any]:
    answer = copy.deepcopy(noisy["extraction"] if set(noisy) == {"extraction"} else noisy)
    for key in ("authors", *nz.ITEM_KINDS):
        answer[key] = [] if answer[key] is None else answer[key]
    for kind in nz.ITEM_KINDS:
        for item, ref in zip(answer[kind], clean[kind], strict=True):
            item.pop("confidence", None)
            if isinstance(item["evidence"], str):
                item["evidence"] = [item["evidence"]]
            item["evidence"] = [{"quote": e, "start": 0, "end": 0} if isinstance(e, str) else e
                                for e in item["evidence"]]
            for key in ("quantities", "villages"):
                if key in item and item[key] is None:
                    item[key] = []
            for key in item:
                item[key] = _loosen(item[key], ref[key])
            for q, ref_q in zip(item.get("quantities", []), ref.get("quantities", []), strict=True):
                q["value"] = _loosen(q["value"], ref_q["value"])
            if kind == "measures":
                category = _CATEGORY_BACK.get(item["category"], item["category"].lower().replace(" ", "_"))
                item["category"] = category
                item["status"] = _STATUS_BACK.get(item["status"], item["status"])
                if len(item["summary"]) > 40 and item["summary"].startswith(ref["summary"]):
                    item["summary"] = ref["summary"]
    return answer


def test_model_quirks_change_only_the_shape_of_values(clean_answers: dict[tuple[str, int], dict[str, Any]]) -> None:
    kinds: Counter[str] = Counter()
    for doc_id, chunk, noisy, log in _noisy("model_quirks"):
        assert _unquirk(noisy, clean_answers[doc_id, chunk.index]) == clean_answers[doc_id, chunk.index]
        kinds.update(note["change"] for note in log)
    every = {"number_with_unit", "full_width_digits", "percent_fraction", "year_string", "evidence_string",
             "evidence_strings", "category_zh", "category_capitalised", "status_zh", "status_completed",
             "extra_key", "long_summary", "null_list", "wrapped"}
    assert every <= set(kinds), every - set(kinds)


def test_the_same_seed_gives_the_same_answers_and_another_seed_others() -> None:
    noise = "wan,unit_synonyms,fabricated_figure,invented_record,script_width,model_quirks"
    first = [answer for *_, answer, _ in _noisy(noise, seed=3)]
    assert first == [answer for *_, answer, _ in _noisy(noise, seed=3)]
    assert first != [answer for *_, answer, _ in _noisy(noise, seed=4)]


def test_noise_names_combine_in_a_fixed_order_and_unknown_ones_fail() -> None:
    assert nz.parse_noise("model_quirks, wan") == ("wan", "model_quirks")
    assert nz.parse_noise("") == ("clean",)
    with pytest.raises(ValueError, match="unknown noise class"):
        nz.parse_noise("wan,typo")


# --------------------------------------------------------------------------- protocol


def test_a_reask_gets_the_clean_answer_and_is_counted_apart() -> None:
    text, report = CORPUS[TRADITIONAL_DOC]
    chunks = _chunks(TRADITIONAL_DOC)
    messages = _messages(text, chunks[1], len(chunks))
    followup = [*messages, {"role": "assistant", "content": "{}"}, {"role": "user", "content": "fix: ..."}]
    with GoldReader(SETS, "model_quirks,invented_record") as reader:
        client = openai.OpenAI(base_url=reader.url, api_key="x", max_retries=0)
        first = _ask(client, "json", messages)
        again = _ask(client, "json", followup)
        stats = reader.stats_dict()
    assert first != again == _expected(report, chunks[1], first=False)
    assert stats["requests"] == 2 and stats["reasks"] == 1 and stats["reask_prompt_tokens"] > 0
    with GoldReader(SETS, reask_noise="invented_record") as reader:
        answer, _ = reader.answer({"messages": followup})
    assert len(answer["metrics"]) == len(_expected(report, chunks[1], first=False)["metrics"]) + 1


def test_token_counts_are_deterministic() -> None:
    assert count_tokens("驻村ab") == 3 and count_tokens("abcdefgh") == 2 and count_tokens("") == 0
    text, _ = CORPUS[TRADITIONAL_DOC]
    chunks = _chunks(TRADITIONAL_DOC)
    body: dict[str, Any] = {"model": "m", "messages": _messages(text, chunks[0], len(chunks))}
    with GoldReader(SETS) as reader:
        usage = [reader.respond(body)["usage"] for _ in range(2)]
    assert usage[0] == usage[1]
    assert usage[0]["prompt_tokens"] == count_tokens("\n".join(m["content"] for m in body["messages"]))


def _status(url: str, data: bytes | None = None) -> int:
    request = urllib.request.Request(url, data=data, headers={"Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(request) as response:
            return int(response.status)
    except urllib.error.HTTPError as err:
        return err.code


def test_routes_models_stats_and_404() -> None:
    with GoldReader(SETS) as reader:
        base = reader.url.removesuffix("/v1")
        models = openai.OpenAI(base_url=reader.url, api_key="x").models.list()
        assert [m.id for m in models.data] == ["gold-reader"]
        assert _status(base + "/stats") == 200
        assert _status(base + "/v1/nope") == 404
        assert _status(base + "/v1/nope", b"{}") == 404
        assert _status(base + "/v1/chat/completions", b"not json") == 400


def test_runs_as_a_script_and_prints_its_url_first() -> None:
    script = ROOT / "tests" / "support" / "gold_reader.py"
    docs_dir, gold_dir = SETS[1]
    proc = subprocess.Popen([sys.executable, str(script), "--noise", "wan", "--seed", "2",
                             "--gold-dir", str(docs_dir), str(gold_dir)], stdout=subprocess.PIPE, text=True)
    try:
        assert proc.stdout is not None
        url = proc.stdout.readline().strip()
        assert re.fullmatch(r"http://127\.0\.0\.1:\d+/v1", url)
        assert _status(url + "/models") == 200
    finally:
        proc.kill()
        proc.wait()
