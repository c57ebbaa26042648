"""Per-request CPU that instructor spends on work whose answer never changes.

For every request instructor (1.17) wraps the response model in a new class, regenerates
its JSON Schema and walks its class tree four times looking for async validators: about
20 ms of CPU per request, the same answer each time. In a threaded batch run that CPU,
not the server, caps throughput (a few dozen requests a second on one core). Both
shortcuts below keep instructor's behaviour: the wrapped class is the one instructor
would build, and a class's validators are fixed when the class is created.
"""

from __future__ import annotations

import functools
import json
import threading
from collections.abc import Callable
from typing import Any

from pydantic import BaseModel


@functools.cache
def response_model_for(model: type[BaseModel]) -> type[BaseModel]:
    """``model`` wrapped as instructor wraps it, built once, with its JSON Schema memoised.

    instructor skips its own wrapping when handed an already-wrapped class.
    """
    from instructor.v2.core.function_calls import response_schema

    wrapped = response_schema(model)
    schema_json = json.dumps(wrapped.model_json_schema(), ensure_ascii=False)
    generate = wrapped.model_json_schema

    def model_json_schema(cls: Any, *args: Any, **kwargs: Any) -> dict[str, Any]:
        if args or kwargs:
            return generate(*args, **kwargs)
        return json.loads(schema_json)  # a fresh copy: callers may edit it

    wrapped.model_json_schema = classmethod(model_json_schema)  # type: ignore[method-assign,assignment]
    return wrapped


_patch_lock = threading.Lock()


def memoise_async_validator_check() -> None:
    """Check each response-model class for async validators once, not four times a request.

    A no-op when instructor's internals are not where 1.17 keeps them.
    """
    try:
        from instructor.v2.core import patch as instructor_patch
        from instructor.v2.validation import async_validators
    except ImportError:
        return
    with _patch_lock:
        original: Callable[[Any], None] | None = getattr(async_validators, "reject_async_validators", None)
        if original is None or getattr(original, "_llmx_memoised", False):
            return
        checked: set[type] = set()

        def reject_async_validators(response_model: Any) -> None:
            if isinstance(response_model, type) and response_model in checked:
                return
            original(response_model)  # raises for a model with async validators: never memoised
            if isinstance(response_model, type):
                checked.add(response_model)

        reject_async_validators._llmx_memoised = True  # type: ignore[attr-defined]
        async_validators.reject_async_validators = reject_async_validators  # type: ignore[assignment]
        if getattr(instructor_patch, "reject_async_validators", None) is original:
            instructor_patch.reject_async_validators = reject_async_validators  # type: ignore[attr-defined]
