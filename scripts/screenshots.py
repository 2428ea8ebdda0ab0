"""Take the README's screenshots of every tab at 1280×720: the app on a free loopback port with the
offline backend and the sample knowledge base, each tab filled the way a 科员 would fill it.

    .venv/bin/python scripts/screenshots.py        # writes docs/ui-<tab>.png
"""

import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from playwright.sync_api import sync_playwright

REPO = Path(__file__).resolve().parent.parent
DOCS = REPO / "docs"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"]
FACTS = "- 全年开展执法检查542家次\n- 立案93起\n- 下达行政处罚决定书78份\n- 罚款102.8万元\n- 组织执法人员培训5期"
ROUGH = ('我局组织 "安全生产月" 活动 12 场,参与群众3200人次 .同时深入学习习近平法制思想,推进法制政府建设,'
         '重大执法决定法制审核率100% 。全年办理复议案件2\n4件\n- 加强普法宣传\n- 推进执法规范化建设')


def start_app(data: Path) -> tuple[subprocess.Popen, str]:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    env = os.environ | {"GRADIO_SERVER_PORT": str(port), "REPORT_DATA_DIR": str(data), "REPORT_KB_DIR": str(data / "kb"),
                        "REPORT_KNOWLEDGE_DIR": str(REPO / "knowledge"), "REPORT_LLM_BASE_URL": "",
                        "GRADIO_ANALYTICS_ENABLED": "False"}
    process = subprocess.Popen([sys.executable, "ui.py"], cwd=REPO, env=env, stdout=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}/"
    for _ in range(600):
        try:
            urllib.request.urlopen(url, timeout=2)
            return process, url
        except OSError:
            time.sleep(0.3)
    process.terminate()
    sys.exit("ui.py did not start")


def fill_tabs(page) -> dict:
    """Each tab with its work done, as a callable that brings it on screen."""
    def tab(name):
        page.get_by_role("tab", name=name).click()
        page.wait_for_timeout(400)

    def chat():
        tab("对话")
        box = page.locator("#chat-input textarea")
        box.fill("起草主要举措和成效\n" + FACTS)
        box.press("Enter")
        page.locator("#chatbot").get_by_text("数字核对").first.wait_for()

    def draft():
        tab("起草")
        page.locator("#draft-facts textarea").fill(FACTS)
        page.locator("#draft-button").click()
        page.locator("#draft-check .num-supported").first.wait_for()
        page.locator("#draft-again").click()  # 再来一版: the second version, and why it differs
        page.locator("#draft-check").get_by_text("第 2 版").wait_for()

    def report():
        tab("整篇报告")
        page.locator("#report-sample").click()
        page.locator("#report-button").click()
        page.locator("#report-findings h4").first.wait_for()

    def polish():
        tab("润色")
        page.locator("#polish-input textarea").fill(ROUGH)
        page.locator("#polish-button").click()
        page.locator("#polish-diff .change").first.wait_for()
        return "#polish-button"  # the result and its tracked changes

    def examples():
        tab("范例")
        page.locator("#examples-query textarea").fill("行政复议 案卷评查")
        page.locator("#examples-button").click()
        page.locator("#examples-results li").first.wait_for()

    def knowledge():
        tab("知识库")
        page.locator("#kb-doc input").click()
        page.locator("#kb-doc [data-testid=dropdown-option]").first.click()
        page.locator("#kb-outline textarea").wait_for()
        page.wait_for_timeout(500)

    return {"chat": chat, "draft": draft, "report": report, "polish": polish, "examples": examples, "knowledge": knowledge}


def main() -> None:
    with tempfile.TemporaryDirectory() as data:
        process, url = start_app(Path(data))
        try:
            with sync_playwright() as p:
                browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
                page = browser.new_page(viewport={"width": 1280, "height": 720}, locale="zh-CN")
                page.set_default_timeout(60_000)
                page.goto(url)
                page.wait_for_timeout(1500)
                for name, show in fill_tabs(page).items():
                    top = show()
                    page.evaluate("window.scrollTo(0, 0)")
                    if top:
                        page.locator(top).evaluate("e => e.scrollIntoView({block: 'start'})")
                    page.wait_for_timeout(300)
                    page.screenshot(path=DOCS / f"ui-{name}.png")
                    print(f"docs/ui-{name}.png")
                browser.close()
        finally:
            process.terminate()
            process.wait(timeout=20)


if __name__ == "__main__":
    main()
