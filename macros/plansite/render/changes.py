"""What changed between two published versions, computed from their published data.

Compares records by id: added, removed, and for records in both, the fields that differ,
described in words (a status that moved, a date that slipped, a lead who changed).
Both sides are the open-data JSON, so a version is always compared with what was
really published before it.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from plansite.models.common import PlanDate, latest_update, parse_plan_date
from plansite.render.published import is_record
from plansite.render.wording import NO_STATUS, record_title

SKIPPED_FIELDS = {"id", "source", "visibility"}


@dataclass(frozen=True)
class RecordInfo:
    id: str
    dataset: str
    kind: str  # the list it sits in, e.g. 'next_steps'
    title: str
    fields: dict[str, Any]


@dataclass(frozen=True)
class FieldChange:
    field: str
    description: str


@dataclass
class Changes:
    previous_version: str | None
    added: list[RecordInfo] = field(default_factory=list)
    removed: list[RecordInfo] = field(default_factory=list)
    changed: list[tuple[RecordInfo, list[FieldChange]]] = field(default_factory=list)
    commit: str | None = None  # the git commit this version was built from, when publishing

    @property
    def first(self) -> bool:
        return self.previous_version is None

    @property
    def count(self) -> int:
        return len(self.added) + len(self.removed) + len(self.changed)


def _title(fields: dict[str, Any], ident: str) -> str:
    return record_title(fields) or ident


def collect_records(data: dict[str, Any]) -> dict[str, RecordInfo]:
    """Every record in published data, by id, with its own fields (not its child records)."""
    found: dict[str, RecordInfo] = {}

    def visit(value: Any, dataset: str, kind: str) -> None:
        if isinstance(value, list):
            for item in value:
                visit(item, dataset, kind)
        elif isinstance(value, dict):
            own = {}
            for key, item in value.items():
                if isinstance(item, list) and item and all(is_record(i) for i in item):
                    visit(item, dataset, key)
                elif is_record(item):
                    visit(item, dataset, key)
                elif isinstance(item, (dict, list)):
                    own[key] = item
                    visit(item, dataset, key)  # records deeper inside a plain object
                else:
                    own[key] = item
            if is_record(value):
                fields = {k: v for k, v in own.items() if k not in SKIPPED_FIELDS}
                found[value["id"]] = RecordInfo(value["id"], dataset, kind, _title(value, value["id"]), fields)

    for dataset, content in data.items():
        visit(content, dataset, dataset)
    return found


def _words(value: Any, names: dict[str, str]) -> str:
    if value is None or value == []:
        return "none"
    if isinstance(value, str):
        return names.get(value, value)
    if isinstance(value, dict) and "when" in value:
        date = value.get("date")
        return f"{value['when']} ({date})" if date and date != value["when"] else str(value["when"])
    if isinstance(value, list):
        return ", ".join(_words(v, names) for v in value)
    if isinstance(value, dict):
        return "; ".join(f"{k}: {_words(v, names)}" for k, v in value.items() if k not in SKIPPED_FIELDS)
    return str(value)


def describe_change(name: str, old: Any, new: Any, names: dict[str, str]) -> str:
    label = name.replace("_", " ")
    if name == "status":
        before, after = latest_update(old), latest_update(new)
        if before and after and before.get("status") == after.get("status"):
            return f"status is still {after['status']}, with a new update dated {after['date']}: {after.get('note', '')}".rstrip(": ")
        was = f"{before['status']} ({before['date']})" if before else NO_STATUS
        now = f"{after['status']} ({after['date']})" if after else NO_STATUS
        return f"status moved from {was} to {now}"
    if isinstance(old, dict) and "when" in old or isinstance(new, dict) and "when" in new:
        return f"{label} moved from {_words(old, names)} to {_words(new, names)}"
    return f"{label} changed from {_words(old, names)} to {_words(new, names)}"


def without_records(value: Any, hidden: set[str]) -> Any:
    """``value`` with every record whose id is in ``hidden`` left out, and all inside it."""
    if isinstance(value, list):
        return [without_records(v, hidden) for v in value if not (is_record(v) and v["id"] in hidden)]
    if isinstance(value, dict):
        return {k: without_records(v, hidden) for k, v in value.items() if not (is_record(v) and v["id"] in hidden)}
    return value


def compare(previous: dict[str, Any] | None, current: dict[str, Any], previous_version: str | None,
            hidden: set[str] = frozenset()) -> Changes:
    """The changes from ``previous`` (None for the first version) to ``current``. Records whose
    ids are in ``hidden`` (private or draft now) are left out of ``previous``: a withdrawn
    record must not reappear as "Removed", with its name, on the page meant to explain it."""
    changes = Changes(previous_version if previous is not None else None)
    if previous is None:
        return changes
    if hidden:
        previous = without_records(previous, set(hidden))
    before, after = collect_records(previous), collect_records(current)
    names = {i: r.title for i, r in {**before, **after}.items()}
    changes.added = [after[i] for i in after if i not in before]
    changes.removed = [before[i] for i in before if i not in after]
    for ident, now in after.items():
        was = before.get(ident)
        if was is None:
            continue
        diffs = [
            FieldChange(key, describe_change(key, was.fields.get(key), now.fields.get(key), names))
            for key in dict.fromkeys([*was.fields, *now.fields])
            if was.fields.get(key) != now.fields.get(key)
        ]
        if diffs:
            changes.changed.append((now, diffs))
    return changes


@dataclass(frozen=True)
class Release:
    """Which version is being built and what it is compared with; set by ``make publish``
    through the environment, so a plain local build is simply 'unreleased'."""

    version: str
    previous_version: str | None
    previous_data: str | None
    published: str | None  # ISO date of publication
    commit: str | None = None  # the git commit the version is built from

    def date(self, as_of: PlanDate) -> PlanDate:
        """The day it is published on; a local build has none, so the plans' own date."""
        return parse_plan_date(self.published) if self.published else as_of

    @classmethod
    def from_environment(cls, environ: dict[str, str]) -> "Release":
        return cls(
            version=environ.get("PLANSITE_VERSION") or "unreleased",
            previous_version=environ.get("PLANSITE_PREVIOUS_VERSION") or None,
            previous_data=environ.get("PLANSITE_PREVIOUS_DATA") or None,
            published=environ.get("PLANSITE_PUBLISHED") or None,
            commit=environ.get("PLANSITE_COMMIT") or None,
        )


def hidden_ids(site: Any) -> set[str]:
    """Ids that are private or draft in the site's current data (all of it, not only the view)."""
    full = getattr(site, "full", None) or site
    visibility = getattr(getattr(full, "index", None), "visibility", None) or {}
    return {ident for ident, seen in visibility.items() if seen in ("private", "draft")}


def changes_for(site: Any, release: Release) -> Changes:
    """Changes from the previous published version's data to this site's published data."""
    from plansite.render.published import dataset_json, read_published_data

    cached = getattr(site, "_changes", {})
    if release in cached:
        return cached[release]
    current = {name: dataset_json(site, name) for name in site.models}
    previous = read_published_data(release.previous_data) if release.previous_data else None
    result = compare(previous, current, release.previous_version, hidden_ids(site))
    result.commit = release.commit
    cached[release] = result
    site._changes = cached
    return result
