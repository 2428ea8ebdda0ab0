"""Roles enforced by the real app over HTTP and in a real browser: accounts made with the real CLI,
logins through Gradio's /login, events through its queue — a drafter cannot change the knowledge
base nor open another drafter's draft by id; an admin can; a report sent for review (送审) reaches
the reviewer, whose comment reaches its owner, while another drafter can neither read it nor
comment on it. One app process for the module; the browser tests use Debian's chromium."""

import os
import re
import subprocess
import sys
import time

import pytest

from gradio_http import Session
from test_ui_e2e import CHROMIUM, REPO, browser, free_port, open_tab, pick_option, shot, sync_api, wait_until_up  # noqa: F401

PASSWORDS = {"zhangsan": "Qicao-2025!a", "lisi": "Qicao-2025!b", "guanli": "Jiancha-2025!c", "kezhang": "Shenhe-2025!d"}
ROLES = {"zhangsan": "drafter", "lisi": "drafter", "guanli": "admin", "kezhang": "reviewer"}
REPORT_FACTS = """# 青石县市场监督管理局 2024 年度报告事实

## 主要举措和成效
### 行政执法
- 开展“双随机、一公开”抽查317户次
- 立案查处违法案件64起

## 存在的不足和原因
- 基层执法人员法律素养有待提升

## 下一年度工作打算
- 持续推进执法规范化建设
"""
# Outputs of the 整篇报告 events (assistant/app/report_tab.py) and of the review panel (review_panel.py).
REPORT_TEXT, REPORT_ID, REPORT_HISTORY = 8, 11, 12
PANEL_STATUS, PANEL_COMMENT_BUTTON, PANEL_APPROVE, PANEL_TEXT = 1, 5, 6, 8
SAMPLE = "示例县应急管理局_2023年度法治政府建设工作报告.txt"


@pytest.fixture(scope="module")
def app_url(tmp_path_factory):
    """The real app on loopback with three accounts and no single login pair."""
    data = tmp_path_factory.mktemp("roles-app")
    env = os.environ | {"REPORT_DATA_DIR": str(data), "REPORT_KB_DIR": str(data / "kb"), "REPORT_LLM_BASE_URL": "",
                        "REPORT_KNOWLEDGE_DIR": str(REPO / "knowledge"), "GRADIO_ANALYTICS_ENABLED": "False"}
    for name, role in ROLES.items():
        subprocess.run([sys.executable, "-m", "assistant", "user", "add", name, "--role", role], cwd=REPO, env=env,
                       input=PASSWORDS[name] + "\n", text=True, check=True, capture_output=True)
    port = free_port()
    log = data / "ui.log"
    with log.open("w") as out:
        process = subprocess.Popen([sys.executable, "ui.py"], cwd=REPO, env=env | {"GRADIO_SERVER_PORT": str(port)},
                                   stdout=out, stderr=subprocess.STDOUT)
    try:
        wait_until_up(f"http://127.0.0.1:{port}/", process, log)
        yield f"http://127.0.0.1:{port}"
    finally:
        process.terminate()
        process.wait(timeout=20)


def session(url: str, name: str) -> Session:
    person = Session(url)
    assert person.login(name, PASSWORDS[name]) == 200
    return person


def draft(person: Session, facts: str) -> list:
    message = person.run("draft-button", "click", "measures", "", "示例县应急管理局", 2024, facts, [])
    assert message["success"], message
    return message["output"]["data"]


def test_accounts_log_in_and_a_wrong_password_does_not(app_url):
    assert Session(app_url).login("zhangsan", "Qicao-2025!b") == 400
    assert Session(app_url).login("nobody", "Qicao-2025!a") == 400
    assert Session(app_url).login("zhangsan", PASSWORDS["zhangsan"]) == 200


def test_a_drafter_cannot_change_the_knowledge_base(app_url):
    drafter = session(app_url, "zhangsan")
    assert SAMPLE in str(drafter.load("kb-doc")["output"]["data"])  # everyone sees the documents
    for elem_id, data in (("kb-remove", [SAMPLE]), ("kb-ingest", [[]])):
        refused = drafter.run(elem_id, "click", *data)
        assert not refused["success"] and "只有管理员" in refused["output"]["error"]
    admin = session(app_url, "guanli")
    admin.load("kb-doc")
    removed = admin.run("kb-remove", "click", SAMPLE)
    assert removed["success"] and f"已移除 {SAMPLE}" in removed["output"]["data"][0]


def test_a_drafter_cannot_open_another_drafters_draft_by_id(app_url):
    zhangsan, lisi = session(app_url, "zhangsan"), session(app_url, "lisi")
    own = draft(zhangsan, "- 全年开展执法检查542家次\n- 立案93起")
    draft_id, text = own[-3], own[6]
    assert "542" in text
    others = lisi.load("draft-history", draft_id)["output"]["data"]  # the id as a browser would send it
    assert "542" not in str(others) and draft_id not in str(others[-1])
    edited = lisi.run("draft-recheck", "click", draft_id, "改写别人的草稿")
    assert "找不到草稿" in str(edited["output"])
    reopened = zhangsan.load("draft-history", draft_id)["output"]["data"]
    assert reopened[6] == text and draft_id in str(reopened[-1])
    admin = session(app_url, "guanli").load("draft-history", draft_id)["output"]["data"]
    assert admin[6] == text  # an admin sees every draft


def draft_report(person: Session) -> str:
    """A whole report drafted by person; its id."""
    message = person.run("report-button", "click", REPORT_FACTS, "", "", "", "", "", [])
    assert message["success"], message
    return message["output"]["data"][REPORT_ID]


def reopen_report(person: Session, report_id: str) -> tuple[list, list]:
    """What a person's page shows on opening with report_id kept: the report's outputs, then the review panel's."""
    load = person.load_event("report-history")
    shown = person._run(load, None, [report_id])["output"]["data"]
    return shown, person.then(load, report_id)["output"]["data"]


def test_a_report_sent_for_review_reaches_the_reviewer_and_the_comment_reaches_its_owner(app_url):
    zhangsan, kezhang = session(app_url, "zhangsan"), session(app_url, "kezhang")
    report_id = draft_report(zhangsan)
    assert "317户次" not in str(reopen_report(kezhang, report_id)[0])  # not sent yet: the reviewer cannot see it
    sent = zhangsan.run("review-submit", "click", report_id)["output"]["data"]
    assert "已送审" in sent[PANEL_STATUS] and sent[PANEL_TEXT]["interactive"] is False  # locked while in review
    shown, panel = reopen_report(kezhang, report_id)
    assert "317户次" in shown[REPORT_TEXT] and report_id in str(shown[REPORT_HISTORY])
    assert panel[PANEL_TEXT]["interactive"] is False and panel[PANEL_APPROVE]["interactive"] is True
    edited = kezhang.run("report-recheck", "click", report_id, shown[REPORT_TEXT] + "审核人改的一句。")
    assert "不能修改正文" in str(edited["output"]["data"][-1])
    commented = kezhang.run("review-comment-button", "click", report_id, "请补充行政复议案件的办理情况。")
    assert commented["success"] and "kezhang" in commented["output"]["data"][PANEL_STATUS]
    shown, panel = reopen_report(zhangsan, report_id)
    assert "请补充行政复议案件的办理情况。" in panel[PANEL_STATUS] and "kezhang" in panel[PANEL_STATUS]
    assert panel[PANEL_COMMENT_BUTTON]["visible"] is False  # a drafter has no comment button
    assert "审核人已对这份报告发表意见" in str(zhangsan.run("review-withdraw", "click", report_id)["output"]["data"][-1])
    returned = kezhang.run("review-return", "click", report_id, "")["output"]["data"]
    assert "退回修改" in returned[PANEL_STATUS]
    assert reopen_report(zhangsan, report_id)[1][PANEL_TEXT]["interactive"] is True  # the owner may edit again


def test_a_drafter_can_neither_read_nor_comment_on_anothers_submitted_report(app_url):
    zhangsan, lisi = session(app_url, "zhangsan"), session(app_url, "lisi")
    report_id = draft_report(zhangsan)
    zhangsan.run("review-submit", "click", report_id)
    shown, panel = reopen_report(lisi, report_id)
    assert "317户次" not in str(shown) and report_id not in str(shown[REPORT_HISTORY])
    assert "已送审" not in panel[PANEL_STATUS]
    for elem_id, data in (("review-comment-button", [report_id, "我也来提意见"]), ("review-approve", [report_id, ""])):
        refused = lisi.run(elem_id, "click", *data)["output"]["data"][-1]
        assert "只有审核人或管理员" in refused
    assert "找不到整篇报告" in str(lisi.run("report-recheck", "click", report_id, "改写别人的报告")["output"]["data"][-1])
    assert "找不到整篇报告" in str(lisi.run("review-withdraw", "click", report_id)["output"]["data"][-1])
    for download in ("report-docx", "report-md"):  # Gradio passes these handlers their gr.Request too
        refused = lisi.run(download, "click", report_id, None)["output"]["data"]
        assert refused[0] is None and "找不到整篇报告" in refused[-1]
    assert "我也来提意见" not in reopen_report(zhangsan, report_id)[1][PANEL_STATUS]


@pytest.mark.parametrize("name, admin", [("zhangsan", False), ("kezhang", False), ("guanli", True)])
def test_knowledge_base_buttons_are_disabled_on_page_load_for_all_but_admins(app_url, name, admin):
    upload, ingest, reindex, remove, note = session(app_url, name).load("kb-ingest")["output"]["data"]
    assert upload["visible"] is admin and ingest["interactive"] is reindex["interactive"] is remove["interactive"] is admin
    assert ("只有管理员" in note) is not admin



# --- in a real browser ---------------------------------------------------------------------

needs_chromium = pytest.mark.skipif(not CHROMIUM.exists(), reason="needs Debian's chromium (./run.sh test installs it)")


@pytest.fixture
def log_in(browser, app_url):  # noqa: F811
    """Open the app in a fresh browser context logged in as a person (through the real /login)."""
    contexts = []

    def open_as(name: str, storage: dict | None = None):
        context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN")
        context.set_default_timeout(30_000)
        contexts.append(context)
        assert context.request.post(f"{app_url}/login", form={"username": name, "password": PASSWORDS[name]}).ok
        page = context.new_page()
        if storage:  # what another person's browser kept (the ids of their last draft and report)
            page.goto(f"{app_url}/login")
            page.evaluate("(kept) => Object.entries(kept).forEach(([k, v]) => localStorage.setItem(k, v))", storage)
        page.goto(app_url)
        return page

    yield open_as
    for context in contexts:
        context.close()


def kept_ids(page) -> dict:
    """What the app keeps in a browser's localStorage: its last draft, report and conversation."""
    return page.evaluate("() => Object.fromEntries(Object.entries(localStorage)"
                         ".filter(([k]) => k.startsWith('report-assistant-')))")


@needs_chromium
def test_in_a_browser_a_drafter_cannot_remove_a_knowledge_base_document(log_in):
    page = log_in("zhangsan")
    open_tab(page, "知识库")
    remove = page.locator("#kb-remove")
    sync_api.expect(remove).to_be_disabled()
    sync_api.expect(page.locator("#kb-ingest")).to_be_disabled()
    sync_api.expect(page.locator("#kb-upload")).to_be_hidden()
    sync_api.expect(page.locator("#kb-role-note")).to_contain_text("只有管理员")
    pick_option(page, "#kb-doc")
    source = page.locator("#kb-doc input").input_value()
    shot(page, "roles-kb-drafter")
    remove.evaluate("button => button.removeAttribute('disabled')")  # as a person editing the page would
    page.once("dialog", lambda dialog: dialog.accept())
    remove.click()
    sync_api.expect(page.get_by_text("只有管理员可以从知识库移除文档").first).to_be_visible()
    page.reload()
    open_tab(page, "知识库")
    sync_api.expect(page.locator("#kb-table")).to_contain_text(source)  # still there


@needs_chromium
def test_in_a_browser_one_drafter_cannot_open_anothers_draft_by_id(log_in):
    zhangsan = log_in("zhangsan")
    open_tab(zhangsan, "起草")
    zhangsan.locator("#draft-facts textarea").fill("- 全年开展执法检查618家次\n- 立案47起")
    zhangsan.locator("#draft-button").click()
    sync_api.expect(zhangsan.locator("#draft-check")).to_contain_text("618")
    kept = kept_ids(zhangsan)
    assert kept.get("report-assistant-draft")
    lisi = log_in("lisi", kept)  # zhangsan's kept draft id, in lisi's browser
    open_tab(lisi, "起草")
    sync_api.expect(lisi.locator("#draft-history")).to_be_visible()
    time.sleep(1)  # the page-load reopening has run
    assert "618" not in lisi.locator("#draft-check").inner_text() + lisi.locator("#draft-text textarea").input_value()
    lisi.locator("#draft-history input").click()
    assert lisi.locator("#draft-history [data-testid=dropdown-option]").count() == 0
    again = log_in("zhangsan", kept)  # the same kept id reopens for its owner
    open_tab(again, "起草")
    sync_api.expect(again.locator("#draft-text textarea")).to_have_value(re.compile("618"))


@needs_chromium
def test_in_a_browser_a_reviewer_comments_on_a_submitted_report_and_the_drafter_sees_it(log_in):
    zhangsan = log_in("zhangsan")
    open_tab(zhangsan, "整篇报告")
    zhangsan.locator("#report-facts textarea").fill(REPORT_FACTS)
    zhangsan.locator("#report-button").click()
    sync_api.expect(zhangsan.locator("#report-check")).to_contain_text("青石县市场监督管理局")
    sync_api.expect(zhangsan.locator("#review-comment")).to_be_hidden()  # no comment box for a drafter
    zhangsan.locator("#review-submit").click()
    sync_api.expect(zhangsan.locator("#review-status")).to_contain_text("已送审")
    sync_api.expect(zhangsan.locator("#report-history input")).to_have_value(re.compile("^已送审 · "))
    zhangsan.get_by_text("报告正文（可复制、可修改").click()
    sync_api.expect(zhangsan.locator("#report-text textarea")).to_be_disabled()  # read-only while in review
    kezhang = log_in("kezhang")
    open_tab(kezhang, "整篇报告")
    pick_option(kezhang, "#report-history", "已送审 · zhangsan")
    sync_api.expect(kezhang.locator("#report-check")).to_contain_text("317户次")
    sync_api.expect(kezhang.locator("#review-status")).to_contain_text("起草人：zhangsan")
    sync_api.expect(kezhang.locator("#review-submit")).to_be_hidden()
    kezhang.locator("#review-comment textarea").fill("第一部分请补充“双随机、一公开”抽查发现问题的整改情况。")
    kezhang.locator("#review-comment-button").click()
    sync_api.expect(kezhang.locator("#review-status")).to_contain_text("审核意见（1 条）")
    sync_api.expect(kezhang.locator("#review-comment textarea")).to_have_value("")
    shot(kezhang, "roles-review-reviewer")
    zhangsan.reload()
    open_tab(zhangsan, "整篇报告")
    status = zhangsan.locator("#review-status")
    sync_api.expect(status).to_contain_text("抽查发现问题的整改情况")
    sync_api.expect(status).to_contain_text("kezhang")
    sync_api.expect(zhangsan.locator("#review-withdraw")).to_be_disabled()  # a comment is on it now
    shot(zhangsan, "roles-review-drafter")
