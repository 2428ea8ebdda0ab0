"""Topics: named however people name them, inferred from weighted evidence, not one keyword."""

import json

import pytest
from click.testing import CliRunner

from assistant.cli import cli
from assistant.write.drafting import infer_topic
from assistant.check.facts import parse_facts
from assistant.write.report import read_report_facts
from assistant.service import resolve
from assistant.kb.taxonomy import TOPICS, classify_topic, topic_choice_label, topic_of_wording

WORDINGS = [
    # ids and names
    ("oversight", "oversight"), ("workforce", "workforce"), ("权力监督", "oversight"), ("法治队伍建设", "workforce"),
    ("普法宣传", "publicity"), ("行政执法", "enforcement"), ("综合", "general"),
    # common wordings, as the issue and staff write them
    ("行政复议", "oversight"), ("行政应诉", "oversight"), ("政务公开", "oversight"), ("案卷评查", "oversight"),
    ("执法队伍", "workforce"), ("法治队伍", "workforce"), ("执法资格", "workforce"), ("法治人才", "workforce"),
    ("放管服", "business"), ("法律顾问", "decisions"), ("信访", "disputes"), ("应急预案", "emergency"),
    ("智慧执法", "digital"), ("规范性文件", "rulemaking"), ("普法", "publicity"), ("执法", "enforcement"),
    # wordings with numbering, suffixes and several aliases
    ("一、行政复议和行政应诉工作情况", "oversight"), ("（三）法治队伍建设情况", "workforce"),
    ("执法人员培训和执法比武", "workforce"), ("执法人员培训", "workforce"), ("普法宣传和法治文化建设", "publicity"),
    ("信访和矛盾纠纷化解", "disputes"), ("放管服改革工作", "business"), ("规范性文件清理", "rulemaking"),
    ("政府信息公开工作", "oversight"), (" 执法工作 ", "enforcement"), ("严格规范公正文明执法", "enforcement"),
]


@pytest.mark.parametrize("wording, topic", WORDINGS)
def test_every_wording_names_its_topic(wording, topic):
    assert topic_of_wording(wording).id == topic


@pytest.mark.parametrize("wording", ["杂项", "今年的事", "", "培"])
def test_a_wording_naming_nothing_is_unknown(wording):
    with pytest.raises(KeyError):
        topic_of_wording(wording)


FACT_SETS = [
    # the rule-of-law workforce, which one keyword (培训, 执法) used to file under publicity or enforcement
    ("组织执法人员参加执法资格考试，通过23人\n开展执法比武1次", "workforce"),
    ("举办执法人员业务培训班3期，培训160人次\n新申领执法证12本", "workforce"),
    ("选派2名干部参加法治人才培养计划\n公职律师增至3名", "workforce"),
    # enforcement keeps its cases, even with a training clause
    ("执法检查企业412家次，查隐患1876项，已整改1803项\n立案查处违法行为56起，罚款96.5万元", "enforcement"),
    ("立案93起，下达行政处罚决定书78份，执法前开展业务培训1次", "enforcement"),
    # one shared word is not enough; a weighted word is
    ("检查", "general"), ("企业", "general"), ("办理行政复议案件1件", "oversight"),
    ("开展“安全生产月”宣传咨询活动15场，发放宣传资料8000余份", "publicity"),
    ("办理依申请公开4件，主动公开政府信息120条", "oversight"),
    ("受理信访件12件，调解矛盾纠纷8起", "disputes"),
    ("修订应急预案5部，组织应急演练12次", "emergency"),
    ("清理规范性文件3件，废止1件", "rulemaking"),
    ("局党组理论学习中心组专题学习习近平法治思想6次", "leadership"),
    # notes as staff of a 司法局 and a 市场监督管理局 jot them
    ("行政复议 受理47件 审结43件", "oversight"), ("人民调解 调解纠纷1856起 成功1832起", "disputes"),
    ("合法性审查 文件32件", "rulemaking"), ("食品抽检2300批次 不合格12批次", "enforcement"),
    ("12315投诉8432件 办结率99.6%", "disputes"), ("公平竞争审查27件", "business"),
    ("价格监督检查 120家", "enforcement"), ("执法人员 新领证23人", "workforce"),
    ("培训班6期 560人次", "workforce"), ("案卷评查 120卷 优秀率85%", "oversight"),
]


@pytest.mark.parametrize("facts, topic", FACT_SETS)
def test_topics_are_inferred_from_weighted_evidence(facts, topic):
    assert infer_topic("measures", parse_facts(facts)) == topic


@pytest.mark.parametrize("heading, topic", [
    # the headings of a government's report (区/县人民政府), one top-level part per topic
    ("依法全面履行政府职能", "business"), ("完善依法行政制度体系", "rulemaking"),
    ("推进行政决策科学化民主化法治化", "decisions"), ("深化行政执法体制改革", "enforcement"),
    ("推进严格规范公正文明执法", "enforcement"), ("强化行政权力制约和监督", "oversight"),
    ("依法有效化解社会矛盾纠纷", "disputes"), ("健全突发事件应对体系", "emergency"),
    ("加强法治政府建设科技保障", "digital"),
    # other kinds of bureau
    ("强化食品安全监管执法", "enforcement"), ("开展劳动保障监察执法", "enforcement"),
    ("办理人大代表建议和政协委员提案", "oversight"), ("强化法治队伍建设", "workforce"),
])
def test_section_headings_of_other_bureaus(heading, topic):
    assert classify_topic("", heading=heading) == topic


def test_a_heading_weighs_more_than_a_body_mentioning_another_topic():
    body = "组织开展培训2期。举办培训班1期，培训执法人员80人次。"
    assert classify_topic(body) == "workforce"
    assert classify_topic(body, heading="严格规范公正文明执法，提升监管执法效能") == "enforcement"


def test_the_facts_own_heading_decides_however_worded():
    facts = parse_facts("### 执法队伍建设\n- 立案12起")
    assert infer_topic("measures", facts) == "workforce"
    assert infer_topic("shortcomings", facts) == "general"


@pytest.mark.parametrize("heading, topic", [("行政应诉", "oversight"), ("法治队伍建设", "workforce"),
                                            ("执法队伍", "workforce"), ("政务公开", "oversight"),
                                            ("三、矛盾纠纷化解工作", "disputes")])
def test_facts_file_topic_headings_take_common_wordings(heading, topic):
    assert list(read_report_facts(f"## 主要举措和成效\n### {heading}\n- 立案12起").groups["measures"]) == [topic]


def test_a_heading_of_the_bureaus_own_whose_facts_name_no_topic_is_drafted_as_general_measures():
    groups = read_report_facts("## 主要举措和成效\n### 社区矫正\n- 在册矫正对象86人\n- 集中教育12次").groups["measures"]
    assert {topic: len(facts) for topic, facts in groups.items()} == {"general": 2}


def test_a_heading_of_the_bureaus_own_takes_the_topic_of_its_facts():
    groups = read_report_facts("## 主要举措和成效\n### 安全生产专项整治\n- 立案查处违法行为12起\n- 下达处罚决定书10份\n"
                               "### 队伍\n- 组织执法比武1次").groups["measures"]
    assert {topic: len(facts) for topic, facts in groups.items()} == {"enforcement": 2, "workforce": 1}


@pytest.mark.parametrize("wording, topic", [("行政复议", "oversight"), ("法治队伍", "workforce"), ("", "")])
def test_the_service_resolves_common_wordings(wording, topic):
    assert resolve(TOPICS, wording, "主题") == topic


@pytest.mark.parametrize("wording, topic", [("行政复议", "oversight"), ("法治队伍", "workforce"),
                                            ("执法队伍建设", "workforce")])
def test_the_cli_takes_common_wordings(tmp_path, wording, topic):
    facts = tmp_path / "facts.md"
    facts.write_text("- 办理案件3件\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["draft", "--part", "measures", "--topic", wording, "--facts", str(facts),
                                      "--json", "--kb", str(tmp_path / "kb")], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["text"]


def test_the_cli_refuses_a_topic_it_cannot_name(tmp_path):
    result = CliRunner().invoke(cli, ["draft", "--part", "measures", "--topic", "杂项", "--facts", "-",
                                      "--kb", str(tmp_path / "kb")], input="- 立案3起\n")
    assert result.exit_code == 2 and "workforce（法治队伍建设）" in result.output


def test_dropdown_labels_show_other_wordings():
    oversight = next(t for t in TOPICS if t.id == "oversight")
    assert topic_choice_label(oversight).startswith("权力监督（行政复议")
