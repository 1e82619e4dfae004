"""What the source's words for a date say about it: the days, months and years they name.

A dated item keeps the source's words ('Mid December', '31-Jul', 'w/c 28th March') beside
the date it means; the words must not name a different day, month or year from the date."""
from __future__ import annotations

import calendar
import re
from dataclasses import dataclass

_MONTHS = {name.lower()[:3]: number for number, name in enumerate(calendar.month_name) if name}
MONTH_PATTERN = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*"
_DAY = r"\d{1,2}(?:st|nd|rd|th)?"
# '8 March', '31-Jul', '28th March', and lists or ranges of days: '11 & 12 December'.
_DAY_BEFORE_MONTH = re.compile(rf"(?i)\b((?:{_DAY}\s*(?:&|and|,|to|–|-)\s*)*{_DAY})[\s-]+({MONTH_PATTERN})\b")
_MONTH_NAME = re.compile(rf"(?i)\b({MONTH_PATTERN})\b")
_YEAR = re.compile(r"\b((?:19|20)\d\d)\b")
_NUMERIC = re.compile(r"\b(\d{1,2})/(\d{1,2})/(\d{4}|\d{2})\b")  # 14/01/2019, UK order


@dataclass(frozen=True)
class DateWords:
    """Every day, month and year the words name (empty when they name none)."""

    days: frozenset[int]
    months: frozenset[int]
    years: frozenset[int]


def month_number(word: str) -> int | None:
    return _MONTHS.get(word.lower()[:3]) if word.lower()[:3] in _MONTHS else None


def read_date_words(words: str) -> DateWords:
    days, months, years = set(), set(), set()
    for match in _MONTH_NAME.finditer(words):
        if (month := month_number(match.group(1))) and match.group(1) != "may":  # 'may' is the verb
            months.add(month)
    for match in _DAY_BEFORE_MONTH.finditer(words):
        if month_number(match.group(2)) in months:
            days.update(int(d) for d in re.findall(r"\d+", match.group(1)))
    years.update(int(y) for y in _YEAR.findall(words))
    for day, month, year in _NUMERIC.findall(words):
        days.add(int(day))
        months.add(int(month))
        years.add(int(year) + (2000 if len(year) == 2 else 0))
    return DateWords(frozenset(days), frozenset(months), frozenset(years))


def disagreement(words: str, year: int, month: int, day: int | None) -> str:
    """What the words say that the date does not ('8 March'), or '' when they agree. A range
    ('11 & 12 December', 'November to April') agrees when the date is one of its ends."""
    said = read_date_words(words)
    wrong = (
        (said.years and year not in said.years)
        or (said.months and month not in said.months)
        or (said.days and day is not None and day not in said.days)
    )
    return words if wrong else ""


def says_only_the_month(words: str, year: int, month: int, day: int | None) -> bool:
    """Whether words such as 'Mid December' say the same as a month-only date (December 2018),
    so that the page need not print both."""
    said = read_date_words(words)
    return day is None and said.months == {month} and not said.days and said.years <= {year}
