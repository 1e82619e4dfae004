"""Reading YAML: line numbers kept, and every unreadable file named with its line."""
from __future__ import annotations

import pytest

from plansite.read.loading import load_yaml_file
from plansite.read.problems import ProblemsFound

HEADER = "# yaml-language-server: $schema=../schemas/people.schema.json\n"


def problems_of(tmp_path, content: bytes | str) -> list[str]:
    path = tmp_path / "people.yaml"
    path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    with pytest.raises(ProblemsFound) as caught:
        load_yaml_file(path, "data/people.yaml")
    return [str(p) for p in caught.value.problems]


def test_values_keep_their_lines(tmp_path):
    path = tmp_path / "people.yaml"
    path.write_text(HEADER + "people:\n  - id: a\n    name: A\n  - id: b\n", encoding="utf-8")
    loaded = load_yaml_file(path, "data/people.yaml")
    assert loaded.value == {"people": [{"id": "a", "name": "A"}, {"id": "b"}]}
    assert loaded.line_of(("people", 1, "id")) == 5
    assert loaded.line_of(("people", 0, "name")) == 4
    # A missing field points at its record.
    assert loaded.line_of(("people", 1, "name")) == 5
    assert loaded.schema_ref == "../schemas/people.schema.json"


def test_dates_and_yes_no_words_stay_text(tmp_path):
    path = tmp_path / "people.yaml"
    path.write_text(HEADER + "a: 2019-02-30\nb: no\nc: true\n", encoding="utf-8")
    assert load_yaml_file(path, "data/people.yaml").value == {"a": "2019-02-30", "b": "no", "c": True}


def test_duplicate_key_names_both_lines(tmp_path):
    problems = problems_of(tmp_path, HEADER + "people:\n  - id: a\n    name: A\n    name: B\n")
    assert problems == [
        "data/people.yaml:5: 1st person (name): duplicate field 'name' (first given on line 4); keep only one"
    ]


def test_syntax_error_names_line(tmp_path):
    problems = problems_of(tmp_path, HEADER + "people:\n  - id: a\n   name: [unclosed\n")
    assert problems == [
        "data/people.yaml:4: this line is indented less than the line before it (3 spaces, not 4); "
        "the fields of one record must line up exactly, with spaces"
    ]


def test_syntax_error_it_cannot_name_keeps_the_parsers_words(tmp_path):
    problems = problems_of(tmp_path, HEADER + "people: [a, b]]\n")
    assert problems == [
        "data/people.yaml:2: YAML syntax error: expected <block end>, but found ']' (check indentation, colons and quotes)"
    ]


def test_empty_file(tmp_path):
    assert problems_of(tmp_path, HEADER) == ["data/people.yaml:1: the file is empty; it must hold the dataset"]
    assert problems_of(tmp_path, "") == ["data/people.yaml:1: the file is empty; it must hold the dataset"]


def test_not_utf8_names_line(tmp_path):
    problems = problems_of(tmp_path, HEADER.encode() + b"people:\n  - name: Ren\xe9e\n")
    assert problems == ["data/people.yaml:3: the file is not UTF-8 text; save it again as UTF-8"]


def test_missing_file(tmp_path):
    with pytest.raises(ProblemsFound) as caught:
        load_yaml_file(tmp_path / "people.yaml", "data/people.yaml")
    assert str(caught.value) == "data/people.yaml: the data file is missing; the site needs it"


@pytest.mark.parametrize("text, message", [
    ("a: ok\nb: x\x07y\n", "data/people.yaml:3: the file holds an invisible control character (U+0007)"),
    ("a: !!int x\n", "data/people.yaml:2: a: 'x' cannot be read as the tag '!!int' says; remove the tag or correct the value"),
    ("a: !!bool maybe\n", "data/people.yaml:2: a: 'maybe' cannot be read as the tag '!!bool' says"),
    ("a: !!timestamp 2019-02-30\n", "data/people.yaml:2: a: the YAML tag '!!timestamp' is not allowed in a data file"),
    ("a: !!python/name:os.system\n", "data/people.yaml:2: a: the YAML tag '!!python/name:os.system' is not allowed"),
    ("a: !local x\n", "data/people.yaml:2: a: the YAML tag '!local' is not allowed"),
])
def test_unreadable_values_named_not_raised(tmp_path, text, message):
    problems = problems_of(tmp_path, HEADER + text)
    assert len(problems) == 1 and problems[0].startswith(message), problems


# Files the C parser reads on its fast path, and files it hands to the pure-Python loader.
TRICKY = [
    "a: 1\nb: 1.5\nc: ~\nd: null\ne: True\nf: 0x1F\ng: 1_000\nh: '007'\ni: -3\nj: .inf\n",
    "list: [a, b, 'c: d']\nmap: {x: 1, y: two}\nempty: []\nnone: {}\n",
    "text: |\n  two\n  lines\nfolded: >\n  one\n  line\n",
    "nested:\n  - - a\n    - b\n  - k: v\n    l:\n      - 1\n",
    "doubtful: [a?b, c]\n",
    "tab:\tvalue\n",
    "a: &anchor {x: 1}\nb: *anchor\n",
]


@pytest.mark.parametrize("text", TRICKY)
def test_c_and_python_parsers_agree(tmp_path, monkeypatch, text):
    """The fast path must read exactly what the pure-Python reference reads, lines included."""
    import plansite.read.loading as loading

    if loading._CParser is None:
        pytest.skip("PyYAML has no libyaml here")
    monkeypatch.setenv("PLANSITE_CACHE_DIR", "off")
    path = tmp_path / "people.yaml"
    path.write_text(HEADER + text, encoding="utf-8")
    fast = outcome(path)
    monkeypatch.setattr(loading, "_CParser", None)
    assert fast == outcome(path)


def outcome(path) -> tuple:
    """What reading ``path`` gives: its values and lines, or its problems."""
    try:
        loaded = load_yaml_file(path, "data/people.yaml")
    except ProblemsFound as exc:
        return ("problems", [str(p) for p in exc.problems])
    return ("read", loaded.value, loaded.lines)


def test_both_parsers_agree_on_every_example_data_file(monkeypatch):
    import plansite.read.loading as loading
    from conftest import FIXTURE, ROOT

    if loading._CParser is None:
        pytest.skip("PyYAML has no libyaml here")
    monkeypatch.setenv("PLANSITE_CACHE_DIR", "off")
    files = sorted(FIXTURE.glob("data/*.yaml")) + sorted(ROOT.glob("examples/*/data/*.yaml"))
    assert len(files) > 20
    fast = {f: load_yaml_file(f, f.name) for f in files}
    assert all(loaded.starts is not None for loaded in fast.values()), "a data file left the fast path"
    monkeypatch.setattr(loading, "_CParser", None)
    for f in files:
        slow = load_yaml_file(f, f.name)
        assert fast[f].value == slow.value, f
        assert fast[f].lines == slow.lines, f


def test_a_second_core_reads_the_same_as_one(tmp_path, monkeypatch):
    """Files shared with a forked helper process come back exactly as read here, problems too."""
    import shutil

    import plansite.read.loading as loading
    from conftest import FIXTURE
    from plansite.read.loading import load_yaml_files

    monkeypatch.setenv("PLANSITE_CACHE_DIR", "off")
    data = tmp_path / "data"
    shutil.copytree(FIXTURE / "data", data)
    (data / "glossary.yaml").write_text(HEADER + "a: 1\na: 2\n", encoding="utf-8")
    files = [(path, f"data/{path.name}") for path in sorted(data.glob("*.yaml"))]
    one = load_yaml_files(files)
    monkeypatch.setattr(loading, "USE_SECOND_CORE", True)
    monkeypatch.setattr(loading, "_SECOND_CORE_MIN_BYTES", 0)
    forks = []
    real_pool = __import__("concurrent.futures").futures.ProcessPoolExecutor
    monkeypatch.setattr("concurrent.futures.ProcessPoolExecutor", lambda *a, **k: forks.append(1) or real_pool(*a, **k))
    two = load_yaml_files(files)
    assert forks, "no helper process was started"
    assert list(two) == list(one)
    for display, result in one.items():
        if isinstance(result, list):
            assert [str(p) for p in two[display]] == [str(p) for p in result]
        else:
            assert (two[display].value, two[display].lines, two[display].schema_ref) == (result.value, result.lines, result.schema_ref)
    assert isinstance(two["data/glossary.yaml"], list) and "duplicate field 'a'" in str(two["data/glossary.yaml"][0])
