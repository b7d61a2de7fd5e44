"""Synthetic but realistic herb data at scale, for benchmarks: names are recombined from the
syllables, characters and Latin words of the bundled catalogue, so every script and its
normalisation is exercised as real data would."""

from __future__ import annotations

import random
from pathlib import Path

import pandas as pd

from herbkb.normalize import has_han
from herbkb.records import HerbRecord
from loaders import load_paths

HERBS = Path(__file__).resolve().parents[2] / "data" / "herbs"
FAMILIES = ["Fabaceae", "Asteraceae", "Lamiaceae", "Apiaceae", "Rubiaceae", "Zingiberaceae"]
PROSE = [
    "Vị ngọt, cay, tính ôn.",
    "Vị đắng, tính hàn.",
    "性温，味甘、辛",
    "Vị chua, chát, tính bình.",
]
MERIDIANS = ["Tâm, Can, Tỳ.", "Phế, Vị.", "归肝、脾经", "Can, Thận."]


def _pieces() -> tuple[list[str], list[str], list[str], list[str]]:
    records = [i.record for i in load_paths([HERBS]).items if i.record]
    syllables, chars, genera, epithets = set(), set(), set(), set()
    for r in records:
        for n in r.names:
            if n.lang == "vi":
                syllables.update(n.text.lower().split())
            elif has_han(n.text):
                chars.update(n.text)
        for s in r.sources:
            words = s.species.split()
            if len(words) > 1:
                genera.add(words[0])
                epithets.add(words[1])
    return sorted(syllables), sorted(chars), sorted(genera), sorted(epithets)


def _letters(number: int) -> str:
    """A number as a lowercase suffix, so every generated epithet is a valid distinct word."""
    out = ""
    while True:
        number, digit = divmod(number, 26)
        out += chr(ord("a") + digit)
        if not number:
            return out


def rows(count: int, seed: int = 7) -> pd.DataFrame:
    """`count` spreadsheet rows with Vietnamese headers, as a herb list arrives."""
    rng = random.Random(seed)
    syllables, chars, genera, epithets = _pieces()
    out = []
    for i in range(count):
        vi = " ".join(rng.sample(syllables, rng.choice((2, 3)))).capitalize()
        zh = "".join(rng.sample(chars, rng.choice((2, 3, 4))))
        genus, epithet = rng.choice(genera), rng.choice(epithets)
        out.append(
            {
                "Tên Việt Nam": f"{vi} {i}",
                "Tên khác": ", ".join(" ".join(rng.sample(syllables, 2)) for _ in range(2)),
                "中文名": zh,
                "Tên khoa học": f"{genus} {epithet}{_letters(i)} L.",
                "Họ": rng.choice(FAMILIES),
                "Tính vị": rng.choice(PROSE),
                "Quy kinh": rng.choice(MERIDIANS),
                "Công dụng": "Thanh nhiệt, giải độc, lợi thấp.",
            }
        )
    return pd.DataFrame(out)


PARTS = ["Radix", "Rhizoma", "Herba", "Folium", "Flos", "Fructus", "Semen", "Cortex"]
ENGLISH = ["root", "leaf", "flower", "fruit", "seed", "bark", "herb", "rhizome"]


def records(count: int, seed: int = 11) -> list[HerbRecord]:
    """`count` herbs of about ten names each (Vietnamese, Chinese, pinyin, Latin, English)."""
    from herbkb.normalize import pinyin_of

    rng = random.Random(seed)
    syllables, chars, genera, epithets = _pieces()
    out = []
    used: set[str] = set()
    for i in range(count):
        suffix = _letters(i)
        vi = [" ".join(rng.sample(syllables, rng.choice((2, 3)))).capitalize() for _ in range(3)]
        zh = ""
        while not zh or zh in used:  # a Chinese name is one herb's, as in real catalogues
            zh = "".join(rng.sample(chars, rng.choice((3, 4))))
        used.add(zh)
        genus, epithet = rng.choice(genera), rng.choice(epithets) + suffix
        part = rng.randrange(len(PARTS))
        names = [
            {"text": f"{vi[0]} {suffix}", "lang": "vi"},
            {"text": vi[1], "lang": "vi", "kind": "synonym"},
            {"text": vi[2], "lang": "vi", "kind": "vernacular"},
            {"text": zh, "lang": "zh-Hans"},
            {"text": "".join(rng.sample(chars, 2)), "lang": "zh-Hans", "kind": "synonym"},
            {"text": pinyin_of(zh), "lang": "zh-Latn-pinyin"},
            {"text": f"{genus}i {epithet}i {PARTS[part]}", "lang": "la"},
            {"text": f"{PARTS[part]} {genus}i {epithet}i", "lang": "la", "kind": "former"},
            {"text": f"{epithet} {ENGLISH[part]}", "lang": "en"},
        ]
        out.append(
            HerbRecord.model_validate(
                {
                    "slug": f"synthetic-{i}",
                    "names": names,
                    "sources": [
                        {"species": f"{genus} {epithet} L.", "family": rng.choice(FAMILIES)}
                    ],
                    "provenance": "synthetic, for benchmarks",
                }
            )
        )
    return out
