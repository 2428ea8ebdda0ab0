"""The login when the app is exposed: weak passwords refused, failed logins throttled per client
and per user — the throttle through HTTP against the real app."""

import json
import os
import subprocess
import sys
import urllib.error
import urllib.parse
import urllib.request

import pytest

import ui
from assistant.app.login import LoginThrottle
from assistant.records.accounts import password_problem
from assistant.config import Settings
from test_ui_e2e import REPO, free_port, wait_until_up

PASSWORD = "Kaifang-2024"


@pytest.mark.parametrize("username, password, problem", [
    ("admin", "short1", "太短"), ("admin", "abcdefghijkl", "一类字符"), ("admin", "123456789012", "一类字符"),
    ("zhangsan", "zhangsan-2024", "用户名"), ("admin", "correct horse battery", ""), ("admin", PASSWORD, ""),
])
def test_passwords_strong_enough_to_expose(username, password, problem):
    found = password_problem(username, password)
    assert (problem in found and found) if problem else found == ""


def test_a_weak_password_is_refused_only_when_exposing():
    with pytest.raises(ui.ConfigError, match="不够安全"):
        ui.listen_options(Settings(ui_host="0.0.0.0", ui_username="admin", ui_password="123456"))
    assert ui.listen_options(Settings(ui_host="127.0.0.1", ui_username="admin", ui_password="123456"))["auth"]


class Clock:
    def __init__(self):
        self.now = 1000.0

    def __call__(self):
        return self.now


def test_the_throttle_locks_a_key_for_the_rest_of_its_window():
    clock = Clock()
    throttle = LoginThrottle(max_failures=3, window_seconds=60, clock=clock)
    for _ in range(3):
        assert throttle.wait_seconds("user:admin") == 0
        throttle.failed("user:admin")
        clock.now += 1
    assert throttle.wait_seconds("user:admin") == pytest.approx(57)
    assert throttle.wait_seconds("user:other") == 0
    clock.now += 58
    assert throttle.wait_seconds("user:admin") == 0
    throttle.failed("user:admin")
    throttle.succeeded("user:admin")
    assert throttle.wait_seconds("user:admin") == 0


@pytest.fixture(scope="module")
def login_url(tmp_path_factory):
    """The real app with a login, on loopback."""
    data = tmp_path_factory.mktemp("login-app")
    port = free_port()
    env = os.environ | {"GRADIO_SERVER_PORT": str(port), "REPORT_DATA_DIR": str(data), "REPORT_KB_DIR": str(data / "kb"),
                        "REPORT_KNOWLEDGE_DIR": str(REPO / "knowledge"), "REPORT_LLM_BASE_URL": "",
                        "REPORT_UI_USERNAME": "admin", "REPORT_UI_PASSWORD": PASSWORD, "GRADIO_ANALYTICS_ENABLED": "False"}
    log = data / "ui.log"
    with log.open("w") as out:
        process = subprocess.Popen([sys.executable, "ui.py"], cwd=REPO, env=env, stdout=out, stderr=subprocess.STDOUT)
    try:
        wait_until_up(f"http://127.0.0.1:{port}/", process, log)
        yield f"http://127.0.0.1:{port}/login"
    finally:
        process.terminate()
        process.wait(timeout=20)


def login(url: str, username: str, password: str) -> tuple[int, str]:
    form = urllib.parse.urlencode({"username": username, "password": password}).encode()
    try:
        with urllib.request.urlopen(urllib.request.Request(url, data=form), timeout=30) as answer:
            return answer.status, answer.read().decode()
    except urllib.error.HTTPError as e:
        return e.code, e.read().decode()


def test_failed_logins_are_throttled_per_user_then_per_client(login_url):
    assert [login(login_url, "admin", "wrong")[0] for _ in range(5)] == [400] * 5
    status, body = login(login_url, "admin", PASSWORD)  # even the right password waits now
    assert status == 429 and "登录失败次数过多" in json.loads(body)["detail"]
    assert login(login_url, "someone", "wrong")[0] == 400  # another user is not locked by admin's failures
    statuses = [login(login_url, f"guess{n}", "wrong")[0] for n in range(20)]
    assert 429 in statuses and statuses.index(429) <= 15  # the client itself is locked after 20 failures
    assert login(login_url, "newname", PASSWORD)[0] == 429
