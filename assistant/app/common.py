"""What the tabs share: the handlers' base, turning library errors into message boxes, choices, helpers.

This package and ui.py are the only places where the library's AssistantError becomes a message box.
"""

import functools
import re
from pathlib import Path

import gradio as gr

from assistant.app import views
from assistant.records.accounts import LOCAL, Account
from assistant.check.annotate import unsupported
from assistant.errors import AssistantError, InputError, KnowledgeBaseError
from assistant.kb.index import KnowledgeBase, supported_files
from assistant.check.proofread import proofread_fragment
from assistant.service import Assistant
from assistant.records.store import Store
from assistant.kb.taxonomy import PARTS, TOPICS, topic_choice_label

PART_CHOICES = [(p.name, p.id) for p in PARTS if p.id != "closing"]
# A topic's label also names its common wordings, so typing 复议 or 队伍 in the dropdown finds it.
TOPIC_CHOICES = [("按事实自动判断", "")] + [(topic_choice_label(t), t.id) for t in TOPICS]
ALL = [("全部", "")]
# Whole reports (a dozen sections each) run one at a time in a queue of their own. Drafting holds
# the GIL, so more at once never finished them sooner (bench/bench_ui_load.py: the same wall time
# at 4 and 2); each report thread only takes CPU from the short jobs (a section, a polish, a
# search), whose own queues run 4, so a person drafting a section stays quick.
LONG_JOB = {"concurrency_id": "long-jobs", "concurrency_limit": 1}


class Tab:
    """A tab's handlers over the one assistant and store of the app."""

    def __init__(self, assistant: Assistant, store: Store):
        self.assistant, self.store, self.settings = assistant, store, assistant.settings

    def user(self, request: gr.Request | None) -> Account:
        """Who sent a request: their account, the admin of the single login pair, or LOCAL on an
        app without a login. A session whose account was removed since is refused."""
        name = getattr(request, "username", None)
        if not name and self.login_required():  # a handler Gradio gave no request to must not act as LOCAL
            raise InputError("无法确认您的登录账号：请刷新页面后重新登录。")
        if not name:
            return LOCAL
        account = self.store.accounts.get(name)
        if account is None and name == self.settings.ui_username:
            return Account(name, "admin")
        if account is None:
            raise InputError(f"账号“{name}”已不存在：请联系管理员，或退出后用其他账号登录。")
        return account

    def login_required(self) -> bool:
        """Whether the app asks people to log in (accounts exist, or the single login pair is set)."""
        return bool(self.settings.ui_username and self.settings.ui_password) or bool(self.store.accounts.all())


def friendly(handler):
    """Show the library's AssistantError as a plain Chinese message instead of an error page."""

    @functools.wraps(handler)
    def wrapper(*args, **kwargs):
        try:
            return handler(*args, **kwargs)
        except AssistantError as e:
            raise gr.Error(str(e), title="没能完成", print_exception=False) from e

    return wrapper


def reported(size: int, download: bool = False):
    """Decorator for a handler whose outputs end with a message slot beside its button: the slot is
    cleared on success (or holds the handler's own notice, its last output); a library error (empty facts, no draft yet) is shown there once, in Chinese,
    and leaves the other `size` outputs as they are (no error badge on each of them); for a download,
    the file (first output) is emptied instead."""

    def decorate(handler):
        @functools.wraps(handler)
        def wrapper(*args, **kwargs):
            try:
                shown = handler(*args, **kwargs)
            except AssistantError as e:
                kept = [gr.skip()] * size
                if download:  # never hand out an older file than the text on screen
                    kept[0] = None
                return (*kept, views.message_html(str(e), "error"))
            shown = shown if isinstance(shown, tuple) else (shown,)
            return shown if len(shown) > size else (*shown, "")  # a handler may fill the slot itself

        return wrapper

    return decorate


def role_controls(allowed: bool, buttons: int, why: str) -> tuple:
    """Page-load updates for a role's controls: an input box hidden and `buttons` buttons disabled
    unless allowed, then a note saying why (the handlers refuse on their own as well)."""
    note = "" if allowed else views.message_html(why, "warning")
    return (gr.update(visible=allowed), *[gr.update(interactive=allowed)] * buttons, note)


def show_store_notices(store: Store) -> None:
    """Tell the person, once, about saved records that could not be read and were moved aside."""
    for notice in store.take_notices():
        gr.Warning(notice, title="有记录无法读取")


def as_year(value) -> int | None:
    """The year typed in a 报告年度 box ("2024", " 2024年 "), None when left empty."""
    text = str(value if value is not None else "").strip().removesuffix("年").strip()
    if not text:
        return None
    if not re.fullmatch(r"(19|20)\d\d", text):
        raise InputError(f"报告年度“{value}”看不懂：请填写四位数字的年份，如 2024，或留空。")
    return int(text)


def year_box(label: str, placeholder: str, elem_id: str) -> gr.Textbox:
    """A 报告年度 box: a textbox, since an empty gr.Number shows 0 instead of its placeholder."""
    return gr.Textbox(label=label, placeholder=placeholder, max_lines=1, elem_id=elem_id)


def click_download(elem_id: str) -> str:
    """JavaScript that starts the download of a hidden DownloadButton once its file is ready."""
    return f"() => document.querySelector('#{elem_id}')?.click()"


def fragment_findings(text: str) -> list[dict]:
    """The proofreading of a section or paragraph: spelling, placeholders, brackets, repeats, notes and register."""
    return [f.to_dict() for f in proofread_fragment(text)]


def checked_fragment_html(text: str, check: dict | None, notice: str = "", title: str = "") -> str:
    """A section's or paragraph's number check, with its proofreading underlined and listed."""
    findings = fragment_findings(text)
    return views.check_html(text, check, notice, title, findings) + views.findings_html(findings)


def offers_update(assistant: Assistant, facts: str, bureau: str, year: int | None):
    """The 同比 checkboxes and their notice for the facts typed, none ticked."""
    if not facts.strip():
        return gr.update(choices=[], value=[]), "<p class='muted'>请先填写事实。</p>"
    offers, notice = assistant.offers(facts, bureau, year)
    note = f"<p class='muted'>{views.esc(notice)}</p>" if notice else \
        f"<p class='muted'>共 {len(offers)} 条同比可用，勾选的将写入草稿，核对时标为“推算”并附公式和上年原文。</p>"
    return gr.update(choices=views.offer_choices(offers), value=[]), note


def sync_folders(kb: KnowledgeBase, folders: list[Path], progress=None):
    """Ingest every report in the folders (unchanged ones are skipped) and drop vanished ones."""
    total = len(supported_files([f for f in folders if f.is_dir()]))
    return list(progress.tqdm(kb.sync(folders), total=total, desc="正在索引") if progress else kb.sync(folders))


def flag_note(check: dict | None) -> str:
    """The notice beside a download when the text has numbers or names without a fact behind them."""
    flagged = list(unsupported(check))
    if not flagged:
        return ""
    return views.message_html(f"注意：正文中有 {len(flagged)} 处数字或名称没有事实依据（{'、'.join(flagged[:5])}），"
                              "下载的 Word 中已用粉色标出并加批注。", "warning")


def find_document(kb: KnowledgeBase, source: str):
    """The indexed document of a source name."""
    for doc in kb.documents():
        if doc.source == source:
            return doc
    raise KnowledgeBaseError(f"知识库中没有文档“{source}”：请刷新文档列表。")
