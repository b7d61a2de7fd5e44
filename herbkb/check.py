"""Machine checks of herb records: names agree with each other, Latin is well formed, nothing
dangles. The gate for every batch of bundled data (`herbkb check`)."""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Sequence

from pydantic import BaseModel, Field

from herbkb import pharmacopoeia
from herbkb.matching import Matcher
from herbkb.normalize import (
    LATIN_PART_WORDS,
    fold,
    hanviet_of,
    is_chinese_tag,
    latin_key,
    pinyin_of,
    pinyin_toned,
    reductions,
    vi_exact,
    vi_key,
    zh_key,
)
from herbkb.prepared import prepare
from herbkb.records import HerbRecord

_BINOMIAL = re.compile(
    r"^[A-Z][a-z]+(-[a-z]+)? (× ?)?[a-z]+(-[a-z]+)?"  # Genus epithet
    r"( (var|subsp|f)\. [a-z]+(-[a-z]+)?)?"  # optional infraspecific name
    r"( [^\s].*)?$"  # authority
)
_FAMILY = re.compile(r"^[A-Z][a-z]+(aceae|ae)$")


class Finding(BaseModel):
    slug: str
    level: str  # error or warning
    message: str
    field: str | None = None  # the record's field it is about, for an editor's form
    code: str = ""  # a key of MESSAGES, with its `values`: the app words it in any language
    values: dict[str, str] = Field(default_factory=dict)


# a record's findings, each sentence with a code, so that the app can word it in the reader's
# language (ui/strings.PROBLEMS)
MESSAGES = {
    "traditional_mismatch": (
        "traditional {traditional} converts to {converted}, not the simplified {simplified}"
    ),
    "variant_forms": "simplified name {simplified} contains traditional or variant forms",
    "pinyin_mismatch": "pinyin '{pinyin}' does not read {simplified} (expected '{expected}')",
    "no_pinyin": "no pinyin",
    "hanviet_mismatch": "Hán-Việt name '{text}' is not the reading of {chinese} ({readings})",
    "hanviet_without_chinese": "Hán-Việt name '{text}' with no Chinese name to read it from",
    "latin_no_part": "pharmaceutical Latin '{text}' names no part (Radix, Herba, Fructus…)",
    "not_binomial": "'{text}' is not a well-formed binomial (Genus epithet Authority)",
    "no_family": "{species}: no family",
    "bad_family": "{species}: family '{family}' is not a family name",
    "no_part": "{species}: part used not recorded",
    "unknown_reference": "reference '{key}' is not in references.yaml",
    "unknown_confusable": "confusable_with '{slug}': no such herb",
    "confusable_without_note": "confusable_with {slug}: say how they are told apart",
    "no_source": "no reference works and no provenance: say where the facts come from",
    "not_in_pharmacopoeia": "cites {citation}, but {name} is not one of its entries",
}


class Namesake(BaseModel):
    """Two herbs known by one name that come from no species in common: one name, two plants."""

    a: str
    b: str
    lang: str  # vi or zh
    name: str  # the shared name as the first herb writes it
    marked: bool  # confusable_with on one herb or both


class CheckReport(BaseModel):
    herbs: int
    names_by_language: dict[str, int]
    filled: dict[str, int]  # field → herbs that have it
    filled_with_chinese: dict[str, int]  # the same, among herbs with a Chinese name
    folk_without_chinese: int
    pharmacopoeia: pharmacopoeia.Coverage
    namesakes: list[Namesake] = Field(default_factory=list)  # one name, two plants
    findings: list[Finding] = Field(default_factory=list)

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.findings if f.level == "error"]

    @property
    def warnings(self) -> list[Finding]:
        return [f for f in self.findings if f.level == "warning"]

    def share(self, field: str, *, of_chinese: bool = False) -> float:
        """Share of herbs with `field`; or of herbs with a Chinese name, as folk herbs with
        no Chinese tradition have no pinyin and often no pharmaceutical Latin name."""
        if of_chinese:
            total = self.herbs - self.folk_without_chinese
            return self.filled_with_chinese.get(field, 0) / total if total else 0.0
        return self.filled.get(field, 0) / self.herbs if self.herbs else 0.0


def check_herb(record: HerbRecord, references: set[str], slugs: set[str]) -> list[Finding]:
    """The checks of one record; `slugs` are the herbs a look-alike may name."""
    found: list[Finding] = []

    def finding(
        level: str, code: str, field: str, values: dict[str, object], said: str = ""
    ) -> None:
        """A coded finding worded from MESSAGES; one without a code says `said` (a sentence
        built from parts, in English only)."""
        shown = {k: str(v) for k, v in values.items()}
        message = said or MESSAGES[code].format(**shown)
        found.append(Finding(slug=record.slug, level=level, message=message, field=field,
                             code=code, values=shown))  # fmt: skip

    def error(code: str, field: str = "names", **values: object) -> None:
        finding("error", code, field, values)

    def warn(code: str, field: str = "names", **values: object) -> None:
        finding("warning", code, field, values)

    simplified = record.primary("zh-Hans")
    traditional = record.primary("zh-Hant")
    chinese = [n.text for n in record.names if is_chinese_tag(n.lang)]
    if simplified and traditional and zh_key(traditional) != zh_key(simplified):
        error("traditional_mismatch", traditional=traditional, converted=zh_key(traditional),
              simplified=simplified)  # fmt: skip
    if simplified and zh_key(simplified) != simplified.replace(" ", ""):
        warn("variant_forms", simplified=simplified)
    pinyin = record.primary("zh-Latn-pinyin")
    if pinyin and simplified and pinyin_toned(pinyin) != pinyin_toned(pinyin_of(simplified)):
        error("pinyin_mismatch", pinyin=pinyin, simplified=simplified,
              expected=pinyin_of(simplified))  # fmt: skip
    if simplified and not pinyin:
        warn("no_pinyin")
    readings = {vi_key(hanviet_of(text)) for text in chinese}
    for name in record.names:
        if name.lang == "vi" and name.kind == "hanviet" and vi_key(name.text) not in readings:
            if chinese:
                error("hanviet_mismatch", text=name.text, chinese=" / ".join(chinese),
                      readings=" / ".join(sorted(hanviet_of(t) for t in chinese)))  # fmt: skip
            else:
                error("hanviet_without_chinese", text=name.text)
        if name.lang == "la" and name.kind in ("primary", "former"):
            words = set(fold(name.text).split())
            if len(words) > 1 and not words & LATIN_PART_WORDS:
                warn("latin_no_part", text=name.text)
    for source in record.sources:
        for text in (source.species, *source.synonyms):
            if not _BINOMIAL.match(text):
                error("not_binomial", "sources", text=text)
        if source.family is None:
            warn("no_family", "sources", species=source.species)
        elif not _FAMILY.match(source.family):
            error("bad_family", "sources", species=source.species, family=source.family)
        if source.part is None:
            warn("no_part", "sources", species=source.species)
    for key in record.references:
        if key not in references:
            error("unknown_reference", "references", key=key)
    for confusable in record.confusable_with:
        if confusable.slug not in slugs:
            error("unknown_confusable", "confusable_with", slug=confusable.slug)
        if not confusable.note:
            warn("confusable_without_note", "confusable_with", slug=confusable.slug)
    if not record.references and not record.provenance:
        error("no_source", "provenance")
    for message in _numbers_disagree(record):
        finding("warning", "", "sections", {}, said=message)
    if pharmacopoeia.CITATION in record.references:
        entry = pharmacopoeia.entry_of(record)
        if entry is None:
            warn("not_in_pharmacopoeia", "references", citation=pharmacopoeia.CITATION,
                 name=simplified or "—")  # fmt: skip
        else:
            for field, message in pharmacopoeia.softer_than(record, entry):
                finding("error", "", field, {}, said=message)
    return found


_NUMBER = re.compile(r"\d+(?:[.,]\d+)?")
# English prose spells small counts out ("two or three times a day")
_WORDS = "one two three four five six seven eight nine ten eleven twelve".split()  # noqa: SIM905
_NUMBER_WORD = re.compile(rf"\b({'|'.join(_WORDS)})\b", re.IGNORECASE)


def _numbers(text: str) -> set[str]:
    found = {n.replace(",", ".") for n in _NUMBER.findall(text)}
    return found | {str(_WORDS.index(w.lower()) + 1) for w in _NUMBER_WORD.findall(text)}


def _numbers_disagree(record: HerbRecord) -> list[str]:
    """The dosage says the same numbers in every language it is written in: a dose changed in
    translation is a safety problem (the first language written is the reference)."""
    numbers = {s.lang: _numbers(s.text) for s in record.sections if s.section == "dosage"}
    if not numbers:
        return []
    first, *others = numbers
    return [
        f"dosage: the {first} and {lang} texts differ in numbers "
        f"({', '.join(sorted(numbers[first] ^ numbers[lang]))})"
        for lang in others
        if numbers[lang] != numbers[first]
    ]


def _species_names_agree(records: Sequence[HerbRecord]) -> list[Finding]:
    """A name is one species' synonym or another's accepted name, never both: the catalogue
    keeps one species per name, so such a pair would merge two plants."""
    accepted = {latin_key(s.species): r.slug for r in records for s in r.sources}
    found = []
    for record in records:
        for source in record.sources:
            for synonym in source.synonyms:
                other = accepted.get(latin_key(synonym))
                if other and latin_key(synonym) != latin_key(source.species):
                    found.append(
                        Finding(
                            slug=record.slug,
                            level="error",
                            message=f"{synonym} is given as a synonym of {source.species} here "
                            f"but as the species itself in {other}",
                        )
                    )
    return found


def _one_way_confusables(records: Sequence[HerbRecord]) -> list[Finding]:
    links = {(r.slug, c.slug) for r in records for c in r.confusable_with}
    return [
        Finding(
            slug=b,
            level="warning",
            message=f"{a} is marked confusable with it; add confusable_with {a} here too",
        )
        for a, b in sorted(links)
        if (b, a) not in links
    ]


def _shared_primaries(records: Sequence[HerbRecord]) -> list[Finding]:
    confusable = {(r.slug, c.slug) for r in records for c in r.confusable_with}
    owners: dict[tuple[str, str], list[str]] = defaultdict(list)
    for record in records:
        for name in record.names:
            if name.kind == "primary":
                key = zh_key(name.text) if is_chinese_tag(name.lang) else fold(name.text)
                owners[(name.lang, key)].append(record.slug)
    found = []
    for (lang, _), slugs in owners.items():
        for i, a in enumerate(slugs):
            for b in slugs[i + 1 :]:
                if (a, b) not in confusable and (b, a) not in confusable:
                    found.append(
                        Finding(
                            slug=a,
                            level="error",
                            message=f"shares its primary {lang} name with {b}; "
                            "mark them confusable_with each other or rename",
                        )
                    )
    return found


def species_keys(record: HerbRecord) -> set[str]:
    """Genus and epithet of every species and synonym: varieties and authorities aside, two
    herbs with one of these in common are (partly) the same plant."""
    names = [n for s in record.sources for n in (s.species, *s.synonyms)]
    return {" ".join(latin_key(n).split()[:2]) for n in names}


def vi_name_keys(text: str) -> set[str]:
    """A Vietnamese name as a look-alike key, also without its generic words (`Cây mỏ quạ` is
    Mỏ quạ) but not without a part word (`Hoa tiên` is not Tiên). Tone marks are kept: names
    that differ only in them are different words (`Ô đậu`, black bean, is not `Ô đầu`,
    aconite)."""
    bare = [r.text for r in reductions(text) if not r.parts]
    return {vi_exact(t) for t in (text, *bare)}


def _name_keys(record: HerbRecord) -> set[tuple[str, str, str]]:
    """(lang, key, name) of each Vietnamese and Chinese name."""
    keys = set()
    for name in record.names:
        if is_chinese_tag(name.lang):
            keys.add(("zh", zh_key(name.text), name.text))
        elif name.lang == "vi":
            keys |= {("vi", key, name.text) for key in vi_name_keys(name.text)}
    return keys


def namesakes(records: Sequence[HerbRecord]) -> list[Namesake]:
    """Pairs of herbs sharing a Vietnamese or Chinese name, each from its own species: the
    look-alikes a buyer or a reader of an older book takes for one another. Herbs without a
    species (minerals, some animal drugs) cannot be told apart this way and are left out."""
    species = {r.slug: species_keys(r) for r in records if r.sources}
    links = {(r.slug, c.slug) for r in records for c in r.confusable_with}
    owners: dict[tuple[str, str], list[tuple[str, str]]] = defaultdict(list)
    for record in records:
        if record.slug in species:
            for lang, key, text in sorted(_name_keys(record)):
                if (record.slug, text) not in owners[(lang, key)]:
                    owners[(lang, key)].append((record.slug, text))
    found: dict[tuple[str, str], Namesake] = {}
    for (lang, _), named in sorted(owners.items()):
        for i, (a, text) in enumerate(named):
            for b, _ in named[i + 1 :]:
                pair = (min(a, b), max(a, b))
                if a != b and pair not in found and not species[a] & species[b]:
                    marked = (a, b) in links or (b, a) in links
                    found[pair] = Namesake(a=a, b=b, lang=lang, name=text, marked=marked)
    return list(found.values())


def _unmarked_namesakes(pairs: Sequence[Namesake]) -> list[Finding]:
    return [
        Finding(
            slug=n.a,
            level="warning",
            message=f"shares the {n.lang} name {n.name} with {n.b}, another species; mark them "
            "confusable_with each other and say how they are told apart",
            field="confusable_with",
        )
        for n in pairs
        if not n.marked
    ]


def _merged_on_load(records: Sequence[HerbRecord]) -> list[Finding]:
    """Herbs an import would take for one another, by the importer's own rule: loaded
    together they would become one herb."""
    prepared = [prepare(r) for r in records]
    matcher = Matcher()
    for herb in prepared:
        matcher.remember(herb)
    return [
        Finding(
            slug=herb.slug,
            level="error",
            message=f"would be merged into {other} on load: it carries this herb's primary "
            "Chinese or Latin name, or its Vietnamese name with one of its species",
        )
        for herb in prepared
        for other in sorted(matcher.match(herb) - {herb.slug})
    ]


def check(records: Sequence[HerbRecord], references: set[str]) -> CheckReport:
    slugs = Counter(r.slug for r in records)
    findings = [
        Finding(slug=slug, level="error", message=f"slug used by {n} records")
        for slug, n in slugs.items()
        if n > 1
    ]
    for record in records:
        findings += check_herb(record, references, set(slugs))
    findings += _shared_primaries(records)
    findings += _merged_on_load(records)
    findings += _one_way_confusables(records)
    pairs = namesakes(records)
    findings += _unmarked_namesakes(pairs)
    findings += _species_names_agree(records)
    names = Counter(n.lang for r in records for n in r.names)
    filled, filled_with_chinese = Counter(), Counter()
    folk = 0
    for r in records:
        has = {
            "vi": bool(r.primary("vi")),
            "zh-Hans": bool(r.primary("zh-Hans")),
            "pinyin": bool(r.primary("zh-Latn-pinyin")),
            "la": bool(r.primary("la")),
            "species": bool(r.sources),
            "properties": bool(r.nature and r.flavours and r.meridians),
            "monograph": {"vi", "en"} <= {s.lang for s in r.sections},
            "monograph-zh": any(s.lang == "zh-Hans" for s in r.sections),
            "reviewed": r.review.status == "reviewed",
        }
        filled.update(k for k, v in has.items() if v)
        if has["zh-Hans"]:
            filled_with_chinese.update(k for k, v in has.items() if v)
        folk += not has["zh-Hans"]
    return CheckReport(
        herbs=len(records),
        names_by_language=dict(sorted(names.items())),
        filled=dict(filled),
        filled_with_chinese=dict(filled_with_chinese),
        folk_without_chinese=folk,
        pharmacopoeia=pharmacopoeia.coverage(records),
        namesakes=pairs,
        findings=findings,
    )
