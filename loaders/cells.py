"""Spreadsheet cells → values: several names in one cell, placeholders, properties in prose
(`Vị ngọt, cay, tính ôn.`, `性温，味甘、辛`, `Tâm, Can, Tỳ.`), families with a gloss."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import NamedTuple

from herbkb import vocab
from herbkb.normalize import VI_PART_WORDS, fold, has_han, nfc, vi_exact

# phrases that mean "nothing here", compared without diacritics or case
PLACEHOLDERS = frozenset(
    fold(p)
    for p in (
        "(Không có)", "(Không ghi rõ)", "không có", "không rõ", "chưa rõ", "không ghi rõ",
        "chưa có", "无", "無", "暂无", "不详", "unknown", "not known", "not stated",
    )
)  # fmt: skip
# marks that mean the same, compared exactly: `Na` (custard apple) is a herb, `NA` is not
PLACEHOLDER_MARKS = frozenset(
    ("—", "–", "-", "--", "?", ".", "N/A", "n/a", "NA", "#N/A", "None", "none", "null", "NULL")
)

_NAME_SEPARATORS = re.compile(r"[,;、；，\n\r]+")
_SPECIES_SEPARATORS = re.compile(r"[;；\n\r]+|\s+/\s+")
_GLOSS = re.compile(r"^\s*([A-Z][a-z]+)\s*[\(（](.*)[\)）]\s*$")


def text(cell: object) -> str | None:
    """A cell as stripped NFC text, or None for empty cells and placeholders."""
    if cell is None:
        return None
    value = nfc(str(cell))
    if not value or value in PLACEHOLDER_MARKS or fold(value) in PLACEHOLDERS:
        return None
    return value


def _split(value: str, separators: re.Pattern[str]) -> list[str]:
    """`value` split at `separators` that are not inside brackets: `Mít (Lá, Gỗ), Mít ta`."""
    pieces, depth, start = [], 0, 0
    for found in re.finditer(rf"[(（]|[)）]|{separators.pattern}", value):
        mark = found.group()
        if mark in "(（":
            depth += 1
        elif mark in ")）":
            depth = max(depth - 1, 0)
        elif depth == 0:
            pieces.append(value[start : found.start()])
            start = found.end()
    return [*pieces, value[start:]]


def names(cell: object) -> list[str]:
    """`tần quy, vân quy` / `当归、秦归` / one per line → separate names."""
    return names_and_parts(cell).names


_BRACKET = re.compile(r"\s*[(（]([^()（）]*)[)）]")
_PART_LIST = re.compile(r"\s*(?:,|，|、|\bvà\b|\band\b)\s*")


def part_of(label: str) -> str | None:
    """The PART id a word names: a bare `vỏ` of a plant is its bark, as `lá` is its leaf."""
    word = vi_exact(label)
    if VI_PART_WORDS.get(word):
        return VI_PART_WORDS[word][0]
    term = vocab.PART.lookup(label)
    return term.id if term else None


class NamedParts(NamedTuple):
    names: list[str]
    parts: list[str]  # PART ids
    unread: list[str]  # words in a part bracket that name no part (`tinh dầu`)


def names_and_parts(cell: object) -> NamedParts:
    """Names, as `names`, and the parts used that brackets name: `Mít (Lá, Gỗ)` is the name
    `Mít` and the parts leaf and wood. A bracket that names no part stays in the name."""
    found = NamedParts([], [], [])
    if text(cell) is None:
        return found
    for piece in _split(str(cell), _NAME_SEPARATORS):
        for bracket in _BRACKET.finditer(piece):
            words = [w.strip() for w in _PART_LIST.split(bracket.group(1)) if w.strip()]
            ids = [part_of(w) for w in words]
            if any(ids):
                found.parts.extend(i for i in ids if i and i not in found.parts)
                found.unread.extend(w for w, i in zip(words, ids, strict=True) if i is None)
                piece = piece.replace(bracket.group(), "")
        name = text(piece.strip(" ."))
        if name:
            found.names.append(name)
    return found


def species(cell: object) -> list[str]:
    if text(cell) is None:
        return []
    parts = (text(p) for p in _SPECIES_SEPARATORS.split(str(cell)))
    return [p for p in parts if p]


def family(cell: object) -> tuple[str | None, str | None]:
    """`Apiaceae (Hoa tán)` → (`Apiaceae`, `Hoa tán`); `(Khoáng vật)` → (None, `Khoáng vật`)."""
    value = text(cell)
    if value is None:
        return None, None
    glossed = _GLOSS.match(value)
    if glossed:
        return glossed.group(1), glossed.group(2).strip()
    if value.startswith(("(", "（")):
        return None, value.strip("()（） ")
    return value, None


# --- properties in prose ---------------------------------------------------------------------

_VI_NATURE = {
    "nhiệt": "hot", "nóng": "hot", "ôn": "warm", "ấm": "warm", "hơi ôn": "slightly-warm",
    "hơi ấm": "slightly-warm", "bình": "neutral", "lương": "cool", "mát": "cool", "hơi mát": "cool",
    "hơi hàn": "slightly-cold", "hơi lạnh": "slightly-cold", "hàn": "cold", "lạnh": "cold",
    "đại hàn": "very-cold", "rất lạnh": "very-cold",
}  # fmt: skip
_VI_FLAVOUR = {
    "chua": "sour", "toan": "sour", "đắng": "bitter", "khổ": "bitter", "ngọt": "sweet",
    "cam": "sweet", "cay": "acrid", "tân": "acrid", "mặn": "salty", "hàm": "salty",
    "nhạt": "bland", "đạm": "bland", "chát": "astringent", "sáp": "astringent",
}  # fmt: skip
_VI_TOXICITY = {
    "không độc": "none", "vô độc": "none", "hơi có độc": "slight", "hơi độc": "slight",
    "ít độc": "slight", "có ít độc": "slight", "có độc": "toxic", "độc": "toxic",
    "rất độc": "high", "đại độc": "high", "có độc mạnh": "high", "rất độc mạnh": "high",
}  # fmt: skip
_ZH_NATURE = {
    "大热": "hot", "热": "hot", "大温": "warm", "温": "warm", "微温": "slightly-warm",
    "平": "neutral", "凉": "cool", "微寒": "slightly-cold", "寒": "cold", "大寒": "very-cold",
}  # fmt: skip
_ZH_FLAVOUR = {"酸": "sour", "苦": "bitter", "甘": "sweet", "辛": "acrid", "咸": "salty",
               "鹹": "salty", "淡": "bland", "涩": "astringent", "澀": "astringent"}  # fmt: skip
_ZH_TOXICITY = {"无毒": "none", "小毒": "slight", "有小毒": "slight", "有毒": "toxic",
                "大毒": "high", "有大毒": "high"}  # fmt: skip
_EN_NATURE = {"hot": "hot", "warm": "warm", "slightly warm": "slightly-warm", "neutral": "neutral",
              "cool": "cool", "slightly cold": "slightly-cold", "cold": "cold"}  # fmt: skip
_EN_FLAVOUR = {"sour": "sour", "bitter": "bitter", "sweet": "sweet", "acrid": "acrid",
               "pungent": "acrid", "spicy": "acrid", "salty": "salty", "bland": "bland",
               "astringent": "astringent"}  # fmt: skip
_EN_TOXICITY = {"non-toxic": "none", "non toxic": "none", "slightly toxic": "slight",
                "toxic": "toxic", "highly toxic": "high", "very toxic": "high"}  # fmt: skip
_NATURE = {fold(k): v for k, v in (_VI_NATURE | _EN_NATURE).items()}
_FLAVOUR = {fold(k): v for k, v in (_VI_FLAVOUR | _EN_FLAVOUR).items()}
_TOXICITY = {fold(k): v for k, v in (_VI_TOXICITY | _EN_TOXICITY).items()}


@dataclass
class Properties:
    nature: str | None = None
    flavours: list[str] = field(default_factory=list)
    meridians: list[str] = field(default_factory=list)
    toxicity: str | None = None
    unparsed: list[str] = field(default_factory=list)


def _add(items: list[str], term: str) -> None:
    if term not in items:
        items.append(term)


def _vi_clause(clause: str, found: Properties, context: str | None) -> str | None:
    """One comma-separated piece of Vietnamese (or English) prose; returns the context it sets.

    Compared folded, so `vi ngot, tinh on` typed without diacritics is read too.
    """
    words = fold(clause)
    for prefix, ctx in (("vi", "flavour"), ("tinh", "nature"), ("khi", "nature")):
        if words.startswith(prefix + " "):
            words, context = words[len(prefix) + 1 :].strip(), ctx
    if words in _TOXICITY:
        found.toxicity = _TOXICITY[words]
        return context
    if context != "flavour" and words in _NATURE:
        found.nature = _NATURE[words]
        return "nature"
    bare = re.sub(r"^(hoi|rat|slightly|mildly) ", "", words)
    if bare in _FLAVOUR:
        _add(found.flavours, _FLAVOUR[bare])
        return "flavour"
    known = [_FLAVOUR[w] for w in bare.split() if w in _FLAVOUR]
    if context == "flavour" and known:
        # `cay the`: the flavours we know are kept, the clause is still reported
        for term in known:
            _add(found.flavours, term)
        found.unparsed.append(clause.strip())
        return context
    if words in _NATURE:
        found.nature = _NATURE[words]
        return "nature"
    if words.startswith(("vao ", "quy ")) or words.endswith(" kinh"):
        return context  # a meridian phrase inside the properties cell: read by meridians()
    found.unparsed.append(clause.strip())
    return context


def _zh_properties(value: str, found: Properties) -> None:
    for toxic in sorted(_ZH_TOXICITY, key=len, reverse=True):
        if toxic in value:
            found.toxicity = _ZH_TOXICITY[toxic]
            value = value.replace(toxic, "")
            break
    head = value.split("归")[0].split("歸")[0]
    for nature in sorted(_ZH_NATURE, key=len, reverse=True):
        if nature in head:
            found.nature = _ZH_NATURE[nature]
            head = head.replace(nature, "")
            break
    for char in head:
        if char in _ZH_FLAVOUR:
            _add(found.flavours, _ZH_FLAVOUR[char])


def properties(cell: object) -> Properties:
    """Nature, flavours and toxicity from prose; what is not understood is kept in `unparsed`."""
    found = Properties()
    value = text(cell)
    if value is None:
        return found
    if has_han(value):
        _zh_properties(value, found)
        found.meridians = meridians(value)
        return found
    context: str | None = None
    for clause in re.split(r"[,;.，。；、]+", value):
        if clause.strip():
            context = _vi_clause(clause, found, context)
    return found


def meridians(cell: object) -> list[str]:
    """`Tâm, Can, Tỳ.` / `Phế kinh` / `归肝、脾经` / `liver, spleen` → meridian ids."""
    value = text(cell)
    if value is None:
        return []
    if has_han(value):
        match = re.search(r"[归歸]([^。；;]*?)[经經]", value)
        body = match.group(1) if match else value
        return _unique(
            vocab.MERIDIAN.lookup(p).id
            for p in re.split(r"[、，,]", body)
            if vocab.MERIDIAN.lookup(p)
        )
    found = []
    for part in re.split(r"[,;.、]+|\s+và\s+|\s+and\s+", value):
        words = re.sub(
            r"^((quy|vào|vao|kinh)\s+)+|\s+(kinh|meridians?|channels?)$",
            "",
            part.strip(),
            flags=re.I,
        )
        term = vocab.MERIDIAN.lookup(words) if words else None
        if term:
            found.append(term.id)
    return _unique(found)


def _unique(items: object) -> list[str]:
    return list(dict.fromkeys(items))  # type: ignore[arg-type]
