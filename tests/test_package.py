"""The generator as the installable package ``plansite`` (issue 20): a site names it once, as a
plugin whose options are checked; every page and build.json names the generator's version;
a wheel built from the checkout builds a site in a fresh environment that knows nothing of it."""
from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import venv
from pathlib import Path

import pytest

from conftest import ENV, FIXTURE, ROOT, build_site, copy_site
from plansite.generator import VERSION


def _set_options(site: Path, options: str) -> None:
    """The fixture site's plansite options replaced by ``options`` (YAML lines under it)."""
    config = site / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    start = text.index("  - plansite:\n")
    end = text.index("\nnav:")
    config.write_text(text[:start] + "  - plansite:\n" + options + text[end:], encoding="utf-8")


def _errors(output: str) -> list[str]:
    return [line for line in output.splitlines() if line.startswith(("ERROR", "Error", "Aborted"))]


@pytest.mark.parametrize("options, option, message", [
    ("      data_dri: data\n", "data_dri", "'data_dri' is not an option of the plansite plugin; did you mean 'data_dir'?"),
    ("      release: 2019\n", "release", "plansite option 'release' must be a version name in quotes, e.g. \"2019-03\", not 2019"),
    ("      media_hosts: images.example.org\n", "media_hosts",
     "plansite option 'media_hosts' must be a list of host names such as images.example.org, not 'images.example.org'"),
])
def test_a_misspelt_or_wrongly_typed_option_stops_the_build_in_one_line(site_copy, options, option, message):
    _set_options(site_copy, options)
    result = build_site(site_copy)
    assert not result.ok
    assert "Traceback" not in result.output
    assert sorted(_errors(result.output)) == [
        "Aborted with a configuration error!",
        f"ERROR   -  Config value 'plugins': Plugin 'plansite' option '{option}': mkdocs.yml: {message}",
    ], result.output


def test_an_option_left_under_extra_says_where_it_goes_now(site_copy):
    config = site_copy / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8") + "\nextra:\n  data_dir: data\n", encoding="utf-8")
    result = build_site(site_copy)
    assert not result.ok
    moved = ("mkdocs.yml: extra.data_dir is now an option of the plansite plugin: move it under 'plugins:', "
             "as '- plansite:' then '    data_dir: ...'")
    assert any(line.endswith(moved) for line in _errors(result.output)), result.output
    assert "Traceback" not in result.output


def test_every_page_names_the_generator_and_its_version(built_site):
    pages = list(built_site.site_dir.rglob("*.html"))
    assert len(pages) > 60
    for page in pages:
        meta = re.search(r'<meta name="generator" content="([^"]*)"', page.read_text(encoding="utf-8"))
        assert meta and f"plansite {VERSION}" in meta.group(1), page


def test_the_version_is_the_installed_distributions():
    from importlib.metadata import version

    assert version("plansite") == VERSION


def test_no_path_file_points_at_the_checkout_but_the_editable_install():
    """The Makefile writes no .pth of its own; the one setuptools writes for the editable
    install names macros/, the package's folder, and nothing else."""
    import site

    found = {p.name: p.read_text(encoding="utf-8") for folder in site.getsitepackages() for p in Path(folder).glob("*.pth")
             if str(ROOT) in p.read_text(encoding="utf-8")}
    assert list(found) == ["__editable__.plansite-" + VERSION + ".pth"], found
    assert found[next(iter(found))].strip() == str(ROOT / "macros")


@pytest.fixture(scope="module")
def installed_wheel(tmp_path_factory):
    """The wheel built from a clean checkout, installed with the pinned dependencies into a
    fresh virtual environment outside the repository."""
    base = tmp_path_factory.mktemp("wheel")
    checkout = base / "checkout"  # what the wheel is built from, copied so the build leaves nothing here
    checkout.mkdir()
    for name in ("pyproject.toml", "setup.py", "README.md"):
        shutil.copy(ROOT / name, checkout / name)
    # As a clean checkout has it: no caches, no templates compiled by the Makefile.
    shutil.copytree(ROOT / "macros", checkout / "macros", ignore=shutil.ignore_patterns("__pycache__", "templates_compiled"))
    wheels = base / "wheels"
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--no-build-isolation",
                    "-w", str(wheels), str(checkout)], check=True, env=ENV, timeout=600)
    wheel = next(wheels.glob("plansite-*.whl"))
    environment = base / "env"
    venv.create(environment, with_pip=True)
    python = environment / "bin" / "python"
    pip = [str(python), "-m", "pip", "install", "--quiet", "--disable-pip-version-check"]
    subprocess.run([*pip, "--require-hashes", "-r", str(ROOT / "requirements.txt")], check=True, env=ENV, timeout=1200)
    subprocess.run([*pip, "--no-deps", str(wheel)], check=True, env=ENV, timeout=600)
    shutil.rmtree(checkout)
    return environment, wheel


def test_the_wheel_holds_the_package_and_its_files(installed_wheel):
    import zipfile

    _, wheel = installed_wheel
    names = zipfile.ZipFile(wheel).namelist()
    assert "plansite/plugin.py" in names and "plansite/assets/plan.css" in names
    assert "plansite/overrides/main.html" in names and "plansite/checks/theme_scripts.txt" in names
    package = ROOT / "macros" / "plansite"  # every file the package's folders hold, but Python's caches
    shipped = {f"plansite/{p.relative_to(package).as_posix()}" for p in package.rglob("*")
               if p.is_file() and "__pycache__" not in p.parts and "templates_compiled" not in p.parts}
    assert shipped <= set(names), sorted(shipped - set(names))
    assert "plansite/new_site/github/workflows/publish.yml" in names and "plansite/new_site/data/people.yaml" in names
    assert any(n.startswith("plansite/render/templates/") and n.endswith(".html") for n in names)
    # The templates compiled when the wheel was built, one module each, with what they came from.
    templates = [n for n in names if n.startswith("plansite/render/templates/") and n.endswith(".html")]
    compiled = [n for n in names if n.startswith("plansite/render/templates_compiled/tmpl_") and n.endswith(".py")]
    assert len(compiled) == len(templates) and "plansite/render/templates_compiled/sources.json" in names
    assert [n for n in names if not n.startswith(("plansite/", f"plansite-{VERSION}.dist-info/"))] == []
    entry_points = zipfile.ZipFile(wheel).read(next(n for n in names if n.endswith("entry_points.txt"))).decode()
    assert "[mkdocs.plugins]\nplansite = plansite.plugin:PlansitePlugin" in entry_points


def test_a_site_builds_strictly_from_the_wheel_in_a_fresh_environment(installed_wheel, tmp_path):
    environment, _ = installed_wheel
    site = copy_site(tmp_path / "site")
    assert "INHERIT" not in (site / "mkdocs.yml").read_text(encoding="utf-8")
    clean = {k: v for k, v in ENV.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    where = subprocess.run([str(environment / "bin" / "python"), "-c", "import plansite; print(plansite.__file__)"],
                           cwd=tmp_path, capture_output=True, text=True, env=clean, check=True).stdout.strip()
    assert where.startswith(str(environment)), where
    uses = subprocess.run([str(environment / "bin" / "python"), "-c", "from plansite.render.template_loading import compiled_loader; "
                           "print(type(compiled_loader()).__name__)"], cwd=tmp_path, capture_output=True, text=True, env=clean, check=True)
    assert uses.stdout.strip() == "ModuleLoader"  # the build reads the templates compiled into the wheel
    built = subprocess.run([str(environment / "bin" / "mkdocs"), "build", "--strict", "-d", str(tmp_path / "out")],
                           cwd=site, capture_output=True, text=True, env=clean, timeout=600)
    assert built.returncode == 0, built.stdout + built.stderr
    home = (tmp_path / "out" / "index.html").read_text(encoding="utf-8")
    assert f"plansite {VERSION}\"" in home  # a wheel, not a checkout: no commit
    assert (tmp_path / "out" / "people" / "julia-ross" / "index.html").is_file()
    assert json.loads((tmp_path / "out" / "data" / "people.json").read_text(encoding="utf-8"))
    leaked = [p for p in (tmp_path / "out").rglob("*.html") if str(ROOT) in p.read_text(encoding="utf-8")]
    assert leaked == []
    for path in environment.rglob("*.pth"):
        assert str(ROOT) not in path.read_text(encoding="utf-8"), path


def test_plansite_new_then_check_build_and_publish_from_the_wheel(installed_wheel, tmp_path):
    """As a second partnership would start: the command from the wheel, a new site, its
    check, a strict build, and a publish to a bare repository standing for its GitHub."""
    environment, _ = installed_wheel
    clean = {k: v for k, v in ENV.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    clean.update(GIT_AUTHOR_NAME="t", GIT_AUTHOR_EMAIL="t@t", GIT_COMMITTER_NAME="t", GIT_COMMITTER_EMAIL="t@t")
    plansite = str(environment / "bin" / "plansite")

    def run(*args: str, cwd: Path) -> subprocess.CompletedProcess:
        return subprocess.run(args, cwd=cwd, capture_output=True, text=True, env=clean, timeout=900)

    made = run(plansite, "new", "site", "--name", "Test Partnership", cwd=tmp_path)
    assert made.returncode == 0, made.stderr
    site = tmp_path / "site"
    assert (site / ".github" / "workflows" / "publish.yml").is_file() and (site / ".gitignore").is_file()
    # The generator pinned, and each package it needs at the version it was made with.
    pins = [line for line in (site / "requirements.txt").read_text(encoding="utf-8").splitlines() if line and not line.startswith("#")]
    assert pins[0] == f"plansite=={VERSION}"
    locked = dict(re.findall(r"^([a-z0-9][a-z0-9._-]*)==(\S+)", (ROOT / "requirements.txt").read_text(encoding="utf-8"), re.M))
    assert {"mkdocs", "mkdocs-material", "mkdocs-macros-plugin", "pydantic", "jinja2"} <= {p.split("==")[0] for p in pins}
    assert all(locked.get(name) == version for name, version in (p.split("==") for p in pins[1:])), pins
    config = (site / "mkdocs.yml").read_text(encoding="utf-8")
    assert "hooks:" not in config and "INHERIT" not in config and "../" not in config
    checked = run(plansite, "check", cwd=site)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert checked.stdout.endswith("no problems found.\n")
    built = run(str(environment / "bin" / "mkdocs"), "build", "--strict", cwd=site)
    assert built.returncode == 0, built.stdout + built.stderr
    assert "Test Partnership" in (site / "site" / "index.html").read_text(encoding="utf-8")
    shutil.rmtree(site / "site")
    remote = tmp_path / "remote.git"
    subprocess.run(["git", "init", "--quiet", "--bare", str(remote)], check=True)
    for step in (["git", "init", "--quiet", "-b", "main"], ["git", "add", "-A"], ["git", "commit", "--quiet", "-m", "new site"]):
        subprocess.run(step, cwd=site, check=True, env=clean)
    published = run(plansite, "publish", str(remote), cwd=site)
    assert published.returncode == 0, published.stdout + published.stderr
    release = re.search(r'release: "([^"]+)"', config).group(1)
    listed = subprocess.run(["git", "ls-tree", "--name-only", "gh-pages"], cwd=remote, capture_output=True, text=True,
                            check=True).stdout.split()
    assert release in listed and "versions.json" in listed
    record = json.loads(subprocess.run(["git", "show", f"gh-pages:{release}/build.json"], cwd=remote, capture_output=True,
                                       text=True, check=True).stdout)
    assert record["generator"] == f"plansite {VERSION}"


def test_plansite_new_refuses_a_folder_with_anything_in_it(tmp_path, capsys):
    from plansite.cli import main

    (tmp_path / "notes.txt").write_text("mine", encoding="utf-8")
    assert main(["new", str(tmp_path)]) == 1
    assert capsys.readouterr().err == (f"plansite new: {tmp_path}: already exists and is not an empty folder; nothing "
                                       "was written (give a new folder's name)\n")
    assert [p.name for p in tmp_path.iterdir()] == ["notes.txt"]
    assert main(["new", str(tmp_path / "x"), "--name", "{{ config }}"]) == 1
    assert "use letters, digits, spaces" in capsys.readouterr().err
    assert not (tmp_path / "x").exists()


def test_the_command_names_its_commands_and_refuses_others(capsys):
    from plansite.cli import COMMANDS, main

    assert main(["--help"]) == 0
    shown = capsys.readouterr().out
    assert all(f"  {name}" in shown for name in COMMANDS)
    assert main(["bulid"]) == 2
    assert capsys.readouterr().err.startswith("plansite: 'bulid' is not a command\n")


def test_check_reads_the_data_folder_mkdocs_yml_names_and_its_mistakes(tmp_path, capsys):
    from plansite.cli import main

    site = copy_site(tmp_path / "site")
    (site / "data").rename(site / "facts")
    config = site / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace("      data_dir: data\n", "      data_dir: facts\n"),
                      encoding="utf-8")
    assert main(["check", "--config", str(config)]) == 0
    assert "facts: " in capsys.readouterr().out
    config.write_text(config.read_text(encoding="utf-8").replace("      data_dir: facts\n", "      data_dri: facts\n"),
                      encoding="utf-8")
    assert main(["check", "--config", str(config)]) == 1
    assert capsys.readouterr().err.splitlines()[0].endswith(
        "mkdocs.yml: 'data_dri' is not an option of the plansite plugin; did you mean 'data_dir'?")


@pytest.mark.parametrize("settings, message", [
    ({"plugins": [{"plansite": ["data"]}]}, "mkdocs.yml: the plansite plugin's options must be 'name: value' lines under it, not ['data']"),
    ({"plugins": [{"plansite": {"dataset_pages": {"people": 3}}}]},
     "mkdocs.yml: plansite option 'dataset_pages' must name a page for each dataset, e.g. people: people/index.md, "
     "not {'people': 3}"),
    ({"plugins": [{"plansite": {"media_hosts": ["https://x.example/"]}}]},
     "mkdocs.yml: plansite option 'media_hosts' must be a list of host names such as 'images.example.org', "
     "not ['https://x.example/']"),
    ({"plugins": {"plansite": {"relase": "v1"}}}, "mkdocs.yml: 'relase' is not an option of the plansite plugin; did you mean 'release'?"),
    ({"plugins": ["plansite"], "extra": {"media_hosts": []}},
     "mkdocs.yml: extra.media_hosts is now an option of the plansite plugin: move it under 'plugins:', as "
     "'- plansite:' then '    media_hosts: ...'"),
])
def test_the_options_read_without_mkdocs_are_checked_the_same_way(settings, message):
    from plansite.read.site_config import ConfigProblem, site_options

    with pytest.raises(ConfigProblem) as caught:
        site_options({"config_file_path": "/site/mkdocs.yml", **settings})
    assert str(caught.value) == message


def test_options_in_any_plugin_list_shape_and_their_defaults():
    from plansite.read.site_config import site_options

    assert site_options({"plugins": ["search", "plansite"]}).data_dir == "data"
    assert site_options({"plugins": {"plansite": None}}).release is None
    options = site_options({"plugins": [{"plansite": {"release": "2019-03", "media_hosts": ["images.example.org"]}}]})
    assert (options.release, options.media_hosts) == ("2019-03", frozenset({"images.example.org"}))
