"""JSON: our own export, a plain list of herb records, or a list of flat rows."""

import json
from pathlib import Path

from loaders import load_paths
from tests.conftest import herb


def write(path: Path, data: object) -> Path:
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


def test_a_list_of_herb_records(tmp_path: Path) -> None:
    path = write(tmp_path / "herbs.json", [herb().model_dump(mode="json")])
    (item,) = load_paths([path]).items
    assert item.record == herb()


def test_a_list_of_flat_rows_is_read_like_a_spreadsheet(tmp_path: Path) -> None:
    rows = [{"Tên Việt Nam": "Đương quy", "中文名": "当归", "性味": "甘、辛，温"}]
    (item,) = load_paths([write(tmp_path / "rows.json", rows)]).items
    assert item.record.primary("zh-Hans") == "当归"
    assert (item.record.nature, item.record.flavours) == ("warm", ["sweet", "acrid"])


def test_our_export_brings_its_references(tmp_path: Path) -> None:
    data = {"format": "herbkb", "references": {"my-book": "A book."}, "herbs": []}
    loaded = load_paths([write(tmp_path / "export.json", data)])
    assert loaded.references == {"my-book": "A book."}


def test_broken_json_names_the_line(tmp_path: Path) -> None:
    path = tmp_path / "bad.json"
    path.write_text('[\n {"slug": "x",\n')
    (item,) = load_paths([path]).items
    assert "bad.json, line 3: not valid JSON" in item.errors[0]


def test_an_invalid_record_names_its_position_and_field(tmp_path: Path) -> None:
    bad = {**herb().model_dump(mode="json"), "nature": "tepid"}
    (item,) = load_paths([write(tmp_path / "h.json", [bad])]).items
    assert item.errors == [
        f"{tmp_path / 'h.json'}, row 1: nature: 'tepid' is not a known nature; known: hot, warm, "
        "slightly-warm, neutral, cool, slightly-cold, cold, very-cold"
    ]
