"""Controlled vocabularies: every property, part used and section is a term with three labels.

Records store the term's `id`; people see a label in their language. A loader that meets a
label ("tính ôn", "温", "warm") resolves it with `Vocabulary.lookup`.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from herbkb.normalize import fold


@dataclass(frozen=True)
class Term:
    id: str
    vi: str
    zh: str
    en: str
    aliases: tuple[str, ...] = ()

    def label(self, lang: str) -> str:
        if lang.startswith("zh"):
            return self.zh
        return self.vi if lang == "vi" else self.en


@dataclass(frozen=True)
class Vocabulary:
    name: str
    terms: tuple[Term, ...]
    _by_label: dict[str, Term] = field(default_factory=dict, compare=False, repr=False)
    _ids: frozenset[str] = field(default=frozenset(), compare=False, repr=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_ids", frozenset(t.id for t in self.terms))
        for term in self.terms:
            for label in (term.id, term.vi, term.zh, term.en, *term.aliases):
                self._by_label.setdefault(fold(label), term)

    def __contains__(self, term_id: object) -> bool:
        return term_id in self._ids

    @property
    def ids(self) -> list[str]:
        return [t.id for t in self.terms]

    def get(self, term_id: str) -> Term:
        for term in self.terms:
            if term.id == term_id:
                return term
        raise KeyError(f"{term_id!r} is not a {self.name} term; known: {', '.join(self.ids)}")

    def lookup(self, label: str) -> Term | None:
        """The term whose id or label (any language, diacritics ignored) is `label`."""
        return self._by_label.get(fold(label))


def _v(name: str, *rows: tuple[str, ...]) -> Vocabulary:
    return Vocabulary(name, tuple(Term(r[0], r[1], r[2], r[3], tuple(r[4:])) for r in rows))


NATURE = _v(
    "nature",
    ("hot", "nhiệt", "热", "hot"),
    ("warm", "ôn", "温", "warm"),
    ("slightly-warm", "hơi ôn", "微温", "slightly warm", "vi on"),
    ("neutral", "bình", "平", "neutral"),
    ("cool", "lương", "凉", "cool", "mát"),
    ("slightly-cold", "hơi hàn", "微寒", "slightly cold", "vi han"),
    ("cold", "hàn", "寒", "cold", "lạnh"),
    ("very-cold", "đại hàn", "大寒", "very cold"),
)

FLAVOUR = _v(
    "flavour",
    ("sour", "chua", "酸", "sour", "toan"),
    ("bitter", "đắng", "苦", "bitter", "khổ"),
    ("sweet", "ngọt", "甘", "sweet", "cam"),
    ("acrid", "cay", "辛", "acrid", "pungent", "tân"),
    ("salty", "mặn", "咸", "salty", "hàm", "鹹"),
    ("bland", "nhạt", "淡", "bland", "đạm"),
    ("astringent", "chát", "涩", "astringent", "sáp", "澀"),
)

MERIDIAN = _v(
    "meridian",
    ("lung", "phế", "肺", "lung"),
    ("large-intestine", "đại trường", "大肠", "large intestine", "大腸"),
    ("stomach", "vị", "胃", "stomach"),
    ("spleen", "tỳ", "脾", "spleen", "tì"),
    ("heart", "tâm", "心", "heart"),
    ("small-intestine", "tiểu trường", "小肠", "small intestine", "小腸"),
    ("bladder", "bàng quang", "膀胱", "bladder"),
    ("kidney", "thận", "肾", "kidney", "腎"),
    ("pericardium", "tâm bào", "心包", "pericardium"),
    ("triple-burner", "tam tiêu", "三焦", "triple burner", "san jiao"),
    ("gallbladder", "đởm", "胆", "gallbladder", "đảm", "膽"),
    ("liver", "can", "肝", "liver"),
)

TOXICITY = _v(
    "toxicity",
    ("none", "không độc", "无毒", "non-toxic"),
    ("slight", "hơi độc", "小毒", "slightly toxic", "có ít độc"),
    ("toxic", "có độc", "有毒", "toxic"),
    ("high", "rất độc", "大毒", "highly toxic", "đại độc"),
)

CATEGORY = _v(
    "category",
    ("release-exterior", "giải biểu", "解表药", "release the exterior"),
    ("clear-heat", "thanh nhiệt", "清热药", "clear heat"),
    ("purgative", "tả hạ", "泻下药", "purgative"),
    ("dispel-wind-damp", "trừ phong thấp", "祛风湿药", "dispel wind-damp"),
    ("resolve-damp", "hóa thấp", "化湿药", "aromatic, resolve dampness"),
    ("drain-damp", "lợi thủy thẩm thấp", "利水渗湿药", "drain dampness", "lợi thấp"),
    ("warm-interior", "ôn lý", "温里药", "warm the interior"),
    ("regulate-qi", "lý khí", "理气药", "regulate qi"),
    ("digestive", "tiêu thực", "消食药", "relieve food stagnation"),
    ("anthelmintic", "khu trùng", "驱虫药", "expel parasites"),
    ("stop-bleeding", "chỉ huyết", "止血药", "stop bleeding"),
    ("invigorate-blood", "hoạt huyết", "活血化瘀药", "invigorate blood", "hoạt huyết hóa ứ"),
    ("phlegm-cough", "hóa đàm chỉ khái", "化痰止咳平喘药", "transform phlegm, stop cough"),
    ("calm-spirit", "an thần", "安神药", "calm the spirit"),
    ("calm-liver", "bình can tức phong", "平肝息风药", "calm the liver, extinguish wind"),
    ("open-orifices", "khai khiếu", "开窍药", "open the orifices"),
    ("tonify-qi", "bổ khí", "补气药", "tonify qi"),
    ("tonify-yang", "bổ dương", "补阳药", "tonify yang"),
    ("tonify-blood", "bổ huyết", "补血药", "tonify blood"),
    ("tonify-yin", "bổ âm", "补阴药", "tonify yin"),
    ("astringent", "cố sáp", "收涩药", "astringent"),
    ("emetic", "gây nôn", "涌吐药", "emetic"),
    ("external", "dùng ngoài", "外用药", "for external use"),
)

PART = _v(
    "part used",
    ("root", "rễ", "根", "root", "radix"),
    ("rhizome", "thân rễ", "根茎", "rhizome", "rhizoma"),
    ("root-and-rhizome", "rễ và thân rễ", "根和根茎", "root and rhizome", "radix et rhizoma"),
    ("root-tuber", "rễ củ", "块根", "root tuber"),
    ("tuber", "thân củ", "块茎", "tuber"),
    ("bulb", "thân hành", "鳞茎", "bulb", "bulbus"),
    ("corm", "thân hành đặc", "球茎", "corm"),
    ("stem", "thân", "茎", "stem", "caulis"),
    ("twig", "cành", "枝", "twig", "ramulus"),
    ("hooked-stem", "cành có móc", "带钩茎枝", "stem with hooks", "ramulus cum uncis"),
    ("wood", "gỗ", "木", "heartwood", "lignum"),
    ("stem-pith", "lõi thân", "茎髓", "stem pith", "medulla"),
    ("bark", "vỏ thân", "树皮", "bark", "cortex"),
    ("root-bark", "vỏ rễ", "根皮", "root bark"),
    ("leaf", "lá", "叶", "leaf", "folium"),
    ("flower", "hoa", "花", "flower", "flos"),
    ("flower-bud", "nụ hoa", "花蕾", "flower bud"),
    ("stigma", "đầu nhụy", "柱头", "stigma"),
    ("pollen", "phấn hoa", "花粉", "pollen"),
    ("fruit", "quả", "果实", "fruit", "fructus"),
    ("immature-fruit", "quả non", "幼果", "immature fruit"),
    ("fruit-spike", "cụm quả", "果穗", "fruit spike", "spica"),
    ("pericarp", "vỏ quả", "果皮", "pericarp", "pericarpium"),
    ("seed", "hạt", "种子", "seed", "semen"),
    ("kernel", "nhân hạt", "种仁", "kernel"),
    ("aril", "áo hạt", "假种皮", "aril", "arillus"),
    ("aerial-parts", "phần trên mặt đất", "地上部分", "aerial parts", "herba"),
    ("whole-plant", "toàn cây", "全草", "whole plant"),
    ("resin", "nhựa", "树脂", "resin", "resina"),
    ("gum", "gôm", "树胶", "gum", "gummi"),
    ("sclerotium", "hạch nấm", "菌核", "sclerotium"),
    ("fruiting-body", "thể quả nấm", "子实体", "fruiting body"),
    ("spore", "bào tử", "孢子", "spore", "spora"),
    ("gall", "vú lá", "虫瘿", "gall", "galla"),
    ("animal", "động vật", "动物", "animal (whole or part)"),
    ("shell", "vỏ", "贝壳", "shell", "concha"),
    ("mineral", "khoáng vật", "矿物", "mineral"),
    ("processed", "sản phẩm chế biến", "加工品", "processed product"),
)

SECTION = _v(
    "monograph section",
    ("description", "Mô tả", "性状", "Description"),
    ("actions", "Công năng", "功能", "Actions", "功效", "Công dụng"),
    ("indications", "Chủ trị", "主治", "Indications"),
    ("dosage", "Liều dùng", "用法用量", "Dosage", "Cách dùng, liều lượng"),
    ("contraindications", "Kiêng kỵ", "禁忌", "Contraindications", "Cautions", "注意"),
    ("processing", "Bào chế", "炮制", "Processing"),
    ("storage", "Bảo quản", "贮藏", "Storage"),
    ("notes", "Ghi chú", "备注", "Notes"),
)

NAME_KIND = _v(
    "name kind",
    ("primary", "tên chính", "正名", "primary"),
    ("synonym", "tên khác", "别名", "synonym"),
    ("vernacular", "tên địa phương", "地方名", "vernacular"),
    ("hanviet", "tên Hán-Việt", "汉越名", "Sino-Vietnamese"),
    ("former", "tên cũ", "旧名", "former"),
    ("trade", "tên thương mại", "商品名", "trade"),
)

# the languages herb names are written in (BCP 47), with the border's minority languages
LANGUAGE = _v(
    "language",
    ("vi", "Tiếng Việt", "越南语", "Vietnamese"),
    ("zh-Hans", "Chữ Hán giản thể", "简体中文", "Chinese (simplified)"),
    ("zh-Hant", "Chữ Hán phồn thể", "繁体中文", "Chinese (traditional)"),
    ("zh-Latn-pinyin", "Bính âm", "拼音", "Pinyin"),
    ("la", "Latinh", "拉丁文", "Latin"),
    ("en", "Tiếng Anh", "英语", "English"),
    ("tyz", "Tày", "岱依语", "Tày"),
    ("nut", "Nùng", "侬语", "Nùng"),
    ("ium", "Dao", "瑶语（勉语）", "Iu Mien (Dao)"),
    ("hmn", "H'Mông", "苗语", "Hmong"),
    ("za", "Tiếng Choang", "壮语", "Zhuang"),
)

REVIEW_STATUS = _v(
    "review status",
    ("unreviewed", "chưa thẩm định", "未审核", "unreviewed"),
    ("reviewed", "đã thẩm định", "已审核", "reviewed"),
)

PROPERTY_VOCABS: dict[str, Vocabulary] = {
    "nature": NATURE,
    "flavour": FLAVOUR,
    "meridian": MERIDIAN,
    "toxicity": TOXICITY,
    "category": CATEGORY,
}
