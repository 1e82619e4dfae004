"""The cache of data files already read: the same answer as reading afresh, never a stale
one, never a failure of its own, and never a way for someone else to choose what the build
reads or runs."""
from __future__ import annotations

import logging
import marshal
import os
import stat
from pathlib import Path

import pytest
from jinja2 import DictLoader, Environment, FileSystemBytecodeCache
from jinja2.bccache import Bucket

from plansite.read import disk_cache
from plansite.read.loading import load_yaml_file
from plansite.read.problems import ProblemsFound

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


ANSWERS = []


def watching_the_cache(monkeypatch):
    """Note what each cache look-up answered (None: a miss, so the file is read afresh)."""
    real = disk_cache.get

    def noted(entry_key):
        answer = real(entry_key)
        ANSWERS.append(answer)
        return answer

    monkeypatch.setattr(disk_cache, "get", noted)
    ANSWERS.clear()


def no_parsing(monkeypatch):
    """What is read next must come from the cache (checked by ``from_cache``)."""
    watching_the_cache(monkeypatch)


def from_cache() -> bool:
    return bool(ANSWERS) and all(answer is not None for answer in ANSWERS)


def read_afresh() -> bool:
    return bool(ANSWERS) and all(answer is None for answer in ANSWERS)


def test_second_read_comes_from_the_cache_with_the_same_values_and_lines(tmp_path, cache, monkeypatch):
    path = data_file(tmp_path)
    first = load_yaml_file(path, "data/people.yaml")
    assert len(list(cache.glob("*.marshal"))) == 1
    no_parsing(monkeypatch)
    second = load_yaml_file(path, "data/people.yaml")
    assert from_cache()
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
    assert from_cache()


def test_a_build_keeps_compiled_templates_for_the_next(built_site):
    import os
    from pathlib import Path

    kept = list((Path(os.environ["PLANSITE_CACHE_DIR"]) / "jinja").glob("*.cache"))
    # The theme's templates (33 for a page of the fixture site). The generator's own are
    # compiled ahead (render/templates_compiled) and are cached here only when those are stale,
    # so the count depends on which tests ran first: the floor is the theme's alone.
    assert len(kept) > 25, kept


# --- The cache cannot be turned against the build ------------------------------------------

def sealed_entry(cache: Path, entry_key: str, payload: bytes) -> bytes:
    """What the cache's own code would write for ``payload`` (someone holding the key)."""
    secret = (cache / "key").read_bytes()
    return disk_cache._SEAL + disk_cache._mac(secret, entry_key, payload) + payload


def test_the_folder_and_its_key_are_private(tmp_path, cache):
    load_yaml_file(data_file(tmp_path), "data/people.yaml")
    assert stat.S_IMODE(cache.stat().st_mode) == 0o700
    assert stat.S_IMODE((cache / "key").stat().st_mode) == 0o600
    (entry,) = cache.glob("*.marshal")
    assert stat.S_IMODE(entry.stat().st_mode) == 0o600


def test_a_wrong_shaped_entry_is_ignored_and_rebuilt(tmp_path, cache, monkeypatch):
    path = data_file(tmp_path)
    expected = load_yaml_file(path, "data/people.yaml")
    (entry,) = cache.glob("*.marshal")
    entry_key = entry.name.removesuffix(".marshal")
    # Correctly sealed, so only the shape check stands between it and a traceback later on.
    for wrong in [("values", "lines"), (entry_key, {"people": []}, [0, 1, 2, 3, 4, 5, 6, 7]),
                  (entry_key, expected.value, ["1"] * 14), ("another-key", expected.value, list(range(14)))]:
        entry.write_bytes(sealed_entry(cache, entry_key, marshal.dumps(wrong)))
        watching_the_cache(monkeypatch)
        again = load_yaml_file(path, "data/people.yaml")
        assert read_afresh(), wrong
        assert again.value == expected.value
        assert again.line_of(("people", 1, "roles", 1)) == 6
    # Rebuilt: the next reading comes from the cache again.
    no_parsing(monkeypatch)
    assert load_yaml_file(path, "data/people.yaml").value == expected.value
    assert from_cache()


def test_an_edited_entry_is_ignored_not_published(tmp_path, cache, monkeypatch):
    path = data_file(tmp_path)
    load_yaml_file(path, "data/people.yaml")
    (entry,) = cache.glob("*.marshal")
    blob = entry.read_bytes()
    edited = blob.replace(b"\x01A", b"\x01Z", 1)
    # The edit is a real one: unchecked, the payload would now say 'Z'.
    assert marshal.loads(edited[len(disk_cache._SEAL) + 32:])[1]["people"][0]["name"] == "Z"
    entry.write_bytes(edited)
    watching_the_cache(monkeypatch)
    assert load_yaml_file(path, "data/people.yaml").value["people"][0]["name"] == "A"
    assert read_afresh()
    assert entry.read_bytes() == blob  # rebuilt with a good seal


def test_an_entry_copied_from_another_file_is_ignored(tmp_path, cache):
    first = data_file(tmp_path)
    load_yaml_file(first, "data/people.yaml")
    (first_entry,) = cache.glob("*.marshal")
    other = tmp_path / "other.yaml"
    other.write_text(TEXT.replace("name: A", "name: Other"), encoding="utf-8")
    load_yaml_file(other, "data/people.yaml")
    (second_entry,) = set(cache.glob("*.marshal")) - {first_entry}
    second_entry.write_bytes(first_entry.read_bytes())
    assert load_yaml_file(other, "data/people.yaml").value["people"][0]["name"] == "Other"


def plant_other_answer(cache: Path) -> None:
    """Someone who can write the folder swaps in an answer of their own, sealed with the key."""
    (entry,) = cache.glob("*.marshal")
    entry_key = entry.name.removesuffix(".marshal")
    _, value, starts = marshal.loads(entry.read_bytes()[len(disk_cache._SEAL) + 32:])
    value["people"][0]["name"] = "Planted"
    entry.write_bytes(sealed_entry(cache, entry_key, marshal.dumps((entry_key, value, starts))))


def test_a_folder_others_may_write_is_not_used(tmp_path, cache, caplog):
    path = data_file(tmp_path)
    load_yaml_file(path, "data/people.yaml")
    plant_other_answer(cache)
    cache.chmod(0o777)
    with caplog.at_level(logging.WARNING, logger="plansite.cache"):
        for _ in range(2):
            assert load_yaml_file(path, "data/people.yaml").value["people"][0]["name"] == "A"
    assert caplog.messages == [
        f"The cache folder {cache} is not used: other users may write to it (chmod 700 {cache}, or delete it). "
        "Builds work without it, only slower."
    ]
    assert disk_cache.templates() is None


def test_a_folder_owned_by_someone_else_is_not_used(tmp_path, cache, caplog):
    if os.getuid() != 0:
        pytest.skip("only root can give a folder away")
    path = data_file(tmp_path)
    load_yaml_file(path, "data/people.yaml")
    plant_other_answer(cache)
    os.chown(cache, 65534, 65534)  # nobody
    with caplog.at_level(logging.WARNING, logger="plansite.cache"):
        assert load_yaml_file(path, "data/people.yaml").value["people"][0]["name"] == "A"
        assert disk_cache.templates() is None
    assert caplog.messages == [
        f"The cache folder {cache} is not used: it belongs to another user. Builds work without it, only slower."
    ]


def test_a_key_file_others_may_read_is_not_used(tmp_path, cache, caplog):
    path = data_file(tmp_path)
    load_yaml_file(path, "data/people.yaml")
    plant_other_answer(cache)
    (cache / "key").chmod(0o644)
    disk_cache._secrets.clear()  # as a new process would
    with caplog.at_level(logging.WARNING, logger="plansite.cache"):
        assert load_yaml_file(path, "data/people.yaml").value["people"][0]["name"] == "A"
    assert caplog.messages == [
        f"The cache folder {cache} is not used: its key file is not this user's own 0600 file of 32 bytes "
        "(delete the folder). Builds work without it, only slower."
    ]


TEMPLATES = {"page.html": "{{ 1 + 1 }}"}


def render_fresh(bytecode_cache) -> str:
    """A new environment each time, as a new build would make, so only the disk is shared."""
    env = Environment(loader=DictLoader(TEMPLATES), bytecode_cache=bytecode_cache)
    return env.get_template("page.html").render()


def tampered_bytecode(bucket_key: str, checksum: str) -> bytes:
    """Jinja bytecode that claims to be page.html (right key and checksum) but is other code."""
    env = Environment()
    bucket = Bucket(env, bucket_key, checksum)
    bucket.code = compile(env.compile("EVIL", raw=True), "page.html", "exec")
    return bucket.bytecode_to_string()


def test_a_tampered_compiled_template_is_never_run(cache):
    assert render_fresh(disk_cache.templates()) == "2"
    (entry,) = (cache / "jinja").glob("*.cache")
    bucket_key = entry.name.removesuffix(".cache")
    checksum = FileSystemBytecodeCache().get_source_checksum(TEMPLATES["page.html"])
    evil = tampered_bytecode(bucket_key, checksum)
    # The attack is real: Jinja's own cache would run it.
    plain = cache / "plain"
    plain.mkdir()
    (plain / f"__jinja2_{bucket_key}.cache").write_bytes(evil)
    assert render_fresh(FileSystemBytecodeCache(str(plain))) == "EVIL"
    # Ours ignores it, unsealed or with a forged seal, and compiles afresh.
    for forged in (evil, disk_cache._SEAL + b"\0" * 32 + evil):
        entry.write_bytes(forged)
        assert render_fresh(disk_cache.templates()) == "2"
        assert entry.read_bytes() != forged
