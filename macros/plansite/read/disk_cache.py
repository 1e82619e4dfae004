"""What one build or check keeps on disk for the next, so that unchanged data and templates
are not worked out again. A comms officer runs ``make check`` after each edit; only the
edited file is read again.

- Data files: what a sound data file reads as, by its exact bytes; the YAML parser is
  skipped (x100 data: 1.3 s of reading becomes 0.15 s).
- Templates: Jinja's compiled templates (``jinja/``), for the generator's own and for the
  theme's; Jinja checks each against its source.
- Marks (``checked/``): hashes of page HTML that passed the check of what a page may hold
  (``page_safety``), so an unchanged page is not parsed again.

A data entry holds what ``loading`` made of one sound file: its values and the lines they start
on, in Python's ``marshal`` format. Its key is a hash of the file's bytes and of the reader
(``loading.py``, PyYAML and Python versions), so an edit, or a new reader, never gets an old
answer. A file with any problem is never stored: it is read afresh every time, so its
messages come from the reader itself.

The cache must not become a way into the build: ``marshal`` (and Jinja's compiled templates,
which are code) are only safe to read from a folder nobody else can write. So:

- the folder is made 0700 and is not used at all (one warning line, then no cache) when it
  belongs to another user or others may write to it, as Jinja's own cache folder checks;
- every entry (data or template) is sealed with an HMAC-SHA256 keyed by a random secret in
  ``key`` (0600, ours alone) inside the folder, over the entry's key and bytes; an entry
  whose seal does not match (edited, copied from another key, from an older version) is
  ignored and rebuilt, and nothing is unmarshalled before its seal is checked;
- a data entry is also checked for its shape (the source hash it was stored for, plain
  values, one line per value) before it is used.

The folder is ``$PLANSITE_CACHE_DIR``, else ``$XDG_CACHE_HOME/plansite``, else
``~/.cache/plansite``; ``PLANSITE_CACHE_DIR=off`` turns the cache off. Anything wrong with
the cache (a folder that cannot be written, a damaged entry) means reading the file afresh,
never a failed build. The folder keeps the newest ``KEEP`` entries.
"""
from __future__ import annotations

import contextlib
import hashlib
import hmac
import logging
import marshal
import os
import secrets
import stat
import tempfile
from pathlib import Path
from typing import Any

from jinja2 import BytecodeCache
from jinja2.bccache import Bucket

KEEP = 256  # entries: a dozen data files for each of a few sites and their recent edits
_SUFFIX = ".marshal"
_SEAL = b"plansite-sealed-1\n"  # then a 32-byte HMAC, then the entry's bytes
_MAC_SIZE = 32
_KEY_FILE = "key"
log = logging.getLogger("plansite.cache")  # not under 'mkdocs': a warning must not fail --strict
_warned: set[str] = set()
_secrets: dict[str, bytes] = {}  # folder -> its secret, read once per process


def folder() -> Path | None:
    chosen = os.environ.get("PLANSITE_CACHE_DIR")
    if chosen:
        return None if chosen.lower() == "off" else Path(chosen)
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "plansite"


def _warn_once(where: Path, why: str) -> None:
    line = f"The cache folder {where} is not used: {why}. Builds work without it, only slower."
    if line not in _warned:
        _warned.add(line)
        log.warning(line)


def _safe_folder(create: bool) -> tuple[Path, bytes] | None:
    """The cache folder and its secret, or None when there is none or it is not safe to use:
    anyone who can write into it could otherwise choose what the build reads."""
    where = folder()
    if where is None:
        return None
    try:
        if create:
            where.mkdir(mode=0o700, parents=True, exist_ok=True)
        info = os.lstat(where)
    except OSError:
        return None  # cannot be made (e.g. a file in the way): no cache, as before
    if not stat.S_ISDIR(info.st_mode):
        _warn_once(where, "it is not a folder")
        return None
    if info.st_uid != os.getuid():
        _warn_once(where, "it belongs to another user")
        return None
    if info.st_mode & 0o022:
        _warn_once(where, f"other users may write to it (chmod 700 {where}, or delete it)")
        return None
    secret = _secret(where, create)
    return None if secret is None else (where, secret)


def _secret(where: Path, create: bool) -> bytes | None:
    """The folder's own random key (0600): entries sealed with it were written by this user."""
    known = _secrets.get(str(where))
    if known is not None:
        return known
    path = where / _KEY_FILE
    try:
        try:
            handle = os.open(path, os.O_RDONLY | os.O_NOFOLLOW)
        except FileNotFoundError:
            if not create:
                return None
            with contextlib.suppress(FileExistsError):  # another process may make it first
                made = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o600)
                with os.fdopen(made, "wb") as out:
                    out.write(secrets.token_bytes(32))
            handle = os.open(path, os.O_RDONLY | os.O_NOFOLLOW)
        with os.fdopen(handle, "rb") as source:
            info = os.fstat(source.fileno())
            secret = source.read(64)
    except OSError:
        return None
    if not stat.S_ISREG(info.st_mode) or info.st_uid != os.getuid() or info.st_mode & 0o077 or len(secret) != 32:
        _warn_once(where, f"its {_KEY_FILE} file is not this user's own 0600 file of 32 bytes (delete the folder)")
        return None
    _secrets[str(where)] = secret
    return secret


def _mac(secret: bytes, name: str, payload: bytes) -> bytes:
    return hmac.new(secret, name.encode() + b"\0" + payload, hashlib.sha256).digest()


def _read_sealed(secret: bytes, path: Path, name: str) -> bytes | None:
    """The bytes stored for ``name`` at ``path``, only if this user's key sealed them for it."""
    try:
        blob = path.read_bytes()
    except OSError:
        return None
    head = len(_SEAL) + _MAC_SIZE
    if len(blob) < head or not blob.startswith(_SEAL):
        return None
    payload = blob[head:]
    if not hmac.compare_digest(blob[len(_SEAL):head], _mac(secret, name, payload)):
        return None
    return payload


def _write_sealed(secret: bytes, where: Path, path: Path, name: str, payload: bytes) -> None:
    # Written aside (mkstemp: 0600) then renamed, so a reader never sees half an entry.
    handle, temporary = tempfile.mkstemp(dir=where, suffix=".part")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(_SEAL + _mac(secret, name, payload) + payload)
        os.replace(temporary, path)
    finally:
        with contextlib.suppress(OSError):
            os.unlink(temporary)


class SealedBytecodeCache(BytecodeCache):
    """Jinja's compiled templates on disk, each sealed like a data entry. Jinja reads them
    with ``marshal`` and runs them, so an unsealed or altered one is never read."""

    def __init__(self, where: Path, secret: bytes):
        self.directory = where / "jinja"
        self.secret = secret

    def _path(self, bucket: Bucket) -> Path:
        return self.directory / f"{bucket.key}.cache"

    def load_bytecode(self, bucket: Bucket) -> None:
        payload = _read_sealed(self.secret, self._path(bucket), bucket.key)
        if payload is not None:
            bucket.bytecode_from_string(payload)  # Jinja also checks it against the source

    def dump_bytecode(self, bucket: Bucket) -> None:
        with contextlib.suppress(OSError, ValueError):
            _write_sealed(self.secret, self.directory, self._path(bucket), bucket.key, bucket.bytecode_to_string())


def templates() -> BytecodeCache | None:
    """Where Jinja keeps compiled templates, or None when the cache is off or unusable."""
    found = _safe_folder(create=True)
    if found is None:
        return None
    where, secret = found
    try:
        (where / "jinja").mkdir(mode=0o700, exist_ok=True)
    except OSError:
        return None
    return SealedBytecodeCache(where, secret)


def key(raw: bytes, reader: str) -> str:
    return hashlib.sha256(reader.encode() + b"\0" + raw).hexdigest()


def has(entry_key: str) -> bool:
    where = folder()
    return where is not None and (where / (entry_key + _SUFFIX)).is_file()


def get(entry_key: str) -> tuple[Any, list[int]] | None:
    """The stored (values, lines) for ``entry_key``, or None (then the file is read afresh)."""
    found = _safe_folder(create=False)
    if found is None:
        return None
    where, secret = found
    path = where / (entry_key + _SUFFIX)
    payload = _read_sealed(secret, path, entry_key)
    if payload is None:
        return None
    try:
        stored = marshal.loads(payload)
    except (EOFError, ValueError, TypeError):
        return None
    if not _well_shaped(stored, entry_key):
        return None
    with contextlib.suppress(OSError):
        os.utime(path)  # recently used: kept when the folder is pruned
    return stored[1], stored[2]


def _well_shaped(stored: Any, entry_key: str) -> bool:
    """(the key it was stored for, plain YAML values, one start line per value and field name),
    exactly what ``loading`` pairs up; anything else would fail later, far from here."""
    if type(stored) is not tuple or len(stored) != 3 or stored[0] != entry_key:
        return False
    _, value, starts = stored
    if type(starts) is not list:
        return False
    count = 0
    pending = [value]
    while pending:
        item = pending.pop()
        count += 1
        kind = type(item)
        if kind is dict:
            for name in item:
                if type(name) is not str:
                    return False
            count += len(item)
            pending.extend(item.values())
        elif kind is list:
            pending.extend(item)
        elif kind not in _SCALARS:
            return False
    return count == len(starts) and all(type(line) is int and line >= 0 for line in starts)


_SCALARS = {str, int, float, bool, type(None)}


def put(entry_key: str, value: Any, starts: list[int]) -> None:
    """Store (values, lines) for ``entry_key``; quietly does nothing if it cannot."""
    found = _safe_folder(create=True)
    if found is None:
        return
    where, secret = found
    with contextlib.suppress(OSError, ValueError):
        payload = marshal.dumps((entry_key, value, starts))
        _write_sealed(secret, where, where / (entry_key + _SUFFIX), entry_key, payload)
        _prune(where)


KEEP_MARKS = 4096  # a few sites' pages, each as the last few builds made it
_MARKS = "checked"


def is_marked(mark: str) -> bool:
    """Whether ``mark`` (e.g. a hash of a page that passed a check) was put here by ``mark``."""
    found = _safe_folder(create=False)
    if found is None:
        return False
    where, secret = found
    return _read_sealed(secret, where / _MARKS / mark, mark) == b""


# Marks folder -> about how many entries it holds: counted once per process, then kept up to
# date here, not counted again for every mark (×100: 6,500 pages counting up to 8,000 entries
# each, 20 s of a build).
_mark_counts: dict[Path, int] = {}


def mark(mark: str) -> None:
    """Remember ``mark``; quietly does nothing if it cannot."""
    found = _safe_folder(create=True)
    if found is None:
        return
    where, secret = found
    with contextlib.suppress(OSError, ValueError):
        folder_of_marks = where / _MARKS
        folder_of_marks.mkdir(mode=0o700, exist_ok=True)
        _write_sealed(secret, folder_of_marks, folder_of_marks / mark, mark, b"")
        if folder_of_marks not in _mark_counts:
            with os.scandir(folder_of_marks) as entries:
                _mark_counts[folder_of_marks] = sum(1 for _ in entries)
        else:
            _mark_counts[folder_of_marks] += 1  # at most one too many: a mark written again
        if _mark_counts[folder_of_marks] > 2 * KEEP_MARKS:  # pruned now and then, not on every mark
            del _mark_counts[folder_of_marks]  # counted afresh after pruning
            _prune(folder_of_marks, "*", KEEP_MARKS)


def _prune(where: Path, pattern: str = "*" + _SUFFIX, keep: int | None = None) -> None:
    entries = []
    for path in where.glob(pattern):
        with contextlib.suppress(OSError):
            entries.append((path.stat().st_mtime_ns, path))
    for _, path in sorted(entries, reverse=True)[KEEP if keep is None else keep:]:
        with contextlib.suppress(OSError):
            path.unlink()
