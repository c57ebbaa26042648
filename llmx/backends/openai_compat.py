"""Any OpenAI-compatible chat server through ``openai`` + ``instructor``.

One class serves OpenAI, DeepSeek, Qwen (DashScope compatible mode), vLLM, Ollama and
llama.cpp's server; what differs between them (the structured-output mode, whether a
system message survives the chat template) is a small table keyed by server kind.

Two retry loops, counted apart: tenacity around each HTTP request for transport faults,
instructor's re-asks around the whole exchange for output that fails validation.
"""

from __future__ import annotations

import contextvars
import logging
from typing import Any
from urllib.parse import urlparse

import instructor
import openai
from instructor.core.exceptions import IncompleteOutputException, InstructorRetryException
from instructor.v2.core.hooks import Hooks
from openai.types.chat import ChatCompletion
from pydantic import BaseModel

from llmx.backends.base import ChunkRequest
from llmx.backends.instructor_speedups import memoise_async_validator_check, response_model_for
from llmx.config import ExtractConfig
from llmx.core.records import Extraction
from llmx.errors import BackendError, ConfigError
from llmx.llm.prompting import Prompt, load_prompt
from llmx.llm.ratelimit import RateLimiter, estimate_request_tokens
from llmx.llm.retry import is_replay_miss, transport_retrying
from llmx.llm.usage import Usage

DEFAULT_CHUNK_TOKENS = 1500

#: server kind -> (default mode, system message kept by the chat template)
SERVER_KINDS: dict[str, tuple[str, bool]] = {
    "openai": ("tools", True),
    "deepseek": ("json", True),  # json_object mode; schema goes in the system prompt
    "dashscope": ("tools", True),
    "ollama": ("json_schema", True),
    "vllm": ("json_schema", True),  # guided decoding from response_format
    "llamacpp": ("json_object_schema", False),  # grammar from response_format.schema; gemma drops system
    "generic": ("json_schema", True),
}

_INSTRUCTOR_MODES: dict[str, instructor.Mode] = {
    "tools": instructor.Mode.TOOLS,
    "json_schema": instructor.Mode.JSON_SCHEMA,
    "json": instructor.Mode.JSON,
    "md_json": instructor.Mode.MD_JSON,
    # llama.cpp's server wants {"type": "json_object", "schema": ...}. instructor's JSON mode would
    # also prepend the schema as a system message; the JSON_SCHEMA handler adds no message, and
    # extract_chunk replaces its response_format through extra_body.
    "json_object_schema": instructor.Mode.JSON_SCHEMA,
}

# instructor logs every failed attempt at ERROR; llmx reports failures itself (errors file, summary).
logging.getLogger("instructor").addHandler(logging.NullHandler())
logging.getLogger("instructor").propagate = False

#: create() keyword arguments that are request options, not body fields
_REQUEST_OPTIONS = frozenset({"extra_body", "extra_headers", "extra_query", "timeout"})

_current_usage: contextvars.ContextVar[Usage] = contextvars.ContextVar("llmx_usage")

memoise_async_validator_check()  # instructor's per-request class walks cost more than the request


def detect_server_kind(base_url: str | None) -> str:
    """Guess the server from its URL; ``LLMX_SERVER_KIND`` style overrides go through config.mode."""
    if not base_url:
        return "openai"
    parsed = urlparse(base_url)
    host = (parsed.hostname or "").lower()
    if "openai.com" in host:
        return "openai"
    if "deepseek" in host:
        return "deepseek"
    if "dashscope" in host or "aliyuncs" in host:
        return "dashscope"
    if parsed.port == 11434 or "ollama" in host:
        return "ollama"
    if parsed.port == 8000 and host in {"127.0.0.1", "localhost", "::1"} and "/v1" in parsed.path:
        # both llama_cpp.server and vLLM default to :8000; llama.cpp's grammar mode also works on vLLM
        return "llamacpp"
    return "generic"


class OpenAIBackend:
    """Extraction through an OpenAI-compatible chat-completions endpoint."""

    name = "openai"
    cacheable = True

    def __init__(
        self,
        config: ExtractConfig,
        *,
        http_client: Any | None = None,
        on_transport_retry: Any | None = None,
        prompt: Prompt | None = None,
        rate_limiter: RateLimiter | None = None,
    ) -> None:
        if not config.model:
            raise ConfigError("the openai backend needs a model name: pass --model or set LLMX_MODEL")
        api_key = config.api_key
        if not api_key:
            if not config.base_url:
                raise ConfigError(
                    "no API key for api.openai.com: set LLMX_API_KEY (or OPENAI_API_KEY), "
                    "or point --base-url at a local server"
                )
            api_key = "not-needed"  # local servers (llama.cpp, vLLM, Ollama) ignore it
        self.config = config
        self.server_kind = detect_server_kind(config.base_url)
        default_mode, self.keeps_system = SERVER_KINDS[self.server_kind]
        self.mode = default_mode if config.mode == "auto" else config.mode
        self.max_chunk_tokens: int | None = config.chunk_tokens or DEFAULT_CHUNK_TOKENS
        self.prompt = prompt or load_prompt("extract")
        self._on_transport_retry = on_transport_retry
        # one limiter per backend = per run (the Extractor shares its backend across workers)
        self.limiter = rate_limiter or RateLimiter(config.rpm, config.tpm)
        self.client = openai.OpenAI(
            base_url=config.base_url,
            api_key=api_key,
            timeout=config.timeout_s,
            max_retries=0,  # transport retries are ours (tenacity), so they are counted
            http_client=http_client,
        )
        self._create = instructor.patch(create=self._send, mode=_INSTRUCTOR_MODES[self.mode])
        self._schema = Extraction.model_json_schema()

    def identity(self) -> dict[str, Any]:
        return {
            "backend": self.name,
            "server_kind": self.server_kind,
            "base_url": self.config.base_url,
            "model": self.config.model,
            "mode": self.mode,
            "prompt": self.prompt.tag,
            "prompt_sha256": self.prompt.sha256,
            "temperature": self.config.temperature,
            "max_output_tokens": self.config.max_output_tokens,
            "seed": self.config.seed,
            "max_retries": self.config.max_retries,
        }

    def messages(self, request: ChunkRequest) -> list[dict[str, str]]:
        """The chat messages for one chunk, from the versioned prompt."""
        context = ""
        if request.chunk.index > 0:
            context = request.document.text[:120].strip().splitlines()[0] if request.document.text.strip() else ""
        system, user = self.prompt.render(
            text=request.chunk.text,
            chunk_number=request.chunk.index + 1,
            chunk_count=request.chunk_count,
            doc_context=context,
        )
        if self.keeps_system:
            return [{"role": "system", "content": system}, {"role": "user", "content": user}]
        return [{"role": "user", "content": f"{system}\n\n{user}"}]

    def _send(self, **kwargs: Any) -> Any:
        """One chat-completions request, retried on transport faults; every attempt is a call."""
        usage = _current_usage.get()

        limiter = self.limiter
        estimate = estimate_request_tokens(kwargs.get("messages")) if limiter.limited else 0

        def on_retry(exc: BaseException, wait_s: float) -> None:
            usage.add(transport_retries=1)
            limiter.on_retry(exc, wait_s)  # a 429 pauses every worker, not just this one
            if self._on_transport_retry is not None:
                self._on_transport_retry(exc, wait_s)

        def attempt() -> Any:
            limiter.acquire(estimate)
            usage.add(calls=1)
            response = self._post_chat(kwargs)
            tokens = getattr(response, "usage", None)
            limiter.settle(estimate, getattr(tokens, "total_tokens", None))
            return response

        return transport_retrying(self.config.transport_retries, on_retry=on_retry)(attempt)

    def _post_chat(self, kwargs: dict[str, Any]) -> ChatCompletion:
        """POST /chat/completions with the body as built.

        ``chat.completions.create`` first walks every parameter against its TypedDicts,
        the record's JSON Schema included: about 3 ms of CPU per request, which caps a
        threaded run's throughput. The body here is already plain JSON, so it goes out
        through the client's documented ``post`` for raw bodies; everything else
        (auth, base URL, timeouts, error types) is the client's own.
        """
        body = {k: v for k, v in kwargs.items() if k not in _REQUEST_OPTIONS}
        body.update(kwargs.get("extra_body") or {})
        options: dict[str, Any] = {}
        if kwargs.get("extra_headers"):
            options["headers"] = kwargs["extra_headers"]
        if kwargs.get("extra_query"):
            options["params"] = kwargs["extra_query"]
        if kwargs.get("timeout") is not None:
            options["timeout"] = kwargs["timeout"]
        return self.client.post("/chat/completions", body=body, cast_to=ChatCompletion, options=options)

    def extract_chunk(self, request: ChunkRequest) -> BaseModel:
        usage = request.usage
        parse_errors: list[object] = []
        hooks = Hooks()
        hooks.on("completion:response", lambda response: _record_tokens(usage, response))
        hooks.on("parse:error", lambda *args, **_kw: parse_errors.append(args))
        kwargs: dict[str, Any] = {
            "model": self.config.model,
            "temperature": self.config.temperature,
            "max_tokens": self.config.max_output_tokens,
        }
        if self.config.seed is not None:
            kwargs["seed"] = self.config.seed
        if self.mode == "json_object_schema":
            kwargs["extra_body"] = {"response_format": {"type": "json_object", "schema": self._schema}}
        token = _current_usage.set(usage)
        try:
            result = self._create(
                response_model=response_model_for(Extraction),
                messages=self.messages(request),
                max_retries=self.config.max_retries,  # instructor: re-asks after the first attempt
                hooks=hooks,
                **kwargs,
            )
        except InstructorRetryException as err:
            usage.add(reasks=max(len(parse_errors) - 1, 0))  # the last failure was not re-asked
            raise _backend_error(err) from err
        except IncompleteOutputException as err:
            raise BackendError(
                "model output was cut off (finish_reason=length): raise max_output_tokens or lower chunk_tokens",
                stage="validate",
            ) from err
        except openai.APIError as err:
            raise _backend_error(err) from err
        finally:
            _current_usage.reset(token)
        usage.add(chunks=1, reasks=len(parse_errors))
        return result

    def close(self) -> None:
        self.client.close()


def _record_tokens(usage: Usage, response: Any) -> None:
    tokens = getattr(response, "usage", None)
    if tokens is not None:
        usage.add(
            prompt_tokens=getattr(tokens, "prompt_tokens", 0) or 0,
            completion_tokens=getattr(tokens, "completion_tokens", 0) or 0,
        )


def _root_cause(err: BaseException) -> BaseException:
    seen = set()
    while err.__cause__ is not None and id(err) not in seen:
        seen.add(id(err))
        err = err.__cause__
    return err


def _backend_error(err: BaseException) -> BackendError:
    """Name the failure by what went wrong underneath instructor's wrapper."""
    cause = _root_cause(err)
    if is_replay_miss(err):
        # openai wraps vcrpy's refusal in APIConnectionError: say what it really is
        return BackendError(f"no recorded response in the cassette for this request: {str(cause)[:800]}", stage="call")
    if isinstance(cause, openai.APIStatusError):
        return BackendError(f"server answered {cause.status_code}: {cause.message}", stage="call")
    if isinstance(cause, openai.APITimeoutError):
        return BackendError("request timed out after all retries", stage="call")
    if isinstance(cause, openai.APIConnectionError):
        inner = _root_cause(cause.__context__) if cause.__context__ else cause
        return BackendError(f"cannot connect to the server: {inner}", stage="call")
    return BackendError(f"output failed validation after all re-asks: {str(cause)[:500]}", stage="validate")
