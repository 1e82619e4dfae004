"""Problems found in data files or pages, formatted as one plain-English line each.

A problem names the file, the line, the field path and what is wrong, so that a comms
officer can go straight to it: ``data/bodies.yaml:42: bodies[3].reports_to: ...``.
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


class ProblemsFound(Exception):
    """Raised when data or a page cannot be published; carries every problem at once."""

    def __init__(self, problems: Sequence[Problem]):
        self.problems = sorted(set(problems))
        super().__init__("\n".join(str(p) for p in self.problems))


def format_path(path: Iterable[str | int]) -> str:
    """Turn ('bodies', 3, 'reports_to') into 'bodies[3].reports_to'."""
    text = ""
    for part in path:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            text += f".{part}" if text else str(part)
    return text


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
