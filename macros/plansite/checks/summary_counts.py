"""A count typed in a summary must match the data it counts: "three strategic goals" beside a
list of two published goals (one was made private) is refused, naming both.

Only what it can tell is checked: a number word followed, within a few words, by the plural
name of a list on the same record ("three strategic goals" -> ``goals``; "Three working
sub-groups" -> ``sub_groups``), counted as published."""
from __future__ import annotations

import re
from typing import TYPE_CHECKING

from pydantic import BaseModel

from plansite.read.problems import Problem

if TYPE_CHECKING:
    from plansite.checks.site_data import SiteData

NUMBER_WORDS = {
    word: number
    for number, word in enumerate(
        "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
        "fifteen sixteen seventeen eighteen nineteen twenty".split()
    )
}
_WORD = re.compile(r"\d{4}/\d{2}|[A-Za-z0-9-]+|[^\sA-Za-z0-9-]")
_BETWEEN = re.compile(r"[A-Za-z-]+|\d{4}(?:/\d{2})?")  # words or a year: "six 2020/21 ambitions"
TEXT_FIELDS = ("summary",)
WORDS_BETWEEN = 2  # "three strategic goals", "three new working sub-groups"


def _number(word: str) -> int | None:
    word = word.lower()
    return int(word) if word.isdigit() and len(word) < 4 else NUMBER_WORDS.get(word)


def typed_counts(text: str, lists: dict[str, int]) -> list[tuple[str, str, int]]:
    """(words, list name, number said) for each count in ``text`` that names one of ``lists``."""
    words = _WORD.findall(text)
    found = []
    for at, word in enumerate(words):
        said = _number(word)
        if said is None:
            continue
        for offset, noun in enumerate(words[at + 1 : at + 2 + WORDS_BETWEEN], start=1):
            if not _BETWEEN.fullmatch(noun) or _number(noun) is not None:
                break  # punctuation or another number ends the phrase
            name = noun.lower().replace("-", "_")
            if name in lists:
                found.append((" ".join(words[at : at + 1 + offset]), name, said))
                break
    return found


def summary_count_problems(site: "SiteData") -> list[Problem]:
    problems = []
    for _dataset, obj, _parents in site.index.walked:
        fields = type(obj).model_fields
        # A summary is asked for first: most models have none, and a pydantic model answers a
        # missing attribute slowly.
        texts = [(f, text) for f in TEXT_FIELDS if f in fields and isinstance(text := getattr(obj, f), str)]
        if not texts:
            continue
        lists = {
            name: len(value)
            for name in fields
            if isinstance(value := getattr(obj, name), list) and all(isinstance(v, BaseModel) for v in value)
        }
        for field, text in texts if lists else ():
            for words, name, said in typed_counts(text, lists):
                if said != lists[name]:
                    dataset, path = site.index.location_of(obj)
                    problems.append(
                        site.files[dataset].problem(
                            path + (field,),
                            f"says '{words}', but {name} lists {lists[name]} published; "
                            f"make the words agree with the data",
                        )
                    )
    return problems
