"""Last year's report as a source: bureau identity across years, 同比 offered from last year's
figures, a draft's 同比 and left-over figures reviewed, last year's plans followed up, the previous
report found in a real Chroma knowledge base, and the command line. Pairs: tests/lastyear_pairs.py."""

import json

import pytest
from click.testing import CliRunner

from assistant.check.claims import check_draft
from assistant.cli import cli
from assistant.config import Settings
from assistant.kb.documents import parse_report
from assistant.check.lastyear import LastYear, find_last_year, offer_changes, review_check, with_changes
from assistant.check.planreview import review_plans
from assistant.write.report import read_report_facts
from assistant.service import Assistant
from lastyear_pairs import JUSTICE, MARKET, MARKET_2022, PAIRS


def last_of(pair) -> LastYear:
    return LastYear.from_report(parse_report(pair["report"], f"{pair['bureau']}_{pair['year'] - 1}.txt"))


def facts_of(pair):
    return read_report_facts(pair["facts"]).facts


@pytest.mark.parametrize("name, fact, clause", [
    (name, fact, clause) for name, pair in PAIRS.items() for fact, clause in pair["changes"].items()])
def test_each_fact_is_offered_the_change_from_last_years_figure(name, fact, clause):
    pair = PAIRS[name]
    offered = {c.line.split("（")[0]: c for c in offer_changes(facts_of(pair), last_of(pair))}
    if clause is None:
        assert fact not in offered, offered[fact].line  # last year states no figure of this subject
    else:
        assert offered[fact].clause == clause


def test_an_offer_shows_last_years_figure_formula_and_passage():
    offer = next(c for c in offer_changes(facts_of(MARKET), last_of(MARKET)) if c.line.startswith("立案"))
    assert offer.line == "立案88件（上年70起，同比增长25.7%）"  # 起 and 件 both count cases
    assert offer.formula == "|88-70|/70 = 25.71% ≈ 25.7%"
    assert "立案查处违法案件70起" in offer.figure.passage and "2023年" in offer.reason
    assert offer.id == f"Y-{offer.fact.id}"


def test_a_ticked_change_becomes_a_clause_of_its_fact():
    facts = facts_of(MARKET)
    offer = next(c for c in offer_changes(facts, last_of(MARKET)) if c.line.startswith("罚没款"))
    written = {f.id: f.text for f in with_changes(facts, [offer])}
    assert written[offer.fact.id] == "罚没款312.4万元，同比增长27.2%"


@pytest.mark.parametrize("draft, mention, status, reason", [
    ("2024年，我局立案88件，同比增长25.7%。", "25.7%", "derived", "由上年报告计算得出（2023年：立案查处违法案件70起"),
    ("立案88件，比上年增长25.7%。", "25.7%", "derived", "立案查处违法案件70起"),
    ("2024年，我局立案88件，同比增长30%。", "30%", "unsupported", "本年88件，上年70起"),
    ("立案88件，同比下降25.7%。", "25.7%", "unsupported", "应为同比增长25.7%"),
    ("罚没款312.4万元，同比增长27.2%。", "27.2%", "derived", "罚没款245.6万元"),
    ("全年检查经营主体1320家次，依法查处违法行为。", "1320家次", "stale",
     "与上年报告相同（2023年：全年检查经营主体1320家次），请确认"),
    ("清理规范性文件5件。", "5件", "stale", "与上年报告相同（2023年：清理规范性文件5件），请确认"),
    ("全年检查经营主体1450家次，较上年检查经营主体1320家次有所增加。", "1320家次", "supported", "取自2023年报告"),
    ("办理行政复议案件3件。", "3件", "supported", ""),  # the same figure both years, stated by this year's facts
    ("办理行政许可4580件。", "4580件", "supported", ""),
])
def test_a_drafts_numbers_are_reviewed_against_last_year(draft, mention, status, reason):
    facts = facts_of(MARKET)
    check = review_check(check_draft(draft, facts, year=2024), draft, facts, last_of(MARKET))
    found = next(m for m in check.mentions if m.quantity.text == mention)
    assert found.status == status, found.reason
    assert reason in found.reason
    assert check.ok is (status in ("supported", "derived"))


def test_a_derived_change_carries_its_formula():
    draft = "立案88件，同比增长25.7%。"
    check = review_check(check_draft(draft, facts_of(MARKET), year=2024), draft, facts_of(MARKET), last_of(MARKET))
    assert check.mentions[-1].to_dict()["formula"] == "|88-70|/70 = 25.71% ≈ 25.7%"


@pytest.mark.parametrize("name, draft, label", [
    (name, draft, label) for name, pair in PAIRS.items() for draft, label in pair["left_in"]])
def test_last_years_figure_left_in_is_flagged(name, draft, label):
    pair = PAIRS[name]
    facts = facts_of(pair)
    check = review_check(check_draft(draft, facts, year=pair["year"]), draft, facts, last_of(pair))
    stale = [m for m in check.mentions if m.status == "stale"]
    if label is None:
        assert not stale  # this year's facts state the same figure
    else:
        assert [m.reason.split("），")[0] for m in stale] == [f"与上年报告相同（{pair['year'] - 1}年：{label}"]


@pytest.mark.parametrize("n, status", list(enumerate(MARKET["plans"])))
def test_last_years_plans_addressed_partly_or_missing(n, status):
    review = review_plans(facts_of(MARKET), last_of(MARKET))
    assert len(review.items) == len(MARKET["plans"])
    assert review.items[n].status == status, review.items[n].plan.text


def test_a_missing_plan_says_so_and_names_no_fact():
    review = review_plans(facts_of(JUSTICE), last_of(JUSTICE))
    missing = review.items[3]
    assert missing.label == "未见落实情况" and not missing.facts
    assert review.items[0].facts[0].text.startswith("开展行政执法监督专项行动")


def test_this_years_plans_and_shortcomings_do_not_do_last_years_plans():
    review = review_plans(facts_of(MARKET), last_of(MARKET))
    smart = review.items[3]  # 建设智慧监管平台: stated only as a shortcoming and as next year's plan
    assert smart.status == "missing"


# --- the knowledge base -----------------------------------------------------------------------

@pytest.fixture
def kb_folder(tmp_path):
    folder = tmp_path / "reports"
    folder.mkdir()
    (folder / "望江市市场监督管理局_2023年度报告.txt").write_text(MARKET["report"], encoding="utf-8")
    (folder / "望江市市场监督管理局_2022年度报告.txt").write_text(MARKET_2022, encoding="utf-8")
    (folder / "facts.md").write_text(MARKET["facts"], encoding="utf-8")
    return folder


@pytest.fixture
def assistant(kb_folder, tmp_path):
    assistant = Assistant.from_settings(Settings(kb_dir=tmp_path / "kb"))
    list(assistant.kb.ingest(sorted(kb_folder.glob("*年度报告.txt"))))
    return assistant


def test_the_previous_year_is_found_under_another_spelling_of_the_bureau(assistant):
    last, notice = find_last_year(assistant.kb, "望江市市场监管局", 2024)
    assert last.year == 2023 and notice == ""
    assert any(f.label == "立案查处违法案件70起" for f in last.figures)  # 2023's figure, not 2022's 61起
    last, notice = find_last_year(assistant.kb, "市场监管局", 2025)
    assert last.year == 2023 and "没有2024年的报告，改用2023年报告" in notice


def test_a_bureau_without_last_years_report_gets_a_plain_notice(assistant):
    last, notice = find_last_year(assistant.kb, "望江市司法局", 2024)
    assert last is None and "没有望江市司法局2023年或更早的报告" in notice
    assert find_last_year(assistant.kb, "望江市市场监督管理局", 2022)[0] is None


def test_a_moved_file_is_read_back_from_its_indexed_passages(assistant, kb_folder):
    (kb_folder / "望江市市场监督管理局_2023年度报告.txt").unlink()
    last, _ = find_last_year(assistant.kb, "望江市市场监督管理局", 2024)
    assert last.year == 2023 and any(f.label == "立案查处违法案件70起" for f in last.figures)
    # Plan sections written as a heading alone are not indexed as passages: only the file has them.


def test_the_offline_draft_writes_a_ticked_change_and_the_check_proves_it(assistant):
    facts = "- 立案88件\n- 罚没款312.4万元"
    offers, _ = assistant.offers(facts, "望江市市场监督管理局", 2024)
    chosen = [c.id for c in offers if c.line.startswith("立案")]
    draft = assistant.draft("measures", facts, bureau="望江市市场监督管理局", year=2024, changes=chosen)
    assert "立案88件，同比增长25.7%" in draft.text and "27.2%" not in draft.text
    derived = [m for m in draft.check.mentions if m.status == "derived"]
    assert [m.quantity.text for m in derived] == ["25.7%"] and draft.check.ok


def run(*args):
    return CliRunner().invoke(cli, [*map(str, args)])  # click 8.2+: result.stdout and result.stderr apart


def test_cli_plan_review(assistant, kb_folder, tmp_path):
    result = run("plan-review", "--facts", kb_folder / "facts.md", "--bureau", "望江市市场监管局", "--year", 2024,
                 "--json", "--kb", tmp_path / "kb")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert [i["status"] for i in data["items"]] == MARKET["plans"] and data["year"] == 2023
    text = run("plan-review", "--facts", kb_folder / "facts.md", "--bureau", "望江市市场监督管理局", "--year", 2024,
               "--kb", tmp_path / "kb").stdout
    assert "[未见落实情况] 建设智慧监管平台，推行非现场执法" in text and "已落实 3 条" in text


def test_cli_check_consults_last_years_report(assistant, kb_folder, tmp_path):
    draft = tmp_path / "draft.txt"
    draft.write_text("2024年，我局全年检查经营主体1320家次，立案88件，同比增长30%。", encoding="utf-8")
    result = run("check", draft, "--facts", kb_folder / "facts.md", "--bureau", "望江市市场监督管理局",
                 "--year", 2024, "--kb", tmp_path / "kb")
    assert result.exit_code == 1
    assert "[与上年相同]" in result.stdout and "与上年报告相同（2023年：全年检查经营主体1320家次）" in result.stdout
    assert "同比与上年报告不符：本年88件，上年70起" in result.stdout


def test_cli_without_last_year_gives_a_notice_not_an_error(kb_folder, tmp_path):
    draft = tmp_path / "draft.txt"
    draft.write_text("2024年，我局立案88件。", encoding="utf-8")
    result = run("check", draft, "--facts", kb_folder / "facts.md", "--bureau", "望江市司法局",
                 "--year", 2024, "--kb", tmp_path / "empty")
    assert result.exit_code == 0 and "没有望江市司法局2023年或更早的报告" in result.stderr


def test_cli_draft_with_all_changes(assistant, kb_folder, tmp_path):
    facts = tmp_path / "f.md"
    facts.write_text("- 立案88件\n- 办理行政许可4580件", encoding="utf-8")
    result = run("draft", "--part", "measures", "--facts", facts, "--bureau", "望江市市场监督管理局", "--year", 2024,
                 "--yoy", "all", "--kb", tmp_path / "kb")
    assert result.exit_code == 0, result.output
    assert "立案88件，同比增长25.7%" in result.stdout and "[推算]" in result.stdout
    assert "可用同比 Y-F1：立案88件（上年70起，同比增长25.7%）" in result.stderr


def test_the_model_gets_a_ticked_change_as_a_fact_with_its_id(assistant, fake_llm, tmp_path):
    from assistant.write.llm import LLMClient
    from assistant.write.llm_drafter import LLMDrafter

    settings = Settings(kb_dir=tmp_path / "kb", llm_base_url=fake_llm.url, llm_model="test-model", llm_timeout=1,
                        llm_max_retries=0)
    assistant.drafter = LLMDrafter(LLMClient(settings), 8000)
    fake_llm.replies = ["严格规范执法。立案88件（上年70起，同比增长25.7%）。"]
    facts = "- 立案88件"
    offers, _ = assistant.offers(facts, "望江市市场监督管理局", 2024)
    draft = assistant.draft("measures", facts, bureau="望江市市场监督管理局", year=2024, changes=[offers[0].id])
    human = fake_llm.chat_requests()[0]["messages"][1]["content"]
    assert "F1：立案88件" in human and "Y-F1：立案88件（上年70起，同比增长25.7%）" in human
    statuses = {m.quantity.text: m.status for m in draft.check.mentions}
    assert statuses["88件"] == "supported" and statuses["25.7%"] == "derived" and draft.check.ok
    assert statuses["70起"] in ("supported", "ignored")  # last year's figure, stated as such
    assert draft.repairs == 0  # a 同比 proven by last year's report is not the model's own computation
