"""The cache of data files already read: the same answer as reading afresh, never a stale
one, and never a failure of its own."""
from __future__ import annotations

import pytest

import macros.loading as loading
from macros import disk_cache
from macros.loading import load_yaml_file
from macros.problems import ProblemsFound

HEADER = "# yaml-language-server: $schema=../schemas/people.schema.json\n"
TEXT = HEADER + "people:\n  - id: a\n    name: A\n  - id: b\n    roles: [x, y]\n"


@pytest.fixture
def cache(tmp_path, monkeypatch):
    folder = tmp_path / "cache"
    monkeypatch.setenv("PLANSITE_CACHE_DIR", str(folder))
    return folder


def data_file(tmp_path, text: str = TEXT):
    path = tmp_path / "people.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def no_parsing(monkeypatch):
    """Make any YAML parsing fail the test: what is read must come from the cache."""
    def refuse(*args, **kwargs):
        raise AssertionError("the file was parsed again")

    monkeypatch.setattr(loading, "_FastPlainLoader", refuse)
    monkeypatch.setattr(loading, "_PlainLoader", refuse)


def test_second_read_comes_from_the_cache_with_the_same_values_and_lines(tmp_path, cache, monkeypatch):
    path = data_file(tmp_path)
    first = load_yaml_file(path, "data/people.yaml")
    assert len(list(cache.glob("*.marshal"))) == 1
    no_parsing(monkeypatch)
    second = load_yaml_file(path, "data/people.yaml")
    assert second.value == first.value
    assert second.lines == first.lines
    assert second.line_of(("people", 1, "roles", 1)) == 6
    assert second.schema_ref == "../schemas/people.schema.json"


def test_an_edited_file_is_read_afresh(tmp_path, cache):
    path = data_file(tmp_path)
    load_yaml_file(path, "data/people.yaml")
    path.write_text(TEXT.replace("name: A", "name: Changed"), encoding="utf-8")
    assert load_yaml_file(path, "data/people.yaml").value["people"][0]["name"] == "Changed"


def test_a_file_with_problems_is_never_stored(tmp_path, cache):
    path = data_file(tmp_path, HEADER + "a: 1\na: 2\n")
    for _ in range(2):
        with pytest.raises(ProblemsFound) as caught:
            load_yaml_file(path, "data/people.yaml")
        assert "duplicate field 'a'" in str(caught.value.problems[0])
    assert not list(cache.glob("*.marshal"))


def test_a_damaged_entry_means_reading_afresh(tmp_path, cache):
    path = data_file(tmp_path)
    expected = load_yaml_file(path, "data/people.yaml").value
    (entry,) = cache.glob("*.marshal")
    entry.write_bytes(b"\x00not marshal")
    assert load_yaml_file(path, "data/people.yaml").value == expected


def test_a_folder_that_cannot_be_written_changes_nothing(tmp_path, monkeypatch):
    blocker = tmp_path / "a-file"
    blocker.write_text("in the way", encoding="utf-8")
    monkeypatch.setenv("PLANSITE_CACHE_DIR", str(blocker / "cache"))
    path = data_file(tmp_path)
    assert load_yaml_file(path, "data/people.yaml").value["people"][1]["roles"] == ["x", "y"]


def test_off_stores_nothing(tmp_path, monkeypatch):
    monkeypatch.setenv("PLANSITE_CACHE_DIR", "off")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    load_yaml_file(data_file(tmp_path), "data/people.yaml")
    assert not (tmp_path / "xdg").exists()
    assert disk_cache.folder() is None


def test_default_folder_follows_xdg(tmp_path, monkeypatch):
    monkeypatch.delenv("PLANSITE_CACHE_DIR", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    load_yaml_file(data_file(tmp_path), "data/people.yaml")
    assert len(list((tmp_path / "xdg" / "plansite").glob("*.marshal"))) == 1


def test_only_the_newest_entries_are_kept(tmp_path, cache, monkeypatch):
    monkeypatch.setattr(disk_cache, "KEEP", 3)
    path = data_file(tmp_path)
    for n in range(5):
        path.write_text(TEXT.replace("name: A", f"name: A{n}"), encoding="utf-8")
        load_yaml_file(path, "data/people.yaml")
    assert len(list(cache.glob("*.marshal"))) == 3
    no_parsing(monkeypatch)
    assert load_yaml_file(path, "data/people.yaml").value["people"][0]["name"] == "A4"


def test_a_build_keeps_compiled_templates_for_the_next(built_site):
    import os
    from pathlib import Path

    kept = list((Path(os.environ["PLANSITE_CACHE_DIR"]) / "jinja").glob("*.cache"))
    # The generator's own templates and the theme's.
    assert len(kept) > 40, kept
