"""What the editor's form gets from the core: names proposed from the Chinese one, and every
problem placed on its field with a code the app can word in the reader's language."""

from __future__ import annotations

from herbkb import Catalogue
from herbkb.editing import check_form, proposals
from tests.conftest import herb


def test_names_are_proposed_from_the_simplified_chinese_name() -> None:
    offered = proposals([{"text": "甘草", "lang": "zh-Hans", "kind": "primary"}])
    assert {(p.lang, p.text) for p in offered} >= {
        ("zh-Latn-pinyin", "gān cǎo"),
        ("vi", "Cam thảo"),
    }


def test_nothing_is_proposed_from_latin_letters_typed_in_the_chinese_row() -> None:
    assert proposals([{"text": "Gancao", "lang": "zh-Hans", "kind": "primary"}]) == []


def test_a_refusal_carries_its_field_place_code_and_values(cat: Catalogue) -> None:
    data = herb().model_dump(mode="json")
    data["names"].append({"text": "Gancao", "lang": "zh-Hans", "kind": "synonym"})
    (problem,) = check_form(data, cat).problems
    assert (problem.field, problem.where, problem.code) == ("names", "4", "no_han")
    assert problem.values == {"lang": "zh-Hans", "text": "Gancao"}
    assert problem.message == "4: zh-Hans name 'Gancao' has no Chinese characters"


def test_a_finding_carries_its_code_and_values(cat: Catalogue) -> None:
    data = herb(references=[], provenance=None).model_dump(mode="json")
    checked = check_form(data, cat)
    assert checked.record is not None
    assert [(p.field, p.code) for p in checked.errors] == [("provenance", "no_source")]
