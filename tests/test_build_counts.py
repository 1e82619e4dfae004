"""One strict build does each piece of work once: every data file read and validated once,
every generator template compiled at most once.

The build runs in this process (conftest's ``build_in_process``: ``load_config`` and
``build``, as ``mkdocs build --strict`` does) on a copy of the example site, with counters wrapped around the functions that do the work. A count above one means
a cache was missed or bypassed, which makes a large site's build slower for nothing.
"""
from __future__ import annotations

import collections
from pathlib import Path

import jinja2
import pytest

from conftest import build_in_process, copy_site


@pytest.fixture(scope="module")
def counted_build(tmp_path_factory):
    """Build a copy of the example site once for this module; return the counters."""
    with pytest.MonkeyPatch.context() as monkeypatch:
        return _counted_build(tmp_path_factory.mktemp("counted"), monkeypatch)


def _counted_build(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> dict:
    import plansite.checks.site_data
    import plansite.read.loading
    import plansite.checks.references
    from plansite.render.renderer import TEMPLATE_DIR
    counts = {
        "yaml": collections.Counter(),  # data file → times its YAML was parsed
        "validate": collections.Counter(),  # dataset → times validated against its model
        "references": collections.Counter(),  # cross-reference checks, by data folder
        "compile": collections.Counter(),  # generator template → times compiled
        "renderers": 0,  # Jinja environments made for the generator's templates
    }

    real_load_yaml = plansite.read.loading.load_yaml_file

    def load_yaml_file(path, display_name):
        counts["yaml"][Path(path).name] += 1
        return real_load_yaml(path, display_name)

    real_load_dataset = plansite.checks.site_data.load_dataset_file

    def load_dataset_file(dataset, model, path, display, *read):
        counts["validate"][dataset] += 1
        return real_load_dataset(dataset, model, path, display, *read)

    real_check = plansite.checks.references.check_references

    def check_references(site, locations=None):
        counts["references"][site.display_dir] += 1
        return real_check(site, locations)

    real_compile = jinja2.Environment.compile
    template_dir = str(TEMPLATE_DIR)

    def compile(self, source, name=None, filename=None, *args, **kwargs):
        if filename and str(filename).startswith(template_dir):
            counts["compile"][name] += 1
        return real_compile(self, source, name, filename, *args, **kwargs)

    real_init = jinja2.Environment.__init__

    def init(self, *args, **kwargs):
        real_init(self, *args, **kwargs)
        loader = getattr(self, "loader", None)
        if isinstance(loader, jinja2.FileSystemLoader) and template_dir in [str(Path(p).resolve()) for p in loader.searchpath]:
            counts["renderers"] += 1

    monkeypatch.setattr(plansite.read.loading, "load_yaml_file", load_yaml_file)
    monkeypatch.setattr(plansite.checks.site_data, "load_yaml_file", load_yaml_file)
    monkeypatch.setattr(plansite.checks.site_data, "load_dataset_file", load_dataset_file)
    monkeypatch.setattr(plansite.checks.references, "check_references", check_references)
    monkeypatch.setattr(jinja2.Environment, "compile", compile)
    monkeypatch.setattr(jinja2.Environment, "__init__", init)
    # The templates from their files, not compiled ahead (tests/test_template_loading.py):
    # what an edited template costs.
    import plansite.render.renderer
    monkeypatch.setattr(plansite.render.renderer, "compiled_loader", lambda: None)
    # Counts the work itself: the build runs with the disk cache off (with it, a second build
    # compiles nothing at all) and without the board pack PDF (it reads no data).
    root = copy_site(tmp_path / "site-src")
    build_in_process(root, tmp_path / "site", monkeypatch)
    assert (tmp_path / "site" / "index.html").is_file()
    counts["data_files"] = sorted(p.name for p in (root / "data").glob("*.yaml"))
    return counts


def test_each_data_file_is_read_and_validated_once(counted_build):
    data_files = counted_build["data_files"]
    assert data_files, "the example site has data files"
    assert dict(counted_build["yaml"]) == {name: 1 for name in data_files}
    assert dict(counted_build["validate"]) == {name.removesuffix(".yaml"): 1 for name in data_files}
    # Once for all the data; at most once more for the published view (when records are held back).
    assert sum(counted_build["references"].values()) <= 2, counted_build["references"]


def test_each_generator_template_is_compiled_at_most_once(counted_build):
    compiled = counted_build["compile"]
    assert compiled, "the build rendered the generator's templates"
    repeated = {name: n for name, n in compiled.items() if n > 1}
    assert repeated == {}, f"compiled more than once in one build: {repeated}"
    assert counted_build["renderers"] == 1
