"""Which catalogue herb a record describes (ARCHITECTURE section 5).

One rule, used by imports and by `herbkb check` (which makes sure no two bundled herbs would
be merged into one on load): a record is the herb that has its primary Chinese name or its
pharmaceutical Latin name among its names, or its Vietnamese name together with one of its
species.
"""

from __future__ import annotations

from sqlmodel import Session, select

from herbkb import models
from herbkb.prepared import MATCH_SPACES, HerbRows


class Matcher:
    """Finds the herb a record describes: by Chinese name, pharmaceutical Latin name, or
    Vietnamese name together with a species. Read from the stored keys once per import and
    kept current, so a file that names one herb twice merges the second row into the first."""

    def __init__(self) -> None:
        self.by_key: dict[tuple[str, str], set[str]] = {}
        self.slugs: set[str] = set()

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
            select(models.Herb.slug, models.SpeciesName.key)
            .join(models.HerbSource, models.HerbSource.herb_id == models.Herb.id)
            .join(models.SpeciesName, models.SpeciesName.species_id == models.HerbSource.species_id)
        )
        for slug, key in species:
            matcher.by_key.setdefault(("sp", key), set()).add(slug)
        matcher.slugs = set(s.exec(select(models.Herb.slug)))
        return matcher

    def remember(self, herb: HerbRows) -> None:
        self.slugs.add(herb.slug)
        for name in herb.names:
            key = name.text_key()
            if key:
                self.by_key.setdefault((key.space, key.key), set()).add(herb.slug)
        for source in herb.sources:
            for key in source.keys:
                self.by_key.setdefault(("sp", key), set()).add(herb.slug)

    def _by_primary(self, herb: HerbRows, lang: str) -> set[str]:
        name = herb.primary(lang)
        key = name.text_key() if name else None
        return self.by_key.get((key.space, key.key), set()) if key else set()

    def match(self, herb: HerbRows) -> set[str]:
        found: set[str] = set()
        for lang in ("zh-Hans", "zh-Hant", "la"):
            found |= self._by_primary(herb, lang)
        by_vi = self._by_primary(herb, "vi")
        if by_vi:
            for source in herb.sources:
                found |= by_vi & self.by_key.get(("sp", source.key), set())
        return found

    def free_slug(self, slug: str) -> str:
        """`slug`, or `slug-2`, `slug-3`… when another herb has it (same name, other plant)."""
        candidate, n = slug, 1
        while candidate in self.slugs:
            n += 1
            candidate = f"{slug}-{n}"
        return candidate
