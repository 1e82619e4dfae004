"""Human words for values the data holds as codes: enumeration labels, lists of words, and
the one sentence that says what the sources leave out.

The data keeps exact values (``nhs trust``, ``not in the source``); pages say them the way
a person would ("NHS trust", "The sources do not give its chair or members.").
"""
from __future__ import annotations

import re
from typing import Any, Iterable

from plansite.models.common import GAP_NOT_IN_SOURCE, GAP_TBC
from plansite.models.date_words import says_only_the_month

# How each kind of gap reads where a value would be (a sentence, a table cell's title).
GAP_WORDS = {GAP_TBC: "To be confirmed", GAP_NOT_IN_SOURCE: "Not in the source document"}


def gap_words(value: str) -> str:
    """'to be confirmed' -> 'To be confirmed'; 'not in the source' -> 'Not in the source document'."""
    return GAP_WORDS[value]


# What a record with no status of its own, reported or inherited, shows.
NO_STATUS = "no status reported"

# Enumeration values whose plain capitalised form would read wrongly.
_LABELS = {
    "nhs trust": "NHS trust",
    "nhs foundation trust": "NHS foundation trust",
    "gp provider": "GP provider",
    "sub-group": "Sub-group",
    "other": "Other organisation",
}


def label(value: Any) -> str:
    """How an enumeration value reads on a page: 'nhs trust' -> 'NHS trust', 'office' -> 'Office'."""
    text = str(value)
    return _LABELS.get(text, text[:1].upper() + text[1:])


def join_words(words: Iterable[str], last: str = "and") -> str:
    """'chair', 'meetings', 'members' -> 'chair, meetings and members'."""
    words = [w for w in words if w]
    if len(words) <= 1:
        return "".join(words)
    return f"{', '.join(words[:-1])} {last} {words[-1]}"


def gaps_sentence(missing: list[tuple[str, str]], subject: str = "its") -> str:
    """One sentence for every field the sources leave out, in place of a gap per field.

    ``missing`` holds (noun, gap word) pairs, e.g. ('chair', 'not in the source'). Fields
    still to be confirmed and fields the sources never give are said apart, since the first
    may yet be filled in."""
    absent = [noun for noun, gap in missing if gap == GAP_NOT_IN_SOURCE]
    pending = [noun for noun, gap in missing if gap == GAP_TBC]
    owner = f"{subject} " if subject else ""  # no subject: the nouns carry their own article
    sentences = []
    if absent:
        sentences.append(f"The sources do not give {owner}{join_words(absent, 'or')}.")
    if pending:
        what = f"{owner}{join_words(pending)}"
        verb = "are" if len(pending) > 1 or _plural(pending[0]) else "is"
        sentences.append(f"{what[:1].upper() + what[1:]} {verb} still to be confirmed.")
    return " ".join(sentences)


def with_acronym(name: str, acronym: str | None) -> str:
    """'System Delivery Oversight Group' + 'SDOG' -> 'System Delivery Oversight Group (SDOG)';
    a name that already holds its acronym ('Directors of Finance (DoFs) group') keeps it once."""
    if not acronym or acronym == name or re.search(rf"(?<!\w){re.escape(acronym)}(?!\w)", name):
        return name
    return f"{name} ({acronym})"


_DATE_WORDS = re.compile(
    r"(?i)\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\b|\d+(?:st|nd|rd|th)?|[/.,\s'-]+"
)


def is_only_a_date(words: str) -> bool:
    """Whether the source's words for a date say nothing but the date ('14/01/2019', 'June',
    'Nov 18'), so that the date, written out in full, can stand in their place."""
    if re.search(r"[-–]|\bto\b|\band\b", words):  # a range or a pair: one date cannot say it
        return False
    return not _DATE_WORDS.sub("", words).strip()


def month_in_words(when: str, date: Any) -> str:
    """'Mid December' for December 2018 reads 'Mid December 2018': words that say only the
    date's month stand alone with its year, instead of 'Mid December (December 2018)'. ''
    when the words say more or other than the date."""
    if not says_only_the_month(when, date.year, date.month, date.day):
        return ""
    return when if str(date.year) in when else f"{when} {date.year}"


def _plural(noun: str) -> bool:
    """'members', 'milestones' are plural; 'status', 'address', 'chair' are not."""
    last = noun.split()[-1] if noun.split() else noun
    return last.endswith("s") and not last.endswith(("ss", "us", "is"))


def record_title(record: Any) -> str:
    """What a record is called: its title, name, term or forum, else its first deliverable;
    '' when it has none (a row of work with no deliverable: callers use its parent's). Works
    on models and on their published JSON alike."""
    get = record.get if isinstance(record, dict) else (lambda name: getattr(record, name, None))
    for name in ("title", "name", "term", "forum"):
        value = get(name)
        if isinstance(value, str) and value not in (GAP_TBC, GAP_NOT_IN_SOURCE):
            return value
    deliverables = get("deliverables")
    if isinstance(deliverables, list) and deliverables and isinstance(deliverables[0], str):
        return deliverables[0]
    return ""
