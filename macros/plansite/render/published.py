"""The published form of a site's data: each dataset as the JSON its open data file holds,
what counts as a record in it, the licence it is published under, and reading a published
version's JSON back (What changed compares with it; outputs/open_data.py writes it)."""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from plansite.checks.site_data import SiteData

LICENCE_NAME = "Open Government Licence v3.0"
LICENCE_URL = "https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/"


def dataset_json(site: SiteData, dataset: str) -> dict[str, Any]:
    return site.models[dataset].model_dump(mode="json")


def is_record(value: Any) -> bool:
    """Whether a value of published JSON is a record (it has an id and a source)."""
    return isinstance(value, dict) and "id" in value and "source" in value


def read_published_data(folder: Path) -> dict[str, Any]:
    """A previous version's published JSON, by dataset (datasets it did not have are absent)."""
    data = {}
    for path in sorted(Path(folder).glob("*.json")):
        data[path.stem] = json.loads(path.read_text(encoding="utf-8"))
    return data
