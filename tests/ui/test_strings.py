"""Every label of the interface exists in Vietnamese, Chinese and English."""

import re
from pathlib import Path

from ui.strings import LANGS, PROBLEMS, STRINGS

UI = Path(__file__).resolve().parents[2] / "ui"


def test_every_string_has_all_three_languages_with_the_same_placeholders() -> None:
    for key, texts in STRINGS.items():
        assert len(texts) == len(LANGS) and all(texts), key
        fields = [sorted(re.findall(r"{(\w+)}", text)) for text in texts]
        assert fields.count(fields[0]) == len(fields), f"{key}: {fields}"


def test_every_label_the_pages_ask_for_exists() -> None:
    asked = set()
    for module in UI.glob("*.py"):
        asked |= set(re.findall(r'\bt\(\s*f?"([\w.\-]+)"', module.read_text(encoding="utf-8")))
    literal = {key for key in asked if "{" not in key}
    assert literal <= STRINGS.keys(), literal - STRINGS.keys()


def test_every_problem_the_core_finds_is_worded_in_vietnamese_and_chinese() -> None:
    from herbkb import check, records

    for code, english in {**records.MESSAGES, **check.MESSAGES}.items():
        assert code in PROBLEMS, f"{code}: {english!r} has no Vietnamese and Chinese wording"
        fields = sorted(re.findall(r"{(\w+)}", english))
        for text in PROBLEMS[code]:
            assert sorted(re.findall(r"{(\w+)}", text)) == fields, f"{code}: {text!r}"
