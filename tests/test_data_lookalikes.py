"""Every name the bundled catalogue gives to two plants is a recorded look-alike: a user who
finds one of the herbs is told of the other and how to tell them apart (issue 13). Measured on
the catalogue's own names and on the names the Đỗ Tất Lợi spreadsheet gives its species."""

import csv
import re
from collections import defaultdict

import pytest

from herbkb import Catalogue
from herbkb.check import namesakes, species_keys, vi_name_keys
from tests.test_data_dotatloi import DTL, WRONG, Row

# names in that file that do not make two herbs look-alikes (herbs sold under one another's
# names; a marked pair is never "sure" in a pasted list), with the reason
NOT_LOOK_ALIKES = {
    ("68", "nghể"): "the common name of the whole knotweed genus (Persicaria), not one herb's",
    ("539", "quất bì"): "quất bì is 橘皮, tangerine peel (Trần bì); wampee (Hồng bì) is used "
    "for its leaves and is not sold as peel",
}


def test_every_name_shared_by_two_plants_is_marked_confusable(bundled: Catalogue) -> None:
    pairs = namesakes(list(bundled.records()))
    unmarked = [f"{n.a} / {n.b}: {n.name}" for n in pairs if not n.marked]
    print(f"\none name, two plants: {len(pairs)} pairs, {len(unmarked)} not marked")
    assert pairs and unmarked == [], unmarked


@pytest.mark.skipif(DTL is None, reason="the shared Đỗ Tất Lợi file is not beside this checkout")
def test_a_name_the_dotatloi_file_gives_another_species_is_a_marked_look_alike(
    bundled: Catalogue,
) -> None:
    """A row names its species with a name our herb of another species has (Đỗ Tất Lợi calls
    Eupatorium fortunei trạch lan, the pharmacopoeia's Lycopus): where the catalogue holds
    a herb of the row's species too, one of them is marked confusable with the named herb."""
    records = list(bundled.records())
    species = {r.slug: species_keys(r) for r in records}
    links = {frozenset((r.slug, c.slug)) for r in records for c in r.confusable_with}
    named: dict[str, set[str]] = defaultdict(set)
    for record in records:
        for name in record.names:
            if name.lang == "vi":
                for key in vi_name_keys(name.text):
                    named[key].add(record.slug)
    assert DTL is not None
    unmarked: list[str] = []
    with DTL.open(encoding="utf-8") as fh:
        for line in csv.DictReader(fh):
            row = Row(line["ID_ViThuoc"], line["TenVietNam"].strip(), line["TenKhoaHoc"])
            key = row.species_key()
            if row.id in WRONG or key is None or " " not in key:
                continue  # a wrong row, or a genus or drug name that names no one species
            ours = {slug for slug, keys in species.items() if key in keys}
            others = line["TenGoiKhac"].split(",") if "Không có" not in line["TenGoiKhac"] else []
            for text in (row.name, *others):
                text = re.sub(r"\s*\(.*?\)", "", text).strip()
                if not text or (row.id, text) in NOT_LOOK_ALIKES:
                    continue
                hits = set().union(*(named.get(k, set()) for k in vi_name_keys(text)))
                for other in sorted(h for h in hits if key not in species[h]):
                    if ours and not any(frozenset((o, other)) in links for o in ours):
                        unmarked.append(f"{row.id} {text}: {', '.join(sorted(ours))} / {other}")
    print(f"\nĐỗ Tất Lợi names given to another species, not marked: {len(unmarked)}")
    assert unmarked == [], unmarked
