"""One description per dataset (macros/plansite/models/registry.py): every registered dataset has what the
renderer, open data, board pack and schema generator need, and a new dataset is one model,
one template and one registration."""
from __future__ import annotations

import json

import pytest

from conftest import ROOT, build_in_process, copy_site
from plansite.models import registry
from plansite.models.common import DatasetFile, Gap, Record, Text
from plansite.render.renderer import TEMPLATE_DIR

@pytest.mark.parametrize("name", list(registry.DATASETS))
def test_every_dataset_has_what_the_generator_needs(name):
    dataset = registry.DATASETS[name]
    assert dataset.name == name and registry.BY_MODEL[dataset.model] is dataset
    assert issubclass(dataset.model, DatasetFile), "a data file names its owner and review date"
    templates = dataset.template_dir or TEMPLATE_DIR
    assert (templates / dataset.template).is_file(), f"the renderer needs {dataset.template}"
    for cls, template in dataset.record_templates.items():
        assert (templates / template).is_file(), template
        assert issubclass(cls, Record), cls
    if dataset.records is not None and not dataset.record_templates:
        assert (templates / f"{name}_record.html").is_file(), f"show({name!r}, id) needs {name}_record.html"
    assert dataset.title and dataset.page.endswith(".md")
    assert (ROOT / "schemas" / f"{name}.schema.json").is_file(), "make schemas writes one per dataset"
    for cls in [*dataset.id_kinds, *dataset.tracked]:
        assert issubclass(cls, Record), cls
    assert set(dataset.tracked.values()) <= {"action", "milestone"}


def test_names_and_models_are_unique():
    with pytest.raises(ValueError, match="registered already"):
        registry.register(registry.DATASETS["people"])


class Recipe(Record):
    title: Text
    serves: Text | Gap


class CookbookFile(DatasetFile):
    recipes: list[Recipe]


TOY_TEMPLATE = """{% import "components.html" as c %}
{% for r in data.recipes %}
{{ origin(r) }}
{% filter heading(2, r.id) %}{{ r.title | explain }}{% endfilter %}
{{ c.facts([("Serves", "number of servings", r.serves, r.serves)]) }}
{{ c.source(r.source) }}
{% endfor %}
"""
TOY_DATA = """# yaml-language-server: $schema=../schemas/cookbook.schema.json
owner: Healthier Together Office
review_by: 2019-05-31
recipes:
  - id: pease-pudding
    title: Pease pudding for the Partnership Board
    serves: not in the source
    source: {document: board-update-2018-11, section: test}
"""


@pytest.fixture
def cookbook(tmp_path):
    templates = tmp_path / "templates"
    templates.mkdir()
    (templates / "cookbook.html").write_text(TOY_TEMPLATE, encoding="utf-8")
    registry.register(registry.Dataset("cookbook", CookbookFile, "Cookbook", "cookbook.md", template_dir=templates))
    try:
        yield
    finally:
        registry.unregister("cookbook")


def test_a_new_dataset_is_one_model_one_template_and_one_registration(cookbook, tmp_path, monkeypatch):
    """Registered in this process, then built in it: the page, open data and board pack have it."""
    root = copy_site(tmp_path / "site-src")
    (root / "data" / "cookbook.yaml").write_text(TOY_DATA, encoding="utf-8")
    (root / "docs" / "cookbook.md").write_text(
        "---\nowner: Healthier Together Office\nreview_by: 2019-05-31\n---\n\n# Cookbook\n\n{{ show(\"cookbook\") }}\n", encoding="utf-8")
    config_text = (root / "mkdocs.yml").read_text(encoding="utf-8").replace("  - Glossary: glossary.md", "  - Glossary: glossary.md\n  - Cookbook: cookbook.md")
    (root / "mkdocs.yml").write_text(config_text, encoding="utf-8")
    site = tmp_path / "site"
    build_in_process(root, site, monkeypatch)
    page = (site / "cookbook" / "index.html").read_text(encoding="utf-8")
    assert "Pease pudding for the Partnership Board" in page
    assert "The sources do not give its number of servings." in page
    assert json.loads((site / "data" / "cookbook.json").read_text(encoding="utf-8"))["recipes"][0]["id"] == "pease-pudding"
    assert (site / "data" / "cookbook.csv").is_file()
    pack = (site / "board-pack" / "index.html").read_text(encoding="utf-8")
    assert 'id="pack-cookbook"' in pack and "Pease pudding" in pack
    from plansite.outputs.schemas import schema_text

    assert "recipes" in json.loads(schema_text("cookbook"))["properties"]
