"""Every label of the interface in Vietnamese, Chinese and English: one table, one lookup.

Herb data (names, monographs) is never translated here: it is shown as written. A test fails
when a string lacks a language or its `{placeholders}` differ between languages.
"""

from __future__ import annotations

LANGS = ("vi", "zh", "en")
# the language each interface language reads vocabulary labels in (vocab.Term.label)
TERM_LANG = {"vi": "vi", "zh": "zh-Hans", "en": "en"}
LANG_NAMES = {"vi": "Tiếng Việt", "zh": "中文", "en": "English"}

STRINGS: dict[str, tuple[str, str, str]] = {
    # frame and navigation
    "app.tagline": (
        "Dược liệu Việt Nam – Quảng Tây: tên Việt, 中文, pinyin, Latin",
        "中越边境药材：越南名、中文、拼音、拉丁名",
        "Herbs of the Vietnam–Guangxi border: Vietnamese, 中文, pinyin, Latin",
    ),
    "nav.search": ("Tra cứu", "检索", "Search"),
    "nav.browse": ("Danh mục", "浏览", "Browse"),
    "nav.overview": ("Tổng quan", "概览", "Overview"),
    "nav.herb": ("Vị thuốc", "药材", "Herb"),
    "lang.label": ("Ngôn ngữ giao diện", "界面语言", "Interface language"),
    "mode.read_only": (
        "Chỉ xem: tra cứu, đọc và xuất dữ liệu. Máy chủ này chưa có đăng nhập nên không sửa được.",
        "只读：可检索、阅读和导出。此服务器尚无登录功能，不能修改。",
        "Read-only: search, read and export. This server has no sign-in yet, so nothing can be "
        "changed.",
    ),
    "mode.anonymous_edits": (
        "Ai trong mạng này cũng sửa được danh mục; mỗi lần sửa ghi tên người sửa.",
        "此网络中任何人都能修改目录；每次修改都记录修改人姓名。",
        "Anyone on this network can edit the catalogue; every edit records its author's name.",
    ),
    # search
    "search.box": (
        "Tên vị thuốc: tiếng Việt, 中文, pinyin, Latin hoặc tiếng Anh",
        "药名：越南文、中文、拼音、拉丁文或英文",
        "Herb name: Vietnamese, 中文, pinyin, Latin or English",
    ),
    "search.fulltext": (
        "Tìm trong nội dung chuyên luận (đau đầu, 头痛, headache)",
        "在专论正文中检索（đau đầu、头痛、headache）",
        "Search monograph text (đau đầu, 头痛, headache)",
    ),
    "search.hint": (
        "Gõ tên bất kỳ của vị thuốc, có dấu hay không dấu; kết quả hiện ngay khi gõ.",
        "输入药材的任何名称，可不带声调；边输入边显示结果。",
        "Type any name of a herb, with or without tones; results appear as you type.",
    ),
    "search.none": (
        "Không tìm thấy vị thuốc nào cho “{query}”.",
        "未找到与“{query}”匹配的药材。",
        "Nothing found for “{query}”.",
    ),
    "search.filtered_out": (
        "Có {count} kết quả cho “{query}”, nhưng bộ lọc đã ẩn hết.",
        "“{query}”有 {count} 个结果，但都被筛选条件隐藏了。",
        "{count} results for “{query}”, all hidden by the filters.",
    ),
    "search.count": (
        "{count} vị thuốc cho “{query}”",
        "“{query}”：{count} 味药材",
        "{count} herbs for “{query}”",
    ),
    "search.failed": (
        "Không tìm được: {error}",
        "检索失败：{error}",
        "The search failed: {error}",
    ),
    # filters and facets
    "filters.title": ("Bộ lọc", "筛选", "Filters"),
    "filters.any": ("Tất cả", "全部", "Any"),
    "filters.unknown": (
        "Bỏ qua giá trị lọc không có trong danh mục: {values}",
        "已忽略目录中不存在的筛选值：{values}",
        "Ignored filter values the catalogue does not know: {values}",
    ),
    "facet.nature": ("Tính", "性", "Nature"),
    "facet.flavour": ("Vị", "味", "Flavour"),
    "facet.meridian": ("Quy kinh", "归经", "Meridian"),
    "facet.toxicity": ("Độc tính", "毒性", "Toxicity"),
    "facet.category": ("Nhóm thuốc", "功效分类", "Category"),
    "facet.part": ("Bộ phận dùng", "药用部位", "Part used"),
    "facet.family": ("Họ thực vật", "科", "Family"),
    "facet.lang": ("Ngôn ngữ của tên khớp", "匹配名称的语言", "Language of the match"),
    # how a hit matched
    "match.exact": (
        "khớp đúng {lang} “{text}”",
        "完全匹配{lang}“{text}”",
        "exact match on {lang} “{text}”",
    ),
    "match.folded": (
        "khớp (bỏ dấu) {lang} “{text}”",
        "匹配（忽略声调）{lang}“{text}”",
        "match ignoring tones on {lang} “{text}”",
    ),
    "match.prefix": (
        "khớp phần đầu {lang} “{text}”",
        "前缀匹配{lang}“{text}”",
        "prefix match on {lang} “{text}”",
    ),
    "match.words": (
        "có các từ đã gõ, trong {lang} “{text}”",
        "含所查词语：{lang}“{text}”",
        "the words typed, in {lang} “{text}”",
    ),
    "match.fuzzy": (
        "gần giống {lang} “{text}” — có phải ý bạn là vị này?",
        "近似匹配{lang}“{text}”——您要找的是这个吗？",
        "near match on {lang} “{text}” — did you mean this one?",
    ),
    "match.confusable": (
        "hiện cạnh “{text}” vì dễ nhầm lẫn",
        "因易与“{text}”混淆而并列显示",
        "shown beside “{text}”, with which it is confused",
    ),
    "match.text": ("khớp nội dung mục {text}", "正文匹配：{text}", "text match in {text}"),
    "via.pinyin": ("qua bính âm", "经拼音", "via pinyin"),
    "via.hanviet": ("qua âm Hán-Việt", "经汉越音", "via the Hán-Việt reading"),
    "via.abbrev": ("tên viết tắt", "缩写", "abbreviated"),
    "via.species": ("tên loài", "物种名", "species"),
    # badges
    "badge.lookalike": ("Dễ nhầm với {name}", "易与{name}混淆", "Confusable with {name}"),
    "badge.retired": ("Đã ngừng dùng", "已停用", "Retired"),
    # herb page
    "herb.choose": (
        "Chưa chọn vị thuốc. Tìm ở trang Tra cứu hoặc Danh mục.",
        "尚未选择药材。请在“检索”或“浏览”中查找。",
        "No herb chosen. Find one under Search or Browse.",
    ),
    "herb.missing": (
        "Không có vị thuốc “{slug}” trong danh mục.",
        "目录中没有药材“{slug}”。",
        "The catalogue has no herb “{slug}”.",
    ),
    "herb.retired": (
        "Vị thuốc này đã ngừng dùng từ {on}: {reason}",
        "该药材已于 {on} 停用：{reason}",
        "This herb was retired on {on}: {reason}",
    ),
    "herb.names": ("Tên gọi", "名称", "Names"),
    "herb.sources": ("Nguồn gốc", "来源", "Source species"),
    "herb.synonyms": ("tên đồng nghĩa", "异名", "synonyms"),
    "herb.properties": ("Tính chất", "性味归经", "Properties"),
    "herb.monograph": ("Chuyên luận", "专论", "Monograph"),
    "herb.no_monograph": ("Chưa có chuyên luận.", "暂无专论。", "No monograph yet."),
    "herb.references": ("Tài liệu tham khảo", "参考文献", "References"),
    "herb.lookalikes": ("Dễ nhầm lẫn với", "易混淆品", "Look-alikes"),
    "herb.review": ("Thẩm định", "审核", "Review"),
    "herb.reviewed_by": (
        "{status}: {by}, {on}, đối chiếu {reference}",
        "{status}：{by}，{on}，依据{reference}",
        "{status}: {by}, {on}, checked against {reference}",
    ),
    "herb.provenance": ("Nguồn dữ liệu", "数据来源", "Provenance"),
    "herb.history": ("Lịch sử thay đổi", "修改历史", "History"),
    "herb.revision": (
        "Phiên bản {version} · {at} · {author}",
        "第 {version} 版 · {at} · {author}",
        "Version {version} · {at} · {author}",
    ),
    "herb.no_changes": ("Không có trường nào thay đổi.", "没有字段变化。", "No field changed."),
    "herb.toxic_banner": (
        "{label}. Dùng đúng liều, đúng cách bào chế; xem mục Kiêng kỵ.",
        "{label}。须按规定剂量与炮制方法使用；见“禁忌”。",
        "{label}. Use only at the stated dose and processing; see Contraindications.",
    ),
    "diff.field": ("Trường", "字段", "Field"),
    "diff.old": ("Trước", "修改前", "Before"),
    "diff.new": ("Sau", "修改后", "After"),
    # browse
    "browse.order": ("Sắp xếp", "排序", "Sort"),
    "order.vi": ("Theo vần tiếng Việt", "按越南语字母", "Vietnamese order"),
    "order.pinyin": ("Theo bính âm", "按拼音", "Pinyin order"),
    "order.la": ("Theo tên Latin", "按拉丁名", "Latin order"),
    "browse.count": (
        "{shown} trên {total} vị thuốc. Bấm vào tên để mở.",
        "共 {total} 味药材，显示 {shown} 味。点击名称即可打开。",
        "{shown} of {total} herbs. Choose a name to open it.",
    ),
    "browse.rows": ("Dòng {first}–{last}", "第 {first}–{last} 行", "Rows {first}–{last}"),
    "col.vi": ("Tên Việt", "越南名", "Vietnamese"),
    "col.zh-Hans": ("Tên Trung", "中文名", "Chinese"),
    "col.zh-Latn-pinyin": ("Bính âm", "拼音", "Pinyin"),
    "col.la": ("Tên Latin", "拉丁名", "Latin"),
    "col.en": ("Tên tiếng Anh", "英文名", "English"),
    "col.toxicity": ("Độc tính", "毒性", "Toxicity"),
    "col.lookalikes": ("Dễ nhầm", "易混淆", "Look-alikes"),
    # overview
    "overview.by": ("Vị thuốc theo {facet}", "按{facet}统计药材", "Herbs by {facet}"),
    "overview.family_top": (
        "Vị thuốc theo họ thực vật (20 họ nhiều nhất)",
        "按科统计药材（前 20 科）",
        "Herbs by family (top 20)",
    ),
    "overview.pick": (
        "Chọn một cột để xem các vị thuốc đó trong Danh mục.",
        "点击柱条即可在“浏览”中查看这些药材。",
        "Choose a bar to see those herbs in Browse.",
    ),
    "overview.completeness": ("Độ đầy đủ của dữ liệu", "数据完整度", "How complete the data is"),
    "overview.names_by_lang": ("Tên gọi theo ngôn ngữ", "各语言名称数", "Names by language"),
    "overview.herbs": ("Số vị thuốc", "药材数", "Herbs"),
    "overview.share": ("Tỉ lệ", "比例", "Share"),
    "overview.names": ("Số tên", "名称数", "Names"),
    "overview.what": ("Dữ liệu", "数据", "Data"),
    "measure.name": ("Tên {lang}", "{lang}名称", "{lang} name"),
    "measure.minority-name": (
        "Tên dân tộc (Tày, Nùng, Choang, Dao, H'Mông)",
        "少数民族语名称（岱依、侬、壮、瑶、苗）",
        "Minority-language name (Tày, Nùng, Zhuang, Dao, Hmong)",
    ),
    "measure.species": ("Loài nguồn gốc", "来源物种", "Source species"),
    "measure.properties": ("Tính vị", "性味", "Properties"),
    "measure.monograph": ("Chuyên luận {lang}", "{lang}专论", "Monograph in {lang}"),
    "measure.reviewed": ("Đã thẩm định", "已审核", "Reviewed"),
    # editing
    "nav.new": ("Thêm vị thuốc", "新增药材", "New herb"),
    "nav.edit": ("Sửa vị thuốc", "编辑药材", "Edit herb"),
    "herb.edit": ("Sửa", "编辑", "Edit"),
    "edit.title_new": ("Thêm vị thuốc mới", "新增药材", "A new herb"),
    "edit.title_edit": ("Sửa: {name}", "编辑：{name}", "Editing {name}"),
    "edit.version": (
        "Đang sửa phiên bản {version}.",
        "正在编辑第 {version} 版。",
        "Editing version {version}.",
    ),
    "edit.slug": ("Mã (slug)", "标识（slug）", "Slug"),
    "edit.slug_help": (
        "Để trống: lấy từ tên tiếng Việt (Cam thảo → cam-thao).",
        "留空则由越南名生成（Cam thảo → cam-thao）。",
        "Leave empty to make it from the Vietnamese name (Cam thảo → cam-thao).",
    ),
    "edit.slug_will_be": ("Mã sẽ là: {slug}", "标识将为：{slug}", "Its slug will be: {slug}"),
    "edit.name": ("Tên", "名称", "Name"),
    "edit.lang": ("Ngôn ngữ", "语言", "Language"),
    "edit.kind": ("Loại tên", "名称类型", "Kind"),
    "edit.accept": (
        "Thêm {lang}: {text} (từ {source})",
        "添加{lang}：{text}（由{source}推得）",
        "Add {lang}: {text} (from {source})",
    ),
    "edit.species": ("Loài (kèm tác giả)", "物种（含命名人）", "Species (with authority)"),
    "edit.synonyms": (
        "Tên đồng nghĩa (cách nhau bởi ;)",
        "异名（以 ; 分隔）",
        "Synonyms (separated by ;)",
    ),
    "edit.preview": ("Xem trước", "预览", "Preview"),
    "edit.other_herb": ("Vị thuốc dễ nhầm", "易混淆药材", "Other herb"),
    "edit.how_told_apart": ("Cách phân biệt", "鉴别要点", "How to tell them apart"),
    "edit.reviewer": ("Người thẩm định", "审核人", "Reviewer"),
    "edit.reviewed_on": ("Ngày thẩm định", "审核日期", "Reviewed on"),
    "edit.checked_against": ("Đối chiếu với", "核对依据", "Checked against"),
    "edit.review_needs": (
        "Đã thẩm định cần tên người thẩm định, ngày và tài liệu đối chiếu.",
        "“已审核”须填写审核人、日期及核对依据。",
        "A reviewed herb needs the reviewer, the date and the reference checked against.",
    ),
    "edit.author": ("Người sửa", "修改人", "Your name"),
    "edit.author_help": (
        "Ghi vào lịch sử thay đổi; nhớ trong phiên làm việc này.",
        "记入修改历史；本次会话内保留。",
        "Recorded in the history; remembered for this session.",
    ),
    "edit.author_needed": (
        "Cho biết ai lưu thay đổi này.",
        "请填写修改人。",
        "Say who is saving this change.",
    ),
    "edit.comment": ("Lý do thay đổi", "修改说明", "Why"),
    "edit.comment_hint": (
        "ví dụ: sửa liều theo Dược điển 2020",
        "例如：按2020年版药典更正剂量",
        "e.g. dose corrected per the 2020 pharmacopoeia",
    ),
    "edit.accept_warnings": (
        "Tôi đã đọc các cảnh báo và vẫn lưu",
        "我已阅读上述提示，仍要保存",
        "I have read the warnings and save anyway",
    ),
    "edit.save": ("Lưu", "保存", "Save"),
    "edit.not_saved": (
        "Chưa lưu: {count} điều cần xem ở trên.",
        "未保存：上面有 {count} 项需要处理。",
        "Not saved: {count} things to look at above.",
    ),
    "edit.busy": (
        "Danh mục đang bận (một lần nhập dữ liệu đang chạy). Chưa lưu gì; hãy thử lại sau ít phút.",
        "目录正忙（正在导入数据）。尚未保存；请稍后再试。",
        "The catalogue is busy (an import is running). Nothing was saved; try again in a minute.",
    ),
    "edit.conflict": (
        "Người khác đã lưu vị thuốc này từ khi bạn mở (nay là phiên bản {version}):",
        "自您打开以来，他人已保存此药材（现为第 {version} 版）：",
        "Someone saved this herb since you opened it (it is now version {version}):",
    ),
    "edit.conflict_kept": (
        "Những gì bạn nhập vẫn còn nguyên bên dưới.",
        "您输入的内容仍保留在下方。",
        "Everything you typed is still below.",
    ),
    "edit.apply_on_top": (
        "Áp thay đổi của tôi lên bản mới",
        "把我的修改套用到新版本上",
        "Apply my changes on top of theirs",
    ),
    "edit.clashes": (
        "Cả hai cùng sửa {fields}: biểu mẫu giữ giá trị của bạn. Xem lại rồi bấm Lưu.",
        "双方都修改了 {fields}：表单保留您的值。请核对后保存。",
        "You both changed {fields}: the form keeps your value. Check, then save.",
    ),
    "edit.load_latest": (
        "Tải bản mới nhất (bỏ thay đổi của tôi)",
        "载入最新版本（放弃我的修改）",
        "Load the latest (drop my changes)",
    ),
    "herb.against_now": (
        "So với bản hiện tại (phiên bản này → hiện tại):",
        "与当前版本比较（此版本 → 当前）：",
        "Against the current record (this version → now):",
    ),
    "herb.restore": (
        "Khôi phục phiên bản {version}",
        "恢复第 {version} 版",
        "Restore version {version}",
    ),
    "herb.retire": ("Ngừng dùng vị thuốc này", "停用此药材", "Retire this herb"),
    "herb.unretire": ("Dùng lại vị thuốc này", "恢复使用此药材", "Bring this herb back"),
    "herb.retire_reason": ("Lý do", "原因", "Why"),
    # import
    "nav.import": ("Nhập dữ liệu", "导入数据", "Import"),
    "import.hint": (
        "Tệp {suffixes}, tối đa {limit} MB. Chạy thử trước: chưa ghi gì cho đến khi bạn xác nhận.",
        "支持 {suffixes} 文件，最大 {limit} MB。先试运行：确认前不会写入任何内容。",
        (
            "Files {suffixes}, up to {limit} MB. A dry run comes first: nothing is written until "
            "you commit."
        ),
    ),
    "import.file": ("Chọn tệp", "选择文件", "Choose a file"),
    "import.columns": ("Các cột được đọc thế nào", "各列的读取方式", "How the columns are read"),
    "import.column": ("Cột trong tệp", "文件中的列", "Column in the file"),
    "import.field": ("Đọc thành", "读作", "Read as"),
    "import.dry_run": ("Chạy thử", "试运行", "Dry run"),
    "import.run_dry": (
        "Chạy thử (không ghi gì)",
        "试运行（不写入）",
        "Run the dry run (writes nothing)",
    ),
    "import.reading": ("Đang đọc…", "正在读取…", "Reading…"),
    "import.rows": ("{n} / {total} dòng", "{n} / {total} 行", "{n} of {total} rows"),
    "import.cancel": ("Dừng", "停止", "Cancel"),
    "import.stopped": (
        "Đã dừng; chưa ghi gì vào danh mục.",
        "已停止；目录未写入任何内容。",
        "Stopped; nothing was written.",
    ),
    "import.download_report": ("Tải báo cáo (CSV)", "下载报告（CSV）", "Download the report (CSV)"),
    "import.download_rejects": (
        "Tải các dòng bị loại (CSV) để sửa và nạp lại",
        "下载被拒绝的行（CSV），修改后重新导入",
        "Download the rejected rows (CSV) to fix and load again",
    ),
    "import.commit": ("Ghi vào danh mục", "写入目录", "Commit"),
    "import.skip_bad": (
        "Bỏ qua các dòng lỗi, ghi các dòng tốt",
        "跳过有误的行，写入其余行",
        "Skip the bad rows and commit the good ones",
    ),
    "import.all_or_nothing": (
        "{n} dòng bị loại: theo mặc định không ghi gì cả. Sửa tệp, hoặc chọn bỏ qua các dòng lỗi.",
        "有 {n} 行被拒绝：默认全部不写入。请修改文件，或选择跳过有误的行。",
        (
            "{n} rows were rejected: by default nothing is written. Fix the file, or skip the bad "
            "rows."
        ),
    ),
    "import.do_commit": ("Ghi", "写入", "Commit"),
    "import.changed_since": (
        "Danh mục đã thay đổi sau lần chạy thử. Hãy chạy thử lại trước khi ghi.",
        "试运行之后目录已有变化。请重新试运行后再写入。",
        "The catalogue changed since the dry run. Run it again before committing.",
    ),
    "import.committed": (
        (
            "Đã ghi: {added} thêm, {updated} cập nhật, {unchanged} không đổi, {conflict} xung đột, "
            "{rejected} bị loại."
        ),
        "已写入：新增 {added}，更新 {updated}，未变 {unchanged}，"
        "冲突 {conflict}，拒绝 {rejected}。",
        (
            "Committed: {added} added, {updated} updated, {unchanged} unchanged, {conflict} "
            "conflicts, {rejected} rejected."
        ),
    ),
    "outcome.added": ("Thêm mới", "新增", "Added"),
    "outcome.updated": ("Cập nhật", "更新", "Updated"),
    "outcome.unchanged": ("Không đổi", "未变", "Unchanged"),
    "outcome.conflict": ("Xung đột", "冲突", "Conflicts"),
    "outcome.review": ("Cần xem lại", "待核对", "To review"),
    "outcome.rejected": ("Bị loại", "拒绝", "Rejected"),
    # errors
    "error.catalogue": (
        "Không mở được danh mục dược liệu: {error}",
        "无法打开药材目录：{error}",
        "The herb catalogue cannot be opened: {error}",
    ),
    "error.empty": (
        "Danh mục chưa có vị thuốc nào. Nạp các vị đi kèm bằng `herbkb init --with-bundled`.",
        "目录中还没有药材。请用 `herbkb init --with-bundled` 导入自带药材。",
        "The catalogue holds no herbs yet. Load the bundled ones: `herbkb init --with-bundled`.",
    ),
    # herb lists (the Lists page, and "add to a list" on other pages)
    "nav.lists": ("Danh sách", "药材清单", "Lists"),
    "lists.none": (
        "Chưa có danh sách nào.",
        "还没有清单。",
        "No lists yet.",
    ),
    "lists.choose": ("Danh sách", "清单", "List"),
    "lists.option": ("{title} ({count} vị)", "{title}（{count} 味）", "{title} ({count} herbs)"),
    "lists.new": ("Danh sách mới", "新建清单", "New list"),
    "lists.title": ("Tên danh sách", "清单名称", "Title"),
    "lists.note": ("Ghi chú", "备注", "Note"),
    "lists.create": ("Tạo danh sách", "创建", "Create"),
    "lists.created": ("Đã tạo danh sách “{title}”.", "已创建清单“{title}”。", "Created “{title}”."),
    "lists.changed": (
        "{count} vị thuốc · sửa lần cuối {at} bởi {author}",
        "{count} 味药材 · 最后修改 {at}，修改人 {author}",
        "{count} herbs · last changed {at} by {author}",
    ),
    "lists.empty": (
        "Danh sách chưa có vị thuốc. Dán tên vào ô dưới đây, hoặc thêm từ trang Tra cứu, "
        "Danh mục hay trang vị thuốc.",
        "清单中还没有药材。请在下方粘贴药名，或从“检索”“浏览”或药材页面添加。",
        "The list has no herbs yet. Paste names below, or add them from Search, Browse or a "
        "herb's page.",
    ),
    "lists.paste": ("Dán tên vị thuốc", "粘贴药名", "Paste names"),
    "lists.paste_box": (
        "Mỗi dòng một tên, bằng bất kỳ ngôn ngữ nào (tiếng Việt, 中文, pinyin, Latin…)",
        "每行一个药名，任何语言均可（越南文、中文、拼音、拉丁文……）",
        "One name a line, in any language (Vietnamese, 中文, pinyin, Latin…)",
    ),
    "lists.resolve": ("Tìm và thêm", "查找并添加", "Find and add"),
    "lists.pasted": (
        "Đã thêm {added} vị; {already} vị đã có trong danh sách; {choose} dòng cần chọn; "
        "{unknown} dòng không tìm thấy.",
        "已添加 {added} 味；{already} 味已在清单中；{choose} 行需要选择；{unknown} 行未找到。",
        "Added {added}; {already} already in the list; {choose} lines to choose; "
        "{unknown} not found.",
    ),
    "lists.to_choose": (
        "Các dòng chưa chắc chắn: chọn đúng vị thuốc (hoặc bỏ qua)",
        "不确定的行：请选择正确的药材（或跳过）",
        "Unsure lines: choose the right herb (or skip)",
    ),
    "lists.line": (
        "Dòng {line}: “{text}” — {reason}",
        "第 {line} 行：“{text}”——{reason}",
        "Line {line}: “{text}” — {reason}",
    ),
    "cause.shared": (
        "nhiều vị thuốc cùng tên này",
        "多味药材同名",
        "several herbs share this name",
    ),
    "cause.lookalike": (
        "vị này có vị dễ nhầm lẫn",
        "此药有易混淆品",
        "this herb has a look-alike",
    ),
    "cause.weak": (
        "không vị nào có đúng tên này; đây là các tên gần nhất",
        "没有完全同名的药材；以下为最接近的名称",
        "no herb has exactly this name; the closest are offered",
    ),
    "lists.skip": ("Bỏ qua dòng này", "跳过此行", "Skip this line"),
    "lists.add_chosen": ("Thêm các vị đã chọn", "添加所选药材", "Add the chosen herbs"),
    "lists.unknown": (
        "Không tìm thấy (tìm lại ở trang Tra cứu): {lines}",
        "未找到（请在“检索”中再查）：{lines}",
        "Not found (try Search): {lines}",
    ),
    "lists.items": ("Các vị trong danh sách", "清单中的药材", "Herbs in the list"),
    "lists.warnings": ("Cảnh báo", "警示", "Warnings"),
    "lists.item": ("Vị thuốc", "药材", "Herb"),
    "lists.position": ("Vị trí", "位置", "Position"),
    "lists.item_note": (
        "Ghi chú (ví dụ: mẫu ở bàn 3)",
        "备注（例如：样品在 3 号桌）",
        "Note (e.g. sample on table 3)",
    ),
    "lists.save_item": ("Lưu vị trí và ghi chú", "保存位置和备注", "Save position and note"),
    "lists.remove": ("Bỏ khỏi danh sách", "从清单移除", "Remove from the list"),
    "lists.sort_by": ("Sắp xếp cả danh sách", "整个清单排序", "Sort the whole list"),
    "lists.sort": ("Sắp xếp", "排序", "Sort"),
    "lists.manage": ("Đổi tên, sao chép, xoá", "重命名、复制、删除", "Rename, copy, delete"),
    "lists.rename": ("Đổi tên", "重命名", "Rename"),
    "lists.save_note": ("Lưu ghi chú", "保存备注", "Save the note"),
    "lists.copy_title": ("Tên bản sao", "副本名称", "Title of the copy"),
    "lists.copy": ("Sao chép", "复制", "Copy"),
    "lists.confirm_delete": (
        "Tôi muốn xoá danh sách này",
        "我确定要删除此清单",
        "I want to delete this list",
    ),
    "lists.delete": ("Xoá danh sách", "删除清单", "Delete the list"),
    "lists.deleted": ("Đã xoá danh sách “{title}”.", "已删除清单“{title}”。", "Deleted “{title}”."),
    "lists.saved": ("Đã lưu.", "已保存。", "Saved."),
    "lists.history": ("Lịch sử danh sách", "清单修改历史", "History of the list"),
    "lists.export": ("Xuất và in", "导出与打印", "Export and print"),
    "lists.names": ("Tên", "名称", "Names"),
    "lists.species": (
        "Loài nguồn gốc (tác giả, họ)",
        "来源物种（命名人、科）",
        "Source species (authority, family)",
    ),
    "lists.properties": ("Tính chất", "性味归经等", "Properties"),
    "lists.sections": ("Mục chuyên luận", "专论章节", "Monograph sections"),
    "lists.no_sections": ("Không kèm chuyên luận", "不含专论", "No monograph text"),
    "lists.section_langs": ("Ngôn ngữ chuyên luận", "专论语言", "Monograph languages"),
    "lists.header": ("Ngôn ngữ tiêu đề cột", "表头语言", "Header language"),
    "lists.order": ("Thứ tự", "顺序", "Order"),
    "order.list": ("Theo danh sách", "按清单顺序", "The list's order"),
    "lists.layout": ("Bản in", "打印版式", "Print layout"),
    "layout.table": ("Bảng", "表格", "Table"),
    "layout.cards": ("Thẻ từng vị", "每味一卡", "One card per herb"),
    "lists.item_notes": ("Kèm ghi chú từng vị", "包含每味药的备注", "Include item notes"),
    "lists.with_warnings": (
        "Kèm cảnh báo độc tính và dễ nhầm lẫn",
        "包含毒性与易混淆警示",
        "Include toxicity and look-alike warnings",
    ),
    "lists.warnings_off": (
        "Bản xuất này KHÔNG có cảnh báo độc tính và dễ nhầm lẫn. Tài liệu phát cho đại biểu "
        "nên có các cảnh báo này.",
        "此导出不含毒性与易混淆警示。发给代表的资料应包含这些警示。",
        "This export carries NO toxicity or look-alike warnings. A handout for delegates "
        "should carry them.",
    ),
    "lists.preview": ("Xem trước", "预览", "Preview"),
    "lists.format": ("Định dạng", "格式", "Format"),
    "format.xlsx": ("Excel (XLSX)", "Excel (XLSX)", "Excel (XLSX)"),
    "format.csv": ("CSV", "CSV", "CSV"),
    "format.json": ("JSON", "JSON", "JSON"),
    "format.md": ("Markdown", "Markdown", "Markdown"),
    "format.html": ("Bản in (HTML)", "打印版 (HTML)", "Print (HTML)"),
    "lists.download": ("Tải về {format}", "下载 {format}", "Download {format}"),
    "lists.print_hint": (
        "Mở tệp HTML trong trình duyệt rồi In → Lưu thành PDF (khổ A4).",
        "在浏览器中打开 HTML 文件，选择“打印 → 另存为 PDF”（A4）。",
        "Open the HTML file in a browser, then Print → Save as PDF (A4).",
    ),
    "lists.add_shown": (
        "Thêm {count} vị đang hiện vào danh sách",
        "将显示的 {count} 味加入清单",
        "Add the {count} herbs shown to a list",
    ),
    "lists.add_this": ("Thêm vào danh sách", "加入清单", "Add to a list"),
    "lists.add": ("Thêm", "添加", "Add"),
    "lists.added": (
        "Đã thêm {added} vị vào “{title}”; {already} vị đã có.",
        "已向“{title}”添加 {added} 味；{already} 味已在其中。",
        "Added {added} to “{title}”; {already} already there.",
    ),
    "edit.row": ("Dòng {n}", "第 {n} 行", "Row {n}"),
    "lists.none_yet": (
        "Chưa có danh sách nào: tạo danh sách ở trang Danh sách.",
        "还没有清单：请在“药材清单”页面创建。",
        "No lists yet: create one on the Lists page.",
    ),
    "lists.failed": ("Không thực hiện được: {error}", "操作失败：{error}", "Not done: {error}"),
}


# The core's refusals and findings (herbkb.records.MESSAGES, herbkb.check.MESSAGES, and a few of
# pydantic's own), worded in Vietnamese and Chinese with the same placeholders; English is the
# core's own sentence.
PROBLEMS: dict[str, tuple[str, str]] = {
    "missing": ("thiếu", "缺少"),
    "string_type": ("phải là chữ", "应为文本"),
    "too_short": ("cần ít nhất {min_length} dòng", "至少需要 {min_length} 行"),
    "empty": ("để trống", "为空"),
    "unknown_term": (
        "“{value}” không phải {vocabulary} đã biết; các giá trị: {known}",
        "“{value}”不是已知的 {vocabulary}；可用：{known}",
    ),
    "not_bcp47": (
        "“{value}” không phải mã ngôn ngữ BCP 47 (ví dụ vi, zh-Hans, la)",
        "“{value}”不是 BCP 47 语言代码（如 vi、zh-Hans、la）",
    ),
    "no_han": ("tên {lang} “{text}” không có chữ Hán", "{lang} 名称“{text}”不含汉字"),
    "han_outside_chinese": (
        "tên {lang} “{text}” lại viết bằng chữ Hán",
        "{lang} 名称“{text}”使用了汉字",
    ),
    "section_lang": ("chuyên luận chỉ viết bằng {langs}", "专论只用 {langs} 书写"),
    "reviewer_missing": ("vị đã thẩm định phải ghi người thẩm định", "已审核的药材须注明审核人"),
    "not_herb_slug": ("“{value}” không phải mã vị thuốc", "“{value}”不是药材代码"),
    "not_slug": (
        "“{value}” không phải mã hợp lệ (chữ thường không dấu, nối bằng “-”)",
        "“{value}”不是有效代码（小写 ASCII 字母，用“-”连接）",
    ),
    "name_twice": ("tên “{text}” ({lang}) bị ghi hai lần", "名称“{text}”（{lang}）重复"),
    "two_primaries": ("có hai tên chính bằng {lang}", "{lang} 有两个正名"),
    "section_twice": (
        "một mục chuyên luận xuất hiện hai lần trong cùng một ngôn ngữ",
        "同一语言中某专论条目出现两次",
    ),
    "traditional_mismatch": (
        "chữ phồn thể {traditional} chuyển thành {converted}, không phải chữ giản thể {simplified}",
        "繁体 {traditional} 转换为 {converted}，而不是简体 {simplified}",
    ),
    "variant_forms": (
        "tên giản thể {simplified} có chữ phồn thể hoặc dị thể",
        "简体名 {simplified} 含有繁体字或异体字",
    ),
    "pinyin_mismatch": (
        "bính âm “{pinyin}” không phải cách đọc của {simplified} (đúng là “{expected}”)",
        "拼音“{pinyin}”不是 {simplified} 的读音（应为“{expected}”）",
    ),
    "no_pinyin": ("chưa có bính âm", "缺少拼音"),
    "hanviet_mismatch": (
        "tên Hán-Việt “{text}” không phải âm Hán-Việt của {chinese} ({readings})",
        "汉越名“{text}”不是 {chinese} 的汉越读音（{readings}）",
    ),
    "hanviet_without_chinese": (
        "tên Hán-Việt “{text}” nhưng không có tên chữ Hán để đối chiếu",
        "有汉越名“{text}”，但没有可对照的中文名",
    ),
    "latin_no_part": (
        "tên dược liệu Latinh “{text}” không nêu bộ phận dùng (Radix, Herba, Fructus…)",
        "药材拉丁名“{text}”未注明药用部位（Radix、Herba、Fructus…）",
    ),
    "not_binomial": (
        "“{text}” không phải tên loài đúng dạng (Chi loài Tác giả)",
        "“{text}”不是规范的学名（属名 种加词 命名人）",
    ),
    "no_family": ("{species}: chưa có họ thực vật", "{species}：缺少科名"),
    "bad_family": (
        "{species}: “{family}” không phải tên họ thực vật",
        "{species}：“{family}”不是科名",
    ),
    "no_part": ("{species}: chưa ghi bộ phận dùng", "{species}：未记录药用部位"),
    "unknown_reference": (
        "tài liệu “{key}” không có trong danh mục tài liệu tham khảo",
        "文献“{key}”不在参考文献目录中",
    ),
    "unknown_confusable": (
        "vị dễ nhầm “{slug}”: không có vị thuốc này",
        "易混淆药材“{slug}”：无此药材",
    ),
    "confusable_without_note": (
        "vị dễ nhầm {slug}: hãy ghi cách phân biệt",
        "易混淆药材 {slug}：请说明如何区分",
    ),
    "no_source": (
        "chưa có tài liệu tham khảo và chưa ghi nguồn dữ liệu: hãy cho biết thông tin lấy từ đâu",
        "没有参考文献也没有数据来源：请说明资料出处",
    ),
    "not_in_pharmacopoeia": (
        "có trích {citation}, nhưng {name} không phải một mục của dược điển này",
        "引用了 {citation}，但 {name} 不是其中的条目",
    ),
}


def problem(lang: str, english: str, code: str, values: dict[str, str], where: str = "") -> str:
    """A problem the core found, worded in interface language `lang`; its English sentence
    where no wording is known (a new check, pydantic's rarer errors)."""
    worded = PROBLEMS.get(code)
    if lang not in ("vi", "zh") or worded is None:
        return english
    text = worded[LANGS.index(lang)].format(**values)
    return f"{where}: {text}" if where else text


def t(lang: str, key: str, /, **values: object) -> str:
    """The label `key` in interface language `lang` (vi, zh, en), placeholders filled."""
    text = STRINGS[key][LANGS.index(lang) if lang in LANGS else 0]
    return text.format(**values) if values else text
