"""Data, code and docs agree: schemas current, data files name them, the writers' guide is true."""
from __future__ import annotations

import re

from conftest import FIXTURE, ROOT
from plansite.checks.site_data import DATASETS, schema_file_name
from plansite.outputs.schemas import schema_text

GUIDE = (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")


def test_committed_schemas_are_current():
    stale = [
        name for name in DATASETS
        if (ROOT / "schemas" / schema_file_name(name)).read_text(encoding="utf-8") != schema_text(name)
    ]
    assert not stale, f"schemas out of date for {stale}: run 'make schemas' and commit the result"


def test_no_stray_schema_files():
    expected = {schema_file_name(name) for name in DATASETS}
    assert {p.name for p in (ROOT / "schemas").glob("*.json")} == expected


def test_every_data_file_names_its_schema_on_line_one():
    files = [*(FIXTURE / "data").glob("*.yaml"), *(ROOT / "examples").glob("*/data/*.yaml")]
    assert len(files) >= 12
    for path in files:
        first = path.read_text(encoding="utf-8").splitlines()[0]
        prefix = "# yaml-language-server: $schema="
        assert first.startswith(prefix), path
        target = (path.parent / first[len(prefix):]).resolve()
        assert target == ROOT / "schemas" / schema_file_name(path.stem), path


def registered_macros() -> set[str]:
    """The macros define_env really registers, found by running it on a stand-in env."""
    import plansite

    class Env:
        conf = {"config_file_path": str(FIXTURE / "mkdocs.yml"), "extra": {}, "use_directory_urls": True}
        variables: dict = {}
        registered: set = set()

        def macro(self, fn):
            self.registered.add(fn.__name__)
            return fn

    env = Env()
    plansite.define_env(env)
    return env.registered


def test_every_macro_in_the_guide_exists_and_every_macro_is_in_the_guide():
    named = set(re.findall(r"\{\{\s*([a-z_]+)\(", GUIDE))
    registered = registered_macros()
    assert named, "the guide shows no macro calls"
    assert named <= registered, f"the guide names macros that do not exist: {named - registered}"
    assert registered <= named, f"macros missing from the guide: {registered - named}"


def test_every_dataset_in_the_guide_exists_and_every_dataset_is_in_the_guide():
    named = set(re.findall(r"`data/([a-z_]+)\.yaml`", GUIDE))
    assert named == set(DATASETS), f"guide names {named ^ set(DATASETS)} wrongly"
    shown = set(re.findall(r"show\(\"([a-z_]+)\"", GUIDE))
    assert shown <= set(DATASETS), f"the guide calls show() with unknown datasets {shown - set(DATASETS)}"


def test_every_page_macro_call_uses_a_known_dataset():
    for page in [*(FIXTURE / "docs").rglob("*.md"), *(ROOT / "examples").glob("*/docs/**/*.md")]:
        for dataset in re.findall(r"show\(\s*[\"']([a-z_]+)[\"']", page.read_text(encoding="utf-8")):
            assert dataset in DATASETS, f"{page}: unknown dataset {dataset}"


def test_every_example_call_in_the_guide_renders(site_data):
    """The guide's examples are real: each show(...) call in it renders from the real data of
    whichever site has that dataset (the main site's data/, or an example's examples/*/data)."""
    from plansite.checks.site_data import load_site_data
    from plansite.render.renderer import MacroUsageError, Renderer

    renderers = [Renderer(site_data)] + [
        Renderer(load_site_data(data)) for data in sorted((ROOT / "examples").glob("*/data"))
    ]
    calls = re.findall(r"\{\{ show\(\"([a-z_]+)\"(?:, \"([a-z0-9-]+)\")?\) \}\}", GUIDE)
    assert len(calls) >= 7
    for dataset, ident in calls:
        sites = [r for r in renderers if dataset in r.site.models]
        assert sites, f"no site has data/{dataset}.yaml for the guide's example {dataset!r}"
        rendered = []
        for renderer in sites:
            try:
                rendered.append(renderer.show(dataset, ident or None))
            except MacroUsageError:
                continue  # that site has the dataset, but not this id
        assert rendered, f"no site has the record {ident!r} of {dataset!r}"
        assert "<!-- from data/" in rendered[0], (dataset, ident)
