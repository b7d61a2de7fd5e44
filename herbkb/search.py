"""The read side: an in-memory name index over the stored search keys → ranked herb hits.

Tiers, best first: exact key, prefix, fuzzy (rapidfuzz). One hit per herb, scored by its best
name, saying which name matched and how, with safety warnings attached.
"""

from __future__ import annotations

import bisect
import re
from collections import defaultdict
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from pydantic import BaseModel, Field
from rapidfuzz import fuzz, process
from sqlmodel import select

from herbkb import models, vocab
from herbkb.normalize import family_key, fold_chars, fulltext_form, query_keys, vi_exact

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


FACETS = ("nature", "flavour", "meridian", "toxicity", "category", "part", "family")


class SearchFilters(BaseModel):
    """Narrow hits to herbs with these terms: any value within a facet, every facet given.

    Values are vocabulary ids (`warm`, `liver`, `root`), families by name (`Fabaceae`);
    `lang` keeps only matches on names in that language (`vi`, `zh-Hans`, `la`…).
    """

    nature: list[str] = Field(default_factory=list)
    flavour: list[str] = Field(default_factory=list)
    meridian: list[str] = Field(default_factory=list)
    toxicity: list[str] = Field(default_factory=list)
    category: list[str] = Field(default_factory=list)
    part: list[str] = Field(default_factory=list)
    family: list[str] = Field(default_factory=list)
    lang: list[str] = Field(default_factory=list)

    def admits(self, facets: dict[str, set[str]]) -> bool:
        for facet in FACETS:
            wanted = getattr(self, facet)
            if facet == "family":
                wanted = [family_key(f) for f in wanted]
            if wanted and not facets.get(facet, set()) & set(wanted):
                return False
        return True


class Hit(BaseModel):
    herb_id: int
    slug: str
    names: dict[str, str]
    matched: Match
    score: float
    warnings: list[str] = Field(default_factory=list)
    snippet: str | None = None  # full-text hits: the passage, the match in **bold**


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
    facets: dict[str, set[str]] = field(default_factory=dict)  # FACETS → terms


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
            for prop in s.exec(select(models.HerbProperty)):
                info = index.herbs[prop.herb_id]
                info.facets.setdefault(prop.prop, set()).add(prop.term)
                if prop.prop == "toxicity":
                    info.toxicity = prop.term
            sources = s.exec(
                select(
                    models.HerbSource.herb_id, models.HerbSource.part, models.Species.family
                ).join(models.Species, models.Species.id == models.HerbSource.species_id)
            )
            for herb_id, part, family in sources:
                facets = index.herbs[herb_id].facets
                if part:
                    facets.setdefault("part", set()).add(part)
                if family:
                    facets.setdefault("family", set()).add(family_key(family))
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

    def search(
        self, query: str, *, limit: int = 10, filters: SearchFilters | None = None
    ) -> list[Hit]:
        query = query.strip()
        if not query:
            return []
        exact_query = vi_exact(query)
        best: dict[int, tuple[float, Match]] = {}
        admitted: dict[int, bool] = {}

        def offer(entry: _Entry, score: float, kind: str) -> None:
            if filters is not None:
                if filters.lang and entry.lang not in filters.lang:
                    return
                if entry.herb_id not in admitted:
                    admitted[entry.herb_id] = filters.admits(self.herbs[entry.herb_id].facets)
                if not admitted[entry.herb_id]:
                    return
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
                # shown even when a filter would hide it: the warning is the point
                if partner is not None and partner not in shown:
                    hits.append(self._hit(partner, score - 0.01, self._beside(herb_id)))
                    shown.add(partner)
        return hits[:limit]

    def text_hits(
        self,
        sections: list[tuple[int, str, str, str]],
        query: str,
        *,
        limit: int,
        filters: SearchFilters | None = None,
    ) -> list[Hit]:
        """Hits for full-text matches: (herb id, section, lang, text), best first."""
        hits: list[Hit] = []
        for herb_id, section, lang, text in sections:
            if herb_id in {h.herb_id for h in hits} or herb_id not in self.herbs:
                continue
            if filters is not None and not filters.admits(self.herbs[herb_id].facets):
                continue
            label = vocab.SECTION.get(section).label(lang)
            match = Match(
                text=label, lang=lang, kind="text", via="monograph",
                explain=f"text match in {label} ({lang})",
            )  # fmt: skip
            hit = self._hit(herb_id, float(len(sections) - len(hits)), match)
            hits.append(hit.model_copy(update={"snippet": snippet(text, query)}))
            if len(hits) == limit:
                break
        return hits

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


def snippet(text: str, query: str, width: int = 60) -> str:
    """The passage around the first place `query` occurs, the occurrence in **bold**.

    Found in the folded forms (diacritics, case and spacing ignored) and cut from the text as
    written: `fold_chars` keeps one character per character.
    """
    typed = text.casefold().find(query.strip().casefold())
    folded = fold_chars(text)
    words = [w for w in fulltext_form(query).split() if w]
    pattern = r"\W*".join(re.escape(w) for w in words) if words else None
    found = re.search(pattern, folded) if pattern else None
    if typed >= 0 and len(text.casefold()) == len(text):
        found = re.compile(re.escape(folded[typed : typed + len(query.strip())])).search(
            folded, typed
        )
    if found is None:
        return text[: 2 * width] + ("…" if len(text) > 2 * width else "")
    start, end = found.span()
    left, right = max(0, start - width), min(len(text), end + width)
    return (
        ("…" if left else "")
        + text[left:start]
        + f"**{text[start:end]}**"
        + text[end:right]
        + ("…" if right < len(text) else "")
    )
