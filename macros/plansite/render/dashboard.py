"""The status dashboard: actions and milestones by status and by responsible body, what is
past its due date and what is due next, all as of the plan's stated ``as_of`` date (a data
field, so the same data always gives the same dashboard)."""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from plansite.read.datasets import SiteData
from plansite.models.common import GAP_NOT_IN_SOURCE, GAP_TBC, Dated, PlanDate, Record, latest_update
from plansite.models.plan import WorkItem
from plansite.render.wording import NO_STATUS

DONE_WORDS = {"complete", "completed", "closed", "done", "achieved"}
NO_BODY = "No group named"


@dataclass
class TrackedItem:
    record: Record
    dataset: str
    kind: str  # "action" or "milestone"
    title: str
    context: str  # the record it belongs to, e.g. the next step
    status: str
    due: PlanDate | None
    due_words: str
    bodies: list[str] = field(default_factory=list)

    @property
    def executive_leads(self) -> Any:
        """Who leads it at executive level: ids, a gap, or None where the record has no such field."""
        return getattr(self.record, "executive_leads", None)

    @property
    def done(self) -> bool:
        return self.status.lower() in DONE_WORDS


def _latest_status(record: Any, parents: tuple = ()) -> str:
    """The record's latest reported status; a row of work with none of its own has its next
    step's (the step reports for the rows under it), so the two never disagree."""
    updates = getattr(record, "status", None)
    if not updates and isinstance(record, WorkItem):
        for parent in reversed(parents):
            if getattr(parent, "status", None):
                return _latest_status(parent)
    if isinstance(updates, list) and updates:
        return latest_update(updates).status
    progress = getattr(record, "progress", None)  # action plans keep the plan's own status words
    if isinstance(progress, list) and progress:
        status = getattr(latest_update(progress), "status", None)
        if isinstance(status, str) and status not in (GAP_TBC, GAP_NOT_IN_SOURCE):
            return status
    return NO_STATUS


def _due(record: Any) -> tuple[PlanDate | None, str]:
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


def _bodies(record: Any, parents: tuple, body_ids: set[str]) -> list[str]:
    for holder in (record, *reversed(parents)):
        for name in ("responsible", "owners", "owner", "body"):
            value = getattr(holder, name, None)
            values = value if isinstance(value, list) else [value]
            found = [v for v in values if isinstance(v, str) and v in body_ids]
            if found:
                return found
    return []


def _title(record: Any, parents: tuple) -> tuple[str, str]:
    from plansite.render.wording import record_title

    own = record_title(record)
    parent = record_title(parents[-1]) if parents else ""
    return (own or parent or record.id), (parent if own else "")


def tracked_items(site: SiteData) -> list[TrackedItem]:
    from plansite.checks.references import walk_models

    from plansite.models.registry import DATASETS

    body_ids = set(site.index.ids["body"])
    # Which records the dashboard follows ("action" or "milestone"), from the datasets' descriptions.
    tracked = {cls: kind for dataset in DATASETS.values() for cls, kind in dataset.tracked.items()}
    items = []
    for dataset, model in site.models.items():
        for _, obj, parents in walk_models(model):
            kind = tracked.get(type(obj))
            if not kind or not isinstance(obj, Record):
                continue
            due, words = _due(obj)
            title, context = _title(obj, parents)
            items.append(TrackedItem(obj, dataset, kind, title, context, _latest_status(obj, parents), due, words, _bodies(obj, parents, body_ids)))
    return items


@dataclass
class Dashboard:
    as_of: PlanDate
    items: list[TrackedItem]

    @property
    def statuses(self) -> list[str]:
        seen = Counter(item.status for item in self.items)
        return sorted(seen, key=lambda s: (s == NO_STATUS, s))

    def count(self, kind: str, status: str) -> int:
        return sum(1 for i in self.items if i.kind == kind and i.status == status)

    def by_body(self) -> list[tuple[str, Counter]]:
        table: dict[str, Counter] = {}
        for item in self.items:
            for body in item.bodies or [NO_BODY]:
                table.setdefault(body, Counter())[item.status] += 1
        return sorted(table.items(), key=lambda kv: (kv[0] == NO_BODY, kv[0]))

    @property
    def overdue(self) -> list[TrackedItem]:
        """Due before the month of ``as_of`` (or before its day, when it has one), and not done."""
        late = [i for i in self.items if i.due is not None and not i.done and i.due.before(self.as_of)]
        return sorted(late, key=lambda i: i.due.sort_key)

    def due_next(self, limit: int = 10) -> list[TrackedItem]:
        coming = [i for i in self.items if i.due is not None and not i.done and not i.due.before(self.as_of)]
        return sorted(coming, key=lambda i: i.due.sort_key)[:limit]

    @property
    def undated(self) -> int:
        return sum(1 for i in self.items if i.due is None)


def dashboard(site: SiteData) -> Dashboard:
    return Dashboard(site.partnership.as_of, tracked_items(site))


@dataclass
class Rollup:
    reported: int
    total: int

    @property
    def sentence(self) -> str:
        noun = "action" if self.total == 1 else "actions"
        if self.reported == 0:
            return f"No status has been reported for its {self.total} {noun}."
        unreported = self.total - self.reported
        text = f"Status reported for {self.reported} of {self.total} {noun}"
        if unreported:
            text += f"; {unreported} {'has' if unreported == 1 else 'have'} no reported status"
        return text + "."


def ambition_rollup(ambition: Any) -> Rollup:
    """How many of an ambition's actions (rows of work) have a reported status, their own
    or their next step's."""
    reported = total = 0
    for milestone in ambition.milestones:
        for step in milestone.next_steps:
            for work in step.work:
                total += 1
                reported += _latest_status(work, (ambition, milestone, step)) != NO_STATUS
    return Rollup(reported, total)
