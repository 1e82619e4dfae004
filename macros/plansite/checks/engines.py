"""``python -m plansite.checks.engines MKDOCS_SITE ZENSICAL_SITE``: the same site, built by each
engine, says the same thing.

Material for MkDocs reaches end of life on May 5, 2027 and Zensical is its successor, but
Zensical builds some things differently without a word (it runs no hooks; it resolves links
in raw HTML against the source file). Only a side-by-side build shows what would change for
readers, so this compares two built sites: the same pages, and on every page the same text
inside its ``<article>`` (whitespace normalised), which holds everything the generator and the
editors wrote. The theme's chrome around it (header, menus, search, footer) is each engine's
own and is not compared. ``make compare-engines`` builds both and runs this and the link
check on each.
"""
from __future__ import annotations

import difflib
import re
import sys
from html.parser import HTMLParser
from pathlib import Path

SHOWN = 10  # pages listed by name before "and N more"
# Each engine's board pack is printed from its own page, whose theme markup differs, so the
# PDFs' sizes (in the pack page's link to its PDF) may differ by a few KB; and a build where
# Chromium is missing says it has none (outputs/board_pack.py's NO_PDF, copied: a check may not
# import the outputs stage, .importlinter). Neither is the pages' text.
_PACK_PDF_LINE = re.compile(r"Download the board pack as a PDF \(\d[\d.]* (?:KB|MB)\) ?|This build has no PDF of the board pack: "
                       r"it was made where Chromium is not installed\. ?")


class _ArticleText(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.depth = 0
        self.parts: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.depth += tag == "article"

    def handle_endtag(self, tag):
        self.depth -= tag == "article"

    def handle_data(self, data):
        if self.depth:
            self.parts.append(data)


def article_texts(site_dir: Path) -> dict[str, str]:
    """Each built page (path under the site) -> the text of its article, whitespace normalised."""
    texts = {}
    for page in sorted(site_dir.rglob("*.html")):
        rel = page.relative_to(site_dir)
        if rel.parts[0] == "assets":
            continue
        parser = _ArticleText()
        parser.feed(page.read_text(encoding="utf-8"))
        texts[rel.as_posix()] = _PACK_PDF_LINE.sub("", " ".join(" ".join(parser.parts).split()))
    return texts


def differences(a: dict[str, str], b: dict[str, str], names: tuple[str, str] = ("MkDocs", "Zensical")) -> list[str]:
    """Given each site's ``article_texts``: one line per page only one engine built, and per
    page whose article text differs (with the first words that differ)."""
    lines = [f"{page}: built by {names[0]} only" for page in sorted(set(a) - set(b))]
    lines += [f"{page}: built by {names[1]} only" for page in sorted(set(b) - set(a))]
    for page in sorted(set(a) & set(b)):
        if a[page] != b[page]:
            words_a, words_b = a[page].split(), b[page].split()
            for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, words_a, words_b, autojunk=False).get_opcodes():
                if tag != "equal":
                    lines.append(
                        f"{page}: the article text differs: {names[0]} has "
                        f"'{' '.join(words_a[i1:i2][:12]) or '(nothing)'}' where {names[1]} has "
                        f"'{' '.join(words_b[j1:j2][:12]) or '(nothing)'}'"
                    )
                    break
    return lines


def main(argv: list[str] | None = None) -> int:
    args = argv if argv is not None else sys.argv[1:]
    if len(args) != 2:
        print("usage: python -m plansite.checks.engines MKDOCS_SITE ZENSICAL_SITE", file=sys.stderr)
        return 2
    first, second = Path(args[0]), Path(args[1])
    for site in (first, second):
        if not (site / "index.html").is_file():
            print(f"{site}: no built site here (no index.html); run 'make compare-engines'", file=sys.stderr)
            return 1
    texts = article_texts(first)
    found = differences(texts, article_texts(second))
    for line in found[:SHOWN]:
        print(line, file=sys.stderr)
    if found:
        more = f" (the first {SHOWN} listed)" if len(found) > SHOWN else ""
        print(f"{len(found)} page(s) differ between the engines{more}.", file=sys.stderr)
        return 1
    print(f"{first} and {second}: the same {len(texts)} pages, with the same article text.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
