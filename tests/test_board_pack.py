"""The board pack PDF printed in parts: how the page is split, and a real print of the
fixture site's pack in several parts joined into one numbered A4 PDF; prints without the
page's scripts, byte for byte the same on an idle and a busy machine; the dashboard's print
layout."""
from __future__ import annotations

import re
import shutil
import subprocess
import sys

import pytest

from plansite.outputs.board_pack import BoardPackError, find_chromium, print_to_pdf, split_pack, without_scripts

HEAD = '<html><head><title>Board pack</title></head><body><article class="md-content__inner md-typeset">'
TAIL = "</article><script>var x = 1;</script></body></html>"


def _section(anchor: str, title: str, subsections: int, size: int = 100) -> str:
    body = f'<h1 id="{anchor}">{title}<a class="headerlink" href="#{anchor}">&para;</a></h1>\n<p>{"x" * size}</p>\n'
    for n in range(subsections):
        # A nested <h2> (inside a <div>) is no place to split: only the article's own are.
        body += f'<h2 id="{anchor}-{n}">Part {n}</h2>\n<div class="plan-work"><h2>inner</h2><p>{"y" * size}</p></div>\n<br>\n'
    return body


def test_split_covers_every_section_once_in_order():
    sections = [_section("pack-dashboard", "Dashboard", 0), _section("pack-system-plan", "Single system plan", 12),
                _section("pack-mou", "Memorandum &amp; understanding", 1), _section("pack-people", "People", 0, size=5000)]
    front = '\n<div class="plan-cover">Cover</div><nav class="plan-pack-contents">contents</nav>\n'
    article = front + "".join(sections)
    page = HEAD + article + TAIL

    split = split_pack(page, max_chars=1000)

    assert split.head == HEAD and split.tail == TAIL
    assert "".join(part.body for part in split.parts) == article  # every byte once, in order
    assert [section for part in split.parts for section in part.sections] == [
        ("pack-dashboard", "Dashboard"), ("pack-system-plan", "Single system plan"),
        ("pack-mou", "Memorandum & understanding"), ("pack-people", "People")]
    # The cover, summary and contents share a part with the small dashboard after them.
    assert split.parts[0].body.startswith(front) and split.parts[0].sections == [("pack-dashboard", "Dashboard")]
    # Too big for one part: split at the section's own <h2>s, never at a nested one.
    plan = [part for part in split.parts if 'id="pack-system-plan-' in part.body]
    assert len(plan) > 1 and all(part.body.startswith('<h2 id="pack-system-plan-') for part in plan[1:])
    assert all(len(part.body) <= 1000 for part in plan)
    # Longer than a part may be, but with no <h2> to split at: a part of its own.
    assert [part.body for part in split.parts if part.sections == [("pack-people", "People")]] == [sections[3]]
    assert split.part_html(split.parts[1], "html { counter-reset: page 3; }").startswith(
        "<html><head><title>Board pack</title><style>html { counter-reset: page 3; }</style></head>")


def test_a_page_without_an_article_is_a_plain_error():
    with pytest.raises(BoardPackError) as caught:
        split_pack("<html><body><p>No article</p></body></html>")
    assert str(caught.value) == "the board pack page has no <article> to print"


def test_a_chromium_that_fails_is_a_plain_error(tmp_path):
    page = tmp_path / "index.html"
    page.write_text(HEAD + _section("pack-dashboard", "Dashboard", 0) + TAIL, encoding="utf-8")
    with pytest.raises(BoardPackError) as caught:
        print_to_pdf(page, tmp_path / "board-pack.pdf", shutil.which("false"))
    assert str(caught.value) == "Chromium could not print the board pack: "


def test_a_part_that_takes_too_long_is_named(tmp_path, monkeypatch):
    import plansite.outputs.board_pack

    slow = tmp_path / "slow-chromium"
    slow.write_text("#!/bin/sh\nsleep 10\n", encoding="utf-8")
    slow.chmod(0o755)
    monkeypatch.setattr(plansite.outputs.board_pack, "CHROMIUM_TIMEOUT", 2)
    page = tmp_path / "index.html"
    page.write_text(HEAD + _section("pack-dashboard", "Dashboard", 0) + _section("pack-people", "People", 0, size=600) + TAIL, encoding="utf-8")
    with pytest.raises(BoardPackError) as caught:
        print_to_pdf(page, tmp_path / "board-pack.pdf", str(slow), max_chars=500)
    assert str(caught.value) == "Chromium took more than 2 seconds to print part 1 of 2 of the board pack (cover, summary and contents; Dashboard)"
    assert not list(tmp_path.glob("_print-part-*"))


@pytest.mark.skipif(find_chromium() is None, reason="needs Chromium (apt-get install chromium)")
def test_a_pack_printed_in_parts_is_one_numbered_a4_pdf(built_site, site_data, tmp_path):
    from pypdf import PdfReader

    site = shutil.copytree(built_site.site_dir, tmp_path / "site")  # part files are written beside the page
    page = site / "board-pack" / "index.html"
    text = page.read_text(encoding="utf-8")
    # Small enough that the pack needs several parts, and its biggest section is split at its <h2>s.
    article = text[text.index("<article"):text.rindex("</article>")]
    max_chars = max(len(section) for section in re.split(r'(?=<h1 id="pack-)', article)) * 3 // 4
    split = split_pack(text, max_chars)
    assert len(split.parts) > 2 and any(part.body.startswith("<h2") for part in split.parts)  # a section split further

    print_to_pdf(page, tmp_path / "board-pack.pdf", find_chromium(), max_chars=max_chars)

    reader = PdfReader(tmp_path / "board-pack.pdf")
    pages = [" ".join(p.extract_text().split()) for p in reader.pages]
    total = len(pages)
    assert total >= len(PdfReader(built_site.site_dir / "board-pack.pdf").pages)  # the pack printed in one run
    footer = f"{site_data.partnership.partnership.name} · Board pack · version unreleased · November 2018"
    for number, (page_text, pdf_page) in enumerate(zip(pages, reader.pages), start=1):
        assert abs(float(pdf_page.mediabox.width) - 595.3) < 1.5 and abs(float(pdf_page.mediabox.height) - 841.9) < 1.5
        assert len(re.findall(r"Page \d+ of \d+", page_text)) == 1 and f"Page {number} of {total}" in page_text, number
        assert footer in page_text, number
    assert "Board pack" in pages[0] and "Summary: what is late, and who leads it" in pages[1]
    assert "Contents" in pages[2] and "1. Dashboard" in pages[2]
    assert not list(site.glob("board-pack/_print-part-*")) and not list(tmp_path.glob("*.part-*.pdf"))  # cleaned up

    # Each section starts on the page its bookmark and its contents line lead to, in the pack's order.
    titles = [title for part in split.parts for _, title in part.sections]
    outline = [(item.title, reader.get_destination_page_number(item)) for item in reader.outline]
    assert [title for title, _ in outline] == titles
    assert [number for _, number in outline] == sorted(number for _, number in outline)
    for title, index in outline:
        assert pages[index].startswith(f"{footer} {title}"), (title, pages[index][:100])
    links = [annotation.get_object() for annotation in reader.pages[2].get("/Annots", [])]
    targets = [reader.get_page_number(link["/A"]["/D"][0].get_object()) if "/A" in link
               else reader.get_destination_page_number(reader.named_destinations[link["/Dest"]]) for link in links]
    # Links in the same part are Chromium's own; a line's title and its page number are each a link.
    assert list(dict.fromkeys(targets)) == [number for _, number in outline]
    _assert_contents_give_each_sections_page(reader)


def _assert_contents_give_each_sections_page(reader) -> None:
    """The contents page lists every section with the page (from 1) it really starts on: the
    page its bookmark leads to, whose text begins with the section's title."""
    outline = [(item.title, reader.get_destination_page_number(item)) for item in reader.outline]
    assert len(outline) > 5
    contents = next(page.extract_text(extraction_mode="layout") for page in reader.pages[:5] if "Contents" in page.extract_text())
    listed = {title: int(number) for title, number in re.findall(r"^\s*\d+\.\s+(\S.*?\S)\s{2,}(\d+)\s*$", contents, re.MULTILINE)}
    assert [title for title, _ in outline] == list(listed), contents
    for title, index in outline:
        assert listed[title] == index + 1, (title, listed[title], index + 1)
        body = " ".join(reader.pages[index].extract_text().split())
        assert f"Page {index + 1} of" in body and f"November 2018 {title}" in body, (title, body[:120])


@pytest.mark.skipif(find_chromium() is None, reason="needs Chromium (apt-get install chromium)")
def test_a_pack_printed_in_one_run_has_page_numbers_in_its_contents_and_a_bookmark_per_section(built_site, site_data):
    from pypdf import PdfReader

    from plansite.models.registry import DATASETS

    reader = PdfReader(built_site.site_dir / "board-pack.pdf")
    titles = ["Dashboard"] + [d.title for d in DATASETS.values() if d.name in site_data.models and d.in_board_pack]
    assert [item.title for item in reader.outline] == titles
    _assert_contents_give_each_sections_page(reader)


def test_the_cover_names_the_meeting_version_and_date(built_site, site_data):
    from pypdf import PdfReader

    cover = " ".join(PdfReader(built_site.site_dir / "board-pack.pdf").pages[0].extract_text().split()).replace("ﬁ", "fi")
    assert "Meeting To be confirmed: the partnership's data names no meeting for this pack" in cover
    assert "Version unreleased" in cover and f"Date {site_data.partnership.as_of}" in cover


def test_the_packs_web_page_links_its_pdf_with_its_size(built_site):
    size = (built_site.site_dir / "board-pack.pdf").stat().st_size
    page = (built_site.site_dir / "board-pack" / "index.html").read_text(encoding="utf-8")
    shown = f"{size / 1_000_000:.1f} MB" if size >= 1_000_000 else f"{round(size / 1000)} KB"
    assert f'<a href="../board-pack.pdf" download>Download the board pack as a PDF ({shown})</a>' in page
    assert "made after the site is built" not in page


@pytest.mark.skipif(find_chromium() is None, reason="needs Chromium (apt-get install chromium)")
def test_nothing_prints_underlined(built_site):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=find_chromium(), args=["--no-sandbox"])
        page = browser.new_page(viewport={"width": 688, "height": 1000})  # an A4 page's width less margins
        page.goto((built_site.site_dir / "board-pack" / "index.html").as_uri())
        page.emulate_media(media="print")
        found = page.evaluate("""() => [...document.querySelectorAll('article a, article abbr')].map(e => {
            const style = getComputedStyle(e);
            return [e.tagName, style.textDecorationLine, style.borderBottomStyle, e.offsetParent !== null];
        })""")
        browser.close()
    shown = [(tag, line, border) for tag, line, border, visible in found if visible]
    assert {tag for tag, _, _ in shown} == {"A", "ABBR"}  # the pack has both, printed
    underlined = [item for item in shown if item[1] != "none" or item[2] != "none"]
    assert not underlined, underlined[:5]


def test_a_build_without_chromium_says_its_pack_has_no_pdf(tmp_path):
    from plansite.outputs.board_pack import NO_PDF, link_pdf
    from plansite.render.board_pack_page import DOWNLOAD_PLACEHOLDER

    page = tmp_path / "index.html"
    page.write_text(f"<article>{DOWNLOAD_PLACEHOLDER}<h1>Board pack</h1></article>", encoding="utf-8")
    link_pdf(page, None)
    assert page.read_text(encoding="utf-8") == f'<article><p class="plan-pack-download">{NO_PDF}</p><h1>Board pack</h1></article>'


def test_the_printed_copy_has_no_script_and_keeps_everything_else():
    page = ('<html><head><script>var a = "<p>";</script><SCRIPT src="x.js"></SCRIPT ></head><body>'
            '<!-- from data/x.yaml:3 <script> in a comment --><p>kept</p><script type="application/json">{}</script>'
            '<p>&lt;script&gt; as text</p></body></html>')
    assert without_scripts(page) == ('<html><head></head><body><!-- from data/x.yaml:3 <script> in a comment -->'
                                     '<p>kept</p><p>&lt;script&gt; as text</p></body></html>')


@pytest.mark.skipif(find_chromium() is None, reason="needs Chromium (apt-get install chromium)")
@pytest.mark.parametrize("max_chars", [100_000, 300], ids=["one run", "in parts"])
def test_nothing_a_script_does_reaches_the_pdf(tmp_path, max_chars):
    from pypdf import PdfReader

    page = tmp_path / "index.html"
    scripts = ("<script>document.body.insertAdjacentHTML('beforeend', '<p>Written by a script</p>')</script>"
               "<script>setTimeout(() => document.body.insertAdjacentHTML('beforeend', '<p>Written late</p>'), 0)</script>")
    page.write_text(HEAD + _section("pack-dashboard", "Dashboard", 0) + _section("pack-people", "People", 0, size=200)
                    + "</article>" + scripts + "</body></html>", encoding="utf-8")
    print_to_pdf(page, tmp_path / "board-pack.pdf", find_chromium(), max_chars=max_chars)
    text = " ".join(p.extract_text() for p in PdfReader(tmp_path / "board-pack.pdf").pages)
    assert "Dashboard" in text and "People" in text
    assert "Written" not in text, text
    assert sorted(f.name for f in tmp_path.iterdir()) == ["board-pack.pdf", "index.html"]  # no print copy left


@pytest.mark.skipif(find_chromium() is None, reason="needs Chromium (apt-get install chromium)")
def test_the_same_pack_prints_the_same_bytes_on_a_busy_machine(built_site, tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1543622400")  # as publishing sets it: the PDF's dates
    site = shutil.copytree(built_site.site_dir, tmp_path / "site")
    page = site / "board-pack" / "index.html"
    print_to_pdf(page, tmp_path / "idle.pdf", find_chromium())
    # Two processes that keep both cores busy while the same page prints again.
    hogs = [subprocess.Popen([sys.executable, "-c", "while True: pass"]) for _ in range(2)]
    try:
        print_to_pdf(page, tmp_path / "busy.pdf", find_chromium())
    finally:
        for hog in hogs:
            hog.kill()
            hog.wait()
    idle, busy = (tmp_path / "idle.pdf").read_bytes(), (tmp_path / "busy.pdf").read_bytes()
    assert len(idle) > 100_000 and idle == busy


def test_the_pack_numbers_its_structure_ids_itself(built_site, tmp_path):
    """Chromium names the PDF's structure elements (its tags) after accessibility nodes whose
    numbers vary with timing; the pack renumbers them in the tree's order, so two prints that
    differ only there come out the same bytes."""
    from pypdf import PdfWriter

    from plansite.outputs.board_pack import _renumber_structure_ids

    printed = (built_site.site_dir / "board-pack.pdf").read_bytes()
    assert re.findall(rb"/ID \((node\d{8})\)", printed)[:2] == [b"node00000001", b"node00000002"]
    # As a busy machine printed it: the same content, every id two higher (cells' /Headers and the /IDTree too).
    other = re.sub(rb"\(node(\d{8})\)", lambda m: b"(node%08d)" % (int(m[1]) + 2), printed)
    assert other != printed and len(other) == len(printed)
    (tmp_path / "other.pdf").write_bytes(other)
    (tmp_path / "printed.pdf").write_bytes(printed)
    settled = []
    for name in ("printed.pdf", "other.pdf"):
        writer = PdfWriter(clone_from=tmp_path / name)
        _renumber_structure_ids(writer)
        writer.write(tmp_path / f"settled-{name}")
        settled.append((tmp_path / f"settled-{name}").read_bytes())
    assert settled[0] == settled[1]
