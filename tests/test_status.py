"""One status per record: every page that shows a record's status, and the open data, say the
same thing (render/status.py decides it once), in all three built sites."""
from __future__ import annotations

import json
from collections import defaultdict

from selectolax.lexbor import LexborHTMLParser as HTMLParser

from plansite.models.actions import Action
from plansite.models.common import PlanDate
from plansite.models.plan import NextStep, PlanMilestone, WorkItem
from plansite.render.status import record_status


def _words_after(node) -> str | None:
    """The text of the status words right after a badge, or None when there are none."""
    sibling = node.next
    while sibling is not None and sibling.tag == "-text" and not (sibling.text() or "").strip():
        sibling = sibling.next
    if sibling is not None and sibling.tag == "span" and "plan-status-date" in (sibling.attributes.get("class") or ""):
        return " ".join(sibling.text().split())
    return None


def statuses_on_pages(site_dir):
    """{record id: {(status, badge text, words): [pages]}} for every status shown in the site."""
    found: dict[str, dict[tuple, list[str]]] = defaultdict(lambda: defaultdict(list))
    for page in sorted(site_dir.rglob("*.html")):
        rel = page.relative_to(site_dir).as_posix()
        if rel.startswith("assets/"):
            continue
        tree = HTMLParser(page.read_text(encoding="utf-8"))
        for node in tree.css("[data-record]"):
            attrs = node.attributes
            assert "data-status" in attrs, f"{rel}: a status for {attrs['data-record']} without data-status"
            badge = "plan-status" in (attrs.get("class") or "").split()
            reading = (attrs["data-status"], " ".join(node.text().split()) if badge else None, _words_after(node) if badge else None)
            found[attrs["data-record"]][reading].append(rel)
    return found


def test_every_record_reads_the_same_on_every_page_and_in_open_data(built_sites):
    shown_on_several = 0
    for name, result in built_sites.items():
        site_dir = result.site_dir
        found = statuses_on_pages(site_dir)
        assert found, f"{name}: no status shown anywhere"
        published = json.loads((site_dir / "data" / "status" / "status.json").read_text(encoding="utf-8"))
        rows: dict[str, dict] = {}
        for row in published["records"]:
            assert row["id"] not in rows, f"{name}: two records with a status share the id {row['id']}"
            rows[row["id"]] = row
        for record, readings in found.items():
            statuses = {status for status, _, _ in readings}
            assert len(statuses) == 1, f"{name}: {record} reads {dict(readings)}"
            badges = {(label, words) for _, label, words in readings if label is not None}
            assert len(badges) <= 1, f"{name}: {record} reads {dict(readings)}"
            # The open data says what the pages say.
            assert record in rows, f"{name}: {record} has a status on a page but none in status.json"
            assert rows[record]["status"] == statuses.pop()
            for _, words in badges:
                assert (words or "") == rows[record]["words"], (name, record, words, rows[record]["words"])
            pages = {page for where in readings.values() for page in where}
            shown_on_several += len(pages) > 1
        # Every record the open data has a status for that is late is shown somewhere.
        for row in rows.values():
            if row["late"]:
                assert row["id"] in found, f"{name}: {row['id']} is late but no page says so"
    assert shown_on_several >= 20, shown_on_several


def test_a_row_without_its_own_status_reads_its_milestones_and_late_everywhere(built_site):
    """The case of issue 21: on the dashboard, the board pack, the plan page and Julia Ross's
    page alike, the row reads late and says what its milestone last reported."""
    found = statuses_on_pages(built_site.site_dir)
    readings = found["work-outcome-measures-and-targets"]
    assert list(readings) == [(
        "late", "Late", "past its due date of October 2018; its milestone last reported on track, November 2018",
    )]
    pages = set(next(iter(readings.values())))
    assert {"dashboard/index.html", "people/julia-ross/index.html", "plan/index.html", "board-pack/index.html"} <= pages, pages


def test_the_rules():
    source = {"document": "d", "section": "s"}
    update = {"date": "2018-11", "status": "on track", "note": "n", "source": source}
    work = {"id": "w", "source": source, "executive_leads": [], "planning_leads": [], "deliverables": [],
            "milestones": [{"when": "Oct", "date": "2018-10"}]}
    step = NextStep.model_validate({"id": "s", "title": "t", "responsible": [], "source": source, "work": [work]})
    milestone = PlanMilestone.model_validate({"id": "m", "title": "t", "source": source, "next_steps": [], "status": [update]})
    row = WorkItem.model_validate(work)
    # Inherited from the nearest record above that reports one; late once its date has passed.
    assert record_status(row, (milestone, step), PlanDate(2018, 10)).words == "as of November 2018, reported for its milestone"
    late = record_status(row, (milestone, step), PlanDate(2018, 11))
    assert (late.status, late.late, late.reported, late.inherited_id) == ("late", True, "on track", "m")
    # Its own status wins over its parents'; complete is never late.
    own = WorkItem.model_validate({**work, "status": [{**update, "status": "complete"}]})
    assert record_status(own, (milestone, step), PlanDate(2019, 1)).status == "complete"
    # Nothing reported, nothing due: no status reported, and no words.
    bare = WorkItem.model_validate({**work, "milestones": []})
    none = record_status(bare, (), PlanDate(2019, 1))
    assert (none.status, none.label, none.words) == ("no status reported", "No status reported", "")
    # An action plan's own status word is data: escaped in the words' markup.
    action = Action.model_validate({"id": "a", "source": source, "title": "t", "due": {"when": "Jan", "date": "2018-01"}, "owners": [],
                                    "progress": [{"date": "2018-02", "rag": "not in the source", "status": "<b>Open</b>"}]})
    html = str(record_status(action, (), PlanDate(2018, 3)).words_html)
    assert "<b>" not in html and "last reported &lt;b&gt;Open&lt;/b&gt;, <time datetime=\"2018-02\">February 2018</time>" in html
