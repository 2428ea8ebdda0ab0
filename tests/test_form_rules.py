"""Form rules of the proofreader: notes left unrewritten, spoken words, a lone 一是, a heading its
body repeats, a time frame twice in one sentence. Each rule over text we wrote, flag and pass cases."""

import pytest

from assistant.check.form_rules import FORM_KIND_NAMES
from assistant.kb.formats import read_text
from assistant.check.proofread import proofread, proofread_fragment
from genre_texts import GENRE_REPORTS


def found(text: str, kind: str) -> list[str]:
    """The original text of each finding of a kind in a pasted paragraph."""
    return [f.text for f in proofread_fragment(text) if f.kind == kind]


NOTE_SPACES = [
    # notes jotted with spaces
    ("执法检查 企业412家次 查隐患1876项 已整改1803项", ["企业412家次 查隐患1876项 "]),
    ("今年以来，我局执法检查 企业412家次 查隐患1876项。", ["企业412家次"]),
    ("检查企业 412家次，立案12起。", [" "]),
    ("普法宣传 发放资料3000份；执法检查 检查企业86家。", [" ", " "]),
    # spaces that are not notes: PDF spacing around numbers, indents, titles, headings
    ("检查企业 412 家次，立案 12 起。", []),
    ("2024 年，我局立案 93 起。", []),
    ("    我局立案12起，结案10起。", []),
    ("组织学习《法治政府 建设实施纲要》等文件。", []),
    ("示例区司法局 2024 年法治政府建设 工作报告", []),
    ("1、 主要举措和成效", []),
    ("示例县司法局  2025年1月20日", []),
]


RUN_ON = [
    # notes whose spaces were taken out (as polishing does): a count running into the next item
    ("今年以来，我局执法检查企业412家次查隐患1876项，已整改1803项。", ["412家次"]),
    ("发现问题5项整改5项。", ["5项"]),
    ("受理投诉12件办结12件，下达文书8份罚款3万元。", ["12件", "8份"]),
    # counts before a noun, and counts followed by a comma
    ("制定12项整改措施，推动落实。", []),
    ("开展2次检查企业30家。", []),
    ("检查企业412家次，排查隐患1876项。", []),
    ("组织3名执法人员培训。", []),
    ("执法检查 企业412家次 查隐患1876项", [" 企业412家次 "]),  # the space rule's finding, once
]


@pytest.mark.parametrize("text, spans", RUN_ON)
def test_counts_running_into_the_next_note(text, spans):
    assert found(text, "notes") == spans


@pytest.mark.parametrize("text, spans", NOTE_SPACES)
def test_spaces_between_words_are_notes(text, spans):
    assert [s.strip(" ") or s for s in found(text, "notes")] == [s.strip(" ") or s for s in spans]


NOTE_SYMBOLS = [
    ("开展宣传活动，主会场+8个分会场同步进行。", ["+"]),
    ("组织培训/演练5次。", ["/"]),
    ("为执法人员换发执法证/监督证。", ["/"]),
    ("设立咨询台＋展板。", ["＋"]),
    ("主会场 + 8个分会场", ["+"]),
    ("深入推进“互联网+监管”。", []),
    ("将检查记录录入互联网+监管平台。", []),
    ("燃气价格为3.5元/立方米，运费120元/吨。", []),
    ("于2024/5/1完成。", []),
    ("采取“专家+执法”模式。", []),
    ("推行党建+业务融合。", []),
]


@pytest.mark.parametrize("text, symbols", NOTE_SYMBOLS)
def test_note_symbols_are_written_as_words(text, symbols):
    assert found(text, "notes") == symbols


COLON_NOTES = [
    ("规范性文件清理：清理3件，废止1件。", ["规范性文件清理："]),
    ("今年以来，我局规范性文件清理：清理3件，废止1件。", ["规范性文件清理："]),
    ("一是执法检查：检查企业412家次。", ["执法检查："]),
    ("（二）复议应诉：办理复议案件2件。", ["复议应诉："]),
    # colons that introduce what follows, and colons without a count
    ("问题主要表现在：专职执法人员仅有2名。", []),
    ("现将有关情况报告如下：", []),
    ("中共示例县委、示例县人民政府：", []),
    ("具体如下：一是立案12起；二是结案10起。", []),
    ("会议强调：要抓好5项重点工作。", []),
    ("执法检查：覆盖重点企业。", []),
    ("工作目标：到2025年底基本建成法治政府。", []),  # a date is no count
]


@pytest.mark.parametrize("text, labels", COLON_NOTES)
def test_label_and_colon_notes(text, labels):
    assert found(text, "notes") == labels


COLLOQUIAL = [
    ("专职执法人员只有3名。", {"只有": "仅有"}),
    ("普法还是发资料为主，新媒体用得不够。", {"还是发资料为主": "仍以发资料为主", "发资料": "发放宣传资料",
                                        "用得不够": "运用不够充分"}),
    ("非现场执法刚起步。", {"刚起步": "尚处于起步阶段"}),
    ("非现场执法刚刚起步。", {"刚刚起步": "尚处于起步阶段"}),
    ("全年搞了3次培训。", {"搞了": "开展了"}),
    ("普法还是以发放资料为主。", {"还是以发放资料为主": "仍以发放资料为主"}),
    ("宣传效果不太好。", {"不太好": "不够好"}),
    ("执法力量有点弱。", {"有点弱": "略弱"}),
    ("乡镇人手不够，多数是兼职。", {"人手不够": "人员力量不足", "多数是": "多为"}),
    ("宣传主要靠发传单，效果一般。", {"主要靠": "主要依靠", "效果一般": "效果不够明显"}),
    # the register's own wordings, and what real reports write
    ("只有坚持依法行政，才能建成法治政府。", {}),
    ("专职执法人员仅有3名。", {}),
    ("宣传手段还不够丰富。", {}),
    ("通过讲座、摆摊活动等方式宣传。", {}),
    ("坚持集体讨论决定，不搞特殊和例外。", {}),
    ("群众称“只有一个窗口”。", {}),
    ("向群众分发资料500份。", {}),
]


@pytest.mark.parametrize("text, rewrites", COLLOQUIAL)
def test_spoken_words_get_the_reports_wording(text, rewrites):
    findings = [f for f in proofread_fragment(text) if f.kind == "register"]
    assert {f.text: f.suggestion.removeprefix("改为“").removesuffix("”") for f in findings} == rewrites


LONE_ITEMS = [
    ("（一）加强理论学习。一是局党组专题学习习近平法治思想4次。", 1),
    ("（一）加强学习。一是专题学习4次。\n（二）严格执法。一是立案12起；二是结案10起。", 1),
    ("一是开展检查。今年以来检查企业86家。", 1),
    ("一是立案12起；二是结案10起。", 0),
    ("一是立案12起。\n二是结案10起。", 0),
    ("（一）严格执法。一是立案12起。二是结案10起。\n（二）强化监督。一是办理复议1件。二是办理应诉1件。", 0),
    ("统一是基础，规范是关键。", 0),
]


@pytest.mark.parametrize("text, count", LONE_ITEMS)
def test_a_lone_first_item(text, count):
    assert found(text, "lone_item") == ["一是"] * count


ECHOES = [
    ("（二）全面实施新修订的突发事件应对法。全面实施新修订的突发事件应对法，组织宣贯培训3场。", ["全面实施新修订的"]),
    ("（四）强化权力监督，依法办理复议应诉案件。一是依法办理复议应诉案件。办理复议案件1件。", ["依法办理复议应诉"]),
    ("（一）推进非现场执法。\n推进非现场执法，提升执法信息化水平。", ["推进非现场执法"]),
    ("（一）推进非现场执法\n推进非现场执法，提升执法信息化水平。", ["推进非现场执法"]),
    ("（一）加强组织领导，压实法治建设责任。一是局党委理论学习中心组专题学习4次。", []),
    ("一是加强理论学习。组织专题学习5次。", []),
    ("（二）普法。普法宣传覆盖12个镇街。", []),  # a two-character heading may open its body
    ("（三）严格规范执法。严格执行行政执法“三项制度”。", []),
    ("一是组织学习习近平法治思想；二是组织学习习近平法治思想学习纲要。", []),  # items may open alike
]


@pytest.mark.parametrize("text, echoed", ECHOES)
def test_a_heading_its_body_repeats(text, echoed):
    assert found(text, "echo") == echoed


TIME_FRAMES = [
    ("全年，我局深入推进规范性文件审核，全年审核67件。", ["全年"]),
    ("今年以来，我局开展执法检查，2024年检查企业412家次。", ["2024年"]),
    ("今年以来，我局组织培训，今年以来共培训300人次。", ["今年以来"]),
    ("今年以来，我局围绕全年目标任务，检查企业412家次。", []),
    ("全年检查企业412家次。全年立案12起。", []),
    ("今年以来，我局于2024年5月开展专项检查3次。", []),
    ("年初制定执法计划，全年开展检查12次。", []),
    ("一是全年检查企业412家次；二是全年立案12起。", []),
    ("截至11月底，全年累计检查企业412家次。", []),
    ("2025年，我局将修订应急预案5部，年内完成全部演练。", []),
    ("2023年是全面贯彻落实党的二十大精神的开局之年，全年检查企业86家。", []),  # a year as subject
]


@pytest.mark.parametrize("text, frames", TIME_FRAMES)
def test_a_time_frame_twice_in_a_sentence(text, frames):
    assert found(text, "time_frame") == frames


def test_every_form_finding_says_what_to_do_in_chinese():
    text = "执法检查 企业412家次。规范性文件清理：清理3件。人员只有2名。一是立案3起。全年，我局审核文件，全年审核6件。"
    findings = [f for f in proofread_fragment(text) if f.kind in FORM_KIND_NAMES]
    assert {f.kind for f in findings} == {"notes", "register", "lone_item", "time_frame"}
    assert all(f.message and f.suggestion and text[f.start:f.end] == f.text for f in findings)


def test_the_form_rules_apply_to_whole_reports_too():
    report = ("示例县司法局2024年度法治政府建设工作报告\n\n一、主要举措和成效\n"
              "（一）规范行政执法。执法检查 企业86家次，全年，我局立案12起，全年结案10起。\n")
    assert {"notes", "time_frame"} <= {f.kind for f in proofread(report, 2024)}


def test_real_reports_get_few_form_findings(corpus):
    """False alarms are worse than misses: well-formed real reports get at most one form finding each."""
    for path in corpus:
        findings = [f for f in proofread(read_text(path)) if f.kind in FORM_KIND_NAMES]
        assert len(findings) <= 1, (path.name, [(f.kind, f.text) for f in findings])


@pytest.mark.parametrize("bureau", GENRE_REPORTS)
def test_well_formed_reports_get_no_form_findings(bureau):
    text = GENRE_REPORTS[bureau]
    assert [(f.kind, f.text) for f in proofread(text, 2024) if f.kind in FORM_KIND_NAMES] == []
    for paragraph in (p for p in text.split("\n") if p.strip()):
        assert [(f.kind, f.text) for f in proofread_fragment(paragraph) if f.kind in FORM_KIND_NAMES] == []


@pytest.mark.parametrize("bureau", GENRE_REPORTS)
def test_the_same_reports_written_as_notes_get_findings(bureau):
    rough = (GENRE_REPORTS[bureau].replace("，", " ", 3).replace("仅有", "只有").replace("运用还不够充分", "用得不够")
             .replace("尚处于起步阶段", "刚起步").replace("、", "/", 1))
    kinds = {f.kind for f in proofread(rough, 2024) if f.kind in FORM_KIND_NAMES}
    assert "notes" in kinds
