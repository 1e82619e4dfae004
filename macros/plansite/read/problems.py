"""Problems found in data files or pages, formatted as one plain-English line each.

A problem names the file, the line, the field path and what is wrong, so that a comms
officer can go straight to it: ``data/bodies.yaml:42: 4th body (reports_to): ...``.
"""
from __future__ import annotations

import difflib
from dataclasses import dataclass
from typing import Iterable, Sequence


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with one place in one file."""

    file: str
    line: int
    field: str
    message: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        if self.field:
            return f"{where}: {self.field}: {self.message}"
        return f"{where}: {self.message}"


def annotation(problem: Problem) -> str:
    """GitHub's workflow command that puts the problem on the file and line of a pull request."""
    def escape(text: str, extra: str = "") -> str:  # GitHub's escaping of workflow command values
        text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
        for char in extra:
            text = text.replace(char, {":": "%3A", ",": "%2C"}[char])
        return text

    where = f"file={escape(problem.file, ':,')}" + (f",line={problem.line}" if problem.line else "")
    what = f"{problem.field}: {problem.message}" if problem.field else problem.message
    return f"::error {where}::{escape(what)}"


def problem_lines(problems: Iterable[Problem]) -> list[str]:
    """Each problem's one line; in GitHub Actions (GITHUB_ACTIONS=true) followed by its annotation."""
    import os

    in_actions = os.environ.get("GITHUB_ACTIONS") == "true"
    lines = []
    for problem in problems:
        lines.append(str(problem))
        if in_actions and isinstance(problem, Problem):
            lines.append(annotation(problem))
    return lines


class ProblemsFound(Exception):
    """Raised when data or a page cannot be published; carries every problem at once."""

    def __init__(self, problems: Sequence[Problem]):
        self.problems = sorted(set(problems))
        super().__init__("\n".join(str(p) for p in self.problems))


# How one entry of each list field is called, where dropping the field's final 's' (after
# turning '_' into spaces) does not give a good word. Fields that are not nouns (responsible,
# led_at, total_of) name their entries "... entry".
_ENTRY_NAMES = {
    "accountable": "accountable entry",
    "activities": "activity",
    "area": "area entry",
    "areas_of_focus": "area of focus",
    "bodies": "body",
    "capabilities": "capability",
    "delivered_by": "delivered by entry",
    "description": "description point",
    "developed_with": "developed with entry",
    "led_at": "led at entry",
    "less": "less entry",
    "models_of_care": "model of care",
    "people": "person",
    "progress": "progress entry",
    "rag_scale": "RAG scale entry",
    "responsible": "responsible entry",
    "scale": "scale level",
    "signatories": "signatory",
    "status": "status update",
    "sub_groups": "sub-group",
    "sum_of": "sum of entry",
    "support_team": "support team member",
    "timeline": "timeline entry",
    "total_of": "total of entry",
    "work": "work row",
}


def entry_name(list_field: str) -> str:
    """What one entry of the list field ``list_field`` is called: 'people' -> 'person'."""
    if list_field in _ENTRY_NAMES:
        return _ENTRY_NAMES[list_field]
    words = list_field.replace("_", " ")
    return words[:-1] if words.endswith("s") and not words.endswith("ss") else words


def ordinal(number: int) -> str:
    """1 -> '1st', 2 -> '2nd', 11 -> '11th', 22 -> '22nd'."""
    if 10 <= number % 100 <= 20:
        suffix = "th"
    else:
        suffix = {1: "st", 2: "nd", 3: "rd"}.get(number % 10, "th")
    return f"{number}{suffix}"


def format_path(path: Iterable[str | int]) -> str:
    """A field's place as people count it, for messages and page comments:
    ('ambitions', 4, 'milestones', 0, 'owner') -> '5th ambition › 1st milestone (owner)'.

    List entries are counted from 1 and named by their list's field (see entry_name); the
    fields after the last list entry follow in brackets, as written in the file. A path with
    no list entries is its fields joined by ' › ' ('contact › email')."""
    parts = list(path)
    last_entry = max((i for i, part in enumerate(parts) if isinstance(part, int)), default=-1)
    if last_entry < 0:
        return " › ".join(str(part) for part in parts)
    steps: list[str] = []
    for i, part in enumerate(parts[: last_entry + 1]):
        if isinstance(part, int):
            name = entry_name(str(parts[i - 1])) if i and isinstance(parts[i - 1], str) else "entry"
            steps.append(f"{ordinal(part + 1)} {name}")
        elif not isinstance(parts[i + 1], int):
            steps.append(str(part))  # a field holding a set of fields, on the way to a list
    text = " › ".join(steps)
    fields = [str(part) for part in parts[last_entry + 1:]]
    return f"{text} ({' › '.join(fields)})" if fields else text


def known_choices(value: str, choices: Iterable[str], limit: int = 12) -> str:
    """List valid choices with the nearest matches to ``value`` first."""
    choices = sorted(set(choices))
    near = difflib.get_close_matches(value, choices, n=5, cutoff=0.6)
    ordered = near + [c for c in choices if c not in near]
    shown = ordered[:limit]
    more = len(ordered) - len(shown)
    text = ", ".join(shown)
    if more > 0:
        text += f", and {more} more"
    return text


def data_problems_found(count: int) -> str:
    """'3 data problems found (listed above)': how a build's or a preview's last line begins."""
    return f"{count} data problem{'s' if count != 1 else ''} found (listed above)"


def data_problems_summary(count: int) -> str:
    """The last line of a build stopped by data problems, whichever engine runs it."""
    return f"{data_problems_found(count)}; nothing was built. Fix them, or run 'make check' to list them again."
