"""Our XLSX export read back: escaped formula-like cells come back as written."""

from pathlib import Path

from herbkb import Catalogue
from herbkb.export import write_xlsx
from loaders import load_paths
from tests.conftest import herb


def test_export_workbook_reads_back_with_its_references_and_escapes_undone(
    cat: Catalogue, tmp_path: Path
) -> None:
    note = {"section": "notes", "lang": "en", "text": "-3 °C storage; =not a formula"}
    cat.add(herb(sections=[note]), author="t")
    path = tmp_path / "all.xlsx"
    write_xlsx(cat, path)
    loaded = load_paths([path])
    (item,) = list(loaded.items)
    assert item.record == cat.record("cam-thao")
    assert "cp-2020" in loaded.references
