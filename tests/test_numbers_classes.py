"""The number check on the error classes of issue 10: for each class, drafts with a planted error
that must be flagged at the planted mention, and faithful drafts that must pass (tests/number_cases.py,
and the held-out table written after the rules were tuned, tests/number_cases_heldout.py)."""

import number_cases_heldout
import pytest
from number_cases import CASES, YEAR

from assistant.check.facts import parse_facts
from assistant.check.numbers import check_numbers


def flagged_spans(facts: str, draft: str) -> list[tuple[int, int, str, str]]:
    """(start, end, text, reason) of every unsupported mention of the draft."""
    result = check_numbers(draft, parse_facts(facts), year=YEAR)
    return [(m.quantity.start, m.quantity.end, m.quantity.text, m.reason) for m in result.unsupported]


TABLES = {"": CASES, "heldout-": number_cases_heldout.CASES}
assert number_cases_heldout.YEAR == YEAR  # flagged_spans checks both tables as one report year


# Held-out cases the check still gets wrong, kept in the table so the figure stays honest:
# 对240家排污单位立案处罚 — the verb after the object names the subject, and the check weighs the
# object's words (排污单位, shared with 检查排污单位240家) as much as the verb's.
KNOWN_MISSES = {"heldout-subject-7"}


def _params(faithful: bool):
    xfail = pytest.mark.xfail(strict=True, reason="known miss of the held-out table")
    return [pytest.param(facts, draft, target, id=name, marks=[xfail] * (name in KNOWN_MISSES))
            for prefix, table in TABLES.items() for kind, cases in table.items()
            for n, (facts, draft, target) in enumerate(cases, 1) if (target is None) == faithful
            for name in [f"{prefix}{kind}-{n}"]]


@pytest.mark.parametrize("facts, draft, target", _params(faithful=False))
def test_planted_error_is_flagged_at_its_mention(facts, draft, target):
    start = draft.index(target)
    flagged = flagged_spans(facts, draft)
    assert any(a < start + len(target) and b > start for a, b, _, _ in flagged), flagged


@pytest.mark.parametrize("facts, draft, target", _params(faithful=True))
def test_faithful_draft_passes(facts, draft, target):
    assert flagged_spans(facts, draft) == []


def test_each_class_has_enough_cases_both_ways():
    for kind, cases in CASES.items():
        errors = sum(target is not None for _, _, target in cases)
        assert errors >= 8 and len(cases) - errors >= 8, kind


def test_heldout_table_is_large_and_balanced():
    cases = [c for group in number_cases_heldout.CASES.values() for c in group]
    errors = sum(target is not None for _, _, target in cases)
    assert len(cases) >= 120 and abs(2 * errors - len(cases)) <= 0.1 * len(cases)
    assert set(number_cases_heldout.CASES) == set(number_cases_heldout.CLASSES)


@pytest.mark.parametrize("facts, draft, mention, reason", [
    ("- 罚款86.4万元", "罚款86万元。", "86万元", "取整，应写约86万元"),
    ("- 2023年立案70起\n- 2024年立案88起", "全年共立案70起。", "70起", "是2023年的数字"),
    ("- 去年办理复议案件5件，今年办理8件", "今年办理复议案件5件。", "5件", "是2023年的数字"),
    ("- 印发《执法监督办法》（深应急〔2024〕17号）", "印发《执法监督办法》（深应急〔2024〕7号）。", "深应急〔2024〕7号",
     "文号与事实不符：事实为「深应急〔2024〕17号」"),
    ("- 被评为2023年度全市法治建设先进单位", "被评为2024年度全市法治建设先进单位。", "2024年度", "年度与事实不符"),
    ("- 每月召开1次调度会", "每月召开2次调度会。", "2次", "与事实不符：事实为「每月召开1次调度会」"),
    ("- 召开安委会全体会议2次", "召开第3次安委会全体会议。", "3次", "与事实不符"),
    ("- 组织执法人员培训", "举办第5期执法人员培训班。", "5期", "序数表明了次数"),
    ("- 检查发现问题40个\n- 整改38个", "检查发现问题40个，整改38个，整改率96%。", "96%", "计算不符：38/40 = 95.00%，文中为96%"),
    ("- 今年立案88起\n- 去年立案70起", "立案88起，同比增长20%。", "20%", "计算不符：|88-70|/70 = 25.71%，文中为20%"),
    ("- 简易程序案件20起\n- 普通程序案件35起\n- 移送案件5起", "简易程序案件20起、普通程序案件35起、移送案件5起，共计65起。",
     "65起", "计算不符：20起 + 35起 + 5起 = 60起，文中为65起"),
    ("- 今年信访量下降12.6%", "全年信访总量同比上升12.6%。", "12.6%", "变化方向与事实不符：事实为「今年信访量下降12.6%」"),
    ("- 比上年减少立案9起", "比上年增加立案9起。", "9起", "变化方向与事实不符"),
    ("- 治理水土流失面积12.5平方公里", "治理水土流失面积12.5公顷。", "12.5公顷", "与事实不符：事实为「治理水土流失面积12.5平方公里」"),
    ("- 今年立案88起\n- 去年立案70起", "立案88起，同比增加16起。", "16起", "计算不符：88起 - 70起 = 18起，文中为16起"),
])
def test_flagged_mention_says_why(facts, draft, mention, reason):
    flagged = {text: why for _, _, text, why in flagged_spans(facts, draft)}
    assert reason in flagged.get(mention, ""), flagged


@pytest.mark.parametrize("facts, draft, formula", [
    ("- 检查发现问题40个\n- 整改38个", "检查发现问题40个，整改38个，整改率95%。", "38/40 = 95.00% ≈ 95%"),
    ("- 今年立案88起\n- 去年立案70起", "立案88起，同比增长25.7%。", "|88-70|/70 = 25.71% ≈ 25.7%"),
    ("- 简易程序案件20起\n- 普通程序案件35起\n- 移送案件5起", "简易程序案件20起、普通程序案件35起、移送案件5起，共计60起。",
     "20起 + 35起 + 5起 = 60起"),
    ("- 一季度立案15起\n- 二季度立案22起\n- 三季度立案18起\n- 四季度立案25起", "全年共立案80起。",
     "15起 + 22起 + 18起 + 25起 = 80起"),
    ("- 抽检食品560批次\n- 不合格12批次", "抽检食品560批次，不合格12批次，合格率97.9%。", "(560-12)/560 = 97.86% ≈ 97.9%"),
    ("- 今年满意率98.5%\n- 去年满意率96.2%", "满意率98.5%，同比提高2.3个百分点。", "98.5% - 96.2% = 2.3个百分点"),
    ("- 全年立案65起，罚款48万元", "全年立案65起，罚款48万元，平均每起罚款0.74万元。", "48万元/65起 = 0.7385万元 ≈ 0.74万元"),
    ("- 2024年受理申请3200件；2023年2800件", "全年受理申请3200件，较上年增加400件。", "3200件 - 2800件 = 400件"),
    ("- 男性参保人员5400人\n- 女性参保人员4600人", "新增参保人员1万人，其中男性5400人。", "5400人 + 4600人 = 1万人"),
    ("- 复议维持12件\n- 复议撤销2件\n- 复议终止3件", "审结复议案件17件，其中维持12件。", "12件 + 2件 + 3件 = 17件"),
    ("- 甲街道整改问题18个\n- 乙街道整改问题25个", "两个街道共整改问题43个。", "含「街道」的事实2条"),
])
def test_derived_figure_shows_its_formula(facts, draft, formula):
    result = check_numbers(draft, parse_facts(facts), year=YEAR)
    assert formula in [m.formula for m in result.mentions if m.status == "derived"], \
        [(m.quantity.text, m.status, m.formula, m.reason) for m in result.mentions]
