"""Importing a spreadsheet in the app: the columns as read, the dry run's report, the commit."""

from __future__ import annotations

from io import BytesIO
from pathlib import Path

import pandas as pd
from streamlit.testing.v1 import AppTest

from herbkb import Catalogue
from tests.ui.conftest import texts


def workbook(*rows: dict[str, str]) -> bytes:
    out = BytesIO()
    pd.DataFrame(rows).to_excel(out, index=False)
    return out.getvalue()


GOOD = [
    {"Tên Việt Nam": "Cây thử một", "Tên Trung Quốc": "试一草", "Ghi chú riêng": "mẫu A"},
    {"Tên Việt Nam": "Cây thử hai", "Tên Trung Quốc": "试二草", "Ghi chú riêng": "mẫu B"},
]
BAD = {"Tên Việt Nam": "Cây thử ba", "Tên Trung Quốc": "abc", "Ghi chú riêng": ""}


def open_import(open_app, db: Path, data: bytes) -> AppTest:
    at = open_app(None, db=db)
    at.session_state["import_file"] = ("thu.xlsx", data)
    at.switch_page("import_page.py").run()
    assert not at.exception, [e.message for e in at.exception]
    return at


def click(at: AppTest, label: str) -> AppTest:
    next(b for b in at.button if b.label.startswith(label)).click().run()
    assert not at.exception, [e.message for e in at.exception]
    return at


def test_a_spreadsheet_is_read_checked_then_committed(open_app, writable: Path) -> None:
    at = open_import(open_app, writable, workbook(*GOOD))
    columns = at.dataframe[0].value
    assert columns.to_dict("list") == {
        "column": ["Tên Việt Nam", "Tên Trung Quốc", "Ghi chú riêng"],
        "field": ["vi", "zh", "(ghi chú · 备注 · note)"],
    }
    at = click(at, "Chạy thử")
    assert [m.value for m in at.metric][:2] == ["2", "0"]  # added, updated
    assert Catalogue.open(writable).search("thu mot") == []  # a dry run writes nothing
    assert next(b for b in at.button if b.label == "Ghi").disabled  # no author yet
    at.session_state["author"] = "Lan"
    at.run()
    at = click(at, "Ghi")
    assert "Đã ghi: 2 thêm" in texts(at, "success")
    assert Catalogue.open(writable).search("cay thu mot")[0].names["zh-Hans"] == "试一草"


def test_a_bad_row_blocks_the_commit_unless_bad_rows_are_skipped(open_app, writable: Path) -> None:
    at = open_import(open_app, writable, workbook(*GOOD, BAD))
    at = click(at, "Chạy thử")
    assert "abc" in at.dataframe[1].value.to_string()  # the rejected row, with why
    assert "1 dòng bị loại" in texts(at, "warning")
    at.session_state["author"] = "Lan"
    at.run()
    assert next(b for b in at.button if b.label == "Ghi").disabled
    at.toggle(key="import_skip_bad").set_value(True).run()
    at = click(at, "Ghi")
    assert "2 thêm" in texts(at, "success") and "1 bị loại" in texts(at, "success")
    assert any(b.label.startswith("Tải các dòng bị loại") for b in at.get("download_button"))
    # guesses, and the look-alikes shown beside a guess, are not finds
    found = {
        h.slug
        for h in Catalogue.open(writable).search("cay thu")
        if h.matched.kind not in ("fuzzy", "confusable")
    }
    assert found == {"cay-thu-mot", "cay-thu-hai"}
