"""Open data: every published dataset as JSON and CSV, with its JSON Schema.

The JSON is exactly what the site shows (private and draft records are already gone) and
validates against the same schema as the YAML it came from. The next version's "What
changed" page reads these files back, so they are the record of what was published.

The CSV is for spreadsheets, which run a cell that starts with =, +, -, @, a tab or a carriage
return as a formula (OWASP's "CSV injection"). Such a cell gets a ' in front, as OWASP
recommends, so it shows as the text it is. Plain numbers (-5, -1,234.5, +3.3%) are left as
they are: a spreadsheet reads them as the number, and they cannot hold a formula. The JSON
keeps the exact text.
"""
from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path
from typing import Any

from plansite.checks.site_data import SiteData, schema_file_name
from plansite.outputs.schemas import schema_text
from plansite.render.published import dataset_json, is_record

# What a spreadsheet may take for the start of a formula (OWASP, "CSV Injection").
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# A cell that is wholly a plain number, which a spreadsheet reads as that number.
_PLAIN_NUMBER = re.compile(r"[+-]?(?:\d+|\d{1,3}(?:,\d{3})+)(?:\.\d+)?%?")


def spreadsheet_safe(cell: str) -> str:
    """``cell`` as a spreadsheet will show it, never run it: a ' before a possible formula."""
    if cell.startswith(FORMULA_STARTS) and not _PLAIN_NUMBER.fullmatch(cell):
        return "'" + cell
    return cell


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, list) and all(not isinstance(v, (dict, list)) for v in value):
        return "; ".join(str(v) for v in value)
    if isinstance(value, (dict, list)):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def _rows(value: Any, parent_id: str, record_type: str, rows: list[dict[str, str]]) -> None:
    """One row per record, its own fields flattened; records inside it get rows of their own."""
    if isinstance(value, list):
        for item in value:
            _rows(item, parent_id, record_type, rows)
        return
    if not isinstance(value, dict):
        return
    own: dict[str, str] = {}
    children: list[tuple[str, Any]] = []
    for key, item in value.items():
        if isinstance(item, list) and item and all(is_record(i) for i in item):
            children.append((key, item))
        elif is_record(item):
            children.append((key, [item]))
        elif isinstance(item, dict) and set(item) >= {"document", "section"}:
            own[f"{key}_document"], own[f"{key}_section"] = str(item["document"]), str(item["section"])
        else:
            own[key] = _cell(item)
    rows.append({"record_type": record_type, "parent_id": parent_id, **own})
    for key, items in children:
        _rows(items, str(value.get("id", parent_id)), key, rows)


def dataset_csv(site: SiteData, dataset: str) -> str:
    data = dataset_json(site, dataset)
    rows: list[dict[str, str]] = []
    for key, value in data.items():
        if isinstance(value, list):
            _rows(value, "", key, rows)
        elif isinstance(value, dict) and not set(value) >= {"document", "section"}:
            _rows(value, "", key, rows)  # a dataset held in one object, e.g. the MOU
    columns: dict[str, None] = {"record_type": None, "parent_id": None, "id": None}
    for row in rows:
        columns.update(dict.fromkeys(row))
    out = io.StringIO()
    # Rows end in CRLF, as RFC 4180 says: then a cell holding a carriage return is quoted too
    # (with "\n" alone the csv module leaves it bare, and readers split the row there).
    writer = csv.DictWriter(out, fieldnames=list(columns), lineterminator="\r\n")
    writer.writeheader()
    writer.writerows({column: spreadsheet_safe(cell) for column, cell in row.items()} for row in rows)
    return out.getvalue()


# Every record's status as of the site's date, as the pages show it: in a folder of its own,
# so that nothing reading ``data/*.json`` back as datasets (What changed) takes it for one.
STATUS_DIR = "status"
STATUS_COLUMNS = ["dataset", "id", "status", "late", "due", "last_reported", "last_reported_date", "inherited_from", "words"]


def status_rows(site: SiteData) -> list[dict[str, Any]]:
    """One row per record that has a status field, in data order: what render/status.py
    decides for it, the same as every page shows."""
    from plansite.checks.references import walk_models
    from plansite.render.status import has_status, site_statuses

    statuses = site_statuses(site)
    rows = []
    for dataset, model in site.models.items():
        for _, obj, parents in walk_models(model):
            if has_status(obj):
                rows.append({"dataset": dataset, "id": obj.id, **statuses.of(obj, parents).as_data()})
    return rows


def status_files(site: SiteData) -> tuple[str, str]:
    """``status.json`` and ``status.csv``: every record's status as of ``partnership.as_of``."""
    rows = status_rows(site)
    as_of = getattr(getattr(site, "partnership", None), "as_of", None)
    data = {"as_of": as_of.iso if as_of else None, "records": rows}
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=STATUS_COLUMNS, lineterminator="\r\n")
    writer.writeheader()
    writer.writerows({k: spreadsheet_safe(_cell(v).lower() if isinstance(v, bool) else _cell(v)) for k, v in row.items()} for row in rows)
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n", out.getvalue()


def write_open_data(site: SiteData, out_dir: Path) -> list[Path]:
    """Write ``<dataset>.json``, ``<dataset>.csv``, ``schemas/`` and ``status/`` into ``out_dir``."""
    written = []
    (out_dir / STATUS_DIR).mkdir(parents=True, exist_ok=True)
    status_json, status_csv = status_files(site)
    (out_dir / STATUS_DIR / "status.json").write_text(status_json, encoding="utf-8")
    (out_dir / STATUS_DIR / "status.csv").write_text(status_csv, encoding="utf-8", newline="")
    written += [out_dir / STATUS_DIR / "status.json", out_dir / STATUS_DIR / "status.csv"]
    (out_dir / "schemas").mkdir(parents=True, exist_ok=True)
    for dataset in site.models:
        json_path = out_dir / f"{dataset}.json"
        json_path.write_text(json.dumps(dataset_json(site, dataset), indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        csv_path = out_dir / f"{dataset}.csv"
        csv_path.write_text(dataset_csv(site, dataset), encoding="utf-8", newline="")
        schema_path = out_dir / "schemas" / schema_file_name(dataset)
        schema_path.write_text(schema_text(dataset), encoding="utf-8")
        written += [json_path, csv_path, schema_path]
    return written
