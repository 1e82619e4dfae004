"""Types shared by every dataset: ids, dates as precise as the source, gaps, provenance, status."""
from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, PlainSerializer, PlainValidator, ValidationError, WithJsonSchema, model_validator
from pydantic_core import InitErrorDetails

from plansite.models.date_words import disagreement
from plansite.models.refs import Ref

GAP_TBC = "to be confirmed"
GAP_NOT_IN_SOURCE = "not in the source"
# An explicit gap. "to be confirmed": the source marks it as open ("?", "TBC").
# "not in the source": the source document does not give it.
Gap = Literal["to be confirmed", "not in the source"]

Id = Annotated[
    str,
    Field(
        pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$",
        description="Lower-case words joined by hyphens, e.g. 'julia-ross'.",
    ),
]
Text = Annotated[str, Field(min_length=1)]


class Strict(BaseModel):
    """Base for every model: unknown fields are errors, values are never coerced silently."""

    model_config = ConfigDict(extra="forbid", frozen=True, strict=False, str_strip_whitespace=True,
                              defer_build=True)  # validators built on first use: a site builds only those of the datasets it has


_DATE = re.compile(r"^(\d{4})-(\d{2})(?:-(\d{2}))?$")
# Years a plan date may have: a typo such as 0019 or 2919 is caught instead of shown as
# "January 0"; founding documents and long-term ambitions both fit comfortably.
FIRST_YEAR, LAST_YEAR = 1900, 2100


@dataclass(frozen=True, order=True)
class PlanDate:
    """A real calendar date, or a month when the source gives only a month."""

    year: int
    month: int
    day: int | None = None

    @property
    def iso(self) -> str:
        base = f"{self.year:04d}-{self.month:02d}"
        return f"{base}-{self.day:02d}" if self.day else base

    @property
    def sort_key(self) -> tuple[int, int, int]:
        return (self.year, self.month, self.day or 0)

    def __str__(self) -> str:
        month = calendar.month_name[self.month]
        return f"{self.day} {month} {self.year}" if self.day else f"{month} {self.year}"

    def before(self, other: "PlanDate") -> bool:
        """Earlier than ``other``; a date given only as a month runs to the month's end, so it
        is compared by month when either side has no day."""
        if self.day is None or other.day is None:
            return (self.year, self.month) < (other.year, other.month)
        return self.sort_key < other.sort_key


def parse_plan_date(value: Any) -> PlanDate:
    if isinstance(value, PlanDate):
        return value
    if isinstance(value, dt.date):
        return PlanDate(value.year, value.month, value.day)
    if not isinstance(value, str):
        raise ValueError("a date must be written as YYYY-MM-DD, or YYYY-MM for a month")
    match = _DATE.match(value.strip())
    if not match:
        raise ValueError(f"'{value}' is not a date; write YYYY-MM-DD, or YYYY-MM for a month")
    year, month = int(match.group(1)), int(match.group(2))
    day = int(match.group(3)) if match.group(3) else None
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise ValueError(f"'{value}' is not a plan date: the year must be from {FIRST_YEAR} to {LAST_YEAR}")
    if not 1 <= month <= 12:
        raise ValueError(f"'{value}' is not a real date: there is no month {month}")
    if day is not None:
        try:
            dt.date(year, month, day)
        except ValueError:
            last = calendar.monthrange(year, month)[1]
            raise ValueError(
                f"'{value}' is not a real date: {calendar.month_name[month]} {year} has {last} days"
            ) from None
    return PlanDate(year, month, day)


Date = Annotated[
    PlanDate,
    PlainValidator(parse_plan_date),
    PlainSerializer(lambda d: d.iso, return_type=str),
    WithJsonSchema(
        {
            "type": "string",
            "pattern": r"^\d{4}-\d{2}(-\d{2})?$",
            "description": "YYYY-MM-DD, or YYYY-MM when the source gives only a month.",
        }
    ),
]


DocumentRef = Annotated[str, Field(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$", description="Id of a document in sources.yaml."), Ref("document")]


class SourceRef(Strict):
    """Where a record came from: a document in sources.yaml and the section within it."""

    document: DocumentRef
    section: Text = Field(description="Section, table or page of that document.")


Visibility = Literal["public", "draft", "private"]


class Record(Strict):
    """Anything with an id that the site shows and can trace to its source."""

    id: Id
    source: SourceRef
    visibility: Visibility = Field(
        "public",
        description="public (the default); draft (shown only in a local preview, marked as a draft); "
        "private (never published).",
    )


Status = Literal["not started", "in progress", "on track", "at risk", "late", "complete"]


class StatusUpdate(Strict):
    """One dated entry in a record's history; the newest is its current status."""

    date: Date
    status: Status
    note: Text
    source: SourceRef


def latest_update(updates: Any) -> Any:
    """The newest of a record's status updates or progress reports (models, or their published
    JSON), or None. One whose date is a gap counts as the oldest."""
    if not isinstance(updates, list) or not updates:
        return None
    if isinstance(updates[0], dict):  # published JSON: ISO dates sort as text
        return max(updates, key=lambda u: str(u.get("date", "")))
    return max(updates, key=lambda u: u.date.sort_key if isinstance(getattr(u, "date", None), PlanDate) else (0, 0, 0))


class Dated(Strict):
    """A point in time as the source words it, with the date it means where one is known."""

    when: Text = Field(description="The source's own words, e.g. 'Mid December' or '14/01/2019'.")
    date: Date | Gap = Field(description="The date meant, or a gap when the source does not pin it down.")

    @model_validator(mode="after")
    def _words_agree_with_date(self) -> "Dated":
        # The date is the data; the words are kept as the source gave them, so they must not
        # name another day, month or year (a changed 'when' alone would show a wrong date).
        if isinstance(self.date, PlanDate) and disagreement(self.when, self.date.year, self.date.month, self.date.day):
            problems = TableProblems("Dated")
            problems.add(
                ("when",),
                f"the words '{self.when}' do not agree with date: {self.date.iso} ({self.date}); "
                "change one of them so that both say the same date",
                self.when,
            )
            problems.raise_if_any()
        return self


class DatasetFile(Strict):
    """What every data file says about itself: who looks after it and when it is next checked."""

    owner: Text = Field(description="Who looks after this data, e.g. 'Healthier Together Office'.")
    review_by: Date = Field(description="When it is next due for review; the site marks it once this date has passed.")


class TableProblems:
    """Collects problems found by a whole-table check, each at the exact place it is about, and
    raises them together so that every message names its own line."""

    def __init__(self, title: str):
        self.title = title
        self.errors: list[InitErrorDetails] = []

    def add(self, loc: tuple, message: str, value: Any = None) -> None:
        self.errors.append(InitErrorDetails(type="value_error", loc=loc, input=value, ctx={"error": message}))

    def raise_if_any(self) -> None:
        # ValidationError is a ValueError: pydantic puts these locations under the model's own.
        if self.errors:
            raise ValidationError.from_exception_data(self.title, self.errors)
