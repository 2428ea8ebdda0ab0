"""Accounts and roles: who may log in to the app, and what each role may see and change.

Accounts live in the records database (see assistant/records/db.py); passwords are stored only as argon2
hashes (argon2-cffi), never in clear.
"""

import hmac
import re
from dataclasses import dataclass

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from assistant.records.db import Database
from assistant.errors import InputError

# The same strength rules for accounts and for the single pair that exposes the app (app/login.py).
MIN_PASSWORD_LENGTH = 10
CHARACTER_CLASSES = (r"[a-z]", r"[A-Z]", r"[0-9]", r"[^a-zA-Z0-9]")


def password_problem(username: str, password: str) -> str:
    """Why a password is too weak to expose the app with, in Chinese, or "" when it will do."""
    if len(password) < MIN_PASSWORD_LENGTH:
        return f"密码太短（{len(password)} 位），至少需要 {MIN_PASSWORD_LENGTH} 位"
    if sum(bool(re.search(pattern, password)) for pattern in CHARACTER_CLASSES) < 2:
        return "密码只用了一类字符，请混用字母、数字或符号中的至少两类"
    if username and username.lower() in password.lower():
        return "密码不能包含用户名"
    return ""


ROLES = {"drafter": "起草人", "reviewer": "审核人", "admin": "管理员"}
_HASHER = PasswordHasher()
MAX_NAME_LENGTH = 64


@dataclass(frozen=True)
class Account:
    """A person using the app: a name and a role ("" for the one person of a loopback app)."""

    name: str
    role: str

    @property
    def is_admin(self) -> bool:
        return self.role == "admin"

    @property
    def is_reviewer(self) -> bool:
        return self.role in ("reviewer", "admin")

    def can_open(self, owner: str, submitted: bool = False) -> bool:
        """Whether this person may see a record of owner (submitted: a report marked 送审)."""
        return self.is_admin or owner == self.name or (submitted and self.is_reviewer)

    def can_edit(self, owner: str) -> bool:
        """Whether this person may change a record of owner: its owner or an admin, never a reviewer."""
        return self.is_admin or owner == self.name

    def require_admin(self, what: str) -> None:
        """InputError unless this person is an admin."""
        if not self.is_admin:
            raise InputError(f"只有管理员可以{what}：请联系本单位的知识库管理员。")

    def require_reviewer(self, what: str) -> None:
        """InputError unless this person is a reviewer or an admin."""
        if not self.is_reviewer:
            raise InputError(f"只有审核人或管理员可以{what}：起草人请用“送审”把报告交给审核人。")


LOCAL = Account("", "admin")  # the one person at an app on loopback without accounts


def check_name(name: str) -> str:
    """A login name without surrounding blanks; InputError when it cannot be one."""
    name = (name or "").strip()
    if not name or len(name) > MAX_NAME_LENGTH or any(c.isspace() for c in name):
        raise InputError(f"用户名“{name}”不可用：请用不含空格、不超过 {MAX_NAME_LENGTH} 个字符的名字。")
    return name


def check_role(role: str) -> str:
    if role not in ROLES:
        raise InputError(f"没有角色“{role}”：请用 {' / '.join(ROLES)} 之一。")
    return role


def check_strength(name: str, password: str) -> None:
    if problem := password_problem(name, password):
        raise InputError(f"密码不够安全：{problem}。")


class Accounts:
    """The accounts table of the records database."""

    def __init__(self, db: Database):
        self.db = db

    def add(self, name: str, role: str, password: str) -> Account:
        """A new account; InputError when the name is taken, the role unknown or the password weak."""
        name, role = check_name(name), check_role(role)
        check_strength(name, password)
        if self.get(name):
            raise InputError(f"用户“{name}”已存在：要改密码请用 `report-assistant user passwd {name}`。")
        self.db.execute("INSERT INTO users (name, role, password_hash, created) VALUES (?, ?, ?, ?)",
                        (name, role, _HASHER.hash(password), self.db.now()))
        return Account(name, role)

    def set_password(self, name: str, password: str) -> None:
        """Give an existing account a new password (the same strength rules as add)."""
        self.require(name)
        check_strength(name, password)
        self.db.execute("UPDATE users SET password_hash = ? WHERE name = ?", (_HASHER.hash(password), name))

    def remove(self, name: str) -> None:
        """Delete an account (its drafts and reports stay, with its name as their owner)."""
        self.require(name)
        self.db.execute("DELETE FROM users WHERE name = ?", (name,))

    def all(self) -> list[Account]:
        """Every account, by name."""
        return [Account(*row) for row in self.db.query("SELECT name, role FROM users ORDER BY name")]

    def get(self, name: str | None) -> Account | None:
        rows = self.db.query("SELECT name, role FROM users WHERE name = ?", ((name or "").strip(),))
        return Account(*rows[0]) if rows else None

    def require(self, name: str) -> Account:
        """The account of a name; InputError naming `user list` when there is none."""
        account = self.get(name)
        if account is None:
            raise InputError(f"没有用户“{name}”：用 `report-assistant user list` 查看现有用户。")
        return account

    def verify(self, name: str, password: str) -> Account | None:
        """The account when name and password match, else None."""
        rows = self.db.query("SELECT name, role, password_hash FROM users WHERE name = ?", ((name or "").strip(),))
        if not rows:
            _HASHER.hash(password or "-")  # as slow as a real check, so a wrong name is not told apart
            return None
        try:
            _HASHER.verify(rows[0][2], password or "")
        except (VerificationError, InvalidHashError):
            return None
        return Account(rows[0][0], rows[0][1])


def pair_account(name: str, password: str, pair: tuple[str, str] | None) -> Account | None:
    """The admin of the single REPORT_UI_USERNAME/PASSWORD pair when name and password are its."""
    if not pair or not pair[0]:
        return None
    same_name = hmac.compare_digest(name.encode(), pair[0].encode())
    same_password = hmac.compare_digest((password or "").encode(), pair[1].encode())
    return Account(pair[0], "admin") if same_name and same_password else None
