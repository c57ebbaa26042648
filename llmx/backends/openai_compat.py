"""Any OpenAI-compatible chat server: OpenAI, DeepSeek, Qwen (DashScope compatible mode),
vLLM, Ollama, llama.cpp.

One chunk's path: prompt → request (shaped by the structured-output mode) → call →
read the answer's JSON → repair → validate item by item → re-ask only for the items no
repair could fix → ChunkAnswer. What differs between servers is a profile
(``llmx.llm.profiles``); the request for a chunk is built by ``request_body``, which the
provider Batch API path (``llmx batch prepare``) uses too, so a batch line is exactly the
request the online path would send.
"""

from __future__ import annotations

import json
from typing import Any

from llmx.backends.base import ChunkAnswer, ChunkRequest
from llmx.config import ExtractConfig
from llmx.core.meta import InvalidItem, Repair, Usage
from llmx.core.records import Extraction
from llmx.errors import BackendError, ConfigError
from llmx.llm.client import ChatClient, RetryHook, Transport, record_tokens
from llmx.llm.health import redact_url
from llmx.llm.modes import AnswerText, answer_text, parse_answer, request_shape
from llmx.llm.profiles import PROFILES, detect_server_kind
from llmx.llm.prompting import Prompt, load_prompt
from llmx.llm.ratelimit import RateLimiter
from llmx.llm.repair import repair_answer
from llmx.llm.validate import Rejected, ValidatedAnswer, validate_answer

DEFAULT_CHUNK_TOKENS = 1500
#: problems listed in one re-ask message, at most
_REASK_LIST = 12


class OpenAIBackend:
    """Extraction through an OpenAI-compatible chat-completions endpoint."""

    name = "openai"
    cacheable = True
    local_cpu = False

    def __init__(
        self,
        config: ExtractConfig,
        *,
        transport: Transport | None = None,
        on_transport_retry: RetryHook | None = None,
        prompt: Prompt | None = None,
        rate_limiter: RateLimiter | None = None,
    ) -> None:
        if not config.model:
            raise ConfigError("the openai backend needs a model name: pass --model or set LLMX_MODEL")
        api_key = config.api_key
        if not api_key:
            if not config.base_url:
                raise ConfigError(
                    "no API key for api.openai.com: set LLMX_API_KEY (or OPENAI_API_KEY), pass --api-key, "
                    "or point --base-url at a local server"
                )
            api_key = "not-needed"  # local servers (llama.cpp, vLLM, Ollama) ignore it
        self.config = config
        self.server_kind = detect_server_kind(config.base_url)
        self.profile = profile = PROFILES[self.server_kind]
        self.mode = profile.default_mode if config.mode == "auto" else config.mode
        self.max_chunk_tokens: int | None = config.chunk_tokens or DEFAULT_CHUNK_TOKENS
        self.prompt = prompt or load_prompt("extract")
        self.shape = request_shape(self.mode, profile.keeps_system)
        self.client = ChatClient(
            config, api_key=api_key, limiter=rate_limiter, transport=transport, on_transport_retry=on_transport_retry,
        )

    @property
    def limiter(self) -> RateLimiter:
        return self.client.limiter

    def identity(self) -> dict[str, Any]:
        return {
            "backend": self.name,
            "server_kind": self.server_kind,
            "base_url": redact_url(self.config.base_url),  # what meta and manifests show: no credentials
            "model": self.config.model,
            "mode": self.mode,
            "prompt": self.prompt.tag,
            "prompt_sha256": self.prompt.sha256,
            "temperature": self.config.temperature,
            "max_output_tokens": self.config.max_output_tokens,
            "seed": self.config.seed,
            "max_retries": self.config.max_retries,
        }

    # -- the request ---------------------------------------------------------------------
    def _sampling(self) -> dict[str, Any]:
        params: dict[str, Any] = {"model": self.config.model}
        if self.profile.takes_temperature(self.config.model):
            params["temperature"] = self.config.temperature
        params[self.profile.max_tokens_field] = self.config.max_output_tokens
        if self.config.seed is not None:
            params["seed"] = self.config.seed
        return {**params, **self.profile.request_extras}

    def request_body(self, request: ChunkRequest) -> dict[str, Any]:
        """The chat-completions body for one chunk: instructions first (a stable prefix for
        providers' prompt caches), then the document's title as context, then the chunk."""
        system, user = self.prompt.render(
            text=request.chunk.text,
            chunk_number=request.chunk.index + 1,
            chunk_count=request.chunk_count,
            doc_title=request.title if request.chunk.index > 0 else None,
        )
        return {**self._sampling(), **self.shape.body(system, user)}

    def reask_body(self, request: ChunkRequest, first: AnswerText, rejected: list[Rejected]) -> dict[str, Any]:
        """A follow-up for the items no repair could fix: the original exchange, then the list."""
        body = self.request_body(request)
        problems = "\n".join(
            f"- {r.kind}[{r.index}] 字段 {r.field}：{r.reason}；条目：{json.dumps(r.data, ensure_ascii=False)[:300]}"
            if r.data is not None else f"- 整个回答：{r.reason}"
            for r in rejected[:_REASK_LIST]
        )
        body["messages"] = [
            *body["messages"],
            {"role": "assistant", "content": first.text},
            {"role": "user", "content": self.prompt.render_reask(problems=problems)},
        ]
        return body

    # -- the answer ----------------------------------------------------------------------
    def read_answer(self, text: AnswerText, chunk_index: int) -> tuple[ValidatedAnswer, list[Repair]]:
        """Parse, repair and validate one answer; (validated items, repairs made)."""
        parsed = parse_answer(text.text)
        repairs: list[Repair] = []
        value = parsed.value
        if text.calls > 1:
            repairs.append(Repair(chunk=chunk_index, path="(answer)", rule="tool_calls_joined", before=text.calls,
                                  after=1))
        if parsed.mended:
            repairs.append(Repair(chunk=chunk_index, path="(answer)", rule=parsed.mended, before=None, after=None))
        value, notes = repair_answer(value, chunk=chunk_index)
        repairs.extend(notes)
        validated = validate_answer(value, chunk=chunk_index)
        if text.truncated:
            _drop_last_item(validated, chunk_index)
        return validated, repairs

    def answer_from_response(
        self, response: Any, request: ChunkRequest
    ) -> tuple[ChunkAnswer, AnswerText, list[Rejected]]:
        """The ChunkAnswer in a chat completion (object or dict), before any re-ask."""
        text = answer_text(response)
        validated, repairs = self.read_answer(text, request.chunk.index)
        answer = ChunkAnswer(extraction=validated.extraction, repairs=repairs)
        answer.invalid_items = validated.nulled
        return answer, text, validated.rejected

    def answer_offline(self, response: Any, request: ChunkRequest) -> ChunkAnswer:
        """The ChunkAnswer in a response that arrived without this run asking (a provider
        batch, a results file): repaired and validated as online, but with no re-ask, so
        the items no repair could fix are listed in ``invalid_items``. Raises BackendError
        (stage validate) when the answer holds no JSON object at all."""
        answer, _, rejected = self.answer_from_response(response, request)
        answer.invalid_items += [
            InvalidItem(chunk=request.chunk.index, path=f"{r.kind}[{r.index}]", field=r.field, reason=r.reason)
            for r in rejected
        ]
        usage = request.usage
        record_tokens(usage, response)
        usage.add(chunks=1, repairs=len(answer.repairs), invalid_items=len(answer.invalid_items))
        return answer

    async def extract_chunk(self, request: ChunkRequest) -> ChunkAnswer:
        usage = request.usage
        answer, first_text, rejected = await self._usable_answer(request, usage)
        if rejected and self.config.max_retries > 0:
            rejected = await self._reask(request, answer, first_text, rejected, usage)
        answer.invalid_items += [
            InvalidItem(chunk=request.chunk.index, path=f"{r.kind}[{r.index}]", field=r.field, reason=r.reason)
            for r in rejected
        ]
        usage.add(chunks=1, repairs=len(answer.repairs), invalid_items=len(answer.invalid_items))
        return answer

    async def _usable_answer(
        self, request: ChunkRequest, usage: Usage
    ) -> tuple[ChunkAnswer, AnswerText, list[Rejected]]:
        """The first answer that is a JSON object at all; an answer that is not (prose, a
        cut-off fragment with nothing to salvage) is the one thing asked again whole."""
        body = self.request_body(request)
        for attempt in range(self.config.max_retries + 1):
            before = usage.total_tokens
            response = await self.client.complete(body, usage)
            if attempt:
                usage.add(reasks=1, reask_tokens=usage.total_tokens - before)
            try:
                return self.answer_from_response(response, request)
            except BackendError as err:
                if err.stage != "validate" or attempt == self.config.max_retries:
                    raise
                problem = [Rejected("(answer)", 0, None, "(answer)", str(err))]
                body = self.reask_body(request, _answer_or_nothing(response), problem)
        raise AssertionError("unreachable: the loop returns or raises")

    async def _reask(
        self, request: ChunkRequest, answer: ChunkAnswer, first: AnswerText, rejected: list[Rejected], usage: Usage
    ) -> list[Rejected]:
        """Ask again for the rejected items only; keep what the answers make valid.

        A transport failure here fails the chunk (and its document, so a resumed run
        retries it); an unusable follow-up answer only leaves the items out.
        """
        for _ in range(self.config.max_retries):
            body = self.reask_body(request, first, rejected)
            before = usage.total_tokens
            try:
                response = await self.client.complete(body, usage)
            finally:
                usage.add(reasks=1, reask_tokens=usage.total_tokens - before)
            try:
                validated, repairs = self.read_answer(answer_text(response), request.chunk.index)
            except BackendError:
                break
            answer.repairs += repairs
            wanted = {r.kind for r in rejected}
            _add_new_items(answer.extraction, validated.extraction, wanted)
            rejected = [r for r in validated.rejected if r.kind in wanted]
            if not rejected:
                break
        return rejected

    async def aclose(self) -> None:
        await self.client.aclose()


def _answer_or_nothing(response: Any) -> AnswerText:
    """The answer's text to show the model in a re-ask; empty when there was none to read
    (only reasoning, a refusal), so the re-ask is still sent."""
    try:
        return answer_text(response)
    except BackendError:
        return AnswerText(text="", truncated=False)


def _item_key(kind: str, item: Any) -> Any:
    if kind == "villages":
        return ("villages", item.name)
    if kind == "teams" and (item.sent_by or item.leader):
        return ("teams", item.sent_by, item.leader)
    return (kind, tuple(e.quote for e in item.evidence))


def _add_new_items(target: Extraction, source: Extraction, kinds: set[str]) -> None:
    """Add ``source``'s items of ``kinds`` that ``target`` does not hold already: a re-ask
    may repeat items that were valid the first time."""
    for kind in kinds:
        have = {_item_key(kind, item) for item in getattr(target, kind)}
        for item in getattr(source, kind):
            if _item_key(kind, item) not in have:
                getattr(target, kind).append(item)
                have.add(_item_key(kind, item))


def _drop_last_item(validated: ValidatedAnswer, chunk_index: int) -> None:
    """A cut-off answer's last item may be cut off too: leave it out, and say so."""
    for kind in ("metrics", "measures", "villages", "teams"):
        items = getattr(validated.extraction, kind)
        if items:
            items.pop()
            validated.nulled.append(InvalidItem(
                chunk=chunk_index, path=f"{kind}[{len(items)}]", field="(item)",
                reason="the answer was cut off at the token limit (finish_reason=length): raise "
                       "--max-output-tokens or lower --chunk-tokens",
            ))
            return


__all__ = ["DEFAULT_CHUNK_TOKENS", "OpenAIBackend", "record_tokens"]
