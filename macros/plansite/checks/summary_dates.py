"""A day typed in a summary or note must still be one of its record's dates: "on 6 January
2019" in Healthy Weston's summary, after the Governing Body's decision moved to 13 January
2019 in its timeline, is refused, naming the date it may have meant.

Only what it can tell is checked: a whole date ("6 January 2019", "6th Jan 2019") inside the
span of the dates its record holds (the outermost record, with everything in it) but equal
to none of them. A day outside that span ("presented to NHSE on 26 February 2016") is
history the data does not hold, and is left alone."""
from __future__ import annotations

import datetime as dt
import re
from typing import TYPE_CHECKING, Any, Iterator

from plansite.models.common import PlanDate
from plansite.models.date_words import MONTH_PATTERN, month_number
from plansite.read.problems import Problem

if TYPE_CHECKING:
    from plansite.checks.site_data import SiteData

TEXT_FIELDS = ("summary", "note")
_WHOLE_DATE = re.compile(rf"(?i)\b(\d{{1,2}})(?:st|nd|rd|th)?\s+({MONTH_PATTERN})\.?\s+((?:19|20)\d\d)\b")


def typed_days(text: str) -> list[tuple[str, PlanDate]]:
    """(the words, the day they name) for each whole date written in ``text``."""
    found = []
    for match in _WHOLE_DATE.finditer(text):
        day, month, year = int(match.group(1)), month_number(match.group(2)), int(match.group(3))
        try:
            dt.date(year, month, day)
        except ValueError:
            continue  # not a day of the calendar: not a date this check can read
        found.append((match.group(0), PlanDate(year, month, day)))
    return found


def _dates_in(record: Any) -> Iterator[PlanDate]:
    from plansite.checks.references import walk_models

    for _, model, _ in walk_models(record):
        for name in type(model).model_fields:
            value = getattr(model, name)
            if isinstance(value, PlanDate):
                yield value


def summary_date_problems(site: "SiteData") -> list[Problem]:
    problems = []
    dates_of: dict[int, list[PlanDate]] = {}
    for _dataset, obj, parents in site.index.walked:
        outer = parents[0] if parents else obj
        # Asked of the model's fields first: a pydantic model answers a missing attribute slowly.
        for field in (name for name in TEXT_FIELDS if name in type(obj).model_fields):
            text = getattr(obj, field)
            if not isinstance(text, str):
                continue
            for words, day in typed_days(text):
                held = dates_of.setdefault(id(outer), sorted(set(_dates_in(outer)), key=lambda d: d.sort_key))
                days = [d for d in held if d.day]
                if not days or day in held or not held[0].sort_key <= day.sort_key <= held[-1].sort_key:
                    continue
                nearest = min(days, key=lambda d: abs(_ordinal(d) - _ordinal(day)))
                dataset, where = site.index.location_of(obj)
                problems.append(site.files[dataset].problem(
                    where + (field,),
                    f"says '{words}', which is none of the dates this record holds ({held[0]} to {held[-1]}); "
                    f"if a date moved, move these words with it (the nearest it holds is {nearest})"))
    return problems


def _ordinal(date: PlanDate) -> int:
    return dt.date(date.year, date.month, date.day or 1).toordinal()
