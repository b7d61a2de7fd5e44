"""Names sort the way a reader of each language expects, where plain `sorted` gets it wrong."""

from herbkb.collation import Order, han_key, sort_key, vi_key


def test_vietnamese_letters_come_in_dictionary_order() -> None:
    names = ["Đương quy", "Zơ", "Dương", "Ăn", "Bạch truật", "Âm", "An"]
    assert sorted(names, key=vi_key) == [
        "An", "Ăn", "Âm", "Bạch truật", "Dương", "Đương quy", "Zơ",
    ]  # fmt: skip
    assert sorted(names)[-1] == "Đương quy"  # what plain sorting does wrong


def test_tones_of_one_syllable_follow_the_dictionary() -> None:
    assert sorted(["Mạ", "Má", "Mã", "Mả", "Mà", "Ma"], key=vi_key) == [
        "Ma", "Mà", "Mả", "Mã", "Má", "Mạ",
    ]  # fmt: skip


def test_pinyin_orders_by_syllable_then_tone() -> None:
    names = ["xiān hè cǎo", "xī ān", "xì xīn", "xī yáng shēn"]
    ordered = sorted(names, key=lambda n: sort_key(Order.PINYIN, n))
    # every syllable first (xi an < xi xin < xi yang < xian), tones only to break a tie
    assert ordered == ["xī ān", "xì xīn", "xī yáng shēn", "xiān hè cǎo"]


def test_han_names_sort_by_their_reading() -> None:
    names = ["人参", "阿胶", "黄芪", "甘草", "白术", "川芎", "当归"]
    assert sorted(names, key=han_key) == ["阿胶", "白术", "川芎", "当归", "甘草", "黄芪", "人参"]


def test_missing_names_sort_last() -> None:
    keys = sorted(
        [None, "Rhei Radix", "", "Angelicae Radix"], key=lambda n: sort_key(Order.LATIN, n)
    )
    assert keys[:2] == ["Angelicae Radix", "Rhei Radix"]
