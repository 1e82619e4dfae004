"""Plain words: each hand-written page's introduction (the home page's, the plan's) and every summary in the data read at
Flesch-Kincaid grade 9 or below (GOV.UK writes for a reading age of 9).

The grade is the published formula, 0.39 × words per sentence + 11.8 × syllables per word −
15.59, with syllables counted by vowel groups (as textstat and most tools do, give or take a
syllable on odd words). Each paragraph is graded on its own, so the line named is the one to
rewrite."""
from __future__ import annotations

import re
from typing import TYPE_CHECKING, Iterator

from plansite.read.problems import Problem

if TYPE_CHECKING:
    from plansite.checks.site_data import SiteData

MOST_GRADE = 9.0
# Shorter text has too few sentences for the formula to mean anything (a heading, a label).
FEWEST_WORDS = 12
_SENTENCE_END = re.compile(r"[.!?;:]+(?=\s|$)|\n")
_WORD = re.compile(r"[A-Za-z0-9][A-Za-z0-9'’-]*")


def syllables(word: str) -> int:
    """'plan' 1, 'partnership' 3, 'care' 1; an acronym or number counts as one syllable a letter
    group, as it would be read ('NHS' is three letters, but readers know it as one word)."""
    word = word.lower().strip("'’")
    if not word.isalpha():
        return 1
    count = len(re.findall(r"[aeiouy]+", word))
    if word.endswith("e") and not word.endswith(("le", "ee")) and count > 1:
        count -= 1  # a silent final e: 'care', 'space'
    if word.endswith(("ed", "es")) and not word.endswith(("eed", "ted", "ded", "ses", "ces", "zes", "ges")) and count > 1:
        count -= 1  # 'agreed', 'shapes'
    return max(count, 1)


def grade(text: str) -> float | None:
    """The Flesch-Kincaid grade of ``text``, or None when it is too short to grade."""
    sentences = [s for s in _SENTENCE_END.split(text) if _WORD.search(s)]
    words = _WORD.findall(text)
    if len(words) < FEWEST_WORDS or not sentences:
        return None
    per_sentence = len(words) / len(sentences)
    per_word = sum(syllables(w) for w in words) / len(words)
    return round(0.39 * per_sentence + 11.8 * per_word - 15.59, 1)


def plain_text(markdown: str) -> str:
    """What a reader reads of a Markdown paragraph: link words, not addresses or markup."""
    text = re.sub(r"\{[^{}]*\}", "", markdown)  # attribute lists: { .md-button }
    text = re.sub(r"!?\[([^\]]*)\]\([^)]*\)", r"\1", text)
    text = re.sub(r"<[^>]+>", "", text)
    text = re.sub(r"^\s*(?:[-*+]|\d+\.)\s+", "\n", text, flags=re.M)  # each list item reads alone
    return re.sub(r"[*_`#>]", "", text)


def paragraphs(page: str) -> Iterator[tuple[int, str]]:
    """(line number, text) of each prose paragraph of a page: not its front matter, headings,
    macros or admonition markers."""
    lines = page.splitlines()
    start = 0
    if lines and lines[0].strip() == "---":
        start = next((i + 1 for i, line in enumerate(lines[1:], 1) if line.strip() == "---"), 0)
    block: list[str] = []
    first = 0
    for number, line in enumerate(lines[start:] + [""], start=start + 1):
        prose = line.strip() and not line.lstrip().startswith(("#", "{{", "{%", "!!!", "???", "|", "<!--"))
        if prose:
            if not block:
                first = number
            block.append(line)
        elif block:
            yield first, "\n".join(block)
            block = []


def introduction(page: str) -> Iterator[tuple[int, str]]:
    """The paragraphs between a page's title and its first section or macro: what a reader
    reads first (on the home page, what the partnership is; on the plan, what it holds)."""
    lines = page.splitlines()
    for line, paragraph in paragraphs(page):
        before = lines[: line - 1]
        if any(l.startswith("## ") or l.lstrip().startswith(("{{", "{%")) for l in before[1:]):
            return
        yield line, paragraph


def page_grade_problems(page: str, src: str) -> list[Problem]:
    """Each paragraph of the page's introduction above grade 9, at its first line."""
    problems = []
    for line, paragraph in introduction(page):
        found = grade(plain_text(paragraph))
        if found is not None and found > MOST_GRADE:
            problems.append(Problem(src, line, "", too_hard(found)))
    return problems


def too_hard(found: float) -> str:
    return (f"this paragraph reads at Flesch-Kincaid grade {found:g}; write it at grade "
            f"{MOST_GRADE:g} or below, in shorter sentences (about 15 words) and shorter words")


def summary_grade_problems(site: "SiteData") -> list[Problem]:
    """Every ``summary`` in the data: each generated page opens with one."""
    problems = []
    graded: dict[str, float | None] = {}  # the same words grade the same (copied summaries)
    for _dataset, obj, _parents in site.index.walked:
        text = getattr(obj, "summary") if "summary" in type(obj).model_fields else None
        if not isinstance(text, str):
            continue
        found = graded[text] if text in graded else graded.setdefault(text, grade(text))
        if found is not None and found > MOST_GRADE:
            # Where the summary is written: in a view without private records, list positions
            # have shifted, so the index's location, not the walk's path, names the line.
            dataset, path = site.index.location_of(obj)
            problems.append(site.files[dataset].problem(path + ("summary",), too_hard(found).replace("paragraph", "summary")))
    return problems
