"""Text → search keys, one small pure function per script (ARCHITECTURE section 3).

Keys are what the index compares; the text people wrote is stored and shown unchanged (NFC).
Each key lives in a *space* (`vi`, `zh`, `py`, `la`, `en`) so that a folded Vietnamese key
never collides by accident with a Latin or pinyin one.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache, lru_cache
from itertools import pairwise, product
from pathlib import Path
from typing import NamedTuple

from herbkb import data

# the repository's data/ folder, which the build installs as the package herbkb.data
DATA_DIR = Path(data.__file__).parent

_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002ebef]")
HAN_RUN = re.compile(f"(?:{_HAN.pattern})+")  # a run of Chinese characters in mixed text
_NON_WORD = re.compile(r"[^\w]+")
# words in Latin letters: underthesea has nothing to normalise in Han characters or digits
_VI_WORD = re.compile(r"[^\W\d_\u3400-\u9fff\uf900-\ufaff\U00020000-\U0002ebef]+")
# Pharmaceutical Latin names a drug by part (Glycyrrhizae *Radix*); binomials never contain these.
LATIN_PART_WORDS = frozenset(
    """radix rhizoma herba folium flos flores fructus semen cortex ramulus caulis lignum bulbus
    tuber pericarpium exocarpium endocarpium stigma pollen arillus resina spora sclerotium concha
    cornu carapax plastrum squama os cera mel periostracum calculus colla medulla spica cacumen
    nodus uncis spina gummi oleum massa pulvis succus corpus thallus stipes galla fasciculus
    testa receptaculum petiolus stamen styli cum et""".split()  # noqa: SIM905
)
_INFRA_RANKS = {"var", "subsp", "ssp", "f", "forma", "cv"}


def nfc(text: str) -> str:
    """Stored form of any name: NFC, trimmed, inner whitespace collapsed."""
    if not unicodedata.is_normalized("NFC", text):
        text = unicodedata.normalize("NFC", text)
    return " ".join(text.split())


_COMBINING = re.compile(r"[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]")


class _BareChars(dict):
    """Character → the character without its marks, worked out once per character: keys are
    computed for every name of every import, and a table lookup beats NFD + regex per call."""

    def __missing__(self, code: int) -> str:
        bare = _COMBINING.sub("", unicodedata.normalize("NFD", chr(code)))
        self[code] = bare.replace("đ", "d").replace("Đ", "D")
        return self[code]


_BARE = _BareChars()


def strip_marks(text: str) -> str:
    return text.translate(_BARE)


@lru_cache(maxsize=65536)
def fold(text: str) -> str:
    """Script-neutral key: no diacritics, `đ`→`d`, case-folded, punctuation as single spaces."""
    return " ".join(_NON_WORD.sub(" ", strip_marks(text).casefold()).split())


@cache
def _fold_char(char: str) -> str:
    bare = strip_marks(char).casefold()
    return bare if len(bare) == 1 else char.casefold()[:1] or char


def fold_chars(text: str) -> str:
    """`fold` one character for one character, so positions in the result are positions in
    `text`: snippets are cut from the original at what matched in the folded form."""
    return "".join(_fold_char(c) for c in unicodedata.normalize("NFC", text))


def fulltext_form(text: str) -> str:
    """Text as the full-text index holds it: folded words, each Han character a word."""
    return _HAN.sub(lambda m: f" {m.group()} ", fold_chars(text))


def has_han(text: str) -> bool:
    return bool(_HAN.search(text))


def text_lang(text: str) -> str:
    """The language a free text is most likely in: zh-Hans, vi, or en.

    Monograph prose here is Vietnamese, Chinese or English, and English prose carries no
    diacritics, so any accented letter (even `ngày`'s à) makes it Vietnamese.
    """
    if has_han(text):
        return "zh-Hans"
    return "vi" if strip_marks(text) != text else "en"


# --- Vietnamese -------------------------------------------------------------------------------


@lru_cache(maxsize=65536)
def vi_exact(text: str) -> str:
    """Case-folded Vietnamese with diacritics kept and old/new tone placement unified.

    `Hoà` and `hòa` give one form, so an exact match can rank above a folded one.
    """
    return _VI_WORD.sub(lambda m: _vi_word(m.group()), nfc(text)).casefold()


@lru_cache(maxsize=65536)
def _vi_word(word: str) -> str:
    # underthesea normalises word by word; its own tokenizer is the slow part, and a name's
    # words are plain runs of letters, so each is handed over alone (and Vietnamese has a few
    # thousand syllables, so each is worked out once)
    from underthesea import text_normalize  # import is slow; only names and queries need it

    return text_normalize(word, tokenizer="space")


def vi_key(text: str) -> str:
    """Folded Vietnamese key: `Cam thảo` → `cam thao`; `kỳ`/`kì`, `quy`/`qui` fold together."""
    return fold(text).replace("y", "i")


# --- Chinese ----------------------------------------------------------------------------------


@cache
def _opencc_t2s():
    import opencc

    return opencc.OpenCC("t2s")


@cache
def _opencc_s2t():
    import opencc

    return opencc.OpenCC("s2t")


def traditional_of(simplified: str) -> str:
    """The traditional form of a simplified Chinese name (OpenCC), e.g. 当归 → 當歸."""
    return _opencc_s2t().convert(nfc(simplified))


def _read_table(name: str) -> dict[str, str]:
    table: dict[str, str] = {}
    for line in (DATA_DIR / name).read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            left, right = line.split("\t")
            table[left.strip()] = right.strip()
    return table


@cache
def _zh_variants() -> list[tuple[str, str]]:
    # longest first, so 川芎藭 is replaced before 芎藭
    return sorted(_read_table("zh_variants.tsv").items(), key=lambda kv: -len(kv[0]))


@lru_cache(maxsize=65536)
def zh_key(text: str) -> str:
    """Simplified Chinese key: NFKC, no spaces or punctuation, OpenCC t2s, herb variants."""
    plain = "".join(_HAN.findall(unicodedata.normalize("NFKC", text)))
    # variants are replaced before conversion too: OpenCC turns some of them (芎藭) into
    # forms the table does not list
    for variant, standard in _zh_variants():
        plain = plain.replace(variant, standard)
    simplified = _opencc_t2s().convert(plain)
    for variant, standard in _zh_variants():
        simplified = simplified.replace(variant, standard)
    return simplified


# --- Pinyin -----------------------------------------------------------------------------------


@cache
def _pinyin_ready() -> None:
    from pypinyin import load_phrases_dict

    phrases = _read_table("pinyin_phrases.tsv")
    load_phrases_dict({k: [[s] for s in v.split()] for k, v in phrases.items()})


@lru_cache(maxsize=65536)
def pinyin_of(chinese: str) -> str:
    """Tone-marked pinyin, one syllable per character: 川芎 → `chuān xiōng`."""
    from pypinyin.constants import PHRASES_DICT

    _pinyin_ready()
    text = zh_key(chinese)
    pairs = (text[i:j] for i in range(len(text)) for j in range(i + 2, len(text) + 1))
    if not any(p in PHRASES_DICT for p in pairs):
        # pypinyin reads a character by itself unless it starts a dictionary phrase, so a name
        # holding no phrase reads character by character: each read once, not per name
        return " ".join(_char_pinyin(c) for c in text)
    return _pinyin(text)


@lru_cache(maxsize=65536)
def _char_pinyin(char: str) -> str:
    return _pinyin(char)


def _pinyin(text: str) -> str:
    from pypinyin import Style, pinyin

    return " ".join(s[0] for s in pinyin(text, style=Style.TONE))


def pinyin_key(text: str) -> str:
    """Pinyin key ignoring tones (marks or digits), spaces, hyphens, apostrophes, ü/v/u."""
    return re.sub(r"[^a-z]", "", fold(text).replace("v", "u"))


def pinyin_toned(text: str) -> str:
    """Pinyin compared with tones but not spacing or case: `Gān Cǎo` = `gāncǎo`."""
    return re.sub(r"[\s'\-·]", "", unicodedata.normalize("NFC", text).casefold())


# --- Hán-Việt ---------------------------------------------------------------------------------


@cache
def _hanviet_overrides() -> list[tuple[str, str]]:
    return sorted(_read_table("hanviet.tsv").items(), key=lambda kv: -len(kv[0]))


@lru_cache(maxsize=65536)
def hanviet_of(chinese: str) -> str:
    """Sino-Vietnamese reading of a Chinese name (cn2vn, with herb overrides): 人参 → `nhân sâm`."""
    from cn2vn import cn2vn

    text = zh_key(chinese)
    words: list[str] = []
    i = 0
    while i < len(text):
        for phrase, reading in _hanviet_overrides():
            if text.startswith(phrase, i):
                words.append(reading)
                i += len(phrase)
                break
        else:
            words.append(cn2vn(text[i]).lower())
            i += 1
    return nfc(" ".join(words))


# --- Latin ------------------------------------------------------------------------------------


_PART_NOUNS = LATIN_PART_WORDS - {"et", "cum"}


@lru_cache(maxsize=65536)
def is_pharmaceutical_latin(text: str) -> bool:
    return not _PART_NOUNS.isdisjoint(fold(text).split())


@lru_cache(maxsize=65536)
def latin_key(text: str) -> str:
    """Latin key: binomial without authority, or pharmaceutical name in a canonical word order.

    `Glycyrrhiza uralensis Fisch.` → `glycyrrhiza uralensis`;
    `Radix Glycyrrhizae` and `Glycyrrhizae Radix` → `glycyrrhizae radix`.
    """
    if is_pharmaceutical_latin(text):
        words = [w for w in fold(text).split() if w not in {"et", "cum"}]
        return " ".join(sorted(words))
    return " ".join(_binomial_words(text))


def latin_abbrev_key(text: str) -> str | None:
    """Key of a binomial with its genus abbreviated: `Glycyrrhiza uralensis` → `g uralensis`."""
    if is_pharmaceutical_latin(text):
        return None
    words = latin_key(text).split()
    if len(words) < 2 or len(words[0]) < 2:
        return None
    return " ".join([words[0][0], *words[1:]])


def _binomial_words(text: str) -> list[str]:
    tokens = [t for t in re.split(r"[\s()]+", strip_marks(text).replace("×", " ")) if t]
    if not tokens:
        return []
    words = [fold(tokens[0])]
    rest = tokens[1:]
    epithet = rest[0].replace("-", "") if rest else ""
    # `nux-vomica` is one epithet; a capitalised second word without a dot is one too, as old
    # texts write `Panax Ginseng` and drug names `Gypsum Fibrosum`; an authority (`L.`,
    # `Fisch.`) would otherwise be all that tells `Gypsum Fibrosum` from `Gypsum Rubrum`
    if epithet.isalpha() and (epithet[:1].islower() or len(rest) == 1):
        words.append(rest[0].lower())
        rest = rest[1:]
    # authorities are dropped; infraspecific ranks (var. / subsp. / f.) are kept with their name
    for rank, name in _infraspecific(rest):
        words += [rank.rstrip(".").lower(), name.lower()]
    return [w for w in words if w]


def _infraspecific(tokens: list[str]) -> list[tuple[str, str]]:
    """(rank, name) pairs such as (`var.`, `mongholicus`) among a binomial's later tokens."""
    return [
        (rank, name)
        for rank, name in pairwise(tokens)
        if rank.rstrip(".").lower() in _INFRA_RANKS and name[:1].islower() and name.isalpha()
    ]


# Genitive and nominative endings of pharmaceutical Latin, longest first: `Arisaematis` and
# `Arisaemae`, `Coptidis` and `Coptis`, `Glycyrrhizae` and `Glycyrrhiza` share a stem.
_LATIN_ENDINGS = ("atis", "idis", "onis", "inis", "ae", "is", "us", "um", "es", "on", "i", "a", "e")
LATIN_STEM_MIN = 4


def _latin_stem(word: str) -> str:
    for ending in _LATIN_ENDINGS:
        if word.endswith(ending) and len(word) - len(ending) >= LATIN_STEM_MIN:
            return word[: -len(ending)]
    return word


@lru_cache(maxsize=4096)
def latin_variants(key: str) -> tuple[str, ...]:
    """Other keys a pharmaceutical Latin key (`latin_key`) may be stored under: each of up to
    two name words with another genitive or nominative ending, so `Rhizoma Arisaemae` finds
    `Arisaematis Rhizoma` and `Coptis Rhizoma` finds `Coptidis Rhizoma`. Looked up, not
    indexed: the index holds no extra key for them."""
    words = key.split()
    stems = [w for w in words if w not in _PART_NOUNS]
    if len(stems) == len(words) or len(stems) > 2:
        return ()
    endings = ("", *_LATIN_ENDINGS)
    choices = [
        [w] if w in _PART_NOUNS else sorted({w, *(_latin_stem(w) + e for e in endings)})
        for w in words
    ]
    found = {" ".join(sorted(combo)) for combo in product(*choices)}
    found.discard(key)
    return tuple(sorted(found))


# --- Part and generic words ------------------------------------------------------------------

# Words people put before a herb's name that say which part, or only "the plant / the animal /
# the drug" (`vỏ quế`, `cây diếp cá`, `con ve sầu`), with the part ids (herbkb.vocab PART) each
# can mean. Chinese puts the part after the name (薄荷叶, 肉桂皮).
VI_PART_WORDS: dict[str, tuple[str, ...]] = {
    "cây": (), "con": (), "vị": (), "lá": ("leaf",), "hạt": ("seed", "kernel"),
    "rễ": ("root", "root-tuber", "root-and-rhizome"), "củ": ("root-tuber", "tuber", "bulb"),
    "vỏ": ("bark", "root-bark", "pericarp", "shell"), "hoa": ("flower", "flower-bud"),
    "nụ": ("flower-bud",), "quả": ("fruit", "immature-fruit"), "trái": ("fruit",),
    "nhựa": ("resin", "gum"), "cành": ("twig",), "thân": ("stem",),
}  # fmt: skip
ZH_PART_CHARS: dict[str, tuple[str, ...]] = {
    "叶": ("leaf",), "子": ("seed", "fruit"), "籽": ("seed",), "仁": ("kernel", "seed"),
    "根": ("root", "root-bark"), "皮": ("bark", "root-bark", "pericarp"),
    "花": ("flower", "flower-bud"), "果": ("fruit",), "枝": ("twig",), "茎": ("stem",),
}  # fmt: skip
_VI_PART_FOLDED: dict[str, tuple[str, ...]] = {}
for _word, _parts in VI_PART_WORDS.items():
    _VI_PART_FOLDED[vi_key(_word)] = _VI_PART_FOLDED.get(vi_key(_word), ()) + _parts


class Reduced(NamedTuple):
    """A name or query without its leading (Vietnamese) or trailing (Chinese) part words."""

    text: str
    dropped: str  # the words taken off, as written
    parts: tuple[str, ...]  # the part ids they can mean; empty for cây, con, vị


def _vi_part(word: str) -> tuple[str, ...] | None:
    # typed with diacritics, a word must be the part word itself (`cải` is not `cây`); typed
    # without, any word that folds to one counts
    if strip_marks(word) != word:
        exact = vi_exact(word)
        return next((p for w, p in VI_PART_WORDS.items() if w == exact), None)
    return _VI_PART_FOLDED.get(vi_key(word))


@lru_cache(maxsize=4096)
def reductions(text: str) -> tuple[Reduced, ...]:
    """`Cây vỏ quế` → `vỏ quế` (dropping cây), then `quế` (dropping cây vỏ, the bark), each
    keeping at least one word (Vietnamese) or two characters (Chinese)."""
    found: list[Reduced] = []
    if has_han(text):
        plain = zh_key(text)
        parts: tuple[str, ...] = ()
        while len(plain) > 2 and plain[-1] in ZH_PART_CHARS:
            parts += ZH_PART_CHARS[plain[-1]]
            plain = plain[:-1]
            found.append(Reduced(plain, zh_key(text)[len(plain) :], parts))
        return tuple(found)
    words = nfc(text).split(" ")
    parts = ()
    for i in range(len(words) - 1):
        part = _vi_part(words[i])
        if part is None:
            break
        parts += part
        found.append(Reduced(" ".join(words[i + 1 :]), " ".join(words[: i + 1]), parts))
    return tuple(found)


# --- Per name ---------------------------------------------------------------------------------


class Key(NamedTuple):
    """One search key of a name: the key space, the key, and how it was derived (a tuple:
    keys cross from a loader's second process by the hundred thousand)."""

    space: str
    key: str
    via: str  # "text" (the name itself), "pinyin", "hanviet" or "abbrev"


def is_chinese_tag(lang: str) -> bool:
    return lang.startswith("zh") and lang != "zh-Latn-pinyin"


def may_use_han(lang: str) -> bool:
    """Languages whose names may be written in Chinese characters: Chinese, and Zhuang, which
    Guangxi's Zhuang medicine standards print in Han characters that transcribe its sounds
    (棵共现 for 一枝黄花) beside or instead of its Latin orthography."""
    return is_chinese_tag(lang) or lang.split("-")[0] == "za"


def name_keys(text: str, lang: str) -> list[Key]:
    """Every key a name is found by. Chinese names also yield their pinyin and Hán-Việt."""
    if is_chinese_tag(lang):
        zh = zh_key(text)
        if not zh:
            return []
        return [
            Key("zh", zh, "text"),
            Key("py", pinyin_key(pinyin_of(zh)), "pinyin"),
            Key("vi", vi_key(hanviet_of(zh)), "hanviet"),
        ]
    if has_han(text):
        # a Zhuang name in Han transcription: found by its characters; their Mandarin and
        # Sino-Vietnamese readings are not its sound, so they give no keys
        zh = zh_key(text)
        return [Key("zh", zh, "text")] if zh else []
    if lang == "zh-Latn-pinyin":
        keys = [Key("py", pinyin_key(text), "text")]
    elif lang == "la":
        keys = [Key("la", latin_key(text), "text")]
        abbrev = latin_abbrev_key(text)
        if abbrev:
            keys.append(Key("la", abbrev, "abbrev"))
    elif lang == "en":
        keys = [Key("en", fold(text), "text")]
    else:
        # vi and the border's other Latin-script languages (Tày, Nùng, Zhuang, Dao, Hmong)
        keys = [Key("vi", vi_key(text), "text")]
    return [k for k in keys if k.key]


_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u200b-\u200f\u2028-\u202e\u2060-\u206f\ufeff]")


def query_text(query: str) -> str:
    """A typed query made safe to look up: control and invisible format characters (NUL, a
    pasted zero-width space) become spaces, then as `nfc`."""
    return nfc(_CONTROL.sub(" ", query))


def query_keys(query: str) -> list[Key]:
    """Keys a typed query is looked up by, one per key space the query could belong to."""
    if has_han(query):
        zh = zh_key(query)  # not name_keys: a query needs no pinyin or Hán-Việt of its own
        return [Key("zh", zh, "text")] if zh else []
    # Tone-marked pinyin (huáng) shares letters with Vietnamese, so every space is tried.
    keys = [
        Key("vi", vi_key(query), "text"),
        Key("py", pinyin_key(query), "text"),
        Key("la", latin_key(query), "text"),
        Key("en", fold(query), "text"),
    ]
    return [k for k in keys if k.key]


@cache
def _families() -> dict[str, str]:
    return {k.casefold(): v for k, v in _read_table("families.tsv").items()}


def family_key(family: str) -> str:
    """A plant family compared across classifications: `Papilionaceae` = `Fabaceae`."""
    name = nfc(family).split(" ")[0]
    return _families().get(name.casefold(), name).casefold()


@cache
def _genus_families() -> dict[str, str]:
    return {k.casefold(): v.casefold() for k, v in _read_table("genus_families.tsv").items()}


def species_family_key(species: str, family: str) -> str:
    """A species' family compared across classifications, the genus's older placements too:
    Paeonia in Ranunculaceae is Paeoniaceae, as Papilionaceae is Fabaceae for any genus."""
    genus = nfc(species).split(" ")[0].casefold()
    key = family_key(family)
    return _genus_families().get(f"{genus} {key}", key)


def split_binomial(text: str) -> tuple[str, str | None]:
    """`Glycyrrhiza uralensis Fisch.` → (`Glycyrrhiza uralensis`, `Fisch.`)."""
    text = nfc(text)
    kept = len(_binomial_words(text))
    tokens = text.split(" ")
    # the kept words are the first tokens, except infraspecific ranks which may follow authors
    name_tokens = tokens[: min(kept, 2)]
    rest = tokens[len(name_tokens) :]
    infra = [token for pair in _infraspecific(rest) for token in pair]
    authority = " ".join(t for t in rest if t not in infra) or None
    return " ".join(name_tokens + infra), authority
