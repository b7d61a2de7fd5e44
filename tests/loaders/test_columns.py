"""Headers in Vietnamese, Chinese or English, with or without diacritics and spaces."""

import pytest

from loaders.columns import map_headers


@pytest.mark.parametrize(
    ("header", "field"),
    [
        ("Tên Việt Nam", "vi"),
        ("TenVietNam", "vi"),
        ("Tên khác", "vi_other"),
        ("TenGoiKhac", "vi_other"),
        ("Tên khoa học", "species"),
        ("Họ", "family"),
        ("HoThucVat", "family"),
        ("中文名", "zh"),
        ("药材名", "zh"),
        ("别名", "zh_other"),
        ("拉丁名", "la"),
        ("拼音", "pinyin"),
        ("性味", "properties"),
        ("TinhVi", "properties"),
        ("归经", "meridians"),
        ("QuyKinh", "meridians"),
        ("Latin name", "la"),
        ("Family", "family"),
        ("Nature", "nature"),
        ("Vị", "flavours"),
        ("ID_ViThuoc", "row_id"),
    ],
)
def test_usual_headers_are_recognised(header: str, field: str) -> None:
    mapping, unmapped = map_headers([header])
    assert (mapping, unmapped) == ({0: field}, [])


def test_unknown_headers_are_reported() -> None:
    mapping, unmapped = map_headers(["Tên Việt Nam", "Giá (VNĐ)"])
    assert mapping == {0: "vi"} and unmapped == ["Giá (VNĐ)"]


def test_map_overrides_and_dash_ignores() -> None:
    mapping, unmapped = map_headers(["Tên", "Mã kho"], {"Tên": "zh", "Mã kho": "-"})
    assert mapping == {0: "zh", 1: "-"} and unmapped == []


def test_a_second_column_for_one_field_is_reported() -> None:
    mapping, unmapped = map_headers(["中文名", "药材名"])
    assert mapping == {0: "zh"} and unmapped == ["药材名 (a second zh column)"]
