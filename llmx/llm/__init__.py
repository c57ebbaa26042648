"""The model client and what surrounds one call: server profiles and structured-output
modes, prompts, the response cache, transport retries, rate limits, usage, and the
repair and item-level validation of a model's answer."""
