"""`HerbRecord`: one validated herb as it crosses module boundaries (loader → catalogue → export).

Validation here is the single gate: every loader produces these, and the catalogue accepts
nothing else. Names are stored as written (NFC); vocabulary fields hold term ids.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Annotated

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, field_validator, model_validator
from pydantic_core import PydanticCustomError

from herbkb import vocab
from herbkb.normalize import (
    fold,
    has_han,
    is_chinese_tag,
    may_use_han,
    nfc,
    pinyin_key,
    pinyin_of,
)

if TYPE_CHECKING:
    from collections.abc import Mapping, Sequence

    from herbkb.prepared import HerbRows

# BCP 47: language, optional script and region and variants (zh-Hans, zh-Latn-pinyin, tyz, vi-VN)
BCP47 = re.compile(r"^[a-z]{2,3}(-[A-Z][a-z]{3})?(-([A-Z]{2}|[0-9]{3}))?(-[a-z0-9]{4,8})*$")
SLUG = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
DISPLAY_LANGS = ("vi", "zh-Hans", "zh-Latn-pinyin", "la", "en")
# headers of our own columns in a file of rejected rows; loaders ignore them on the way back in
REJECTS_PREFIX = "HerbKB "


# Each refusal has a code and its values beside the English sentence, so that the app can word
# it in the reader's language (ui/strings.PROBLEMS); the loaders and the CLI print the sentence.
MESSAGES = {
    "empty": "is empty",
    "unknown_term": "'{value}' is not a known {vocabulary}; known: {known}",
    "not_bcp47": "'{value}' is not a BCP 47 language tag (e.g. vi, zh-Hans, la)",
    "no_han": "{lang} name '{text}' has no Chinese characters",
    "han_outside_chinese": "{lang} name '{text}' is written in Chinese characters",
    "section_lang": "monograph text is written in {langs}",
    "reviewer_missing": "a reviewed herb names who reviewed it ('by')",
    "not_herb_slug": "'{value}' is not a herb's slug",
    "not_slug": "'{value}' is not a slug (lowercase ascii words joined by '-')",
    "name_twice": "name '{text}' ({lang}) is listed twice",
    "two_primaries": "two primary names in {lang}",
    "section_twice": "a monograph section appears twice in one language",
}


def refusal(code: str, **values: object) -> PydanticCustomError:
    return PydanticCustomError(code, MESSAGES[code], {k: str(v) for k, v in values.items()})


def _text(value: str) -> str:
    value = nfc(value)
    if not value:
        raise refusal("empty")
    return value


Text = Annotated[str, AfterValidator(_text)]


def _term(v: vocab.Vocabulary):
    def check(value: str) -> str:
        if value not in v:
            raise refusal("unknown_term", value=value, vocabulary=v.name, known=", ".join(v.ids))
        return value

    return AfterValidator(check)


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class NameRecord(_Model):
    text: Text
    lang: str
    kind: Annotated[str, _term(vocab.NAME_KIND)] = "primary"

    @field_validator("lang")
    @classmethod
    def _lang(cls, value: str) -> str:
        if not BCP47.match(value):
            raise refusal("not_bcp47", value=value)
        return value

    @model_validator(mode="after")
    def _script(self) -> NameRecord:
        if is_chinese_tag(self.lang) and not has_han(self.text):
            raise refusal("no_han", lang=self.lang, text=self.text)
        if not may_use_han(self.lang) and has_han(self.text):
            raise refusal("han_outside_chinese", lang=self.lang, text=self.text)
        return self


class SourceRecord(_Model):
    species: Text  # binomial with authority, as the flora gives it
    family: Text | None = None
    part: Annotated[str, _term(vocab.PART)] | None = None
    synonyms: list[Text] = Field(default_factory=list)


SECTION_LANGS = ("vi", "zh-Hans", "en")


class SectionRecord(_Model):
    section: Annotated[str, _term(vocab.SECTION)]
    lang: str
    text: Text

    @field_validator("lang")
    @classmethod
    def _lang(cls, value: str) -> str:
        if value not in SECTION_LANGS:
            raise refusal("section_lang", langs=", ".join(SECTION_LANGS))
        return value


class ConfusableRecord(_Model):
    slug: str
    note: str | None = None


class ReviewRecord(_Model):
    status: Annotated[str, _term(vocab.REVIEW_STATUS)] = "unreviewed"
    by: str | None = None
    on: date | None = None
    reference: str | None = None

    @model_validator(mode="after")
    def _reviewer(self) -> ReviewRecord:
        if self.status == "reviewed" and not self.by:
            raise refusal("reviewer_missing")
        return self


class RetiredRecord(_Model):
    """Why and when a herb was withdrawn from search and lists (its page and history stay);
    `merged_into`, the herb that replaces it, when it was a duplicate."""

    on: date
    reason: Text
    merged_into: str | None = None

    @field_validator("merged_into")
    @classmethod
    def _slug(cls, value: str | None) -> str | None:
        if value is not None and not SLUG.match(value):
            raise refusal("not_herb_slug", value=value)
        return value


class HerbRecord(_Model):
    slug: str
    names: list[NameRecord] = Field(min_length=1)
    sources: list[SourceRecord] = Field(default_factory=list)
    nature: Annotated[str, _term(vocab.NATURE)] | None = None
    flavours: list[Annotated[str, _term(vocab.FLAVOUR)]] = Field(default_factory=list)
    meridians: list[Annotated[str, _term(vocab.MERIDIAN)]] = Field(default_factory=list)
    toxicity: Annotated[str, _term(vocab.TOXICITY)] | None = None
    categories: list[Annotated[str, _term(vocab.CATEGORY)]] = Field(default_factory=list)
    sections: list[SectionRecord] = Field(default_factory=list)
    references: list[str] = Field(default_factory=list)
    confusable_with: list[ConfusableRecord] = Field(default_factory=list)
    review: ReviewRecord = ReviewRecord()
    provenance: str | None = None
    retired: RetiredRecord | None = None

    @field_validator("slug")
    @classmethod
    def _slug(cls, value: str) -> str:
        if not value:
            raise refusal("empty")
        if not SLUG.match(value):
            raise refusal("not_slug", value=value)
        return value

    @model_validator(mode="after")
    def _consistent(self) -> HerbRecord:
        seen: set[tuple[str, str]] = set()
        primaries: set[str] = set()
        for name in self.names:
            if (name.lang, name.text) in seen:
                raise refusal("name_twice", text=name.text, lang=name.lang)
            seen.add((name.lang, name.text))
            if name.kind == "primary":
                if name.lang in primaries:
                    raise refusal("two_primaries", lang=name.lang)
                primaries.add(name.lang)
        sections = [(s.section, s.lang) for s in self.sections]
        if len(sections) != len(set(sections)):
            raise refusal("section_twice")
        return self

    def primary(self, lang: str) -> str | None:
        """The primary name in `lang`, else the first name in it."""
        first = None
        for name in self.names:
            if name.lang == lang:
                if name.kind == "primary":
                    return name.text
                first = first or name.text
        return first

    @property
    def display_names(self) -> dict[str, str]:
        names = {lang: self.primary(lang) for lang in DISPLAY_LANGS}
        return {lang: text for lang, text in names.items() if text}


@dataclass(frozen=True, slots=True)
class Origin:
    """Where a record came from, for messages: file, row (or line) and optionally field."""

    file: str
    row: int | None = None
    field: str | None = None

    def __str__(self) -> str:
        where = self.file if self.row is None else f"{self.file}, row {self.row}"
        return where if self.field is None else f"{where}, field {self.field!r}"


class LoadedRecord:
    """A loader's output for one row or file: the record, or why it was rejected.

    A long table's rows are parsed in a second process, which sends each record as its
    prepared rows (`HerbRows`) alone: plain tuples cross between processes an order of
    magnitude faster than pydantic models, and the record is rebuilt from the rows' JSON only
    when something asks for it (an import needs it only to merge into an existing herb).
    """

    __slots__ = ("_record", "errors", "notes", "origin", "raw", "rows")

    def __init__(
        self,
        origin: Origin,
        record: HerbRecord | None = None,
        errors: list[str] | None = None,
        notes: list[str] | None = None,
        raw: dict[str, str] | None = None,  # a table row as read (header → cell), to write back
        rows: HerbRows | None = None,
    ) -> None:
        self.origin = origin
        self._record = record
        self.errors = errors or []
        self.notes = notes or []
        self.raw = raw
        self.rows = rows

    @property
    def valid(self) -> bool:
        """Whether a record was read (without rebuilding it from its rows)."""
        return self._record is not None or self.rows is not None

    @property
    def record(self) -> HerbRecord | None:
        if self._record is None and self.rows is not None:
            self._record = self.rows.record()
        return self._record

    def __getstate__(self) -> tuple[object, ...]:
        record = None if self.rows is not None else self._record
        return (self.origin, record, self.errors, self.notes, self.raw, self.rows)

    def __setstate__(self, state: tuple[object, ...]) -> None:
        self.origin, self._record, self.errors, self.notes, self.raw, self.rows = state

    def __repr__(self) -> str:
        what = repr(self._record) if self._record or not self.rows else f"rows of {self.rows.slug}"
        return f"LoadedRecord({self.origin}, {what}, errors={self.errors!r})"


def validation_messages(exc: Exception) -> list[str]:
    """One readable line per pydantic error: `names.0.lang: 'xx_' is not a BCP 47 tag`."""
    from pydantic import ValidationError

    if not isinstance(exc, ValidationError):
        return [str(exc)]
    lines = []
    for err in exc.errors():
        where = ".".join(str(p) for p in err["loc"]) or "record"
        message = err["msg"].removeprefix("Value error, ")
        lines.append(f"{where}: {message}")
    return lines


def propose_slug(names: Sequence[Mapping[str, str]]) -> str | None:
    """A slug from a record's names: the folded Vietnamese name (`Cam thảo` → `cam-thao`), else
    the pinyin, Latin or English one, else the pinyin of a Chinese name."""
    for lang, keyer in (("vi", fold), ("zh-Latn-pinyin", pinyin_key), ("la", fold), ("en", fold)):
        for name in names:
            if name["lang"] == lang:
                slug = re.sub(r"[^a-z0-9]+", "-", keyer(name["text"])).strip("-")[:60].strip("-")
                if slug:
                    return slug
    for name in names:
        if name["lang"].startswith("zh"):
            return pinyin_slug(name["text"])
    return None


def pinyin_slug(chinese: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", fold(pinyin_of(chinese))).strip("-")
