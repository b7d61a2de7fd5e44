"""The read side: an in-memory name index over the stored search keys → ranked herb hits.

Tiers, best first: exact key, prefix, whole words inside a name, fuzzy (rapidfuzz). A query is
also tried without its part words (`vỏ quế`, `cây diếp cá`, 薄荷叶) and, in Latin, with the other
genitive endings. One hit per herb, scored by its best name, saying which name matched and how,
with safety warnings attached; when only near misses are found they are marked as guesses.
"""

from __future__ import annotations

import re
import sys
from array import array
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from pydantic import BaseModel, Field

from herbkb import vocab
from herbkb.keyspace import KeySpace
from herbkb.normalize import (
    Key,
    family_key,
    fold_chars,
    fulltext_form,
    latin_abbrev_key,
    latin_key,
    latin_variants,
    name_keys,
    query_keys,
    query_text,
    reductions,
    vi_exact,
)

if TYPE_CHECKING:
    from sqlalchemy import Connection

    from herbkb.catalogue import Catalogue

# how a key was derived → how the match is explained
HOW = {"pinyin": "pinyin of", "hanviet": "Hán-Việt reading of", "abbrev": "abbreviated"}
FUZZY_CUTOFF = 80
# a herb on the other side of toxic from a guess is shown beside it when this near
REACH_CUTOFF = 70
TOXIC = frozenset({"toxic", "high"})
WORDS_SCORE = 70  # + up to 10 by how much of the name the words are: below every prefix
REDUCED_PENALTY = 3  # found once part words (vỏ, cây, 叶) or a Latin ending are set aside
PART_BONUS = 2  # … and the herb is made from the part they name
SECTION_ORDER = {"indications": 0, "actions": 1, "contraindications": 3}
PATCH_MAX = 200  # herbs changed since the index was built; more, and it is rebuilt


class Match(BaseModel):
    text: str  # the name as stored
    lang: str
    # exact, folded, prefix, words (every word of the query is in the name), fuzzy, or
    # confusable (shown beside a look-alike)
    kind: str
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

    def admits(self, facets: dict[str, frozenset[str]]) -> bool:
        return not self.failing(facets)

    def failing(self, facets: dict[str, frozenset[str]]) -> list[str]:
        """The facets whose wanted terms a herb with these `facets` lacks."""
        failed = []
        for facet in FACETS:
            wanted = getattr(self, facet)
            if facet == "family":
                wanted = [family_key(f) for f in wanted]
            if wanted and not facets.get(facet, set()) & set(wanted):
                failed.append(facet)
        return failed


class LookAlike(BaseModel):
    """A herb this one is confused with, and how the two are told apart."""

    slug: str
    names: dict[str, str]  # empty when the other herb is not in the catalogue
    note: str | None = None


class Hit(BaseModel):
    herb_id: int
    slug: str
    names: dict[str, str]
    matched: Match
    score: float
    warnings: list[str] = Field(default_factory=list)
    toxicity: str | None = None  # a TOXICITY term, for a badge in the reader's language
    lookalikes: list[LookAlike] = Field(default_factory=list)
    snippet: str | None = None  # full-text hits: the passage, the match in **bold**
    # only a near miss was found: show it as "did you mean …", never as the answer
    guess: bool = False


VIA = ("text", "pinyin", "hanviet", "abbrev", "species")
SHOWN = ("vi", "zh-Hans", "zh-Latn-pinyin", "la", "en")  # the primary names a hit shows


@dataclass(frozen=True, slots=True)
class _Entry:
    herb_id: int
    text: str
    norm: str  # vi_exact of text: diacritics kept, case and tone placement unified
    lang: str
    via: str
    name_kind: str  # primary, synonym, vernacular, hanviet, former, trade; species for binomials

    @property
    def primary(self) -> bool:
        return self.name_kind == "primary"


@dataclass(slots=True)
class _HerbInfo:
    slug: str
    names: dict[str, str]
    toxicity: str | None
    confusables: dict[str, str | None]  # partner slug → how they are told apart
    facets: dict[str, frozenset[str]] = field(default_factory=dict)  # FACETS → terms


class SearchIndex:
    """Every name's keys by space (herbkb.keyspace), and what each herb needs to be shown.

    Names are held column-wise and a key's postings are small ints (name index and how the
    key was derived), so 500,000 names fit in a few hundred megabytes.
    """

    def __init__(self, data_version: int) -> None:
        self.data_version = data_version
        self.revision = 0  # the last revision the index has seen
        self.built = False  # once built, new keys are patched in
        self.herbs: dict[int, _HerbInfo] = {}
        self.by_slug: dict[str, int] = {}
        self.spaces: dict[str, KeySpace] = {}
        self.name_herb = array("i")  # 4 bytes a name, not a 36-byte int object
        self._facet_sets: dict[frozenset[str], frozenset[str]] = {}  # one object per term set
        self.name_text: list[str] = []
        self.name_norm: list[str] = []
        self.name_lang: list[str] = []
        self.name_kind: list[str] = []

    def _name(self, herb_id: int, text: str, norm: str, lang: str, kind: str) -> int:
        self.name_herb.append(herb_id)
        self.name_text.append(text)
        self.name_norm.append(text if norm == text else norm)  # most Han names: one object
        self.name_lang.append(sys.intern(lang))
        self.name_kind.append(sys.intern(kind))
        return len(self.name_text) - 1

    def _key(self, space: str, key: str, name: int, via: str) -> None:
        if space not in self.spaces:
            self.spaces[space] = KeySpace(han=space == "zh")
            if self.built:  # a space first met while patching: ready at once
                self.spaces[space].finish()
        self.spaces[space].add(key, name * len(VIA) + VIA.index(via))

    def _entry(self, packed: int) -> _Entry:
        name, via = divmod(packed, len(VIA))
        return _Entry(
            self.name_herb[name],
            self.name_text[name],
            self.name_norm[name],
            self.name_lang[name],
            VIA[via],
            self.name_kind[name],
        )

    @classmethod
    def build(cls, catalogue: Catalogue) -> SearchIndex:
        index = cls(catalogue.data_version())
        with catalogue.engine.connect() as conn:
            index.revision = conn.exec_driver_sql("SELECT max(id) FROM revision").scalar() or 0
            index._load(conn, None)
            index._link(conn)
        for space in index.spaces.values():
            space.finish()
        index.built = True
        return index

    def patch(self, catalogue: Catalogue, version: int) -> bool:
        """Bring the index up to `version` by re-reading only the herbs changed since it was
        built. False when so much changed that a rebuild is cheaper (an import)."""
        with catalogue.engine.connect() as conn:
            changed = conn.exec_driver_sql(
                "SELECT DISTINCT entity_id FROM revision WHERE id > ?", (self.revision,)
            ).all()
            if len(changed) > PATCH_MAX:
                return False
            self.revision = conn.exec_driver_sql("SELECT max(id) FROM revision").scalar() or 0
            slugs = [slug for (slug,) in changed]
            ids = {self.by_slug[slug] for slug in slugs if slug in self.by_slug}
            self._forget(ids)
            # a herb retired since is forgotten and not read again
            found = conn.exec_driver_sql(
                f"SELECT id FROM herb WHERE slug IN ({', '.join('?' * len(slugs))}) "
                "AND retired_on IS NULL", tuple(slugs),
            ).all() if slugs else []  # fmt: skip
            self._load(conn, [herb_id for (herb_id,) in found])
            self._link(conn)
        self.data_version = version
        return True

    def _forget(self, herb_ids: set[int]) -> None:
        """Take the herbs' names out of every key space (their rows are gone or replaced)."""
        if not herb_ids:
            return
        for name, herb_id in enumerate(self.name_herb):
            if herb_id not in herb_ids:
                continue
            text, lang, kind = self.name_text[name], self.name_lang[name], self.name_kind[name]
            if kind == "species":
                keys = [
                    Key("la", k, "species") for k in (latin_key(text), latin_abbrev_key(text)) if k
                ]
            else:
                keys = name_keys(text, lang)
            for key in keys:
                space = self.spaces.get(key.space)
                if space is not None:
                    space.discard(key.key, name * len(VIA) + VIA.index(key.via))
            self.name_herb[name] = -1  # a tombstone: no posting points here any more
        for herb_id in herb_ids:
            self.by_slug.pop(self.herbs.pop(herb_id).slug, None)

    def _load(self, conn: Connection, herb_ids: list[int] | None) -> None:
        """Read herbs (all in use, or these) with their names, keys, species and facets."""
        if herb_ids == []:
            return
        if herb_ids is None:
            # retired herbs are out of search (there are few: the subquery is one small read)
            only = " NOT IN (SELECT id FROM herb WHERE retired_on IS NOT NULL)"
        else:
            only = f" IN ({', '.join(str(int(i)) for i in herb_ids)})"

        def sql(query: str) -> Iterable[tuple]:
            # a DBAPI cursor yields plain tuples; SQLAlchemy's per-row processing was a
            # quarter of the build of 500,000 names
            cursor = conn.connection.cursor()
            cursor.execute(query)
            return cursor

        herbs = sql(
            "SELECT id, slug, name_vi, name_zh, name_pinyin, name_la, name_en FROM herb"
            + f" WHERE id{only}"
        )
        loaded = []
        for herb_id, slug, *shown in herbs:
            names = {lang: text for lang, text in zip(SHOWN, shown, strict=True) if text}
            self.herbs[herb_id] = _HerbInfo(slug, names, None, {})
            self.by_slug[slug] = herb_id
            loaded.append(herb_id)
        at: dict[int, int] = {}
        names = sql(
            "SELECT id, herb_id, text, norm, lang, kind FROM herbname" + f" WHERE herb_id{only}"
        )
        for name_id, herb_id, text, norm, lang, kind in names:
            at[name_id] = self._name(herb_id, text, norm, lang, kind)
        keys = sql("SELECT name_id, space, key, via FROM namekey" + f" WHERE herb_id{only}")
        for name_id, space, key, via in keys:
            self._key(space, key, at[name_id], via)
        species = sql(
            "SELECT s.herb_id, n.text, n.key, n.abbrev_key FROM herbsource s "
            "JOIN speciesname n ON n.species_id = s.species_id" + f" WHERE s.herb_id{only}"
        )
        for herb_id, text, key, abbrev in species:
            name = self._name(herb_id, text, key, "la", "species")
            self._key("la", key, name, "species")
            if abbrev:
                self._key("la", abbrev, name, "species")
        properties = sql("SELECT herb_id, prop, term FROM herbproperty" + f" WHERE herb_id{only}")
        for herb_id, prop, term in properties:
            info = self.herbs[herb_id]
            info.facets.setdefault(prop, set()).add(term)
            if prop == "toxicity":
                info.toxicity = term
        sources = sql(
            "SELECT s.herb_id, s.part, p.family FROM herbsource s "
            "JOIN species p ON p.id = s.species_id" + f" WHERE s.herb_id{only}"
        )
        for herb_id, part, family in sources:
            facets = self.herbs[herb_id].facets
            if part:
                facets.setdefault("part", set()).add(part)
            if family:
                facets.setdefault("family", set()).add(family_key(family))
        for herb_id in loaded:
            # thousands of herbs share each set of terms ({warm}, {sweet, acrid}): keep one
            facets = self.herbs[herb_id].facets
            for facet, terms in facets.items():
                frozen = frozenset(terms)
                facets[facet] = self._facet_sets.setdefault(frozen, frozen)

    def _link(self, conn: Connection) -> None:
        """Look-alike links, both ways, a herb's own note first (the table is small)."""
        links = conn.exec_driver_sql("SELECT herb_id, other_slug, note FROM confusable").all()
        for info in self.herbs.values():
            info.confusables.clear()
        links = [link for link in links if link[0] in self.herbs]  # not from retired herbs
        for herb_id, other_slug, note in links:
            self.herbs[herb_id].confusables[other_slug] = note
        for herb_id, other_slug, note in links:
            other = self.by_slug.get(other_slug)
            if other is not None:
                self.herbs[other].confusables.setdefault(self.herbs[herb_id].slug, note)

    def search(
        self, query: str, *, limit: int = 10, filters: SearchFilters | None = None
    ) -> list[Hit]:
        query = query_text(query)
        if not query:
            return []
        found = _Found(self, filters)
        keys = [k for k in query_keys(query) if k.space in self.spaces]
        for key in keys:
            found.exact_and_prefix(key, vi_exact(query))
            if key.space == "la":
                for variant in latin_variants(key.key):
                    found.exact(Key("la", variant, "text"), "", "as a Latin variant")
        for reduced in reductions(query):
            note = f"without “{reduced.dropped}”"
            for key in query_keys(reduced.text):
                if key.space in ("vi", "zh") and key.space in self.spaces:
                    found.exact_and_prefix(key, vi_exact(reduced.text), reduced.parts, note)
        if found.strong < limit:  # else words and near misses would rank below every hit shown
            for key in keys:
                found.words(key, limit)
            for key in keys:
                found.fuzzy(key, limit, FUZZY_CUTOFF)
            if found.best and not found.strong and not found.worded:
                # only guesses: what else is within reach, for the other side of toxic
                for key in keys:
                    found.fuzzy(key, limit, REACH_CUTOFF)
        return self._ranked(found, limit)

    def _ranked(self, found: _Found, limit: int) -> list[Hit]:
        ranked = sorted(found.best.items(), key=lambda kv: (-kv[1][0], self.herbs[kv[0]].slug))
        guess = bool(ranked) and all(m.kind == "fuzzy" for _, (_, m) in ranked)
        if guess:
            # safety before convenience: beside a guess, the nearest herb on the other side of
            # toxic (a deadly seed beside a harmless name, or the reverse)
            toxic = self._toxic(ranked[0][0])
            other = [kv for kv in ranked[1:] if self._toxic(kv[0]) != toxic]
            other += sorted(
                (kv for kv in found.reach.items() if self._toxic(kv[0]) != toxic),
                key=lambda kv: -kv[1][0],
            )
            if other:
                ranked = [ranked[0], other[0], *(kv for kv in ranked[1:] if kv != other[0])]
        hits: list[Hit] = []
        shown: set[int] = set()
        for herb_id, (score, match) in ranked:
            if len(hits) >= limit:
                break
            if herb_id in shown:
                continue
            hits.append(self._hit(herb_id, score, match, guess=guess))
            shown.add(herb_id)
            # safety before convenience: a herb's look-alikes are shown right beside it
            for slug in self.herbs[herb_id].confusables:
                partner = self.by_slug.get(slug)
                # shown even when a filter would hide it: the warning is the point
                if partner is not None and partner not in shown:
                    # a partner that has the queried name itself says so: two herbs share it
                    own = found.best.get(partner)
                    named = own is not None and own[1].kind in ("exact", "folded")
                    match = own[1] if named else self._beside(herb_id)
                    hits.append(self._hit(partner, score - 0.01, match))
                    shown.add(partner)
        return hits[:limit]

    def _toxic(self, herb_id: int) -> bool:
        return self.herbs[herb_id].toxicity in TOXIC

    def text_hits(
        self,
        sections: list[tuple[int, str, str, str]],
        query: str,
        *,
        limit: int,
        filters: SearchFilters | None = None,
    ) -> list[Hit]:
        """Hits for full-text matches: (herb id, section, lang, text) in the index's order.

        The query as typed (diacritics and all) before a folded match (`đau đầu` before
        `đau; đau`), and what a herb is used for before what it must not be used for.
        """
        typed = query.strip().casefold()
        ranked = sorted(
            sections, key=lambda r: (typed not in r[3].casefold(), SECTION_ORDER.get(r[1], 2))
        )
        hits: list[Hit] = []
        shown: set[int] = set()
        for herb_id, section, lang, text in ranked:
            if herb_id in shown or herb_id not in self.herbs:
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
            shown.add(herb_id)
            if len(hits) == limit:
                break
        return hits

    def _beside(self, herb_id: int) -> Match:
        info = self.herbs[herb_id]
        name = next(iter(info.names.values()), info.slug)
        explain = f"shown beside “{name}”, with which it is confused"
        return Match(text=name, lang="", kind="confusable", via="confusable", explain=explain)

    def _explain(self, entry: _Entry, kind: str, note: str = "") -> Match:
        via = "name" if entry.via == "text" else entry.via
        how = HOW.get(entry.via, "species" if entry.via == "species" else "")
        # which of the herb's names: `vi synonym “Quốc lão”`, `la former “Radix Glycyrrhizae”`
        of_kind = "" if entry.name_kind in ("primary", "species") else f"{entry.name_kind} "
        explain = f"{kind} match on {entry.lang} {of_kind}{how + ' ' if how else ''}“{entry.text}”"
        if note:
            explain += f" ({note})"
        return Match(text=entry.text, lang=entry.lang, kind=kind, via=via, explain=explain)

    def _hit(self, herb_id: int, score: float, match: Match, *, guess: bool = False) -> Hit:
        info = self.herbs[herb_id]
        warnings = []
        if info.toxicity and info.toxicity != "none":
            label = vocab.TOXICITY.get(info.toxicity)
            warnings.append(f"{label.en.capitalize()} · {label.vi} · {label.zh}")
        lookalikes = self.lookalikes(herb_id)
        for other in lookalikes:
            shown = " · ".join(other.names.values()) or other.slug
            warnings.append(f"Confusable with {shown}" + (f": {other.note}" if other.note else ""))
        guess = guess and match.kind == "fuzzy"
        if guess:
            match = match.model_copy(
                update={"explain": f"did you mean “{match.text}”? {match.explain}"}
            )
        return Hit(
            herb_id=herb_id,
            slug=info.slug,
            names=info.names,
            matched=match,
            score=round(score, 2),
            warnings=warnings,
            toxicity=info.toxicity,
            lookalikes=lookalikes,
            guess=guess,
        )

    def facets_of(self, herb_id: int) -> dict[str, frozenset[str]]:
        """A herb's terms by facet (FACETS), as filters and facet counts see them."""
        return self.herbs[herb_id].facets

    def lookalikes(self, herb_id: int) -> list[LookAlike]:
        """The herbs this one is confused with, either side having recorded it."""
        found = []
        for slug, note in self.herbs[herb_id].confusables.items():
            other = self.herbs.get(self.by_slug.get(slug, -1))
            found.append(LookAlike(slug=slug, names=other.names if other else {}, note=note))
        return found


class _Found:
    """The best match of each herb for one query, tier by tier (SearchIndex.search)."""

    def __init__(self, index: SearchIndex, filters: SearchFilters | None) -> None:
        self.index = index
        self.filters = filters
        self.best: dict[int, tuple[float, Match]] = {}
        self.reach: dict[int, tuple[float, Match]] = {}  # near misses below FUZZY_CUTOFF
        self.strong = 0  # herbs found by more than a few words or a near miss
        self.worded = 0  # herbs found by words
        self._admitted: dict[int, bool] = {}

    def offer(
        self,
        packed: int,
        score: float,
        kind: str,
        exact_form: str,
        parts: tuple[str, ...] = (),
        note: str = "",
        into: dict[int, tuple[float, Match]] | None = None,
    ) -> None:
        index, filters = self.index, self.filters
        entry = index._entry(packed)
        if filters is not None:
            if filters.lang and entry.lang not in filters.lang:
                return
            if entry.herb_id not in self._admitted:
                facets = index.herbs[entry.herb_id].facets
                self._admitted[entry.herb_id] = filters.admits(facets)
            if not self._admitted[entry.herb_id]:
                return
        if entry.primary:
            score += 1
        if entry.via == "text":
            score += 0.5  # a name as written beats one derived from it
            if entry.norm == exact_form:
                score += 2  # typed exactly as written, diacritics and all
        elif kind == "exact":
            kind = "folded"
        if parts and not index.herbs[entry.herb_id].facets.get("part", frozenset()).isdisjoint(
            parts
        ):
            score += PART_BONUS
        into = self.best if into is None else into
        current = into.get(entry.herb_id)
        if current is None and into is self.best and kind != "fuzzy":
            if kind == "words":
                self.worded += 1
            else:
                self.strong += 1
        if current is None or score > current[0]:
            into[entry.herb_id] = (score, index._explain(entry, kind, note))

    def exact(self, key: Key, exact_form: str, note: str = "") -> None:
        space = self.index.spaces[key.space]
        for packed in space.entries(key.key):
            self.offer(packed, 100 - REDUCED_PENALTY, "folded", exact_form, note=note)

    def exact_and_prefix(
        self, key: Key, exact_form: str, parts: tuple[str, ...] = (), note: str = ""
    ) -> None:
        space = self.index.spaces[key.space]
        if len(key.key) > space.longest:
            return  # longer than every name: nothing starts with it
        penalty = REDUCED_PENALTY if note else 0
        for packed in space.entries(key.key):
            norm = self.index.name_norm[packed // len(VIA)]
            kind = "exact" if norm == exact_form else "folded"
            self.offer(packed, 100 - penalty, kind, exact_form, parts, note)
        # what is left of a query without its part words is matched whole: its completions
        # (`cay thu` → every name starting `thu`) would crowd out the query's own
        if len(key.key) >= 2 and not note:
            for longer in space.prefixed(key.key):
                if longer != key.key:
                    # a shorter completion is the likelier one
                    score = 90 - min(len(longer) - len(key.key), 20) / 2 - penalty
                    for packed in space.entries(longer):
                        self.offer(packed, score, "prefix", exact_form, parts, note)

    def words(self, key: Key, limit: int) -> None:
        space = self.index.spaces[key.space]
        if len(key.key) > space.longest:
            return
        for longer in space.containing(key.key, limit * 3):
            score = WORDS_SCORE + 10 * len(key.key) / len(longer)
            for packed in space.entries(longer):
                self.offer(packed, score, "words", "")

    def fuzzy(self, key: Key, limit: int, cutoff: float) -> None:
        """Near misses at `cutoff` or nearer; below FUZZY_CUTOFF, they are only within reach."""
        space = self.index.spaces[key.space]
        # rapidfuzz's ratio reaches REACH_CUTOFF only when the lengths are within 2 : 1
        if len(key.key) < 3 or len(key.key) > 2 * space.longest:
            return
        for similar, ratio in space.similar(key.key, cutoff=cutoff, limit=limit * 3):
            into = self.best if ratio >= FUZZY_CUTOFF else self.reach
            for packed in space.entries(similar):
                self.offer(packed, ratio * 0.85, "fuzzy", "", into=into)


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
