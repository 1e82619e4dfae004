"""Layout for the static SVG timeline pictures: where each dated item and month tick goes.

Pure arithmetic; the SVG itself is the template ``timeline_svg.html``. The picture adds the
spacing in time to the accessible list beside it, which stays the full record.
"""
from __future__ import annotations

import calendar
from dataclasses import dataclass

from plansite.models.common import PlanDate

WIDTH, MARGIN, AXIS_Y = 600, 36, 110


@dataclass(frozen=True)
class Point:
    number: int
    x: float
    label_y: float
    date: PlanDate
    title: str


@dataclass(frozen=True)
class Tick:
    x: float
    label: str  # '' when there is no room for it beside its neighbours' labels
    label_x: float  # where its label is centred: kept inside the picture


LABEL_CHAR_WIDTH = 16  # a generous average width of a character at font-size 24, in picture units
# 24 picture units: at 360 px the 600-unit picture is about 330 px wide, so labels show at 13 px (12 at least).


@dataclass(frozen=True)
class Picture:
    points: list[Point]
    ticks: list[Tick]
    undated: list[tuple[int, str]] = ()  # (number, title) of items the sources give no date for
    width: int = WIDTH
    height: int = AXIS_Y + 40
    axis_y: int = AXIS_Y


def _position(date: PlanDate) -> float:
    days = calendar.monthrange(date.year, date.month)[1]
    return date.year * 12 + (date.month - 1) + ((date.day or 1) - 1) / days


def timeline_picture(entries: list[tuple[int, str, PlanDate]]) -> Picture | None:
    """``entries``: (number in the list, title, date). None when fewer than two are dated.
    Items without a date get a line of their own below the axis, never left out."""
    dated = [e for e in entries if isinstance(e[2], PlanDate)]
    undated = [(number, title) for number, title, date in entries if not isinstance(date, PlanDate)]
    if len(dated) < 2:
        return None
    start = min(_position(d) for _, _, d in dated)
    end = max(_position(d) for _, _, d in dated)
    first_month, last_month = int(start), int(end) + 1
    span = max(last_month - first_month, 1)

    def x_of(position: float) -> float:
        return round(MARGIN + (position - first_month) / span * (WIDTH - 2 * MARGIN), 1)

    points, last_x_by_level = [], {}
    for number, title, date in sorted(dated, key=lambda e: _position(e[2])):
        x = x_of(_position(date))
        level = 0  # stagger numbers that would overlap
        while x - last_x_by_level.get(level, -1e9) < 34:
            level += 1
        last_x_by_level[level] = x
        points.append(Point(number, x, AXIS_Y - 18 - level * 28, date, title))
    step = max(1, span // 5)  # at most about five month labels
    ticks, last_right = [], -1e9
    for m in range(first_month, last_month + 1, step):
        x, label = x_of(m), f"{calendar.month_abbr[m % 12 + 1]} {m // 12}"
        half = len(label) * LABEL_CHAR_WIDTH / 2
        label_x = min(max(x, half + 2), WIDTH - half - 2)  # inside the picture's box
        if label_x - half < last_right + 8:  # would touch the label before it: leave it out
            label = ""
        else:
            last_right = label_x + half
        ticks.append(Tick(x, label, round(label_x, 1)))
    top = min(p.label_y for p in points)
    shift = max(0, 34 - top)  # keep stacked numbers inside the picture
    if shift:
        points = [Point(p.number, p.x, p.label_y + shift, p.date, p.title) for p in points]
    extra = 38 if undated else 0
    return Picture(points, ticks, undated, height=int(AXIS_Y + shift + 50 + extra), axis_y=int(AXIS_Y + shift))
