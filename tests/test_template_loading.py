"""The generator's templates compiled ahead (as a wheel ships them, and as the Makefile
makes them beside the sources) render exactly what the templates themselves render, and
are never used once a template differs from what they were compiled from."""
from __future__ import annotations

import shutil

import jinja2
import pytest

from conftest import FIXTURE
from plansite.checks.site_data import load_site_data
from plansite.render import renderer as renderer_module
from plansite.render import template_loading
from plansite.render.template_loading import TEMPLATE_DIR, compile_templates, compiled_loader


def _every_dataset(renderer) -> dict[str, str]:
    return {name: renderer.show(name, current_url="plan/") for name in renderer.site.models}


def test_compiled_templates_render_what_the_sources_render(tmp_path, monkeypatch):
    compiled_dir = tmp_path / "compiled"
    assert compile_templates(compiled_dir) == len(list(TEMPLATE_DIR.glob("*.html")))
    site = load_site_data(FIXTURE / "data")

    compiles = []
    real_compile = jinja2.Environment.compile

    def counting_compile(self, source, name=None, filename=None, *args, **kwargs):
        if filename and str(filename).startswith(str(TEMPLATE_DIR)):
            compiles.append(name)
        return real_compile(self, source, name, filename, *args, **kwargs)

    monkeypatch.setattr(jinja2.Environment, "compile", counting_compile)
    monkeypatch.setattr(renderer_module, "compiled_loader", lambda: compiled_loader(TEMPLATE_DIR, compiled_dir))
    ahead = _every_dataset(renderer_module.Renderer(site))
    assert compiles == []  # nothing parsed: every template came compiled

    monkeypatch.setattr(renderer_module, "compiled_loader", lambda: None)
    monkeypatch.setattr(renderer_module.disk_cache, "templates", lambda: None)
    from_sources = _every_dataset(renderer_module.Renderer(site))
    assert compiles  # this time they were parsed from their files
    assert ahead == from_sources
    assert all(ahead.values())


def test_a_changed_template_is_read_from_its_file(tmp_path):
    sources = tmp_path / "templates"
    shutil.copytree(TEMPLATE_DIR, sources)
    compiled_dir = tmp_path / "compiled"
    compile_templates(compiled_dir, sources)
    assert isinstance(compiled_loader(sources, compiled_dir), jinja2.ModuleLoader)

    people = sources / "people.html"
    people.write_text(people.read_text(encoding="utf-8") + "\n{# edited #}\n", encoding="utf-8")
    assert compiled_loader(sources, compiled_dir) is None  # stale: the sources are used
    (sources / "new.html").write_text("new\n", encoding="utf-8")
    compile_templates(compiled_dir, sources)
    loader = compiled_loader(sources, compiled_dir)
    assert loader is not None
    env = jinja2.Environment(loader=loader, **template_loading.OPTIONS)
    assert env.get_template("new.html").render() == "new\n"
    (sources / "new.html").unlink()
    assert compiled_loader(sources, compiled_dir) is None  # a template removed: stale too


def test_no_compiled_templates_means_the_sources(tmp_path):
    assert compiled_loader(TEMPLATE_DIR, tmp_path / "absent") is None
    (tmp_path / "bad").mkdir()
    (tmp_path / "bad" / template_loading.SOURCES).write_text("{not json", encoding="utf-8")
    assert compiled_loader(TEMPLATE_DIR, tmp_path / "bad") is None


@pytest.mark.parametrize("name", template_loading.FILTERS)
def test_the_compiler_knows_every_filter_the_renderer_gives(name):
    site = load_site_data(FIXTURE / "data")
    assert set(renderer_module.Renderer(site).env.filters) >= set(template_loading.FILTERS)
    assert name in renderer_module.Renderer(site).env.filters
