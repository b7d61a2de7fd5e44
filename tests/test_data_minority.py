"""Minority-language names in the bundled catalogue are attested: a wrong language tag is a
wrong fact, so every Tày, Nùng, Dao, Hmong or Zhuang name sits on a herb that cites a work
recording names in that language (the works and their languages are listed here)."""

from herbkb import Catalogue

MINORITY = ("tyz", "nut", "ium", "hmn", "za")

# reference key -> the minority languages whose names it records
ATTESTS: dict[str, set[str]] = {
    "gx-zhuang-std": {"za"},
    "dtl-714": {"tyz"},
    "web-123docz-bach-bo": {"tyz"},
    "web-bvnguyentriphuong-mach-mon": {"tyz"},
    "web-bvnguyentriphuong-thuong-nhi-tu": {"tyz"},
    "web-herbeco-ca-gai-leo": {"tyz"},
    "web-kampuspedia-sa-nhan": {"ium", "tyz"},
    "web-thaoduoccaonguyenda-ke-huyet-dang": {"ium", "tyz"},
    "web-thucphamhoaphat-kim-ngan-hoa": {"tyz"},
    "web-thuocviet-dai-hoi": {"ium", "tyz"},
    "web-tinfood-che-day": {"nut"},
    "web-tracuuykhoa-ich-mau": {"tyz"},
    "web-uongdekhoedep-cau-tich": {"ium", "tyz"},
    "web-vnntfp-che-day": {"tyz"},
    "web-vnntfp-dang-sam-viet-nam": {"hmn", "tyz"},
    "web-vnntfp-that-diep-nhat-chi-hoa": {"hmn"},
    "web-yhocthuongthuc-tho-phuc-linh": {"ium", "tyz"},
    "web-ykhoaviet-ha-thu-o-do": {"ium", "tyz"},
    "web-ykhoaviet-hy-thiem": {"tyz"},
    "web-ykhoaviet-ngai-cuu": {"hmn", "tyz"},
    "web-ykhoaviet-ngu-gia-bi-chan-chim": {"tyz"},
    "web-ykhoaviet-thien-mon-dong": {"hmn", "ium", "tyz"},
    "web-zaidap-ba-kich": {"ium", "tyz"},
}


def test_every_minority_name_is_attested_by_a_cited_work(bundled: Catalogue) -> None:
    unattested = [
        f"{record.slug}: {name.lang} {name.text}"
        for record in bundled.records()
        for name in record.names
        if name.lang.split("-")[0] in MINORITY
        and not any(name.lang.split("-")[0] in ATTESTS.get(ref, ()) for ref in record.references)
    ]
    assert not unattested, unattested


def test_the_attesting_works_are_in_the_references(bundled: Catalogue) -> None:
    assert set(ATTESTS) <= set(bundled.references())
