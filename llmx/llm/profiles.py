"""What differs between OpenAI-compatible servers, in one table keyed by server kind.

OpenAI, DeepSeek, Qwen (DashScope), vLLM, Ollama and llama.cpp all speak
``/v1/chat/completions``, but they differ in which structured-output mode works best and
in whether the chat template keeps a system message (gemma's drops it). The backend
reads a ``ServerProfile``; nothing else in llmx branches on the server.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any
from urllib.parse import urlparse


@dataclass(frozen=True, slots=True)
class ServerProfile:
    kind: str
    #: structured-output mode used when ``--mode`` is auto (see ``llmx.llm.modes``)
    default_mode: str
    #: False when the chat template drops system messages: instructions go in the user turn
    keeps_system: bool = True
    #: fields this server needs in every request body besides the OpenAI ones
    request_extras: Mapping[str, Any] = field(default_factory=lambda: MappingProxyType({}))
    #: the name of the answer's token limit: OpenAI's reasoning models refuse ``max_tokens``
    max_tokens_field: str = "max_tokens"
    #: models that take only their default temperature and refuse any other (400)
    default_temperature_only: re.Pattern[str] | None = None

    def takes_temperature(self, model: str | None) -> bool:
        """Whether a request for ``model`` may set the temperature."""
        pattern = self.default_temperature_only
        return pattern is None or model is None or pattern.match(model) is None


#: OpenAI's reasoning models (o1, o3, o4-mini, the gpt-5 family): default temperature only.
_OPENAI_REASONING = re.compile(r"(?:o\d|gpt-5)", re.IGNORECASE)


PROFILES: dict[str, ServerProfile] = {
    # max_completion_tokens is what every OpenAI chat model takes; max_tokens is refused
    # by the reasoning models
    "openai": ServerProfile("openai", "tools", max_tokens_field="max_completion_tokens",
                            default_temperature_only=_OPENAI_REASONING),
    "deepseek": ServerProfile("deepseek", "json"),  # json_object mode; the schema goes in the system prompt
    # Qwen3 and the hybrid qwen-plus/qwen-turbo think by default, and DashScope refuses a
    # non-streaming call that would think (400, "enable_thinking must be set to false");
    # models without a thinking mode ignore the field
    "dashscope": ServerProfile("dashscope", "tools", request_extras=MappingProxyType({"enable_thinking": False})),
    "ollama": ServerProfile("ollama", "json_schema"),
    "vllm": ServerProfile("vllm", "json_schema"),  # guided decoding from response_format
    # llama-cpp-python compiles response_format.schema to a grammar; its gemma template drops system
    "llamacpp": ServerProfile("llamacpp", "json_object_schema", keeps_system=False),
    "generic": ServerProfile("generic", "json_schema"),
}


def detect_server_kind(base_url: str | None) -> str:
    """Guess the server from its URL (``--mode`` overrides what the guess implies)."""
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


def profile_for(base_url: str | None) -> ServerProfile:
    return PROFILES[detect_server_kind(base_url)]
