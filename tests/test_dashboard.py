"""The status dashboard and the timeline pictures, from the real data."""
from __future__ import annotations

from plansite.render.dashboard import NO_STATUS, dashboard
from plansite.models.common import PlanDate
from plansite.render.renderer import Renderer
from plansite.render.timeline_picture import timeline_picture


def test_overdue_is_judged_against_the_plans_as_of_date(site_data):
    board = dashboard(site_data)
    assert board.as_of == PlanDate(2018, 11)
    overdue = board.overdue
    assert overdue, "the November 2018 data has September and October milestones not reported complete"
    assert all(item.due.sort_key < (2018, 11, 0) and not item.done for item in overdue)
    assert [i.due.sort_key for i in overdue] == sorted(i.due.sort_key for i in overdue)
    titles = [i.title for i in overdue]
    assert "Agree financial, activity and capacity baseline" in titles


def test_due_next_starts_at_the_as_of_month(site_data):
    coming = dashboard(site_data).due_next()
    assert coming and all(i.due.sort_key >= (2018, 11, 0) for i in coming)


def test_counts_add_up(site_data):
    board = dashboard(site_data)
    total = sum(board.count(kind, s) for kind in ("action", "milestone") for s in board.statuses)
    assert total == len(board.items)
    assert NO_STATUS in board.statuses
    assert sum(sum(c.values()) for _, c in board.by_body()) >= len(board.items)


def test_dashboard_renders_status_in_words_with_captions(site_data):
    html = str(Renderer(site_data).status_dashboard(current_url="dashboard/"))
    assert "## Late: past their due date {#overdue}" in html
    assert "<caption" in html and 'scope="row"' in html
    assert '<span class="plan-status plan-status--none">No status reported</span>' in html
    assert "plan-status--to-be-confirmed" not in html
    # Each late or due item names its group and executive lead, cell by labelled cell.
    assert 'data-label="Responsible group"' in html and 'data-label="Executive lead"' in html


def test_a_row_of_work_without_a_status_has_its_next_steps(site_data):
    """A row never contradicts its step: with no status of its own, the step's is its."""
    from plansite.render.dashboard import tracked_items

    steps = {s.id: s for a in site_data.system_plan.ambitions for m in a.milestones for s in m.next_steps}
    checked = 0
    for item in tracked_items(site_data):
        if type(item.record).__name__ != "WorkItem" or item.record.status:
            continue
        step = next(s for s in steps.values() if item.record in s.work)
        if step.status:
            assert item.status == max(step.status, key=lambda u: u.date.sort_key).status
            checked += 1
    assert checked


def test_timeline_picture_spaces_items_by_date_and_keeps_numbers_apart():
    picture = timeline_picture([
        (1, "a", PlanDate(2019, 1, 1)), (2, "b", PlanDate(2019, 1, 2)), (3, "c", PlanDate(2019, 6, 30)),
        (4, "undated", "to be confirmed"),
    ])
    xs = [p.x for p in picture.points]
    assert xs == sorted(xs) and [p.number for p in picture.points] == [1, 2, 3]
    assert picture.points[0].label_y != picture.points[1].label_y  # too close: stacked
    assert all(p.label_y > 0 for p in picture.points)
    # The undated item is not dropped: it has its own line under the axis.
    assert picture.undated == [(4, "undated")]
    # Month labels stay inside the picture and never touch each other.
    labels = [(t.label_x - len(t.label) * 6.5, t.label_x + len(t.label) * 6.5) for t in picture.ticks if t.label]
    assert labels and labels[0][0] >= 0 and labels[-1][1] <= picture.width
    assert all(right + 8 <= left for (_, right), (left, _) in zip(labels, labels[1:]))
    assert timeline_picture([(1, "only one", PlanDate(2019, 1))]) is None


def test_timelines_have_an_svg_with_a_text_alternative(site_data):
    html = str(Renderer(site_data).show("planning_timeline", current_url="timeline/"))
    assert '<svg viewBox="0 0 600' in html and 'role="img"' in html
    assert "<desc id=" in html and "Contracts signed, 21 March 2019" in html
