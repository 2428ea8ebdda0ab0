"""The 起草 tab: 再来一版 (which version a request asks for, saved as new drafts) and the drafter's
review of its items shown beside the number check, with a model: the real app (`python ui.py`) on a
free port, its model the scripted server of tests/fake_llm.py, driven over HTTP as a page does."""

import json
import os
import subprocess
import sys

import pytest
from fake_llm import start_fake_llm
from gradio_http import Session
from test_ui_e2e import REPO, free_port, wait_until_up

import ui
from assistant.app import views
from assistant.app.draft_tab import SAME_VERSION, next_variant, review_html
from assistant.write.composer import VARIANT_NOTICE
from assistant.config import Settings
from assistant.write.llm_drafter import CUT_OFF
from assistant.service import Assistant
from assistant.records.store import DraftRecord, Store

FACTS = "- 全年检查生产经营单位420家次\n- 立案12起，下达行政处罚决定书10份"
BUREAU = "测试县应急管理局"
CITED = [{"heading": "强化执法检查", "text": "全年检查生产经营单位420家次", "fact_ids": ["F1"]},
         {"heading": "严格案件查办", "text": "立案12起，下达行政处罚决定书10份", "fact_ids": ["F2"]}]
UNCITED = {"heading": "开展专项整治", "text": "组织开展专项整治行动", "fact_ids": []}
INVENTED = json.dumps({"subheading": "严格规范执法，提升执法质效", "items": [*CITED, UNCITED]}, ensure_ascii=False)
SHOWN = DraftRecord("measures", "- 立案93起", "……", topic="law_enforcement", bureau="示例县应急管理局", year=2024,
                    variant=2)


@pytest.mark.parametrize("shown, part, topic, bureau, year, facts, expected", [
    (SHOWN, "measures", "law_enforcement", "示例县应急管理局", 2024, "- 立案93起", 3),  # the form as shown: the next
    (SHOWN, "measures", "", " 示例县应急管理局 ", 2024, "- 立案93起\n", 3),  # topic left to the facts, spaces
    (SHOWN, "measures", "law_enforcement", "示例县应急管理局", 2024, "- 立案94起", 1),  # facts changed: a new request
    (SHOWN, "plans", "law_enforcement", "示例县应急管理局", 2024, "- 立案93起", 1),
    (SHOWN, "measures", "publicity", "示例县应急管理局", 2024, "- 立案93起", 1),
    (SHOWN, "measures", "law_enforcement", "示例县应急管理局", 2023, "- 立案93起", 1),
    (None, "measures", "", "", None, "- 立案93起", 1),  # nothing drafted yet: the second version
])
def test_another_version_follows_the_draft_shown_only_while_the_form_asks_the_same(
        shown, part, topic, bureau, year, facts, expected):
    assert next_variant(shown, part, topic, bureau, year, facts) == expected


@pytest.mark.parametrize("problems, shown, hidden", [
    ([], [], ["条目核对"]),
    (["第3条（开展专项整治）没有注明所依据的事实编号"], ["条目核对：发现 1 处问题", "第3条（开展专项整治）没有注明所依据的事实编号"], []),
    ([CUT_OFF], ["正文可能不完整"], ["把整节完整交回"]),  # worded for a person, not for the model
    (["第1条（<b>）没有注明所依据的事实编号"], ["&lt;b&gt;"], ["<b>）"]),
])
def test_the_drafters_review_is_shown_in_words_for_a_person(problems, shown, hidden):
    html = review_html(problems)
    assert all(s in html for s in shown) and not any(h in html for h in hidden)


def test_the_markdown_download_lists_the_items_problems():
    record = DraftRecord("measures", FACTS, "……", problems=["第3条（开展专项整治）没有注明所依据的事实编号"])
    assert "- 条目问题：第3条（开展专项整治）没有注明所依据的事实编号\n" in views.draft_markdown(record)
    assert "条目问题" not in views.draft_markdown(SHOWN)


@pytest.fixture
def workspace(tmp_path):
    settings = Settings(data_dir=tmp_path / "data", kb_dir=tmp_path / "kb", knowledge_dir=REPO / "knowledge")
    assistant = Assistant.from_settings(settings)
    ui.sync_folders(assistant.kb, [settings.knowledge_dir])
    return ui.Workspace(assistant, Store(settings.data_dir))


def test_each_version_is_a_draft_of_its_own_and_says_when_the_rules_had_no_other(workspace):
    tab, facts = workspace.draft, "- 立案93起\n- 下达行政处罚决定书78份"
    first = tab.draft("measures", "", "示例县应急管理局", "2024", facts)
    second = tab.redraft(first[10], *first[:5])
    assert second[10] != first[10] and second[6] != first[6] and VARIANT_NOTICE in second[5]
    assert {d.id: d.variant for d in workspace.store.list_drafts()} == {first[10]: 0, second[10]: 1}
    labels = {draft_id: label for label, draft_id in second[11]["choices"]}  # drafted in the same second: any order
    assert "（第2版）" in labels[second[10]] and "版）" not in labels[first[10]]
    problems = tab.draft("shortcomings", "", "示例县应急管理局", "2024", "- 执法人员仅有12名，执法力量不足")  # a number: main at 38b1563 reads no fact from a line without one
    again = tab.redraft(problems[10], *problems[:5])
    assert again[6] == problems[6] and SAME_VERSION in again[5] and VARIANT_NOTICE not in again[5]


@pytest.fixture(scope="module")
def model():
    llm, server = start_fake_llm()
    llm.responder = lambda body: INVENTED  # every round of repair keeps the item that cites nothing
    yield llm
    server.shutdown()


@pytest.fixture(scope="module")
def app_url(tmp_path_factory, model):
    """The real app with a model: the scripted server on loopback."""
    data = tmp_path_factory.mktemp("model-app")
    env = os.environ | {"REPORT_DATA_DIR": str(data), "REPORT_KB_DIR": str(data / "kb"), "REPORT_LLM_BASE_URL": model.url,
                        "REPORT_LLM_MODEL": "test-model", "REPORT_KNOWLEDGE_DIR": str(REPO / "knowledge"),
                        "GRADIO_ANALYTICS_ENABLED": "False", "GRADIO_SERVER_PORT": str(free_port())}
    log = data / "ui.log"
    with log.open("w") as out:
        process = subprocess.Popen([sys.executable, "ui.py"], cwd=REPO, env=env, stdout=out, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{env['GRADIO_SERVER_PORT']}"
    try:
        wait_until_up(url + "/", process, log)
        yield url
    finally:
        process.terminate()
        process.wait(timeout=20)


def page(url: str) -> Session:
    """A browser's session on an app without a login: its config read as the page reads it."""
    person = Session(url)
    person.config = json.loads(person.opener.open(f"{url}/config", timeout=30).read())
    return person


def test_an_item_the_model_left_without_its_facts_is_shown_beside_the_check(app_url, model):
    person = page(app_url)
    done = person.run("draft-button", "click", "measures", "", BUREAU, "2024", FACTS, [])
    assert done["success"], done
    shown = done["output"]["data"]
    check, text, draft_id = shown[5], shown[6], shown[10]
    assert "组织开展专项整治行动" in text and "全部数字都有事实依据" in check  # no number is wrong …
    assert "条目核对：发现 1 处问题" in check and "第3条（开展专项整治）没有注明所依据的事实编号" in check  # … an item is
    assert check.index("全部数字都有事实依据") < check.index("条目核对") < check.index("<h4>校对")
    assert len(model.chat_requests()) == 3  # the draft and its two rounds of repair
    reopened = person.load("draft-history", draft_id)["output"]["data"]  # a reload: the review is kept with the draft
    assert "第3条（开展专项整治）没有注明所依据的事实编号" in reopened[5]
