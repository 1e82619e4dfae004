"""Content is not code (SECURITY.md): a page's Jinja, its front matter, and whatever the theme
prints from them or from the settings can run no Python, print no configuration or
environment, and publish no script or request to another host.

Each rule is tried with the payload that would break it: in process where no build is needed
(a table of payload -> the one line expected), then in real strict builds, where a marker file
the payload would create must not exist and a secret put in the environment must appear in no
built file.
"""
from __future__ import annotations

import asyncio
import os
import re
from pathlib import Path

import pytest

from conftest import ENV, MKDOCS, build_site
from test_bad_input import assert_one_clean_line

from plansite.checks.browser_sweep import CHROMIUM_ARGS, find_chromium, served
from plansite.checks.page_safety import page_problems
from plansite.checks.page_source import read_page
from plansite.outputs.content_policy import inline_script_hashes, secure_page
from plansite.render.pages import page_environment, render_page

ALLOWED = "is not allowed: a page may only call the generator's macros with plain values"
SECRET = "s3cr3t-token-7f2a"


def _show(*args, **kwargs) -> str:
    return f"shown {args} {kwargs}"


JINJA_CASES = {
    "os.popen through cycler": ("{{ cycler.__init__.__globals__.os.popen('touch MARKER').read() }}", f"reading an attribute ('.') {ALLOWED}"),
    "environment through lipsum": ("{{ lipsum.__globals__['os'].environ['SECRET_TOKEN'] }}", f"reading an item ('[...]') {ALLOWED}"),
    "the configuration": ("{{ config }}", "'config' is not a known macro or variable. Known macros: show"),
    "the macros env": ("{{ environment }}", "'environment' is not a known macro or variable"),
    "attribute of a macro": ("{{ show.__globals__ }}", f"reading an attribute ('.') {ALLOWED}"),
    "string class": ("{{ ''.__class__.__mro__ }}", f"reading an attribute ('.') {ALLOWED}"),
    "include a file": ("{% include '/etc/passwd' %}", f"{{% include %}} {ALLOWED}"),
    "import a file": ("{% import 'x.html' as x %}", f"{{% import %}} {ALLOWED}"),
    "from import": ("{% from 'x.html' import y %}", f"{{% from ... import %}} {ALLOWED}"),
    "extends": ("{% extends 'base.html' %}", f"{{% extends %}} {ALLOWED}"),
    "a loop": ("{% for i in range(99999999) %}x{% endfor %}", f"{{% for %}} {ALLOWED}"),
    "a filter": ("{{ show('people') | safe }}", f"a filter ('|') {ALLOWED}"),
    "set to a macro": ("{% set s = show %}", f"this {{% set %}} {ALLOWED}"),
    "set block": ("{% set s %}x{% endset %}", f"a {{% set %}} block {ALLOWED}"),
    "star arguments": ("{{ show(*['people']) }}", f"passing '*' or '**' arguments {ALLOWED}"),
    "expression argument": ("{{ show('peo' ~ 'ple') }}", f"a concat expression {ALLOWED}"),
    "macro definition": ("{% macro m() %}{% endmacro %}", f"{{% macro %}} {ALLOWED}"),
    "jinja's own globals": ("{{ range(10) }}", "'range' is not a known macro or variable"),
    "the macros plugin's debugging aid": ("{{ context() }}", "'context' is not a known macro or variable"),
}


@pytest.mark.parametrize("case", JINJA_CASES)
def test_a_page_may_only_call_the_macros_with_plain_values(case):
    payload, message = JINJA_CASES[case]
    rendered, problems = render_page(page_environment({"show": _show}), f"# Page\n\n{payload}\n", {}, "docs/x.md", 4)
    assert rendered == ""
    assert len(problems) == 1 and str(problems[0]).startswith(f"docs/x.md:7: {message}"), [str(p) for p in problems]
    assert not Path("MARKER").exists()


def test_what_a_page_may_do_still_renders():
    page = "{% set who = 'julia-ross' %}{{ show('people', who) }} {{ show('bodies', id='aedb', n=-1) }} {{ title }}{% raw %}{{ x }}{% endraw %}"
    rendered, problems = render_page(page_environment({"show": _show}), page, {"title": "Plans"}, "docs/x.md")
    assert problems == []
    assert rendered == "shown ('people', 'julia-ross') {} shown ('bodies',) {'id': 'aedb', 'n': -1} Plans{{ x }}"


def test_the_page_environment_holds_only_the_macros():
    env = page_environment({"show": _show, "context": lambda: "everything"})
    assert set(env.globals) == {"show"}
    assert env.loader is None  # nothing to include or import from


FRONT_MATTER_CASES = {
    "unknown key": ("titel: Plans", "docs/x.md:2: titel: 'titel' is not a known front matter key; did you mean 'title'?"),
    "script in subtitle": ("subtitle: '<img src=x onerror=\"document.title=21\">'", "docs/x.md:2: subtitle: '<img src=x onerror="),
    "script in description": ("description: '<script>alert(1)</script>'", "docs/x.md:2: description: '<script>alert(1)</script>' holds markup"),
    "a macro in the title": ("title: '{{ config }}'", "docs/x.md:2: title: '{{ config }}' holds markup"),
    "template outside the theme": ("template: ../../../../etc/passwd", "docs/x.md:2: template: '../../../../etc/passwd' is not a template name"),
    "icon outside the theme": ("icon: ../../secret", "docs/x.md:2: icon: '../../secret' is not an icon name"),
    "alias bomb": ("a: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\n"
                   "c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]\n"
                   "e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d]\nf: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e]\n"
                   "g: &g [*f, *f, *f, *f, *f, *f, *f, *f, *f]\nh: &h [*g, *g, *g, *g, *g, *g, *g, *g, *g]\n"
                   "i: &i [*h, *h, *h, *h, *h, *h, *h, *h, *h]", "docs/x.md:2: anchors and aliases (& and *) are not allowed"),
    "a python tag": ("title: !!python/object/apply:os.system ['touch MARKER']", "docs/x.md:2: title: the YAML tag"),
    "visibility misspelt": ("visibility: secret", "docs/x.md:2: visibility: 'secret' is not allowed here. Choose one of: 'public', 'draft' or 'private'"),
    "not key: value lines": ("- a list", "docs/x.md:2: the front matter must be 'key: value' lines"),
    "hide something unknown": ("hide: [sidebar]", "docs/x.md:2: 1st hide: 'sidebar' is not allowed here"),
    "review date that does not exist": ("review_by: 2019-02-30", "docs/x.md:2: review_by: '2019-02-30' is not a real date"),
}


@pytest.mark.parametrize("case", FRONT_MATTER_CASES)
def test_front_matter_is_data_with_a_schema(case):
    front, message = FRONT_MATTER_CASES[case]
    found = read_page(f"---\n{front}\n---\n# Page\n".encode(), "docs/x.md")  # a bomb: refused before it expands
    assert isinstance(found, list) and len(found) == 1, found
    assert str(found[0]).startswith(message), str(found[0])
    assert not Path("MARKER").exists()


def test_front_matter_the_theme_uses_is_accepted():
    page = read_page(b"---\ntitle: Plans\ndescription: Our plans\nowner: Office\nreview_by: 2019-05\n"
                     b"hide: [toc]\nsearch: {boost: 2}\nicon: material/home\ntemplate: main.html\nvisibility: draft\n---\n", "docs/x.md")
    assert not isinstance(page, list), page
    assert page.meta.title == "Plans" and page.hidden


THEME_PAGE = """<!doctype html><html lang="en"><head><meta charset="utf-8">
<link rel="stylesheet" href="../assets/stylesheets/main.css">
<script>var target=document.getElementById(location.hash.slice(1));target&&target.name&&(target.checked=target.name.startsWith("__tabbed_"))</script>
<title>{title}</title></head><body><header>{header}</header><article><h1>Plans</h1><p>Text</p></article>
<script id="__config" type="application/json">{{"base": ".."}}</script>
<script src="../assets/javascripts/bundle.min.js"></script></body></html>"""

WHOLE_PAGE_CASES = {
    "event handler in the header": ('<img src=x onerror="document.title=21">', "<img onerror=...> is not allowed: pages may not run script"),
    "inline script in the header": ("<script>alert(1)</script>", "<script> is not allowed: it is in the page as built, outside the page's own text"),
    "script from another site": ('<script src="https://evil.example/x.js"></script>', "<script> is not allowed"),
    "a look-alike of the theme's script": (
        '<script>var target=document.getElementById(location.hash.slice(1));fetch("//evil.example")</script>', "<script> is not allowed"),
    "a redirect": ('<meta http-equiv="refresh" content="0;url=https://evil.example">', "<meta> is not allowed: pages may not redirect"),
    "a frame": ('<iframe src="https://evil.example"></iframe>', "<iframe> is not allowed"),
    "a picture from elsewhere": ('<img src="https://tracker.example/p.gif" alt="">', "<img src=...> is not allowed: pictures, video, sound and embeds must be the site's own files: the reader's browser would fetch it from tracker.example"),
    "a stylesheet from elsewhere": ('<link rel="stylesheet" href="https://evil.example/x.css">', "the reader's browser would fetch it from evil.example"),
}


@pytest.mark.parametrize("case", WHOLE_PAGE_CASES)
def test_the_page_is_checked_whole_as_built(case):
    header, message = WHOLE_PAGE_CASES[case]
    html, problems = secure_page(THEME_PAGE.format(title="Plans", header=header), "", "site/x.html", frozenset())
    assert problems and message in str(problems[0]), [str(p) for p in problems]
    assert "Content-Security-Policy" not in html


def test_a_theme_page_gets_its_policy_first_in_head_with_the_hashes_of_its_scripts():
    html, problems = secure_page(THEME_PAGE.format(title="Plans", header="Healthier Together"), "", "site/x.html", frozenset())
    assert problems == []
    head = html[html.index("<head>") + len("<head>"):]
    assert head.startswith('<meta http-equiv="Content-Security-Policy" content="')
    policy = re.search(r'content="([^"]+)"', head).group(1)
    script_src = re.search(r"script-src ([^;]+);", policy).group(1).split()
    assert script_src == ["'self'", *inline_script_hashes(html)] and len(script_src) == 2
    assert "unsafe-inline" not in re.search(r"script-src[^;]+", policy).group(0)
    for directive in ("img-src", "media-src"):
        assert re.search(rf"{directive} 'self' data:;", policy), policy
    assert "connect-src 'self';" in policy and "object-src 'none'" in policy


def test_a_host_named_in_the_configuration_may_serve_pictures():
    article = '<p><img src="https://images.example.org/map.png" alt="Map"></p>'
    assert page_problems(article, "![Map](https://images.example.org/map.png)\n", "docs/x.md") != []
    assert page_problems(article, "", "docs/x.md", media_hosts=frozenset({"images.example.org"})) == []
    problems = page_problems('<video poster="//cdn.example/p.jpg"></video>', "<video poster=\"//cdn.example/p.jpg\">\n", "docs/x.md")
    assert [str(p) for p in problems][0].startswith("docs/x.md:1: <video poster=...> is not allowed: pictures, video, sound")
    page = THEME_PAGE.format(title="x", header="")
    html, _ = secure_page(page, "", "x.html", frozenset({"images.example.org"}))
    assert "img-src 'self' data: https://images.example.org;" in html


# Real builds, on copies of the fixture site -------------------------------------------------

def _add_page(root: Path, name: str, text: str, nav: bool = True) -> None:
    (root / "docs" / name).write_text(text, encoding="utf-8")
    if nav:
        config = root / "mkdocs.yml"
        config.write_text(config.read_text(encoding="utf-8").replace(
            "  - Accessibility: accessibility.md", f"  - Accessibility: accessibility.md\n  - Extra: {name}"), encoding="utf-8")


OWNED = "---\nowner: Healthier Together Office\nreview_by: 2099-01-01\n{extra}---\n\n# A page\n\n{body}\n"


def _build_with_secret(root: Path):
    env = {**ENV, "SECRET_TOKEN": SECRET}
    import subprocess

    proc = subprocess.run([str(MKDOCS), "build", "--strict", "-f", str(root / "mkdocs.yml"), "-d", str(root / "site")],
                          cwd=root, env=env, capture_output=True, text=True, timeout=300)
    return proc.returncode, proc.stdout + proc.stderr


def _no_built_file_holds(root: Path, *words: str) -> None:
    for path in (root / "site").rglob("*") if (root / "site").exists() else []:
        if path.is_file():
            data = path.read_bytes()
            for word in words:
                assert word.encode() not in data, (path, word)


@pytest.mark.parametrize("payload", [
    "{{ cycler.__init__.__globals__.os.popen('touch ' ~ 'PWNED').read() }}",
    "{{ lipsum.__globals__['os'].environ['SECRET_TOKEN'] }}",
    "{{ config }}",
], ids=["run a command", "read the environment", "print the configuration"])
def test_a_page_that_reaches_for_python_fails_the_build_and_publishes_nothing(site_copy, payload):
    _add_page(site_copy, "x.md", OWNED.format(extra="", body=payload))
    code, output = _build_with_secret(site_copy)
    assert code != 0
    assert_one_clean_line(output, "docs/x.md:8: ", "is not")
    assert not (site_copy / "PWNED").exists() and not Path("PWNED").exists()
    _no_built_file_holds(site_copy, SECRET, "uid=", str(site_copy))


def test_script_in_front_matter_fails_the_build_in_one_line(site_copy):
    _add_page(site_copy, "x.md", OWNED.format(extra="subtitle: '<img src=x onerror=\"document.title=21\">'\n", body="Text."))
    result = build_site(site_copy)
    assert not result.ok
    assert_one_clean_line(result.output, "docs/x.md:4: subtitle: ", "holds markup")
    assert not (result.site_dir / "index.html").exists()


@pytest.mark.parametrize("front, message", [
    ("template: ../../../../etc/passwd\n", "docs/x.md:4: template: '../../../../etc/passwd' is not a template name"),
    ("titel: Plans\n", "docs/x.md:4: titel: 'titel' is not a known front matter key; did you mean 'title'?"),
    ("a: &a [x, x, x, x, x, x, x, x, x]\nb: [*a, *a, *a, *a, *a, *a, *a, *a, *a]\n", "docs/x.md:4: anchors and aliases"),
    ("template: nothere.html\n", "docs/x.md:1: template: 'nothere.html' is not a template of the theme"),
], ids=["template path", "unknown key", "alias bomb", "no such template"])
def test_bad_front_matter_fails_the_build_before_mkdocs_reads_it(site_copy, front, message):
    _add_page(site_copy, "x.md", OWNED.format(extra=front, body="Text."))
    result = build_site(site_copy)
    assert not result.ok
    assert_one_clean_line(result.output, "", message)


def test_a_private_or_draft_page_is_in_no_built_file(site_copy):
    _add_page(site_copy, "secret.md", OWNED.format(extra="visibility: private\n", body="Hospital closure option Zebracorn."))
    _add_page(site_copy, "draft.md", OWNED.format(extra="visibility: draft\n", body="Draft words Quokkaphrase."))
    result = build_site(site_copy)
    assert result.ok, result.output
    assert not (result.site_dir / "secret").exists() and not (result.site_dir / "draft").exists()
    _no_built_file_holds(site_copy, "Zebracorn", "Quokkaphrase")
    for listing in ("sitemap.xml", "search/search_index.json", "index.html"):
        text = (result.site_dir / listing).read_text(encoding="utf-8")
        assert "secret/" not in text and "draft/" not in text, listing
    assert (result.site_dir / "index.html").is_file()


def test_markup_in_the_site_name_is_caught_on_the_page_as_built(site_copy):
    config = site_copy / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace(
        "site_name: Healthier Together plans", "site_name: 'Plans <img src=x onerror=\"document.title=21\">'"), encoding="utf-8")
    result = build_site(site_copy)
    assert not result.ok
    assert_one_clean_line(result.output, "", "<img onerror=...> is not allowed: pages may not run script")


def test_a_heading_that_breaks_out_of_the_title_is_caught_on_the_page_as_built(site_copy):
    # MkDocs makes the <title> from the heading's text with its entities decoded, and the theme
    # prints it as it is: only the check of the whole page sees the <img> that lands in <head>.
    _add_page(site_copy, "x.md", OWNED.format(extra="", body="").replace(
        "# A page", "# Plans &lt;/title&gt;&lt;img src=x onerror=alert(1)&gt;"), nav=False)
    config = site_copy / "mkdocs.yml"  # in the menu without a title of its own, so its heading is its title
    config.write_text(config.read_text(encoding="utf-8").replace(
        "  - Accessibility: accessibility.md", "  - Accessibility: accessibility.md\n  - x.md"), encoding="utf-8")
    result = build_site(site_copy)
    assert not result.ok
    assert_one_clean_line(result.output, "docs/x.md:6: ", "<img onerror=...> is not allowed: pages may not run script")


def test_a_picture_from_another_host_fails_the_build_unless_the_host_is_named(site_copy):
    _add_page(site_copy, "x.md", OWNED.format(extra="", body="![Map](https://tracker.example/map.png)"))
    result = build_site(site_copy)
    assert not result.ok
    assert_one_clean_line(result.output, "docs/x.md:8: ", "the reader's browser would fetch it from tracker.example")
    config = site_copy / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace("  - plansite:\n", "  - plansite:\n      media_hosts: [tracker.example]\n", 1),
                      encoding="utf-8")
    result = build_site(site_copy)
    assert result.ok, result.output
    assert "img-src 'self' data: https://tracker.example;" in (result.site_dir / "x" / "index.html").read_text(encoding="utf-8")


def test_the_zensical_prerender_refuses_the_same_page(site_copy, monkeypatch):
    from plansite.outputs.prerender import PrerenderFailed, render_site

    monkeypatch.chdir(site_copy)
    _add_page(site_copy, "x.md", OWNED.format(extra="", body="{{ lipsum.__globals__['os'].environ }}"))
    with pytest.raises(PrerenderFailed) as failed:
        render_site(site_copy / "mkdocs.yml")
    assert any(line.startswith("docs/x.md:8: reading an attribute ('.') is not allowed") for line in failed.value.lines), failed.value.lines


# In Chromium: the policy lets the theme's scripts run and stops one the checks would miss ----

@pytest.mark.browser
def test_the_policy_runs_the_themes_scripts_and_blocks_any_other(built_site, tmp_path):
    import shutil

    site = tmp_path / "site"
    shutil.copytree(built_site.site_dir, site)
    page = site / "plan" / "index.html"
    # As if a script had slipped past every check: the page's policy must not let it run.
    page.write_text(page.read_text(encoding="utf-8").replace("</body>", "<script>document.title='PWNED'</script></body>"),
                    encoding="utf-8")

    async def visit():
        from playwright.async_api import async_playwright

        async with async_playwright() as playwright:
            browser = await playwright.chromium.launch(executable_path=find_chromium(), args=CHROMIUM_ARGS)
            try:
                with served(site) as base:
                    tab = await browser.new_page()
                    blocked = []
                    tab.on("console", lambda message: blocked.append(message.text) if "Content Security Policy" in message.text else None)
                    await tab.goto(base + "plan/", wait_until="load")
                    title = await tab.title()
                    scope = await tab.evaluate("typeof __md_scope")
                    await tab.goto(base + "glossary/", wait_until="load")
                    clean_blocked = [m for m in blocked]
                    return title, scope, clean_blocked
            finally:
                await browser.close()

    title, scope, blocked = asyncio.run(visit())
    assert title != "PWNED"
    assert scope == "object"  # the theme's own inline script ran
    assert len(blocked) == 1 and "script-src" in blocked[0], blocked  # only the injected one
