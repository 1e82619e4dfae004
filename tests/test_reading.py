"""Pages a citizen and a board member would choose to read, on all three partnerships' sites:
what the sources leave out said once per record, no status badge saying nothing, search that
answers the questions people ask."""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from plansite.checks.linkcheck import html_pages

SITES = ("bnssg", "cambridgeshire-peterborough", "bsw")
GAP_WORDS = re.compile(r'class="plan-gap"')  # a gap shown in place of a value
GAP_SENTENCE = re.compile(r'<p class="plan-gaps">.*?</p>', re.S)


def record_blocks(html: str) -> list[str]:
    """The page's article cut at each record's origin comment: one piece per record shown."""
    article = html[html.find("<article"):html.find("</article>")]
    return re.split(r"<!-- from ", article)[1:]


def gap_phrases(block: str) -> int:
    """How many times a record says something is missing: its one sentence for the fields the
    sources leave out counts once, however many fields it names."""
    block = re.sub(r"<!--.*?-->", "", block, flags=re.S)
    sentences = len(GAP_SENTENCE.findall(block))
    return sentences + len(GAP_WORDS.findall(GAP_SENTENCE.sub("", block)))


@pytest.mark.parametrize("name", SITES)
def test_no_record_says_a_gap_more_than_once(built_sites, name):
    site = built_sites[name].site_dir
    repeated = []
    for page in html_pages(site):
        for block in record_blocks(page.read_text(encoding="utf-8")):
            if gap_phrases(block) > 1:
                repeated.append(f"{page.relative_to(site)}: {block[:90]!r}")
    assert not repeated, f"{len(repeated)} records repeat a gap:\n" + "\n".join(repeated[:30])


@pytest.mark.parametrize("name", SITES)
def test_no_status_badge_says_status_or_nothing(built_sites, name):
    for page in html_pages(built_sites[name].site_dir):
        html = page.read_text(encoding="utf-8")
        assert not re.search(r'<span class="plan-status[^"]*">Status', html), page  # a badge labelled Status says only the status
        assert "Status: to be confirmed" not in html and "plan-status--to-be-confirmed" not in html, page


def search_docs(site_dir: Path) -> list[dict]:
    return json.loads((site_dir / "search" / "search_index.json").read_text(encoding="utf-8"))["docs"]


def test_a_groups_chair_is_found_with_its_name(built_sites, site_data):
    """'Who chairs X' finds X's own page, where a sentence names the chair."""
    docs = search_docs(built_sites["bnssg"].site_dir)
    chaired = [b for b in site_data.bodies.bodies if isinstance(b.chair, str) and b.chair in site_data.index.ids["person"]]
    assert chaired
    for body in chaired:
        chair = site_data.index.ids["person"][body.chair].name
        own = [d for d in docs if d["location"].startswith(f"bodies/{body.id}/")]
        text = " ".join(re.sub(r"<[^>]+>", "", d["text"]) for d in own)
        assert f"{body.name} is chaired by {chair}" in text, body.id


def test_late_overdue_and_to_be_confirmed_lead_to_the_dashboard(built_sites):
    docs = search_docs(built_sites["bnssg"].site_dir)
    dashboard = " ".join(d["title"] + " " + d["text"] for d in docs if d["location"].startswith("dashboard/")).lower()
    for words in ("late", "overdue", "to be confirmed", "no status reported"):
        assert words in dashboard, words


@pytest.mark.parametrize("name", SITES)
def test_search_text_reads_as_words(built_sites, name):
    """No label soup glued together: a bracket after a word has a space, a date or an acronym
    is not said twice in a row."""
    text = " ".join(re.sub(r"<[^>]+>", " ", d["title"] + " " + d["text"]) for d in search_docs(built_sites[name].site_dir))
    assert not re.findall(r"\d\((?:likelihood|impact)", text)
    assert not re.findall(r"\b(\w+ \d{4})\1", text), "a date twice"
    assert not re.findall(r"\((\w+)\) \(\1\)", text), "an acronym twice"
