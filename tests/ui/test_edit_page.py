"""Researchers add and edit herbs in the app: checked like any load, saved as one revision,
never lost to someone else's save."""

from __future__ import annotations

from pathlib import Path

from streamlit.testing.v1 import AppTest

from herbkb import Catalogue
from tests.conftest import herb
from tests.ui.conftest import links, texts


def edit(open_app, db: Path, slug: str | None = None) -> AppTest:
    at = open_app(None, db=db, **({"herb": slug} if slug else {}))
    at.switch_page("edit_page.py").run()
    assert not at.exception, [e.message for e in at.exception]
    return at


def add_rows(at: AppTest, table: str, *rows: dict[str, str], edited: dict | None = None) -> None:
    generation = at.session_state[f"gen_{table}"]
    at.session_state[f"f_{table}_{generation}"] = {
        "edited_rows": edited or {}, "added_rows": list(rows), "deleted_rows": [],
    }  # fmt: skip


def field(at: AppTest, name: str) -> str:
    """The widget key of a form field (new each time a record is loaded into the form)."""
    return f"f_{name}@{at.session_state['edit_gen']}"


def save(at: AppTest, author: str = "Lan", comment: str = "") -> AppTest:
    at.session_state["author"] = author
    at.session_state["f_comment"] = comment
    at.run()
    next(b for b in at.button if b.label == "Lưu").click().run()
    assert not at.exception, [e.message for e in at.exception]
    return at


def test_an_edit_is_one_revision_and_search_finds_the_new_name(open_app, writable: Path) -> None:
    at = edit(open_app, writable, "cam-thao")
    add_rows(at, "names", {"text": "Quốc lão thảo", "lang": "vi", "kind": "synonym"})
    at.selectbox(key=field(at, "nature")).set_value("warm")
    at = save(at, comment="thêm tên khác")
    assert at.title[0].value == "Cam thảo"  # back on the herb page
    assert at.expander[0].label.startswith("Phiên bản 2 · ")
    assert at.expander[0].label.endswith(" · Lan")
    cat = Catalogue.open(writable)
    assert cat.record("cam-thao").nature == "warm"
    assert cat.search("quoc lao thao")[0].slug == "cam-thao"


def test_an_invalid_edit_is_shown_beside_its_field_and_saves_nothing(
    open_app, writable: Path
) -> None:
    at = edit(open_app, writable, "cam-thao")
    add_rows(at, "names", {"text": "Gancao", "lang": "zh-Hans", "kind": "synonym"})
    at = save(at)
    # the core's refusal, worded in the reader's language, at the row the editor sees
    error = texts(at, "error")  # markdown, punctuation escaped
    assert error.startswith("Dòng 12") and "“Gancao” không có chữ Hán" in error
    assert "Chưa lưu" in texts(at, "caption")
    assert Catalogue.open(writable).herb("cam-thao").version == 1


def test_a_save_without_an_author_is_refused(open_app, writable: Path) -> None:
    at = edit(open_app, writable, "cam-thao")
    at = save(at, author="")
    assert "Cho biết ai lưu thay đổi này" in texts(at, "error")
    assert Catalogue.open(writable).herb("cam-thao").version == 1


def test_the_form_keeps_the_herb_and_what_was_typed_across_pages(open_app, writable: Path) -> None:
    at = edit(open_app, writable, "cam-thao")
    provenance = Catalogue.open(writable).record("cam-thao").provenance
    at.text_area(key=field(at, "sec_actions_vi")).input("Bổ tỳ, nhuận phế.").run()
    at.switch_page("browse_page.py").run()
    at.switch_page("edit_page.py").run()
    # Streamlit forgets a widget a run did not draw: the form once came back empty here, and
    # saving it would have emptied the herb
    assert at.text_area(key=field(at, "provenance")).value == provenance
    assert at.segmented_control(key=field(at, "review_status")).value == "unreviewed"
    assert at.text_area(key=field(at, "sec_actions_vi")).value == "Bổ tỳ, nhuận phế."


def test_a_stale_save_says_who_saved_what_and_keeps_the_editors_input(
    open_app, writable: Path
) -> None:
    at = edit(open_app, writable, "cam-thao")
    at.selectbox(key=field(at, "nature")).set_value("warm")
    cat = Catalogue.open(writable)
    theirs = cat.record("cam-thao").model_copy(update={"toxicity": "slight"})
    cat.update(theirs, expected_version=1, author="Minh", comment="độc tính theo DĐVN")
    at = save(at)
    assert "Người khác đã lưu vị thuốc này" in texts(at, "error")
    assert "**Minh**" in texts(at, "markdown") and "*độc tính theo DĐVN*" in texts(at, "markdown")
    assert at.selectbox(key=field(at, "nature")).value == "warm"  # what they typed is kept
    assert cat.herb("cam-thao").version == 2
    next(b for b in at.button if b.label.startswith("Áp thay đổi của tôi")).click().run()
    save(at)
    now = cat.record("cam-thao")
    assert (now.nature, now.toxicity) == ("warm", "slight")  # both edits kept
    assert cat.herb("cam-thao").version == 3


def test_a_new_herb_in_three_scripts_with_proposed_names(open_app, writable: Path) -> None:
    at = edit(open_app, writable)
    # a new herb's form has a line for each expected name: vi, zh-Hans, la, en
    add_rows(at, "names", edited={
        0: {"text": "Cây thử nghiệm"}, 1: {"text": "试验草"}, 2: {"text": "Herba Experimenti"},
    })  # fmt: skip
    at.text_area(key=field(at, "provenance")).input("a test herb")
    at.run()
    proposed = [b.label for b in at.button if b.label.startswith("Thêm ")]
    assert any("shì yàn cǎo" in label for label in proposed)  # pinyin, offered, not written
    next(b for b in at.button if "shì yàn cǎo" in b.label).click().run()
    at = save(at)
    assert at.title[0].value == "Cây thử nghiệm"
    cat = Catalogue.open(writable)
    record = cat.record("cay-thu-nghiem")
    assert record.primary("zh-Latn-pinyin") == "shì yàn cǎo"
    assert cat.search("试验草")[0].slug == "cay-thu-nghiem"


def test_a_half_filled_form_is_told_what_is_missing_in_the_readers_language(
    open_app, writable: Path
) -> None:
    at = open_app(None, db=writable, lang="zh")
    at.switch_page("edit_page.py").run()
    add_rows(at, "names", edited={0: {"text": "Cây chưa rõ nguồn"}})
    at.session_state["author"] = "Lan"
    at.run()
    next(b for b in at.button if b.label == "保存").click().run()
    assert "没有参考文献也没有数据来源：请说明资料出处" in texts(at, "error")
    assert not Catalogue.open(writable).search("cay chua ro nguon")


def test_restore_an_earlier_version_from_the_history(open_app, cat: Catalogue) -> None:
    cat.add(herb("cam-thao"), author="Lan")
    cat.update(herb("cam-thao", nature="warm"), expected_version=1, author="Minh")
    at = open_app("herb_page.py", db=Path(cat.where), herb="cam-thao")
    at.session_state["author"] = "Lan"
    at.run()
    next(b for b in at.button if b.label == "Khôi phục phiên bản 1").click().run()
    assert cat.record("cam-thao").nature == "neutral"
    assert cat.history("cam-thao")[-1].comment.startswith("restored revision 1")


def test_retire_and_bring_back_from_the_herb_page(open_app, cat: Catalogue) -> None:
    cat.add(herb("cam-thao"), author="Lan")
    at = open_app("herb_page.py", db=Path(cat.where), herb="cam-thao")
    at.session_state["author"] = "Lan"
    at.session_state["retire_reason"] = "trùng với bản ghi khác"
    at.run()
    next(b for b in at.button if b.label == "Ngừng dùng vị thuốc này").click().run()
    assert "trùng với bản ghi khác" in texts(at, "warning")
    assert not cat.search("cam thao")
    next(b for b in at.button if b.label == "Dùng lại vị thuốc này").click().run()
    assert cat.search("cam thao")[0].slug == "cam-thao"


def test_read_only_offers_no_editing(open_app, writable: Path, monkeypatch) -> None:
    from herbkb.serving import MODE_VARIABLE, ServeMode

    at = open_app("herb_page.py", db=writable, herb="cam-thao")
    assert "Sửa" in links(at)
    monkeypatch.setenv(MODE_VARIABLE, ServeMode.READ_ONLY)
    at = AppTest.from_file(str(Path(__file__).resolve().parents[2] / "ui" / "app.py"))
    at.query_params["herb"] = "cam-thao"
    at.run()
    at.switch_page("herb_page.py").run()
    assert "Sửa" not in links(at)
    assert not [b for b in at.button if b.label.startswith("Khôi phục")]
