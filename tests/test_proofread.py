"""The proofreader: each kind of planted error is found at its span; clean reports give no alarms."""

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from assistant.cli import cli
from assistant.errors import InputError
from assistant.kb.formats import read_text
from assistant.check.proofread import KIND_NAMES, load_phrases, proofread

KNOWLEDGE = Path(__file__).resolve().parent.parent / "knowledge"

# A short fictional report (our own words) with every feature the rules look at.
CLEAN = """示例县应急管理局2023年度法治政府建设工作报告

中共示例县委、示例县人民政府：
2023年，我局坚持以习近平新时代中国特色社会主义思想为指导，深入学习贯彻习近平法治思想，对照《法治政府建设实施纲要（2021—2025年）》推进法治建设。现将我局2023年度法治政府建设工作情况报告如下：

一、主要举措和成效
（一）加强组织领导，压实法治建设责任。一是局党委理论学习中心组专题学习习近平法治思想4次。二是落实会前学法制度和学法用法制度，全年会前学法10次。三是调整法治建设领导小组，明确分管领导和责任股室。
（二）深化“八五”普法，营造尊法学法守法用法氛围。一是落实“谁执法谁普法”责任制，制定年度普法责任清单。二是围绕“安全生产月”开展宣传活动12场，发放《安全生产法》读本3000余册。
（三）严格规范执法，提升执法质效。一是落实行政执法“三项制度”，一般程序案件全部经法制审核，法制员参与率100%。二是推行“双随机、一公开”监管，抽查企业86家。三是全年立案查处违法行为45起，罚款52.6万元。

二、党政主要负责人履行推进法治建设第一责任人职责情况
局主要负责人认真履行第一责任人职责，全年主持召开专题会议3次，研究解决执法装备配备等实际问题。

三、存在的不足和原因
一是基层执法力量仍然不足，专业人员有待充实。二是普法宣传的针对性不够到位。

四、2024年工作打算
2024年，我局将持续深化法治政府建设。
（一）持续深化普法宣传。进一步创新宣传方式，扩大普法覆盖面。
（二）进一步规范行政执法。深入推进行政执法“三项制度”，提升执法质量。

示例县应急管理局
2024年1月15日
"""

LONG_SENTENCE = "局主要负责人认真履行第一责任人职责，全年主持召开专题会议3次，研究解决执法装备配备等实际问题。"


def plant(old: str, new: str, nth: int = 1) -> tuple[str, int]:
    """CLEAN with the nth occurrence of old replaced by new, and where new starts."""
    start = -1
    for _ in range(nth):
        start = CLEAN.index(old, start + 1)
    return CLEAN[:start] + new + CLEAN[start + len(old):], start


# kind, old, new, nth occurrence, the text the finding must cover (inside new)
PLANTED = [
    ("phrase", "习近平法治思想", "习近平法制思想", 1, "习近平法制思想"),
    ("phrase", "推进法治建设。", "推进法制建设。", 1, "法制建设"),
    ("phrase", "“八五”普法", "八五普法", 1, "八五普法"),
    ("phrase", "“双随机、一公开”", "双随机一公开", 1, "双随机一公开"),
    ("phrase", "“谁执法谁普法”", "“谁执法、谁普法”", 1, "谁执法、谁普法"),
    ("numbering", "三是调整", "四是调整", 1, "四是"),
    ("numbering", "三是全年", "二是全年", 1, "二是"),
    ("numbering", "（三）严格", "（四）严格", 1, "（四）"),
    ("numbering", "（三）严格", "（二）严格", 1, "（二）"),
    ("numbering", "三、存在", "四、存在", 1, "四、"),
    ("year", "四、2024年工作打算", "四、2023年工作打算", 1, "2023年"),
    ("year", "2024年，我局将", "2023年，我局将", 1, "2023年"),
    ("year", "2023年，我局坚持", "2022年，我局坚持", 1, "2022年"),
    ("year", "现将我局2023年度", "现将我局2022年度", 1, "2022年"),
    ("year", "2024年1月15日", "2022年1月15日", 1, "2022年"),
    ("balance", "“安全生产月”开展", "“安全生产月开展", 1, "“"),
    ("balance", "《安全生产法》读本", "《安全生产法读本", 1, "《"),
    ("balance", "100%。", "100%）。", 1, "）"),
    ("balance", "“三项制度”，一般", "“三项制度》，一般", 1, "“"),
    ("duplicate", "二是普法宣传的针对性不够到位。", "二是普法宣传的针对性不够到位。" + LONG_SENTENCE, 1, LONG_SENTENCE),
    ("placeholder", "开展宣传活动12场", "开展宣传活动XX场", 1, "XX"),
    ("placeholder", "抽查企业86家", "抽查企业××家", 1, "××"),
    ("placeholder", "罚款52.6万元。", "罚款52.6万元【待补充】。", 1, "【待补充】"),
    ("placeholder", "2024年1月15日", "2024年X月X日", 1, "X"),
    ("outdated", "（2021—2025年）", "（2015—2020年）", 1, "《法治政府建设实施纲要（2015—2020年）》"),
    ("outdated", "深化“八五”普法", "深化“七五”普法规划", 1, "“七五”普法规划"),
]


@pytest.mark.parametrize("kind, old, new, nth, needle", PLANTED, ids=[f"{p[0]}:{p[2][:12]}" for p in PLANTED])
def test_planted_error_is_found_at_its_span(kind, old, new, nth, needle):
    text, position = plant(old, new, nth)
    start = text.index(needle, max(0, position - len(needle)))
    found = [f for f in proofread(text) if f.kind == kind]
    assert any(f.start == start and f.end == start + len(needle) for f in found), found
    finding = next(f for f in found if f.start == start)
    assert finding.text == needle and finding.message and finding.suggestion


@pytest.mark.parametrize("heading, name", [("二、党政主要负责人履行推进法治建设第一责任人职责情况\n", "第一责任人"),
                                           ("三、存在的不足和原因\n", "存在的不足"),
                                           ("四、2024年工作打算\n2024年，我局将持续深化法治政府建设。\n", "工作打算")])
def test_missing_part_is_found_where_it_belongs(heading, name):
    start = CLEAN.index(heading)
    end = CLEAN.index("\n\n", start) + 2 if "四、" not in heading else CLEAN.index("示例县应急管理局\n2024")
    text = CLEAN[:start] + CLEAN[end:]
    missing = [f for f in proofread(text) if f.kind == "missing_part"]
    assert len(missing) == 1 and name in missing[0].message
    assert missing[0].start == missing[0].end  # a place to insert, not a passage


def test_clean_report_has_no_findings():
    assert proofread(CLEAN) == []


def test_findings_are_sorted_and_serialisable():
    text = plant("四、2024年", "四、2023年")[0].replace("抽查企业86家", "抽查企业XX家").replace("习近平法治思想4次", "习近平法制思想4次")
    findings = proofread(text)
    assert [f.start for f in findings] == sorted(f.start for f in findings)
    assert {f.kind for f in findings} == {"year", "placeholder", "phrase"}
    assert set(findings[0].to_dict()) == {"kind", "start", "end", "text", "message", "suggestion"}


def test_given_year_overrides_the_reports_own():
    years = [f for f in proofread(CLEAN, year=2024) if f.kind == "year"]
    assert years and all("2024" in f.message for f in years)


@pytest.mark.parametrize("sentence", ["一般程序案件均经法制审核。", "设立法制机构并配备法制员。", "落实学法用法制度和会前学法制度。",
                                      "健全行政执法制度体系。", "依法制定规范性文件。", "落实领导干部述法制度。"])
def test_set_terms_with_fazhi_are_not_flagged(sentence):
    text = CLEAN.replace("研究解决执法装备配备等实际问题。", "研究解决执法装备配备等实际问题。" + sentence)
    assert [f for f in proofread(text) if f.kind == "phrase"] == []


@pytest.mark.parametrize("wrong", ["法制政府", "法制宣传", "法制思维", "法制轨道", "法制化"])
def test_fazhi_slips_are_flagged(wrong):
    text = CLEAN.replace("研究解决执法装备配备等实际问题。", f"推进{wrong}工作。")
    assert [f.text for f in proofread(text) if f.kind == "phrase"] == [wrong]


def test_quote_only_variants_are_not_flagged_inside_titles():
    text = CLEAN.replace("制定年度普法责任清单", "制定《2023年谁执法谁普法工作方案》")
    assert [f for f in proofread(text) if f.kind == "phrase"] == []


def test_mixed_numbering_styles_of_the_genre_are_accepted():
    text = CLEAN.replace("一、主要举措和成效", "1、 主要举措和成效").replace("（一）加强", "（1）加强").replace("（二）深化", "(2)深化")
    assert [f for f in proofread(text) if f.kind == "numbering"] == []


def test_empty_text_is_refused():
    with pytest.raises(InputError):
        proofread("  \n")


def test_phrase_table_is_well_formed():
    table = load_phrases()
    assert table["phrases"] and table["keep"]
    for entry in table["phrases"]:
        assert entry["correct"] not in entry["wrong"]
        assert not any(wrong in keep for wrong in entry["wrong"] for keep in table["keep"])


SAMPLES = sorted(p for p in KNOWLEDGE.glob("*") if p.suffix in (".txt", ".md", ".docx"))


@pytest.mark.parametrize("path", SAMPLES, ids=[p.name for p in SAMPLES])
def test_sample_reports_give_no_findings(path):
    assert proofread(read_text(path)) == []


# Kinds where real reports legitimately differ (numbering styles, years, layout of PDF text):
# a real report must not trip them. Phrases and missing parts may be real slips and are listed.
GENRE_KINDS = {"numbering", "year", "balance", "duplicate", "placeholder", "outdated"}


def test_corpus_reports_give_no_false_alarms(corpus):
    keep = load_phrases()["keep"]
    for path in corpus:
        findings = proofread(read_text(path))
        assert not [f for f in findings if f.kind in GENRE_KINDS], path.name
        assert not [f for f in findings if f.kind == "phrase" and any(f.text in term for term in keep)], path.name


@pytest.mark.parametrize("kind, old, new", [("phrase", "习近平法治思想", "习近平法制思想"), ("numbering", "二是", "三是"),
                                             ("placeholder", "。", "。XX")])
def test_errors_planted_in_corpus_reports_are_found(corpus, kind, old, new):
    for path in corpus:
        text = read_text(path)
        at = text.index(old)
        planted = text[:at] + new + text[at + len(old):]
        assert [f for f in proofread(planted) if f.kind == kind and f.start <= at + len(new) and f.end >= at], path.name


# ---------------------------------------------------------------- CLI

def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "report.txt"
    path.write_text(text, encoding="utf-8")
    return path


def test_cli_exit_codes(tmp_path):
    runner = CliRunner()
    assert runner.invoke(cli, ["proofread", str(write(tmp_path, CLEAN))]).exit_code == 0
    assert runner.invoke(cli, ["proofread", str(write(tmp_path, plant("三是调整", "四是调整")[0]))]).exit_code == 1
    assert runner.invoke(cli, ["proofread", str(tmp_path / "missing.txt")]).exit_code == 2


def test_cli_human_output_names_line_text_message_and_suggestion(tmp_path):
    text, _ = plant("四、2024年工作打算", "四、2023年工作打算")
    result = CliRunner().invoke(cli, ["proofread", str(write(tmp_path, text))])
    line = text[:text.index("四、2023")].count("\n") + 1
    assert f"第 {line} 行 [{KIND_NAMES['year']}] 「2023年」" in result.output
    assert "建议：改为“2024年”" in result.output


def test_cli_json(tmp_path):
    result = CliRunner().invoke(cli, ["proofread", "--json", str(write(tmp_path, plant("抽查企业86家", "抽查企业XX家")[0]))])
    findings = json.loads(result.output)["findings"]
    assert result.exit_code == 1 and [f["kind"] for f in findings] == ["placeholder"]
    assert findings[0]["text"] == "XX"
