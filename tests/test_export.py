"""Exports: the whole catalogue out and back in, and cells that never run as formulas."""

from pathlib import Path

from openpyxl import load_workbook

from herbkb import Catalogue
from herbkb.export import safe_cell, write_json, write_xlsx
from loaders import load_paths
from tests.conftest import herb


def reload(path: Path, tmp_path: Path) -> Catalogue:
    fresh = Catalogue.open(tmp_path / f"from-{path.suffix[1:]}.db", create=True)
    loaded = load_paths([path])
    report = fresh.import_records(loaded.items, author="t", references=loaded.references)
    assert report.committed and report.count("rejected") == 0
    return fresh


def test_json_round_trip_gives_the_same_catalogue(bundled: Catalogue, tmp_path: Path) -> None:
    path = tmp_path / "all.json"
    write_json(bundled, path)
    assert reload(path, tmp_path).records() == bundled.records()


def test_xlsx_round_trip_gives_the_same_catalogue(bundled: Catalogue, tmp_path: Path) -> None:
    path = tmp_path / "all.xlsx"
    write_xlsx(bundled, path)
    again = reload(path, tmp_path)
    assert again.records() == bundled.records()
    assert again.references() == bundled.references()


def test_no_exported_cell_starts_a_formula(cat: Catalogue, tmp_path: Path) -> None:
    sneaky = herb(
        sections=[{"section": "notes", "lang": "en", "text": '=HYPERLINK("http://x","click")'}]
    )
    cat.add(sneaky, author="t")
    path = tmp_path / "x.xlsx"
    write_xlsx(cat, path)
    book = load_workbook(path)
    cells = [c for ws in book for row in ws.iter_rows() for c in row if c.value is not None]
    assert all(c.data_type != "f" for c in cells)
    assert "'=HYPERLINK" in {str(c.value)[:11] for c in cells}
    assert reload(path, tmp_path).records() == cat.records()


def test_safe_cell() -> None:
    assert [safe_cell(v) for v in ("=1+1", "+84", "-3", "@x", "Cam thảo", 3)] == [
        "'=1+1",
        "'+84",
        "'-3",
        "'@x",
        "Cam thảo",
        3,
    ]
