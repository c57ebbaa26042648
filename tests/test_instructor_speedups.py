"""The per-request shortcuts around instructor keep its behaviour."""

from __future__ import annotations

import pytest
from instructor.v2.validation import async_validators
from pydantic import BaseModel

from llmx.backends.instructor_speedups import memoise_async_validator_check, response_model_for
from llmx.core.records import Extraction


def test_wrapped_model_has_the_same_schema_and_hands_out_copies() -> None:
    wrapped = response_model_for(Extraction)
    assert response_model_for(Extraction) is wrapped  # built once
    schema = wrapped.model_json_schema()
    assert schema == Extraction.model_json_schema()
    schema["title"] = "changed by a caller"
    assert wrapped.model_json_schema()["title"] == "Extraction"
    assert wrapped.model_json_schema(mode="serialization") == Extraction.model_json_schema(mode="serialization")
    parsed = wrapped.model_validate({"title": "标题"})
    assert isinstance(parsed, Extraction) and parsed.title == "标题"


def test_memoised_check_still_refuses_async_validators() -> None:
    memoise_async_validator_check()
    memoise_async_validator_check()  # idempotent

    class WithAsync(BaseModel):
        name: str

        @async_validators.async_field_validator("name")
        async def check(self, value: str) -> str:
            return value

    for _ in range(2):  # a refusal is never memoised as a pass
        with pytest.raises(ValueError, match="async"):
            async_validators.reject_async_validators(WithAsync)
    async_validators.reject_async_validators(Extraction)
    async_validators.reject_async_validators(Extraction)
