"""Sort keys that order names the way their readers expect (ICU collation).

Plain `sorted` orders by code point: Đ and every accented capital come after Z, and the tones of
one Vietnamese syllable scatter. ICU's collations order Vietnamese letters first and tones after
(a ă â b c d đ e ê …; Ma, Mà, Mả, Mã, Má, Mạ), and pinyin syllable by syllable, then by tone.
"""

from __future__ import annotations

from enum import StrEnum
from functools import cache

import icu


class Order(StrEnum):
    """The orders a herb list or table can be sorted in."""

    VI = "vi"  # Vietnamese dictionary order of the Vietnamese name
    PINYIN = "pinyin"  # pinyin syllables, then tones
    LATIN = "la"  # pharmaceutical Latin name


@cache
def _collator(locale: str) -> icu.Collator:
    return icu.Collator.createInstance(icu.Locale(locale))


def vi_key(text: str) -> bytes:
    """Vietnamese dictionary order: letters (ă after a, đ after d), then tones."""
    return _collator("vi").getSortKey(text)


def pinyin_key(text: str) -> bytes:
    """Pinyin as written with tone marks and a space between syllables (`dà huáng`): syllable by
    syllable (`xi an` before `xian`), base letters before tones."""
    return _collator("en").getSortKey(text)


def latin_key(text: str) -> bytes:
    """Latin names, case and diacritics ignored before they break a tie."""
    return _collator("en").getSortKey(text)


def han_key(text: str) -> bytes:
    """Chinese characters by their most common pinyin reading (for names without pinyin)."""
    return _collator("zh@collation=pinyin").getSortKey(text)


def sort_key(order: Order, text: str | None) -> tuple[bool, bytes]:
    """A key for `order`; missing names sort last."""
    if not text:
        return (True, b"")
    key = {Order.VI: vi_key, Order.PINYIN: pinyin_key, Order.LATIN: latin_key}[order]
    return (False, key(text))
