"""Generate the JSON Schemas that data files name on their first line, from the models.

``python -m plansite.outputs.schemas [OUT_DIR]`` writes them; a test fails when the committed copies
are stale, so editors' autocompletion always matches what the check accepts.
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

from plansite.checks.site_data import DATASETS, schema_file_name

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


def main(argv: list[str] | None = None) -> int:
    import argparse

    parser = argparse.ArgumentParser(prog="plansite schemas", description="write the JSON Schemas the data files name")
    parser.add_argument("out_dir", nargs="?", type=Path, default=SCHEMA_DIR, help="where to write them (default: schemas/)")
    args = parser.parse_args(argv)
    for written in write_schemas(args.out_dir):
        print(f"wrote {written}")
    from plansite.outputs.editor_config import write_config  # the browser editor's forms, from the same models

    print(f"wrote {write_config(args.out_dir / 'editor' / 'config.yml')}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
