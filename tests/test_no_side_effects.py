"""Importing and using llmx changes nothing in other packages: no monkeypatching, no
logging set-up, no warning filters. A program that uses llmx as a library keeps the
instructor, openai and logging it had (only the CLI's entry point configures logging)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

PROBE = r"""
import logging, sys, warnings
import aiohttp, instructor, instructor.v2, openai, pydantic
# packages that set their own warning filters when imported (numpy, scipy, requests), as
# any program importing them would: what is checked is what llmx itself adds
import numpy, requests, scipy.optimize, scipy.special, urllib3

def snapshot():
    modules = {name: {k: id(v) for k, v in vars(mod).items()}
               for name, mod in list(sys.modules.items())
               if mod is not None and name.split(".")[0] in {"instructor", "openai", "aiohttp", "pydantic", "logging"}}
    loggers = {name: (lg.level, lg.propagate, tuple(map(id, lg.handlers)))
               for name, lg in logging.Logger.manager.loggerDict.items() if isinstance(lg, logging.Logger)}
    root = (logging.root.level, tuple(map(id, logging.root.handlers)))
    return modules, loggers, root, list(warnings.filters)

before_modules, before_loggers, before_root, before_filters = snapshot()

import llmx, llmx.pipeline, llmx.run.engine, llmx.run.local, llmx.eval.scorer, llmx.review
from llmx.backends.openai_compat import OpenAIBackend
from llmx.config import ExtractConfig
from llmx.llm.modes import MODES, request_shape
for mode in MODES:
    request_shape(mode, True)
OpenAIBackend(ExtractConfig(backend="openai", base_url="http://127.0.0.1:9/v1", model="m"))
report = llmx.extract("某局驻青石村工作队：全村共有120户435人。", doc_id="probe", backend="rules", cache=False)
assert report.villages, report

after_modules, after_loggers, after_root, after_filters = snapshot()
changed = [f"{name}.{key}" for name, attrs in before_modules.items()
           for key, ident in attrs.items() if after_modules.get(name, {}).get(key) != ident]
assert not changed, f"attributes of other packages replaced: {changed[:10]}"
touched = [name for name, state in before_loggers.items() if after_loggers.get(name) != state]
assert not touched, f"loggers reconfigured: {touched}"
assert after_root == before_root, "the root logger was configured"
assert after_filters == before_filters, "warning filters changed"
print("ok")
"""


def test_using_llmx_as_a_library_changes_no_other_package() -> None:
    result = subprocess.run([sys.executable, "-c", PROBE], capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert result.returncode == 0 and result.stdout.strip().endswith("ok"), result.stderr[-2000:]
