"""Read one YAML data file into plain Python values, keeping the line of every value.

PyYAML's own loader forgets where a value came from, silently keeps the last of two
duplicate keys and turns ``2019-02-30`` into a crash. We compose the node tree ourselves
so that every problem can name its file, line and field.

A data file must be a regular file (not a link, folder or pipe). Its values are read from
the events of libyaml's C parser when PyYAML has it, in a loop with its own stack and the
garbage collector paused; their lines are worked out only when something asks for one (a
problem to report, or a page naming where a record comes from). The pure-Python reader
(``_CarefulLoader``) stays the reference: a file that the C parser cannot read, or that holds
anything unusual (a duplicate field, a merge key, an explicit tag, an anchor or alias,
nesting deeper than MAX_DEPTH), is read again with it, so every message is exactly what it
says; so is a file where the two parsers may disagree: one holding a tab, or plain text
inside ``[...]``/``{...}`` holding ``?``, ``:``, ``#``, ``,`` or a bracket. Without libyaml
only the pure-Python reader is used. It refuses anchors and aliases and deep nesting at
once, before anything is expanded, and its syntax errors are put in plain words by
``yaml_syntax``. Line ends are read alike whether LF, CR LF or CR.

No value or field name may hold a character a reader cannot see that changes what they read
(``unsafe_character``): control characters other than tab and newline, and the
bidirectional overrides and isolates that reorder text. Written as they are, the reader
refuses them first (with the line); written as escapes in double quotes (``"\\x00"``,
``"\\e"``, ``"\\u202e"``), they exist only once parsed, so each value is looked at (with its
line and field).
"""
from __future__ import annotations

import contextlib
import gc
import hashlib
import os
import re
import stat
import sys
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterator

import yaml

from plansite.read import disk_cache
from plansite.read.problems import Problem, ProblemsFound, format_path
from plansite.read.yaml_syntax import explain_syntax_error

SCHEMA_COMMENT = re.compile(r"^#\s*yaml-language-server:\s*\$schema=(\S+)\s*$")


class _PlainLoader(yaml.SafeLoader):
    """SafeLoader that leaves dates as text (the models check them) and reads only
    true/false as booleans, so an answer such as ``no`` stays a word."""


_PlainLoader.yaml_implicit_resolvers = {
    first: [
        (tag, regexp)
        for tag, regexp in resolvers
        if tag not in ("tag:yaml.org,2002:timestamp", "tag:yaml.org,2002:bool")
    ]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_PlainLoader.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)

# _PlainLoader's implicit resolvers by a value's first character, the catch-all ones (None)
# appended, as BaseResolver.resolve puts them together for every value it resolves.
_WILDCARD_RESOLVERS = tuple(_PlainLoader.yaml_implicit_resolvers.get(None, []))
_IMPLICIT_RESOLVERS = {
    first: tuple(resolvers) + _WILDCARD_RESOLVERS
    for first, resolvers in _PlainLoader.yaml_implicit_resolvers.items()
    if first is not None
}

# libyaml's C parser, when PyYAML has it: its events are turned into values by _read_events.
# (Not its composer: that one recurses in C, so a file nested 100,000 levels deep crashes
# the process, and 40,000 levels take minutes.)
if getattr(yaml, "__with_libyaml__", False):
    from yaml._yaml import CParser as _CParser
else:  # PyYAML built without libyaml: the pure-Python loader does everything
    _CParser = None

# The deepest nesting of lists and field sets a data file may have; the example data needs 9.
MAX_DEPTH = 50
ANCHORS_REFUSED = (
    "anchors and aliases (& and *) are not allowed in data files; write the value out in full, "
    "or put a value that starts with & or * in quotes"
)
TOO_DEEP = (
    f"the data here is nested more than {MAX_DEPTH} levels deep (lists or fields inside one another); "
    "no data file needs that many: look for stray '[', '{' or '- '"
)


class _Refused(Exception):
    """Something the careful reader stops at at once, before reading any further."""

    def __init__(self, line: int, message: str):
        super().__init__(message)
        self.line = line
        self.message = message


class _CarefulLoader(_PlainLoader):
    """The pure-Python reader, refusing anchors and aliases (a few lines of them can stand for
    billions of values), nesting deeper than MAX_DEPTH (PyYAML composes recursively), and
    noting explicit tags on lists and field sets, which the composed nodes do not show."""

    def __init__(self, stream):
        super().__init__(stream)
        self.open_collections = 0
        self.collection_tags: dict[int, str] = {}  # id(node) -> the tag written on it

    def compose_node(self, parent, index):
        event = self.peek_event()
        if event.__class__ is yaml.AliasEvent or event.anchor is not None:
            raise _Refused(event.start_mark.line + 1, ANCHORS_REFUSED)
        if event.__class__ not in (yaml.MappingStartEvent, yaml.SequenceStartEvent):
            return super().compose_node(parent, index)
        if self.open_collections >= MAX_DEPTH:
            raise _Refused(event.start_mark.line + 1, TOO_DEEP)
        self.open_collections += 1
        try:
            node = super().compose_node(parent, index)
        finally:
            self.open_collections -= 1
        if event.tag not in (None, "!"):
            self.collection_tags[id(node)] = event.tag
        return node


Path_ = tuple[str | int, ...]

# Who reads: a cached reading is used only by the very same reader (see disk_cache).
_READER = "|".join((
    hashlib.sha256(Path(__file__).read_bytes() + Path(disk_cache.__file__).read_bytes()).hexdigest(), yaml.__version__,
    str(getattr(yaml, "__with_libyaml__", False)), sys.version,
))


@dataclass
class LoadedFile:
    """A data file's values, with the line (1-based) where each value starts."""

    display_name: str
    value: Any
    lines_known: dict[Path_, int] | None = None
    schema_ref: str | None = None
    # The lines noted by the C parser's fast path, paired with paths when a line is first
    # asked for: most builds and checks of sound data never ask, and the pairing costs as
    # much as reading the values.
    starts: list[int] | None = field(default=None, repr=False)

    @property
    def lines(self) -> dict[Path_, int]:
        if self.lines_known is None:
            self.lines_known = {}
            if self.starts is not None:
                with gc_paused():
                    _note_lines(self.value, (), iter(self.starts), self.lines_known)
                self.starts = None
        return self.lines_known

    def line_of(self, path: Path_) -> int:
        """The line of ``path``, or of its nearest parent we know (for a missing field)."""
        lines = self.lines
        path = tuple(path)
        while path:
            if path in lines:
                return lines[path]
            path = path[:-1]
        return lines.get((), 1)

    def problem(self, path: Path_, message: str) -> Problem:
        return Problem(self.display_name, self.line_of(path), format_path(path), message)


def load_yaml_file(path: Path, display_name: str) -> LoadedFile:
    """Load ``path``; raise ProblemsFound naming the file and line for anything unreadable."""
    not_ordinary = _not_an_ordinary_file(path)
    if not_ordinary:
        raise ProblemsFound([Problem(display_name, 0, "", not_ordinary)])
    try:
        raw = path.read_bytes()
    except OSError as exc:  # e.g. no permission to read it
        raise ProblemsFound([Problem(display_name, 0, "", _cannot_read(exc))]) from None
    cache_key = disk_cache.key(raw, _READER)
    known = disk_cache.get(cache_key)
    if known is not None:  # stored only for a file read without problems: nothing to check
        first_line = raw.split(b"\n", 1)[0].split(b"\r", 1)[0].decode("utf-8")
        return LoadedFile(display_name, known[0], schema_ref=_schema_ref(first_line), starts=known[1])
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = _normalise_line_ends(raw[: exc.start].decode("utf-8", "replace")).count("\n") + 1
        raise ProblemsFound(
            [Problem(display_name, line, "", "the file is not UTF-8 text; save it again as UTF-8")]
        ) from None
    if text.startswith("\ufeff"):
        text = text[1:]
    # Old Mac (CR) and Windows (CR LF) line ends read as the same lines as LF ones.
    text = _normalise_line_ends(text)
    if not _CONTENT.search(text):
        raise ProblemsFound([Problem(display_name, 1, "", "the file is empty; it must hold the dataset")])

    loaded = LoadedFile(display_name, None, schema_ref=_schema_ref(text.partition("\n")[0]))

    _refuse_before_parsing(text, display_name, "the file holds {}, which a data file may not hold; delete it")

    # libyaml accepts tabs in places where the pure-Python scanner reports a syntax error
    # (e.g. inside plain text), so a file with a tab is read by the pure-Python loader alone;
    # so is one holding an unsafe character YAML reads, which the careful reader names.
    if _CParser is not None and "\t" not in text and not _UNSAFE_CHARACTER.search(text):
        with gc_paused():
            try:
                # Anything unusual (_ReadAgain), or a value that cannot be read, is read again
                # by the pure-Python loader below, whose reading and messages we keep.
                loaded.value, loaded.starts = _read_events(_CParser(text))
                disk_cache.put(cache_key, loaded.value, loaded.starts)
                return loaded
            except (yaml.YAMLError, _ReadAgain, ValueError, KeyError, TypeError, OverflowError):
                pass

    return _read_carefully(text, loaded)


def load_yaml_text(text: str, display_name: str) -> LoadedFile:
    """Read YAML ``text`` (a page's front matter, say) as a data file is read, with the
    pure-Python reader's limits (no anchors or aliases, no deep nesting) and messages."""
    loaded = LoadedFile(display_name, None)
    text = _normalise_line_ends(text)
    _refuse_before_parsing(text, display_name, "this holds {}, which is not allowed; delete it")
    return _read_carefully(text, loaded)


def _refuse_before_parsing(text: str, display_name: str, wording: str) -> None:
    """The reader refuses these characters (or miscounts lines at them) before parsing, without
    saying where: name the line ourselves. ``wording`` holds {} for the character's words."""
    bad = _REFUSED_BEFORE_PARSING.search(text)
    if bad:
        line = text.count("\n", 0, bad.start()) + 1
        raise ProblemsFound([Problem(display_name, line, "", (
            wording.format(unsafe_character(bad.group())[1]) + " (it often comes with text pasted from another program)"
        ))])


def _read_carefully(text: str, loaded: LoadedFile) -> LoadedFile:
    display_name = loaded.display_name
    loaded.lines_known = {}
    loader = _CarefulLoader(text)
    try:
        with gc_paused():
            node = loader.get_single_node()
    except _Refused as refused:
        raise ProblemsFound([Problem(display_name, refused.line, "", refused.message)]) from None
    except yaml.MarkedYAMLError as exc:
        line, what = explain_syntax_error(text, exc)
        raise ProblemsFound([Problem(display_name, line, "", what)]) from None
    except yaml.YAMLError as exc:  # errors without a position
        raise ProblemsFound([Problem(display_name, 0, "", f"YAML error: {exc}")]) from None
    finally:
        loader.dispose()

    problems = list(_unsafe_characters(node, (), display_name))
    with gc_paused():
        loaded.value = _build(node, (), loaded, loader, problems) if node is not None else None
    if problems:
        raise ProblemsFound(problems)
    return loaded


def _normalise_line_ends(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n") if "\r" in text else text


def _cannot_read(exc: OSError) -> str:
    reason = (exc.strerror or type(exc).__name__).lower()
    return f"the data file cannot be read ({reason}); check that it exists and that you may read it"


# Why a data file is not read, also said of any such entry in the data folder (site_files).
LINK_REFUSED = "is a symbolic link; data files must be ordinary files in the data folder, so copy the file itself there"
NOT_ORDINARY_REFUSED = (
    "is not an ordinary file (a device, pipe or socket); data files must be ordinary files in the data folder"
)
# Far more than any partnership's plan needs (x100 of the example data is 3 MB a file).
MAX_DATA_FILE_BYTES = 25 * 1024 * 1024


def _not_an_ordinary_file(path: Path) -> str | None:
    """Why ``path`` cannot be read as a data file, if it cannot: a data file must be a regular
    file in the data folder itself, so that a link cannot pull any other file on the machine
    into the site (nor a device or pipe make the build wait for ever), and not so large that
    reading it would take the machine's memory."""
    try:
        info = os.lstat(path)
    except FileNotFoundError:
        return "the data file is missing; the site needs it"
    except OSError as exc:
        return _cannot_read(exc)
    if stat.S_ISLNK(info.st_mode):
        return LINK_REFUSED
    if stat.S_ISDIR(info.st_mode):
        return "is a folder; data files must be ordinary files in the data folder"
    if not stat.S_ISREG(info.st_mode):
        return NOT_ORDINARY_REFUSED
    if info.st_size > MAX_DATA_FILE_BYTES:
        return (f"is {info.st_size / 1024 / 1024:.1f} MB; a data file may be at most {MAX_DATA_FILE_BYTES // 1024 // 1024} MB: "
                "split it, or look for text pasted in by mistake")
    return None


def _schema_ref(first_line: str) -> str | None:
    match = SCHEMA_COMMENT.match(first_line.lstrip("\ufeff").rstrip("\r"))
    return match.group(1) if match else None


# A line holding something other than blanks and comments.
_CONTENT = re.compile(r"^[ \t]*[^\s#]", re.M)

# What is refused before parsing: what PyYAML's reader refuses (control characters other than
# tab, newline and carriage return, surrogates, U+FFFE/U+FFFF), and NEL and the line and
# paragraph separators, which YAML reads as line ends (so every later line would be numbered
# wrongly).
_REFUSED_BEFORE_PARSING = re.compile(
    "[^\x09\x0A\x0D\x20-\x7E\xA0-\u2027\u202A-\uD7FF\uE000-\uFFFD\U00010000-\U0010FFFF]"
)

# What no value, field name or page may hold: control characters other than tab and newline
# (a carriage return too: line ends are read as newlines before this applies), DEL and the
# C1 controls, the line and paragraph separators, the bidirectional embeddings, overrides and
# isolates (U+202A to U+202E, U+2066 to U+2069), which show text in another order than it is
# stored, surrogates and U+FFFE/U+FFFF. The left-to-right and right-to-left marks (U+200E,
# U+200F) stay: they reorder nothing, and names in right-to-left scripts may need them.
_UNSAFE_CHARACTER = re.compile(
    "[\x00-\x08\x0B-\x1F\x7F-\x9F\u2028\u2029\u202A-\u202E\u2066-\u2069\uD800-\uDFFF\uFFFE\uFFFF]"
)


def unsafe_character(text: str) -> tuple[int, str] | None:
    """Where in ``text`` the first character no value, field name or page may hold is, and
    what it is in words ('a bidirectional control character (U+202E, right-to-left override)'),
    or None when there is none."""
    found = _UNSAFE_CHARACTER.search(text)
    if found is None:
        return None
    char = found.group()
    code = f"U+{ord(char):04X}"
    if "\u202a" <= char <= "\u202e" or "\u2066" <= char <= "\u2069":
        words = f"a bidirectional control character ({code}, {unicodedata.name(char).lower()}), which shows text in another order than it is written"
    elif char in "\u2028\u2029":
        words = f"a {unicodedata.name(char).lower()} ({code})"
    elif "\ud800" <= char <= "\udfff" or char in "\ufffe\uffff":
        words = f"a code that is not a character ({code})"
    else:
        words = f"an invisible control character ({code})"
    return found.start(), words


def unsafe_characters_in_yaml(text: str, display_name: str) -> list[Problem]:
    """Each value and field name of the YAML ``text`` (a page's front matter: prefix it with
    blank lines so that its lines are the page's) holding a character ``unsafe_character``
    finds, at its line and field, as in a data file. Only these: a text that cannot be read
    gives none here; its other problems are reported by whoever reads it."""
    loader = _CarefulLoader(text)
    try:
        node = loader.get_single_node()
    except (yaml.YAMLError, _Refused):
        return []
    finally:
        loader.dispose()
    return list(_unsafe_characters(node, (), display_name))


def _unsafe_characters(node: yaml.Node, path: Path_, display_name: str) -> Iterator[Problem]:
    """The problems of the values and field names under ``node`` holding an unsafe character
    (the careful reader's nodes: a file nested deeper than MAX_DEPTH was refused already)."""
    if node is None:  # an empty document
        return
    if isinstance(node, _SCALAR):
        yield from _unsafe_character_problem(display_name, path, node, "value")
    elif isinstance(node, _MAPPING):
        for key_node, value_node in node.value:
            key_path = path + (str(key_node.value) if isinstance(key_node, _SCALAR) else "?",)
            if isinstance(key_node, _SCALAR):
                yield from _unsafe_character_problem(display_name, key_path, key_node, "field name")
            yield from _unsafe_characters(value_node, key_path, display_name)
    else:
        for index, item in enumerate(node.value):
            yield from _unsafe_characters(item, path + (index,), display_name)


def _unsafe_character_problem(display_name: str, path: Path_, node: yaml.ScalarNode, what: str) -> Iterator[Problem]:
    found = unsafe_character(node.value)
    if found is None:
        return
    # The field is named without the character itself, which could reorder the message too.
    shown = tuple(_UNSAFE_CHARACTER.sub(lambda m: f"\\u{ord(m.group()):04x}", p) if isinstance(p, str) else p for p in path)
    yield Problem(display_name, node.start_mark.line + 1, format_path(shown), (
        f"the {what} holds {found[1]}; delete it (it may have come unseen with pasted text, or be "
        f"written between double quotes as an escape such as \\u{ord(node.value[found[0]]):04x})"
    ))


# Whether load_yaml_files may fork a helper process to read some files on a second core.
# Set only by one-shot commands (``plansite.checks.check``, ``mkdocs build``): a process with other
# threads running (``mkdocs serve``) must not fork.
USE_SECOND_CORE = False
_SECOND_CORE_MIN_BYTES = 2_000_000  # below this, starting the helper costs more than it saves


def load_yaml_files(files: list[tuple[Path, str]]) -> dict[str, LoadedFile | list[Problem]]:
    """``load_yaml_file`` for each (path, display name): the loaded file, or its problems.

    With USE_SECOND_CORE, when the files not already in the cache are large enough, about half
    of their bytes are read by a forked helper process while this one reads the rest (x100
    data: 1.3 s of reading becomes 0.7 s). Its answers are the same function's."""
    sizes = [_ordinary_file_size(path) for path, _ in files]
    if not USE_SECOND_CORE or sum(sizes) < _SECOND_CORE_MIN_BYTES or (os.cpu_count() or 1) < 2:
        # The usual case: no helper, and no look into the cache before reading.
        return _load_many(files)
    results: dict[str, LoadedFile | list[Problem]] = {}
    pending: list[tuple[int, Path, str]] = []
    for (path, display), size in zip(files, sizes):
        if size and not _in_cache(path):
            pending.append((size, path, display))
        else:
            results[display] = _load_or_problems(path, display)
    if sum(size for size, _, _ in pending) < _SECOND_CORE_MIN_BYTES:
        results.update(_load_many([(path, display) for _, path, display in pending]))
        return {display: results[display] for _, display in files}
    here: list[tuple[Path, str]] = []
    there: list[tuple[Path, str]] = []
    here_bytes = there_bytes = 0
    for size, path, display in sorted(pending, key=lambda job: job[0], reverse=True):
        if here_bytes <= there_bytes:
            here.append((path, display))
            here_bytes += size
        else:
            there.append((path, display))
            there_bytes += size
    import concurrent.futures
    import multiprocessing

    try:
        with concurrent.futures.ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("fork")) as helper:
            theirs = helper.submit(_load_many, there)
            results.update(_load_many(here))
            results.update(theirs.result())
    except (OSError, ValueError, RuntimeError, concurrent.futures.process.BrokenProcessPool):
        # No helper to be had (or it died): read its share here, as without a second core.
        results.update(_load_many(there))
    return {display: results[display] for _, display in files}


def _ordinary_file_size(path: Path) -> int:
    """The size of a regular file; 0 for anything load_yaml_file refuses to read."""
    try:
        info = os.lstat(path)
    except OSError:
        return 0
    return info.st_size if stat.S_ISREG(info.st_mode) else 0


def _load_many(files: list[tuple[Path, str]]) -> dict[str, LoadedFile | list[Problem]]:
    return {display: _load_or_problems(path, display) for path, display in files}


def _load_or_problems(path: Path, display: str) -> LoadedFile | list[Problem]:
    try:
        return load_yaml_file(path, display)
    except ProblemsFound as exc:
        return list(exc.problems)


def _in_cache(path: Path) -> bool:
    try:
        return disk_cache.has(disk_cache.key(path.read_bytes(), _READER))
    except OSError:
        return False



def run_one_shot(main: Callable[[], int]) -> None:
    """Run a command-line ``main`` and exit with its code. A one-shot command has no other
    threads, so reading may fork a helper onto the second core; and the collector's passes
    over every loaded value (its last one at exit too) would cost more than the few cycles
    they could free (x100 data: 1.5 s)."""
    global USE_SECOND_CORE
    gc.disable()
    USE_SECOND_CORE = True
    code = main()
    gc.freeze()
    sys.exit(code)

@contextlib.contextmanager
def gc_paused() -> Iterator[None]:
    """Reading a large file makes millions of small objects and no garbage cycles; Python's
    collector would walk them all again and again meanwhile (x100 data: 2.6 s of 4.2 s)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


class _ReadAgain(Exception):
    """The C parser's reading may differ from the pure-Python loader's: use the latter."""


# The pure-Python scanner ends plain text inside [...] or {...} at '?' (and at ':' before
# ',', ']' or '}'), where libyaml reads on; plain text there holding any of these characters
# is left to the pure-Python loader.
_FLOW_DOUBTFUL = re.compile(r"[?:#,\[\]{}]")

_MAPPING = yaml.MappingNode
_SEQUENCE = yaml.SequenceNode
_SCALAR = yaml.ScalarNode
_STR = "tag:yaml.org,2002:str"
_MERGE = "tag:yaml.org,2002:merge"
# What ``construct_object`` would call for these tags, called directly (they never recurse).
_SCALAR_CONSTRUCTORS = {
    tag: yaml.SafeLoader.yaml_constructors[tag]
    for tag in ("tag:yaml.org,2002:null", "tag:yaml.org,2002:bool", "tag:yaml.org,2002:int", "tag:yaml.org,2002:float")
}


_SCALAR_EVENT = yaml.ScalarEvent
_MAPPING_START = yaml.MappingStartEvent
_SEQUENCE_START = yaml.SequenceStartEvent
_COLLECTION_END = (yaml.MappingEndEvent, yaml.SequenceEndEvent)
_NO_KEY = object()  # in a field set: the next value read is a field name
# Any SafeConstructor will do for the scalar constructors (null, bool, int, float).
_CONSTRUCTOR = yaml.constructor.SafeConstructor()


def _read_events(parser: Any) -> tuple[Any, list[int]]:
    """A sound file's plain value, built straight from the C parser's events (the fast path),
    and the line where each value and field name starts, in order: plain numbers, which the
    garbage collector ignores, where a tree of nodes kept for later would cost it seconds on
    a large site. Raises _ReadAgain at anything the careful reader must look at: an anchor,
    alias or explicit tag, a duplicate field or merge key, nesting deeper than MAX_DEPTH,
    doubtful plain text inside [...] or {...}, more than one document. A loop with its own
    stack, not recursion, so no depth of nesting can exhaust Python's or C's stack."""
    get = parser.get_event
    if get().__class__ is not yaml.StreamStartEvent or get().__class__ is not yaml.DocumentStartEvent:
        raise _ReadAgain
    starts: list[int] = []
    note = starts.append
    stack: list[tuple[Any, bool, bool, Any]] = []  # the enclosing (container, is a field set, is [...]/{...}, key)
    container: Any = None
    is_map = in_flow = False
    key: Any = None
    while True:
        event = get()
        kind = event.__class__
        if kind is _SCALAR_EVENT:
            if event.tag is not None or event.anchor is not None:
                raise _ReadAgain
            value = event.value
            if event.style == '"' and _UNSAFE_CHARACTER.search(value):
                raise _ReadAgain  # an escape made a character no value may hold: named below
            if in_flow and not event.style and _FLOW_DOUBTFUL.search(value):
                raise _ReadAgain
            if is_map and key is _NO_KEY:
                if value in container or (value == "<<" and event.implicit[0]):
                    raise _ReadAgain
                key = value
                note(event.start_mark.line)
                continue
            note(event.start_mark.line)
            if event.implicit[0]:
                for tag, regexp in _IMPLICIT_RESOLVERS.get(value[:1], _WILDCARD_RESOLVERS):
                    if regexp.match(value):
                        constructor = _SCALAR_CONSTRUCTORS.get(tag)
                        if constructor is None:
                            raise _ReadAgain
                        value = constructor(_CONSTRUCTOR, yaml.ScalarNode(tag, value))
                        break
        elif kind is _MAPPING_START or kind is _SEQUENCE_START:
            if event.tag is not None or event.anchor is not None or (is_map and key is _NO_KEY):
                raise _ReadAgain
            note(event.start_mark.line)
            stack.append((container, is_map, in_flow, key))
            if len(stack) > MAX_DEPTH:
                raise _ReadAgain
            is_map = kind is _MAPPING_START
            container = {} if is_map else []
            in_flow = bool(event.flow_style)
            key = _NO_KEY
            continue
        elif kind in _COLLECTION_END:
            value = container
            container, is_map, in_flow, key = stack.pop()
        elif kind is yaml.DocumentEndEvent and not stack:
            if get().__class__ is not yaml.StreamEndEvent:
                raise _ReadAgain  # a second document
            return container, starts
        else:  # an alias
            raise _ReadAgain
        if is_map:
            container[key] = value
            key = _NO_KEY
        elif container.__class__ is list:
            container.append(value)
        else:  # the document's own value
            container = value


def _note_lines(value: Any, path: Path_, starts: Iterator[int], lines: dict[Path_, int]) -> None:
    """Pair the lines _read_events noted with the paths of ``value``, in the same order, as
    _build notes them (a field's line is its name's)."""
    lines[path] = next(starts) + 1
    if value.__class__ is dict:
        for key, inner in value.items():
            key_line = next(starts) + 1
            key_path = path + (key,)
            _note_lines(inner, key_path, starts, lines)
            lines[key_path] = key_line
    elif value.__class__ is list:
        for index, inner in enumerate(value):
            _note_lines(inner, path + (index,), starts, lines)


def _short_tag(tag: str) -> str:
    return tag.replace("tag:yaml.org,2002:", "!!")


def _build(node: yaml.Node, path: Path_, loaded: LoadedFile, loader: yaml.Loader, problems: list[Problem]) -> Any:
    lines = loaded.lines_known
    lines[path] = node.start_mark.line + 1
    if isinstance(node, _SCALAR):
        tag = node.tag
        if tag == _STR:
            return node.value
        constructor = _SCALAR_CONSTRUCTORS.get(tag)
        if constructor is None:
            problems.append(loaded.problem(path, (
                f"the YAML tag '{_short_tag(tag)}' is not allowed in a data file; remove it and write the value as plain text"
            )))
            return None
        try:
            return constructor(loader, node)
        except (yaml.YAMLError, ValueError, KeyError, TypeError, OverflowError):  # e.g. '!!int x'
            problems.append(loaded.problem(path, (
                f"'{node.value}' cannot be read as the tag '{_short_tag(tag)}' says; remove the tag or correct the value"
            )))
            return None
    written_tag = loader.collection_tags.get(id(node))
    if written_tag is not None:
        # Read as if it were not there, so that the problems inside are reported too.
        problems.append(loaded.problem(path, (
            f"the YAML tag '{_short_tag(written_tag)}' is not allowed in a data file; remove it and write the "
            f"{'fields' if isinstance(node, _MAPPING) else 'list'} plainly"
        )))
    if isinstance(node, _MAPPING):
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            if key_node.tag == _MERGE:
                problems.append(loaded.problem(path, "merge keys ('<<') are not allowed; write the fields out"))
                continue
            if not isinstance(key_node, _SCALAR):
                problems.append(
                    Problem(loaded.display_name, key_node.start_mark.line + 1, format_path(path),
                            "a field name must be plain text")
                )
                continue
            key = str(key_node.value)
            key_path = path + (key,)
            if key in result:
                first = lines.get(key_path, 0)
                problems.append(
                    Problem(loaded.display_name, key_node.start_mark.line + 1, format_path(key_path),
                            f"duplicate field '{key}' (first given on line {first}); keep only one")
                )
                continue
            result[key] = _build(value_node, key_path, loaded, loader, problems)
            # Point at the field name, not at where a nested list or mapping begins.
            lines[key_path] = key_node.start_mark.line + 1
        return result
    return [_build(item, path + (index,), loaded, loader, problems) for index, item in enumerate(node.value)]
