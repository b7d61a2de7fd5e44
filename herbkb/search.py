"""The read side: an in-memory name index over the stored search keys → ranked herb hits.

Tiers, best first: exact key, prefix, fuzzy (rapidfuzz). One hit per herb, scored by its best
name, saying which name matched and how, with safety warnings attached.
"""

from __future__ import annotations

import bisect
from collections import defaultdict
from dataclasses import dataclass
from typing import TYPE_CHECKING

from pydantic import BaseModel, Field
from rapidfuzz import fuzz, process
from sqlmodel import select

from herbkb import models, vocab
from herbkb.normalize import query_keys, vi_exact

if TYPE_CHECKING:
    from herbkb.catalogue import Catalogue

LANG_OF_SPACE = {"zh": "zh-Hans", "py": "zh-Latn-pinyin", "vi": "vi", "la": "la", "en": "en"}
# how a key was derived → how the match is explained
HOW = {"pinyin": "pinyin of", "hanviet": "Hán-Việt reading of", "abbrev": "abbreviated"}
FUZZY_CUTOFF = 80


class Match(BaseModel):
    text: str  # the name as stored
    lang: str
    kind: str  # exact, folded, prefix, fuzzy, or confusable (shown beside a look-alike)
    via: str = "name"  # name, pinyin, hanviet, abbrev, species
    explain: str


class Hit(BaseModel):
    herb_id: int
    slug: str
    names: dict[str, str]
    matched: Match
    score: float
    warnings: list[str] = Field(default_factory=list)


@dataclass(frozen=True, slots=True)
class _Entry:
    herb_id: int
    text: str
    norm: str  # vi_exact of text: diacritics kept, case and tone placement unified
    lang: str
    via: str
    primary: bool


@dataclass(slots=True)
class _HerbInfo:
    slug: str
    names: dict[str, str]
    toxicity: str | None
    confusables: dict[str, str | None]  # partner slug → how they are told apart


class SearchIndex:
    """Keys by space: exact dict, a sorted list for prefixes, and the key list for rapidfuzz."""

    def __init__(self, data_version: int) -> None:
        self.data_version = data_version
        self.herbs: dict[int, _HerbInfo] = {}
        self.by_slug: dict[str, int] = {}
        self.exact: dict[tuple[str, str], list[_Entry]] = defaultdict(list)
        self.sorted_keys: dict[str, list[str]] = {}

    @classmethod
    def build(cls, catalogue: Catalogue) -> SearchIndex:
        with catalogue.session() as s:
            index = cls(catalogue.data_version())
            for herb in s.exec(select(models.Herb)):
                names = {
                    "vi": herb.name_vi,
                    "zh-Hans": herb.name_zh,
                    "zh-Latn-pinyin": herb.name_pinyin,
                    "la": herb.name_la,
                    "en": herb.name_en,
                }
                index.herbs[herb.id] = _HerbInfo(
                    herb.slug, {k: v for k, v in names.items() if v}, None, {}
                )
                index.by_slug[herb.slug] = herb.id
            keyed = s.exec(
                select(models.NameKey, models.HerbName).join(
                    models.HerbName, models.HerbName.id == models.NameKey.name_id
                )
            )
            for key, name in keyed:
                entry = _Entry(
                    key.herb_id, name.text, name.norm, name.lang, key.via, name.kind == "primary"
                )
                index.exact[(key.space, key.key)].append(entry)
            species = s.exec(
                select(models.HerbSource.herb_id, models.SpeciesName).join(
                    models.SpeciesName,
                    models.SpeciesName.species_id == models.HerbSource.species_id,
                )
            )
            for herb_id, spname in species:
                entry = _Entry(herb_id, spname.text, spname.key, "la", "species", False)
                index.exact[("la", spname.key)].append(entry)
                if spname.abbrev_key:
                    index.exact[("la", spname.abbrev_key)].append(entry)
            for prop in s.exec(
                select(models.HerbProperty).where(models.HerbProperty.prop == "toxicity")
            ):
                index.herbs[prop.herb_id].toxicity = prop.term
            links = list(s.exec(select(models.Confusable)))
            for conf in links:
                index.herbs[conf.herb_id].confusables[conf.other_slug] = conf.note
            for conf in links:  # confusion goes both ways; a herb's own note comes first
                other = index.by_slug.get(conf.other_slug)
                if other is not None:
                    partner = index.herbs[conf.herb_id].slug
                    index.herbs[other].confusables.setdefault(partner, conf.note)
        by_space: dict[str, list[str]] = defaultdict(list)
        for space, key in index.exact:
            by_space[space].append(key)
        index.sorted_keys = {space: sorted(keys) for space, keys in by_space.items()}
        return index

    def _prefixed(self, space: str, prefix: str, limit: int = 200) -> list[str]:
        keys = self.sorted_keys.get(space, [])
        start = bisect.bisect_left(keys, prefix)
        found = []
        for key in keys[start : start + limit]:
            if not key.startswith(prefix):
                break
            found.append(key)
        return found

    def search(self, query: str, *, limit: int = 10) -> list[Hit]:
        query = query.strip()
        if not query:
            return []
        exact_query = vi_exact(query)
        best: dict[int, tuple[float, Match]] = {}

        def offer(entry: _Entry, score: float, kind: str) -> None:
            if entry.primary:
                score += 1
            if entry.via == "text":
                score += 0.5  # a name as written beats one derived from it
                if entry.norm == exact_query:
                    score += 2  # typed exactly as written, diacritics and all
            elif kind == "exact":
                kind = "folded"
            current = best.get(entry.herb_id)
            if current is None or score > current[0]:
                best[entry.herb_id] = (score, self._explain(entry, kind))

        for qkey in query_keys(query):
            for entry in self.exact.get((qkey.space, qkey.key), []):
                offer(entry, 100, "exact" if entry.norm == exact_query else "folded")
            if len(qkey.key) >= 2:
                for key in self._prefixed(qkey.space, qkey.key):
                    if key != qkey.key:
                        # a shorter completion is the likelier one
                        score = 90 - min(len(key) - len(qkey.key), 20) / 2
                        for entry in self.exact[(qkey.space, key)]:
                            offer(entry, score, "prefix")
        if len(best) < limit:
            for qkey in query_keys(query):
                if len(qkey.key) < 3:
                    continue
                keys = self.sorted_keys.get(qkey.space, [])
                for key, ratio, _ in process.extract(
                    qkey.key, keys, scorer=fuzz.ratio, score_cutoff=FUZZY_CUTOFF, limit=limit * 3
                ):
                    for entry in self.exact[(qkey.space, key)]:
                        offer(entry, ratio * 0.85, "fuzzy")
        ranked = sorted(best.items(), key=lambda kv: (-kv[1][0], self.herbs[kv[0]].slug))
        hits: list[Hit] = []
        shown: set[int] = set()
        for herb_id, (score, match) in ranked:
            if herb_id in shown:
                continue
            hits.append(self._hit(herb_id, score, match))
            shown.add(herb_id)
            # safety before convenience: a herb's look-alikes are shown right beside it
            for slug in self.herbs[herb_id].confusables:
                partner = self.by_slug.get(slug)
                if partner is not None and partner not in shown:
                    hits.append(self._hit(partner, score - 0.01, self._beside(herb_id)))
                    shown.add(partner)
        return hits[:limit]

    def _beside(self, herb_id: int) -> Match:
        info = self.herbs[herb_id]
        name = next(iter(info.names.values()), info.slug)
        explain = f"shown beside “{name}”, with which it is confused"
        return Match(text=name, lang="", kind="confusable", via="confusable", explain=explain)

    def _explain(self, entry: _Entry, kind: str) -> Match:
        via = "name" if entry.via == "text" else entry.via
        how = HOW.get(entry.via, "species" if entry.via == "species" else "")
        explain = f"{kind} match on {entry.lang} {how + ' ' if how else ''}“{entry.text}”"
        return Match(text=entry.text, lang=entry.lang, kind=kind, via=via, explain=explain)

    def _hit(self, herb_id: int, score: float, match: Match) -> Hit:
        info = self.herbs[herb_id]
        warnings = []
        if info.toxicity and info.toxicity != "none":
            label = vocab.TOXICITY.get(info.toxicity)
            warnings.append(f"{label.en.capitalize()} · {label.vi} · {label.zh}")
        for slug, note in info.confusables.items():
            other = self.herbs.get(self.by_slug.get(slug, -1))
            shown = " · ".join(other.names.values()) if other else slug
            warnings.append(f"Confusable with {shown}" + (f": {note}" if note else ""))
        return Hit(
            herb_id=herb_id,
            slug=info.slug,
            names=info.names,
            matched=match,
            score=round(score, 2),
            warnings=warnings,
        )
