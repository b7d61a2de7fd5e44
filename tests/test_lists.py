"""Herb lists as an organiser uses them: build, reorder, note, paste names, see who changed what."""

from pathlib import Path

import pytest

from herbkb import Catalogue, ReadOnlyError, lists
from herbkb.db import CatalogueError, backup
from herbkb.export import ExportOptions, list_table
from herbkb.records import HerbRecord
from tests.conftest import herb


@pytest.fixture
def big(bundled_path: Path, tmp_path: Path) -> Catalogue:
    """A writable copy of the bundled catalogue."""
    target = tmp_path / "copy.db"
    backup(bundled_path, target)
    return Catalogue.open(target)


def names(vi: str, zh: str | None = None, pinyin: str | None = None, la: str | None = None):
    found = [{"text": vi, "lang": "vi"}]
    found += [{"text": zh, "lang": "zh-Hans"}] if zh else []
    found += [{"text": pinyin, "lang": "zh-Latn-pinyin"}] if pinyin else []
    found += [{"text": la, "lang": "la"}] if la else []
    return found


def test_a_list_is_created_filled_renamed_copied_and_deleted_with_its_history(
    big: Catalogue,
) -> None:
    list_id = lists.create(big, "Hội nghị 2025", author="lan", note="Phiên Lạng Sơn")
    added = lists.add(big, list_id, ["duong-quy", "hoang-ky", "duong-quy"], author="lan")
    assert added.added == ["duong-quy", "hoang-ky"] and added.already == []
    again = lists.add(big, list_id, ["hoang-ky", "tran-bi"], author="minh")
    assert again.added == ["tran-bi"] and again.already == ["hoang-ky"]
    lists.rename(big, list_id, "Hội nghị Việt – Trung 2025", author="minh")
    copy_id = lists.copy(big, list_id, "Bản sao", author="hoa")

    view = lists.get(big, list_id)
    assert view.title == "Hội nghị Việt – Trung 2025" and view.note == "Phiên Lạng Sơn"
    assert view.slugs == ["duong-quy", "hoang-ky", "tran-bi"]
    assert view.changed_by == "minh" and view.version == 4
    assert lists.get(big, copy_id).slugs == view.slugs
    assert [(c.author, c.comment) for c in lists.history(big, list_id)] == [
        ("lan", "created"),
        ("lan", "added duong-quy, hoang-ky"),
        ("minh", "added tran-bi"),
        ("minh", "renamed from “Hội nghị 2025”"),
    ]
    assert [x.title for x in lists.all_lists(big)] == ["Bản sao", "Hội nghị Việt – Trung 2025"]
    assert lists.find(big, "hội nghị việt – trung 2025") == list_id

    lists.delete_list(big, copy_id, author="hoa")
    assert [x.id for x in lists.all_lists(big)] == [list_id]
    with pytest.raises(CatalogueError, match="no list"):
        lists.get(big, copy_id)


def test_refusals_say_why_and_change_nothing(big: Catalogue) -> None:
    list_id = lists.create(big, "A", author="lan")
    lists.add(big, list_id, ["duong-quy"], author="lan")
    with pytest.raises(CatalogueError, match="already exists"):
        lists.create(big, " A ", author="lan")
    with pytest.raises(CatalogueError, match="attributed"):
        lists.add(big, list_id, ["hoang-ky"], author=" ")
    with pytest.raises(CatalogueError, match="'khong-co'"):
        lists.add(big, list_id, ["hoang-ky", "khong-co"], author="lan")
    with pytest.raises(CatalogueError, match="not in list"):
        lists.move(big, list_id, "hoang-ky", 1, author="lan")
    assert lists.get(big, list_id).slugs == ["duong-quy"]
    assert len(lists.history(big, list_id)) == 2


def test_order_by_hand_and_notes_on_items(big: Catalogue) -> None:
    list_id = lists.create(big, "A", author="lan")
    lists.add(big, list_id, ["duong-quy", "hoang-ky", "tran-bi", "que-chi"], author="lan")
    lists.move(big, list_id, "que-chi", 1, author="lan")
    assert lists.get(big, list_id).slugs == ["que-chi", "duong-quy", "hoang-ky", "tran-bi"]
    lists.move(big, list_id, "que-chi", 99, author="lan")
    assert lists.get(big, list_id).slugs == ["duong-quy", "hoang-ky", "tran-bi", "que-chi"]
    lists.reorder(big, list_id, ["tran-bi", "que-chi", "hoang-ky", "duong-quy"], author="lan")
    lists.remove(big, list_id, ["hoang-ky"], author="lan")
    lists.set_item_note(big, list_id, "que-chi", "  mẫu ở bàn số 3 ", author="lan")
    view = lists.get(big, list_id)
    assert [(i.position, i.slug) for i in view.items] == [
        (1, "tran-bi"),
        (2, "que-chi"),
        (3, "duong-quy"),
    ]
    assert view.items[1].note == "mẫu ở bàn số 3"


def test_a_stale_reorder_is_refused_rather_than_losing_an_added_herb(big: Catalogue) -> None:
    list_id = lists.create(big, "A", author="lan")
    lists.add(big, list_id, ["duong-quy", "hoang-ky"], author="lan")
    seen = lists.get(big, list_id).slugs
    lists.add(big, list_id, ["tran-bi"], author="minh")
    with pytest.raises(CatalogueError, match="missing: tran-bi"):
        lists.reorder(big, list_id, list(reversed(seen)), author="lan")
    assert lists.get(big, list_id).slugs == ["duong-quy", "hoang-ky", "tran-bi"]


def test_an_item_shows_the_herb_as_it_is_now_with_its_warnings(big: Catalogue) -> None:
    list_id = lists.create(big, "A", author="lan")
    lists.add(big, list_id, ["duong-quy", "phong-ky", "xuyen-o"], author="lan")
    record = big.record("duong-quy").model_dump()
    for name in record["names"]:
        if name["lang"] == "vi" and name["text"] == "Đương quy":
            name["text"] = "Đương quy (rễ)"
    fresh = HerbRecord.model_validate(record)
    big.update(fresh, expected_version=big.herb("duong-quy").version, author="editor")
    items = {i.slug: i for i in lists.get(big, list_id).items}
    assert items["duong-quy"].names["vi"] == "Đương quy (rễ)"
    assert not items["duong-quy"].safety.toxic and not items["duong-quy"].retired
    assert "quang-phong-ky" in [x.slug for x in items["phong-ky"].safety.lookalikes]
    assert items["xuyen-o"].safety.toxic
    # look-alike links count from either side: thao-o names xuyen-o, or xuyen-o names it
    assert {"thao-o", "phu-tu"} <= {x.slug for x in items["xuyen-o"].safety.lookalikes}


def test_a_retired_herb_stays_in_the_list_flagged_and_its_export_says_so(big: Catalogue) -> None:
    list_id = lists.create(big, "A", author="lan")
    lists.add(big, list_id, ["duong-quy", "cau-ky-tu"], author="lan")
    big.retire("cau-ky-tu", author="editor", reason="duplicate")
    items = lists.get(big, list_id).items
    assert [(i.slug, i.retired) for i in items] == [("duong-quy", False), ("cau-ky-tu", True)]
    frame = list_table(big, list_id, ExportOptions(header="en")).frame
    assert list(frame["Vietnamese"]) == ["Đương quy", "Câu kỷ tử"]
    assert frame["Warnings"][1] == "⚠ Retired from the catalogue"
    # a retired herb is not offered for a pasted name
    assert "cau-ky-tu" not in [c.slug for c in lists.resolve(big, "Câu kỷ tử")[0].candidates]


def test_sort_orders_where_a_plain_sort_goes_wrong(cat: Catalogue) -> None:
    herbs = {
        "h1": names("Ý dĩ", "薏苡仁", "yì yǐ rén", "coicis Semen"),
        "h2": names("Đại hồi", "八角茴香", "bā jiǎo huí xiāng", "Anisi Stellati Fructus"),
        "h3": names("Dâm dương hoắc", "淫羊藿", "yín yáng huò", "Epimedii Folium"),
        "h4": names("Ích mẫu", "益母草", "yì mǔ cǎo", "Leonuri Herba"),
        "h5": names("Mạ", "阿胶", "ā jiāo", "Asini Corii Colla"),
        "h6": names("Ma"),
        "h7": names("Má", "艾叶", "ài yè", "Artemisiae Argyi Folium"),
        "h8": names("Zơ"),
    }
    for slug, found in herbs.items():
        cat.add(herb(slug, names=found, sources=[]), author="t")
    list_id = lists.create(cat, "A", author="t")
    lists.add(cat, list_id, list(herbs), author="t")
    items = lists.get(cat, list_id).items

    def vi(order: str) -> list[str]:
        return [i.names["vi"] for i in lists.sort_items(items, order)]

    # code points put Í, Ý and Đ after Z
    assert sorted(i.names["vi"] for i in items)[-3:] == ["Ích mẫu", "Ý dĩ", "Đại hồi"]
    assert vi("vi") == ["Dâm dương hoắc", "Đại hồi", "Ích mẫu", "Ma", "Má", "Mạ", "Ý dĩ", "Zơ"]
    # pinyin: ā before ài before bā (plain sort puts ā last); herbs with no pinyin go last
    assert vi("pinyin") == ["Mạ", "Má", "Đại hồi", "Ích mẫu", "Ý dĩ", "Dâm dương hoắc", "Ma", "Zơ"]
    # Latin: case does not count (plain sort puts "coicis" after every capital)
    assert vi("la")[:6] == ["Đại hồi", "Má", "Mạ", "Ý dĩ", "Dâm dương hoắc", "Ích mẫu"]
    assert vi("list") == [f[0]["text"] for f in herbs.values()]

    lists.sort(cat, list_id, "vi", author="t")
    assert [i.names["vi"] for i in lists.get(cat, list_id).items] == vi("vi")


PASTED = """Đương quy
枸杞子
白朮
chuanxiong
Tran bi
bái zhǐ

Forsythiae Fructus
Lycii Fructus
Field mint
- Quế chi
2) 地黄
Bạch thược
茯苓
ze xie
Đại táo
Zingiberis Rhizoma Recens
Hoài sơn
益母草
Ma hoàng


Đỗ trọng
Câu kỉ tử
黃芩
Chi tu
Xuyen khun
Bạch truậtt
Sơn tra
Phòng kỷ
附子
Coca-Cola
Ngưu tất
"""
SURE = {
    1: "duong-quy",  # Vietnamese as written
    2: "cau-ky-tu",  # simplified Chinese
    3: "bach-truat",  # traditional Chinese
    4: "xuyen-khung",  # pinyin without tones or spaces
    5: "tran-bi",  # Vietnamese without diacritics
    8: "lien-kieu",  # pharmaceutical Latin
    9: "cau-ky-tu",  # the same herb again, by its Latin name
    10: "bac-ha",  # English
    11: "que-chi",  # a bulleted line
    12: "sinh-dia",  # a numbered line
    13: "bach-thuoc",
    14: "phuc-linh",
    15: "trach-ta",
    16: "dai-tao",
    17: "sinh-khuong",
    18: "hoai-son",
    19: "ich-mau",
    20: "ma-hoang",
    23: "do-trong",
    24: "cau-ky-tu",  # kỉ for kỷ: a spelling variant, not a typo
    25: "hoang-cam",
    26: "chi-tu",
}


def test_a_pasted_list_of_30_names_resolves_line_by_line_and_never_guesses(
    big: Catalogue,
) -> None:
    resolved = lists.resolve(big, PASTED)
    pasted = PASTED.splitlines()
    # one result per non-empty line, the line echoed, in order: none dropped, none merged
    assert len(resolved) == 30
    assert [(r.line, r.input) for r in resolved] == [
        (n, text) for n, text in enumerate(pasted, start=1) if text.strip()
    ]
    by_line = {r.line: r for r in resolved}
    assert {n: r.slug for n, r in by_line.items() if r.status == "sure"} == SURE
    assert by_line[9].duplicate_of == 2 and by_line[24].duplicate_of == 2
    assert by_line[11].query == "Quế chi"

    # typos: offered, not taken
    for line, slug in ((27, "xuyen-khung"), (28, "bach-truat")):
        assert by_line[line].status == "choose"
        assert slug in [c.slug for c in by_line[line].candidates]
    # a name two herbs share: both offered, each saying why
    shared = by_line[29]
    assert shared.status == "choose" and shared.reason == "2 herbs share this name"
    assert shared.cause == "shared" and by_line[27].cause == "weak"
    assert {"son-tra", "tao-meo"} <= {c.slug for c in shared.candidates}
    assert all("Sơn tra" in c.why for c in shared.candidates[:2])
    # a look-alike pair: the named herb first, its look-alike beside it (by pinyin with tones:
    # Bạch chỉ nam is used in Vietnam for 白芷)
    for line, named, lookalike in (
        (6, "bach-chi", "bach-chi-nam"),
        (30, "phong-ky", "quang-phong-ky"),
        (31, "phu-tu", "xuyen-o"),
        (33, "nguu-tat", "co-xuoc"),
    ):
        found = by_line[line]
        assert found.status == "choose" and "look-alike" in found.reason
        assert found.cause == "lookalike" and found.candidates[1].matched.kind == "confusable"
        assert [c.slug for c in found.candidates][:2] == [named, lookalike]
        assert found.candidates[1].match == "lookalike"
    assert by_line[32].status == "unknown" and by_line[32].candidates == []
    assert by_line[32].cause == "none" and by_line[2].cause == "named"


def test_the_sure_lines_of_a_paste_go_into_the_list_once_in_pasted_order(big: Catalogue) -> None:
    list_id = lists.create(big, "A", author="lan")
    resolved = lists.resolve(big, PASTED)
    result = lists.add(big, list_id, [r.slug for r in resolved if r.slug], author="lan")
    assert result.added == list(dict.fromkeys(SURE.values()))
    assert lists.get(big, list_id).slugs == result.added


def test_a_catalogue_opened_read_only_refuses_every_list_change(
    big: Catalogue, tmp_path: Path
) -> None:
    list_id = lists.create(big, "A", author="lan")
    served = Catalogue.open(tmp_path / "copy.db", read_only=True)
    with pytest.raises(ReadOnlyError):
        lists.create(served, "B", author="lan")
    with pytest.raises(ReadOnlyError):
        lists.add(served, list_id, ["duong-quy"], author="lan")
    assert lists.get(served, list_id).slugs == []
    assert [x.title for x in lists.all_lists(served)] == ["A"]
