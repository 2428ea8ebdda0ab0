"""The app as a 科员 uses it, in a real browser at 1280×720 (issue 12): the next facts file names the
next report, edits reach the downloads, a removed report stays removed, a validation error shows
once beside its button, Enter sends in the chat, polish removes pasted roughness and marks every
change, the sample knowledge base is announced, and the small things a first look trips over.

One app process and one browser for the module (fixtures from test_ui_e2e)."""

import re
import time

import pytest
from test_ui_e2e import CHROMIUM, FACTS, app_url, browser, draft, open_tab, pick_option, shot, sync_api  # noqa: F401

docx = pytest.importorskip("docx")
pytestmark = pytest.mark.skipif(not CHROMIUM.exists(), reason="needs Debian's chromium (./run.sh test installs it)")

OTHER_BUREAU_FACTS = """# 青山区应急管理局 2024 年度报告事实

## 主要举措和成效
### 行政执法
- 立案查处安全生产违法行为41起，罚没款共计37.2万元

## 存在的不足和原因
- 执法人员专业力量不足

## 下一年度工作打算
- 加强执法队伍专业化建设
"""
ROUGH = ('组织 "安全生产月" 活动,参与群众3200人次 .同时深入学习习近平法制思想,重大执法决定法制审核率100% 。'
         '全年办理复议案件20\n24件\n- 加强普法宣传\n- 推进执法规范化建设')
POLISHED = ("组织“安全生产月”活动，参与群众3200人次。同时深入学习习近平法治思想，重大执法决定法制审核率100%。"
            "全年办理复议案件2024件\n- 加强普法宣传\n- 推进执法规范化建设")


@pytest.fixture
def page(browser, app_url):  # noqa: F811
    context = browser.new_context(viewport={"width": 1280, "height": 720}, locale="zh-CN", accept_downloads=True)
    context.set_default_timeout(30_000)
    page = context.new_page()
    page.goto(app_url)
    yield page
    context.close()


def draft_report(page, facts: str | None = None) -> None:
    open_tab(page, "整篇报告")
    if facts is None:
        page.locator("#report-sample").click()
        sync_api.expect(page.locator("#report-facts textarea")).to_have_value(re.compile("^# 示例县"))
    else:
        page.locator("#report-facts textarea").fill(facts)
    page.locator("#report-button").click()


def test_the_next_facts_title_names_the_next_report(page):
    draft_report(page)
    check = page.locator("#report-check")
    sync_api.expect(check).to_contain_text("示例县应急管理局2024年度法治政府建设工作报告")
    sync_api.expect(page.locator("#report-bureau textarea")).to_have_value("")  # not filled in from the title
    draft_report(page, OTHER_BUREAU_FACTS)
    sync_api.expect(check).to_contain_text("青山区应急管理局2024年度法治政府建设工作报告")
    sync_api.expect(check).not_to_contain_text("示例县应急管理局")
    page.reload()
    open_tab(page, "整篇报告")
    sync_api.expect(page.locator("#report-check")).to_contain_text("青山区应急管理局")
    sync_api.expect(page.locator("#report-bureau textarea")).to_have_value("")


def test_an_edit_reaches_both_downloads_marked_and_survives_a_reload(page):
    draft(page)
    box = page.locator("#draft-text textarea")
    edited = box.input_value().replace("93起", "39起")
    box.fill(edited)
    with page.expect_download() as word:  # straight after typing: no 核对 click in between
        page.locator("#draft-docx").click()
    document = docx.Document(word.value.path())
    runs = [r for p in document.paragraphs for r in p.runs]
    assert any("39起" in r.text and r.font.highlight_color is not None for r in runs)
    comments = list(document.comments)
    assert len(comments) == 1 and "无依据" in comments[0].text
    sync_api.expect(page.locator("#draft-download-message")).to_contain_text("没有事实依据")
    sync_api.expect(page.locator("#draft-check .num-unsupported", has_text="39起")).to_be_visible()
    with page.expect_download() as markdown:
        page.locator("#draft-download").click()
    assert "39起" in open(markdown.value.path(), encoding="utf-8").read()
    page.reload()
    open_tab(page, "起草")
    sync_api.expect(page.locator("#draft-text textarea")).to_have_value(edited)


def test_a_removed_report_stays_removed_everywhere(page, tmp_path):
    report = tmp_path / "青山镇应急管理局_2024年度法治政府建设工作报告.txt"
    report.write_text("青山镇应急管理局2024年度法治政府建设工作报告\n一、主要举措和成效\n（一）规范行政执法。"
                      "全年立案查处违法行为12起，开展执法检查80家次。\n", encoding="utf-8")
    open_tab(page, "知识库")
    sync_api.expect(page.locator("#kb-hint")).to_contain_text("虚构的样例报告")
    page.locator("#kb-upload input[type=file]").set_input_files(report)
    page.locator("#kb-ingest").click()
    sync_api.expect(page.locator("#kb-status")).to_contain_text("已导入")
    sync_api.expect(page.locator("#kb-upload")).not_to_contain_text(report.name)  # the upload box is emptied
    sync_api.expect(page.locator("#kb-hint")).to_be_empty()  # the bureau's own report is in
    pick_option(page, "#kb-doc", report.name)
    sync_api.expect(page.locator("#kb-outline textarea")).to_have_value(re.compile("规范行政执法"))
    asked = []
    page.once("dialog", lambda dialog: (asked.append(dialog.message), dialog.accept()))
    page.locator("#kb-remove").click()
    sync_api.expect(page.locator("#kb-status")).to_contain_text("已移除")
    assert asked and report.name in asked[0]
    sync_api.expect(page.locator("#kb-table")).not_to_contain_text(report.name)
    sync_api.expect(page.locator("#kb-outline textarea")).to_have_value("")
    page.locator("#kb-ingest").click()  # importing again brings nothing back
    sync_api.expect(page.locator("#kb-status")).to_contain_text("没有选择文件")
    sync_api.expect(page.locator("#kb-table")).not_to_contain_text(report.name)


def test_a_validation_error_is_shown_once_beside_its_button(page):
    open_tab(page, "起草")
    page.locator("#draft-button").click()
    message = page.locator("#draft-message")
    sync_api.expect(message).to_contain_text("事实是空的")
    time.sleep(0.5)
    assert page.get_by_text("错误", exact=True).count() == 0  # no red badge on every output
    assert page.get_by_text("Error", exact=True).count() == 0  # no English toast
    draft(page)
    sync_api.expect(message).to_be_empty()


def test_enter_sends_and_shift_enter_adds_a_line(page):
    box = page.locator("#chat-input textarea")
    box.click()
    box.type("行政复议怎么写")
    box.press("Shift+Enter")
    box.type("要有案件数")
    assert box.input_value() == "行政复议怎么写\n要有案件数"
    time.sleep(0.3)
    assert "要有案件数" not in page.locator("#chatbot").inner_text()  # nothing sent yet
    box.press("Enter")
    sync_api.expect(page.locator("#chatbot")).to_contain_text("要有案件数")
    sync_api.expect(box).to_have_value("")


def test_polish_removes_pasted_roughness_and_marks_every_change(page):
    open_tab(page, "润色")
    page.locator("#polish-input textarea").fill(ROUGH)
    page.locator("#polish-button").click()
    sync_api.expect(page.locator("#polish-result textarea")).to_have_value(POLISHED)
    diff = page.locator("#polish-diff")
    count = int(re.search(r"共 (\d+) 处改动", diff.inner_text())[1])
    assert count == diff.locator(".change").count() > 0
    assert diff.locator("del .blank", has_text="␣").count() >= 3  # deleted spaces are marks, not slivers
    assert diff.locator("del .blank", has_text="↵").count() == 1  # the break inside 2024
    sync_api.expect(page.locator("#polish-check-after")).not_to_contain_text("规范用语")
    shot(page, "flows-polish")


def test_the_sample_knowledge_base_is_announced(page):
    open_tab(page, "范例")
    hint = page.locator("#examples-hint")
    sync_api.expect(hint).to_contain_text("虚构的样例报告")
    sync_api.expect(hint).to_contain_text("上传本单位")


def test_details_a_first_look_trips_over(page):
    banner = page.locator(".backend-banner")
    sync_api.expect(banner).to_contain_text("离线起草")
    assert "REPORT_" not in banner.inner_text()  # words for a 科员; the variables are in the help panel
    page.locator("#model-help").get_by_text("如何接入大模型").click()
    sync_api.expect(page.locator("#model-help")).to_contain_text("REPORT_LLM_BASE_URL")
    open_tab(page, "起草")
    assert page.locator("#draft-year input").input_value() == ""  # the hint shows, not 0
    history = page.locator("#draft-history input")
    assert history.evaluate("e => getComputedStyle(e).textOverflow") == "ellipsis"
    draft_report(page)
    trackers = 0
    for _ in range(30):  # while the report is drafted: one progress display, in the middle
        trackers = max(trackers, page.locator(".progress-text:visible, .eta-bar:visible").count())
        time.sleep(0.05)
    check = page.locator("#report-check")
    sync_api.expect(check).to_contain_text("全部数字都有事实依据")
    assert trackers <= 1
    assert page.locator("#report-year input").input_value() == ""
    assert check.bounding_box()["width"] >= 600  # the result column is the wide one
    assert check.locator(".num-ignored", has_text=re.compile("^[一二三四五六七八九十]$")).count() == 0


def test_another_version_is_drafted_saved_and_the_same_version_is_the_same_text(page):
    draft(page)
    text, check = page.locator("#draft-text textarea"), page.locator("#draft-check")
    first = text.input_value()
    page.locator("#draft-again").click()
    sync_api.expect(check).to_contain_text("第 2 版")
    second = text.input_value()
    assert second != first and "93起" in second
    sync_api.expect(check).to_contain_text("换用了其他小标题、分组或开头")  # why it differs, beside the result
    sync_api.expect(check).to_contain_text("配置大模型后可得到更自由的改写")
    sync_api.expect(check).to_contain_text("全部数字都有事实依据")
    page.locator("#draft-again").click()
    sync_api.expect(check).to_contain_text("第 3 版")
    page.locator("#draft-button").click()  # the first version again, then the second: the same texts
    sync_api.expect(check).not_to_contain_text("第 3 版")
    sync_api.expect(text).to_have_value(first)
    page.locator("#draft-again").click()
    sync_api.expect(check).to_contain_text("第 2 版")
    sync_api.expect(text).to_have_value(second)
    page.locator("#draft-history input").click()  # every version is a draft of its own in the history
    options = page.locator("#draft-history [data-testid=dropdown-option]")
    assert options.count() >= 5
    shot(page, "flows-draft-again")


def test_a_toast_is_titled_in_chinese(page):
    open_tab(page, "范例")
    page.locator("#examples-button").click()  # nothing to search for
    toast = page.locator("[data-testid=toast-body]")
    sync_api.expect(toast).to_contain_text("检索内容为空")
    title = toast.locator(".toast-title")
    assert title.evaluate("e => getComputedStyle(e, '::before').content") == '"没能完成"'
    assert title.evaluate("e => getComputedStyle(e).fontSize") == "0px"  # Gradio's "Error" is not shown
    assert title.bounding_box()["width"] > 40  # ... and the Chinese one is
    shot(page, "flows-toast")
