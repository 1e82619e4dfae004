"""The board pack: one page holding the whole site, printed to one PDF at build time.

The page is generated (``board-pack.md``); Chromium's headless print-to-PDF turns it into
``board-pack.pdf``. Which datasets go in, and in what order, is worked out here.

A large pack is printed in parts (Chromium cannot print a ×100 pack in one 3-minute run):
the page is split at its sections into part files that share its <head>, two Chromiums
at a time print them, and pypdf joins the parts into one PDF and writes "Page x of y" on
each page (printing each part twice, once to count its pages and once numbered, took twice
as long: 5 min 20 s for the ×100 pack).

The contents give each section's page number, known only after layout: the first print's
named destinations (Chromium writes one for every anchor the contents link to) say where
each section landed, and the page (or, in parts, the first part) is printed once more with
the numbers written in by CSS. Each section is a PDF bookmark.

Chromium prints a copy of the page without its <script>s: the theme's scripts change the
page after load (Material's bundle wraps every table), so what they had done when Chromium
printed could depend on how busy the machine was. Without them nothing changes the layout
after load, and the same page prints to the same bytes, which withdrawing a published
version requires (release/withdraw.py rebuilds it and compares).
"""
from __future__ import annotations

import datetime as dt
import html
import os
import re
import subprocess
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from plansite.checks.browser_sweep import find_chromium  # the same Chromium the site check uses
from plansite.render.board_pack_page import DOWNLOAD_PLACEHOLDER

PDF = "board-pack.pdf"
NO_PDF = "This build has no PDF of the board pack: it was made where Chromium is not installed."


def link_pdf(html_file: Path, pdf_file: Path | None) -> None:
    """Put the link to the printed PDF, with its size, in the pack's web page; with no PDF
    (a local build without Chromium), say so instead."""
    if pdf_file is None:
        page = html_file.read_text(encoding="utf-8")
        html_file.write_text(page.replace(DOWNLOAD_PLACEHOLDER, f'<p class="plan-pack-download">{NO_PDF}</p>', 1), encoding="utf-8")
        return
    size = pdf_file.stat().st_size
    shown = f"{size / 1_000_000:.1f} MB" if size >= 1_000_000 else f"{max(1, round(size / 1000))} KB"
    link = (f'<p class="plan-pack-download"><a href="../{PDF}" download>Download the board pack as a PDF'
            f' ({shown})</a></p>')
    page = html_file.read_text(encoding="utf-8")
    html_file.write_text(page.replace(DOWNLOAD_PLACEHOLDER, link, 1), encoding="utf-8")


class BoardPackError(Exception):
    pass


# Measured on this machine: Chromium prints 4 to 8 s per MB of pack (2 to 3 times that while
# the machine is busy), so a part this size takes well under half a minute, far under its
# 3-minute limit; a pack no bigger than this prints in one run, as before.
PART_CHARS = 1_500_000
CHROMIUM_TIMEOUT = 180
PRINTERS = 2  # Chromium runs at a time: the build machine has two cores

_ARTICLE_START = re.compile(r"<article\b[^>]*>")
_SECTION = re.compile(r'<h1 id="(pack-[^"]+)"')
# Tags of the HTML Python-Markdown writes; enough to find which <h2>s are not nested.
_TAG = re.compile(r"<!--.*?-->|<(script|style)\b.*?</\1\s*>|<(/?)([a-zA-Z][a-zA-Z0-9-]*)\b[^>]*?(/?)>", re.DOTALL)
_VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


@dataclass
class PackPart:
    """A run of the pack's article printed on its own: whole sections (the cover, summary and
    contents count as one), or some of the <h2> subsections of a section too big for one run."""
    body: str
    sections: list[tuple[str, str]] = field(default_factory=list)  # (anchor, title) of each section it starts


@dataclass
class SplitPack:
    head: str  # the page up to and including <article ...>: same <head>, so same CSS
    parts: list[PackPart] = field(default_factory=list)
    tail: str = ""

    def part_html(self, part: PackPart, style: str = "") -> str:
        head = self.head.replace("</head>", f"<style>{style}</style></head>", 1) if style else self.head
        return head + part.body + self.tail


def split_pack(page: str, max_chars: int = PART_CHARS) -> SplitPack:
    """The board pack page split at its sections into parts of at most ``max_chars`` each:
    the cover, summary and contents, then the ``<h1 id="pack-...">`` sections in order, as
    many whole sections to a part as fit; a section longer than ``max_chars`` is split at
    its top-level ``<h2>`` subsections (one subsection may be longer)."""
    opening = _ARTICLE_START.search(page)
    end = page.rfind("</article>")
    if opening is None or end < opening.end():
        raise BoardPackError("the board pack page has no <article> to print")
    start = opening.end()
    sections = [m for m in _SECTION.finditer(page, start, end)]
    bounds = [m.start() for m in sections] + [end]
    # The pieces no part may cut: (start, end, the section it starts or None).
    pieces: list[tuple[int, int, tuple[str, str] | None]] = [(start, bounds[0], None)]
    for match, section_end in zip(sections, bounds[1:]):
        cuts = [match.start()]
        if section_end - match.start() > max_chars:
            h2s = _top_level_h2s(page, match.start(), section_end)
            for cut, following in zip(h2s, h2s[1:] + [section_end]):
                if following - cuts[-1] > max_chars:  # going on to the next <h2> would be too long
                    cuts.append(cut)
        cuts.append(section_end)
        for index, (a, b) in enumerate(zip(cuts, cuts[1:])):
            pieces.append((a, b, (match.group(1), _h1_title(page, match.end())) if index == 0 else None))
    split = SplitPack(page[:start], tail=page[end:])
    part_start = start
    for a, b, section in pieces:
        if split.parts and b - part_start <= max_chars:
            split.parts[-1].body = page[part_start:b]
        else:
            split.parts.append(PackPart(page[a:b]))
            part_start = a
        if section:
            split.parts[-1].sections.append(section)
    return split


def _h1_title(page: str, after: int) -> str:
    """The text of the <h1> whose opening tag ends just before ``after``, without its ¶ link."""
    close = page.find("</h1>", after)
    inner = page[page.find(">", after) + 1:close]
    return html.unescape(re.sub(r"<a class=\"headerlink\".*?</a>|<[^>]+>", "", inner, flags=re.DOTALL)).strip()


def _top_level_h2s(page: str, start: int, end: int) -> list[int]:
    """Where each <h2> that is a direct child of the article starts, between start and end."""
    depth, found = 0, []
    for tag in _TAG.finditer(page, start, end):
        closing, name, self_closing = tag.group(2), tag.group(3), tag.group(4)
        if name is None:
            continue  # a comment, script or style
        name = name.lower()
        if closing:
            depth -= 1
        elif name == "h2" and depth == 0:
            found.append(tag.start())
            depth += 1
        elif not self_closing and name not in _VOID:
            depth += 1
    return found


_SCRIPT = re.compile(r"<!--.*?-->|<script\b.*?</script\s*>", re.DOTALL | re.IGNORECASE)


def without_scripts(page: str) -> str:
    """``page`` with every <script> element taken out (comments are skipped over whole, so a
    "<script" inside one takes nothing with it): the copy Chromium prints."""
    return _SCRIPT.sub(lambda m: m.group(0) if m.group(0).startswith("<!--") else "", page)


def print_to_pdf(html_file: Path, pdf_file: Path, chromium: str, max_chars: int = PART_CHARS) -> None:
    """Print the board pack page ``html_file`` to ``pdf_file`` with headless Chromium.

    A page of at most ``max_chars`` prints in one run, a bigger one in parts (see the
    module's docstring); either way from copies without its scripts."""
    page = without_scripts(html_file.read_text(encoding="utf-8"))
    if len(page) <= max_chars:
        _print_whole(html_file, page, pdf_file, chromium)
        return
    split = split_pack(page, max_chars)
    # Part files sit beside the page so that its relative links (CSS, images) still work.
    files = [html_file.with_name(f"_print-part-{n:03d}.html") for n in range(len(split.parts))]
    pdfs = [pdf_file.with_name(f"{pdf_file.stem}.part-{n:03d}.pdf") for n in range(len(split.parts))]
    try:
        for part, file in zip(split.parts, files):
            file.write_text(split.part_html(_links_out_of(part), _PART_STYLE), encoding="utf-8")
        jobs = [(file, pdf, chromium, _part_name(split, n)) for n, (file, pdf) in enumerate(zip(files, pdfs))]
        with ThreadPoolExecutor(PRINTERS) as pool:
            printing = [pool.submit(_chromium_print, *job) for job in jobs]
            try:
                for job in printing:
                    job.result()
            except BaseException:  # a part failed, or Ctrl-C: start no other part
                for job in printing:
                    job.cancel()
                raise
        anchors = _join(split, pdfs, pdf_file)
        # The contents' page numbers, known now: part 0 (which holds the contents) printed again
        # with them, and joined again; again once more if that moved a section.
        for _ in range(2):
            style = _PART_STYLE + "\n" + contents_numbers_style(anchors)
            files[0].write_text(split.part_html(_links_out_of(split.parts[0]), style), encoding="utf-8")
            _chromium_print(files[0], pdfs[0], chromium, _part_name(split, 0))
            printed = _join(split, pdfs, pdf_file)
            if all(printed.get(a) == anchors.get(a) for part in split.parts for a, _ in part.sections):
                break
            anchors = printed
    finally:
        for path in files + pdfs:
            path.unlink(missing_ok=True)


def _print_whole(html_file: Path, page: str, pdf_file: Path, chromium: str) -> None:
    """Print the page in one run, then again with each section's page number in the contents
    (known only after layout: read from the first print's named destinations); a bookmark
    per section. The numbers sit in the space the contents page already holds, so the second
    print lays out the same; if it did not, it is printed once more with the new numbers."""
    from pypdf import PdfReader, PdfWriter

    sections = [(m.group(1), _h1_title(page, m.end())) for m in _SECTION.finditer(page)]
    printed_copy = html_file.with_name("_print-page.html")  # beside the page: its relative links still work
    try:
        printed_copy.write_text(page, encoding="utf-8")
        _chromium_print(printed_copy, pdf_file, chromium)
        anchors = _anchor_pages(PdfReader(pdf_file))
        for _ in range(2):
            head_end = page.find("</head>")
            printed_copy.write_text(page[:head_end] + f"<style>{contents_numbers_style(anchors)}</style>" + page[head_end:], encoding="utf-8")
            _chromium_print(printed_copy, pdf_file, chromium)
            printed = _anchor_pages(PdfReader(pdf_file))
            if all(printed.get(a) == anchors.get(a) for a, _ in sections):
                break
            anchors = printed
    finally:
        printed_copy.unlink(missing_ok=True)
    writer = PdfWriter(clone_from=pdf_file)
    for anchor, title in sections:
        if anchor in anchors:
            writer.add_outline_item(title=title, page_number=anchors[anchor])
    _settle(writer, pdf_file)
    with open(pdf_file, "wb") as out:
        writer.write(out)


def _anchor_pages(reader) -> dict[str, int]:
    """The page (from 0) of every anchor a printed pack links to, from its named destinations."""
    return {name.lstrip("/"): reader.get_destination_page_number(dest) for name, dest in reader.named_destinations.items()}


def contents_numbers_style(anchors: dict[str, int]) -> str:
    """CSS writing each section's page number (from 1) at the right of its line in the contents.
    The links match by their ending: a part printed alone points them at another address."""
    rules = [f'.plan-pack-contents a[href$="#{anchor}"]::after {{ content: "{page + 1}"; }}'
             for anchor, page in sorted(anchors.items()) if anchor.startswith("pack-") and re.fullmatch(r"[a-z0-9-]+", anchor)]
    return "\n".join(rules)


# Chromium drops a link to an anchor its page does not have; one to this (never fetched)
# address it keeps, and the join points it at the page of the part that has the anchor.
_ELSEWHERE = "https://board-pack.invalid/#"
_ID = re.compile(r'\bid="([^"]+)"')
_SAME_PAGE_LINK = re.compile(r'href="#([^"]+)"')


def _links_out_of(part: PackPart) -> PackPart:
    """``part`` with its links to anchors printed in other parts (the contents) made absolute."""
    here = set(_ID.findall(part.body))
    body = _SAME_PAGE_LINK.sub(lambda m: m.group(0) if m.group(1) in here else f'href="{_ELSEWHERE}{m.group(1)}"', part.body)
    return PackPart(body, part.sections)


# A part cannot know its page numbers (the parts print at the same time), so Chromium leaves
# "Page x of y" out and the join writes it in the same place (measured on a whole-pack print:
# 8 pt, right-aligned at the right margin, baseline 25.9 pt up) and colour, in Helvetica.
_PART_STYLE = "@page { @bottom-right { content: none; } }"
_NUMBER_RIGHT = 595.28 - 14 * 72 / 25.4  # A4 width less the 14 mm margin of plan.css's @page
_NUMBER_BASELINE = 25.92
_NUMBER_SIZE = 8
_HELVETICA = {" ": 278, "P": 667, "a": 556, "g": 556, "e": 556, "o": 556, "f": 278, **{d: 556 for d in "0123456789"}}


def _page_number_stream(number: int, total: int) -> bytes:
    text = f"Page {number} of {total}"
    left = _NUMBER_RIGHT - sum(_HELVETICA[ch] for ch in text) * _NUMBER_SIZE / 1000
    # "Q q" first: Chromium's own drawing may leave its scale and flip in force.
    return (f"Q q 0.259 0.333 0.388 rg BT /PlanPageNumber {_NUMBER_SIZE} Tf {left:.2f} {_NUMBER_BASELINE} Td "
            f"({text}) Tj ET Q").encode("ascii")


def _join(split: SplitPack, pdfs: list[Path], pdf_file: Path) -> dict[str, int]:
    """The part PDFs as one, numbered "Page x of y" throughout: links from the contents go to
    their section's first page, and each section is a bookmark. Returns the page (from 0)
    of every anchor."""
    from pypdf import PdfReader, PdfWriter
    from pypdf.generic import ArrayObject, DecodedStreamObject, DictionaryObject, NameObject

    writer = PdfWriter()
    anchors: dict[str, int] = {}  # the page of every anchor in the pack, from each part's named destinations
    for pdf in pdfs:
        first = len(writer.pages)
        reader = PdfReader(pdf)
        for name, destination in reader.named_destinations.items():
            anchors[name.lstrip("/")] = first + reader.get_destination_page_number(destination)
        writer.append(reader)
    total = len(writer.pages)
    font = writer._add_object(DictionaryObject({
        NameObject("/Type"): NameObject("/Font"), NameObject("/Subtype"): NameObject("/Type1"),
        NameObject("/BaseFont"): NameObject("/Helvetica"), NameObject("/Encoding"): NameObject("/WinAnsiEncoding"),
    }))
    save = DecodedStreamObject()
    save.set_data(b"q")
    save_ref = writer._add_object(save)
    for number, page in enumerate(writer.pages, start=1):
        resources = page[NameObject("/Resources")].get_object()
        if "/Font" not in resources:
            resources[NameObject("/Font")] = DictionaryObject()
        resources["/Font"].get_object()[NameObject("/PlanPageNumber")] = font
        stamp = DecodedStreamObject()
        stamp.set_data(_page_number_stream(number, total))
        contents = page["/Contents"]
        drawn = list(contents.get_object()) if isinstance(contents.get_object(), ArrayObject) else [contents]
        page[NameObject("/Contents")] = ArrayObject([save_ref, *drawn, writer._add_object(stamp)])
    for page in writer.pages:
        for annotation in page.get("/Annots", []) or []:
            link = annotation.get_object()
            uri = str(link.get("/A", {}).get("/URI", ""))
            anchor = uri.removeprefix(_ELSEWHERE)
            if uri.startswith(_ELSEWHERE) and anchor in anchors:
                link[NameObject("/A")] = DictionaryObject({
                    NameObject("/S"): NameObject("/GoTo"),
                    NameObject("/D"): ArrayObject([writer.pages[anchors[anchor]].indirect_reference, NameObject("/Fit")]),
                })
    for part in split.parts:
        for anchor, title in part.sections:
            writer.add_outline_item(title=title, page_number=anchors[anchor])
    _settle(writer, pdf_file)
    with open(pdf_file, "wb") as out:
        writer.write(out)
    return anchors


def _settle(writer, pdf_file: Path) -> None:
    """Make the PDF the same wherever and whenever its site is built (so that a version can be
    rebuilt byte for byte): Chromium writes a link to another page of the site as a file://
    address inside the build folder, made relative to the PDF here, and the time of printing
    as the PDF's dates, taken from SOURCE_DATE_EPOCH here when it is set (as publishing does)."""
    from pypdf.generic import NameObject, TextStringObject

    folder = pdf_file.parent.resolve().as_uri() + "/"
    for page in writer.pages:
        for annotation in page.get("/Annots", []) or []:
            action = annotation.get_object().get("/A")
            uri = str(action.get_object().get("/URI", "")) if action is not None else ""
            if uri.startswith(folder):
                action.get_object()[NameObject("/URI")] = TextStringObject(uri[len(folder):] or "./")
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch:
        stamp = dt.datetime.fromtimestamp(int(epoch), dt.timezone.utc).strftime("D:%Y%m%d%H%M%S+00'00'")
        writer.add_metadata({"/CreationDate": stamp, "/ModDate": stamp})
    _renumber_structure_ids(writer)


def _renumber_structure_ids(writer) -> None:
    """Chromium names each element of the PDF's structure (its tags, for screen readers) after
    its accessibility node, whose numbers depend on timing: on a busy machine the same page
    printed with the same content got other numbers. Number them in the tree's own order."""
    from pypdf.generic import ArrayObject, NameObject, TextStringObject

    root = writer._root_object.get("/StructTreeRoot")
    if root is None:
        return
    root = root.get_object()
    renamed: dict[str, TextStringObject] = {}
    elements = []
    stack = [root.get("/K")]
    while stack:  # depth first, in document order
        node = stack.pop()
        node = node.get_object() if node is not None else None
        if isinstance(node, list):
            stack.extend(reversed(node))
        elif isinstance(node, dict):
            if "/ID" in node:
                renamed[str(node["/ID"])] = new = TextStringObject(f"node{len(renamed) + 1:08d}")
                node[NameObject("/ID")] = new
            if "/S" in node:  # a structure element; marked-content and object references hold no kids
                elements.append(node)
                stack.append(node.get("/K"))
    for element in elements:  # a table cell names its header cells by their ids
        attributes = element.get("/A")
        attributes = attributes.get_object() if attributes is not None else []
        for owner in attributes if isinstance(attributes, list) else [attributes]:
            owner = owner.get_object()
            if isinstance(owner, dict) and "/Headers" in owner:
                owner[NameObject("/Headers")] = ArrayObject(renamed.get(str(h), h) for h in owner["/Headers"])
    tree = root.get("/IDTree")
    if tree is not None and renamed:
        _rename_keys(tree.get_object(), renamed)


def _rename_keys(tree, renamed: dict) -> None:
    """Rename the keys of a PDF name tree in place and keep it sorted: the same leaves hold the
    same number of entries, in the new keys' order, and each node's /Limits follow."""
    from pypdf.generic import ArrayObject, NameObject

    leaves, order = [], [tree]  # the tree's nodes, parents before children
    for node in order:
        order.extend(kid.get_object() for kid in node.get("/Kids", []))
        if "/Names" in node:
            leaves.append(node)
    entries = sorted(((renamed.get(str(names[i]), names[i]), names[i + 1])
                      for names in (leaf["/Names"] for leaf in leaves) for i in range(0, len(names), 2)),
                     key=lambda entry: str(entry[0]))
    for leaf in leaves:
        count = len(leaf["/Names"]) // 2
        mine, entries = entries[:count], entries[count:]
        leaf[NameObject("/Names")] = ArrayObject(item for entry in mine for item in entry)
    for node in reversed(order):  # children before parents
        if "/Limits" in node:
            if "/Names" in node:
                keys = node["/Names"][::2]
            else:
                kids = [kid.get_object()["/Limits"] for kid in node["/Kids"]]
                keys = [kids[0][0], kids[-1][1]]
            node[NameObject("/Limits")] = ArrayObject([keys[0], keys[-1]])


def _part_name(split: SplitPack, index: int) -> str:
    """How a message names a part: "part 3 of 7 of the board pack (Single system plan)"."""
    titles = [title for _, title in split.parts[index].sections]
    if not titles:  # the rest of a section split at its <h2>s
        titles = [next(title for part in reversed(split.parts[:index]) for _, title in part.sections[-1:]) + ", continued"]
    elif index == 0:
        titles = ["cover, summary and contents"] + titles
    return f"part {index + 1} of {len(split.parts)} of the board pack ({'; '.join(titles)})"


def _chromium_print(html_file: Path, pdf_file: Path, chromium: str, what: str = "the board pack") -> None:
    """One headless Chromium run printing ``html_file``; no network is touched."""
    command = [
        chromium, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run", "--no-pdf-header-footer",
        f"--print-to-pdf={pdf_file}", html_file.resolve().as_uri(),
    ]
    try:
        proc = subprocess.run(command, capture_output=True, text=True, timeout=CHROMIUM_TIMEOUT)
    except subprocess.TimeoutExpired:
        limit = f"{CHROMIUM_TIMEOUT // 60} minutes" if CHROMIUM_TIMEOUT >= 120 else f"{CHROMIUM_TIMEOUT} seconds"
        raise BoardPackError(f"Chromium took more than {limit} to print {what}") from None
    if proc.returncode != 0 or not pdf_file.is_file() or pdf_file.stat().st_size == 0:
        raise BoardPackError(f"Chromium could not print {what}: {proc.stderr.strip()[-300:]}")
