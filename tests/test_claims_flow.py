"""Named claims flow wherever numbers do: `check` on the command line, the app's coloured view, the
repair loop and the examples answer over the scripted model server, and the whole report."""

import json

import pytest
from click.testing import CliRunner

from assistant.cli import cli
from assistant.check.claims import check_draft
from assistant.config import Settings
from assistant.check.facts import parse_facts
from assistant.write.report import draft_report
from assistant.service import Assistant
from assistant.app.views import check_html, checked_text_html, legend_html
from reports import write_report

FACTS = "- 全年检查生产经营单位420家次\n- 立案12起，下达行政处罚决定书10份\n- 聘请华诚律师事务所为法律顾问"
GOOD = "严格规范执法，提升执法质效。一是强化执法检查。全年检查生产经营单位420家次。二是严格案件查办。立案12起，下达行政处罚决定书10份。"
INVENTED = GOOD.replace("一是强化执法检查。", "一是强化执法检查。开展“清源行动”，")


# --- command line ------------------------------------------------------------------------------

@pytest.fixture
def files(tmp_path):
    (tmp_path / "facts.md").write_text(FACTS, encoding="utf-8")
    return tmp_path


def run_check(files, draft: str, *args):
    (files / "draft.txt").write_text(draft, encoding="utf-8")
    return CliRunner().invoke(cli, ["check", str(files / "draft.txt"), "--facts", str(files / "facts.md"),
                                    "--year", "2024", *args])


def test_cli_flags_an_invented_name_with_its_position_and_exit_1(files):
    result = run_check(files, "一、执法情况\n" + INVENTED)
    column = INVENTED.index("“清源行动”") + 1
    assert result.exit_code == 1, result.output
    assert "无依据 0 处" in result.output and "名称：无依据 1 处" in result.output
    assert f"[名称无依据] 第 2 行第 {column} 字「“清源行动”」：事实中没有这个名称" in result.output


def test_cli_passes_a_faithful_draft_and_the_bureaus_own_place(files):
    draft = "示例县应急管理局聘请华诚律师事务所为法律顾问。" + GOOD
    assert run_check(files, draft).exit_code == 1  # 示例县 is nobody's without --bureau
    result = run_check(files, draft, "--bureau", "示例县应急管理局")
    assert result.exit_code == 0, result.output


def test_cli_json_lists_the_names(files):
    data = json.loads(run_check(files, INVENTED, "--json").output)
    assert data["ok"] is False
    assert [(n["kind"], n["text"], n["status"]) for n in data["names"]] == [("quoted", "“清源行动”", "unsupported_name")]


# --- the app's view ----------------------------------------------------------------------------

def test_an_unsupported_name_is_coloured_like_an_unsupported_number_with_the_reason_on_hover():
    check = check_draft(INVENTED, parse_facts(FACTS), year=2024).to_dict()
    html = checked_text_html(INVENTED, check)
    assert '<span class="num-unsupported name-unsupported" title="名称无依据：事实中没有这个名称' in html
    assert "“清源行动”</span>" in html
    assert "名称无依据 1" in legend_html(check) and "有数字或名称缺少事实依据" in legend_html(check)
    assert "需要核对的名称（1）" in check_html(INVENTED, check)


# --- repair loop and examples answer over the scripted model --------------------------------------

@pytest.fixture
def settings(tmp_path, fake_llm):
    write_report(tmp_path / "reports", "a-2023.txt")  # its 立案93起 and “安全生产月” are an example's
    return Settings(kb_dir=tmp_path / "kb", llm_base_url=fake_llm.url, llm_model="test-model", llm_timeout=1)


def make_assistant(settings: Settings) -> Assistant:
    assistant = Assistant.from_settings(settings)  # the model's drafter, over the scripted server
    list(assistant.kb.ingest(sorted((settings.kb_dir.parent / "reports").iterdir())))
    return assistant


def test_an_invented_name_is_sent_back_quoted_and_repaired(settings, fake_llm):
    fake_llm.replies = [INVENTED, GOOD]
    result = make_assistant(settings).draft("measures", FACTS, bureau="测试县应急管理局", year=2024)
    assert result.check.ok and result.repairs == 1 and result.text == GOOD
    repair_prompt = fake_llm.requests[-1]["body"]["messages"][1]["content"]
    assert "「“清源行动”」（名称）：事实中没有这个名称" in repair_prompt


def test_a_name_that_stays_invented_is_returned_marked(settings, fake_llm):
    honour = GOOD + "我局荣获全省法治政府建设示范单位称号。"
    fake_llm.replies = [honour] * 3
    result = make_assistant(settings).draft("measures", FACTS, bureau="测试县应急管理局", year=2024)
    assert result.repairs == 2 and not result.check.ok and result.check.unsupported == []
    assert [n.kind for n in result.check.unsupported_names] == ["honour"]


def test_a_faithful_examples_answer_passes(settings, fake_llm):
    fake_llm.replies = ["这些段落分两条写，小标题用两个并列短句。[1] 示例市应急管理局，2023年（a-2023.txt）："
                        "围绕“安全生产月”开展宣传活动12场，发放宣传资料3000余份。"]
    found = make_assistant(settings).examples("普法宣传怎么写")
    assert found.backend == "llm" and found.check is not None and found.check.ok, found.check.to_dict()
    assert "核对提示" not in found.text and found.to_dict()["check"]["ok"] is True


def test_an_examples_answer_with_a_number_or_name_not_in_the_passages_is_flagged(settings, fake_llm):
    fake_llm.replies = ["[1] 示例市应急管理局开展“清源行动”，立案95起，经验值得借鉴。"]
    found = make_assistant(settings).examples("行政执法怎么写")
    assert not found.check.ok
    assert [m.quantity.text for m in found.check.unsupported] == ["95起"]
    assert [n.text for n in found.check.unsupported_names] == ["“清源行动”"]
    assert found.text.endswith("核对提示：以下内容在所引段落中找不到，请勿直接采用：「95起」、「“清源行动”」。")


# --- whole report -------------------------------------------------------------------------------

REPORT_FACTS = "# 测试县应急管理局 2024 年度报告事实\n\n## 主要举措和成效\n### 行政执法\n- 全年检查生产经营单位420家次\n"
OPENING = "2024年，我局坚持依法行政。现将2024年度法治政府建设工作情况报告如下："


def test_a_report_labels_a_number_and_a_place_copied_from_an_example(settings, fake_llm):
    copied = "严格规范执法，提升执法质效。一是强化执法检查。全年检查生产经营单位420家次，学习示例市经验，立案93起。"
    fake_llm.replies = [OPENING, copied, copied, copied]
    report = draft_report(make_assistant(settings), REPORT_FACTS, bureau="测试县应急管理局", year=2024)
    [number] = report.check.unsupported
    assert number.quantity.text == "93起" and "取自范例" in number.reason
    [place] = report.check.unsupported_names
    assert place.text == "示例市" and "取自范例" in place.reason
    assert not report.check.ok


def test_cli_takes_the_bureau_of_a_signed_report(files):
    report = f"示例县应急管理局2024年度法治政府建设工作报告\n\n{GOOD}\n\n示例县应急管理局\n2025年1月20日\n"
    result = run_check(files, report)
    assert "名称：无依据 0 处" in result.output, result.output


def test_a_draft_downloads_with_its_unsupported_names():
    from assistant.records.store import DraftRecord
    from assistant.app.views import draft_markdown

    check = check_draft(INVENTED, parse_facts(FACTS), year=2024).to_dict()
    text = draft_markdown(DraftRecord("measures", FACTS, INVENTED, "enforcement", check=check))
    assert "- “清源行动”：名称无依据，事实中没有这个名称" in text


def test_a_model_polish_that_adds_a_name_is_refused(settings, fake_llm):
    fake_llm.replies = ["今年以来，我局开展“清源行动”，依法立案93起。"]
    polished = make_assistant(settings).polish("今年以来,我局立案 93 起.")
    assert polished.backend == "offline" and polished.text == "今年以来，我局立案93起。"
    assert "“清源行动”" in polished.notice
