"""The whole example site, built with a real strict MkDocs build: HTML, links and search index."""
from __future__ import annotations

import json
import re
from urllib.parse import urlsplit

import pytest

from plansite.checks.linkcheck import broken_links, html_pages, parse_page
from plansite.render.wording import is_only_a_date

SEPARATOR = re.compile(r"[\s\-,:!=\[\]()\"/.;?'’‘–]+")  # close to Material's default search separator


@pytest.fixture(scope="session")
def search_index(built_site):
    return json.loads((built_site.site_dir / "search" / "search_index.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def search_words(search_index) -> set[str]:
    words: set[str] = set()
    for doc in search_index["docs"]:
        text = re.sub(r"<[^>]+>", " ", doc["title"] + " " + doc["text"])
        words.update(w.lower() for w in SEPARATOR.split(text) if w)
    return words


def test_strict_build_is_warning_free(built_site):
    assert "WARNING" not in built_site.output, built_site.output
    assert "Traceback" not in built_site.output


def test_no_page_shows_an_error_or_unrendered_macro(built_site):
    for page in html_pages(built_site.site_dir):
        html = page.read_text(encoding="utf-8")
        for bad in ("{{", "{%", "plan-problem", "Traceback", "Macro Rendering Error", "Macro Syntax Error"):
            assert bad not in html, f"{bad!r} in {page}"


def test_generated_page_for_every_person_and_body(built_site, site_data):
    for person in site_data.people.people:
        page = built_site.site_dir / "people" / person.id / "index.html"
        assert page.is_file(), person.id
        assert person.name in page.read_text(encoding="utf-8")
    for body in site_data.bodies.bodies:
        assert (built_site.site_dir / "bodies" / body.id / "index.html").is_file(), body.id


def words_of(text: str) -> list[str]:
    return [w.lower() for w in SEPARATOR.split(re.sub(r"<[^>]+>", " ", text)) if any(c.isalnum() for c in w)]


def test_search_finds_people_bodies_and_actions_word_by_word(site_data, search_words):
    phrases = [p.name for p in site_data.people.people]
    phrases += [b.name for b in site_data.bodies.bodies]
    for ambition in site_data.system_plan.ambitions:
        phrases.append(ambition.title)
        for milestone in ambition.milestones:
            phrases.append(milestone.title)
            for step in milestone.next_steps:
                phrases.append(step.title)
                for work in step.work:
                    if isinstance(work.milestones, list):
                        phrases += [m.when for m in work.milestones]
    missing = {p: [w for w in words_of(p) if w not in search_words] for p in phrases}
    missing = {p: ws for p, ws in missing.items() if ws}
    assert not missing, missing


def test_search_finds_dates_and_timeline_phrases(site_data, search_index, search_words):
    text = " ".join(d["text"] for d in search_index["docs"])
    for milestone in site_data.planning_timeline.milestones:
        assert all(w in search_words for w in words_of(milestone.title)), milestone.title
        if not isinstance(milestone.due, str) and not isinstance(milestone.due.date, str):
            words = str(milestone.due.date) if is_only_a_date(milestone.due.when) else milestone.due.when
            assert words in text, words
    # Dates the sources write only as a date read in one human format; other words stay.
    for phrase in ("14 January 2019", "21 March 2019", "week commencing (w/c) 10 December", "16 Jan - 10 April 2019", "Sir Ron Kerr", "Jungle Green"):
        assert phrase in text, phrase


def test_search_entries_point_at_record_anchors(search_index, built_site):
    locations = {d["location"] for d in search_index["docs"]}
    assert "plan/#next-step-shared-information-framework" in locations
    assert any(loc.startswith("governance/#sdog") for loc in locations)
    # The board pack repeats every page; searching it too would show each result twice.
    assert not any(loc.startswith("board-pack/") for loc in locations)
    assert (built_site.site_dir / "board-pack" / "index.html").exists()


def test_plan_page_names_its_data_sources(built_site):
    html = (built_site.site_dir / "plan" / "index.html").read_text(encoding="utf-8")
    assert re.search(r"<!-- from data/system_plan\.yaml:\d+ 1st ambition › 1st milestone › 1st next step id=next-step-shared-information-framework -->", html)
    assert "Source: <a" in html


def test_gaps_show_as_words(built_site):
    mou = (built_site.site_dir / "mou" / "index.html").read_text(encoding="utf-8")
    assert "The sources do not give the wording of these parts, the agreed text or which boards have signed it." in mou
    plan = (built_site.site_dir / "plan" / "index.html").read_text(encoding="utf-8")
    assert 'is still to be confirmed.' in plan


def test_acronyms_explained_in_prose_and_data(built_site):
    html = (built_site.site_dir / "aspiring-ics" / "index.html").read_text(encoding="utf-8")
    # Prose in the page (abbr extension) and data (our templates) both explain ICS.
    assert html.count('<abbr title="integrated care system">ICS</abbr>') >= 3


def test_every_internal_link_and_anchor_resolves(built_site):
    assert broken_links(built_site.site_dir) == []


def test_link_check_finds_a_broken_link_and_anchor(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "index.html").write_text('<p id="here"><a href="../b/">x</a><a href="#nowhere">y</a><a href="#here">z</a></p>')
    assert broken_links(tmp_path) == [
        "a/index.html: link to '../b/': no such page or file",
        "a/index.html: link to '#nowhere': no such anchor on that page",
    ]


def test_no_page_loads_anything_from_another_host(built_site):
    for page in html_pages(built_site.site_dir):
        for source in parse_page(page).sources:
            assert not urlsplit(source).scheme and not source.startswith("//"), f"{page}: {source}"


def test_every_table_has_a_caption_header_scopes_and_a_labelled_region(built_site):
    problems = []
    for page in html_pages(built_site.site_dir):
        html = page.read_text(encoding="utf-8")
        for table in re.findall(r"<table.*?</table>", html, flags=re.S):
            if "<caption" not in table:
                problems.append(f"{page}: a table without a caption")
            if re.search(r"<th(?=[\s>])(?![^>]*\bscope=)", table):
                problems.append(f"{page}: a header cell without scope")
        tables = html.count("<table")
        regions = len(re.findall(r'<section class="plan-table-wrap[^"]*" aria-labelledby="[^"]+" tabindex="0">', html))
        if tables != regions:
            problems.append(f"{page}: {tables} tables but {regions} labelled regions")
    assert not problems, "\n".join(problems[:20])


def test_board_pack_pdf_has_a_cover_and_every_section(built_site, site_data):
    from pypdf import PdfReader

    from plansite.models.registry import DATASETS

    reader = PdfReader(built_site.site_dir / "board-pack.pdf")
    assert len(reader.pages) > 20
    cover = " ".join(reader.pages[0].extract_text().split())  # the full name may wrap
    assert site_data.partnership.partnership.full_name in cover
    assert "Board pack" in cover and "Version unreleased" in cover and "Date November 2018" in cover
    text = " ".join(page.extract_text() for page in reader.pages)
    for dataset in site_data.models:
        if dataset != "partnership":
            assert DATASETS[dataset].title in text, dataset
    assert "Dashboard" in text and "Julia Ross" in text


@pytest.mark.parametrize("name", ["bnssg", "cambridgeshire-peterborough", "bsw"])
def test_board_pack_pdf_is_a4_numbered_with_a_footer_summary_and_contents(built_sites, name):
    from pypdf import PdfReader

    from plansite.checks.site_data import load_site_data

    if name == "bnssg":
        from conftest import FIXTURE as root
    else:
        from conftest import EXAMPLES
        root = EXAMPLES / name
    site_data = load_site_data(root / "data")
    reader = PdfReader(built_sites[name].site_dir / "board-pack.pdf")
    pages = [page.extract_text() for page in reader.pages]
    total = len(pages)
    for number, page in enumerate(reader.pages, start=1):
        width, height = float(page.mediabox.width), float(page.mediabox.height)
        assert abs(width - 595.3) < 1.5 and abs(height - 841.9) < 1.5, (number, width, height)  # A4 in points
        text = " ".join(pages[number - 1].split())
        assert f"Page {number} of {total}" in text, number
        assert f"{site_data.partnership.partnership.name} · Board pack · version unreleased · {site_data.partnership.as_of}" in text, number
    summary = " ".join(pages[1].split())
    assert "Summary: what is late, and who leads it" in summary
    if name == "bnssg":
        assert ("Agree financial, activity and capacity baseline: Late past its due date of 14 September 2018; no status reported."
                in summary.replace("ﬁ", "fi"))
        assert "Executive lead: Sarah Truelove." in summary
    assert "Contents" in pages[2] and "1. Dashboard" in pages[2]
