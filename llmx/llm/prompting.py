"""Versioned prompt templates from the top-level ``prompts/`` directory.

A prompt file has front matter (``name``, ``version``) and ``[system]`` / ``[user]``
sections rendered with Jinja2. The version travels into every cache key and every
output record's metadata, so editing a prompt without bumping its version is caught by
``tests/test_prompts.py`` (which pins a content hash per version).
"""

from __future__ import annotations

import hashlib
import os
import re
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import jinja2
from jinja2 import meta as jinja2_meta

from llmx.errors import PromptError

_FRONT_MATTER = re.compile(r"\A---\n(?P<head>.*?)\n---\n(?P<body>.*)\Z", re.DOTALL)
_SECTION = re.compile(r"^\[(system|user|reask)\]\n", re.MULTILINE)
_ENV = jinja2.Environment(undefined=jinja2.StrictUndefined, keep_trailing_newline=False, autoescape=False)


@lru_cache(maxsize=32)
def _template(source: str) -> jinja2.Template:
    """Compiled once: compiling costs about a millisecond, more than the rest of a render."""
    return _ENV.from_string(source)


@lru_cache(maxsize=32)
def _static(source: str) -> str | None:
    """The text of a section that uses no variables (the instructions), rendered once."""
    if jinja2_meta.find_undeclared_variables(_ENV.parse(source)):
        return None
    return _template(source).render().strip()


def _render(source: str, values: dict[str, Any]) -> str:
    static = _static(source)
    return static if static is not None else _template(source).render(**values).strip()


@dataclass(frozen=True, slots=True)
class Prompt:
    name: str
    version: str
    system: str
    user: str
    sha256: str
    reask: str = ""  # the follow-up message for items no repair could fix (section [reask])

    @property
    def tag(self) -> str:
        """``name@version``: what metadata and cache keys record."""
        return f"{self.name}@{self.version}"

    def render(self, **values: Any) -> tuple[str, str]:
        """Return the (system, user) messages with ``values`` filled in."""
        return _render(self.system, values), _render(self.user, values)

    def render_reask(self, **values: Any) -> str:
        """The re-ask message with ``values`` (``problems``) filled in."""
        if not self.reask:
            raise PromptError(f"prompt {self.tag} has no [reask] section")
        return _template(self.reask).render(**values).strip()


def prompts_dir() -> Path:
    """Where prompt files live: ``LLMX_PROMPTS_DIR``, else the installed ``llmx.prompts`` package,
    else the top-level ``prompts/`` of a source checkout (llmx imported from the tree itself)."""
    override = os.environ.get("LLMX_PROMPTS_DIR")
    if override:
        return Path(override)
    try:
        return Path(str(resources.files("llmx.prompts")))
    except ModuleNotFoundError:
        return Path(__file__).resolve().parents[2] / "prompts"


def parse_prompt(text: str, source: str = "<prompt>") -> Prompt:
    match = _FRONT_MATTER.match(text.replace("\r\n", "\n"))
    if not match:
        raise PromptError(f"{source}: missing front matter (--- name/version ---)")
    head: dict[str, str] = {}
    for line in match.group("head").splitlines():
        if ":" in line:
            key, value = line.split(":", 1)
            head[key.strip()] = value.strip()
    if "name" not in head or "version" not in head:
        raise PromptError(f"{source}: front matter needs 'name' and 'version'")
    parts = _SECTION.split(match.group("body"))
    sections = dict(zip(parts[1::2], parts[2::2], strict=True))
    if "user" not in sections:
        raise PromptError(f"{source}: no [user] section")
    return Prompt(
        name=head["name"],
        version=head["version"],
        system=sections.get("system", "").strip(),
        user=sections["user"].strip(),
        reask=sections.get("reask", "").strip(),
        sha256=hashlib.sha256(text.encode("utf-8")).hexdigest(),
    )


@cache
def load_prompt(name: str = "extract") -> Prompt:
    path = prompts_dir() / f"{name}.md"
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise PromptError(f"prompt {name!r} not found at {path}") from None
    return parse_prompt(text, str(path))
