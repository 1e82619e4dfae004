"""``python -m plansite.checks.linkcheck SITE_DIR``: every internal link and anchor in a built site resolves.

MkDocs checks links written in Markdown; the links our templates write into HTML, and the
anchors they point at, are checked here, on the finished files.
"""
from __future__ import annotations

import sys
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

from plansite.read.site_config import EDITOR_ROUTE


class PageLinks(HTMLParser):
    """The links, ids and loaded resources of one HTML page."""

    def __init__(self) -> None:
        super().__init__()
        self.hrefs: list[str] = []
        self.ids: set[str] = set()
        self.sources: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if attrs.get("id"):
            self.ids.add(attrs["id"])
        if tag == "a" and attrs.get("href"):
            self.hrefs.append(attrs["href"])
        for key in ("src", "href"):
            if tag in ("script", "link", "img", "iframe", "source", "audio", "video") and attrs.get(key):
                self.sources.append(attrs[key])


def parse_page(path: Path) -> PageLinks:
    parser = PageLinks()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


def html_pages(site_dir: Path) -> list[Path]:
    return sorted(p for p in site_dir.rglob("*.html") if "assets" not in p.relative_to(site_dir).parts)


def broken_links(site_dir: Path) -> list[str]:
    """One line per internal link whose page or anchor does not exist."""
    site_dir = site_dir.resolve()
    parsed: dict[Path, PageLinks] = {}
    broken = []
    for page in html_pages(site_dir):
        if page.name == "404.html":
            continue  # served at any depth, so MkDocs gives it root-relative links
        if page not in parsed:  # setdefault would parse the page again on every call
            parsed[page] = parse_page(page)
        links = parsed[page]
        for href in links.hrefs:
            parts = urlsplit(href)
            if parts.scheme or parts.netloc or href.startswith("mailto:"):
                continue
            if parts.fragment.startswith(EDITOR_ROUTE):
                continue  # "Edit this page": the editor at the site root's admin/, beside the versions
            target = (page.parent / unquote(parts.path)).resolve() if parts.path else page
            if target == site_dir.parent:
                continue  # the older-version banner's link up to the versions root, which mike serves
            if target.is_dir():
                target = target / "index.html"
            where = page.relative_to(site_dir)
            if not target.is_file():
                broken.append(f"{where}: link to '{href}': no such page or file")
            elif parts.fragment and target.suffix == ".html":
                if target not in parsed:
                    parsed[target] = parse_page(target)
                ids = parsed[target].ids
                if parts.fragment not in ids:
                    broken.append(f"{where}: link to '{href}': no such anchor on that page")
    return broken


def main(argv: list[str] | None = None) -> int:
    args = argv if argv is not None else sys.argv[1:]
    site_dir = Path(args[0] if args else "site")
    if not site_dir.is_dir():
        print(f"{site_dir}: no built site here; run 'make site' first", file=sys.stderr)
        return 1
    broken = broken_links(site_dir)
    for line in broken:
        print(line, file=sys.stderr)
    if broken:
        print(f"{len(broken)} broken link(s).", file=sys.stderr)
        return 1
    print(f"{site_dir}: every internal link and anchor resolves.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
