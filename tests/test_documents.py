"""Reading and parsing reports: heading styles, cleaning, inline items, metadata, every file format."""

import json
import re
import subprocess
import sys

import pytest
from click.testing import CliRunner

from assistant.cli import cli
from assistant.kb.documents import SUPPORTED_SUFFIXES, admin_level, load_report, parse_report, read_text
from assistant.errors import DocumentError
from assistant.kb.taxonomy import classify_part_heading

HALF_TO_FULL = str.maketrans(",;:!?()", "，；：！？（）")


def normalised(text: str) -> str:
    """Text without what cleaning removes (spaces, markup), for comparing an item with its source."""
    text = re.sub(r"\[bookmark:[^\]]*\]|[\s*#|]|-{3,}", "", text)
    return text.translate(HALF_TO_FULL)


def is_subsequence(short: str, long: str) -> bool:
    chars = iter(long)
    return all(char in chars for char in short)


def items_of(report):
    return [item for part in report.parts for section in part.sections for item in section.items]


def assert_spans_fit(report):
    """Every item's span shows its own text in Report.text (page numbers in between may remain)."""
    for item in items_of(report):
        own_text = item.heading + item.text if item.kind == "table" else item.text
        original, cleaned = normalised(report.text[item.span[0]:item.span[1]]), normalised(own_text)
        assert original[0] == cleaned[0] and original[-1] == cleaned[-1], (item.text, original)
        assert is_subsequence(cleaned, original), (item.text, original)


def parse(text: str):
    report = parse_report(text, "snippet.txt")
    assert_spans_fit(report)
    return report


def outline(report):
    return [(part.part, [section.label for section in part.sections]) for part in report.parts]


def write_docx_markdown(path, text):
    """A Word file as a person would make it: `#` lines as heading styles, `**…**` as bold runs."""
    import docx

    document = docx.Document()
    for line in filter(str.strip, text.splitlines()):
        heading = re.match(r"\s*(#{1,6})\s*(.*)", line)
        if heading:
            document.add_heading(heading.group(2).replace("**", ""), level=len(heading.group(1)))
            continue
        paragraph = document.add_paragraph()
        for n, piece in enumerate(line.strip().split("**")):
            paragraph.add_run(piece).bold = n % 2 == 1
    document.save(str(path))
    return path


def pdf_rows(line: str, width: int, indent: bool) -> list[str]:
    """A paragraph laid out as a PDF does: fixed width, digits half as wide, no comma at a line start."""
    rows, row, used = [], "\u3000\u3000" if indent else "", 2.0 if indent else 0.0
    for char in line:
        size = 0.5 if ord(char) < 128 else 1.0
        if used + size > width and row:
            if char in "，。、；：”）》！？":  # squeezed onto the full line, as typesetting does
                rows.append(row + char)
                row, used = "", 0.0
                continue
            rows.append(row)
            row, used = "", 0.0
        row, used = row + char, used + size
    return rows + [row] if row else rows


def write_pdf_lines(path, lines, wrap=None, per_page=22, indent=False):
    """A real PDF with a Chinese text layer; paragraphs wrapped at `wrap` characters, numbered pages."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    rows = [row for line in lines for row in pdf_rows(line, wrap, indent and not re.match("[一二三四五六七八九十]、", line))]
    pdf = canvas.Canvas(str(path))
    for page, start in enumerate(range(0, len(rows), per_page), start=1):
        pdf.setFont("STSong-Light", 14)
        for n, row in enumerate(rows[start:start + per_page]):
            pdf.drawString(60, 780 - 30 * n, row)
        pdf.drawString(280, 60, f"— {page} —")
        pdf.showPage()
    pdf.save()
    return path


# ---------------------------------------------------------------- heading styles

PLAIN = """某县应急管理局2023年法治政府建设情况报告
2023年，我局坚持依法行政，各项工作取得新进展，现报告如下：
一、主要举措和成效
（一）强化组织保障。调整法治建设领导小组，明确专人负责日常工作。
（二）规范执法行为。全年开展执法检查120次，立案15起。
二、存在的不足和原因
执法人员专业素质有待提升，执法装备不够到位。
三、下一年度工作打算
（一）持续深化普法。进一步丰富宣传形式。
"""

MARKDOWN = """# 某区应急管理局2023年法治建设情况报告

2023年以来，我局认真落实法治建设各项部署，现报告如下：

## 一、学习贯彻习近平法治思想，压实法治建设责任

局党委把法治建设纳入年度重点工作，定期研究部署。

### 二、强化执法监督，提升执法质效

**(一) 落实三项制度，规范执法程序。**一是完善公示制度。二是推行全过程记录。

**（二）加强案卷评查，提升办案质量。**全年评查案卷30卷。

#### 三、2024 年度工作思路

**(一) 深化普法宣传。**持续开展“谁执法谁普法”活动。
"""

ARABIC_FIRST = """2023年，我局扎实推进法治建设，现将情况汇报如下：
1、 主要举措和成效
（一）健全制度。制定执法工作规则。
2、建立执法台账，逐月更新。
（二）强化监督。开展案卷评查。
二、党政主要负责人履行推进法治建设第一责任人职责情况
一是带头学法；二是带头述法。
三、存在问题和原因
基层执法力量薄弱。
四、2025年工作计划
持续推进执法规范化建设。
"""

INDENTED = """2023年，我局依法履职，现报告如下：
    一、基本情况
全年办理行政许可12件。
\u3000\u3000二、存在问题
宣传形式较为单一。
\t三、下一步工作计划
进一步创新普法方式。
"""

YEAR_IN_HEADING = """2024 年，我局法治建设稳步推进。
一、2024 年依法行政工作开展情况
(一) 压实法治责任，抓好理论武装。组织专题学习6次。
（二）严格规范执法，提高办案质量。立案 93 起。
二、法治政府建设工作亮点——推行全员安全生产责任制，压实企业主体责任。
先期在12家企业试点。
三、2024年存在的问题
执法装备保障不足。
四、2025 年工作计划
深入学习贯彻习近平法治思想。
"""

ARABIC_SECOND = """2023年，我局推进法治政府建设，现报告如下：
一、主要举措和成效
（1） 提高政治站位，加强组织领导。成立领导小组。
（2） 依法科学决策，提升依法行政能力。聘请法律顾问。
（3） 完善应急预案，依法做好应急处置。修订预案5件。
二、存在的不足和原因
（1） 数字化建设程度不高。平台整合不足。
（二）法治宣传广度不够。宣传形式单一。
三、工作思路
（1） 加强法治理论学习。落实学法制度。
（二）规范行政执法行为。严格执行三项制度。
（三）推进数字化建设。迭代执法平台。
"""


@pytest.mark.parametrize("text, parts, headings", [
    (PLAIN, [("preamble", [""]), ("measures", ["（一）", "（二）"]), ("shortcomings", [""]), ("plans", ["（一）"])],
     ["主要举措和成效", "存在的不足和原因", "下一年度工作打算"]),
    (MARKDOWN, [("preamble", [""]), ("measures", [""]), ("measures", ["（一）", "（二）"]), ("plans", ["（一）"])],
     ["学习贯彻习近平法治思想，压实法治建设责任", "强化执法监督，提升执法质效", "2024年度工作思路"]),
    (ARABIC_FIRST, [("preamble", [""]), ("measures", ["（一）", "（二）"]), ("leader_duty", [""]),
                    ("shortcomings", [""]), ("plans", [""])],
     ["主要举措和成效", "党政主要负责人履行推进法治建设第一责任人职责情况", "存在问题和原因", "2025年工作计划"]),
    (INDENTED, [("preamble", [""]), ("measures", [""]), ("shortcomings", [""]), ("plans", [""])],
     ["基本情况", "存在问题", "下一步工作计划"]),
    (YEAR_IN_HEADING, [("preamble", [""]), ("measures", ["（一）", "（二）"]), ("highlights", [""]),
                       ("shortcomings", [""]), ("plans", [""])],
     ["2024年依法行政工作开展情况", "法治政府建设工作亮点——推行全员安全生产责任制，压实企业主体责任",
      "2024年存在的问题", "2025年工作计划"]),
    (ARABIC_SECOND, [("preamble", [""]), ("measures", ["（1）", "（2）", "（3）"]), ("shortcomings", ["（1）", "（二）"]),
                     ("plans", ["（1）", "（二）", "（三）"])],
     ["主要举措和成效", "存在的不足和原因", "工作思路"]),
], ids=["plain", "markdown", "arabic-top", "indented", "year-in-heading", "arabic-second"])
def test_heading_styles(text, parts, headings):
    report = parse(text)
    assert outline(report) == parts
    assert [part.heading for part in report.parts if part.part != "preamble"] == headings


@pytest.mark.parametrize("heading, part", [
    ("主要举措和成效", "measures"), ("基本情况", "measures"), ("注重普法宣传培训，推进普法工作入脑入心", "measures"),
    ("认真履行职责，推进依法行政", "measures"), ("打造特色普法品牌", "measures"),
    ("2023年度法治建设工作目标完成情况", "measures"),
    ("工作亮点", "highlights"), ("法治政府建设工作亮点——推行全员责任制", "highlights"),
    ("党政主要负责人履行推进法治建设第一责任人职责情况", "leader_duty"),
    ("存在的问题", "shortcomings"), ("存在的不足和原因", "shortcomings"), ("存在问题和原因", "shortcomings"),
    ("下一步工作计划", "plans"), ("2025 年工作计划", "plans"), ("2024年度法治建设工作思路", "plans"),
    ("2025年工作重点", "plans"), ("今后工作打算", "plans"),
])
def test_part_headings_map_to_canonical_parts(heading, part):
    assert classify_part_heading(heading) == part


def test_section_headings_are_the_first_sentence_and_labels_are_full_width():
    report = parse(MARKDOWN)
    sections = report.parts[2].sections
    assert [(s.label, s.heading) for s in sections] == [("（一）", "落实三项制度，规范执法程序"),
                                                        ("（二）", "加强案卷评查，提升办案质量")]
    assert [item.text for item in sections[1].items] == ["全年评查案卷30卷。"]
    assert sections[0].topic == "enforcement"


def test_part_labels_and_spans_cover_their_text():
    report = parse(ARABIC_FIRST)
    assert [part.label for part in report.parts] == ["", "1、", "二、", "三、", "四、"]
    measures = report.parts[1]
    assert report.text[measures.span[0]:measures.span[1]].startswith("1、 主要举措和成效")
    assert report.text[measures.span[0]:measures.span[1]].rstrip().endswith("开展案卷评查。")


@pytest.mark.parametrize("line", [
    "一、二季度共开展执法检查40次，查处违法行为8起。",  # 一、二 counts quarters
    "三、对重点企业开展检查，发现隐患12处。已全部整改。",  # sentence ends in mid-line
    "二、" + "对全区危化品企业开展全覆盖检查，" * 4,  # far too long for a heading
    "1.5万元用于购置执法装备。",
])
def test_lines_that_look_numbered_are_no_top_level_headings(line):
    report = parse(f"2023年，我局工作报告如下：\n一、主要举措和成效\n（一）加强执法。全年检查企业80家。\n{line}\n二、存在问题\n力量不足。\n")
    assert [part.heading for part in report.parts] == ["", "主要举措和成效", "存在问题"]
    assert normalised(line)[:8] in normalised("".join(item.text for item in items_of(report)))


def test_arabic_list_inside_a_section_is_not_a_second_level_heading():
    report = parse("2023年，我局法治建设情况报告如下：\n一、主要举措\n（一）加强执法。\n（1）开展专项检查。\n（2）查处违法案件。\n"
                   "（二）加强普法。开展宣传。\n")
    sections = report.parts[1].sections
    assert [s.label for s in sections] == ["（一）", "（二）"]
    assert [item.text for item in sections[0].items] == ["（1）开展专项检查。", "（2）查处违法案件。"]


def test_a_skipped_number_is_forgiven_but_a_stray_one_is_not():
    skipped = parse("2023年，我局依法履职，报告如下：\n一、主要举措\n检查企业。\n三、存在问题\n力量不足。\n四、工作计划\n持续推进。\n")
    assert [part.label for part in skipped.parts] == ["", "一、", "三、", "四、"]
    stray = parse("2023年，我局依法履职，报告如下：\n一、主要举措\n（一）加强执法。检查企业。\n（二）加强普法。开展宣传。\n"
                  "（四）号文件要求各单位落实。\n（三）加强监督。开展评查。\n")
    assert [s.label for s in stray.parts[1].sections] == ["（一）", "（二）", "（三）"]


def test_numbering_out_of_sequence_is_text():
    report = parse("2023年，我局法治建设情况报告如下：\n一、主要举措\n（一）加强执法。检查企业。\n（四）号文件要求各单位落实。\n（二）加强普法。开展宣传。\n")
    assert [s.label for s in report.parts[1].sections] == ["（一）", "（二）"]


def test_part_heading_running_on_into_its_body_and_numbered_list_sections():
    report = parse("2023年，我局依法履职，报告如下：\n一、主要举措和成效。2023年，我局持续推进法治建设。\n"
                   "1.加强组织领导。成立领导小组，定期研究。\n2.规范执法行为。全年立案12起。\n"
                   "二、存在的问题：一是执法力量薄弱；二是宣传不足。\n三、下一步工作打算\n持续推进。\n")
    assert outline(report) == [("preamble", [""]), ("measures", ["", "1.", "2."]), ("shortcomings", [""]), ("plans", [""])]
    assert [part.heading for part in report.parts[1:]] == ["主要举措和成效", "存在的问题", "下一步工作打算"]
    assert report.parts[1].sections[1].heading == "加强组织领导"
    assert [item.label for item in report.parts[2].sections[0].items] == ["一是", "二是"]


def test_parenthesised_headings_are_parts_when_they_name_the_standard_parts():
    report = parse("2023年，我局依法履职，报告如下：\n（一）主要工作和成效\n1.加强组织领导。成立领导小组。\n"
                   "2.规范执法行为。全年立案12起。\n（二）存在的问题。执法力量不足。\n（三）2024年工作计划\n持续推进。\n")
    assert outline(report) == [("preamble", [""]), ("measures", ["1.", "2."]), ("shortcomings", [""]), ("plans", [""])]
    assert [part.label for part in report.parts] == ["", "（一）", "（二）", "（三）"]
    assert report.parts[2].heading == "存在的问题" and report.parts[2].sections[0].items[0].text == "执法力量不足。"


def test_report_without_top_level_headings_keeps_its_opening_and_sections():
    report = parse("2023年，我局依法履职，报告如下：\n（一）加强执法。检查企业。\n（二）加强普法。开展宣传。\n")
    assert outline(report) == [("preamble", [""]), ("measures", ["（一）", "（二）"])]


# ---------------------------------------------------------------- cleaning

def test_lines_broken_in_mid_sentence_are_joined():
    report = parse("2023年，我局法治建设情况报告如下：\n一、主要举措和成效\n（一）加强普法宣传。依托“安全生产法\n\n宣传周”开展活动，发放资料\n3000 份。\n"
                   "二、存在问题\n执法力量较为薄弱，基层执法人员\n\n数量偏少。\n")
    texts = [item.text for item in items_of(report)]
    assert "依托“安全生产法宣传周”开展活动，发放资料3000份。" in texts
    assert report.parts[2].heading == "存在问题"  # the heading is not joined with its body
    assert texts[-1] == "执法力量较为薄弱，基层执法人员数量偏少。"


def test_section_heading_broken_in_mid_line_is_rejoined_where_headings_run_inline():
    report = parse("2023年，我局依法履职，报告如下：\n一、主要举措\n（一）强化组织领导，压实法治建设责任。一是成立领导小组。\n"
                   "（二）规范行政执法，全\n\n面提高办案质量。一是严格执法。\n（三）优化营商环境。一是优化服务。\n")
    second = report.parts[1].sections[1]
    assert (second.heading, [item.label for item in second.items]) == ("规范行政执法，全面提高办案质量", ["一是"])


def test_section_heading_alone_on_its_line_is_not_joined_with_its_body():
    report = parse("2023年，我局依法履职，报告如下：\n一、主要举措\n（一）加强组织领导\n全年召开会议4次。\n"
                   "（二）规范执法行为\n全年立案12起，办结12起。\n")
    sections = report.parts[1].sections
    assert [(s.heading, [i.text for i in s.items]) for s in sections] == [
        ("加强组织领导", ["全年召开会议4次。"]), ("规范执法行为", ["全年立案12起，办结12起。"])]


def test_title_is_not_joined_with_the_opening_and_split_titles_are_joined():
    report = parse("某区应急管理局关于\n\n2023年度法治政府建设工作报告\n\n2023年，我局依法行政。\n一、主要举措\n检查企业。\n")
    assert report.title == "某区应急管理局关于2023年度法治政府建设工作报告"
    assert items_of(report)[0].text == "2023年，我局依法行政。"


WEB_PAGE = """政府信息公开
某市应急管理局2022年法治政府建设年度报告
发布时间:2023-02-10 09:30  【 下载 】  字号:[ 大 中 小 ]
2022年,我局深入推进依法行政,现报告如下:
一、主要举措和成效
全年开展执法检查300次,
— - 1 - —
查处违法行为25起。
二、存在问题
执法装备不足。
某市应急管理局
2023年2月10日
扫码查看手机版
关联 文章
关联 图片
关联 附件
返回
[bookmark: _GoBack]
"""


def test_web_chrome_and_page_numbers_are_dropped():
    report = parse(WEB_PAGE)
    text = "".join(item.text for item in items_of(report))
    for chrome in ("政府信息公开", "发布时间", "下载", "字号", "扫码", "关联", "返回", "bookmark", "— - 1"):
        assert chrome not in text
    assert report.title == "某市应急管理局2022年法治政府建设年度报告"
    assert "全年开展执法检查300次，查处违法行为25起。" in text  # joined across the page break
    assert [item.text for item in report.parts[-1].sections[0].items] == ["某市应急管理局", "2023年2月10日"]
    assert (report.year, report.date, report.bureau) == (2022, "2023年2月10日", "某市应急管理局")


@pytest.mark.parametrize("chrome", [
    "【字体：大 中 小】", "打印本页 关闭窗口", "来源：某市应急管理局", "索引号：11420100MB1234567X/2023-00012",
    "第 2 页 共 9 页", "- 3 -", "12", "版权所有：某市人民政府办公厅", "签发人：张三", "当前位置：首页 > 政务公开",
    "2024/3/8 下午5:11 某局2023年法治政府建设工作报告", "https://yjj.example.gov.cn/xxgk/2024/t123.html 2/5", "---",
])
def test_more_page_chrome_is_dropped(chrome):
    report = parse(f"某局2023年法治政府建设工作报告\n{chrome}\n2023年，我局依法行政。\n一、主要举措\n检查企业。\n{chrome}\n")
    assert report.title == "某局2023年法治政府建设工作报告"
    assert [item.text for item in items_of(report)] == ["2023年，我局依法行政。", "检查企业。"]


def test_half_width_punctuation_and_spaces_around_numbers_are_normalised():
    report = parse("2022年,我局推进依法行政:\n一、主要举措\n全年立案 93 起,下达处罚决定书 78 份,罚款 102.8 万元(含滞纳金)。\n")
    assert items_of(report)[-1].text == "全年立案93起，下达处罚决定书78份，罚款102.8万元（含滞纳金）。"


def test_kangxi_radicals_from_pdf_fonts_read_as_ordinary_characters():
    report = parse("2023年，我局依法履职，报告如下：\n\u2f00、主要举措和成效\n全年检查企业80家。\n\u2f06、存在的问题\n执法力量不足。\n")
    assert [(part.label, part.part) for part in report.parts] == [("", "preamble"), ("一、", "measures"), ("二、", "shortcomings")]


# ---------------------------------------------------------------- inline items

INLINE = """2023年，我局法治建设情况报告如下：
一、主要举措和成效
（一）加强执法。**一是**开展专项检查，覆盖企业50家；**二是**严格案件审核，全年审核案件20件。
三是推进非现场执法。启用监管平台，统一是非标准。
（二）加强普法。
**一是落实普法责任制。**制定责任清单。二是开展宪法宣传周活动，发放资料2000份。
二、工作亮点
2023年9月起，我局试点全员安全生产责任制。一是坚持高位推动，压实各级责任。二是坚持以点带面。
"""


def test_inline_items_get_label_heading_and_their_own_text():
    report = parse(INLINE)
    first, second = report.parts[1].sections
    assert [(i.kind, i.label, i.heading) for i in first.items] == [
        ("item", "一是", "开展专项检查，覆盖企业50家"),
        ("item", "二是", "严格案件审核，全年审核案件20件"),
        ("item", "三是", "推进非现场执法")]
    assert first.items[2].text == "三是推进非现场执法。启用监管平台，统一是非标准。"
    assert second.heading == "加强普法" and [i.heading for i in second.items] == ["落实普法责任制", "开展宪法宣传周活动，发放资料2000份"]


def test_text_before_the_first_inline_item_is_a_paragraph():
    highlights = parse(INLINE).parts[2]
    assert highlights.part == "highlights" and highlights.sections[0].heading == ""
    assert [(i.kind, i.label) for i in highlights.sections[0].items] == [("paragraph", ""), ("item", "一是"), ("item", "二是")]
    assert highlights.sections[0].items[2].heading == "坚持以点带面"


# ---------------------------------------------------------------- metadata

HEADED = """榕仓应急〔2024〕15号

福州市仓山区应急管理局关于
2023年度法治政府建设情况的报告

区委、区政府：
\u3000\u30002023年，我局坚持以习近平法治思想为指导，现将有关情况报告如下：
一、主要举措和成效
全年开展执法检查260家次。
二、下一步工作打算
持续加强执法队伍建设。

中共福州市仓山区应急管理局委员会
福州市仓山区应急管理局
2024年3月5日
"""


def test_metadata_from_header_and_signature():
    report = parse(HEADED)
    assert report.doc_number == "榕仓应急〔2024〕15号"
    assert report.title == "福州市仓山区应急管理局关于2023年度法治政府建设情况的报告"
    assert report.addressee == "区委、区政府"
    assert (report.bureau, report.level, report.year, report.date) == ("福州市仓山区应急管理局", "区县", 2023, "2024年3月5日")
    assert report.signature.splitlines() == ["中共福州市仓山区应急管理局委员会", "福州市仓山区应急管理局"]
    assert [part.part for part in report.parts] == ["preamble", "measures", "plans", "closing"]


def test_letterhead_issuer_under_the_title_and_repeated_title():
    report = parse("某市某区应急管理局文件\n某应急〔2024〕3号\n关于2023年度法治政府建设情况的报告\n"
                   "关于2023年度法治政府建设情况的报告\n某市某区应急管理局\n（2024年1月10日）\n"
                   "2023年，我局依法履职。\n一、主要举措\n检查企业。\n（此件公开发布）\n")
    assert report.title == "关于2023年度法治政府建设情况的报告"
    assert (report.bureau, report.level, report.date, report.doc_number) == ("某市某区应急管理局", "区县", "2024年1月10日", "某应急〔2024〕3号")
    assert [part.part for part in report.parts] == ["preamble", "measures", "closing"]


def test_section_spans_start_at_their_label():
    report = parse(MARKDOWN)
    for part in report.parts:
        for section in part.sections:
            start = normalised(report.text[section.span[0]:section.span[1]])
            assert start.startswith(normalised(section.label + section.heading) if section.label else normalised(section.items[0].text)[:5])


def test_attachments_after_the_signature_stay_out_of_the_body():
    report = parse("2023年，我局依法履职，报告如下：\n一、主要举措\n全年检查企业80家。\n某县应急管理局\n2024年1月8日\n"
                   "附件：2023年执法数据统计表\n| 项目 | 数量 |\n| --- | --- |\n| 检查企业 | 80家 |\n| 立案 | 12起 |\n")
    assert [part.part for part in report.parts] == ["preamble", "measures", "closing"]
    assert (report.bureau, report.date) == ("某县应急管理局", "2024年1月8日")
    signature, attachment = report.parts[-1].sections
    assert [item.text for item in signature.items] == ["某县应急管理局", "2024年1月8日"]
    assert attachment.heading == "附件：2023年执法数据统计表"
    assert [(item.kind, item.heading, item.text) for item in attachment.items] == [("table", "项目 | 数量", "检查企业 | 80家\n立案 | 12起")]


@pytest.mark.parametrize("text, year", [
    ("关于法治政府建设情况的报告\n2023年，我局依法行政。\n一、主要举措\n检查企业。\n", 2023),
    ("关于法治政府建设情况的报告\n今年以来，我局依法行政。\n一、主要举措\n检查企业。\n某县应急管理局\n二〇二四年三月五日\n", 2023),
    ("某县应急管理局二〇二三年度法治政府建设报告\n今年，我局依法行政。\n一、主要举措\n检查企业。\n", 2023),
    ("法治政府建设情况报告\n按照《法治政府建设实施纲要（2021-2025年）》要求，2023年我局依法行政。\n一、主要举措\n检查。\n", 2023),
])
def test_year_covered_comes_from_title_opening_or_date(text, year):
    assert parse(text).year == year


def test_bureau_named_only_in_the_opening():
    report = parse("2023年，长沙县应急管理局在县委、县政府领导下依法履职，现报告如下：\n一、主要举措\n检查企业。\n")
    assert (report.bureau, report.level) == ("长沙县应急管理局", "区县")


@pytest.mark.parametrize("bureau, level", [
    ("江汉区市场监督管理局", "区县"), ("长沙县应急管理局", "区县"), ("湘乡市应急管理局", "市"),
    ("市应急管理局", "市"), ("广西壮族自治区应急管理厅", "省"), ("莆田市荔城区城市管理局", "区县"), ("某镇人民政府", "乡镇街道"), ("某街道办事处", "乡镇街道"), ("", ""),
])
def test_administrative_level(bureau, level):
    assert admin_level(bureau) == level


def test_to_dict_has_the_agreed_shape():
    tree = parse(HEADED).to_dict()
    assert {"title", "bureau", "year", "doc_number", "parts"} <= tree.keys() and "text" not in tree
    section = tree["parts"][1]["sections"][0]
    assert {"heading", "topic", "items"} <= section.keys()
    assert {"kind", "text", "span", "label", "heading"} <= section["items"][0].keys()


# ---------------------------------------------------------------- file formats

def write_report_docx(path):
    """A Word report with a title, heading styles, a bold section heading, a 30-row table and a list."""
    import docx

    document = docx.Document()
    document.add_heading("某区应急管理局2023年法治政府建设工作报告", level=0)
    document.add_paragraph("区委、区政府：")
    document.add_paragraph("2023年，我局深入推进依法行政，现将有关情况报告如下：")
    document.add_heading("一、主要举措和成效", level=1)
    paragraph = document.add_paragraph()
    paragraph.add_run("（一）加强执法检查。").bold = True
    paragraph.add_run("一是开展专项检查；二是严格案件审核。")
    table = document.add_table(rows=1, cols=3)
    for cell, name in zip(table.rows[0].cells, ("序号", "检查对象", "数量")):
        cell.text = name
    for n in range(1, 31):
        row = table.add_row().cells
        row[0].text, row[1].text, row[2].text = str(n), f"第{n}片区企业", f"{n * 3}家"
    document.add_paragraph("制定检查计划", style="List Number")
    document.add_paragraph("公示检查结果", style="List Number")
    document.add_heading("二、存在的问题", level=1)
    document.add_paragraph("执法力量仍然薄弱。")
    document.save(str(path))
    return path


def test_docx_headings_bold_numbering_and_table(tmp_path):
    path = write_report_docx(tmp_path / "报告.docx")
    text = read_text(path)
    assert "# 一、主要举措和成效" in text and "**（一）加强执法检查。**" in text and "1.制定检查计划" in text
    report = load_report(path)
    assert_spans_fit(report)
    assert outline(report) == [("preamble", [""]), ("measures", ["（一）"]), ("shortcomings", [""])]
    assert report.title == "某区应急管理局2023年法治政府建设工作报告" and report.addressee == "区委、区政府"
    items = report.parts[1].sections[0].items
    assert [(i.kind, i.label) for i in items] == [("item", "一是"), ("item", "二是"), ("table", ""),
                                                 ("item", "1."), ("item", "2.")]
    table_item = items[2]
    assert table_item.heading == "序号 | 检查对象 | 数量"
    assert len(table_item.text.splitlines()) == 30 and table_item.text.splitlines()[0] == "1 | 第1片区企业 | 3家"
    assert report.text[table_item.span[0]:table_item.span[1]].startswith("| 序号 | 检查对象 | 数量 |")


W_NS = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def add_chinese_list(document) -> None:
    """Define Word list 90, numbered 一、 at level 0 and （一） at level 1, as Word itself writes it."""
    from docx.oxml import parse_xml

    levels = "".join(f'<w:lvl w:ilvl="{n}"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/>'
                     f'<w:lvlText w:val="{text}"/></w:lvl>' for n, text in enumerate(["%1、", "（%2）"]))
    numbering = document.part.numbering_part.element
    numbering.insert(0, parse_xml(f'<w:abstractNum {W_NS} w:abstractNumId="90">{levels}</w:abstractNum>'))
    numbering.append(parse_xml(f'<w:num {W_NS} w:numId="90"><w:abstractNumId w:val="90"/></w:num>'))


def add_list_paragraph(document, text: str, level: int) -> None:
    from docx.oxml import parse_xml

    paragraph = document.add_paragraph(text)
    paragraph._p.get_or_add_pPr().append(
        parse_xml(f'<w:numPr {W_NS}><w:ilvl w:val="{level}"/><w:numId w:val="90"/></w:numPr>'))


def test_docx_automatic_chinese_numbering_is_written_out(tmp_path):
    import docx

    document = docx.Document()
    add_chinese_list(document)
    document.add_paragraph("2023年，我局依法履职，现将有关情况报告如下：")
    add_list_paragraph(document, "主要举措和成效", 0)
    add_list_paragraph(document, "加强组织领导。一是成立领导小组；二是定期研究部署。", 1)
    add_list_paragraph(document, "规范执法行为。全年立案12起。", 1)
    add_list_paragraph(document, "存在的问题", 0)
    document.add_paragraph("执法力量仍然薄弱。")
    path = tmp_path / "自动编号.docx"
    document.save(str(path))

    text = read_text(path)
    assert "一、主要举措和成效\n（一）加强组织领导。" in text and "（二）规范执法行为。" in text and "二、存在的问题" in text
    report = load_report(path)
    assert outline(report) == [("preamble", [""]), ("measures", ["（一）", "（二）"]), ("shortcomings", [""])]


@pytest.mark.parametrize("encoding", ["gbk", "gb18030", "utf-8", "utf-8-sig", "utf-16"])
def test_text_encodings(tmp_path, encoding):
    path = tmp_path / "报告.txt"
    path.write_bytes(HEADED.encode(encoding))
    report = load_report(path)
    assert report.text == HEADED
    assert (report.bureau, report.doc_number) == ("福州市仓山区应急管理局", "榕仓应急〔2024〕15号")


def test_windows_newlines_read_like_path_read_text(tmp_path):
    path = tmp_path / "报告.txt"
    path.write_bytes(PLAIN.replace("\n", "\r\n").encode("utf-8"))
    report = load_report(path)
    assert report.text == path.read_text(encoding="utf-8")
    assert outline(report) == outline(parse(PLAIN))
    assert_spans_fit(report)


def test_markdown_file(tmp_path):
    path = tmp_path / "报告.md"
    path.write_text(MARKDOWN, encoding="utf-8")
    report = load_report(path)
    assert report.source == "报告.md" and outline(report) == outline(parse(MARKDOWN))


def test_pdf_text_layer_with_wrapped_lines_and_page_numbers(tmp_path):
    lines = [line for line in YEAR_IN_HEADING.splitlines() + HEADED.splitlines()[-3:] if line.strip()]
    path = write_pdf_lines(tmp_path / "报告.pdf", lines, wrap=16, per_page=8)
    text = read_text(path)
    assert "— 2 —" in text and "2025 年工作计划" in text.replace("\n", "")
    report = load_report(path)
    assert_spans_fit(report)
    assert outline(report) == outline(parse(YEAR_IN_HEADING)) + [("closing", [""])]
    assert report.parts[2].heading == "法治政府建设工作亮点——推行全员安全生产责任制，压实企业主体责任"
    assert "— 2 —" not in "".join(item.text for item in items_of(report))


# ---------------------------------------------------------------- files that cannot be read

def scanned_pdf(path):
    from reportlab.pdfgen import canvas

    pdf = canvas.Canvas(str(path))
    pdf.rect(100, 100, 300, 500, fill=1)
    pdf.showPage()
    pdf.save()


@pytest.mark.parametrize("name, make, message", [
    ("空.txt", lambda p: p.write_bytes(b""), "空的"),
    ("空白.md", lambda p: p.write_text(" \n\n\u3000\n", encoding="utf-8"), "没有文字"),
    ("图片.txt", lambda p: p.write_bytes(bytes(range(256)) * 40), "不是文本文件"),
    ("乱码.txt", lambda p: p.write_bytes(bytes(range(1, 32)) * 100), "不是文本文件"),
    ("坏的.docx", lambda p: p.write_bytes(b"PK\x03\x04 this is not really a zip archive"), "不是有效的 Word"),
    ("改名.docx", lambda p: p.write_text("一、主要举措", encoding="utf-8"), "不是有效的 Word"),
    ("旧版.doc", lambda p: p.write_bytes(b"\xd0\xcf\x11\xe0"), "不支持的文件类型"),
    ("表格.xlsx", lambda p: p.write_bytes(b"PK"), "不支持的文件类型"),
    ("巨大.txt", lambda p: p.write_bytes("一".encode() * (7 * 1024 * 1024)), "文件过大"),
    ("坏的.pdf", lambda p: p.write_bytes(b"%PDF-1.4\n garbage without objects"), "PDF 文件已损坏"),
    ("扫描件.pdf", scanned_pdf, "没有文字层"),
    ("只有网页信息.txt", lambda p: p.write_text("返回\n关联 图片\n— 2 —\n", encoding="utf-8"), "没有可解析的正文"),
    ("不存在.txt", lambda p: None, "找不到文件"),
])
def test_unreadable_files_raise_a_clear_document_error(tmp_path, name, make, message):
    path = tmp_path / name
    make(path)
    with pytest.raises(DocumentError) as raised:
        load_report(path)
    assert message in str(raised.value) and name in str(raised.value)
    assert re.search("请|支持", str(raised.value))  # says what to do


def test_supported_suffixes():
    assert set(SUPPORTED_SUFFIXES) == {".txt", ".md", ".docx", ".pdf"}


# ---------------------------------------------------------------- command line

def test_cli_parse_json(tmp_path):
    path = tmp_path / "报告.txt"
    path.write_text(HEADED, encoding="utf-8")
    result = CliRunner().invoke(cli, ["parse", str(path), "--json"])
    assert result.exit_code == 0, result.output
    tree = json.loads(result.output)
    assert (tree["bureau"], tree["year"], tree["doc_number"]) == ("福州市仓山区应急管理局", 2023, "榕仓应急〔2024〕15号")
    assert [part["part"] for part in tree["parts"]] == ["preamble", "measures", "plans", "closing"]
    assert tree["parts"][1]["sections"][0]["items"][0]["text"] == "全年开展执法检查260家次。"


def test_cli_parse_outline_in_chinese(tmp_path):
    path = tmp_path / "报告.md"
    path.write_text(MARKDOWN, encoding="utf-8")
    result = CliRunner().invoke(cli, ["parse", str(path), "--kb", str(tmp_path / "kb")])
    assert result.exit_code == 0, result.output
    assert "【主要举措和成效】二、强化执法监督，提升执法质效" in result.output
    assert "（一）落实三项制度，规范执法程序  〔行政执法〕 2 条" in result.output


def test_cli_parse_bad_file_exits_with_a_message(tmp_path):
    path = tmp_path / "空.txt"
    path.write_bytes(b"")
    result = CliRunner().invoke(cli, ["parse", str(path)])
    assert result.exit_code == 2 and "错误：空.txt：文件是空的" in result.output


def test_parse_command_as_a_separate_process(tmp_path):
    path = tmp_path / "报告.txt"
    path.write_bytes(HEADED.encode("gbk"))
    done = subprocess.run([sys.executable, "-m", "assistant", "parse", str(path), "--json"],
                          capture_output=True, text=True, encoding="utf-8", timeout=60)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["doc_number"] == "榕仓应急〔2024〕15号"
