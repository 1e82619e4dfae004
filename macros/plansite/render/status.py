"""A record's status as of the site's date, decided once, here, for every page and file.

Every page that shows a record's status (its own page, a person's or group's page, the
dashboard, the board pack) and every file (open data's ``status`` files) reads it from
``record_status``, so a record never reads one way in one place and another way elsewhere.

The rules:

- **Reported.** A record's status is the newest of its own status updates (for an action
  plan's action, the status word of its newest progress entry; a gap there is no status).
- **Inherited.** A row of work of the single system plan with no status of its own has the
  status of the nearest record it belongs to that has one: its next step, else its 2019/20
  milestone. It is shown as such ("reported for its milestone"), never as its own.
- **Late.** A record with a due date before the site's date (``partnership.as_of``; by
  month when either date is only a month) that is not reported complete is late, whatever
  the source last said: the source may have said "on track" before the date passed. It then
  reads "Late", with the words "past its due date of October 2018; last reported on track,
  November 2018".
- **None.** Otherwise, a record with no reported status reads "No status reported".
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from html import unescape
from typing import Any, Iterable

from markupsafe import Markup

from plansite.models.common import GAP_NOT_IN_SOURCE, GAP_TBC, Dated, PlanDate, Record, latest_update
from plansite.models.plan import NextStep, PlanMilestone, WorkItem
from plansite.render.wording import NO_STATUS, label

# Status words (ours and action plans' own) that mean the work is finished: never late.
DONE_WORDS = {"complete", "completed", "closed", "done", "achieved"}
LATE = "late"
# What a record that inherits its status calls the record it inherits from.
_PARENT_WORDS = {NextStep: "next step", PlanMilestone: "milestone"}


@dataclass(frozen=True)
class RecordStatus:
    """What one record's status reads as of the site's date, and why."""

    status: str  # what it reads as: a status word, "late", or NO_STATUS
    reported: str | None = None  # the status last reported (its own or inherited), if any
    reported_date: PlanDate | None = None
    inherited_from: str = ""  # "" when the status is the record's own, else "next step" / "milestone"
    inherited_id: str = ""
    due: PlanDate | None = None  # the due date it is judged against, when it has one
    late: bool = False

    @property
    def label(self) -> str:
        """The status in words: 'On track', 'Late', 'No status reported', 'Open'."""
        return label(self.status)

    @property
    def done(self) -> bool:
        return (self.reported or "").lower() in DONE_WORDS

    @property
    def css(self) -> str:
        """The badge's modifier class: 'on-track', 'late', 'none' (no status reported)."""
        return "none" if self.status == NO_STATUS else "-".join(self.status.lower().split())

    @property
    def words(self) -> str:
        """The words after the badge, or '' when the badge says it all.

        Late: 'past its due date of October 2018; last reported on track, November 2018'.
        Inherited: 'as of November 2018, reported for its milestone'. Its own: 'as of November 2018'."""
        return unescape(re.sub(r"<[^>]+>", "", str(self.words_html)))

    @property
    def words_html(self) -> Markup:
        """``words`` with each date in a ``<time>`` element; every word from the data escaped."""
        def when(date: PlanDate) -> Markup:
            return Markup('<time datetime="{}">{}</time>').format(date.iso, str(date))

        if self.late:
            if self.reported is None:
                reported = Markup("no status reported")
            else:
                who = Markup("its {} ").format(self.inherited_from) if self.inherited_from else Markup("")
                reported = who + Markup("last reported {}").format(self.reported)
                if self.reported_date:
                    reported += Markup(", ") + when(self.reported_date)
            return Markup("past its due date of ") + when(self.due) + Markup("; ") + reported
        if self.reported is None or self.reported_date is None and not self.inherited_from:
            return Markup("")
        parts = [Markup("as of ") + when(self.reported_date)] if self.reported_date else []
        if self.inherited_from:
            parts.append(Markup("reported for its {}").format(self.inherited_from))
        return Markup(", ").join(parts)

    def as_data(self) -> dict[str, Any]:
        """The status as open data: plain values."""
        return {
            "status": self.status,
            "late": self.late,
            "due": self.due.iso if self.due else None,
            "last_reported": self.reported,
            "last_reported_date": self.reported_date.iso if self.reported_date else None,
            "inherited_from": self.inherited_id or None,
            "words": self.words,
        }


def _own_report(record: Any) -> tuple[str, PlanDate | None] | None:
    """The record's own newest status and its date, or None when it reports none."""
    updates = getattr(record, "status", None)
    if isinstance(updates, list) and updates:
        newest = latest_update(updates)
        return newest.status, newest.date if isinstance(newest.date, PlanDate) else None
    progress = getattr(record, "progress", None)  # action plans keep the plan's own status words
    if isinstance(progress, list) and progress:
        newest = latest_update(progress)
        status = getattr(newest, "status", None)
        if isinstance(status, str) and status not in (GAP_TBC, GAP_NOT_IN_SOURCE):
            return status, newest.date if isinstance(getattr(newest, "date", None), PlanDate) else None
    return None


def has_status(record: Any) -> bool:
    """Whether the record is one that can have a status at all: a status or progress field, or
    a kind the dashboard follows (a programme's timeline step: late once its date has passed)."""
    from plansite.models.registry import DATASETS

    if not isinstance(record, Record):
        return False
    if isinstance(getattr(record, "status", None), list) or isinstance(getattr(record, "progress", None), list):
        return True
    return any(type(record) in dataset.tracked for dataset in DATASETS.values())


def due_of(record: Any) -> tuple[PlanDate | None, str]:
    """The latest date among the record's due dates, with the source's words for it."""
    dated: list[Dated] = []
    for name in ("due", "when", "milestones"):
        value = getattr(record, name, None)
        if isinstance(value, Dated):
            dated.append(value)
        elif isinstance(value, list):
            dated.extend(v for v in value if isinstance(v, Dated))
    known = [d for d in dated if isinstance(d.date, PlanDate)]
    if known:
        latest = max(known, key=lambda d: d.date.sort_key)
        return latest.date, latest.when
    return None, "; ".join(d.when for d in dated) if dated else ""


def record_status(record: Any, parents: tuple = (), as_of: PlanDate | None = None) -> RecordStatus:
    """The record's status as of ``as_of``: the one rule every page and file uses.

    ``parents`` are the records enclosing it, outermost first (as ``walk_models`` gives them)."""
    report = _own_report(record)
    inherited_from = inherited_id = ""
    if report is None and isinstance(record, WorkItem):
        for parent in reversed(parents):
            parent_report = _own_report(parent)
            if parent_report is not None:
                report = parent_report
                inherited_from = _PARENT_WORDS.get(type(parent), "parent")
                inherited_id = parent.id
                break
    reported, reported_date = report if report is not None else (None, None)
    due, _ = due_of(record)
    done = (reported or "").lower() in DONE_WORDS
    late = due is not None and as_of is not None and not done and due.before(as_of)
    status = LATE if late else (reported if reported is not None else NO_STATUS)
    return RecordStatus(status, reported, reported_date, inherited_from, inherited_id, due, late)


class Statuses:
    """Every record's status in a site, worked out once per build by a walk over its data.

    Looked up by the record itself (the same model objects the pages render), so that a
    record shown on a person's page, where its parents are not at hand, reads as it does on
    its own page."""

    def __init__(self, models: Iterable[Any], as_of: PlanDate | None):
        from plansite.checks.references import walk_models

        self.as_of = as_of
        self._by_object: dict[int, tuple[Any, RecordStatus]] = {}
        for model in models:
            for _, obj, parents in walk_models(model):
                if has_status(obj):
                    # The object is kept beside its status so that its id() is never reused.
                    self._by_object[id(obj)] = (obj, record_status(obj, parents, as_of))

    def of(self, record: Any, parents: tuple = ()) -> RecordStatus:
        found = self._by_object.get(id(record))
        if found is not None and found[0] is record:
            return found[1]
        return record_status(record, parents, self.as_of)

    def items(self) -> Iterable[tuple[Any, RecordStatus]]:
        return self._by_object.values()


def site_statuses(site: Any) -> Statuses:
    """The statuses of every record of ``site`` (a SiteData), as of its ``partnership.as_of``."""
    partnership = getattr(site, "partnership", None)
    return Statuses(site.models.values(), getattr(partnership, "as_of", None))
