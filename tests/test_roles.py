"""Roles enforced by the real app over HTTP: accounts made with the real CLI, logins through
Gradio's /login, events through its queue — a drafter cannot change the knowledge base nor open
another drafter's draft by id; an admin can."""

import os
import subprocess
import sys

import pytest

from gradio_http import Session
from test_ui_e2e import REPO, free_port, wait_until_up

PASSWORDS = {"zhangsan": "Qicao-2025!a", "lisi": "Qicao-2025!b", "guanli": "Jiancha-2025!c"}
ROLES = {"zhangsan": "drafter", "lisi": "drafter", "guanli": "admin"}
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
