"""The status dashboard: actions and milestones by status and by responsible body, what is
past its due date and what is due next, all as of the plan's stated ``as_of`` date (a data
field, so the same data always gives the same dashboard)."""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from plansite.checks.site_data import SiteData
from plansite.models.common import PlanDate, Record
from plansite.render.status import RecordStatus, Statuses, due_of, record_status, site_statuses
from plansite.render.wording import NO_STATUS

NO_BODY = "No group named"


@dataclass
class TrackedItem:
    record: Record
    dataset: str
    kind: str  # "action" or "milestone"
    title: str
    context: str  # the record it belongs to, e.g. the next step
    current: RecordStatus  # its status as of the site's date (render/status.py): the same on every page
    due_words: str
    bodies: list[str] = field(default_factory=list)

    @property
    def status(self) -> str:
        return self.current.status

    @property
    def due(self) -> PlanDate | None:
        return self.current.due

    @property
    def executive_leads(self) -> Any:
        """Who leads it at executive level: ids, a gap, or None where the record has no such field."""
        return getattr(self.record, "executive_leads", None)

    @property
    def done(self) -> bool:
        return self.current.done


def _latest_status(record: Any, parents: tuple = ()) -> str:
    """The record's last reported status, its own or inherited (render/status.py), without
    regard to its due date."""
    reported = record_status(record, parents).reported
    return reported if reported is not None else NO_STATUS


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


def tracked_items(site: SiteData, statuses: Statuses | None = None) -> list[TrackedItem]:
    from plansite.checks.references import walk_models

    from plansite.models.registry import DATASETS

    statuses = statuses or site_statuses(site)
    body_ids = set(site.index.ids["body"])
    # Which records the dashboard follows ("action" or "milestone"), from the datasets' descriptions.
    tracked = {cls: kind for dataset in DATASETS.values() for cls, kind in dataset.tracked.items()}
    items = []
    for dataset, model in site.models.items():
        for _, obj, parents in walk_models(model):
            kind = tracked.get(type(obj))
            if not kind or not isinstance(obj, Record):
                continue
            _, words = due_of(obj)
            title, context = _title(obj, parents)
            items.append(TrackedItem(obj, dataset, kind, title, context, statuses.of(obj, parents), words, _bodies(obj, parents, body_ids)))
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
        """Due before the month of ``as_of`` (or before its day, when it has one), and not done:
        those whose status is late (render/status.py)."""
        late = [i for i in self.items if i.current.late]
        return sorted(late, key=lambda i: i.due.sort_key)

    def due_next(self, limit: int = 10) -> list[TrackedItem]:
        coming = [i for i in self.items if i.due is not None and not i.done and not i.due.before(self.as_of)]
        return sorted(coming, key=lambda i: i.due.sort_key)[:limit]

    @property
    def undated(self) -> int:
        return sum(1 for i in self.items if i.due is None)


def dashboard(site: SiteData, statuses: Statuses | None = None) -> Dashboard:
    return Dashboard(site.partnership.as_of, tracked_items(site, statuses))


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
