"""Examples made for imitation: figures masked, set terms kept, whole sections without tables or
cut-off chunks, near-duplicates dropped, the length target, the bureau's own worked example."""

import pytest

from assistant.write.imitation import (distinct, format_worked_example, is_prose, length_target, mask_numbers,
                                 whole_sections, worked_example)
from assistant.kb.index import Hit


@pytest.mark.parametrize("text, masked", [
    ("全年立案93起，下达决定书78份", "全年立案X起，下达决定书X份"),
    ("发放资料1.2万份，罚款102.8余万元", "发放资料X万份，罚款X余万元"),
    ("先后六次召开专题会议，开展两场演练", "先后X次召开专题会议，开展X场演练"),
    ("2023年9月组织演练", "X年X月组织演练"),
    ("“12·4”国家宪法日期间开展活动3场", "“12·4”国家宪法日期间开展活动X场"),
    ("落实《法治政府建设实施纲要（2021-2025年）》，检查企业420家次", "落实《法治政府建设实施纲要（2021-2025年）》，检查企业X家次"),
    ("荔应急〔2024〕9号印发", "荔应急〔2024〕9号印发"),
    ("深入学习党的二十大精神，推进“八五”普法，一是强化执法", "深入学习党的二十大精神，推进“八五”普法，一是强化执法"),
])
def test_figures_are_masked_and_set_terms_kept(text, masked):
    assert mask_numbers(text) == masked


def hit(text: str, source: str = "a.txt", heading: str = "一、主要举措和成效 > （一）深化普法宣传，营造法治氛围",
        start: int = 0, bureau: str = "甲局", kind: str = "item") -> Hit:
    return Hit(text, source, bureau, 2023, "measures", "publicity", heading, 0.9, start, start + len(text), kind=kind)


ITEM_ONE = "一是落实普法责任。制定普法责任清单，把普法融入执法检查全过程，做到边执法边普法。"
ITEM_TWO = "二是开展主题宣传。围绕“安全生产月”开展宣传活动12场，发放宣传资料3000余份。"


@pytest.mark.parametrize("text, kind, prose", [
    (ITEM_ONE, "item", True),
    ("| 季度 | 立案 |\n| 一 | 12 |\n| 二 | 9 |", "table", False),
    ("| 季度 | 立案 |\n| 一 | 12 |\n| 二 | 9 |", "paragraph", False),
    ("全年行政处罚情况如下表：", "item", False),
    ("主要做法包括：", "item", False),
    ("2023年，我局坚持依法行政。现将有关情况报告如下：", "paragraph", True),
])
def test_tables_and_cut_off_chunks_are_not_prose(text, kind, prose):
    assert is_prose(hit(text, kind=kind)) is prose


def test_the_chunks_of_a_section_make_one_example_without_its_table():
    hits = [hit(ITEM_TWO, start=60), hit(ITEM_ONE, start=0), hit("| 季度 | 立案 |\n| 一 | 12 |", kind="table", start=90)]
    [section] = whole_sections(hits, None)
    assert section.text == ITEM_TWO + ITEM_ONE or section.text == ITEM_ONE + ITEM_TWO
    assert "|" not in section.text


def test_near_duplicates_are_dropped_keeping_the_better_ranked():
    first = hit(ITEM_ONE + ITEM_TWO, source="a.txt")
    again = hit(ITEM_ONE + ITEM_TWO.replace("12场", "15场").replace("3000余份", "5000余份"), source="b.txt")
    other = hit("一是加强执法检查。全年检查企业420家次，立案93起，下达行政处罚决定书78份，罚款56万元。", source="c.txt")
    assert [h.source for h in distinct([first, again, other])] == ["a.txt", "c.txt"]


@pytest.mark.parametrize("lengths, part, target", [
    ([], "measures", 500), ([], "shortcomings", 350), ([80, 90], "plans", 150),
    ([400, 620, 700], "measures", 600), ([5000], "measures", 1200),
])
def test_length_target(lengths, part, target):
    assert length_target([hit("字" * n) for n in lengths], part) == target


def test_the_bureaus_own_section_is_the_worked_example_with_its_facts():
    own, other = hit(ITEM_ONE + ITEM_TWO, bureau="本局"), hit(ITEM_ONE, bureau="他局", source="b.txt")
    assert worked_example([other, own], "本局") is own and worked_example([other], "本局") is None
    text = format_worked_example(own)
    assert "F1：围绕“安全生产月”开展宣传活动X场" in text and "F2：发放宣传资料X余份" in text
    assert text.endswith(mask_numbers(own.text)) and "12" not in text
    assert format_worked_example(None) == "（无）"
