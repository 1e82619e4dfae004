"""The editor's YAML format: the script that makes a save change only the values edited
(assets/editor/plansite-yaml-format.js) and the YAML library it uses (eemeli/yaml's browser
build, vendored from the version package-lock.json pins, checked by its own SHA256SUMS)."""
from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

ASSETS = Path(__file__).resolve().parents[1] / "assets" / "editor"
SCRIPT = ASSETS / "plansite-yaml-format.js"
LIBRARY = ASSETS / "yaml"


def yaml_library_intact() -> list[str]:
    """The vendored YAML library's files whose SHA-256 differs from its SHA256SUMS, or that
    it does not list (empty when all match)."""
    listed = {}
    for line in (LIBRARY / "SHA256SUMS").read_text(encoding="utf-8").splitlines():
        digest, name = line.split(maxsplit=1)
        listed[name] = digest
    on_disk = {p.relative_to(LIBRARY).as_posix() for p in LIBRARY.rglob("*") if p.is_file()} - {"SHA256SUMS"}
    wrong = sorted(on_disk - listed.keys())
    wrong += sorted(name for name, digest in listed.items()
                    if not (LIBRARY / name).is_file() or hashlib.sha256((LIBRARY / name).read_bytes()).hexdigest() != digest)
    return wrong


def copy_yaml_format(out_dir: Path) -> None:
    shutil.copyfile(SCRIPT, out_dir / SCRIPT.name)
    shutil.copytree(LIBRARY, out_dir / "yaml", dirs_exist_ok=True, ignore=shutil.ignore_patterns("SHA256SUMS"))
