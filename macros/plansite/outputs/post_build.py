"""What a build adds beside the pages, whichever engine made them.

``publish_extras`` writes the open data, the Atom feed of changes, the RSS feed of board
updates and the board pack PDF; the MkDocs hooks (macros/plansite/hooks.py) call it after a MkDocs
build. ``python -m plansite.outputs.post_build path/to/mkdocs.yml SITE_DIR`` runs it after another
engine's build (Zensical), first checking the built pages as the MkDocs hooks check them
while rendering: no hand-written page may hold HTML that macros/plansite/checks/page_safety.py refuses
(the pages' other problems stopped the pre-render already). Any problem: one line each, exit 1, nothing added.
"""
from __future__ import annotations

import os
import re
import sys
from pathlib import Path
from typing import Callable

from plansite.outputs import board_pack as _board_pack  # by module: tests replace find_chromium there
from plansite.render.changes import Release, changes_for
from plansite.checks.site_data import SiteData
from plansite.outputs.feeds import changes_feed, rss_feed
from plansite.outputs.open_data import write_open_data
from plansite.outputs.search_index import expand_search_index
from plansite.render.pages import front_matter_lines
from plansite.checks.page_safety import page_problems
from plansite.outputs.content_policy import secure_page
from plansite.render.posts import FEED, POSTS_DIR, read_posts
from plansite.render.urls import dataset_pages, doc_url


class PostBuildError(Exception):
    """The build cannot be finished; the message is one line."""


def publish_extras(
    site: SiteData, site_dir: Path, *, site_name: str, site_url: str | None, directory_urls: bool,
    docs_dir: Path, board_pack: bool = True, note: Callable[[str], None] = print,
) -> None:
    """Write the open data, the feeds and (unless ``board_pack`` is false: a preview) the
    board pack PDF into ``site_dir``. ``note`` hears what was left out and why."""
    write_open_data(site, site_dir / "data")
    expand_search_index(site, site_dir, doc_url(dataset_pages()["glossary"], directory_urls), directory_urls)
    release = Release.from_environment(dict(os.environ))
    as_of = site.partnership.as_of
    updated = release.published or f"{as_of.year:04d}-{as_of.month:02d}-{as_of.day or 1:02d}"
    feed = changes_feed(
        changes_for(site, release), site_name=site_name, version=release.version, updated=updated,
        page_url=doc_url("changes.md", directory_urls), base_url=site_url or None,
    )
    (site_dir / "changes.xml").write_text(feed, encoding="utf-8")
    _write_updates_feed(site_dir, docs_dir, site_name=site_name, site_url=site_url, directory_urls=directory_urls)
    if board_pack:
        _print_board_pack(site_dir, release, note)


def _write_updates_feed(site_dir: Path, docs_dir: Path, *, site_name: str, site_url: str | None, directory_urls: bool) -> None:
    """The RSS feed of board update reports, for a site that has an updates/ folder."""
    if not (docs_dir / POSTS_DIR).is_dir():
        return
    posts, _ = read_posts(docs_dir)  # problems were reported on the updates page
    feed = rss_feed(posts, site_name=site_name, site_url=site_url, directory_urls=directory_urls)
    (site_dir / FEED).write_text(feed, encoding="utf-8")


def _print_board_pack(site_dir: Path, release: Release, note: Callable[[str], None]) -> None:
    """Print the board pack page to one PDF. A release must have it; a local build may skip
    it (with a note) where Chromium is not installed."""
    chromium = _board_pack.find_chromium()
    if chromium is None:
        if release.version != "unreleased":
            raise PostBuildError("the board pack PDF needs Chromium (apt-get install chromium); nothing was published")
        note("Board pack PDF not made: Chromium is not installed (apt-get install chromium).")
        _board_pack.link_pdf(site_dir / "board-pack" / "index.html", None)  # the page says there is none
        return
    try:
        _board_pack.print_to_pdf(site_dir / "board-pack" / "index.html", site_dir / _board_pack.PDF, chromium)
    except _board_pack.BoardPackError as exc:
        raise PostBuildError(str(exc)) from None
    _board_pack.link_pdf(site_dir / "board-pack" / "index.html", site_dir / _board_pack.PDF)


_ARTICLE = re.compile(r"<article\b[^>]*>(.*)</article>", re.DOTALL)


def unsafe_pages(site_dir: Path, docs_dir: Path, docs_display: str, directory_urls: bool,
                 media_hosts: frozenset[str] = frozenset()) -> list[str]:
    """The problems macros/plansite/checks/page_safety.py finds in each hand-written page as built (its
    ``<article>``), one line each, then one line per page that cannot be published: what the
    MkDocs hooks report while rendering."""
    lines: list[str] = []
    for source_file in sorted(docs_dir.rglob("*.md")):
        src_path = source_file.relative_to(docs_dir).as_posix()
        built = site_dir / (doc_url(src_path, directory_urls) or "index.html")
        if built.suffix != ".html":
            built = built / "index.html"
        if not built.is_file():
            continue  # not a page of this site (a hidden or excluded file)
        article = _ARTICLE.search(built.read_text(encoding="utf-8"))
        source = source_file.read_text(encoding="utf-8-sig")
        found = page_problems(article.group(1) if article else "", source, f"{docs_display}/{src_path}",
                              front_matter_lines(source), media_hosts=media_hosts)
        if found:
            lines += [str(p) for p in found] + [f"{src_path} cannot be published: {len(found)} problem(s), listed above."]
    return lines


def secure_pages(site_dir: Path, media_hosts: frozenset[str]) -> list[str]:
    """Every built page checked whole and given its security policy, as the MkDocs hooks do
    for each page (macros/plansite/outputs/content_policy.py); the problems, one line each."""
    lines: list[str] = []
    for built in sorted(site_dir.rglob("*.html")):
        rel = built.relative_to(site_dir).as_posix()
        secured, problems = secure_page(built.read_text(encoding="utf-8"), "", f"{site_dir.name}/{rel}", media_hosts)
        if problems:
            lines += [str(p) for p in problems] + [f"{rel} cannot be published: {len(problems)} problem(s), listed above."]
        else:
            built.write_text(secured, encoding="utf-8")
    return lines


def main(argv: list[str] | None = None) -> int:
    from plansite.read.problems import ProblemsFound, data_problems_summary, problem_lines
    from plansite.checks.site_data import load_site_data
    from plansite.read.site_config import ConfigProblem, data_dir_of, display_dir_of, load_site_config, media_hosts_of

    args = argv if argv is not None else sys.argv[1:]
    if len(args) != 2:
        print("usage: python -m plansite.outputs.post_build path/to/mkdocs.yml SITE_DIR", file=sys.stderr)
        return 2
    site_dir = Path(args[1])
    if not (site_dir / "index.html").is_file():
        print(f"{args[1]}: no built site here (no index.html); build the pages first", file=sys.stderr)
        return 1
    try:
        conf = load_site_config(args[0])
        data_dir = data_dir_of(conf)
        site = load_site_data(data_dir, display_dir_of(data_dir))
        problems = unsafe_pages(
            site_dir, Path(conf["docs_dir"]), display_dir_of(Path(conf["docs_dir"])), conf["use_directory_urls"],
            media_hosts_of(conf),
        ) or secure_pages(site_dir, media_hosts_of(conf))
        if problems:
            for line in problems:
                print(line, file=sys.stderr)
            return 1
        publish_extras(
            site, site_dir, site_name=conf.get("site_name") or "", site_url=conf["site_url"],
            directory_urls=conf["use_directory_urls"], docs_dir=Path(conf["docs_dir"]),
        )
    except (ConfigProblem, PostBuildError) as exc:
        print(exc, file=sys.stderr)
        return 1
    except ProblemsFound as exc:
        for line in problem_lines(exc.problems):
            print(line, file=sys.stderr)
        print(data_problems_summary(len(exc.problems)), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    from plansite.read.loading import run_one_shot

    run_one_shot(main)
