"""docs/ and data/ hold ordinary files (issue 19, part 5): macros/plansite/checks/site_files.py.

A table of hostile files, each with the one line it must be refused with: links to the
checkout's credentials, the environment and /dev/zero, pipes, HTML and script, pictures that
are not what their name says, SVG that runs or loads things, files too large, and invisible
characters in data values and front matter. Each is checked in process, then by group with a
real strict ``mkdocs build``, ``make check`` (python -m plansite.checks.check) and the Zensical
pre-render, in subprocesses whose environment holds a secret; and a preview build (as
``mkdocs serve`` runs it) leaves the refused files out and publishes neither the secret nor
the credentials.
"""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Callable

import pytest

import conftest
from conftest import ROOT, build_site, copy_site
from plansite.checks import site_files
from plansite.checks.site_files import FILE_LIMIT, PAGE_LIMIT, published_files, site_file_problems

SECRET = "plansite-secret-7c41d9e0"  # SECRET_TOKEN in the environment of every subprocess below
CREDENTIAL = "AUTHORIZATION: basic cGxhbnNpdGUtY3JlZGVudGlhbA=="  # in the site's .git/config
KINDS = ".md, .png, .jpg, .jpeg, .gif, .webp, .avif, .ico, .svg, .pdf, .csv, .txt, .docx, .xlsx, .pptx, .odt, .ods, .odp"
LINK = "is a symbolic link; put the file itself in docs/, links are not published"
DATA_LINK = "is a symbolic link; data files must be ordinary files in the data folder, so copy the file itself there"
SCRIPT = "an SVG picture may not run script"
LOADS = "an SVG picture may not load anything from elsewhere"
SVG_OPEN = '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink">\n'
BIDI = "a bidirectional control character (U+202E, right-to-left override), which shows text in another order than it is written"
ESCAPE_HINT = "delete it (it may have come unseen with pasted text, or be written between double quotes as an escape such as"


def refused_kind(kind: str) -> str:
    return f"'{kind}' files are not published; docs/ may hold only these kinds of file: {KINDS}"


def not_its_kind(kind: str) -> str:
    return (f"does not hold what a '{kind}' file holds (browsers guess a file's kind from its contents, "
            f"and could run it as a web page); save it again as {kind}")


def write(path: Path, content: str | bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, str):
        path.write_text(content, encoding="utf-8")
    else:
        path.write_bytes(content)


def sparse(path: Path, size: int, start: bytes = b"") -> None:
    """A file of ``size`` bytes that takes no room on disk."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as handle:
        handle.write(start)
        handle.truncate(size)


def replace_in(path: Path, old: str, new: str) -> int:
    """Replace the first ``old`` in ``path``; the line it was on."""
    text = path.read_text(encoding="utf-8")
    assert old in text, (old, path)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return text[: text.index(old)].count("\n") + 1


# Each case plants one hostile thing in a site folder (``root`` holds docs/, data/ and
# .git/config) and returns the lines it must be refused with.
Case = Callable[[Path], list[str]]


def link(name: str, target: str | Callable[[Path], str]) -> Case:
    def plant(root: Path) -> list[str]:
        path = root / "docs" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.symlink_to(target(root) if callable(target) else target)
        return [f"docs/{name}: {LINK}"]
    return plant


def planted(name: str, content: str | bytes, *lines: str) -> Case:
    """docs/<name> holding ``content``, refused with ``lines`` ('LINE: message' or ': message')."""
    def plant(root: Path) -> list[str]:
        write(root / "docs" / name, content)
        return [f"docs/{name}{line}" for line in lines]
    return plant


def fifo(root: Path) -> list[str]:
    os.mkfifo(root / "docs" / "updates.csv")
    return ["docs/updates.csv: is not an ordinary file (a device, pipe or socket); put only ordinary files in docs/"]


def data_link(root: Path) -> list[str]:
    (root / "data" / "extra").mkdir()
    (root / "data" / "extra" / "notes.yaml").symlink_to(root / ".git" / "config")
    return [f"data/extra/notes.yaml: {DATA_LINK}"]


def data_fifo(root: Path) -> list[str]:
    os.mkfifo(root / "data" / "pipe.yaml")
    return ["data/pipe.yaml: is not an ordinary file (a device, pipe or socket); data files must be ordinary files in the data folder"]


def large_page(root: Path) -> list[str]:
    sparse(root / "docs" / "huge.md", PAGE_LIMIT + 1, b"# Huge\n")
    return ["docs/huge.md: is 2.0 MB; a page may be at most 2 MB: split it into several pages"]


def large_file(root: Path) -> list[str]:
    sparse(root / "docs" / "papers" / "board.pdf", 1024 * 1024 * 1024, b"%PDF-1.7\n")
    return ["docs/papers/board.pdf: is 1024.0 MB; a file may be at most 25 MB (readers on phones download it): make it smaller"]


def front_matter(value: str, what: str, code: str) -> Case:
    """A page whose front matter holds ``value`` as its title (double-quoted YAML)."""
    def plant(root: Path) -> list[str]:
        write(root / "docs" / "notes.md", f'---\nowner: Office\nreview_by: 2030-01-01\ntitle: "Notes{value}"\n---\n# Notes\n')
        return [f"docs/notes.md:4: title: the value holds {what}; {ESCAPE_HINT} \\{code})"]
    return plant


def body_bidi(root: Path) -> list[str]:
    write(root / "docs" / "story.md", "---\nowner: Office\nreview_by: 2030-01-01\n---\n# Story\n\nPay \u202eNHS 01\n")
    return [f"docs/story.md:7: the page holds {BIDI}; delete it (it often comes unseen with text pasted from another program)"]


SVG_CASES: dict[str, Case] = {
    "svg script": planted("script.svg", SVG_OPEN + "<script>alert(document.domain)</script></svg>",
                          f":2: <script> is not allowed: {SCRIPT}"),
    "svg onload": planted("onload.svg", SVG_OPEN + '<rect width="5" height="5"/>\n<g onload="alert(1)"/></svg>',
                          f":3: <g onload=...> is not allowed: {SCRIPT} (event-handler attribute 'onload')"),
    "svg foreignObject": planted(
        "foreign.svg", SVG_OPEN + '<foreignObject><p xmlns="http://www.w3.org/1999/xhtml">hi</p></foreignObject></svg>',
        ":2: <foreignObject> is not allowed: an SVG picture may not hold HTML",
        ":2: <p> is not allowed: an SVG picture may hold only drawing elements; save it again as plain SVG"),
    "svg HTML script": planted(
        "html-script.svg", SVG_OPEN + '<metadata><script xmlns="http://www.w3.org/1999/xhtml">alert(1)</script></metadata></svg>',
        ":2: <script> is not allowed: an SVG picture may hold only drawing elements; save it again as plain SVG"),
    "svg external image": planted(
        "external.svg", SVG_OPEN + '<image xlink:href="https://tracker.example/p.png" width="1" height="1"/></svg>',
        f':2: <image xlink:href="https://tracker.example/p.png"> is not allowed: {LOADS} (only \'#id\' of a part of '
        "the picture, or a PNG, JPEG, GIF or WebP picture inside it as data:)"),
    "svg link to script": planted(
        "javascript.svg", SVG_OPEN + '<a href="javascript:alert(1)"><text>x</text></a></svg>',
        f':2: <a href="javascript:alert(1)"> is not allowed: {LOADS} (only \'#id\' of a part of '
        "the picture, or a PNG, JPEG, GIF or WebP picture inside it as data:)"),
    "svg entity bomb": planted(
        "bomb.svg",
        '<?xml version="1.0"?>\n<!DOCTYPE svg [\n<!ENTITY a "aaaaaaaaaa">\n<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">\n'
        '<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">\n]>\n' + SVG_OPEN + "<text>&c;</text></svg>",
        ":2: a <!DOCTYPE> is not allowed in an SVG picture (its entities can make a small file take all the memory "
        "there is): delete it"),
    "svg stylesheet": planted(
        "stylesheet.svg", '<?xml-stylesheet href="https://cdn.example/x.css"?>\n' + SVG_OPEN + "</svg>",
        ":1: <?xml-stylesheet ...?> is not allowed in an SVG picture: it could load files from elsewhere"),
    "svg style import": planted(
        "import.svg", SVG_OPEN + '<style>@import "https://cdn.example/x.css";</style></svg>',
        ":2: <style> may not load files (url() other than url(#id), @import) or hold CSS escapes in an SVG picture"),
    "svg url in attribute": planted(
        "url.svg", SVG_OPEN + '<rect width="5" height="5"\n fill="url(https://tracker.example/p.svg#g)"/></svg>',
        ":2: <rect fill=...> may not load files (url() other than url(#id), @import) or hold CSS escapes"),
    "svg animation": planted(
        "animation.svg", SVG_OPEN + '<a href="#x"><set attributeName="href" to="javascript:alert(1)"/></a></svg>',
        ":2: <set> is not allowed: SVG animation can change links and attributes"),
    "svg that is HTML": planted(
        "html.svg", "<html><body><script>alert(1)</script></body></html>",
        ':1: does not hold an SVG picture (it starts with <html>, not <svg xmlns="http://www.w3.org/2000/svg">)'),
    "svg not XML": planted("broken.svg", SVG_OPEN + "<rect></svg>",
                           ":2: is not a readable SVG picture (mismatched tag); save it again as plain SVG"),
}

CASES: dict[str, Case] = {
    "link to .git/config": link("x.txt", "../.git/config"),
    "link to the environment": link("env.txt", "/proc/self/environ"),
    "link to /dev/zero": link("zero.md", "/dev/zero"),
    "dangling link": link("gone.pdf", "no-such-file.pdf"),
    "link to a folder": link("board-papers", lambda root: str(root / "outside")),
    "link deep down": link("a/b/c/logo.png", lambda root: str(root / "outside" / "secret.txt")),
    "pipe": fifo,
    "link in data/": data_link,
    "pipe in data/": data_fifo,
    "evil.html": planted("evil.html", "<script>alert(1)</script>", f": {refused_kind('.html')}"),
    "evil.htm": planted("evil.htm", "<script>alert(1)</script>", f": {refused_kind('.htm')}"),
    "evil.xhtml": planted("evil.xhtml", "<script>alert(1)</script>", f": {refused_kind('.xhtml')}"),
    "evil.shtml": planted("evil.shtml", "<!--#exec cmd='id'-->", f": {refused_kind('.shtml')}"),
    "evil.js": planted("evil.js", "alert(1)", f": {refused_kind('.js')}"),
    "evil.mjs": planted("evil.mjs", "alert(1)", f": {refused_kind('.mjs')}"),
    "evil.css": planted("evil.css", "body{background:url(https://x.example/t)}", f": {refused_kind('.css')}"),
    "evil.wasm": planted("evil.wasm", b"\x00asm", f": {refused_kind('.wasm')}"),
    "evil.swf": planted("evil.swf", b"FWS", f": {refused_kind('.swf')}"),
    "evil.php": planted("evil.php", "<?php system($_GET['c']);", f": {refused_kind('.php')}"),
    "evil.xml": planted("evil.xml", '<x:script xmlns:x="http://www.w3.org/1999/xhtml">alert(1)</x:script>',
                        f": {refused_kind('.xml')}"),
    "capitals": planted("EVIL.HTML", "<script>alert(1)</script>", f": {refused_kind('.html')}"),
    "no kind in the name": planted("CNAME", "example.org",
                                   f": files without a kind at the end of their name are not published; "
                                   f"docs/ may hold only these kinds of file: {KINDS}"),
    "png that is HTML": planted("logo.png", "<html><script>alert(1)</script></html>", f": {not_its_kind('.png')}"),
    "png that is SVG": planted("logo.png", SVG_OPEN + "<script>alert(1)</script></svg>", f": {not_its_kind('.png')}"),
    "jpg that is script": planted("photo.jpg", "<script>alert(1)</script>", f": {not_its_kind('.jpg')}"),
    "pdf that is HTML": planted("plan.pdf", "<!DOCTYPE html><script>alert(1)</script>", f": {not_its_kind('.pdf')}"),
    "txt that is HTML": planted("notes.txt", "\n  <html><script>alert(1)</script>", f": {not_its_kind('.txt')}"),
    **SVG_CASES,
    "page too large": large_page,
    "file too large": large_file,
    "front matter \\x00": front_matter("\\x00", "an invisible control character (U+0000)", "u0000"),
    "front matter \\e": front_matter("\\e[31m", "an invisible control character (U+001B)", "u001b"),
    "front matter \\u202e": front_matter("\\u202e", BIDI, "u202e"),
    "page text U+202E": body_bidi,
}

# Files a plan site needs, each as it starts: none is refused, and all are published.
GOOD_FILES = {
    "pictures/logo.png": b"\x89PNG\r\n\x1a\n" + bytes(40),
    "pictures/photo.jpeg": b"\xff\xd8\xff\xe0" + bytes(40),
    "pictures/anim.gif": b"GIF89a" + bytes(40),
    "pictures/photo.webp": b"RIFF\x24\x00\x00\x00WEBPVP8 " + bytes(40),
    "pictures/photo.avif": b"\x00\x00\x00\x1cftypavif" + bytes(40),
    "favicon.ico": b"\x00\x00\x01\x00" + bytes(40),
    "pictures/map.svg": (
        '<?xml version="1.0" encoding="UTF-8"?>\n<!-- drawn by hand -->\n' + SVG_OPEN
        + '<title>Map</title><defs><linearGradient id="g"><stop offset="0" stop-color="#005eb8"/></linearGradient>'
        '<style>rect { fill: url(#g); font-family: "Arial"; }</style></defs>'
        '<rect width="10" height="10" fill="url(#g)" style="stroke: #000"/><use xlink:href="#g"/>'
        '<image width="1" height="1" href="data:image/png;base64,iVBORw0KGgo="/>'
        '<a href="#g"><text x="1" y="1" xml:space="preserve">Bristol</text></a></svg>'
    ),
    "papers/plan.pdf": b"%PDF-1.7\n" + bytes(40),
    "papers/figures.csv": "area,amount\nBristol,10\n",
    "papers/readme.txt": "Board papers for 2019.\n",
    "papers/tables.xlsx": b"PK\x03\x04" + bytes(40),
    "papers/letter.docx": b"PK\x03\x04" + bytes(40),
    "papers/slides.pptx": b"PK\x03\x04" + bytes(40),
    "papers/minutes.odt": b"PK\x03\x04" + bytes(40),
    ".DS_Store": b"\x00\x00\x00\x01Bud1",  # never published, so not refused
}


def plant_secrets(root: Path) -> None:
    """A folder outside docs/ holding a secret, and a checkout's .git/config holding a
    credential, as the issue found them."""
    (root / "outside").mkdir(parents=True)
    (root / "outside" / "secret.txt").write_text(SECRET, encoding="utf-8")
    (root / ".git").mkdir()
    (root / ".git" / "config").write_text(f'[http "https://github.com/"]\n\textraheader = {CREDENTIAL}\n', encoding="utf-8")


def bare_site(root: Path) -> Path:
    """Empty docs/ and data/ folders beside the secrets."""
    for folder in ("docs", "data"):
        (root / folder).mkdir(parents=True)
    plant_secrets(root)
    return root


def problems_in(root: Path) -> list[str]:
    return sorted(str(p) for p in site_file_problems(root / "docs", root / "data", "docs", "data"))


@pytest.mark.parametrize("case", CASES)
def test_each_hostile_file_is_refused_with_its_line(case, tmp_path):
    root = bare_site(tmp_path)
    expected = CASES[case](root)
    assert problems_in(root) == sorted(expected)
    assert published_files(root / "docs", "docs")[0] == []


def test_files_a_plan_needs_are_published(tmp_path):
    root = bare_site(tmp_path)
    for name, content in GOOD_FILES.items():
        write(root / "docs" / name, content)
    write(root / "docs" / "index.md", "---\ntitle: \"Plan \\u200f\\t\"\n---\n# Plan\n\nمرحبا \u200f(NHS)\r\n")
    assert problems_in(root) == []
    assert sorted(published_files(root / "docs", "docs")[0]) == sorted([n for n in GOOD_FILES if n != ".DS_Store"] + ["index.md"])


def test_a_link_in_the_generators_own_folders_is_refused(tmp_path, monkeypatch):
    own = tmp_path / "overrides"
    own.mkdir()
    (own / "main.html").symlink_to("/etc/passwd")
    monkeypatch.setattr(site_files, "GENERATOR_FOLDERS", (own,))
    monkeypatch.chdir(tmp_path)
    assert [str(p) for p in site_file_problems(None, None)] == [
        "overrides/main.html: is a symbolic link; put the file itself in overrides/, links are not published"
    ]


def test_the_docs_folder_itself_may_not_be_a_link(tmp_path):
    root = bare_site(tmp_path)
    (root / "docs").rmdir()
    (root / "docs").symlink_to(root / "outside")
    assert problems_in(root) == ["docs: is a symbolic link; the site's folders must be folders, not links to them"]


# ---- real builds, make check and the Zensical pre-render, by kind ------------------------

GROUPS = {
    "links": ["link to .git/config", "link to the environment", "link to /dev/zero", "dangling link",
              "link to a folder", "link deep down", "link in data/"],
    "not ordinary files": ["pipe", "pipe in data/"],
    "kinds": ["evil.html", "evil.js", "evil.css", "no kind in the name"],
    "contents": ["png that is HTML", "png that is SVG", "txt that is HTML"],
    "svg": ["svg script", "svg onload", "svg foreignObject", "svg external image", "svg entity bomb", "svg stylesheet"],
    "sizes": ["page too large", "file too large"],
    "characters in pages": ["front matter \\u202e", "page text U+202E"],
}


def hostile_site(root: Path, cases: list[str]) -> tuple[Path, list[str]]:
    """A copy of the fixture site with ``cases`` planted in it, and the lines they must give."""
    copy_site(root)
    plant_secrets(root)
    expected = [line for case in cases for line in CASES[case](root)]
    return root, expected


def assert_refused(output: str, expected: list[str]) -> None:
    assert "Traceback" not in output, output
    assert SECRET not in output and CREDENTIAL not in output, output
    lines = output.splitlines()
    for line in expected:
        assert any(line in printed for printed in lines), f"{line!r} not in:\n{output}"


def assert_nothing_leaked(folder: Path) -> None:
    """No file under ``folder`` holds the secret or the credential."""
    for path in folder.rglob("*"):
        if path.is_file() and not path.is_symlink():
            content = path.read_bytes()
            assert SECRET.encode() not in content and CREDENTIAL.encode() not in content, path


def run(args: list[str], cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run(args, cwd=cwd, env={**conftest.ENV, "SECRET_TOKEN": SECRET}, capture_output=True,
                          text=True, timeout=300)


@pytest.mark.parametrize("group", GROUPS)
def test_build_check_and_prerender_refuse_each_kind(group, tmp_path, monkeypatch):
    root, expected = hostile_site(tmp_path / "site", GROUPS[group])
    monkeypatch.setitem(conftest.ENV, "SECRET_TOKEN", SECRET)
    result = build_site(root)
    assert not result.ok
    assert_refused(result.output, expected)
    assert f"in docs/ or data/ cannot be published, listed above; nothing was built." in result.output
    assert not result.site_dir.exists()

    check = run([sys.executable, "-m", "plansite.checks.check", "data", "--docs", "docs"], root)
    assert check.returncode == 1
    assert_refused(check.stderr, expected)

    prerender = run([sys.executable, "-m", "plansite.outputs.prerender", "mkdocs.yml", str(tmp_path / "zensical")], root)
    assert prerender.returncode == 1
    assert_refused(prerender.stderr, expected)
    assert not (tmp_path / "zensical").exists()
    if os.environ["PLANSITE_CACHE_DIR"] != "off":  # nor did a reading of a linked file reach the cache
        assert_nothing_leaked(Path(os.environ["PLANSITE_CACHE_DIR"]))


def test_characters_in_data_values_fail_the_build_and_check(tmp_path):
    root = copy_site(tmp_path / "site")
    people = root / "data" / "people.yaml"
    name_at = replace_in(people, "name: Julia Ross", 'name: "Julia\\x00 Ross"')
    escape_at = replace_in(people, "name: Robert Woolley", 'name: "Robert \\e[31mWoolley"')
    bidi_at = replace_in(root / "data" / "bodies.yaml", "  - id:", '  - "i\\u202ed":')
    expected = [
        f"data/people.yaml:{name_at}: 1st person (name): the value holds an invisible control character (U+0000); "
        f"{ESCAPE_HINT} \\u0000)",
        f"data/people.yaml:{escape_at}: 2nd person (name): the value holds an invisible control character (U+001B)",
        f"data/bodies.yaml:{bidi_at}: 1st body (i\\u202ed): the field name holds {BIDI}; {ESCAPE_HINT} \\u202e)",
    ]
    result = build_site(root)
    assert not result.ok
    assert "Traceback" not in result.output
    for line in expected:
        assert any(line in printed for printed in result.output.splitlines()), f"{line!r} not in:\n{result.output}"
    check = run([sys.executable, "-m", "plansite.checks.check", "data"], root)
    assert check.returncode == 1
    for line in expected:
        assert any(l.startswith(line) for l in check.stderr.splitlines()), f"{line!r} not in:\n{check.stderr}"


# A build as ``mkdocs serve`` runs it (on_startup("serve"), then build), into a folder we can read.
PREVIEW = """
import sys
from mkdocs.commands.build import build
from mkdocs.config import load_config
config = load_config(config_file=sys.argv[1], site_dir=sys.argv[2])
config.plugins.on_startup(command="serve", dirty=False)
build(config)
config.plugins.on_shutdown()
"""


def test_a_preview_shows_the_problems_and_leaves_the_files_out(tmp_path):
    cases = ["link to .git/config", "link to the environment", "link to /dev/zero", "link to a folder", "pipe",
             "evil.html", "png that is HTML", "svg script", "page text U+202E"]
    root, expected = hostile_site(tmp_path / "site", cases)
    for name, content in GOOD_FILES.items():
        write(root / "docs" / name, content)
    site = tmp_path / "preview"
    preview = run([sys.executable, "-c", PREVIEW, str(root / "mkdocs.yml"), str(site)], root)
    assert preview.returncode == 0, preview.stderr
    assert_refused(preview.stderr, expected)
    assert (site / "index.html").is_file() and (site / "glossary" / "index.html").is_file()
    for refused in ("x.txt", "env.txt", "zero.md", "zero", "board-papers", "updates.csv", "evil.html", "logo.png",
                    "script.svg", "story"):
        assert not (site / refused).exists(), refused
    for name, content in GOOD_FILES.items():
        if name != ".DS_Store":
            assert (site / name).read_bytes() == (content.encode() if isinstance(content, str) else content), name
    assert_nothing_leaked(site)


def test_allowed_files_build_strictly_with_either_engine(tmp_path):
    root = copy_site(tmp_path / "site")
    for name, content in GOOD_FILES.items():
        write(root / "docs" / name, content)
    result = build_site(root)
    assert result.ok, result.output
    prerender = run([sys.executable, "-m", "plansite.outputs.prerender", "mkdocs.yml", str(tmp_path / "zensical")], root)
    assert prerender.returncode == 0, prerender.stderr
    for name, content in GOOD_FILES.items():
        for built in (result.site_dir, tmp_path / "zensical" / "docs"):
            if name == ".DS_Store":
                assert not (built / name).exists()
            else:
                assert (built / name).read_bytes() == (content.encode() if isinstance(content, str) else content), name


def test_limits_are_what_the_writers_guide_says():
    guide = (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")
    assert f"{PAGE_LIMIT // 1024 // 1024} MB" in guide and f"{FILE_LIMIT // 1024 // 1024} MB" in guide
    for kind in KINDS.split(", "):
        assert f"`{kind}`" in guide, kind


# ---- invisible characters in data values, read by either reader --------------------------

@pytest.fixture(params=["C parser", "pure-Python reader"])
def reader(request, monkeypatch):
    """Each case read by libyaml's fast path and by the pure-Python reader alone."""
    from plansite.read import loading

    monkeypatch.setenv("PLANSITE_CACHE_DIR", "off")
    if request.param == "pure-Python reader":
        monkeypatch.setattr(loading, "_CParser", None)
    elif loading._CParser is None:
        pytest.skip("PyYAML has no libyaml here")
    return request.param


HEADER = "# yaml-language-server: $schema=../schemas/people.schema.json\npeople:\n  - id: julia-ross\n"
CONTROL = "an invisible control character"
DATA_CHARACTERS = {
    "\\x00 in double quotes": ('    name: "Julia\\x00 Ross"\n', f"1st person (name): the value holds {CONTROL} (U+0000)", "u0000"),
    "\\e in double quotes": ('    name: "\\e[31mJulia"\n', f"1st person (name): the value holds {CONTROL} (U+001B)", "u001b"),
    "\\u202e in double quotes": ('    name: "Julia \\u202eRoss"\n', f"1st person (name): the value holds {BIDI}", "u202e"),
    "\\u2066 in a flow list": ('    roles: [x, "\\u2066y"]\n', "1st person › 2nd role: the value holds a bidirectional control "
                               "character (U+2066, left-to-right isolate), which shows text in another order than it is written", "u2066"),
    "\\r in double quotes": ('    name: "Julia\\rRoss"\n', f"1st person (name): the value holds {CONTROL} (U+000D)", "u000d"),
    "\\x85 (NEL) in double quotes": ('    name: "Julia\\NRoss"\n', f"1st person (name): the value holds {CONTROL} (U+0085)", "u0085"),
    "\\x9b (C1 CSI) in double quotes": ('    name: "\\x9b31m"\n', f"1st person (name): the value holds {CONTROL} (U+009B)", "u009b"),
    "\\x7f (DEL) in double quotes": ('    name: "Julia\\x7f"\n', f"1st person (name): the value holds {CONTROL} (U+007F)", "u007f"),
    "a lone surrogate": ('    name: "\\ud800"\n', "1st person (name): the value holds a code that is not a character (U+D800)", "ud800"),
    "U+202E pasted in": ('    name: Julia \u202eRoss\n', f"1st person (name): the value holds {BIDI}", "u202e"),
    "in a field name": ('    "na\\u202eme": Julia\n', f"1st person (na\\u202eme): the field name holds {BIDI}", "u202e"),
}


@pytest.mark.parametrize("case", DATA_CHARACTERS)
def test_invisible_characters_in_data_are_named_with_line_and_field(case, tmp_path, reader):
    from plansite.read.problems import ProblemsFound
    from plansite.read.loading import load_yaml_file

    line, message, code = DATA_CHARACTERS[case]
    path = tmp_path / "people.yaml"
    path.write_text(HEADER + line, encoding="utf-8")
    with pytest.raises(ProblemsFound) as caught:
        load_yaml_file(path, "data/people.yaml")
    assert [str(p) for p in caught.value.problems] == [f"data/people.yaml:4: {message}; {ESCAPE_HINT} \\{code})"]


def test_marks_for_right_to_left_names_and_tabs_are_kept(tmp_path, reader):
    from plansite.read.loading import load_yaml_file

    path = tmp_path / "people.yaml"
    path.write_text(HEADER + '    name: "\\u200fنور\\u200e (NHS)"\n    note: "a\\tb"\n', encoding="utf-8")
    assert load_yaml_file(path, "data/people.yaml").value["people"][0] == {
        "id": "julia-ross", "name": "\u200fنور\u200e (NHS)", "note": "a\tb",
    }


@pytest.mark.parametrize("character, name", [("\u2028", "a line separator (U+2028)"), ("\x85", f"{CONTROL} (U+0085)")])
def test_characters_yaml_reads_as_line_ends_are_refused_before_parsing(character, name, tmp_path, reader):
    from plansite.read.problems import ProblemsFound
    from plansite.read.loading import load_yaml_file

    path = tmp_path / "people.yaml"
    path.write_text(HEADER + f"    name: Julia{character}Ross\n", encoding="utf-8")
    with pytest.raises(ProblemsFound) as caught:
        load_yaml_file(path, "data/people.yaml")
    assert str(caught.value) == (
        f"data/people.yaml:4: the file holds {name}, which a data file may not hold; "
        "delete it (it often comes with text pasted from another program)"
    )


def test_a_data_file_too_large_is_not_read(tmp_path, monkeypatch):
    from plansite.read.problems import ProblemsFound
    from plansite.read import loading

    path = tmp_path / "people.yaml"
    sparse(path, loading.MAX_DATA_FILE_BYTES + 1, HEADER.encode())
    monkeypatch.setattr(Path, "read_bytes", lambda self: pytest.fail(f"{self} was read"))
    with pytest.raises(ProblemsFound) as caught:
        loading.load_yaml_file(path, "data/people.yaml")
    assert str(caught.value) == (
        "data/people.yaml: is 25.0 MB; a data file may be at most 25 MB: split it, or look for text pasted in by mistake"
    )
