"""What HTML a page may hold: each way of running script, loading or embedding things from
elsewhere, redirecting or re-pointing links is refused with one line naming the page's source
line, by a real HTML parser; a preview shows the page made harmless instead."""
from __future__ import annotations

import os
from types import SimpleNamespace

import markdown
import pytest

from conftest import build_site, copy_site
from plansite.checks.page_safety import findings, neutralised, page_problems, url_scheme

PAGE = "docs/hostile.md"
FRONT = "---\nowner: Comms team\nreview_by: 2019-06\n---\n\n"
BODY = "# A page\n\nSome words first.\n\n"
LINE = 10  # the line each case is written on: 5 of front matter (with its blank line), then 4 of body
URL_RULE = "links and pictures may only use http:, https:, mailto: or tel: addresses, or addresses within the site"
SCRIPT = "pages may not run script"
EMBED = "pages may not embed other pages, plugins or frames"

CASES = {
    "img onerror": ("<img src=x onerror=alert(3)>",
                    f"<img onerror=...> is not allowed: {SCRIPT} (event-handler attribute 'onerror')"),
    "svg onload": ("<svg onload=alert(4)>",
                   f"<svg onload=...> is not allowed: {SCRIPT} (event-handler attribute 'onload')"),
    "javascript: spelt with an entity": ('<a href="jav&#x61;script:alert(5)">x</a>',
                                         f"<a href=...> is not allowed: {URL_RULE} (a 'javascript:' address in 'href')"),
    "details ontoggle": ("<details open ontoggle=alert(9)><summary>x</summary></details>",
                         f"<details ontoggle=...> is not allowed: {SCRIPT} (event-handler attribute 'ontoggle')"),
    "input onfocus": ("<input autofocus onfocus=alert(1)>",
                      f"<input onfocus=...> is not allowed: {SCRIPT} (event-handler attribute 'onfocus')"),
    "data: link": ('<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">x</a>',
                   f"<a href=...> is not allowed: {URL_RULE} (a 'data:' address in 'href')"),
    "meta refresh": ('<meta http-equiv="refresh" content="0;url=https://evil.example/">',
                     "<meta> is not allowed: pages may not redirect readers or change how the browser treats the page"),
    "base": ('<base href="https://evil.example/">', "<base> is not allowed: pages may not change where the site's links lead"),
    "link stylesheet": ("<link rel=stylesheet href=https://evil.example/x.css>",
                        "<link> is not allowed: pages may not load stylesheets or other files"),
    "object": ('<object data="https://evil.example/x.swf"></object>', f"<object> is not allowed: {EMBED}"),
    "embed": ('<embed src="https://evil.example/x.swf">', f"<embed> is not allowed: {EMBED}"),
    "iframe": ('<iframe src="https://evil.example/"></iframe>', f"<iframe> is not allowed: {EMBED}"),
    "script": ("<script>alert(1)</script>", f"<script> is not allowed: {SCRIPT}"),
    "vbscript: in another case": ('<a href="VBScript:MsgBox(1)">x</a>',
                                  f"<a href=...> is not allowed: {URL_RULE} (a 'vbscript:' address in 'href')"),
    "style @import": ("<style>@import url(https://evil.example/x.css);</style>",
                      "<style> is not allowed: pages may not carry their own styles, which can load files from "
                      "elsewhere (the site's styles are in macros/plansite/assets/plan.css)"),
    # Spellings that slip past a per-line regular expression.
    "javascript: with a tab and a leading space": ('<a href=" java&#x09;script:alert(1)">x</a>',
                                                   f"<a href=...> is not allowed: {URL_RULE} (a 'javascript:' address in 'href')"),
    "slash instead of a space": ("<svg/onload=alert(1)>",
                                 f"<svg onload=...> is not allowed: {SCRIPT} (event-handler attribute 'onload')"),
    "upper case, inside a paragraph": ("Text <IMG SRC=x ONERROR=alert(1)> more",
                                       f"<img onerror=...> is not allowed: {SCRIPT} (event-handler attribute 'onerror')"),
    "SVG xlink:href": ('<svg><a xlink:href="javascript:alert(1)"><text>x</text></a></svg>',
                       f"<a href=...> is not allowed: {URL_RULE} (a 'javascript:' address in 'href')"),
    "srcset": ('<img src="a.png" srcset="a.png 1x, javascript:alert(1) 2x">',
               f"<img srcset=...> is not allowed: {URL_RULE} (a 'javascript:' address in 'srcset')"),
    "formaction": ('<button formaction="javascript:alert(1)">x</button>',
                   f"<button formaction=...> is not allowed: {URL_RULE} (a 'javascript:' address in 'formaction')"),
    "form": ('<form action="https://evil.example/">x</form>',
             "<form> is not allowed: pages may not hold forms, which could send what readers type elsewhere"),
    "SVG animation": ('<svg><a><set attributeName="href" to="javascript:alert(1)"/><text>x</text></a></svg>',
                      f"<set> is not allowed: {SCRIPT}"),
    "style attribute loading a file": (r'<p style="background: u\72l(https://evil.example/t.gif)">x</p>',
                                       "<p style=...> is not allowed: a style attribute may not load files or run "
                                       "script (it uses url(), @import or similar)"),
    "Markdown link": ("[Click me](javascript:alert(1))",
                      f"<a href=...> is not allowed: {URL_RULE} (a 'javascript:' address in 'href')"),
}


def rendered(source: str) -> str:
    """The page's HTML as MkDocs makes it (Markdown, raw HTML passed through)."""
    return markdown.markdown(source.split("---\n", 2)[2], extensions=["md_in_html"])


@pytest.mark.parametrize("case", CASES, ids=list(CASES))
def test_each_hostile_case_is_one_line_naming_the_page_line(case):
    line, message = CASES[case]
    source = FRONT + BODY + line + "\n\nMore words.\n"
    problems = page_problems(rendered(source), source, PAGE, body_starts=5)
    assert [str(p) for p in problems] == [f"{PAGE}:{LINE}: {message}"]
    # And what a preview shows instead is harmless.
    assert findings(neutralised(rendered(source))) == []


def test_safe_html_passes():
    source = FRONT + BODY + (
        '<a href="https://example.org/a?b=c">out</a> <a href="../people/x/#role">in</a> '
        '<a href="mailto:a@example.org">mail</a> <a href="tel:+441234">phone</a>\n\n'
        '<details class="note" open><summary>More</summary><p title="onerror=x">text</p></details>\n\n'
        '<img src="pic.png" alt="javascript: a talk" srcset="pic.png 1x, pic@2x.png 2x">\n\n'
        '<svg viewBox="0 0 10 10" role="img"><title>t</title><a href="#x"><rect width="1" height="1" style="fill: red"/></a></svg>\n\n'
        "`<script>alert(1)</script>` is shown as code; so is &lt;iframe&gt;.\n"
    )
    assert page_problems(rendered(source), source, PAGE, 5) == []


def test_several_of_a_kind_name_their_own_lines():
    source = FRONT + BODY + "<img src=a onerror=x>\n\ntext\n\n<IMG SRC=b ONERROR=y>\n"
    assert [str(p) for p in page_problems(rendered(source), source, PAGE, 5)] == [
        f"{PAGE}:10: <img onerror=...> is not allowed: {SCRIPT} (event-handler attribute 'onerror')",
        f"{PAGE}:14: <img onerror=...> is not allowed: {SCRIPT} (event-handler attribute 'onerror')",
    ]


def test_html_not_in_the_page_source_names_the_page_alone():
    problems = page_problems('<a href="javascript:x">from data</a>', "# A page\n", PAGE)
    assert [str(p) for p in problems] == [
        f"{PAGE}: <a href=...> is not allowed: {URL_RULE} (a 'javascript:' address in 'href')"
    ]


@pytest.mark.parametrize("value, scheme", [
    ("jav\tascript:x", "javascript"), ("\x01\x02 JAVASCRIPT:x", "javascript"), ("java\nscript:x", "javascript"),
    ("https://a.example/", "https"), ("people/x/", None), ("#a:b", None), ("?q=a:b", None), ("./a:b", None),
])
def test_url_scheme_is_read_as_a_browser_reads_it(value, scheme):
    assert url_scheme(value) == scheme


def test_neutralised_keeps_the_rest_of_the_page():
    html = '<p>Before <img src="p.png" alt="A" onerror="x()"> middle <script>bad()</script>after</p><p><a href="javascript:x">link</a></p>'
    cleaned = neutralised(html)
    assert cleaned == '<p>Before <img src="p.png" alt="A"> middle after</p><p><a>link</a></p>'
    assert findings(cleaned) == []


def test_a_body_tag_written_in_a_page_is_read_as_the_browser_reads_it():
    # A browser puts the attributes of a <body> written inside the page on the page's own body.
    found = findings('<p>Plans</p>\n<body onload="steal()">')
    assert [f.message for f in found] == ["<body onload=...> is not allowed: pages may not run script (event-handler attribute 'onload')"]


class _Config(dict):
    """What MkDocs's config is to a hook: a dict whose keys read as attributes."""

    __getattr__ = dict.__getitem__


def fake_config(tmp_path):
    return _Config(docs_dir=str(tmp_path / "docs"), extra={})


def fake_page(source: str):
    file = SimpleNamespace(content_string=source, src_path="hostile.md", src_uri="hostile.md")
    return SimpleNamespace(file=file)


def test_a_preview_keeps_serving_the_page_made_harmless(monkeypatch, tmp_path):
    from plansite import hooks

    import plansite.preview

    monkeypatch.setattr(plansite.preview, "serving", True)
    monkeypatch.chdir(tmp_path)
    source = "# A page\n\n<img src=x onerror=alert(3)>\n"
    html = hooks.on_page_content(rendered("---\n---\n" + source), fake_page(source),
                                 fake_config(tmp_path), None)
    assert "This page cannot be published until these problems are fixed" in html
    assert "docs/hostile.md:3: &lt;img onerror=...&gt; is not allowed" in html
    assert findings(html) == []
    assert '<img src="x">' in html


def test_a_build_stops_at_a_hostile_page(monkeypatch, tmp_path):
    from mkdocs.exceptions import PluginError

    from plansite import hooks

    import plansite.preview

    monkeypatch.setattr(plansite.preview, "serving", False)
    monkeypatch.chdir(tmp_path)
    source = "# A page\n\n<script>alert(1)</script>\n"
    with pytest.raises(PluginError, match=r"^hostile\.md cannot be published: 1 problem\(s\), listed above\.$"):
        hooks.on_page_content(rendered("---\n---\n" + source), fake_page(source),
                              fake_config(tmp_path), None)


HOSTILE_PAGE_LINES = [
    "<img src=x onerror=alert(3)>",
    '<a href="jav&#x61;script:alert(5)">x</a>',
    '<meta http-equiv="refresh" content="0;url=https://evil.example/">',
    "<style>@import url(https://evil.example/x.css);</style>",
    "[Click me](vbscript:msgbox(1))",
]


@pytest.fixture(scope="module")
def hostile_build(tmp_path_factory):
    """One real strict build of the fixture site with hostile HTML added to a page."""
    root = copy_site(tmp_path_factory.mktemp("hostile") / "src")
    page = root / "docs" / "glossary.md"
    text = page.read_text(encoding="utf-8")
    first = len(text.splitlines()) + 2
    page.write_text(text + "\n" + "\n\n".join(HOSTILE_PAGE_LINES) + "\n", encoding="utf-8")
    return build_site(root), first


def test_a_strict_build_with_hostile_html_fails_with_one_line_each(hostile_build):
    result, first = hostile_build
    assert not result.ok
    assert "Traceback" not in result.output
    errors = [line for line in result.output.splitlines() if line.startswith("ERROR")]
    assert errors == [
        f"ERROR   -  docs/glossary.md:{first}: <img onerror=...> is not allowed: {SCRIPT} (event-handler attribute 'onerror')",
        f"ERROR   -  docs/glossary.md:{first + 2}: <a href=...> is not allowed: {URL_RULE} (a 'javascript:' address in 'href')",
        f"ERROR   -  docs/glossary.md:{first + 4}: <meta> is not allowed: pages may not redirect readers or change how the browser treats the page",
        f"ERROR   -  docs/glossary.md:{first + 6}: <style> is not allowed: pages may not carry their own styles, which can "
        "load files from elsewhere (the site's styles are in macros/plansite/assets/plan.css)",
        f"ERROR   -  docs/glossary.md:{first + 8}: <a href=...> is not allowed: {URL_RULE} (a 'vbscript:' address in 'href')",
        "ERROR   -  Error reading page 'glossary.md':",
        "ERROR   -  glossary.md cannot be published: 5 problem(s), listed above.",
    ], result.output
    assert not (result.site_dir / "glossary" / "index.html").exists()


def test_the_generators_own_pages_pass(built_site):
    """Every page of the fixture site, the generated person and body pages too, went through
    the check in the shared build; its rendered blocks hold nothing the check refuses."""
    assert built_site.ok
    assert (built_site.site_dir / "glossary" / "index.html").is_file()
    assert len(list(built_site.site_dir.rglob("index.html"))) > 60
    import plansite.preview

    assert plansite.preview.serving is False  # a build is never a preview


@pytest.mark.browser
def test_the_content_security_policy_leaves_search_versions_and_palette_working(built_site, tmp_path):
    """In Chromium: the policy in macros/plansite/overrides/main.html blocks a request to another site,
    yet the theme's own scripts (search, version selector, palette, outdated banner) all work."""
    import shutil

    from plansite.checks import browser_sweep

    published = tmp_path / "published"
    for version in ("v1", "v0"):  # laid out as `make publish` (mike) lays out gh-pages
        shutil.copytree(built_site.site_dir, published / version)
    (published / "versions.json").write_text(
        '[{"version": "v1", "title": "v1", "aliases": ["latest"]}, {"version": "v0", "title": "v0", "aliases": []}]',
        encoding="utf-8",
    )
    record_violations = ("window.__violations = []; document.addEventListener('securitypolicyviolation', "
                         "e => window.__violations.push(e.violatedDirective + ' ' + e.blockedURI))")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright, browser_sweep.served(published) as base:
        browser = playwright.chromium.launch(executable_path=browser_sweep.find_chromium(), args=browser_sweep.CHROMIUM_ARGS)
        page = browser.new_page()
        page.add_init_script(record_violations)
        page.goto(base + "v1/")
        page.wait_for_load_state("networkidle")
        assert "Content-Security-Policy" in page.content()
        assert page.locator(".md-version__current").inner_text() == "v1"
        assert page.locator(".md-version__link").all_text_contents() == ["v1", "v0"]
        assert page.evaluate("document.body.getAttribute('data-md-color-primary')") == "custom"
        page.locator("input[data-md-component=search-query]").click()
        page.keyboard.type("workforce")
        page.wait_for_selector(".md-search-result__item", timeout=10_000)
        assert page.evaluate("window.__violations") == []
        # What the policy is for: a request to another site is refused.
        page.evaluate("() => { const i = document.createElement('img'); i.src = 'https://evil.example/t.gif'; "
                      "document.body.append(i); }")
        page.wait_for_function("window.__violations.length > 0")
        assert page.evaluate("window.__violations") == ["img-src https://evil.example/t.gif"]
        page.goto(base + "v0/")
        page.wait_for_load_state("networkidle")
        assert page.locator("[data-md-component=outdated]").is_visible()
        assert page.evaluate("window.__violations") == []
        browser.close()


def test_a_page_that_passed_is_not_parsed_again_and_a_forged_pass_is_ignored(tmp_path, monkeypatch):
    from plansite.read import disk_cache
    from plansite.checks import page_safety

    monkeypatch.setenv("PLANSITE_CACHE_DIR", str(tmp_path / "cache"))
    safe = "<p>Nothing to see</p>"
    assert page_problems(safe, "Nothing to see\n", PAGE) == []
    hostile = "<p><img src=x onerror=alert(1)></p>"
    # Someone who can write files makes the hostile page look checked, without the key.
    passed = page_safety._passed_mark(hostile)
    (tmp_path / "cache" / "checked" / passed).write_bytes(disk_cache._SEAL + b"\0" * 32)
    assert [p.message for p in page_problems(hostile, "", PAGE)] == [
        f"<img onerror=...> is not allowed: {SCRIPT} (event-handler attribute 'onerror')"
    ]

    def no_parsing(html):
        raise AssertionError("parsed again")

    monkeypatch.setattr(page_safety, "findings", no_parsing)
    assert page_problems(safe, "Nothing to see\n", PAGE) == []
