"""The same site through either engine: MkDocs (with the hooks) and Zensical (prerendered).

Each site (the fixture site and the two examples) is built once per module with both engines,
all at once. What must be the same: the set of pages, and on every page the text inside its
``<article>`` element (whitespace normalised), which holds everything the generator and the
editors wrote. What may differ is the theme's chrome around it (header, menus, search, footer,
scripts), which is each engine's own. Both builds must pass the link check with nothing broken,
and both carry the open data, the feeds and (fixture site) the board pack PDF.
"""
from __future__ import annotations

import re
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from conftest import ENV, ROOT, build_site, copy_site, BuildResult

from plansite.outputs import prerender as prerender_module
from plansite.checks.engines import article_texts, differences
from plansite.checks.engines import main as compare_engines
from plansite.checks.linkcheck import broken_links
from plansite.outputs.prerender import output_path, rewrite_links

PYTHON = Path(sys.executable)
ZENSICAL = ROOT / ".venv-zensical" / "bin" / "zensical"
needs_zensical = pytest.mark.skipif(
    not ZENSICAL.is_file(), reason="Zensical is not installed (.venv-zensical is absent; 'make test' creates it)"
)
EXAMPLES = ["bsw", "cambridgeshire-peterborough"]


def run(command: list, cwd: Path, env: dict) -> subprocess.CompletedProcess:
    return subprocess.run([str(c) for c in command], cwd=cwd, env=env, capture_output=True, text=True, timeout=300)


def build_with_zensical(root: Path, out: Path, env: dict = ENV) -> BuildResult:
    """What 'make site ENGINE=zensical' runs: prerender, 'zensical build', the post-build step."""
    output = ""
    for command in (
        [PYTHON, "-m", "plansite.outputs.prerender", root / "mkdocs.yml", out],
        [ZENSICAL, "build", "--strict", "--clean", "-f", out / "mkdocs.yml"],
        [PYTHON, "-m", "plansite.outputs.post_build", root / "mkdocs.yml", out / "site"],
    ):
        proc = run(command, root, {**env, "PYTHONPATH": str(ROOT)})
        output += proc.stdout + proc.stderr
        if proc.returncode:
            return BuildResult(proc.returncode, output, out / "site")
    return BuildResult(0, output, out / "site")


# --- Unit level: where pages are written and how their links follow them -----------------

def _page(site: Path, path: str, article: str) -> None:
    (site / path).parent.mkdir(parents=True, exist_ok=True)
    (site / path).write_text(f"<html><nav>menu {path}</nav><article>{article}</article></html>", encoding="utf-8")


def test_the_engine_comparison_names_each_page_that_differs(tmp_path, capsys):
    first, second = tmp_path / "mkdocs", tmp_path / "zensical"
    for site in (first, second):
        _page(site, "index.html", "<h1>Plans</h1> <p>Welcome</p>")
    _page(first, "plan/index.html", "<p>The plan is due in <b>March 2019</b>.</p>")
    _page(second, "plan/index.html", "<p>The plan is due in <b>April 2019</b>.</p>")
    _page(first, "people/index.html", "<p>People</p>")
    _page(second, "bodies/index.html", "<p>Bodies</p>")
    assert differences(article_texts(first), article_texts(second)) == [
        "people/index.html: built by MkDocs only",
        "bodies/index.html: built by Zensical only",
        "plan/index.html: the article text differs: MkDocs has 'March' where Zensical has 'April'",
    ]
    assert compare_engines([str(first), str(second)]) == 1
    assert capsys.readouterr().err.endswith("3 page(s) differ between the engines.\n")
    (second / "plan/index.html").unlink()
    _page(second, "plan/index.html", "<p>The plan is due in <b>March 2019</b>.</p>")
    (first / "people/index.html").unlink()
    (second / "bodies/index.html").unlink()
    assert compare_engines([str(first), str(second)]) == 0  # the menus differ: only articles count
    assert "the same 2 pages, with the same article text" in capsys.readouterr().out


def test_pages_are_written_in_the_folder_of_their_url():
    assert output_path("index.md") == "index.md"
    assert output_path("plan.md") == "plan/index.md"
    assert output_path("people/index.md") == "people/index.md"
    assert output_path("updates/2018-11-partner-boards.md") == "updates/2018-11-partner-boards/index.md"
    assert output_path("plan.md", directory_urls=False) == "plan.md"


def test_markdown_links_follow_the_pages_they_point_at():
    moved = {p: output_path(p) for p in ["index.md", "plan.md", "people/index.md", "updates/2018-11.md", "glossary.md"]}
    page = (
        "[Plan](../plan.md) [People](../people/index.md#chairs) [Home](../index.md \"home\")\n"
        "[Glossary][g] ![logo](../img/logo.png) [site](https://example.org/plan.md) [top](#top)\n"
        "\n[g]: ../glossary.md#stp\n*[STP]: Sustainability and Transformation Partnership\n"
        "```\n[Plan](plan.md)\n```\n"
    )
    assert rewrite_links(page, "updates/2018-11.md", moved) == (
        "[Plan](../../plan/index.md) [People](../../people/index.md#chairs) [Home](../../index.md \"home\")\n"
        "[Glossary][g] ![logo](../../img/logo.png) [site](https://example.org/plan.md) [top](#top)\n"
        "\n[g]: ../../glossary/index.md#stp\n*[STP]: Sustainability and Transformation Partnership\n"
        "```\n[Plan](plan.md)\n```\n"
    )
    assert rewrite_links("[Plan](plan.md) [Who](people/index.md)", "index.md", moved) == (
        "[Plan](plan/index.md) [Who](people/index.md)"
    )


# --- Bad input: the same one-line messages as the MkDocs build, and nothing written -------

def break_data(root: Path) -> tuple[str, str]:
    path = root / "data" / "people.yaml"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    at = next(n for n, line in enumerate(lines, start=1) if line.startswith("people:")) + 1
    lines.insert(at - 1, "  - id: [unclosed\n")
    path.write_text("".join(lines), encoding="utf-8")
    return (
        f"data/people.yaml:{at}: a '[' opened on line {at} is never closed; end it with ']' on the same line\n"
        "1 data problem found (listed above); nothing was built. Fix them, or run 'make check' to list them again.\n"
    ), f"data/people.yaml:{at}: a '[' opened on line {at} is never closed"


def break_page(root: Path) -> tuple[str, str]:
    path = root / "docs" / "glossary.md"
    with path.open("a", encoding="utf-8") as handle:
        handle.write("\n{{ shwo('people') }}\n")
    at = len(path.read_text(encoding="utf-8").splitlines())
    known = "show, board_pack_cover, board_updates, count, open_data, status_dashboard, what_changed"
    line = f"docs/glossary.md:{at}: 'shwo' is not a known macro or variable. Known macros: {known}"
    return f"{line}\nglossary.md cannot be published: 1 problem(s), listed above.\n", line


@pytest.mark.parametrize("breaker", [break_data, break_page], ids=["data problem", "page problem"])
def test_prerender_reports_problems_like_the_mkdocs_build(breaker, site_copy, tmp_path, monkeypatch, capsys):
    expected, mkdocs_line = breaker(site_copy)
    out = tmp_path / "out"
    out.mkdir()
    (out / "earlier.md").write_text("an earlier, good prerender\n", encoding="utf-8")
    monkeypatch.chdir(site_copy)
    assert prerender_module.main(["mkdocs.yml", str(out)]) == 1
    captured = capsys.readouterr()
    assert captured.err == expected
    assert "Traceback" not in captured.out + captured.err
    assert [p.name for p in out.iterdir()] == ["earlier.md"]  # left as it was
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out", "site-src"]  # no half-written copy
    # The MkDocs build names the same problem in the same words.
    first = expected.splitlines()[0]
    built = build_site(site_copy)
    assert not built.ok
    assert mkdocs_line in built.output and f"ERROR   -  {first}" in built.output, built.output


# --- Whole builds, both engines, all at once ------------------------------------------------

@pytest.fixture(scope="module")
def builds(built_sites, tmp_path_factory) -> dict[str, tuple[BuildResult, BuildResult]]:
    """Every site built by both engines: the MkDocs builds are the session's (conftest's
    ``built_sites``), the Zensical ones are made here, two at a time. The examples are built
    without Chromium, as a local build may be: the fixture site's builds print the board pack."""
    if not ZENSICAL.is_file():
        pytest.skip("Zensical is not installed (.venv-zensical is absent; 'make test' creates it)")
    work = tmp_path_factory.mktemp("engines")
    from bench.bench import path_without_chromium

    without_chromium = {**ENV, "PATH": path_without_chromium(work / "no-chromium")}
    jobs = {"bnssg": (copy_site(work / "bnssg"), work / "bnssg-out", ENV)}
    for name in EXAMPLES:
        jobs[name] = (ROOT / "examples" / name, work / f"{name}-out", without_chromium)
    with ThreadPoolExecutor(max_workers=2) as pool:
        futures = {name: pool.submit(build_with_zensical, *job) for name, job in jobs.items()}
        return {name: (built_sites[name], future.result()) for name, future in futures.items()}


@needs_zensical
@pytest.mark.parametrize("site", ["bnssg", *EXAMPLES])
def test_both_engines_build_the_same_article_text_on_every_page(builds, site):
    mkdocs, zensical = builds[site]
    assert mkdocs.ok, mkdocs.output
    assert zensical.ok, zensical.output
    assert "Traceback" not in zensical.output
    by_mkdocs, by_zensical = article_texts(mkdocs.site_dir), article_texts(zensical.site_dir)
    assert sorted(by_zensical) == sorted(by_mkdocs)
    assert len(by_mkdocs) > 20
    different = [page for page in by_mkdocs if by_mkdocs[page] != by_zensical[page]]
    assert different == []
    assert all(by_mkdocs[page] for page in by_mkdocs if page != "404.html")  # no empty article compared


@needs_zensical
@pytest.mark.parametrize("site", ["bnssg", *EXAMPLES])
def test_both_engines_leave_no_broken_link(builds, site):
    for build in builds[site]:
        assert build.ok, build.output
        assert broken_links(build.site_dir) == []


@needs_zensical
def test_both_engines_publish_open_data_feeds_and_board_pack(builds):
    mkdocs, zensical = builds["bnssg"]
    for build in (mkdocs, zensical):
        site_dir = build.site_dir
        assert (site_dir / "data" / "people.json").is_file()
        assert (site_dir / "data" / "people.csv").is_file()
        assert (site_dir / "updates" / "feed.xml").is_file()
        assert (site_dir / "board-pack.pdf").read_bytes().startswith(b"%PDF")
    # The same post-build step wrote them, so the files agree (the PDF carries a print date).
    for name in ["changes.xml", "updates/feed.xml", "data/people.json", "data/people.csv"]:
        assert (zensical.site_dir / name).read_bytes() == (mkdocs.site_dir / name).read_bytes(), name
    plan = (zensical.site_dir / "plan" / "index.html").read_text(encoding="utf-8")
    assert 'href="../assets/plansite/plan.css"' in plan  # the generator's stylesheet and
    assert "Content-Security-Policy" in plan  # theme overrides are in the Zensical build too


@needs_zensical
def test_zensical_build_with_an_unsafe_page_is_refused_after_building(tmp_path):
    root = copy_site(tmp_path / "site-src")
    with (root / "docs" / "glossary.md").open("a", encoding="utf-8") as handle:
        handle.write('\n<img src="x.png" onerror="alert(1)">\n')
    at = len((root / "docs" / "glossary.md").read_text(encoding="utf-8").splitlines())
    result = build_with_zensical(root, tmp_path / "out")
    assert not result.ok
    assert result.output.endswith(
        f"docs/glossary.md:{at}: <img onerror=...> is not allowed: pages may not run script (event-handler attribute 'onerror')\n"
        "glossary.md cannot be published: 1 problem(s), listed above.\n"
    ), result.output
    assert not (result.site_dir / "data").exists()  # nothing added to a refused build


def test_unreadable_settings_and_missing_build_are_one_line(site_copy, tmp_path, monkeypatch, capsys):
    from plansite.outputs import post_build

    monkeypatch.chdir(site_copy)
    config = site_copy / "mkdocs.yml"
    config.write_text("INHERIT: shared.yml\n" + config.read_text(encoding="utf-8"), encoding="utf-8")
    assert prerender_module.main(["mkdocs.yml", str(tmp_path / "out")]) == 1
    assert capsys.readouterr().err == "mkdocs.yml: INHERIT shared.yml: cannot be read (No such file or directory)\n"
    assert prerender_module.main(["nosuch.yml", str(tmp_path / "out")]) == 1
    assert capsys.readouterr().err == "nosuch.yml: cannot be read (No such file or directory)\n"
    config.write_text("site_name: [unclosed\n", encoding="utf-8")
    assert prerender_module.main(["mkdocs.yml", str(tmp_path / "out")]) == 1
    assert capsys.readouterr().err.startswith("mkdocs.yml:2: not valid YAML (")
    assert not (tmp_path / "out").exists()
    assert post_build.main(["mkdocs.yml", "nosuch"]) == 1
    assert capsys.readouterr().err == "nosuch: no built site here (no index.html); build the pages first\n"


def test_make_names_the_engines_it_knows():
    proc = run(["make", "-n", "site", "ENGINE=hugo"], ROOT, ENV)
    assert proc.returncode == 2
    assert "ENGINE must be mkdocs or zensical, not 'hugo'.  Stop." in proc.stderr, proc.stderr
    assert "Traceback" not in proc.stderr


def test_a_page_that_is_not_utf8_is_one_line(site_copy, tmp_path, monkeypatch, capsys):
    page = site_copy / "docs" / "glossary.md"
    page.write_bytes(page.read_bytes() + b"\nCaf\xe9 society\n")
    line = len(page.read_bytes().splitlines())
    monkeypatch.chdir(site_copy)
    assert prerender_module.main(["mkdocs.yml", str(tmp_path / "out")]) == 1
    assert capsys.readouterr().err == f"docs/glossary.md:{line}: the file is not UTF-8 text; save it again as UTF-8\n"
    assert not (tmp_path / "out").exists()


@needs_zensical
def test_make_shows_what_zensical_refuses_without_its_traceback(tmp_path):
    root = copy_site(tmp_path / "site-src")
    with (root / "mkdocs.yml").open("a", encoding="utf-8") as handle:
        handle.write("markdown_extensions:\n  - no_such_extension\n")
    proc = run(["make", "-s", "site", "ENGINE=zensical", f"CONFIG={root / 'mkdocs.yml'}", f"ZBUILD={tmp_path / 'out'}"], ROOT, ENV)
    output = proc.stdout + proc.stderr
    assert proc.returncode == 2, output
    assert "\nRuntimeError: Python error: ModuleNotFoundError: No module named 'no_such_extension'\n" in output
    assert "Traceback" not in output and 'File "' not in output
    assert not (tmp_path / "out" / "site" / "data").exists()  # the post-build step never ran


def test_prerendered_settings_are_the_sites_without_the_generator(site_copy, tmp_path, monkeypatch):
    import yaml

    from plansite.read.site_config import SettingsLoader

    with (site_copy / "mkdocs.yml").open("a", encoding="utf-8") as handle:
        handle.write("markdown_extensions:\n  - pymdownx.emoji:\n      emoji_index: !!python/name:material.extensions.emoji.twemoji\n")
    monkeypatch.chdir(site_copy)
    out = tmp_path / "out"
    assert prerender_module.main(["mkdocs.yml", str(out)]) == 0
    text = (out / "mkdocs.yml").read_text(encoding="utf-8")
    assert "    emoji_index: !!python/name:material.extensions.emoji.twemoji ''\n" in text
    settings = yaml.load(text, Loader=SettingsLoader)
    assert "hooks" not in settings and "INHERIT" not in settings
    assert settings["plugins"] == ["search"]  # the generator's plugin is gone; the rest stays
    assert settings["theme"]["name"] == "material" and settings["theme"]["custom_dir"] == "overrides"
    # What the plugin brings every site under MkDocs, written out for Zensical.
    assert settings["theme"]["features"][0] == "content.tooltips" and settings["theme"]["font"] is False
    assert {"abbr": {}} not in settings["markdown_extensions"] and "abbr" in settings["markdown_extensions"]
    assert {"toc": {"permalink": True}} in settings["markdown_extensions"]
    assert settings["extra"]["version"] == {"provider": "mike", "default": "latest"}
    assert settings["extra_css"] == ["assets/plansite/plan.css"]
    assert settings["docs_dir"] == "docs" and settings["site_dir"] == "site"
    assert settings["nav"][:2] == [{"Home": "index.md"}, {"Dashboard": "dashboard/index.md"}]
    hidden = settings["not_in_nav"].splitlines()  # the generated pages, linked but not in the menu
    assert "/board-pack/index.md" in hidden and "/people/julia-ross/index.md" in hidden and "/bodies/aedb/index.md" in hidden
    assert all(re.fullmatch(r"/(people|bodies)/[a-z0-9-]+/index\.md|/board-pack/index\.md", p) for p in hidden), hidden
    assert (out / "overrides" / "main.html").is_file()
    assert (out / "docs" / "assets" / "plansite" / "plan.css").is_file()
    assert (out / "docs" / "people" / "julia-ross" / "index.md").is_file()  # a generated page
    home = (out / "docs" / "index.md").read_text(encoding="utf-8")
    assert "](plan/index.md)" in home and "](plan.md)" not in home  # editors' links follow the pages


def test_only_the_board_pack_pdfs_size_may_differ(tmp_path):
    """Each engine prints its own PDF, a few KB apart; any other difference in the text counts."""
    from plansite.checks.engines import article_texts, differences

    for name, size, word in (("a", "658 KB", "Dashboard"), ("b", "652 KB", "Dashboard"), ("c", "652 KB", "Dashboards")):
        (tmp_path / name).mkdir()
        (tmp_path / name / "index.html").write_text(
            f"<article><p><a>Download the board pack as a PDF ({size})</a></p><h1>{word}</h1></article>", encoding="utf-8")
    (tmp_path / "d").mkdir()  # built where Chromium is missing: no PDF, and it says so
    (tmp_path / "d" / "index.html").write_text(
        "<article><p>This build has no PDF of the board pack: it was made where Chromium is not installed.</p>"
        "<h1>Dashboard</h1></article>", encoding="utf-8")
    a, b, c, d = (article_texts(tmp_path / n) for n in "abcd")
    assert differences(a, b) == [] and differences(a, d) == []
    assert differences(a, c) == ["index.html: the article text differs: MkDocs has 'Dashboard' where Zensical has 'Dashboards'"]
