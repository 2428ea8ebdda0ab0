"""Parsing the bureau's facts: bullets, free text, Markdown with headings, JSON; refusing bad files."""

import json
from pathlib import Path

import pytest

from assistant.errors import InputError
from assistant.check.facts import MAX_FILE_BYTES, load_facts, parse_facts
from assistant.check.mentions import MAX_INPUT_CHARS
from assistant.write.report import read_report_facts


@pytest.mark.parametrize("text", [
    "- 立案93起\n- 下达行政处罚决定书78份",
    "* 立案93起\n* 下达行政处罚决定书78份",
    "• 立案93起\n• 下达行政处罚决定书78份",
    "1. 立案93起\n2. 下达行政处罚决定书78份",
    "1、立案93起\n2、下达行政处罚决定书78份",
    "（1）立案93起\n（2）下达行政处罚决定书78份",
    "立案93起\n下达行政处罚决定书78份",
    "  - 立案93起  \n\n  - 下达行政处罚决定书78份\n",
])
def test_bullet_styles_give_one_fact_per_line(text):
    facts = parse_facts(text)
    assert [f.text for f in facts] == ["立案93起", "下达行政处罚决定书78份"]
    assert [f.id for f in facts] == ["F1", "F2"]


def test_free_text_is_split_into_sentences():
    facts = parse_facts("今年以来共立案93起。下达行政处罚决定书78份；处罚金额102.8万元。")
    assert [f.text for f in facts] == ["今年以来共立案93起。", "下达行政处罚决定书78份；", "处罚金额102.8万元。"]


def test_each_fact_carries_its_quantities_read_by_the_number_finder():
    fact = parse_facts("- 今年以来共立案93起，处罚金额102.8余万元")[0]
    assert [(q.text, q.unit, q.qualifier) for q in fact.quantities] == [("93起", "起", ""), ("102.8余万元", "元", "余")]


def test_a_numbered_bullet_does_not_eat_a_decimal():
    assert parse_facts("1.2亿元用于隐患整改")[0].quantities[0].display_value() == "120000000"


def test_slogans_in_facts_are_not_quantities():
    assert parse_facts("- 落实“三项制度”，立案93起")[0].quantities[0].text == "93起"


def test_markdown_headings_become_part_and_topic():
    text = "# 2024年事实\n## 主要举措和成效\n### 行政执法\n- 立案93起\n### 普法宣传\n- 开展宣传活动4场\n## 存在问题\n- 执法人员12名"
    facts = parse_facts(text)
    assert [(f.text, f.part, f.topic) for f in facts] == [
        ("立案93起", "主要举措和成效", "行政执法"),
        ("开展宣传活动4场", "主要举措和成效", "普法宣传"),
        ("执法人员12名", "存在问题", ""),
    ]


def test_a_facts_table_keeps_units_from_its_header():
    facts = parse_facts("| 事项 | 数量（起） | 金额（万元） |\n| --- | --- | --- |\n| 立案 | 93 | 102.8 |")
    row = next(f for f in facts if f.quantities)
    assert [(q.display_value(), q.unit) for q in row.quantities] == [("93", "起"), ("1028000", "元")]


@pytest.mark.parametrize("data, ids", [
    (["立案93起", "下达处罚决定书78份"], ["F1", "F2"]),
    ([{"id": "case", "text": "立案93起"}, {"text": "下达处罚决定书78份"}], ["case", "F2"]),
    ({"facts": ["立案93起"]}, ["F1"]),
])
def test_json_lists_are_accepted(data, ids):
    facts = parse_facts(json.dumps(data, ensure_ascii=False))
    assert [f.id for f in facts] == ids and facts[0].text == "立案93起"


@pytest.mark.parametrize("text, message", [
    ("", "空"),
    ("   \n\t", "空"),
    ("[\"立案93起\",", "JSON"),
    ("[1, 2]", "无法识别"),
    ("{\"facts\": 3}", "JSON"),
    ("立案93起" * (MAX_INPUT_CHARS // 4 + 1), "过长"),
])
def test_unusable_facts_are_refused_with_a_message(text, message):
    with pytest.raises(InputError, match=message):
        parse_facts(text)


def test_load_facts_reads_gbk(tmp_path):
    path = tmp_path / "facts.txt"
    path.write_bytes("- 立案93起\n- 处罚金额18.5万元\n".encode("gbk"))
    assert [f.text for f in load_facts(path)] == ["立案93起", "处罚金额18.5万元"]


def test_load_facts_reads_utf8_with_bom_and_utf16(tmp_path):
    (tmp_path / "a.txt").write_bytes("\ufeff- 立案93起".encode("utf-8"))
    (tmp_path / "b.txt").write_text("- 立案93起", encoding="utf-16")
    assert load_facts(tmp_path / "a.txt")[0].text == load_facts(tmp_path / "b.txt")[0].text == "立案93起"


@pytest.mark.parametrize("content, message", [
    (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "PDF"),
    (b"PK\x03\x04\x14\x00\x06\x00", "Word"),
    (b"\x89PNG\r\n\x1a\n\x00\x00", "图片"),
    (b"\x00\x01\x02binary\x00data", "不是纯文本"),
])
def test_load_facts_refuses_files_that_are_not_text(tmp_path, content, message):
    path = tmp_path / "facts.txt"
    path.write_bytes(content)
    with pytest.raises(InputError, match=message):
        load_facts(path)


def test_load_facts_refuses_missing_and_oversized_files(tmp_path):
    with pytest.raises(InputError, match="找不到"):
        load_facts(tmp_path / "absent.txt")
    big = tmp_path / "big.txt"
    big.write_bytes(b"- 93\n" * (MAX_FILE_BYTES // 5 + 1))
    with pytest.raises(InputError, match="过大"):
        load_facts(big)


@pytest.mark.parametrize("line, text", [
    ("■ 法律援助 210件", "法律援助 210件"),
    ("★旁听庭审 1场", "旁听庭审 1场"),
    ("√ 公证 1580件", "公证 1580件"),
    ("①收到申请 12件", "收到申请 12件"),
    ("② 办结 11件", "办结 11件"),
    ("一、立案93起", "立案93起"),
    ("（二）审结10件", "审结10件"),
    ("(三) 纠错2件", "纠错2件"),
    ("一是 普法 6场", "普法 6场"),
    ("第一，执法检查 企业412家次", "执法检查 企业412家次"),
    ("a) 培训2期", "培训2期"),
    ("\t-\t调解纠纷\t45件", "调解纠纷\t45件"),
    ("十余家企业参加培训", "十余家企业参加培训"),  # a count, not numbering
    ("1.2万份资料发放", "1.2万份资料发放"),
])
def test_any_bullet_or_numbering_staff_use_is_taken_off(line, text):
    assert [f.text for f in parse_facts(line)] == [text]


@pytest.mark.parametrize("text, expected", [
    ("【存在问题】\n- 执法人员只有12人", [("执法人员只有12人", "存在问题", "")]),
    ("存在问题：\n执法人员只有12人", [("执法人员只有12人", "存在问题", "")]),
    ("一、主要工作\n（一）行政复议\n- 收到申请12件\n二、下一步打算\n（一）推进智慧执法",
     [("收到申请12件", "一、主要工作", "（一）行政复议"), ("推进智慧执法", "二、下一步打算", "")]),
    ("主要工作：\n普法宣传：\n- 活动15场", [("活动15场", "主要工作", "普法宣传")]),
    # a topic line with nothing under it may be a fact: it is kept as one
    ("一、主要工作\n（一）开展普法宣传\n（二）行政复议\n- 办结11件",
     [("（一）开展普法宣传", "一、主要工作", "（一）开展普法宣传"), ("办结11件", "一、主要工作", "（二）行政复议")]),
    ("## 存在问题\n一、推进非现场执法", [("推进非现场执法", "存在问题", "")]),  # not a heading: it names no part
    ("存在的问题和不足\n执法人员只有12人", [("执法人员只有12人", "存在的问题和不足", "")]),
    # a bare line that only contains a part's words is a fact, not a heading
    ("主要负责人年度述法\n带头讲法治党课1次", [("主要负责人年度述法", "", ""), ("带头讲法治党课1次", "", "")]),
    ("## 落款\n- 示例县司法局\n- 2025.1.20", [("示例县司法局", "落款", ""), ("2025.1.20", "落款", "")]),
])
def test_heading_lines_in_the_words_people_use_become_part_and_topic(text, expected):
    assert [(f.text, f.part, f.topic) for f in parse_facts(text)] == expected


@pytest.mark.parametrize("text", ["- 立案93起\n---\n- 罚款41万元", "- 立案93起\n***\n——\n- 罚款41万元", "立案93起\n\n|---|\n罚款41万元"])
def test_rules_and_decoration_are_not_facts(text):
    assert [f.text for f in parse_facts(text)] == ["立案93起", "罚款41万元"]


def test_a_line_of_bare_numbers_is_refused_with_the_line_it_is_on():
    with pytest.raises(InputError, match="第 2 行“412 1876”只有数字"):
        parse_facts("- 执法检查 企业412家次\n412 1876\n")


def test_every_fact_of_the_held_out_sets_is_read_and_grouped():
    """Each bullet of bench/factsets/heldout/ (our own text, jotted as staff do) is one fact under its part."""
    for path in sorted((Path(__file__).parent.parent / "bench" / "factsets" / "heldout").glob("*.md")):
        text = path.read_text(encoding="utf-8")
        bullets = [line for line in text.splitlines() if line.startswith(("-", "*")) or line[:1].isdigit()]
        facts = read_report_facts(text)
        assert sum(len(f) for topics in facts.groups.values() for f in topics.values()) >= len(bullets), path.name
        assert {"preamble", "measures", "leader_duty", "shortcomings", "plans"} <= facts.groups.keys(), path.name


@pytest.mark.parametrize("line", ["- 100%", "- 93起", "- 2024年"])
def test_one_quantity_alone_is_still_a_fact(line):
    assert [f.text for f in parse_facts(line)] == [line[2:]]
