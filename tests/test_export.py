"""Export: the .docx read back with python-docx follows GB/T 9704-2012; Markdown parses back the same."""

from pathlib import Path

import pytest
from click.testing import CliRunner
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml.ns import qn
from docx.shared import Pt

from assistant.cli import cli
from assistant.kb.documents import parse_report
from assistant.errors import InputError
from assistant.write.export import arabic_date, export_docx, export_markdown, export_report, text_width
from assistant.kb.formats import read_text

KNOWLEDGE = Path(__file__).resolve().parent.parent / "knowledge"

# A short fictional report (our own words) in the genre's rough shapes: “1、” before “二、”,
# inline 一是 items, a table, a date in Chinese numerals.
REPORT = """示应急〔2024〕5号

示例市应急管理局关于
2023年度法治政府建设工作情况的报告

中共示例市委、示例市人民政府：
2023年，我局坚持以习近平法治思想为指导，扎实推进法治政府建设。现将有关情况报告如下：

1、 主要举措和成效
（一）加强组织领导，压实法治建设责任。一是局党委理论学习中心组专题学习习近平法治思想4次。二是调整法治建设领导小组，明确分管领导和责任处室。
（二）严格规范执法，提升执法质效。一是全年检查生产经营单位420家次，立案93起。二是组织执法案卷评查，评查案卷30卷。
| 项目 | 数量 |
| --- | --- |
| 检查企业 | 420家次 |
| 立案 | 93起 |

二、党政主要负责人履行推进法治建设第一责任人职责情况
局主要负责人认真履行第一责任人职责，全年主持召开专题会议3次。

三、存在的不足和原因
一是基层执法力量仍然不足。二是普法宣传的针对性不够到位。

四、2024年工作打算
（一）持续深化普法宣传。进一步创新宣传方式，扩大覆盖面。
（二）进一步规范行政执法。深入推进行政执法“三项制度”。

示例市应急管理局
二〇二四年一月十五日
"""


@pytest.fixture(scope="module")
def document(tmp_path_factory):
    path = export_docx(REPORT, tmp_path_factory.mktemp("export") / "report.docx")
    return Document(str(path))


def style_value(style, read):
    """A formatting value from the style or, where it says nothing, the style it is based on."""
    while style is not None:
        value = read(style)
        if value is not None:
            return value
        style = style.base_style
    return None


def east_asian_font(paragraph) -> str | None:
    fonts = lambda style: style.element.rPr.rFonts if style.element.rPr is not None else None
    rfonts = style_value(paragraph.style, fonts)
    return rfonts.get(qn("w:eastAsia")) if rfonts is not None else None


def font_size(paragraph):
    return style_value(paragraph.style, lambda style: style.font.size)


def paragraph_starting(document, prefix: str):
    return next(p for p in document.paragraphs if p.text.startswith(prefix))


def test_page_is_a4_with_the_standard_margins(document):
    section = document.sections[0]
    measured = [section.page_width, section.page_height, section.top_margin, section.bottom_margin,
                section.left_margin, section.right_margin]
    assert [round(length.mm, 1) for length in measured] == [210, 297, 37, 35, 28, 26]


def test_title_is_2hao_xiaobiaosong_centred(document):
    title = paragraph_starting(document, "示例市应急管理局关于")
    assert title.text == "示例市应急管理局关于\n2023年度法治政府建设工作情况的报告"  # broken after 关于
    assert east_asian_font(title) == "方正小标宋简体"
    assert font_size(title) == Pt(22)
    assert title.style.paragraph_format.alignment == WD_ALIGN_PARAGRAPH.CENTER


def test_body_is_3hao_fangsong_with_22_lines_a_page(document):
    body = paragraph_starting(document, "2023年，我局坚持")
    fmt = body.style.paragraph_format
    assert east_asian_font(body) == "仿宋_GB2312"
    assert font_size(body) == Pt(16)
    assert fmt.line_spacing_rule == WD_LINE_SPACING.EXACTLY
    assert fmt.line_spacing == Pt(28.95)
    text_height = document.sections[0].page_height - document.sections[0].top_margin - document.sections[0].bottom_margin
    assert 22 * fmt.line_spacing <= text_height < 23 * fmt.line_spacing
    assert fmt.first_line_indent == Pt(32)  # two characters
    assert body.style.element.rPr.rFonts.get(qn("w:ascii")) == "Times New Roman"


def test_headings_are_heiti_then_kaiti_and_renumbered(document):
    first = paragraph_starting(document, "一、")
    second = paragraph_starting(document, "（一）")
    assert first.text == "一、主要举措和成效"  # “1、” renumbered
    assert first.style.name == "Heading 1" and east_asian_font(first) == "黑体" and font_size(first) == Pt(16)
    assert second.style.name == "Heading 2" and east_asian_font(second) == "楷体_GB2312" and font_size(second) == Pt(16)
    headings = [p.text for p in document.paragraphs if p.style.name == "Heading 1"]
    assert [h[:2] for h in headings] == ["一、", "二、", "三、", "四、"]


def test_inline_items_stay_in_one_paragraph(document):
    body = paragraph_starting(document, "一是局党委")
    assert "二是调整法治建设领导小组" in body.text


def test_doc_number_addressee_signature_and_date_are_placed(document):
    number = paragraph_starting(document, "示应急〔2024〕5号")
    addressee = paragraph_starting(document, "中共示例市委")
    signature = [p for p in document.paragraphs if p.text == "示例市应急管理局"][-1]
    date = document.paragraphs[-1]
    assert number.style.paragraph_format.alignment == WD_ALIGN_PARAGRAPH.CENTER
    assert addressee.text.endswith("：") and addressee.style.paragraph_format.alignment == WD_ALIGN_PARAGRAPH.LEFT
    assert not addressee.style.paragraph_format.first_line_indent
    assert date.text == "2024年1月15日"  # Arabic numerals
    for paragraph in (signature, date):
        assert paragraph.style.paragraph_format.alignment == WD_ALIGN_PARAGRAPH.RIGHT
    # GB/T 9704 7.3.5.2: the date 右空二字, starting two characters right of the signature's first.
    signature_indent, date_indent = (p.style.paragraph_format.right_indent / Pt(16) for p in (signature, date))
    assert date_indent == 2
    assert (signature_indent + text_width(signature.text)) - (date_indent + text_width(date.text)) == 2


def test_footer_has_a_page_field_in_dashes(document):
    section = document.sections[0]
    assert document.settings.odd_and_even_pages_header_footer
    for footer, align in ((section.footer, WD_ALIGN_PARAGRAPH.RIGHT), (section.even_page_footer, WD_ALIGN_PARAGRAPH.LEFT)):
        paragraph = footer.paragraphs[0]
        instructions = [node.text.strip() for node in paragraph._p.iter(qn("w:instrText"))]
        assert instructions == ["PAGE"]
        assert paragraph.text.startswith("— ") and paragraph.text.endswith(" —")
        assert paragraph.paragraph_format.alignment == align
        assert all(run.font.size == Pt(14) for run in paragraph.runs)


def test_table_is_kept(document):
    table = document.tables[0]
    assert [cell.text for cell in table.rows[0].cells] == ["项目", "数量"]
    assert table.rows[2].cells[1].text == "93起"


def test_keyword_values_override_the_parse(tmp_path):
    path = export_docx(REPORT, tmp_path / "r.docx", title="示例市应急管理局2023年度法治政府建设工作报告",
                       doc_number="示应急〔2024〕8号", addressee="示例市人民政府", signature="示例市应急管理局（盖章）",
                       date="2024年2月1日")
    texts = [p.text for p in Document(str(path)).paragraphs]
    assert texts[0] == "示应急〔2024〕8号"
    assert "示例市应急管理局\n2023年度法治政府建设工作报告" in texts  # broken after the bureau's name
    assert "示例市人民政府：" in texts
    assert texts[-2:] == ["示例市应急管理局（盖章）", "2024年2月1日"]


def test_docx_reads_back_into_the_same_parts(tmp_path):
    path = export_docx(REPORT, tmp_path / "r.docx")
    again = parse_report(read_text(path), path.name)
    original = parse_report(REPORT, "report.txt")
    assert [p.part for p in again.parts] == [p.part for p in original.parts]
    assert again.doc_number == original.doc_number and again.date == "2024年1月15日"


SAMPLES = sorted(p for p in KNOWLEDGE.glob("*") if p.suffix in (".txt", ".md", ".docx"))


@pytest.mark.parametrize("path", SAMPLES, ids=[p.name for p in SAMPLES])
def test_markdown_round_trips_with_the_same_parts(tmp_path, path):
    text = read_text(path)
    exported = export_markdown(text, tmp_path / "report.md")
    before, after = parse_report(text, path.name), parse_report(exported.read_text(encoding="utf-8"), "report.md")
    assert [p.part for p in after.parts] == [p.part for p in before.parts]
    assert [len(p.sections) for p in after.parts] == [len(p.sections) for p in before.parts]
    assert (after.title, after.year, after.date) == (before.title, before.year, arabic_date(before.date))


def test_own_report_round_trips_through_markdown(tmp_path):
    exported = export_markdown(REPORT, tmp_path / "r.md").read_text(encoding="utf-8")
    assert exported.startswith("示应急〔2024〕5号\n\n# 示例市应急管理局关于2023年度")
    assert "## 一、主要举措和成效" in exported and "**（一）加强组织领导，压实法治建设责任。**" in exported
    assert [p.part for p in parse_report(exported, "r.md").parts] == [p.part for p in parse_report(REPORT, "r").parts]


def test_samples_export_to_docx(tmp_path):
    for path in SAMPLES:
        document = Document(str(export_docx(read_text(path), tmp_path / f"{path.stem}.docx")))
        assert any(p.style.name == "Heading 1" for p in document.paragraphs), path.name


@pytest.mark.parametrize("chinese, arabic", [("二〇二四年一月十五日", "2024年1月15日"), ("2024年3月5日", "2024年3月5日"),
                                             ("二〇二三年十二月", "2023年12月")])
def test_dates_in_arabic_numerals(chinese, arabic):
    assert arabic_date(chinese) == arabic


def test_unknown_suffix_is_refused(tmp_path):
    with pytest.raises(InputError):
        export_report(REPORT, tmp_path / "r.pdf")


def test_cli_export(tmp_path):
    source = tmp_path / "report.txt"
    source.write_text(REPORT, encoding="utf-8")
    runner = CliRunner()
    result = runner.invoke(cli, ["export", str(source), "--out", str(tmp_path / "out.docx"), "--doc-number", "示应急〔2024〕9号"])
    assert result.exit_code == 0, result.output
    assert Document(str(tmp_path / "out.docx")).paragraphs[0].text == "示应急〔2024〕9号"
    assert runner.invoke(cli, ["export", str(source), "--out", str(tmp_path / "out.md")]).exit_code == 0
    assert runner.invoke(cli, ["export", str(source), "--out", str(tmp_path / "out.pdf")]).exit_code == 2


def test_corpus_reports_round_trip_through_markdown(tmp_path, corpus):
    for path in corpus:
        text = read_text(path)
        exported = export_markdown(text, tmp_path / f"{path.stem}.md").read_text(encoding="utf-8")
        before, after = parse_report(text, path.name), parse_report(exported, path.name)
        assert [(p.part, len(p.sections)) for p in after.parts] == [(p.part, len(p.sections)) for p in before.parts], path.name
        export_docx(text, tmp_path / f"{path.stem}.docx")
