"""Commands that manage the app's accounts."""

import sys

import click

from assistant.config import Settings
from assistant.cli.base import cli


def the_accounts():
    from assistant.records.accounts import Accounts
    from assistant.records.db import open_database

    return Accounts(open_database(Settings().records_database))


def read_password(name: str) -> str:
    """The new password: asked twice at a terminal, or the first line of standard input."""
    if sys.stdin.isatty():
        return click.prompt(f"“{name}”的新密码", hide_input=True, confirmation_prompt="再输入一次")
    return sys.stdin.readline().rstrip("\r\n")


@cli.group()
def user():
    """管理登录应用的账号（起草人 drafter、审核人 reviewer、管理员 admin）。"""


@user.command("add")
@click.argument("name")
@click.option("--role", required=True, type=click.Choice(["drafter", "reviewer", "admin"]), help="角色。")
def user_add(name, role):
    """新建账号；密码在终端输入两次，或从标准输入读取一行。"""
    from assistant.records.accounts import ROLES

    account = the_accounts().add(name, role, read_password(name))
    click.echo(f"已新建用户“{account.name}”（{ROLES[account.role]}）。")


@user.command("list")
def user_list():
    """列出所有账号及其角色。"""
    from assistant.records.accounts import ROLES

    accounts = the_accounts().all()
    click.echo("\n".join(f"{a.name}\t{a.role}\t{ROLES[a.role]}" for a in accounts) if accounts else "还没有账号。")


@user.command("remove")
@click.argument("name")
def user_remove(name):
    """删除账号（其草稿和报告保留）。"""
    the_accounts().remove(name)
    click.echo(f"已删除用户“{name}”。")


@user.command("passwd")
@click.argument("name")
def user_passwd(name):
    """修改账号的密码。"""
    accounts = the_accounts()
    accounts.require(name)
    accounts.set_password(name, read_password(name))
    click.echo(f"已修改用户“{name}”的密码。")
