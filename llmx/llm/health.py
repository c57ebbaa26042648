"""Telling a dead server or a refused key from a passing fault, so a run stops fast.

Transport retries are right for a server that answers most of the time: a 503 or a
dropped connection is retried and the run goes on. They are wrong for a server that
cannot serve the run at all: every document would spend its retries and fail, one after
another, for as long as the run lasts. ``ServerHealth`` watches every attempt of a
client and declares the server unusable when

- it refused the key (HTTP 401 or 403) or the URL names nothing (HTTP 404): no retry
  can help, so the first such answer decides;
- it could not be reached and has never answered in this run (a wrong ``--base-url``,
  a server not started): after a third attempt (a second or two: a server still starting
  up gets that long);
- it answered before and has refused every connection since, for ``outage_s`` seconds
  (a slow server's timeouts do not count here: it may still be working through a queue).

From then on every request fails at once with ``ServerUnusableError``, which the run
treats as the end: the documents not yet attempted stay so, for a resume.
"""

from __future__ import annotations

import asyncio
import base64
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Literal
from urllib.parse import unquote, urlsplit, urlunsplit

import aiohttp

from llmx.errors import BackendError
from llmx.llm.retry import HttpStatusError

Reason = Literal["unreachable", "refused_key", "not_found"]

#: seconds of nothing but failed connections, after the server has answered, before the run stops
OUTAGE_S = 60.0
#: attempts at a server that never answered before it is declared unreachable
FIRST_CONTACT_ATTEMPTS = 3


class ServerUnusableError(BackendError):
    """The server cannot serve this run (unreachable, key refused, nothing at the URL).

    Fails every request from the moment it is known; a run stops on it."""

    def __init__(self, message: str, reason: Reason) -> None:
        super().__init__(message, stage="call")
        self.reason: Reason = reason


def redact_url(url: str | None) -> str | None:
    """``url`` without the user name and password it may carry (``http://user:pw@host/v1``)."""
    if not url:
        return url
    try:
        parts = urlsplit(url)
    except ValueError:
        return url
    if parts.username is None and parts.password is None:
        return url
    host = parts.hostname or ""
    if ":" in host:
        host = f"[{host}]"
    netloc = f"***@{host}" + (f":{parts.port}" if parts.port is not None else "")
    return urlunsplit((parts.scheme, netloc, parts.path, parts.query, parts.fragment))


def split_credentials(url: str) -> tuple[str, str | None]:
    """``url`` without its ``user:password@``, and those credentials base64-encoded for a
    Basic Authorization header (None when the URL carries none)."""
    parts = urlsplit(url)
    if parts.username is None and parts.password is None:
        return url, None
    pair = f"{unquote(parts.username or '')}:{unquote(parts.password or '')}"
    host = parts.hostname or ""
    netloc = (f"[{host}]" if ":" in host else host) + (f":{parts.port}" if parts.port is not None else "")
    bare = urlunsplit((parts.scheme, netloc, parts.path, parts.query, parts.fragment))
    return bare, base64.b64encode(pair.encode("utf-8")).decode("ascii")


def _is_unreachable(err: BaseException) -> bool:
    """A connection that could not be made (refused, no route, no such host), or a timeout."""
    if isinstance(err, aiohttp.ServerDisconnectedError | aiohttp.ClientPayloadError):
        return False  # it answered, then dropped the connection: a passing fault
    return isinstance(err, aiohttp.ClientConnectionError | ConnectionError | asyncio.TimeoutError)


@dataclass
class ServerHealth:
    """What the attempts of one client say about its server (one per process)."""

    url: str
    outage_s: float = OUTAGE_S
    first_contact_attempts: int = FIRST_CONTACT_ATTEMPTS
    clock: Callable[[], float] = time.monotonic
    answered: bool = False
    failing_since: float | None = None
    verdict: ServerUnusableError | None = field(default=None, repr=False)

    def check(self) -> None:
        """Raise at once when the server is already known to be unusable."""
        if self.verdict is not None:
            raise ServerUnusableError(str(self.verdict), self.verdict.reason)

    def on_answer(self) -> None:
        """The server answered (any HTTP status): it is there."""
        self.answered = True
        self.failing_since = None

    def on_failure(self, err: BaseException, attempt: int) -> ServerUnusableError | None:
        """The verdict this failure (the request's ``attempt``-th, from 1) leads to, if any."""
        where = redact_url(self.url)
        if isinstance(err, HttpStatusError) and err.status_code in (401, 403):
            return self._decide(
                f"the server at {where} refused the API key (HTTP {err.status_code}: {err.message}); set "
                "LLMX_API_KEY (or --api-key) to a key it accepts", "refused_key")
        if isinstance(err, HttpStatusError) and err.status_code == 404:
            return self._decide(
                f"nothing answers at {where}/chat/completions (HTTP 404: {err.message}); check --base-url "
                "(LLMX_BASE_URL: OpenAI-compatible servers serve under /v1) and --model", "not_found")
        if not _is_unreachable(err):
            return None
        now = self.clock()
        if self.failing_since is None:
            self.failing_since = now
        cause = "timed out" if isinstance(err, asyncio.TimeoutError) else str(err) or type(err).__name__
        if not self.answered and attempt >= self.first_contact_attempts:
            return self._decide(
                f"cannot reach the server at {where} ({cause}); is it running? Check --base-url "
                "(LLMX_BASE_URL)", "unreachable")
        if self.answered and not isinstance(err, asyncio.TimeoutError) and now - self.failing_since >= self.outage_s:
            return self._decide(
                f"the server at {where} stopped answering ({cause}, for {now - self.failing_since:.0f} s)",
                "unreachable")
        return None

    def _decide(self, message: str, reason: Reason) -> ServerUnusableError:
        if self.verdict is None:
            self.verdict = ServerUnusableError(message, reason)
        return ServerUnusableError(str(self.verdict), self.verdict.reason)
