"""What one build or check keeps on disk for the next, so that unchanged data and templates
are not worked out again. A comms officer runs ``make check`` after each edit; only the
edited file is read again.

- Data files: what a sound data file reads as, by its exact bytes; the YAML parser is
  skipped (x100 data: 1.3 s of reading becomes 0.15 s).
- Templates: Jinja's compiled templates (``jinja/``), for the generator's own and for the
  theme's; Jinja checks each against its source.

A data entry holds what ``loading`` made of one sound file: its values and the lines they start
on, in Python's ``marshal`` format. Its key is a hash of the file's bytes and of the reader
(``loading.py``, PyYAML and Python versions), so an edit, or a new reader, never gets an old
answer. A file with any problem is never stored: it is read afresh every time, so its
messages come from the reader itself.

The folder is ``$PLANSITE_CACHE_DIR``, else ``$XDG_CACHE_HOME/plansite``, else
``~/.cache/plansite``; ``PLANSITE_CACHE_DIR=off`` turns the cache off. Anything wrong with
the cache (a folder that cannot be written, a damaged entry) means reading the file afresh,
never a failed build. The folder keeps the newest ``KEEP`` entries.
"""
from __future__ import annotations

import contextlib
import hashlib
import marshal
import os
import tempfile
from pathlib import Path
from typing import Any

from jinja2 import BytecodeCache, FileSystemBytecodeCache

KEEP = 256  # entries: a dozen data files for each of a few sites and their recent edits
_SUFFIX = ".marshal"


def folder() -> Path | None:
    chosen = os.environ.get("PLANSITE_CACHE_DIR")
    if chosen:
        return None if chosen.lower() == "off" else Path(chosen)
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "plansite"


def templates() -> BytecodeCache | None:
    """Where Jinja keeps compiled templates, or None when the cache is off or unusable."""
    where = folder()
    if where is None:
        return None
    try:
        (where / "jinja").mkdir(parents=True, exist_ok=True)
    except OSError:
        return None
    return FileSystemBytecodeCache(str(where / "jinja"))


def key(raw: bytes, reader: str) -> str:
    return hashlib.sha256(reader.encode() + b"\0" + raw).hexdigest()


def has(entry_key: str) -> bool:
    where = folder()
    return where is not None and (where / (entry_key + _SUFFIX)).is_file()


def get(entry_key: str) -> tuple[Any, list[int]] | None:
    """The stored (values, lines) for ``entry_key``, or None."""
    where = folder()
    if where is None:
        return None
    path = where / (entry_key + _SUFFIX)
    try:
        value, starts = marshal.loads(path.read_bytes())
    except (OSError, EOFError, ValueError, TypeError):  # absent, unreadable or damaged
        return None
    with contextlib.suppress(OSError):
        os.utime(path)  # recently used: kept when the folder is pruned
    return value, starts


def put(entry_key: str, value: Any, starts: list[int]) -> None:
    """Store (values, lines) for ``entry_key``; quietly does nothing if it cannot."""
    where = folder()
    if where is None:
        return
    with contextlib.suppress(OSError, ValueError):
        where.mkdir(parents=True, exist_ok=True)
        data = marshal.dumps((value, starts))
        # Written aside then renamed, so a reader never sees half an entry.
        handle, temporary = tempfile.mkstemp(dir=where, suffix=".part")
        try:
            with os.fdopen(handle, "wb") as out:
                out.write(data)
            os.replace(temporary, where / (entry_key + _SUFFIX))
        finally:
            with contextlib.suppress(OSError):
                os.unlink(temporary)
        _prune(where)


def _prune(where: Path) -> None:
    entries = []
    for path in where.glob("*" + _SUFFIX):
        with contextlib.suppress(OSError):
            entries.append((path.stat().st_mtime_ns, path))
    for _, path in sorted(entries, reverse=True)[KEEP:]:
        with contextlib.suppress(OSError):
            path.unlink()
