"""Marks of pages that passed their check (macros/plansite/read/disk_cache.py): the folder is kept small
although its entries are counted only once per process."""
from __future__ import annotations

from plansite.read import disk_cache


def test_marks_are_pruned_to_the_newest_once_the_folder_holds_twice_as_many(tmp_path, monkeypatch):
    monkeypatch.setenv("PLANSITE_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setattr(disk_cache, "KEEP_MARKS", 3)
    monkeypatch.setattr(disk_cache, "_mark_counts", {})
    marks = tmp_path / "cache" / "checked"
    for number in range(6):
        disk_cache.mark(f"page-{number}")
    assert len(list(marks.iterdir())) == 6  # not more than twice KEEP_MARKS yet
    disk_cache.mark("page-6")
    assert len(list(marks.iterdir())) == 3
    assert disk_cache.is_marked("page-6")
    for number in range(7, 10):
        disk_cache.mark(f"page-{number}")
    assert len(list(marks.iterdir())) == 6  # counted on from the pruned folder
    disk_cache.mark("page-10")
    assert len(list(marks.iterdir())) == 3
    assert disk_cache.is_marked("page-10")
