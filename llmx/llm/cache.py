"""The response cache: one row per (backend identity, schema, chunk) key, holding only JSON text.

The key hashes everything that can change an answer (backend, model, mode, prompt
version and text, the JSON Schema of the record, sampling parameters, the chunk text),
so a changed prompt or schema can never return a stale record.

Why a table of llmx's own and not diskcache (which llmx used before): a diskcache
database is trusted like code. ``Disk.fetch`` unpickles every row whose ``mode`` says
pickle, keys that are not strings are unpickled too, a row's ``filename`` is read or
deleted wherever it points, and values of its ``Settings`` table are formatted into
``PRAGMA`` statements. Anyone able to write the cache directory could run code as the
user. A ``Disk`` subclass could refuse pickles in ``fetch``, but the other paths would
stay, and each diskcache release would need auditing again. So the cache is one SQLite
file, ``responses.sqlite3``, with one table ``responses(key TEXT PRIMARY KEY, value
TEXT, created REAL)``. A row is used only if its value is text holding a JSON object;
anything else is a miss that ``lookup`` flags as ignored, and the caller validates the
object (``ChunkAnswer.from_cache``) before using it. Nothing read from the file is ever
unpickled, executed or used as a path.

Concurrency: WAL journal and a busy timeout; one connection per process (a forked
worker opens its own, the parent's is never used or closed across the fork) behind a
lock for threads; each write is one short transaction. Several worker processes and
runs share one cache directory.

Damage never fails a run. A file SQLite cannot read (garbage, truncated, a directory in
its place, a ``responses`` table of another layout) is renamed beside itself to
``responses.sqlite3.damaged-<time>`` with its WAL, and a fresh cache takes its place. A
cache that cannot be set aside, cannot be opened, or stays locked past the timeout is
not used for the rest of the run; a read-only one is read but not written. Each of
these is said once, as a ``CacheWarning`` naming the cache directory (the CLI prints
it as one line); the model is simply asked again.

Old caches: diskcache's ``cache.db`` in the same directory is read once, when the new
file is made, text rows only (inline, or in a ``.val`` file inside the directory); its
pickled rows are counted and never unpickled. ``clear`` removes the old files.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import json
import os
import re
import sqlite3
import threading
import time
import warnings
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from llmx.core.records import Extraction

#: bump when the cached value's layout changes
CACHE_FORMAT = 1
#: the cache file inside the cache directory
DB_NAME = "responses.sqlite3"
#: diskcache's database, read once by the first open of a new cache (then left unread)
LEGACY_DB = "cache.db"

_COLUMNS = ["key", "value", "created"]
_CREATE = (
    "CREATE TABLE IF NOT EXISTS responses (key TEXT PRIMARY KEY, value TEXT NOT NULL, created REAL NOT NULL)",
    "CREATE TABLE IF NOT EXISTS llmx_meta (name TEXT PRIMARY KEY, value TEXT NOT NULL)",
)
#: where diskcache kept values of 32 KB and more: ``ab/cd/<28 hex>.val``
_LEGACY_VALUE = re.compile(r"[0-9a-f]{2}/[0-9a-f]{2}/[0-9a-f]{28}\.val")
_LEGACY_VALUE_MAX = 64 * 2**20
#: SQLite's primary result codes that mean "this file is not a usable database"
_DAMAGED_CODES = {11, 26}  # SQLITE_CORRUPT, SQLITE_NOTADB
_BUSY_CODES = {5, 6}  # SQLITE_BUSY, SQLITE_LOCKED
_READONLY_CODE = 8

T = TypeVar("T")
#: connections a fork inherited: kept alive so that no child closes its parent's handle
_INHERITED: list[sqlite3.Connection] = []


class CacheWarning(UserWarning):
    """The response cache was damaged and set aside, or cannot be used or written; the run goes on."""


class _Damaged(Exception):
    """The cache file is not a usable llmx cache (raised while opening it)."""


@dataclass(frozen=True)
class Lookup:
    """What the cache holds for a key: a JSON object, nothing, or an entry it ignored
    (not JSON text: planted, damaged, or from another program)."""

    value: dict[str, Any] | None = None
    ignored: bool = False


@functools.cache  # the schema is fixed at import; generating it costs ~10 ms, once per chunk before
def schema_fingerprint() -> str:
    """Hash of the Extraction JSON Schema: a model change invalidates the cache."""
    schema = json.dumps(Extraction.model_json_schema(), sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(schema.encode("utf-8")).hexdigest()


def cache_key(identity: dict[str, Any], chunk_text: str, *, schema: str | None = None) -> str:
    """A stable key for one backend call."""
    payload = {
        "format": CACHE_FORMAT,
        "identity": identity,
        "schema": schema or schema_fingerprint(),
        "chunk": chunk_text,
    }
    blob = json.dumps(payload, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(blob.encode("utf-8")).hexdigest()


def _code(err: sqlite3.Error) -> int | None:
    code = getattr(err, "sqlite_errorcode", None)
    return code & 0xFF if isinstance(code, int) else None


def _file_id(path: Path) -> tuple[int, int] | None:
    try:
        st = path.stat()
    except OSError:
        return None
    return st.st_dev, st.st_ino


def _json_object(text: object) -> dict[str, Any] | None:
    if not isinstance(text, str):
        return None
    try:
        value = json.loads(text)
    except ValueError:
        return None
    return value if isinstance(value, dict) else None


class ResponseCache:
    """Answers stored as JSON text in a SQLite file of llmx's own (see the module docstring).

    Never raises for a damaged, locked or unwritable cache: it warns once
    (``CacheWarning``) and behaves as a miss, so the caller asks the model again.
    """

    def __init__(self, directory: str | Path, *, timeout: float = 15.0) -> None:
        self.directory = Path(directory)
        self.path = self.directory / DB_NAME
        self.timeout = timeout
        #: why the cache is not used (said once); None while it is
        self.disabled: str | None = None
        #: True when the cache can be read but not written
        self.read_only = False
        self._lock = threading.RLock()
        self._conn: sqlite3.Connection | None = None
        self._pid = os.getpid()
        self._opened: tuple[int, int] | None = None
        with self._lock:
            self._connection()

    # -- reading and writing ---------------------------------------------------------------
    def lookup(self, key: str) -> Lookup:
        """The JSON object stored for ``key``; an entry that is not one is flagged ignored."""
        row = self._run(lambda c: c.execute("SELECT value FROM responses WHERE key = ?", (key,)).fetchone(), None)
        if row is None:
            return Lookup()
        value = _json_object(row[0])
        return Lookup(value) if value is not None else Lookup(ignored=True)

    def get(self, key: str) -> dict[str, Any] | None:
        return self.lookup(key).value

    def set(self, key: str, value: dict[str, Any]) -> None:
        text = json.dumps(value, ensure_ascii=False)
        try:
            text.encode("utf-8")
        except UnicodeEncodeError:  # a lone surrogate from a model's "\ud800": stored escaped
            text = json.dumps(value)
        self._run(lambda c: c.execute("INSERT OR REPLACE INTO responses VALUES (?, ?, ?)", (key, text, time.time())),
                  None, write=True)

    # -- maintenance -----------------------------------------------------------------------
    def stats(self) -> dict[str, Any]:
        """Entries, entries ignored (not JSON objects), bytes on disk, damaged files set aside."""
        entries, ignored = self._run(_count_entries, (0, 0))
        size = 0
        for path in (self.path, self.path.with_name(f"{DB_NAME}-wal")):
            with contextlib.suppress(OSError):
                size += path.stat().st_size if path.is_file() else 0
        return {
            "directory": str(self.directory),
            "entries": entries,
            "ignored": ignored,
            "bytes": size,
            "damaged": [p.name for p in self.damaged_files()],
            "legacy": (self.directory / LEGACY_DB).exists(),
            "disabled": self.disabled,
            "read_only": self.read_only,
        }

    def clear(self) -> int:
        """Delete every cached response (ignored entries too); returns how many rows went."""
        def delete(conn: sqlite3.Connection) -> int:
            removed = conn.execute("DELETE FROM responses").rowcount
            with contextlib.suppress(sqlite3.Error):  # giving the space back is a nicety
                conn.execute("VACUUM")
            return int(removed)

        return self._run(delete, 0, write=True)

    def remove_legacy(self) -> int:
        """Delete diskcache's files of the old format (``cache.db`` and its ``.val`` files); returns how many."""
        removed = 0
        for path in self.directory.glob(f"{LEGACY_DB}*"):
            with contextlib.suppress(OSError):
                path.unlink()
                removed += 1
        for path in self.directory.glob("??/??/*.val"):
            if _LEGACY_VALUE.fullmatch(path.relative_to(self.directory).as_posix()):
                with contextlib.suppress(OSError):
                    path.unlink()
                    removed += 1
                    for folder in (path.parent, path.parent.parent):
                        with contextlib.suppress(OSError):
                            folder.rmdir()  # only once empty
        return removed

    def damaged_files(self) -> list[Path]:
        """Damaged cache files set aside in this directory (kept for inspection)."""
        return sorted(self.directory.glob(f"{DB_NAME}*.damaged-*"))

    def close(self) -> None:
        with self._lock:
            if self._conn is not None and self._pid == os.getpid():
                with contextlib.suppress(sqlite3.Error):
                    self._conn.close()
            self._conn = None

    # -- the connection and what can go wrong with it ------------------------------------
    def _run(self, op: Callable[[sqlite3.Connection], T], default: T, *, write: bool = False) -> T:
        """``op`` on this process's connection; on any SQLite error, handle it and return ``default``."""
        with self._lock:
            for attempt in range(2):
                conn = self._connection()
                if conn is None or (write and self.read_only):
                    return default
                try:
                    return op(conn)
                except sqlite3.Error as err:
                    code = _code(err)
                    if code in _DAMAGED_CODES and attempt == 0:
                        self._drop_connection()
                        if self._set_aside(str(err)):
                            continue  # a fresh cache in its place
                    elif code == _READONLY_CODE and write:
                        self._readonly(str(err))
                    elif code in _BUSY_CODES:
                        self._disable(f"locked by another process for over {self.timeout:g}s")
                    else:
                        self._disable(str(err))
                    return default
            return default

    def _connection(self) -> sqlite3.Connection | None:
        if self.disabled is not None:
            return None
        if self._pid != os.getpid():  # a forked child: the inherited connection is the parent's
            if self._conn is not None:
                _INHERITED.append(self._conn)
            self._conn, self._pid = None, os.getpid()
        if self._conn is None:
            self._conn = self._open()
        return self._conn

    def _drop_connection(self) -> None:
        if self._conn is not None:
            with contextlib.suppress(sqlite3.Error):
                self._conn.close()
        self._conn = None

    def _open(self) -> sqlite3.Connection | None:
        try:
            self.directory.mkdir(parents=True, exist_ok=True)
        except FileExistsError:
            self._disable("a file stands where the directory should be")
            return None
        except OSError as err:
            self._disable(f"cannot be created ({err.strerror or err})")
            return None
        for attempt in range(2):
            self._opened = _file_id(self.path)
            try:
                return self._connect()
            except OSError as err:
                self._disable(f"cannot be opened ({err.strerror or err})")
                return None
            except (_Damaged, sqlite3.Error) as err:
                code = _code(err) if isinstance(err, sqlite3.Error) else None
                if code in _BUSY_CODES:
                    self._disable(f"locked by another process for over {self.timeout:g}s")
                elif not isinstance(err, _Damaged) and code not in _DAMAGED_CODES:
                    self._disable(str(err))
                elif attempt == 1:
                    self._disable(f"damaged again after being set aside: {err}")
                elif self._set_aside(str(err)):
                    continue
                return None
        return None

    def _connect(self) -> sqlite3.Connection:
        if self.path.is_dir() or (self.path.exists() and not self.path.is_file()):
            raise _Damaged("something other than a file stands where the database should be")
        fresh = not self.path.exists() or self.path.stat().st_size == 0
        conn = sqlite3.connect(self.path, timeout=self.timeout, isolation_level=None, check_same_thread=False)
        read_only: str | None = None
        try:
            try:
                conn.execute("PRAGMA journal_mode=WAL")  # reads the header: garbage fails here
                conn.execute("PRAGMA synchronous=NORMAL")
                for statement in _CREATE:
                    conn.execute(statement)
            except sqlite3.Error as err:
                if _code(err) != _READONLY_CODE:
                    raise
                read_only = str(err)
            columns = [row[1] for row in conn.execute("PRAGMA table_info(responses)")]
            if columns != _COLUMNS:
                if not columns and read_only:
                    raise sqlite3.OperationalError(f"{read_only}, and it holds no responses")
                raise _Damaged(f"a responses table of another layout ({', '.join(columns)})")
            if fresh and not read_only:
                self._import_legacy(conn)
        except BaseException:
            conn.close()
            raise
        self._opened = _file_id(self.path)
        if read_only:
            self._readonly(read_only)
        return conn

    def _set_aside(self, reason: str) -> bool:
        """Rename the damaged file (and its WAL) aside; False (and the cache off) if that fails."""
        current = _file_id(self.path)
        if current is None or (self._opened is not None and current != self._opened):
            return True  # already gone, or another process set it aside and made a new one
        stamp = time.strftime("%Y%m%dT%H%M%S")
        target = self.path.with_name(f"{DB_NAME}.damaged-{stamp}")
        if target.exists():
            target = target.with_name(f"{target.name}-{os.getpid()}")
        try:
            self.path.rename(target)
        except OSError as err:
            self._disable(f"damaged ({reason}) and cannot be set aside ({err.strerror or err}); "
                          f"delete {self.path} to start afresh")
            return False
        for suffix in ("-wal", "-shm"):  # a stale WAL would be replayed into the fresh file
            side = self.path.with_name(DB_NAME + suffix)
            with contextlib.suppress(OSError):
                if side.exists():
                    side.rename(target.with_name(target.name + suffix))
            with contextlib.suppress(OSError):
                side.unlink()
        _warn(f"{self.directory}: the response cache was damaged ({reason}); set aside as {target.name}, "
              "a fresh cache replaces it (answers are asked of the model again)")
        return True

    def _disable(self, reason: str) -> None:
        if self.disabled is None:
            self.disabled = reason
            self._drop_connection()
            _warn(f"{self.directory}: the response cache cannot be used ({reason}); going on without it")

    def _readonly(self, reason: str) -> None:
        if not self.read_only:
            self.read_only = True
            _warn(f"{self.directory}: the response cache is read-only ({reason}); answers are read from it "
                  "but not stored")

    # -- the old format --------------------------------------------------------------------
    def _import_legacy(self, conn: sqlite3.Connection) -> None:
        """Copy diskcache's text answers into a new cache, once; pickled rows are counted, never read."""
        legacy = self.directory / LEGACY_DB
        if not legacy.is_file():
            return
        conn.execute("BEGIN IMMEDIATE")
        try:
            if conn.execute("SELECT 1 FROM llmx_meta WHERE name = 'legacy_import'").fetchone():
                conn.execute("COMMIT")
                return
            imported, ignored, problem = self._copy_legacy(legacy, conn)
            conn.execute("INSERT OR REPLACE INTO llmx_meta VALUES ('legacy_import', ?)",
                         (json.dumps({"imported": imported, "ignored": ignored, "problem": problem}),))
            conn.execute("COMMIT")
        except BaseException:
            with contextlib.suppress(sqlite3.Error):
                conn.execute("ROLLBACK")
            raise
        note = f"{self.directory}: read {imported} answers from the old cache format ({LEGACY_DB})"
        if ignored:
            note += f"; ignored {ignored} entries that were not JSON text (never unpickled)"
        if problem:
            note += f"; the rest could not be read ({problem})"
        _warn(note + "; the old files are no longer read (`llmx cache clear` removes them)")

    def _copy_legacy(self, legacy: Path, conn: sqlite3.Connection) -> tuple[int, int, str | None]:
        imported = ignored = 0
        try:
            old = sqlite3.connect(f"{legacy.resolve().as_uri()}?mode=ro", uri=True, timeout=self.timeout)
        except (sqlite3.Error, OSError, RuntimeError) as err:
            return 0, 0, str(err)
        try:
            rows = old.execute("SELECT key, raw, mode, filename, value, store_time FROM Cache")
            for key, raw, mode, filename, value, stored in rows:
                text = value if mode == 1 else self._legacy_file(filename) if mode == 3 else None
                if not (isinstance(key, str) and raw == 1 and _json_object(text) is not None):
                    ignored += 1
                    continue
                created = stored if isinstance(stored, float) else time.time()
                conn.execute("INSERT OR IGNORE INTO responses VALUES (?, ?, ?)", (key, text, created))
                imported += 1
        except sqlite3.Error as err:
            return imported, ignored, str(err)
        finally:
            old.close()
        return imported, ignored, None

    def _legacy_file(self, filename: object) -> str | None:
        """A diskcache value file, only if it is a ``.val`` file of diskcache's shape inside the directory."""
        if not isinstance(filename, str) or not _LEGACY_VALUE.fullmatch(filename):
            return None
        try:
            path = (self.directory / filename).resolve()
            if (not path.is_relative_to(self.directory.resolve()) or not path.is_file()
                    or path.stat().st_size > _LEGACY_VALUE_MAX):
                return None
            return path.read_text(encoding="utf-8")
        except (OSError, RuntimeError, UnicodeDecodeError):
            return None


def _count_entries(conn: sqlite3.Connection) -> tuple[int, int]:
    """(usable, ignored) rows: a row is usable if its key is text and its value a JSON object."""
    try:
        row = conn.execute(
            "SELECT count(*), coalesce(sum(CASE WHEN typeof(key) != 'text' THEN 1 WHEN typeof(value) != 'text' "
            "THEN 1 WHEN NOT json_valid(value) THEN 1 WHEN json_type(value) != 'object' THEN 1 ELSE 0 END), 0) "
            "FROM responses"
        ).fetchone()
        return int(row[0]) - int(row[1]), int(row[1])
    except sqlite3.OperationalError as err:
        if "no such function" not in str(err):
            raise
    usable = ignored = 0  # a SQLite without JSON functions
    for key, value in conn.execute("SELECT key, value FROM responses"):
        if isinstance(key, str) and _json_object(value) is not None:
            usable += 1
        else:
            ignored += 1
    return usable, ignored


def _warn(message: str) -> None:
    warnings.warn(message, CacheWarning, stacklevel=2)
