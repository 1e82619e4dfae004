"""The hashed lock files are up to date with the pins they are compiled from (`make lock`:
requirements*.in → requirements*.txt), every package in them is pinned with hashes, and the
two locks that install into .venv/ agree. Reads the files only: no network, no lock tool."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from conftest import ROOT

LOCKS = {"requirements.in": "requirements.txt", "requirements-test.in": "requirements-test.txt",
         "requirements-zensical.in": "requirements-zensical.txt"}
PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==([^\s\\;#]+)")


def normal(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def pins(text: str) -> dict[str, str]:
    """The ``name==version`` lines of a requirements file, by normalised name."""
    return {normal(found[1]): found[2] for found in map(PIN.match, text.splitlines()) if found}


def locked(text: str) -> dict[str, dict]:
    """Each package of a lock file: its version, its hashes and the .in files that ask for it
    (uv's ``# via -r requirements.in`` notes)."""
    entries: dict[str, dict] = {}
    current = None
    for line in text.splitlines():
        found = PIN.match(line)
        if found:
            current = entries.setdefault(normal(found[1]), {"version": found[2], "hashes": [], "asked_by": []})
        elif current is not None:
            current["hashes"] += re.findall(r"--hash=sha256:([0-9a-f]{64})", line)
            current["asked_by"] += re.findall(r"-r (\S+\.in)", line)
    return entries


def stale(source: Path, lock: Path) -> list[str]:
    """What in ``lock`` no longer matches ``source``, one line each."""
    wanted = pins(source.read_text(encoding="utf-8"))
    entries = locked(lock.read_text(encoding="utf-8"))
    problems = [f"{lock.name}: {name}=={version} from {source.name} is not locked; run make lock"
                for name, version in wanted.items() if entries.get(name, {}).get("version") != version]
    problems += [f"{lock.name}: {name} is locked for {source.name}, which no longer asks for it; run make lock"
                 for name, entry in entries.items() if source.name in entry["asked_by"] and name not in wanted]
    problems += [f"{lock.name}: {name} has no hash" for name, entry in entries.items() if not entry["hashes"]]
    return problems


@pytest.mark.parametrize("source, lock", LOCKS.items())
def test_each_lock_is_up_to_date_with_its_pins(source, lock):
    assert pins((ROOT / source).read_text(encoding="utf-8")), f"{source} pins nothing"
    assert stale(ROOT / source, ROOT / lock) == []


def test_the_test_lock_agrees_with_the_site_lock():
    """Both install into .venv/: a package in both must be locked at one version."""
    site = locked((ROOT / "requirements.txt").read_text(encoding="utf-8"))
    test = locked((ROOT / "requirements-test.txt").read_text(encoding="utf-8"))
    assert "-c requirements.txt" in (ROOT / "requirements-test.in").read_text(encoding="utf-8")
    assert {name: test[name]["version"] for name in site.keys() & test.keys()} == \
        {name: site[name]["version"] for name in site.keys() & test.keys()}


def test_the_site_build_keeps_its_versions():
    """The lock changed how the site's packages install, not which releases build it."""
    site = locked((ROOT / "requirements.txt").read_text(encoding="utf-8"))
    assert {name: site[name]["version"] for name in ("mkdocs", "mkdocs-material", "markdown", "pymdown-extensions")} == \
        {"mkdocs": "1.6.1", "mkdocs-material": "9.8.1", "markdown": "3.11.3", "pymdown-extensions": "13.1"}


def test_a_stale_lock_is_caught(tmp_path):
    source = tmp_path / "requirements.in"
    source.write_text("# a comment\nmkdocs==1.6.1\nmike==2.2.0\n", encoding="utf-8")
    lock = tmp_path / "requirements.txt"
    lock.write_text((ROOT / "requirements.txt").read_text(encoding="utf-8"), encoding="utf-8")
    dropped = sorted(name.lower() for name in re.findall(r"(?m)^([A-Za-z0-9_.-]+)==", (ROOT / "requirements.in").read_text(encoding="utf-8"))
                     if name not in ("mkdocs", "mike"))
    assert len(dropped) > 5
    assert stale(source, lock) == [
        # mkdocs-material and the rest are still locked as asked for by a pin the .in file dropped
        f"requirements.txt: {name} is locked for requirements.in, which no longer asks for it; run make lock"
        for name in dropped
    ]
    source.write_text((ROOT / "requirements.in").read_text(encoding="utf-8").replace("mike==2.2.0", "mike==2.3.0"),
                      encoding="utf-8")
    assert stale(source, lock) == ["requirements.txt: mike==2.3.0 from requirements.in is not locked; run make lock"]
    lock.write_text(re.sub(r"(mike==2\.2\.0) \\\n(\s+--hash=.*\n)+", r"\1\n", lock.read_text(encoding="utf-8")),
                    encoding="utf-8")
    source.write_text((ROOT / "requirements.in").read_text(encoding="utf-8"), encoding="utf-8")
    assert stale(source, lock) == ["requirements.txt: mike has no hash"]
