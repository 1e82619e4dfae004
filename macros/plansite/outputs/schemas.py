"""Generate the JSON Schemas that data files name on their first line, from the models.

``python -m plansite.outputs.schemas [OUT_DIR]`` writes them; a test fails when the committed copies
are stale, so editors' autocompletion always matches what the check accepts.
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

from plansite.read.datasets import DATASETS, schema_file_name

SCHEMA_DIR = Path(__file__).resolve().parents[3] / "schemas"  # this repository's schemas/ (macros/plansite/outputs/ -> top)


def schema_text(dataset: str) -> str:
    schema = DATASETS[dataset].model_json_schema()
    schema = {"$schema": "https://json-schema.org/draft/2020-12/schema", "title": f"{dataset}.yaml", **schema}
    return json.dumps(schema, indent=2, sort_keys=False, ensure_ascii=False) + "\n"


def write_schemas(out_dir: Path = SCHEMA_DIR) -> list[Path]:
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for dataset in DATASETS:
        path = out_dir / schema_file_name(dataset)
        path.write_text(schema_text(dataset), encoding="utf-8")
        written.append(path)
    return written


if __name__ == "__main__":
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else SCHEMA_DIR
    for written in write_schemas(target):
        print(f"wrote {written}")
