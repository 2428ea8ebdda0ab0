"""Word lists as data: each file of assistant/data/ read once, words turned into a pattern the same
way everywhere (escaped, longest first)."""

import re

import pytest

from assistant.wordlists import alternation, data_file, words_re


@pytest.mark.parametrize("words, text, matched", [
    (["今年", "今年以来"], "今年以来共立案93起", "今年以来"),  # the longer word wins wherever it stands
    (["人", "人次"], "培训120人次", "人次"),
    (["互联网+", "互联网"], "推行互联网+监管", "互联网+"),  # + is a character, not a repeat
    (["%", "个百分点"], "提高2.3个百分点", "个百分点"),
    (["(试行)"], "《办法(试行)》", "(试行)"),
])
def test_alternation_is_escaped_and_longest_first(words, text, matched):
    assert re.search(alternation(words), text).group() == matched


@pytest.mark.parametrize("name, key, text, found", [
    ("number_words.yaml", "rule_or_plan", "下一步每季度至少开展一次", True),
    ("number_words.yaml", "rule_or_plan", "全年每季度开展一次", False),
    ("number_words.yaml", "plan_hint", "计划培训300人次", True),
    ("chat_intents.yaml", "polish", "帮我润色这段", True),
    ("chat_intents.yaml", "draft", "行政复议怎么写", False),
    ("claims.yaml", "honour_levels", "全国综合减灾示范社区", True),
])
def test_words_of_a_data_file(name, key, text, found):
    assert bool(words_re(name, key).search(text)) is found


def test_a_data_file_is_read_once():
    assert data_file("organs.yaml") is data_file("organs.yaml")
    assert words_re("number_words.yaml", "rising") is words_re("number_words.yaml", "rising")
