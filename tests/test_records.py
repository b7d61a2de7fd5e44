"""The record model is the one gate: what it refuses, with a message a user can act on."""

import pytest
from pydantic import ValidationError

from herbkb.records import HerbRecord, validation_messages
from tests.conftest import herb


def messages(**fields: object) -> list[str]:
    with pytest.raises(ValidationError) as info:
        herb(**fields)
    return validation_messages(info.value)


def test_a_valid_record_keeps_names_as_written_in_nfc() -> None:
    record = herb(names=[{"text": "Đương quy", "lang": "vi"}])
    assert record.primary("vi") == "Đương quy"


def test_language_tags_are_bcp47() -> None:
    assert "is not a BCP 47 language tag" in messages(names=[{"text": "x", "lang": "vn_VN"}])[0]
    assert herb(names=[{"text": "Co nhả", "lang": "tyz"}]).primary("tyz") == "Co nhả"


def test_chinese_names_must_be_in_chinese_script() -> None:
    assert "has no Chinese characters" in messages(names=[{"text": "gancao", "lang": "zh-Hans"}])[0]
    assert "written in Chinese characters" in messages(names=[{"text": "甘草", "lang": "vi"}])[0]


def test_zhuang_names_may_be_in_the_han_transcription_the_guangxi_standards_print() -> None:
    assert herb(names=[{"text": "棵共现", "lang": "za"}]).primary("za") == "棵共现"
    assert "written in Chinese characters" in messages(names=[{"text": "棵共现", "lang": "tyz"}])[0]


def test_one_primary_name_per_language() -> None:
    two = [{"text": "Cam thảo", "lang": "vi"}, {"text": "Quốc lão", "lang": "vi"}]
    assert "two primary names in vi" in messages(names=two)[0]


def test_unknown_vocabulary_terms_are_refused_with_the_choices() -> None:
    (message,) = messages(flavours=["umami"])
    assert message.startswith("flavours.0: 'umami' is not a known flavour; known: sour, bitter")


def test_reviewed_needs_a_reviewer() -> None:
    assert "names who reviewed it" in messages(review={"status": "reviewed"})[0]


def test_slug_is_lowercase_ascii() -> None:
    assert "is not a slug" in messages(slug="Cam Thảo")[0]


def test_primary_falls_back_to_first_name_in_language() -> None:
    record = HerbRecord(slug="x", names=[{"text": "Rau má", "lang": "vi", "kind": "vernacular"}])
    assert record.primary("vi") == "Rau má"
    assert record.display_names == {"vi": "Rau má"}
