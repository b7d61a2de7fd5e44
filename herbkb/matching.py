"""Which catalogue herb a record describes (ARCHITECTURE section 5).

One rule, used by imports and by `herbkb check` (which makes sure no two bundled herbs would
be merged into one on load): a record is the herb that has its primary Chinese name or its
pharmaceutical Latin name among its names, or its Vietnamese name together with one of its
species (an accepted name or a synonym) and a part that does not differ. The Vietnamese name
is also compared without its generic and part words (`Cây Diếp Cá` is Diếp cá).

A record known by its Vietnamese name alone is the herb known by that name alone, so a row
with nothing else is recognised when its file is loaded again.

A record that misses the rule but is probably a herb already there (one of its species and
part, under another name; or its name, when it gives no species) is a *possible match*, for a
person to review rather than a new herb added beside the old.
"""

from __future__ import annotations

from sqlmodel import Session, select

from herbkb import models
from herbkb.normalize import reductions, vi_key
from herbkb.prepared import MATCH_SPACES, HerbRows


class Matcher:
    """Finds the herb a record describes. Read from the stored keys once per import and kept
    current, so a file that names one herb twice merges the second row into the first."""

    def __init__(self) -> None:
        self.by_key: dict[tuple[str, str], set[str]] = {}
        # (slug, species key) → the parts used that the herb takes from that species
        self.parts: dict[tuple[str, str], set[str | None]] = {}
        self.slugs: set[str] = set()
        # herbs known by a Vietnamese name alone: no Chinese or Latin name, no species
        self.bare: set[str] = set()

    @classmethod
    def of_catalogue(cls, s: Session) -> Matcher:
        """A matcher that knows every herb stored, from their stored keys."""
        matcher = cls()
        stored = s.exec(
            select(models.Herb.slug, models.NameKey.space, models.NameKey.key)
            .join(models.NameKey, models.NameKey.herb_id == models.Herb.id)
            .where(models.NameKey.via == "text", models.NameKey.space.in_(MATCH_SPACES))
        )
        for slug, space, key in stored:
            matcher.by_key.setdefault((space, key), set()).add(slug)
        species = s.exec(
            select(models.Herb.slug, models.SpeciesName.key, models.HerbSource.part)
            .join(models.HerbSource, models.HerbSource.herb_id == models.Herb.id)
            .join(models.SpeciesName, models.SpeciesName.species_id == models.HerbSource.species_id)
        )
        for slug, key, part in species:
            matcher._source(slug, key, part)
        matcher.slugs = set(s.exec(select(models.Herb.slug)))
        known = {
            slug for (space, _), slugs in matcher.by_key.items() if space != "vi" for slug in slugs
        }
        matcher.bare = matcher.slugs - known
        return matcher

    def _source(self, slug: str, key: str, part: str | None) -> None:
        self.by_key.setdefault(("sp", key), set()).add(slug)
        self.parts.setdefault((slug, key), set()).add(part)

    def remember(self, herb: HerbRows) -> None:
        self.slugs.add(herb.slug)
        if self._bare(herb):
            self.bare.add(herb.slug)
        else:
            self.bare.discard(herb.slug)
        for name in herb.names:
            key = name.text_key()
            if key:
                self.by_key.setdefault((key.space, key.key), set()).add(herb.slug)
        for source in herb.sources:
            for key in source.keys:
                self._source(herb.slug, key, source.part)

    def _by_primary(self, herb: HerbRows, lang: str) -> set[str]:
        name = herb.primary(lang)
        key = name.text_key() if name else None
        return self.by_key.get((key.space, key.key), set()) if key else set()

    def _by_vi_name(self, herb: HerbRows) -> set[str]:
        """Herbs with the record's Vietnamese primary name, also once its generic and part
        words are set aside."""
        name = herb.primary("vi")
        if name is None:
            return set()
        found: set[str] = set()
        for text in (name.text, *(r.text for r in reductions(name.text))):
            found |= self.by_key.get(("vi", vi_key(text)), set())
        return found

    def _by_source(self, herb: HerbRows) -> set[str]:
        """Herbs from one of the record's species (any of its names) and a part that does not
        differ (the same, or not given on one side). A record that gives no part may say it
        in its name (`Hạt Bông` is a seed)."""
        name = herb.primary("vi")
        said = reductions(name.text)[-1].parts if name and reductions(name.text) else ()
        found: set[str] = set()
        for source in herb.sources:
            wanted = {source.part} if source.part else set(said)
            for key in source.keys:
                for slug in self.by_key.get(("sp", key), ()):
                    parts = self.parts.get((slug, key), set())
                    if not wanted or None in parts or wanted & parts:
                        found.add(slug)
        return found

    @staticmethod
    def _bare(herb: HerbRows) -> bool:
        return not herb.sources and not any(
            n.lang == "la" or n.lang.startswith("zh") for n in herb.names
        )

    def match(self, herb: HerbRows) -> set[str]:
        found: set[str] = set()
        for lang in ("zh-Hans", "zh-Hant", "la"):
            found |= self._by_primary(herb, lang)
        by_vi = self._by_vi_name(herb)
        if by_vi:
            found |= by_vi & self._by_source(herb)
            if self._bare(herb):
                # a name is all either has: a row loaded again is the herb it added
                found |= by_vi & self.bare
        return found

    def possible(self, herb: HerbRows) -> set[str]:
        """Herbs the record (which `match`ed none) probably is: its species and part under
        another name, or, when it names no species, its Vietnamese name. A record with a
        Chinese or pharmaceutical Latin name is a herb of its own (炙甘草 beside 甘草)."""
        if any(herb.primary(lang) for lang in ("zh-Hans", "zh-Hant", "la")):
            return set()
        if herb.sources:
            return self._by_source(herb)
        return self._by_vi_name(herb)

    def free_slug(self, slug: str) -> str:
        """`slug`, or `slug-2`, `slug-3`… when another herb has it (same name, other plant)."""
        candidate, n = slug, 1
        while candidate in self.slugs:
            n += 1
            candidate = f"{slug}-{n}"
        return candidate
