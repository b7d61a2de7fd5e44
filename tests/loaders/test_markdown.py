"""Markdown monographs: the bundled format, read and written back, and its errors."""

from pathlib import Path

from loaders import load_paths
from loaders.markdown import dump, load, parse
from tests.conftest import DATA, herb

GOOD = """---
slug: cam-thao
names:
  vi: [Cam thảo, {text: Quốc lão, kind: vernacular}]
  zh-Hans: 甘草
  la: [Glycyrrhizae Radix et Rhizoma, {text: Radix Glycyrrhizae, kind: former}]
sources:
  - species: Glycyrrhiza uralensis Fisch.
    family: Fabaceae
    part: root-and-rhizome
nature: neutral
provenance: test
---
# Cam thảo

## Công năng

Bổ tỳ ích khí.

## Actions

Tonifies the spleen.

## 功能

补脾益气。
"""


def test_front_matter_and_sections_become_a_record() -> None:
    loaded = parse(GOOD, "cam-thao.md")
    assert loaded.errors == []
    record = loaded.record
    assert record.primary("vi") == "Cam thảo"
    assert [(n.text, n.kind) for n in record.names if n.lang == "vi"] == [
        ("Cam thảo", "primary"),
        ("Quốc lão", "vernacular"),
    ]
    assert [(s.section, s.lang) for s in record.sections] == [
        ("actions", "vi"),
        ("actions", "en"),
        ("actions", "zh-Hans"),
    ]
    assert record.sections[1].text == "Tonifies the spleen."


def test_dump_and_parse_round_trip() -> None:
    record = parse(GOOD, "x.md").record
    assert parse(dump(record), "x.md").record == record
    assert parse(dump(herb()), "x.md").record == herb()


def test_broken_yaml_names_file_and_line() -> None:
    text = GOOD.replace("nature: neutral", "nature: [neutral")
    loaded = parse(text, "herbs/cam-thao.md")
    assert loaded.record is None
    assert loaded.errors[0].startswith("herbs/cam-thao.md, line ")
    assert "not valid YAML" in loaded.errors[0]


def test_missing_front_matter_is_explained() -> None:
    loaded = parse("# Cam thảo\n\nno facts here\n", "x.md")
    assert "no YAML front matter" in loaded.errors[0]


def test_unknown_section_heading_names_the_line_and_the_choices() -> None:
    loaded = parse(GOOD.replace("## Actions", "## Effects"), "x.md")
    (error,) = loaded.errors
    assert "x.md, line 20" in error and "'Effects'" in error and "Công năng" in error


def test_bad_field_values_name_the_field() -> None:
    loaded = parse(GOOD.replace("nature: neutral", "nature: lukewarm"), "x.md")
    assert loaded.errors == [
        "x.md: nature: 'lukewarm' is not a known nature; known: hot, warm, slightly-warm, "
        "neutral, cool, slightly-cold, cold, very-cold"
    ]


def test_unknown_field_is_refused_not_dropped() -> None:
    loaded = parse(GOOD.replace("nature: neutral", "natrue: neutral"), "x.md")
    assert loaded.record is None
    assert "natrue" in loaded.errors[0]


def test_a_file_that_is_not_utf8_is_explained(tmp_path: Path) -> None:
    path = tmp_path / "legacy.md"
    path.write_bytes(GOOD.encode("utf-16"))
    assert "not UTF-8" in load(path).errors[0]


def test_bundled_folder_loads_every_herb_and_the_references() -> None:
    loaded = load_paths([DATA])
    items = list(loaded.items)
    assert [i.errors for i in items if i.errors] == []
    assert "cp-2020" in loaded.references
    assert len(items) == len(list(DATA.glob("*.md")))


def test_a_missing_path_is_reported(tmp_path: Path) -> None:
    (item,) = list(load_paths([tmp_path / "nope.md"]).items)
    assert "no such file" in item.errors[0]
