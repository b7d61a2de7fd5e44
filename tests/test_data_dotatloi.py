"""How much of Vietnam's standard materia medica a user finds in the bundled catalogue.

Measured with the Đỗ Tất Lợi spreadsheet (714 rows, CC BY 4.0): a row is covered when the
catalogue holds a herb of the row's species (accepted name, species synonym or Latin drug name)
and the row's Vietnamese name, folded as a user types it, finds that herb in the first five hits,
written with or without a generic word such as "Cây". The file is shared reference data, not part
of the repository, so the test is skipped where it is absent.
"""

import csv
import re
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import dropwhile
from pathlib import Path

import pytest

from herbkb import Catalogue
from herbkb.normalize import fold, is_pharmaceutical_latin, latin_key

HERE = Path(__file__).resolve()
DTL = next(
    (
        path
        for parent in HERE.parents
        if (path := parent / "shared" / "reference" / "dotatloi714" / "ViThuoc.csv").exists()
    ),
    None,
)

# the share of rows covered today; raised as herbs are added, the target is 0.90
FLOOR = 0.97

# rows whose own facts contradict each other or the literature: not counted, with the reason
WRONG = {
    "66": "Thuốc giấu is Euphorbia (Pedilanthus) tithymaloides, Euphorbiaceae; the row gives "
    "Cỏ xước's species and names",
    "140": "Seo gà is the fern Pteris multifida; the row gives Celosia argentea (mào gà trắng)",
    "190": "Đậu chiều is Cajanus cajan (đậu săng); the row gives Vọng giang nam's species "
    "and names",
    "300": "Hoa tiên is Asarum glabrum (Aristolochiaceae); the row gives Đan sâm's species "
    "Salvia miltiorrhiza and its name",
    "318": "Kiến kỳ nam is the ant plant Hydnophytum formicarum (Rubiaceae); the row gives "
    "Trầm hương's Aquilaria sinensis",
    "435": "Cây mướp sát is Cerbera odollam (Apocynaceae); the row gives Strophanthus "
    "divaricatus, the plant called sừng dê",
    "477": "Trà tiên is Ocimum basilicum var. pilosum (Lamiaceae); the row gives Đương quy's "
    "Angelica sinensis",
    "85": "Cây la is Solanum erianthum (S. verbascifolium, Solanaceae); the row gives Bướm bạc's "
    "species Mussaenda pubescens and its names",
    "415": "Xoan nhừ is Choerospondias axillaris (Anacardiaceae); the row gives Bòn bọt's "
    "Glochidion eriocarpum",
    "483": "Dây quai bị is Tetrastigma strumarium (Vitaceae); the row gives Đài hái's "
    "Hodgsonia macrocarpa",
    "498": "Xương sông is Blumea lanceolaria; the row gives Blumea lacera, another species",
    "513": "Cỏ trói gà is Drosera burmannii (Droseraceae); the row gives Thanh táo's "
    "Justicia gendarussa",
    "515": "Ráng trắc is the maidenhair fern Adiantum capillus-veneris; the row gives Asplenium "
    "nidus (tổ chim)",
    "542": "Gai tầm xoọng is Atalantia buxifolia (Rutaceae); the row gives Găng tu hú's "
    "species Randia spinosa",
    "603": "Quế quan is Ceylon cinnamon, Cinnamomum verum (C. zeylanicum); the row gives "
    "Cinnamomum cassia",
    "90": "Muồng truổng is Zanthoxylum avicennae (Rutaceae) in Đỗ Tất Lợi's own entry; the row "
    "gives Cassia nuda (Caesalpiniaceae) and the leaf-and-salt ringworm use of Muồng trâu",
    "131": "Ba chẽ is Dendrolobium triangulare (Desmodium triangulare; Võ Văn Chi); the row gives "
    "Desmodium triquetrum and the names vẩy rồng, tràng quả ba cạnh of Lõi tiền (row 170)",
    "238": "Cây hột mát (thàn mát) is the rotenone fish-poison tree Millettia ichthyochtona "
    "(Fabaceae); the row gives Đài hái's Hodgsonia heteroclita (Cucurbitaceae)",
    "253": "Mắc kẹn (mác kẹn in Tày) is Kẹn, Aesculus (Sapindaceae), whose saponin bark stuns fish "
    "as the row says; the row gives Zanthoxylum rhetsa (mắc khén, a spice) and its names",
    "249": "Cây cho curaro names no single drug: curare is an arrow poison from several South "
    "American plants; the row's species are two genera, Strychnos and Chondrodendron",
    "250": "Sở is the tea-oil camellia Camellia oleifera (C. drupifera), whose seed cake is the "
    "fish poison the row describes; the row gives Camellia japonica (hoa trà)",
    "133": "Cẩm xà lặc is Canthium parvifolium (Rubiaceae) in Đỗ Tất Lợi's book; the row gives "
    "Salacia prinoides (Celastraceae), a synonym of Salacia chinensis (trứng cuốc)",
    "170": "Lõi tiền is Stephania (S. longa; dây lõi tiền S. hernandifolia), Menispermaceae; the "
    "row gives Tadehagi triquetrum (Fabaceae), which is mũi mác",
    "201": "Tiết dê is Cissampelos pareira (Menispermaceae); the row gives Stephania "
    "hernandifolia, which is dây lõi tiền",
    "387": "Kim sương is Micromelum falcatum (M. hirsutum, Rutaceae) in Đỗ Tất Lợi's book; the "
    "row gives Limacia triandra (Menispermaceae)",
    "432": "Củ gió is Tinospora capillipes (Menispermaceae, 金果榄); the row gives Dioscorea "
    "persimilis, which is củ mài (hoài sơn)",
    "485": "Canh châu is Sageretia theezans (Rhamnaceae); the row gives Ardisia filiformis "
    "(Myrsinaceae)",
    "489": "Bàm bàm is Entada phaseoloides (Mimosaceae, 榼藤); the row gives Pavetta indica "
    "(Rubiaceae)",
    "499": "Bỏng nổ is Flueggea virosa (Phyllanthaceae); the row gives Floscopa scandens "
    "(Commelinaceae)",
    "578": "Sì to is Valeriana jatamansi (V. hardwickii, Valerianaceae), a sedative; the row "
    "gives Entada phaseoloides (bàm bàm)",
    "583": "the row gives no species, only a description (silica in bamboo); the herb is "
    "Thiên trúc hoàng, 天竺黄, from Bambusa textilis and related bamboos",
    "625": "Công cộng is Andrographis paniculata (xuyên tâm liên, Acanthaceae); the row gives "
    "Entada phaseoloides (bàm bàm) and the name Sì to",
    "671": "the row misspells the drug name Urina Hominis as Urira Hominis; the herb Nước tiểu "
    "carries Urina Hominis",
    "426": "Đơn châu chấu (the row writes Đơn chân chấu) is Aralia armata (Araliaceae); the row "
    "gives Peristrophe bivalvis, which is lá cẩm (Acanthaceae)",
    "623": "Bổ béo is Gomphandra tonkinensis (Icacinaceae), a root tonic; the row gives Ficus "
    "auriculata, which is vả (Moraceae)",
    "626": "Cơm nếp is Strobilanthes affinis (Acanthaceae), a tonic after childbirth; the row "
    "gives Alchornea rugosa (Euphorbiaceae)",
    "662": "the row's drug name Venom Apis is half English; the herb Nọc ong carries the Latin "
    "Venenum Apis and the honeybees Apis cerana and A. mellifera",
    "505": "Móc mèo núi is Caesalpinia bonduc (vuốt hùm, Caesalpiniaceae); the row gives Bauhinia "
    "bracteata",
    "492": "Củ khỉ is Murraya tetramera (M. glabra, Rutaceae), an aromatic limestone shrub; the "
    "row gives Millettia sp. (Papilionaceae)",
}

# Vietnamese names of chemical compounds end in these words (`Canxi oxit`, `Natri sulfat`); written
# without diacritics they would otherwise pass for Latin
VI_CHEMICAL = ("oxit", "sulfat", "sunfat", "sunfua", "clorua", "cacbonat", "nitrat")

# words that name what kind of thing a herb is, not which one: "Cây Diếp Cá" is "Diếp cá"
GENERIC = ("cay", "con", "vi")


@dataclass(frozen=True)
class Row:
    id: str
    name: str
    species: str

    def species_key(self) -> str | None:
        """Latin key of the row's first scientific name; None where the file gives none."""
        text = self.species.split(",")[0].strip().strip("()")
        # a Vietnamese description may precede the drug name: `Tổ sâu Galla chinensis`
        latin = " ".join(dropwhile(lambda word: not word.isascii(), text.split()))
        if is_pharmaceutical_latin(latin):
            return latin_key(latin)  # a drug name such as `Colla Corii Asini`, in any word order
        words = text.split()[:2]
        if words and fold(words[-1]) in VI_CHEMICAL:
            return None  # a chemical name in Vietnamese, `Canxi oxit`: no species, no Latin
        if words[1:] == ["et"]:
            words = words[:1]  # `Realgar et Orpimentum` names two materials; the first is found
        if not words or not all(w.isascii() and w.rstrip(".").isalpha() for w in words):
            return None  # a placeholder or a description in Vietnamese
        return species_key(" ".join(words))  # `Gossypium sp.` → `gossypium`

    def of(self, keys: set[str]) -> bool:
        """Whether a herb with these species keys is of the row's species (or genus, for `sp.`)."""
        key = self.species_key()
        return key in keys or (" " not in str(key) and any(k.split()[0] == key for k in keys))

    def queries(self) -> list[str]:
        """The row's name as a user types it: folded, with and without the generic word and
        the parenthesised part (`Cây cau (Hạt)` → `cay cau hat`, `cau hat`, `cay cau`, `cau`)."""
        bare = re.sub(r"\s*\(.*?\)", "", self.name)
        # a row naming two drugs (`Quít - Trần bì`, `Ô đầu và phụ tử`) is found by either name
        inner = re.findall(r"\((.*?)\)", self.name)  # `Sen (Tâm sen)` names the drug inside
        forms = [self.name, bare, *re.split(r" - |, | và ", bare), *inner]
        out: list[str] = []
        for form in forms:
            folded = " ".join(re.sub(r"[(),\-]", " ", fold(form)).split())
            words = folded.split()
            stripped = " ".join(words[1:]) if len(words) > 1 and words[0] in GENERIC else folded
            out += [q for q in (folded, stripped) if q not in out]
        return out


def rows() -> Iterator[Row]:
    assert DTL is not None
    with DTL.open(encoding="utf-8") as fh:
        for line in csv.DictReader(fh):
            yield Row(line["ID_ViThuoc"], line["TenVietNam"].strip(), line["TenKhoaHoc"])


def herb_keys(catalogue: Catalogue) -> dict[str, set[str]]:
    """Slug → species keys (genus and epithet) of its sources, their synonyms and Latin names."""
    keys: dict[str, set[str]] = {}
    for record in catalogue.records():
        names = [s.species for s in record.sources]
        names += [syn for s in record.sources for syn in s.synonyms]
        names += [n.text for n in record.names if n.lang == "la"]
        keys[record.slug] = {species_key(n) for n in names}
    return keys


def species_key(name: str) -> str:
    """Genus and epithet of a binomial; a pharmaceutical Latin name whole.

    Only the first two words are keyed, as rows are: read whole, `Terra Flava Usta` would key
    as `terra` (a capitalised word with more after it reads as an authority), but the row's
    `Terra Flava` as `terra flava`."""
    if is_pharmaceutical_latin(name):
        return latin_key(name)
    return " ".join(latin_key(" ".join(name.split()[:2])).split()[:2])


def found(catalogue: Catalogue, row: Row, slugs: set[str]) -> bool:
    return any(slugs & {h.slug for h in catalogue.search(q, limit=5)} for q in row.queries())


@pytest.mark.skipif(DTL is None, reason="the shared Đỗ Tất Lợi file is not beside this checkout")
def test_dotatloi_rows_find_a_herb_of_their_species(bundled: Catalogue) -> None:
    keys = herb_keys(bundled)
    counted = covered = 0
    misses: list[str] = []
    unnamed: list[str] = []
    for row in rows():
        if row.id in WRONG:
            continue
        if row.species_key() is None:
            unnamed.append(f"{row.id} {row.name}")
            continue
        counted += 1
        slugs = {slug for slug, ks in keys.items() if row.of(ks)}
        if slugs and found(bundled, row, slugs):
            covered += 1
        else:
            misses.append(f"{row.id} {row.name} ({row.species}){'' if slugs else ' no herb'}")
    share = covered / counted
    print(f"\nĐỗ Tất Lợi coverage: {covered}/{counted} rows = {share:.1%} (floor {FLOOR:.0%})")
    print(f"not counted: {len(WRONG)} wrong in the file, {len(unnamed)} without a species")
    print("misses:\n  " + "\n  ".join(misses))
    assert share >= FLOOR, misses
