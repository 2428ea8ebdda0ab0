"""The model's structured reply: lenient parsing, numbering by code in each part's form, and the
item checks (no fact cited, a fact that does not exist, numbers not in the cited facts)."""

import json

import pytest

from assistant.check.facts import parse_facts
from assistant.write.structured import (Item, Section, citation_problems, parse_section, render, response_format,
                                  uncited_facts)
from assistant.errors import ConfigError

SECTION = {"subheading": "严格规范执法，提升执法质效",
           "items": [{"heading": "强化执法检查", "text": "全年检查企业420家次", "fact_ids": ["F1"]},
                     {"heading": "严格案件查办", "text": "立案12起", "fact_ids": ["F2"]}]}
TEXT = json.dumps(SECTION, ensure_ascii=False)


@pytest.mark.parametrize("reply", [
    TEXT,
    f"```json\n{TEXT}\n```",
    f"好的，以下是本节：\n{TEXT}\n如需调整请告诉我。",
    TEXT.replace('["F1"]', '"F1"').replace('["F2"]', '[2]'),
    TEXT.replace('"heading": "强化执法检查"', '"heading": "一是强化执法检查。"'),
])
def test_a_reply_is_parsed_leniently(reply):
    section = parse_section(reply)
    assert section.structured and section.subheading == "严格规范执法，提升执法质效"
    assert [(i.heading, i.text, i.fact_ids) for i in section.items] == [
        ("强化执法检查", "全年检查企业420家次", ["F1"]), ("严格案件查办", "立案12起", ["F2"])]


def test_a_cut_off_reply_keeps_what_arrived():
    section = parse_section(TEXT[:TEXT.index("严格案件")])
    assert section.structured and [i.heading for i in section.items][0] == "强化执法检查"


def test_fact_ids_written_in_the_text_are_moved_to_the_ids():
    [item] = parse_section('{"subheading": "", "items": [{"heading": "", "text": "立案12起（F2、F3）", "fact_ids": []}]}').items
    assert (item.text, item.fact_ids) == ("立案12起", ["F2", "F3"])


def test_prose_is_taken_as_it_is():
    section = parse_section("一是强化执法检查。全年检查企业420家次。")
    assert not section.structured and render(section, "measures") == "一是强化执法检查。全年检查企业420家次。"


@pytest.mark.parametrize("part, text", [
    ("measures", "严格规范执法，提升执法质效\n一是强化执法检查。全年检查企业420家次。二是严格案件查办。立案12起。"),
    ("plans", "（一）强化执法检查。全年检查企业420家次。\n（二）严格案件查办。立案12起。"),
    ("shortcomings", "严格规范执法，提升执法质效。一是强化执法检查。全年检查企业420家次。二是严格案件查办。立案12起。"),
    ("preamble", "全年检查企业420家次。立案12起。"),
])
def test_code_numbers_each_part_in_its_form(part, text):
    assert render(parse_section(TEXT), part) == text


def test_a_section_still_arriving_gets_no_closing_stop_yet():
    partial = Section("小标题", [Item("强化执法检查", "全年检查企业420")])
    assert render(partial, "measures", final=False) == "小标题\n一是强化执法检查。全年检查企业420"


FACTS = parse_facts("- 全年检查企业420家次\n- 立案12起\n- 开展普法宣传")


@pytest.mark.parametrize("item, problem", [
    (Item("强化执法检查", "全年检查企业420家次", ["F1"]), None),
    (Item("强化执法检查", "全年检查企业420家次", []), "第1条（强化执法检查）没有注明所依据的事实编号"),
    (Item("强化执法检查", "全年检查企业420家次", ["F1", "F7"]), "第1条（强化执法检查）引用了不存在的事实 F7"),
    (Item("强化执法检查", "全年检查企业420家次", ["F2"]), "第1条（强化执法检查）的「420家次」不在所引事实（F2）中"),
    (Item("", "开展普法宣传", ["F3"]), None),
])
def test_items_are_checked_against_the_facts_they_cite(item, problem):
    assert citation_problems(Section("", [item]), FACTS, 2024) == ([problem] if problem else [])


def test_facts_no_item_cites_are_uncited():
    assert uncited_facts(parse_section(TEXT), FACTS) == ["F3"]
    assert uncited_facts(Section(structured=False), FACTS) == []


def test_response_formats():
    assert response_format("text") is None and response_format("json_object") == {"type": "json_object"}
    assert response_format("json_schema")["json_schema"]["schema"]["required"] == ["subheading", "items"]
    with pytest.raises(ConfigError, match="REPORT_LLM_RESPONSE_FORMAT"):
        response_format("xml")
