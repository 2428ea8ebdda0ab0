"""Offline polishing fixes the rough edges of pasted text and never changes a number."""

import pytest

from assistant.polishing import number_diff, polish_offline


@pytest.mark.parametrize("rough, polished", [
    ("2024 年，我局立案 93 起", "2024年，我局立案93起"),
    ("2024 年 , 我局立案 93 起 ; 罚款 5 万元", "2024年，我局立案93起；罚款5万元"),
    ("开展宣传活动12场,发放资料3000余份;", "开展宣传活动12场，发放资料3000余份；"),
    ("主要工作如下:一是学习", "主要工作如下：一是学习"),
    ("主要工作如下:\n一是学习", "主要工作如下：\n一是学习"),
    ("罚款102.8万元.", "罚款102.8万元。"),
    ("**一是加强学习。**组织学习4次", "一是加强学习。组织学习4次"),
    ("我局组织全体干部职工学习新修订的安全生产法\n\n宣传周活动", "我局组织全体干部职工学习新修订的安全生产法宣传周活动"),
    ("示例局2024年工作报告\n\n2024年，我局", "示例局2024年工作报告\n\n2024年，我局"),
    ("组织专题培训(共计5期)", "组织专题培训（共计5期）"),
    ("一是学习；二是宣传。三是执法。", "一是学习；二是宣传；三是执法。"),
    ("一是学习。二是宣传；三是执法。", "一是学习。二是宣传。三是执法。"),
    ("Word 文档 and PDF", "Word 文档 and PDF"),  # Latin words keep their spaces
    ("（一）加强领导。\n（二）强化宣传。", "（一）加强领导。\n（二）强化宣传。"),
])
def test_polish_offline(rough, polished):
    assert polish_offline(rough) == polished
    assert not number_diff(rough, polished)


@pytest.mark.parametrize("before, after, missing, added", [
    ("立案93起", "立案39起", ["93起"], ["39起"]),
    ("罚款102.8万元", "罚款1028000元", [], []),  # the same amount, written at another scale
    ("发放资料2万余册", "发放资料2万册", ["2万余册"], ["2万册"]),
    ("立案93起，处罚78份", "立案93起", ["78份"], []),
    ("检查企业六次", "检查企业6次", [], []),
])
def test_number_diff(before, after, missing, added):
    diff = number_diff(before, after)
    assert (diff.missing, diff.added) == (missing, added)
    assert bool(diff) == bool(missing or added)
