"""The browser editor's configuration is generated from the models: one entry per data file of
every site, references as relations to the file that holds them, enums as selects, plan dates as
strings in the data's own formats, and the committed copy is never stale."""
from __future__ import annotations

import re
from pathlib import Path

import yaml

from plansite.checks.references import REGISTRIES
from plansite.outputs.editor_config import CONFIG_PATH, config_text, editor_config

ROOT = Path(__file__).resolve().parents[1]
SITES = [("data", "docs"), ("examples/bsw/data", "examples/bsw/docs"), ("examples/cambridgeshire-peterborough/data", "examples/cambridgeshire-peterborough/docs")]


def _walk(fields, path=()):
    for field in fields:
        yield path + (field["name"],), field
        yield from _walk(field.get("fields", []), path + (field["name"],))
        if "field" in field:
            yield from _walk([field["field"]], path + (field["name"],))


def _data_files(config):
    return {entry["file"]: entry for entry in config["collections"][0]["files"]}


def test_committed_config_is_fresh():
    assert CONFIG_PATH.read_text(encoding="utf-8") == config_text(), "schemas/editor/config.yml is stale: run make schemas"


def test_every_data_file_of_every_site_has_an_entry():
    for data_dir, docs_dir in SITES:
        files = _data_files(editor_config(data_dir, docs_dir))
        on_disk = sorted(p.relative_to(ROOT).as_posix() for p in (ROOT / data_dir).glob("*.yaml"))
        assert on_disk, data_dir
        missing = [f for f in on_disk if f not in files]
        assert not missing, missing


def test_references_are_relations_to_the_right_file():
    entries = _data_files(editor_config())
    relations = [(entry["name"], path, f) for entry in entries.values() for path, f in _walk(entry["fields"]) if f["widget"] == "relation"]
    assert relations
    by_file = {dataset: list_field for dataset, list_field, _, _ in REGISTRIES.values()}
    for dataset, path, field in relations:
        assert field["file"] in by_file, (dataset, path)
        list_field = by_file[field["file"]]
        assert field["value_field"] == f"{list_field}.*.id", (dataset, path)
        assert field["display_fields"][0] != field["value_field"], "choices show names, not ids"
    people = dict((path, f) for path, f in _walk(entries["data/programmes.yaml"]["fields"]))
    assert any(f.get("file") == "people" for f in people.values())


def test_enums_are_selects_and_dates_keep_their_formats():
    fields = [f for entry in _data_files(editor_config()).values() for _, f in _walk(entry["fields"])]
    visibility = [f for f in fields if f["name"] == "visibility"]
    assert visibility and all(f["widget"] == "select" and "private" in f["options"] for f in visibility)
    dates = [f for f in fields if f["name"] == "review_by"]
    assert dates
    for field in dates:
        assert field["widget"] == "string"  # never a datetime widget: it would rewrite 2019-03 as a timestamp
        pattern = re.compile(field["pattern"][0])
        assert pattern.match("2019-03") and pattern.match("2019-03-31")
        assert not pattern.match("3rd March 2019")
    assert not [f for f in fields if f["widget"] in ("datetime", "date")]


def test_pages_and_board_updates_are_folder_collections_with_front_matter():
    collections = {c["name"]: c for c in editor_config()["collections"]}
    assert collections["pages"]["folder"] == "docs" and collections["updates"]["folder"] == "docs/updates"
    names = {f["name"] for f in collections["pages"]["fields"]}
    assert {"title", "owner", "review_by", "visibility", "date", "body"} <= names, names
    assert yaml.safe_load(CONFIG_PATH.read_text())["collections"]


def test_config_validates_against_sveltias_published_schema():
    import json

    import jsonschema

    from plansite.outputs.editor_page import ASSETS

    schema = json.loads((ASSETS / "sveltia-cms.schema.json").read_text(encoding="utf-8"))
    validator = jsonschema.validators.validator_for(schema)(schema)
    for data_dir, docs_dir in SITES:
        errors = [f"{list(e.path)}: {e.message[:200]}" for e in validator.iter_errors(editor_config(data_dir, docs_dir))]
        assert errors == [], errors
    broken = editor_config()
    broken["publish_mode"] = "sideways"  # (it allows any widget name: custom widgets exist)
    assert list(validator.iter_errors(broken)), "the schema must be able to refuse a config"
