"""Accounts through the real `report-assistant user` commands and the real records database
(SQLite, then a PostgreSQL server: the records_database fixture): hashed passwords, roles, the
strength rules of the exposed app, and who may open what."""

import pytest
from click.testing import CliRunner

from assistant.records.accounts import LOCAL, Account, Accounts, pair_account
from assistant.cli import cli
from assistant.config import Settings
from assistant.records.db import Database, open_database

PASSWORD = "Qicao-2025!"


def run(*args: str, password: str = PASSWORD):
    return CliRunner().invoke(cli, ["user", *args], input=password + "\n", catch_exceptions=False)


def accounts() -> Accounts:
    return Accounts(open_database(Settings().records_database))


def test_user_commands_add_list_change_and_remove(records_database):
    assert run("add", "zhangsan", "--role", "drafter").exit_code == 0
    assert run("add", "likezhang", "--role", "reviewer").exit_code == 0
    listed = run("list").output
    assert "zhangsan\tdrafter\t起草人" in listed and "likezhang\treviewer\t审核人" in listed
    assert accounts().verify("zhangsan", PASSWORD) == Account("zhangsan", "drafter")
    assert run("passwd", "zhangsan", password="Xinmima-2026#").exit_code == 0
    assert accounts().verify("zhangsan", PASSWORD) is None
    assert accounts().verify("zhangsan", "Xinmima-2026#") == Account("zhangsan", "drafter")
    assert run("remove", "zhangsan").exit_code == 0
    assert accounts().get("zhangsan") is None and "zhangsan" not in run("list").output


def test_passwords_are_stored_only_as_argon2_hashes(records_database):
    run("add", "wangwu", "--role", "admin")
    rows = open_database(records_database).query("SELECT password_hash FROM users")
    assert rows[0][0].startswith("$argon2id$") and PASSWORD not in rows[0][0]


@pytest.mark.parametrize("args, password, message", [
    (("add", "zhaoliu", "--role", "drafter"), "short1", "太短"),
    (("add", "zhaoliu", "--role", "drafter"), "zhaoliu-2025", "用户名"),
    (("add", "zhao liu", "--role", "drafter"), PASSWORD, "不可用"),
    (("passwd", "nobody"), PASSWORD, "没有用户"),
    (("remove", "nobody"), PASSWORD, "没有用户"),
])
def test_bad_requests_are_refused_in_chinese(args, password, message):
    result = run(*args, password=password)
    assert result.exit_code == 2 and message in result.output


def test_a_name_is_taken_once_and_a_role_must_exist(records_database):
    run("add", "zhangsan", "--role", "drafter")
    again = run("add", "zhangsan", "--role", "admin")
    assert again.exit_code == 2 and "已存在" in again.output
    assert run("add", "lisi", "--role", "boss").exit_code != 0


def test_the_database_is_in_wal_mode():
    assert Database(Settings().database_path).journal_mode() == "wal"


@pytest.mark.parametrize("account, owner, submitted, allowed", [
    (Account("zhangsan", "drafter"), "zhangsan", False, True),
    (Account("zhangsan", "drafter"), "lisi", False, False),
    (Account("zhangsan", "drafter"), "lisi", True, False),
    (Account("kezhang", "reviewer"), "lisi", True, True),
    (Account("kezhang", "reviewer"), "lisi", False, False),
    (Account("root", "admin"), "lisi", False, True),
    (LOCAL, "", False, True),
])
def test_who_may_open_a_record(account, owner, submitted, allowed):
    assert account.can_open(owner, submitted) is allowed


@pytest.mark.parametrize("name, password, expected", [
    ("admin", PASSWORD, Account("admin", "admin")), ("admin", "wrong", None), ("other", PASSWORD, None),
])
def test_the_single_pair_is_one_admin(name, password, expected):
    assert pair_account(name, password, ("admin", PASSWORD)) == expected
    assert pair_account(name, password, None) is None
