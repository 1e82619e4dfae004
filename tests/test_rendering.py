"""Render functions against the real data (loaded once per session), and against edited copies."""
from __future__ import annotations

import re
import shutil

import pytest

from conftest import FIXTURE
from plansite.checks.site_data import load_site_data
from plansite.render.renderer import MacroUsageError, Renderer, markdown_heading


@pytest.fixture(scope="session")
def renderer(site_data):
    return Renderer(site_data)


BNSSG_DATASETS = sorted(p.stem for p in (FIXTURE / "data").glob("*.yaml"))


@pytest.mark.parametrize("dataset", BNSSG_DATASETS)
def test_every_dataset_renders_with_its_origin(renderer, dataset):
    html = renderer.show(dataset, current_url="page/")
    assert html.strip()
    assert f"<!-- from data/{dataset}.yaml:" in html or dataset in ("people", "glossary", "organisations")
    assert "<!-- from data/" in html
    assert "{{" not in html and "{%" not in html


def test_plan_shows_leads_gaps_and_nesting(renderer):
    html = renderer.show("system_plan", current_url="plan/")
    assert '## 2020/21 ambition: Be accountable to one another' in html
    assert '### 2019/20 milestone: Establish a system performance management framework' in html
    assert '<a href="../people/mark-smith/">Mark Smith</a>' in html
    # A group's acronym follows its name once, unexplained: the name says what it means.
    assert '<a href="../bodies/sdog/">System Delivery Oversight Group (SDOG)</a>' in html
    assert "Directors of Finance (DoFs) group (DoFs)" not in html
    # A "?" planning lead in the source is "to be confirmed", never a name; what the sources
    # leave out is said once per record, in one sentence, not under every label.
    assert "Its planning lead is still to be confirmed." in html
    assert "The sources do not give its " in html
    assert "planning lead=to be confirmed" in html  # the HTML comment keeps every gap
    # One roll-up of reported statuses per ambition, and no status badge saying nothing.
    assert html.count('class="plan-rollup"') == 6
    assert "Status reported for " in html and "Status: to be confirmed" not in html


def test_each_table_cell_on_its_own_line(renderer):
    """Material's search joins cells written on one line; every cell must start a line."""
    html = renderer.show("people", current_url="people/")
    assert not re.search(r"</t[dh]>[ \t]*<t[dh]", html)


def test_acronyms_are_explained_with_abbr(renderer):
    html = renderer.explain("Paper to SDOG Nov 18")
    assert str(html) == 'Paper to <abbr title="System Delivery Oversight Group">SDOG</abbr> Nov 18'
    # Not inside a longer word.
    assert "<abbr" not in str(renderer.explain("SDOGX"))


def test_script_in_data_text_is_escaped(renderer):
    html = str(renderer.explain("<script>alert(1)</script> & SDOG"))
    assert html.startswith("&lt;script&gt;alert(1)&lt;/script&gt; &amp; <abbr")


def test_markdown_heading_escapes_text():
    heading = markdown_heading('Plan for *all* <b>"now"</b> &amp; [later]', 2, "x")
    assert heading.strip() == r'## Plan for \*all\* "now" &amp; \[later\] {#x}'


def test_status_shows_newest_with_history(renderer):
    html = renderer.show("programmes", "stroke-programme", current_url="programmes/")
    assert '<span class="plan-status plan-status--in-progress" data-record="stroke-programme" data-status="in progress">In progress</span>' in html
    assert "Status: In progress" not in html and "Status: in progress" not in html
    assert 'as of <time datetime="2018-11">November 2018</time>' in html
    assert "<details" in html and "Status history (1 update)" in html


def test_person_page_lists_what_they_lead(renderer):
    html = renderer.show("people", "sarah-truelove", current_url="people/sarah-truelove/")
    assert "What they lead, chair or take part in" in html
    assert "Executive lead" in html and "Planning lead" in html
    assert 'href="../../plan/#' in html


def test_unknown_dataset_and_id_messages(renderer):
    with pytest.raises(MacroUsageError, match=r"^show: 'peeple' is not a known dataset. Known datasets: people, "):
        renderer.show("peeple")
    with pytest.raises(MacroUsageError, match=r"^show: 'julia-rose' is not a known record of 'people'. Known ids: julia-ross, "):
        renderer.show("people", "julia-rose")
    with pytest.raises(MacroUsageError, match=r"^show: the dataset 'glossary' is shown whole; remove the id 'x'"):
        renderer.show("glossary", "x")


def test_reporting_lines_render_as_nested_list(tmp_path):
    data = tmp_path / "data"
    shutil.copytree(FIXTURE / "data", data)
    bodies = data / "bodies.yaml"
    text = bodies.read_text(encoding="utf-8")
    for child in ("workforce-planning-and-information-group", "workforce-education-and-talent-management-group"):
        start = text.index(f"  - id: {child}\n")
        end = text.index("reports_to: not in the source", start)
        text = text[:end] + "reports_to: workforce-transformation-steering-group" + text[end + len("reports_to: not in the source"):]
    start = text.index("  - id: workforce-transformation-steering-group\n")
    end = text.index("reports_to: not in the source", start)
    text = text[:end] + "reports_to: null" + text[end + len("reports_to: not in the source"):]
    bodies.write_text(text, encoding="utf-8")

    html = str(Renderer(load_site_data(data)).show("bodies", current_url="governance/"))
    tree = html[html.index('<div class="plan-tree"'):html.index("</div>", html.index('<div class="plan-tree"'))]
    parent = tree.index("Workforce Transformation Steering Group</a>")
    nested = tree.index("<ul>", parent)
    assert tree.index("Workforce planning and information", nested) > nested
    assert "No other group: it is at the top of the structure" in html
    assert "The source documents do not say whom these report to:" in tree


def test_links_are_relative_to_the_page_each_call_is_for(renderer, site_data):
    """The page's URL belongs to one render call, not to the renderer: calls for pages at
    different depths, in any order, each link from their own page (the board pack cover's
    summary included, which links to groups and people)."""
    date = site_data.partnership.as_of
    deep = renderer.board_pack_cover("v1", date, current_url="a/b/")
    top = renderer.board_pack_cover("v1", date, current_url="")
    assert 'href="../../bodies/' in deep and 'href="bodies/' in top
    assert 'href="bodies/' not in deep and 'href="../' not in top
    assert renderer.url_of("body", "sdog") == "bodies/sdog/"  # outside any call: from the site root
