"""What a hand-written page's file must be before anything else reads it: UTF-8 text whose
front matter (between its ``---`` lines) is read by the data files' bounded YAML reader (no
anchors or aliases, no deep nesting) and fits ``models/front_matter.PageMeta``.

Each engine parses front matter with its own YAML reader, so this runs first, on every page:
the MkDocs hooks when the files are listed, the Zensical pre-render, and ``make check``.
"""
from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

from pydantic import ValidationError

from plansite.read.problems import Problem, ProblemsFound
from plansite.checks.validation import validation_problems
from plansite.models.front_matter import PageMeta
from plansite.read.loading import LoadedFile, load_yaml_text

# As MkDocs finds front matter (mkdocs.utils.meta): the first line is ---, the block ends at --- or ...
FRONT_MATTER = re.compile(r"\A-{3}[ \t]*\n(.*?\n)(?:\.{3}|-{3})[ \t]*\n", re.DOTALL)
HIDDEN = ("draft", "private")  # pages with this visibility are left out of every built file


@dataclass(frozen=True)
class PageSource:
    text: str
    meta: PageMeta

    @property
    def hidden(self) -> bool:
        return self.meta.visibility in HIDDEN


def page_text(raw: bytes, src: str) -> str | Problem:
    """A page's text, or the problem that it is not UTF-8 (naming the line it breaks on)."""
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        return Problem(src, line, "", "the file is not UTF-8 text; save it again as UTF-8")


def front_matter(text: str, src: str) -> LoadedFile | None:
    """The page's front matter with the line of each value (None if it has none);
    ProblemsFound at the file's own lines if it cannot be read."""
    match = FRONT_MATTER.match(text.replace("\r\n", "\n"))
    if not match:
        return None
    # A leading newline, so that the reader's lines are the file's (the block starts on line 2).
    loaded = load_yaml_text("\n" + match.group(1), src)
    if loaded.value is None:
        return None
    if not isinstance(loaded.value, dict):
        raise ProblemsFound([Problem(src, 2, "", "the front matter must be 'key: value' lines, e.g. 'title: Our plans'")])
    return loaded


def read_page(raw: bytes, src: str) -> PageSource | list[Problem]:
    """The page's text and front matter, or every problem with them."""
    text = page_text(raw, src)
    return [text] if isinstance(text, Problem) else parse_page(text, src)


def parse_page(text: str, src: str) -> PageSource | list[Problem]:
    """The page's front matter checked, or every problem with it."""
    try:
        loaded = front_matter(text, src)
    except ProblemsFound as exc:
        return list(exc.problems)
    if loaded is None:
        return PageSource(text, PageMeta())
    try:
        return PageSource(text, PageMeta.model_validate(loaded.value))
    except ValidationError as exc:
        return [_front_matter_wording(p) for p in validation_problems(exc, PageMeta, loaded)]


def _front_matter_wording(problem: Problem) -> Problem:
    """A front matter key, not a data field; and the nearest known key suggested."""
    unknown = re.match(r"'(.+)' is not a known field here\. Known fields: ", problem.message)
    if not unknown:
        return problem
    near = difflib.get_close_matches(unknown.group(1), PageMeta.model_fields, n=1, cutoff=0.6)
    guess = f"did you mean '{near[0]}'? " if near else ""
    message = (f"'{unknown.group(1)}' is not a known front matter key; {guess}"
               f"Known keys: {', '.join(PageMeta.model_fields)}")
    return Problem(problem.file, problem.line, problem.field, message)
