"""The whole example site, built with a real strict MkDocs build: HTML, links and search index."""
from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

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


def html_pages(site_dir: Path) -> list[Path]:
    return sorted(p for p in site_dir.rglob("*.html") if "assets" not in p.parts)


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
        if not isinstance(milestone.due, str):
            assert milestone.due.when in text, milestone.due.when
    for phrase in ("14/01/2019", "21/03/2019", "w/c 10 December", "16 Jan - 10 April 2019", "Sir Ron Kerr", "Jungle Green"):
        assert phrase in text, phrase


def test_search_entries_point_at_record_anchors(search_index):
    locations = {d["location"] for d in search_index["docs"]}
    assert "plan/#next-step-shared-information-framework" in locations
    assert any(loc.startswith("governance/#sdog") for loc in locations)


def test_plan_page_names_its_data_sources(built_site):
    html = (built_site.site_dir / "plan" / "index.html").read_text(encoding="utf-8")
    assert re.search(r"<!-- from data/system_plan\.yaml:\d+ ambitions\[0\]\.milestones\[0\]\.next_steps\[0\] id=next-step-shared-information-framework -->", html)
    assert "Source: <a" in html


def test_gaps_show_as_words(built_site):
    mou = (built_site.site_dir / "mou" / "index.html").read_text(encoding="utf-8")
    assert '<span class="plan-gap">Not in the source document</span>' in mou
    plan = (built_site.site_dir / "plan" / "index.html").read_text(encoding="utf-8")
    assert '<span class="plan-gap">To be confirmed</span>' in plan


def test_acronyms_explained_in_prose_and_data(built_site):
    html = (built_site.site_dir / "aspiring-ics" / "index.html").read_text(encoding="utf-8")
    # Prose in the page (abbr extension) and data (our templates) both explain ICS.
    assert html.count('<abbr title="integrated care system">ICS</abbr>') >= 3


class _Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.hrefs: list[str] = []
        self.ids: set[str] = set()
        self.sources: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if "id" in attrs:
            self.ids.add(attrs["id"])
        if tag == "a" and attrs.get("href"):
            self.hrefs.append(attrs["href"])
        for key in ("src", "href"):
            if tag in ("script", "link", "img", "iframe") and attrs.get(key):
                self.sources.append(attrs[key])


def parse(path: Path) -> _Links:
    parser = _Links()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


def test_every_internal_link_and_anchor_resolves(built_site):
    site = built_site.site_dir
    parsed: dict[Path, _Links] = {}
    broken = []
    for page in html_pages(site):
        if page.name == "404.html":
            continue  # served at any depth, so MkDocs gives it root-relative links
        links = parsed.setdefault(page, parse(page))
        for href in links.hrefs:
            parts = urlsplit(href)
            if parts.scheme or href.startswith("mailto:"):
                continue
            target = (page.parent / unquote(parts.path)).resolve() if parts.path else page
            if target.is_dir():
                target = target / "index.html"
            if not target.is_file():
                broken.append(f"{page.relative_to(site)}: {href}")
                continue
            if parts.fragment:
                ids = parsed.setdefault(target, parse(target)).ids
                if parts.fragment not in ids:
                    broken.append(f"{page.relative_to(site)}: {href} (no such anchor)")
    assert not broken, "\n".join(broken[:50])


def test_no_page_loads_anything_from_another_host(built_site):
    for page in html_pages(built_site.site_dir):
        for source in parse(page).sources:
            assert not urlsplit(source).scheme and not source.startswith("//"), f"{page}: {source}"
