"""The Chinese Pharmacopoeia 2020 (volume I) as HerbKB measures against it: the dose, toxicity
grade and pregnancy rule a herb citing it must not soften, and which of its materials the
catalogue holds. The facts live in data/cp2020.tsv, with their sources in its header."""

from __future__ import annotations

import csv
import re
from collections.abc import Sequence
from functools import cache

from pydantic import BaseModel

from herbkb.normalize import DATA_DIR, fold, zh_key
from herbkb.records import HerbRecord

CITATION = "cp-2020"
_TOXICITY_RANK = {None: 0, "none": 0, "slight": 1, "toxic": 2, "high": 3}
_PREGNANCY_RANK = {None: 0, "caution": 1, "forbidden": 2}
# a daily amount in grams: "15–30 g", "0,1～0,5 g", "每日6 g" (never mg or kg)
_GRAMS = re.compile(r"(\d+(?:[.,]\d+)?)\s*(?:[–~～-]\s*(\d+(?:[.,]\d+)?))?\s*g(?![a-zA-Z])")
# Chinese contraindications, sentence by sentence: 禁用, 忌服… forbid; 慎用, 不宜… ask for caution
_FORBID = re.compile(r"禁|忌")
_CAUTION = re.compile(r"慎|不宜")


class Entry(BaseModel):
    entry: int
    zh: str
    zh_also: str | None
    pinyin: str
    latin: list[str]
    min_g: float | None
    max_g: float | None
    max_any_g: float | None  # the largest amount for any oral use (fresh herb, special use)
    toxicity: str | None
    pregnancy: str | None
    natural: bool  # from a plant, fungus, animal or mineral, not made in a factory
    source: str


class Coverage(BaseModel):
    natural: int
    covered: int
    missing: list[Entry]

    @property
    def share(self) -> float:
        return self.covered / self.natural if self.natural else 0.0


def _number(text: str) -> float | None:
    return float(text) if text else None


@cache
def entries() -> tuple[Entry, ...]:
    path = DATA_DIR / "cp2020.tsv"
    lines = [line for line in path.read_text(encoding="utf-8").splitlines() if line[:1] != "#"]
    return tuple(
        Entry(
            entry=int(row["entry"]),
            zh=row["zh"],
            zh_also=row["zh_also"] or None,
            pinyin=row["pinyin"],
            latin=[t for t in row["latin"].split("; ") if t],
            min_g=_number(row["min_g"]),
            max_g=_number(row["max_g"]),
            max_any_g=_number(row["max_any_g"]),
            toxicity=row["toxicity"] or None,
            pregnancy=row["pregnancy"] or None,
            natural=row["origin"] == "natural",
            source=row["source"],
        )
        for row in csv.DictReader(lines, delimiter="\t")
    )


@cache
def _by_name() -> dict[str, Entry]:
    found = {}
    for entry in entries():
        for name in (entry.zh, entry.zh_also):
            if name:
                found[zh_key(name)] = entry
    return found


def entry_of(record: HerbRecord) -> Entry | None:
    """The pharmacopoeia entry of the herb's primary Chinese name."""
    simplified = record.primary("zh-Hans")
    return _by_name().get(zh_key(simplified)) if simplified else None


def largest_dose(record: HerbRecord) -> float | None:
    """The largest amount in grams the herb's dosage text names, in any language."""
    grams = [
        float((high or low).replace(",", "."))
        for section in record.sections
        if section.section == "dosage"
        for low, high in _GRAMS.findall(section.text)
    ]
    return max(grams, default=None)


def pregnancy_rule(record: HerbRecord) -> str | None:
    """What the Chinese contraindications say for pregnant women: forbidden, caution or nothing."""
    clauses = [
        clause
        for section in record.sections
        if section.section == "contraindications" and section.lang == "zh-Hans"
        for clause in re.split(r"[。；;]", section.text)
        if "孕" in clause
    ]
    if any(_FORBID.search(c) for c in clauses):
        return "forbidden"
    if any(_CAUTION.search(c) for c in clauses):
        return "caution"
    return None


def softer_than(record: HerbRecord, entry: Entry) -> list[tuple[str, str]]:
    """Where the herb is softer than its pharmacopoeia entry, as (record field, message);
    stricter is fine."""
    found = []
    dose = largest_dose(record)
    if dose is not None and entry.max_any_g is not None and dose > entry.max_any_g:
        found.append(
            (
                "sections",
                f"dosage goes up to {dose:g} g; "
                f"the pharmacopoeia's maximum is {entry.max_any_g:g} g",
            )
        )
    if _TOXICITY_RANK[record.toxicity] < _TOXICITY_RANK[entry.toxicity]:
        found.append(
            (
                "toxicity",
                f"toxicity {record.toxicity or 'not given'}; "
                f"the pharmacopoeia grades it {entry.toxicity}",
            )
        )
    rule = pregnancy_rule(record)
    if _PREGNANCY_RANK[rule] < _PREGNANCY_RANK[entry.pregnancy]:
        found.append(
            (
                "sections",
                f"pregnancy: the Chinese contraindications say {rule or 'nothing'}; "
                f"the pharmacopoeia says {entry.pregnancy}",
            )
        )
    where = f"(Chinese Pharmacopoeia 2020 {entry.zh}, {entry.source})"
    return [(field, f"{message} {where}") for field, message in found]


def _latin_form(text: str) -> str:
    """A Latin drug name in its own word order, without case, diacritics (Oötheca) or `seu`,
    which the pharmacopoeia's list leaves out between two sources (Lasiosphaera Calvatia)."""
    return " ".join(w for w in fold(text).split() if w != "seu")


def coverage(records: Sequence[HerbRecord]) -> Coverage:
    """The pharmacopoeia's natural materials the records hold: a herb with the entry's Chinese
    name among its names, a pinyin, and the entry's Latin drug name in its word order (any Latin
    when the table has none)."""
    held: dict[str, list[HerbRecord]] = {}
    for record in records:
        for name in record.names:
            if name.lang == "zh-Hans":
                held.setdefault(zh_key(name.text), []).append(record)

    def holds(record: HerbRecord, entry: Entry) -> bool:
        latin = {_latin_form(n.text) for n in record.names if n.lang == "la"}
        wanted = [_latin_form(t) for t in entry.latin]
        # an entry of two sources is held under both names, or under the two as one
        named = set(wanted) <= latin or " ".join(wanted) in latin if wanted else bool(latin)
        return bool(record.primary("zh-Latn-pinyin")) and named

    natural = [e for e in entries() if e.natural]
    missing = [e for e in natural if not any(holds(r, e) for r in held.get(zh_key(e.zh), []))]
    return Coverage(natural=len(natural), covered=len(natural) - len(missing), missing=missing)
