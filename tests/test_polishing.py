"""Offline polishing fixes the rough edges of pasted text and never changes a number: on snippets we
write, and as a property over real paragraphs (read at run time from ../shared/corpus) roughened by
code the way PDF extraction and web pages roughen them."""

import random
import re
import zlib

import pytest
from conftest import corpus_files

from assistant.check.mentions import find_quantities
from assistant.write.polishing import number_diff, polish_offline
from assistant.check.proofread import load_phrases


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


# Text as it arrives from PDF extraction and web pages: each case is one kind of roughness.
@pytest.mark.parametrize("rough, polished", [
    ('组织 "安全生产月" 活动', "组织“安全生产月”活动"),
    ('开展"谁执法谁普法"履职评议,发放"普法明白纸"', "开展“谁执法谁普法”履职评议，发放“普法明白纸”"),
    ("参与群众3200人次 .同时开展线上答题", "参与群众3200人次。同时开展线上答题"),
    ("重大执法决定法制审核率达到100% 。", "重大执法决定法制审核率达到100%。"),
    ("案件办结率 100 % ,群众满意率 98.6 %", "案件办结率100%，群众满意率98.6%"),
    ("深入学习习近平法制思想,推进法制政府建设", "深入学习习近平法治思想，推进法治政府建设"),
    ("落实重大执法决定法制审核制度,配齐法制员", "落实重大执法决定法制审核制度，配齐法制员"),
    ("提升干部法制意识和法制素养", "提升干部法治意识和法治素养"),
    ("全年共办理行政复议案件20\n24件", "全年共办理行政复议案件2024件"),
    ("20\n24年，我局立案93起", "2024年，我局立案93起"),
    ("罚没款共计10\n2.8万元", "罚没款共计102.8万元"),
    ("- 加强普法宣传\n- 推进执法规范化建设", "- 加强普法宣传\n- 推进执法规范化建设"),
    ("• 开展培训5期\n• 覆盖执法人员120人", "• 开展培训5期\n• 覆盖执法人员120人"),
    ("1. 完善制度\n2. 强化监督", "1. 完善制度\n2. 强化监督"),
    ("组织开展3、4月份专项检查，覆盖二、\n三季度", "组织开展3、4月份专项检查，覆盖二、三季度"),
    ("检查企业\n3、4月份共计15家", "检查企业3、4月份共计15家"),
    ("同比增长\n12.5%", "同比增长12.5%"),
    ("修订(2024年版)应急预案", "修订（2024年版）应急预案"),
    ("见附件清单.docx", "见附件清单.docx"),  # a file name keeps its dot
    ("开展执法检查 56 次。\u3000检查企业 112 家", "开展执法检查56次。检查企业112家"),
    ("It's a “test” 中文", "It's a “test”中文"),  # an apostrophe stays straight
])
def test_polish_offline_removes_pasted_roughness(rough, polished):
    assert polish_offline(rough) == polished
    assert not number_diff(rough, polished)


# --- the property over real paragraphs ---------------------------------------------------------

CJK = "\u3400-\u9fff"
HALF = {"，": ",", "；": ";", "：": ":", "。": ".", "！": "!", "？": "?"}
SENTENCE_END = "。；：！？”）.;:!?)"
OWN = [  # our own, so the property runs without the corpus
    "2024年，我局深入学习贯彻习近平法治思想，组织“法治政府建设”专题学习6次，开展执法检查312次，"
    "检查企业186家，立案27起，罚没款合计64.3万元，重大执法决定法制审核率100%。",
    "围绕“安全生产月”和“12·4”国家宪法日，组织宣传活动四场，发放资料1.2万余份（含折页3000份），"
    "线上答题参与约3600人次；法治建设考核得分98.5分，同比提高2.3个百分点。",
]


def real_paragraphs() -> list[str]:
    """Body paragraphs of the corpus (long lines with numbers and Chinese punctuation)."""
    lines = (line.strip() for path in corpus_files() for line in path.read_text(encoding="utf-8").splitlines())
    return [line for line in lines if len(line) >= 60 and re.search("[0-9]", line) and "，" in line]


def misspell_rule_of_law(text: str) -> str:
    """法治 written as 法制 in every standard phrase of the phrase table that has that slip."""
    for entry in load_phrases()["phrases"]:
        for wrong in entry["wrong"]:
            if wrong == entry["correct"].replace("法治", "法制") and "法治" in entry["correct"]:
                text = text.replace(entry["correct"], wrong)
    return text


def space_numbers(text: str) -> str:
    """Spaces around every number that touches a Chinese character, as PDF extraction leaves them."""
    return re.sub(rf"(?<=[{CJK}])(?=[0-9])|(?<=[0-9%])(?=[{CJK}])|(?<=[0-9])(?=%)", " ", text)


def half_width(text: str) -> str:
    """Full-width punctuation next to a Chinese character typed half-width, and (…) around Chinese."""
    text = re.sub(rf"(?<=[{CJK}”）%])[，；：。！？]|[，；：。！？](?=[{CJK}“])", lambda m: HALF[m[0]], text)
    return re.sub(rf"（([^（）]*[{CJK}][^（）]*)）", r"(\1)", text)


def straight_quotes(text: str) -> str:
    return text.replace("“", '"').replace("”", '"')


def break_line(text: str, rng: random.Random, inside_number: bool) -> str:
    """A line break at a random place mid-sentence, or inside a number of two digits or more."""
    if inside_number and (numbers := [m for m in re.finditer("[0-9]{2,}", text)]):
        m = rng.choice(numbers)
        at = rng.randrange(m.start() + 1, m.end())
    else:
        at = rng.randrange(1, len(text))
    if text[at - 1] in SENTENCE_END or re.match(r"[（(]?[一二三四五六七八九十0-9]+[、)）.]", text[at:]):
        return text  # a break there is a real paragraph or list boundary
    blank = len(re.sub(r"\s", "", text[:at])) >= 20  # a page break's blank line follows a full line, not a title's few characters
    return text[:at] + rng.choice(["\n", " \n"] + ["\n\n"] * blank) + text[at:]


def roughen(text: str, rng: random.Random) -> str:
    text = space_numbers(half_width(straight_quotes(misspell_rule_of_law(text))))
    return break_line(break_line(text, rng, inside_number=True), rng, inside_number=False)


def roughness(text: str) -> list[str]:
    """What is left of the roughness in a polished text."""
    checks = {"space": rf"(?<=[{CJK}0-9%，。；：“”])[ \u3000](?=[{CJK}0-9%，。；：“”.,])",
              "half-width": rf"[{CJK}][,;:!?]|[,;:!?][{CJK}]|[{CJK}]\.(?![a-z])",
              "straight quote": '"', "法制": "法制(政府|建设|思想|社会|国家|宣传|教育|意识|思维|观念|素养|环境|化)"}
    return [name for name, pattern in checks.items() if re.search(pattern, text)]


def bulleted_cases() -> list:
    paragraphs = OWN + real_paragraphs()
    pairs = [(paragraphs[n], paragraphs[(n + 1) % len(paragraphs)]) for n in range(len(paragraphs))]
    return [pytest.param(a, b, id=f"p{n}") for n, (a, b) in enumerate(pairs)]


@pytest.mark.parametrize("first, second", bulleted_cases())
def test_roughened_real_paragraphs_polish_back_with_the_same_numbers(first, second):
    rng = random.Random(zlib.crc32(first.encode()))
    rough = f"- {roughen(first, rng)}\n- {roughen(second, rng)}"
    polished = polish_offline(rough)
    lines = polished.split("\n")
    assert len(lines) == 2 and all(line.startswith("- ") for line in lines), polished  # bullets stay lines
    expected = [q.text.replace(" ", "") for q in find_quantities(f"{first}\n{second}")]
    assert [q.text.replace(" ", "") for q in find_quantities(polished)] == expected
    assert not number_diff(rough, polished)
    assert roughness(polished) == []
    assert lines == [f"- {polish_offline(first)}", f"- {polish_offline(second)}"]
