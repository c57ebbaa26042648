"""The installed version of llmx, read from package metadata (no import of the package itself)."""

from __future__ import annotations

import functools
from importlib import metadata


@functools.cache  # reading package metadata parses files: once per process
def installed_version() -> str:
    try:
        return metadata.version("llmx")
    except metadata.PackageNotFoundError:  # imported from a checkout that was never installed
        return "0+unknown"
