"""Figures kept exactly as the source prints them, and the arithmetic the check does on them.

A figure is text such as ``1,234``, ``(1,976)``, ``-0.75``, ``3.3%`` or ``-`` (nil): the site
shows it as written, so units, brackets and precision stay the source's. The check reads its
value to prove that totals add up; a mismatch is reported at the cell that is wrong, with both
numbers, for example ``total -376 is not the sum of its 12 rows = 15``.
"""
from __future__ import annotations

import re
from decimal import Decimal
from typing import Annotated, Any, Iterable

from pydantic import BeforeValidator, Field, WithJsonSchema

NIL = "-"
_FIGURE = re.compile(
    r"^(?P<open>\()?(?P<sign>[+-])?£?(?P<whole>\d{1,3}(?:,\d{3})+|\d+)(?P<decimals>\.\d+)?(?P<unit>%|m|k)?(?P<close>\))?$"
)
FIGURE_EXAMPLES = "'1,234', '(1,234)', '-0.75', '3.3%' or '-' for nil"


def _cell_input(value: Any) -> Any:
    """Whole numbers may be written bare; anything with a decimal point must be quoted, so
    that '0.70' keeps its precision (YAML would read 0.70 as 0.7)."""
    if isinstance(value, bool):
        return value  # refused as "should be text"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        raise ValueError(
            f"write the figure {value} in quotes, exactly as the source prints it (e.g. '-0.75'), "
            "so that its precision is kept"
        )
    return value


# A table cell: a figure in a number column, any text in a text column (checked by the table).
Cell = Annotated[
    str,
    BeforeValidator(_cell_input),
    Field(min_length=1),
    WithJsonSchema(
        {
            "anyOf": [{"type": "string", "minLength": 1}, {"type": "integer"}],
            "description": f"As the source prints it: a figure such as {FIGURE_EXAMPLES}, or text in a text column.",
        }
    ),
]


def figure_value(text: str) -> Decimal | None:
    """The value of a figure as printed, or None if ``text`` is not a figure. '-' is nil (0)."""
    text = text.strip().replace("\u2212", "-")
    if text == NIL:
        return Decimal(0)
    match = _FIGURE.match(text)
    if not match or bool(match.group("open")) != bool(match.group("close")):
        return None
    value = Decimal(match.group("whole").replace(",", "") + (match.group("decimals") or ""))
    negative = bool(match.group("open")) or match.group("sign") == "-"
    return -value if negative else value


def decimals_of(text: str) -> int:
    match = re.search(r"\.(\d+)", text)
    return len(match.group(1)) if match else 0


def format_figure(value: Decimal, like: Iterable[str] = ()) -> str:
    """``value`` written the way the figures it was worked out from are written: with thousands
    separators if they use them, and as many decimal places as the most precise of them."""
    like = [t for t in like if t]
    places = max((decimals_of(t) for t in like), default=0)
    commas = any("," in t for t in like) or abs(value) >= 10000
    quantised = value.quantize(Decimal(1).scaleb(-places)) if places else value.quantize(Decimal(1))
    text = f"{abs(quantised):,.{places}f}" if commas else f"{abs(quantised):.{places}f}"
    return ("-" if quantised < 0 else "") + text


def within(total: Decimal, expected: Decimal, rounding: Decimal) -> bool:
    return abs(total - expected) <= rounding


def sum_words(labels: list[str], less: list[str] = (), limit: int = 4) -> str:
    """How a sum reads in a message: 'A + B − C', or 'the sum of its 12 rows' when long."""
    if len(labels) + len(less) <= limit:
        text = " + ".join(f"'{label}'" for label in labels)
        for label in less:
            text += f" − '{label}'"
        return text
    text = f"the sum of its {len(labels)} rows"
    if less:
        text += f" less {len(less)} row{'s' if len(less) != 1 else ''}"
    return text
