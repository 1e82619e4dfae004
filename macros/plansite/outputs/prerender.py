"""``python -m plansite.outputs.prerender path/to/mkdocs.yml OUT``: a site's pages as plain Markdown.

Renders every page the way the MkDocs build does (the same page macros, render/page_macros.py,
``page_markdown`` from render/pages.py, the generated person, body and board pack pages), with no MkDocs import, so that any engine that reads mkdocs.yml
(Zensical) can build the site from OUT:

- OUT/docs/: every page rendered; the site's other files; the generator's stylesheet.
- OUT/overrides/: the generator's theme overrides.
- OUT/mkdocs.yml: the site's settings, INHERIT merged, without the generator's plugin and any
  hooks, with the settings the plugin brings (site_defaults.py).

Every page ``name.md`` is written as ``name/index.md`` (the home page stays ``index.md``), so
the folder of its Markdown file is the folder of its URL. Zensical resolves relative links in
raw HTML against the Markdown file, a browser (and so MkDocs) against the page's URL; laid out
like this they agree, and the generator's links resolve under either engine. The Markdown
links the editors wrote (``[Plan](plan.md)``) are rewritten to the new paths.

A data or page problem prints one line each and exits 1; OUT is then left as it was.
"""
from __future__ import annotations

import json
import posixpath
import re
import shutil
import sys
import tempfile
from pathlib import Path
from types import SimpleNamespace
from typing import Any, Callable

import yaml

from plansite.checks.site_data import load_site_data
from plansite.render.generated_pages import generated_pages
from plansite.render.page_macros import define_page_macros
from plansite.render.pages import page_markdown
from plansite.checks.page_source import read_page
from plansite.read.problems import ProblemsFound, data_problems_summary
from plansite.checks.site_files import files_refused_summary, published_files, site_file_problems
from plansite.read.site_config import ConfigProblem, SettingsDumper, data_dir_of, site_options, display_dir_of, load_site_config, nav_without
from plansite.render.urls import doc_url
from plansite.outputs.edit_link import META_KEY, edit_link
from plansite.site_defaults import MARKDOWN_EXTENSIONS, THEME, VALIDATION, VERSION_SELECTOR

PACKAGE = Path(__file__).resolve().parents[1]  # the package's folder: its stylesheet and overrides
# The generator's stylesheet, at the same place in the site as macros/plansite/hooks.py puts it.
STYLESHEET = "assets/plansite/plan.css"
OVERRIDES = "overrides"
# YAML front matter as MkDocs reads it (mkdocs.utils.meta).
_FRONT_MATTER = re.compile(r"^-{3}[ \t]*\n(.*?\n)(?:\.{3}|-{3})[ \t]*\n", re.DOTALL)


class PrerenderFailed(Exception):
    """The site cannot be rendered; ``lines`` are the one-line problems to print."""

    def __init__(self, lines: list[str]) -> None:
        super().__init__("\n".join(lines))
        self.lines = lines


class _MacrosEnv:
    """What the macros plugin hands ``define_env``, and nothing more: the settings, the
    variables and the page being rendered (the macros read its URL)."""

    def __init__(self, conf: dict, variables: dict) -> None:
        self.conf = conf
        self.variables = variables
        self.page: Any = None

    def macro(self, function: Callable, name: str = "") -> Callable:
        self.variables["macros"][name or function.__name__] = function
        return function


def _split_front_matter(source: str) -> tuple[str, dict, str]:
    """(front matter block as written, its values, the page body), as MkDocs splits them."""
    match = _FRONT_MATTER.match(source)
    if not match:
        return "", {}, source
    try:
        meta = yaml.safe_load(match.group(1))
    except yaml.YAMLError:
        meta = None
    if not isinstance(meta, dict):
        return "", {}, source
    return match.group(0), meta, source[match.end():].lstrip("\n")


def _written_pages(docs_dir: Path) -> tuple[dict[str, str], set[str]]:
    """Every published hand-written page's path under docs/ -> its Markdown source, and the
    paths of the draft and private pages left out. Raises PrerenderFailed naming each page
    that cannot be read or whose front matter does not fit (macros/plansite/checks/page_source.py)."""
    pages, hidden, problems = {}, set(), []
    for path in sorted(docs_dir.rglob("*.md")):
        rel = path.relative_to(docs_dir).as_posix()
        if any(part.startswith(".") for part in rel.split("/")):
            continue  # MkDocs leaves hidden files out
        page = read_page(path.read_bytes(), f"{display_dir_of(docs_dir)}/{rel}")
        if isinstance(page, list):
            problems += [str(p) for p in page]
        elif page.hidden:
            hidden.add(rel)
        else:
            pages[rel] = page.text
    if problems:
        raise PrerenderFailed(problems)
    return pages, hidden


def output_path(src_path: str, directory_urls: bool = True) -> str:
    """Where page ``src_path`` is written so that its file's folder is its URL's folder."""
    stem, _ = posixpath.splitext(src_path)
    if not directory_urls or posixpath.basename(stem) == "index":
        return src_path
    return f"{stem}/index.md"


_INLINE_LINK = re.compile(r"(\]\(\s*)(<[^>\n]*>|[^)\s]+)")
_REFERENCE = re.compile(r"(?m)^( {0,3}\[(?!\^)[^\]\n]+\]:[ \t]*)(<[^>\n]*>|\S+)")
_FENCE = re.compile(r"(?ms)^( {0,3})(`{3,}|~{3,}).*?^\1\2[ \t]*$")


def rewrite_links(markdown: str, src_path: str, moved: dict[str, str]) -> str:
    """``markdown`` (page ``src_path``) with its relative Markdown links pointing from where
    the page is written (``moved[src_path]``) to where their targets are written."""
    new_dir = posixpath.dirname(moved.get(src_path, src_path))
    old_dir = posixpath.dirname(src_path)

    def target(match: re.Match) -> str:
        link = match.group(2)
        bracketed = link.startswith("<")
        link = link.strip("<>")
        path, suffix = re.match(r"([^#?]*)(.*)", link).groups()
        if not path or re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*:", path) or path.startswith("/"):
            return match.group(0)
        resolved = posixpath.normpath(posixpath.join(old_dir, path))
        relative = posixpath.relpath(moved.get(resolved, resolved), new_dir or ".")
        if path.endswith("/") and not relative.endswith("/"):
            relative += "/"
        new = relative + suffix
        return match.group(1) + (f"<{new}>" if bracketed else new)

    pieces, last = [], 0
    for fence in _FENCE.finditer(markdown):  # code blocks show links; they do not follow them
        pieces.append(_rewrite_prose(markdown[last:fence.start()], target))
        pieces.append(fence.group(0))
        last = fence.end()
    pieces.append(_rewrite_prose(markdown[last:], target))
    return "".join(pieces)


def _rewrite_prose(text: str, target: Callable) -> str:
    return _REFERENCE.sub(target, _INLINE_LINK.sub(target, text))


def _output_config(conf: dict, moved: dict[str, str], generated: set[str] = frozenset()) -> dict:
    """The site's settings for an engine without the generator's plugin and hooks."""
    out = {k: v for k, v in conf.items() if k not in ("config_file_path", "hooks", "INHERIT")}
    out["docs_dir"] = "docs"
    out["site_dir"] = "site"
    plugins = out.get("plugins") or []
    ours = ("macros", "plansite")  # their work is done: the pages are rendered, the rest comes after
    if isinstance(plugins, dict):
        out["plugins"] = {k: v for k, v in plugins.items() if k not in ours}
    else:
        out["plugins"] = [p for p in plugins if p not in ours and not (isinstance(p, dict) and set(p) & set(ours))]
    theme = dict(out.get("theme") or {"name": "material"})
    out["theme"] = {**THEME, **theme, "custom_dir": OVERRIDES}
    out["extra_css"] = list(out.get("extra_css") or []) + ([STYLESHEET] if STYLESHEET not in (out.get("extra_css") or []) else [])
    # What the MkDocs plugin brings to every site (site_defaults.py), unless the site says otherwise.
    extensions = {}
    for item in out.get("markdown_extensions") or []:
        extensions.update({item: {}} if isinstance(item, str) else item)
    for name, options in MARKDOWN_EXTENSIONS.items():
        extensions[name] = {**options, **(extensions.get(name) or {})}
    out["markdown_extensions"] = [{name: options} if options else name for name, options in extensions.items()]
    out["extra"] = {"version": dict(VERSION_SELECTOR), **(out.get("extra") or {})}
    out["validation"] = {**VALIDATION, **(out.get("validation") or {})}
    if "nav" in out:
        out["nav"] = _moved_nav(out["nav"], moved)
    # The generated person and body pages (and the board pack) are linked, not in the menu.
    listed = [f"/{moved.get(path, path)}" for path in sorted(generated)]
    if listed:
        out["not_in_nav"] = "\n".join([*(str(out.get("not_in_nav") or "").splitlines()), *listed])
    return out


def _moved_nav(nav: Any, moved: dict[str, str]) -> Any:
    if isinstance(nav, str):
        return moved.get(nav, nav)
    if isinstance(nav, list):
        return [_moved_nav(item, moved) for item in nav]
    if isinstance(nav, dict):
        return {key: _moved_nav(value, moved) for key, value in nav.items()}
    return nav


def render_site(config_file: Path) -> tuple[dict, dict[str, str], set[str]]:
    """The site's settings, every page's path under docs/ -> its rendered Markdown (with its
    front matter as written), and the paths of the pages the generator wrote. Raises
    PrerenderFailed with the problems."""
    try:
        conf = load_site_config(config_file)
    except ConfigProblem as exc:
        raise PrerenderFailed([str(exc)]) from None
    docs_dir = Path(conf["docs_dir"])
    data_dir = data_dir_of(conf)
    refused = site_file_problems(docs_dir, data_dir)  # before anything reads them
    if refused:
        raise PrerenderFailed([str(p) for p in sorted(set(refused))] + [files_refused_summary(refused)])
    written, hidden = _written_pages(docs_dir)
    conf = {**conf, "nav": nav_without(conf["nav"], hidden)} if hidden and conf.get("nav") else conf
    display = display_dir_of(data_dir)
    try:
        site = load_site_data(data_dir, display)
    except ProblemsFound as exc:
        raise PrerenderFailed([str(p) for p in exc.problems] + [data_problems_summary(len(exc.problems))]) from None
    variables: dict[str, Any] = {"macros": {}}
    env = _MacrosEnv(conf, variables)
    define_page_macros(env)  # as a build does: no drafts, broken data stops it
    renderer = variables["plan_renderer"]
    page_env = variables["plan_page_env"]
    rendered, problems = {}, []
    docs_display = display_dir_of(docs_dir)
    sources = {path: (source, False) for path, source in written.items()}
    for path, source in generated_pages(site).items():
        sources.setdefault(path, (source, True))  # a hand-written page wins
    for src_path, (source, generated) in sources.items():
        front, meta, body = _split_front_matter(source)
        env.page = SimpleNamespace(
            url=doc_url(src_path, conf["use_directory_urls"]), meta=meta, title=meta.get("title"),
            file=SimpleNamespace(src_path=src_path, src_uri=src_path, content_string=source,
                                 generated_by="plansite" if generated else None),
        )
        env.variables = {**variables, "page": env.page}
        markdown, found = page_markdown(
            page_env, source, body, meta, f"{docs_display}/{src_path}", hand_written=not generated
        )
        if found:
            problems += [str(p) for p in found] + [f"{src_path} cannot be published: {len(found)} problem(s), listed above."]
        rendered[src_path] = with_edit_link(front, src_path, conf, meta, generated) + renderer.explained_page(markdown)
    if problems:
        raise PrerenderFailed(list(dict.fromkeys(problems)))
    return conf, rendered, {path for path, (_, generated) in sources.items() if generated}


def with_edit_link(front: str, src_path: str, conf: dict, meta: dict, generated: bool) -> str:
    """The page's front matter with its "Edit this page" link added, as hooks.py gives a
    MkDocs page (outputs/edit_link.py). No page holds that key itself: front matter with a key
    the model does not know is refused before this (checks/page_source.py)."""
    link = edit_link(src_path, doc_url(src_path, conf["use_directory_urls"]), meta, generated, site_options(conf).editor)
    if not link:
        return front
    line = f"{META_KEY}: {json.dumps(link)}\n"  # JSON quotes safely for YAML
    if not front:
        return f"---\n{line}---\n"
    opening, rest = front.split("\n", 1)
    return f"{opening}\n{line}{rest}"


def prerender(config_file: Path, out: Path) -> int:
    """Write the site into ``out`` (replacing it only once everything is written); return
    how many pages were written."""
    conf, pages, generated = render_site(config_file)
    directory_urls = conf["use_directory_urls"]
    moved = {src: output_path(src, directory_urls) for src in pages}
    out = out.resolve()
    out.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{out.name}-", dir=out.parent))
    try:
        docs_out = staging / "docs"
        docs_out.mkdir()
        docs_dir = Path(conf["docs_dir"])
        # The site's own files besides its pages (pictures, downloads) that may be published.
        for name in published_files(docs_dir)[0]:
            if not name.lower().endswith(".md"):
                (docs_out / name).parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(docs_dir / name, docs_out / name, follow_symlinks=False)
        for src_path, markdown in pages.items():
            target = docs_out / moved[src_path]
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(rewrite_links(markdown, src_path, moved), encoding="utf-8")
        (docs_out / STYLESHEET).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(PACKAGE / "assets" / "plan.css", docs_out / STYLESHEET)
        shutil.copytree(PACKAGE / "overrides", staging / OVERRIDES)
        settings = _output_config(conf, moved, generated)
        header = f"# Written by python -m plansite.outputs.prerender from {conf['config_file_path']}; do not edit.\n"
        (staging / "mkdocs.yml").write_text(
            header + yaml.dump(settings, Dumper=SettingsDumper, sort_keys=False, allow_unicode=True),
            encoding="utf-8",
        )
        if out.exists():
            shutil.rmtree(out)
        staging.rename(out)
    finally:
        if staging.exists():
            shutil.rmtree(staging)
    return len(pages)


def main(argv: list[str] | None = None) -> int:
    args = argv if argv is not None else sys.argv[1:]
    if len(args) != 2:
        print("usage: python -m plansite.outputs.prerender path/to/mkdocs.yml OUT", file=sys.stderr)
        return 2
    try:
        count = prerender(Path(args[0]), Path(args[1]))
    except PrerenderFailed as exc:
        for line in exc.lines:
            print(line, file=sys.stderr)
        return 1
    print(f"{args[1]}: {count} pages rendered.")
    return 0


if __name__ == "__main__":
    from plansite.read.loading import run_one_shot

    run_one_shot(main)
