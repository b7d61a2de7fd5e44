"""The Lists page, run by Streamlit's own test runner on a writable copy of the bundled
catalogue: from pasted names to a list, settled by hand where unsure, ordered, noted and
downloaded in every format (the downloaded bytes opened as a user's program would)."""

from __future__ import annotations

import csv
import io
import json
import shutil
from html.parser import HTMLParser
from pathlib import Path

import openpyxl
import pytest
from streamlit.runtime.memory_media_file_storage import MemoryMediaFileStorage
from streamlit.testing.v1 import AppTest, app_test

from herbkb import Catalogue, lists
from herbkb.serving import MODE_VARIABLE, ServeMode
from tests.ui.conftest import table

APP = str(Path(__file__).resolve().parents[2] / "ui" / "app.py")
PASTED = "Đương quy\nHoàng cầm\nPhòng kỷ\nxuyen khun\nzzzqqq\n"


class KeptStorage(MemoryMediaFileStorage):
    """Streamlit's in-memory media storage, kept after a run so a download's bytes can be read."""

    last: KeptStorage | None = None

    def __init__(self, endpoint: str) -> None:
        super().__init__(endpoint)
        KeptStorage.last = self


@pytest.fixture
def db(bundled_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "herbkb.db"
    shutil.copy(bundled_path, path)
    monkeypatch.setenv("HERBKB_DB", str(path))
    monkeypatch.setenv(MODE_VARIABLE, ServeMode.LOCAL)
    monkeypatch.setattr(app_test, "MemoryMediaFileStorage", KeptStorage)
    return path


def open_page(page: str, author: str | None = None, **params: str) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=30)
    for key, value in params.items():
        at.query_params[key] = value
    if author:
        at.session_state["author"] = author  # given earlier in the session
    at.run()
    at.switch_page(page).run()
    return ok(at)


def lists_page(author: str | None = None, **params: str) -> AppTest:
    return open_page("lists_page.py", author, **params)


def ok(at: AppTest) -> AppTest:
    assert not at.exception, [e.message for e in at.exception]
    return at


def button(at: AppTest, label: str):
    return next(b for b in at.button if b.label == label)


def downloaded(at: AppTest) -> tuple[str, bytes]:
    (proto,) = [e.proto for e in at.get("download_button")]
    assert KeptStorage.last is not None
    return proto.label, KeptStorage.last.get_file(proto.url.rsplit("/", 1)[-1]).content


def test_without_a_name_nothing_changes(db: Path) -> None:
    at = lists_page()
    at.text_input(key="new_title").set_value("Hội nghị 2025")
    ok(button(at, "Tạo danh sách").click().run())
    assert "Cho biết ai lưu thay đổi này." in at.error[0].value
    assert lists.all_lists(Catalogue.open(db)) == []


def test_the_name_given_once_is_kept_across_pages(db: Path) -> None:
    at = lists_page()
    ok(at.text_input(key="author").set_value("Lan").run())
    ok(at.switch_page("browse_page.py").run())
    ok(at.switch_page("lists_page.py").run())
    assert at.text_input(key="author").value == "Lan"
    at.text_input(key="new_title").set_value("Hội nghị 2025")
    ok(button(at, "Tạo danh sách").click().run())
    cat = Catalogue.open(db)
    (created,) = lists.history(cat, lists.find(cat, "Hội nghị 2025"))
    assert created.author == "Lan"


def test_from_a_paste_to_a_list_settled_ordered_noted_and_downloaded(db: Path) -> None:
    at = lists_page()
    at.text_input(key="author").set_value("Lan")
    at.text_input(key="new_title").set_value("Hội nghị 2025")
    at.text_input(key="new_note").set_value("Phiên Việt Nam – Quảng Tây")
    ok(button(at, "Tạo danh sách").click().run())
    assert at.success[0].value == "Đã tạo danh sách “Hội nghị 2025”."
    list_id = lists.find(Catalogue.open(db), "Hội nghị 2025")
    assert at.query_params["list"] == str(list_id)

    # sure lines are added; the others wait, each with its candidates and why
    key = f"paste_{list_id}"
    at.text_area(key=key).set_value(PASTED)
    ok(button(at, "Tìm và thêm").click().run())
    assert "Đã thêm 2 vị" in at.success[0].value
    assert "2 dòng cần chọn; 1 dòng không tìm thấy" in at.success[0].value
    assert lists.get(Catalogue.open(db), list_id).slugs == ["duong-quy", "hoang-cam"]
    lookalike = at.radio(key=f"pick_{list_id}_3")
    assert "vị này có vị dễ nhầm lẫn" in lookalike.label
    assert [x.split(" · ")[0] for x in lookalike.options][:3] == [
        "Bỏ qua dòng này", "Phòng kỷ", "Quảng phòng kỷ",
    ]  # fmt: skip
    assert lookalike.value is None  # never chosen for the organiser
    captions = "\n".join(lookalike.proto.captions)
    assert "Dễ nhầm với" in captions and "có độc" in captions
    assert "“zzzqqq”" in at.warning[0].value.replace("\\", "")

    at.radio(key=f"pick_{list_id}_3").set_value("phong-ky")
    at.radio(key=f"pick_{list_id}_4").set_value("xuyen-khung")
    ok(button(at, "Thêm các vị đã chọn").click().run())
    assert lists.get(Catalogue.open(db), list_id).slugs == [
        "duong-quy", "hoang-cam", "phong-ky", "xuyen-khung",
    ]  # fmt: skip
    assert not [r for r in at.radio if r.key.startswith("pick_")]  # settled
    shown = at.dataframe[0].value
    assert shown["Tên Việt"].tolist() == ["Đương quy", "Hoàng cầm", "Phòng kỷ", "Xuyên khung"]
    assert "Dễ nhầm với" in shown["Cảnh báo"].iloc[2]

    # by hand: Xuyên khung first, with a note
    at.selectbox(key=f"item_{list_id}").set_value("xuyen-khung").run()
    version = lists.get(Catalogue.open(db), list_id).version
    at.number_input(key=f"pos_{list_id}_xuyen-khung_{version}").set_value(1)
    at.text_input(key=f"note_{list_id}_xuyen-khung_{version}").set_value("mẫu ở bàn 3")
    ok(button(at, "Lưu vị trí và ghi chú").click().run())
    view = lists.get(Catalogue.open(db), list_id)
    assert view.slugs[0] == "xuyen-khung" and view.items[0].note == "mẫu ở bàn 3"
    assert [c.author for c in lists.history(Catalogue.open(db), list_id)][-1] == "Lan"

    # every format, opened as the reader's program would
    assert at.toggle(key="x_warnings").value  # on unless turned off
    label, data = downloaded(at)
    assert label == "Tải về Excel (XLSX)"
    sheet = openpyxl.load_workbook(io.BytesIO(data)).active
    cells = [c for row in sheet.iter_rows(values_only=True) for c in row if c]
    assert "Hội nghị 2025" in cells and "mẫu ở bàn 3" in cells and "当归" in cells

    at.radio(key="x_format").set_value("csv").run()
    label, data = downloaded(at)
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))
    assert [r["Tiếng Việt"] for r in rows][:2] == ["Xuyên khung", "Đương quy"]

    at.radio(key="x_format").set_value("json").run()
    loaded = json.loads(downloaded(at)[1])
    assert [i["slug"] for i in loaded["list"]["items"]] == view.slugs

    at.radio(key="x_format").set_value("md").run()
    assert "| Xuyên khung |" in downloaded(at)[1].decode()

    at.radio(key="x_format").set_value("html").run()
    label, data = downloaded(at)
    assert label == "Tải về Bản in (HTML)"
    text = Text()
    text.feed(data.decode())
    assert "Hội nghị 2025" in text.seen and "Xuyên khung" in text.seen
    assert "Dễ nhầm với" in text.seen  # the handout's look-alike warning


class Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.seen = ""

    def handle_data(self, data: str) -> None:
        self.seen += data


def test_warnings_off_is_a_visible_choice_and_leaves_the_export(db: Path) -> None:
    cat = Catalogue.open(db)
    list_id = lists.create(cat, "Độc", author="Lan")
    lists.add(cat, list_id, ["ban-ha"], author="Lan")
    at = lists_page(list=str(list_id))
    assert "có độc" in downloaded_csv(at)
    ok(at.toggle(key="x_warnings").set_value(False).run())
    assert "KHÔNG có cảnh báo" in at.warning[0].value
    assert "có độc" not in downloaded_csv(at)


def downloaded_csv(at: AppTest) -> str:
    at.radio(key="x_format").set_value("csv").run()
    return downloaded(at)[1].decode("utf-8-sig")


def test_sorting_the_list_in_pinyin_order_is_stored(db: Path) -> None:
    cat = Catalogue.open(db)
    list_id = lists.create(cat, "A", author="Lan")
    lists.add(cat, list_id, ["duong-quy", "hoang-ky", "bach-truat"], author="Lan")
    at = lists_page("Minh", list=str(list_id))
    at.selectbox(key=f"sort_{list_id}").set_value("pinyin")
    ok(button(at, "Sắp xếp").click().run())
    # bái zhú, dāng guī, huáng qí
    assert lists.get(cat, list_id).slugs == ["bach-truat", "duong-quy", "hoang-ky"]
    assert lists.history(cat, list_id)[-1].author == "Minh"


def test_browse_adds_every_herb_its_filter_shows_to_a_list(db: Path) -> None:
    cat = Catalogue.open(db)
    list_id = lists.create(cat, "Hội nghị", author="Lan")
    lists.add(cat, list_id, ["dai-hoi"], author="Lan")
    at = open_page("browse_page.py", "Lan", toxicity="high")
    shown = [row["slug"] for row in table(at)]
    assert not any(b.label == "Thêm" for b in at.button)  # drawn only once opened
    open_popover(at, "browse")
    ok(button(at, "Thêm").click().run())
    assert f"Đã thêm {len(shown)} vị vào “Hội nghị”" in at.success[0].value
    assert lists.get(cat, list_id).slugs == ["dai-hoi", *shown]


def test_a_herb_page_adds_its_herb_to_a_list(db: Path) -> None:
    cat = Catalogue.open(db)
    list_id = lists.create(cat, "Hội nghị", author="Lan")
    at = open_page("herb_page.py", "Lan", herb="dai-hoi")
    open_popover(at, "herb")
    ok(button(at, "Thêm").click().run())
    assert at.success[0].value == "Đã thêm 1 vị vào “Hội nghị”; 0 vị đã có."
    assert lists.get(cat, list_id).slugs == ["dai-hoi"]
    # the open button asks who is adding; the history below does not ask again
    assert len([w for w in at.text_input if w.key == "author"]) == 1


def open_popover(at: AppTest, key: str) -> None:
    """Open an "add to a list" button (AppTest does not send a popover's state by itself)."""
    at.session_state[f"{key}_popover"] = True
    ok(at.run())


def test_a_list_is_renamed_copied_and_deleted_with_a_confirmation(db: Path) -> None:
    cat = Catalogue.open(db)
    list_id = lists.create(cat, "Nháp", author="Lan")
    lists.add(cat, list_id, ["duong-quy"], author="Lan")
    at = lists_page("Lan", list=str(list_id))
    at.text_input(key=f"rename_{list_id}_2").set_value("Hội nghị 2025")
    ok(button(at, "Đổi tên").click().run())
    at.text_input(key=f"copy_{list_id}").set_value("Hội nghị 2026")
    ok(button(at, "Sao chép").click().run())
    copied = lists.find(cat, "Hội nghị 2026")
    assert lists.get(cat, copied).slugs == ["duong-quy"]
    assert at.query_params["list"] == str(copied)  # the copy is shown
    assert button(at, "Xoá danh sách").disabled
    at.checkbox(key=f"confirm_{copied}").check().run()
    ok(button(at, "Xoá danh sách").click().run())
    assert at.success[0].value == "Đã xoá danh sách “Hội nghị 2026”."
    assert [x.title for x in lists.all_lists(cat)] == ["Hội nghị 2025"]
    assert at.selectbox(key="url_list").value == str(list_id)


def test_read_only_the_lists_can_be_read_and_downloaded_not_changed(
    db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cat = Catalogue.open(db)
    list_id = lists.create(cat, "Hội nghị", author="Lan")
    lists.add(cat, list_id, ["duong-quy"], author="Lan")
    monkeypatch.setenv(MODE_VARIABLE, ServeMode.READ_ONLY)
    at = lists_page(list=str(list_id))
    assert not at.text_input and not at.text_area and not at.number_input
    assert [b.label for b in at.button] == []
    assert at.dataframe[0].value["Tên Việt"].tolist() == ["Đương quy"]
    assert downloaded(at)[0] == "Tải về Excel (XLSX)"
    browse = open_page("browse_page.py")
    assert not browse.get("popover") and not browse.button
