"""Cells as people fill them: several names in one, placeholders, properties in prose."""

import pytest

from loaders import cells


@pytest.mark.parametrize(
    ("cell", "names"),
    [
        ("tần quy, vân quy", ["tần quy", "vân quy"]),
        ("当归、秦归", ["当归", "秦归"]),
        ("củ gấu; cỏ gấu；cỏ cú", ["củ gấu", "cỏ gấu", "cỏ cú"]),
        ("Đương quy\nTần quy", ["Đương quy", "Tần quy"]),
        ("(Không có)", []),
    ],
)
def test_several_values_in_a_cell_become_several_names(cell: str, names: list[str]) -> None:
    assert cells.names(cell) == names


@pytest.mark.parametrize("cell", ["(Không có)", "(Không ghi rõ)", "—", "无", "N/A", "", None, "  "])
def test_placeholders_are_empty(cell: str | None) -> None:
    assert cells.text(cell) is None


def test_a_real_name_that_looks_like_a_placeholder_is_kept() -> None:
    assert cells.text("Na") == "Na"  # custard apple, Annona squamosa


@pytest.mark.parametrize(
    ("prose", "nature", "flavours", "toxicity"),
    [
        ("Vị ngọt, cay, tính ôn.", "warm", ["sweet", "acrid"], None),
        ("Vị cay, đắng, tính hơi hàn.", "slightly-cold", ["acrid", "bitter"], None),
        ("性温，味甘、辛", "warm", ["sweet", "acrid"], None),
        ("Vị đắng, tính hàn, có độc.", "cold", ["bitter"], "toxic"),
        ("Cay, hơi lạnh, hơi có độc.", "slightly-cold", ["acrid"], "slight"),
        ("Rất độc.", None, [], "high"),
        ("vi ngot, tinh on", "warm", ["sweet"], None),
        ("Sweet, neutral", "neutral", ["sweet"], None),
        ("甘，平；有小毒。", "neutral", ["sweet"], "slight"),
    ],
)
def test_properties_written_as_prose(
    prose: str, nature: str | None, flavours: list[str], toxicity: str | None
) -> None:
    found = cells.properties(prose)
    assert (found.nature, found.flavours, found.toxicity) == (nature, flavours, toxicity)
    assert found.unparsed == []


def test_what_cannot_be_parsed_is_kept_and_the_rest_read() -> None:
    found = cells.properties("Vị cay the, tính ấm.")
    assert found.nature == "warm" and found.flavours == ["acrid"]
    assert found.unparsed == ["Vị cay the"]


@pytest.mark.parametrize(
    ("cell", "meridians"),
    [
        ("Tâm, Can, Tỳ.", ["heart", "liver", "spleen"]),
        ("Phế kinh.", ["lung"]),
        ("Vào kinh Can, Thận", ["liver", "kidney"]),
        ("归肝、脾经", ["liver", "spleen"]),
        ("甘，平。归心、肺、脾、胃经。", ["heart", "lung", "spleen", "stomach"]),
        ("liver, spleen", ["liver", "spleen"]),
    ],
)
def test_meridians_in_any_language(cell: str, meridians: list[str]) -> None:
    assert cells.meridians(cell) == meridians


def test_family_with_a_vietnamese_gloss() -> None:
    assert cells.family("Apiaceae (Hoa tán)") == ("Apiaceae", "Hoa tán")
    assert cells.family("(Khoáng vật)") == (None, "Khoáng vật")
    assert cells.family("Fabaceae") == ("Fabaceae", None)
