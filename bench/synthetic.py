"""Synthetic data for the benchmark: a site's data scaled ×N, still valid against the models.

Every list of records at the top of a dataset (people, bodies, organisations, the plan's
ambitions with their milestones, next steps and work, timeline milestones and progress,
programmes with their timelines, workforce goals, sub-groups and plans, the Aspiring ICS
programme's phases, areas, capabilities and areas of focus, and the same in any dataset added
later) gets ``factor - 1`` copies of each record after the originals. A copy's ids, and every
id inside it, get the suffix ``-xN``; a reference to a copied record from inside a copy points
at the same copy, so copy N is a complete, consistent second site's worth of records. Names
and titles get " (N)" so that copies are told apart in pages and search.

Not scaled: the source documents (every record cites them), the glossary (its acronyms grow
with the vocabulary, not with the number of records) and single records such as the
partnership or the MOU. ``python -m plansite.checks.check`` must pass on the result; the benchmark
checks that it does.

Run on its own: ``python -m bench.synthetic SRC_DATA_DIR DST_DATA_DIR FACTOR``.
"""
from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import yaml

from plansite.checks.summary_counts import typed_counts
from plansite.read.loading import load_yaml_file

# Datasets whose records the others cite: copied records keep citing the originals.
NOT_SCALED = {"sources", "glossary"}
GAPS = {"to be confirmed", "not in the source"}
RENAMED_TEXT = ("name", "title")  # fields that get " (N)" in a copy


def _is_record_list(value: Any) -> bool:
    return isinstance(value, list) and bool(value) and all(isinstance(v, dict) and "id" in v for v in value)


def _record_lists(value: Any, path: tuple = ()) -> list[tuple]:
    """Paths of the outermost lists of records in a dataset's plain value."""
    if _is_record_list(value):
        return [path]
    found: list[tuple] = []
    if isinstance(value, dict):
        for key, inner in value.items():
            found += _record_lists(inner, path + (key,))
    elif isinstance(value, list):
        for index, inner in enumerate(value):
            found += _record_lists(inner, path + (index,))
    return found


def _ids_in(value: Any, into: set[str]) -> set[str]:
    if isinstance(value, dict):
        if isinstance(value.get("id"), str):
            into.add(value["id"])
        for inner in value.values():
            _ids_in(inner, into)
    elif isinstance(value, list):
        for inner in value:
            _ids_in(inner, into)
    return into


def _copy(value: Any, copied_ids: set[str], n: int, key: str | None = None) -> Any:
    """A deep copy of ``value`` as copy number ``n`` (2, 3, ...)."""
    if isinstance(value, dict):
        return {k: _copy(v, copied_ids, n, k) for k, v in value.items()}
    if isinstance(value, list):
        return [_copy(v, copied_ids, n, key) for v in value]
    if isinstance(value, str):
        if value in copied_ids:
            return f"{value}-x{n}"
        if key in RENAMED_TEXT and value not in GAPS:
            return f"{value} ({n})"
    return value


def _get(value: Any, path: tuple) -> Any:
    for part in path:
        value = value[part]
    return value


def _scale_typed_counts(holder: Any, list_name: Any, originals: int, factor: int) -> None:
    """A summary beside a scaled list that counts it ("three strategic goals") says the scaled
    number, as an editor would write it, so that the check of typed counts still passes."""
    summary = holder.get("summary") if isinstance(holder, dict) else None
    if not isinstance(summary, str) or not isinstance(list_name, str):
        return
    for words, _name, said in typed_counts(summary, {list_name.lower(): originals}):
        _, rest = words.split(" ", 1)
        summary = summary.replace(words, f"{said * factor} {rest}", 1)
    holder["summary"] = summary


def scale_data(src: Path, dst: Path, factor: int) -> dict[str, int]:
    """Write ``src``'s data files to ``dst`` with every record list scaled ``factor`` times.
    Returns the number of records (dicts with an id) per dataset written."""
    src, dst = Path(src), Path(dst)
    dst.mkdir(parents=True, exist_ok=True)
    loaded = {}
    for path in sorted(src.glob("*.yaml")):
        loaded[path.stem] = (path, load_yaml_file(path, path.name))
    # Every id that gets copies, across all datasets, so references between copies line up.
    copied_ids: set[str] = set()
    lists: dict[str, list[tuple]] = {}
    for dataset, (_, file) in loaded.items():
        lists[dataset] = [] if dataset in NOT_SCALED else _record_lists(file.value)
        for list_path in lists[dataset]:
            _ids_in(_get(file.value, list_path), copied_ids)
    counts: dict[str, int] = {}
    for dataset, (path, file) in loaded.items():
        value = file.value
        for list_path in lists[dataset]:
            records = _get(value, list_path)
            originals = list(records)
            for n in range(2, factor + 1):
                records.extend(_copy(record, copied_ids, n) for record in originals)
            _scale_typed_counts(_get(value, list_path[:-1]), list_path[-1], len(originals), factor)
        header = path.read_text(encoding="utf-8").splitlines()[0]
        body = yaml.dump(value, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=100)
        (dst / path.name).write_text(header + "\n" + body, encoding="utf-8")
        counts[dataset] = len(_ids_in(value, set()))
    return counts


_Dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


if __name__ == "__main__":
    if len(sys.argv) != 4:
        sys.exit("usage: python -m bench.synthetic SRC_DATA_DIR DST_DATA_DIR FACTOR")
    counts = scale_data(Path(sys.argv[1]), Path(sys.argv[2]), int(sys.argv[3]))
    print(f"{sum(counts.values())} records written to {sys.argv[2]}")
