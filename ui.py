"""The app: a Gradio workspace for chatting, drafting sections and whole reports, polishing,
examples and the knowledge base.

Run inside the project's environment: `python ui.py` (honours GRADIO_SERVER_PORT). This file only
assembles the app: each tab's layout and handlers live in a module of their own under
assistant/app/ (chat_tab, draft_tab, report_tab, polish_tab, examples_tab, knowledge_tab), HTML
comes from assistant.app.views and saved drafts, reports and conversations from assistant.records.store.
"""

import ipaddress
import os
import sys

os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")
os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")

import gradio as gr  # noqa: E402
from starlette.middleware import Middleware  # noqa: E402

from assistant.app import views  # noqa: E402
from assistant.app import chat_tab, draft_tab, examples_tab, knowledge_tab, polish_tab, report_tab  # noqa: E402
from assistant.app.common import sync_folders  # noqa: E402
from assistant.records.accounts import Accounts, pair_account  # noqa: E402
from assistant.app.login import LoginGuard  # noqa: E402
from assistant.records.accounts import password_problem  # noqa: E402
from assistant.config import Settings  # noqa: E402
from assistant.errors import AssistantError, ConfigError  # noqa: E402
from assistant.service import Assistant  # noqa: E402
from assistant.records.store import Store  # noqa: E402

CONCURRENCY = 4  # drafting is CPU-bound: more parallel jobs only queue inside the process
QUEUE_SIZE = 256  # 50 drafts and 20 whole reports at once still find a place (see bench/bench_ui_load.py)
# The Enter that confirms a word in a Chinese input method is not a "send" (Gradio's textbox would
# take it as one): stop it before Gradio sees it while a composition is open.
IME_GUARD = """<script>
document.addEventListener("keydown", (e) => {
  if (e.key === "Enter" && (e.isComposing || e.keyCode === 229) && e.target.closest?.("#chat-input")) {
    e.stopImmediatePropagation();
  }
}, true);
</script>"""


class Workspace:
    """The handlers of every tab, over one assistant and one store."""

    def __init__(self, assistant: Assistant, store: Store):
        self.assistant, self.store, self.settings = assistant, store, assistant.settings
        self.chat = chat_tab.ChatTab(assistant, store)
        self.draft = draft_tab.DraftTab(assistant, store)
        self.report = report_tab.ReportTab(assistant, store)
        self.polish = polish_tab.PolishTab(assistant, store)
        self.examples = examples_tab.ExamplesTab(assistant, store)
        self.knowledge = knowledge_tab.KnowledgeTab(assistant, store)


def build_ui(assistant: Assistant, store: Store) -> gr.Blocks:
    """The whole workspace: six tabs over one assistant and one store."""
    ws = Workspace(assistant, store)
    secret = store.browser_secret()
    with gr.Blocks(title="报告起草助手") as app:
        gr.Markdown("# 报告起草助手 · 法治政府建设年度报告")
        gr.HTML(views.backend_html(assistant.backend, assistant.settings.llm_model, assistant.settings.llm_base_url))
        with gr.Accordion("如何接入大模型", open=False, elem_id="model-help"):
            gr.Markdown(views.MODEL_HELP)
        draft_id = gr.BrowserState("", storage_key="report-assistant-draft", secret=secret)
        conversation_id = gr.BrowserState("", storage_key="report-assistant-conversation", secret=secret)
        report_id = gr.BrowserState("", storage_key="report-assistant-report", secret=secret)
        with gr.Tabs():
            chat_tab.build(app, ws.chat, conversation_id)
            draft_tab.build(app, ws.draft, draft_id)
            report_tab.build(app, ws.report, report_id)
            polish_tab.build(ws.polish)
            example_filters = examples_tab.build(ws.examples)
            knowledge_tab.build(app, ws.knowledge, example_filters)
    return app


# --- entry point -------------------------------------------------------------------------

def is_loopback(host: str) -> bool:
    try:
        return host == "localhost" or ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def upload_cap_mb(settings: Settings) -> int:
    """Gradio's own upload limit, above ours: a file a little over REPORT_MAX_UPLOAD_MB reaches the
    app and is refused with a Chinese message naming it; only far larger ones meet Gradio's."""
    return max(100, 4 * settings.max_upload_mb)


def login_check(accounts: Accounts, pair: tuple[str, str] | None):
    """Gradio's auth callable: an account's name and password, or the single login pair."""
    return lambda name, password: bool(accounts.verify(name, password) or pair_account(name, password, pair))


def listen_options(settings: Settings, accounts: Accounts | None = None) -> dict:
    """Where to listen and with which login (the accounts when there are any, else the single
    pair); refuses the network without a login."""
    pair = (settings.ui_username, settings.ui_password) if settings.ui_username and settings.ui_password else None
    auth = login_check(accounts, pair) if accounts and accounts.all() else pair
    if not is_loopback(settings.ui_host) and auth is None:
        raise ConfigError(f"要在 {settings.ui_host} 上对网络开放，必须设置登录账号：请用 `report-assistant user add` 建立账号，"
                          "或同时设置 REPORT_UI_USERNAME 和 REPORT_UI_PASSWORD，或把 REPORT_UI_HOST 改回 127.0.0.1。")
    weak = password_problem(*pair) if pair and not is_loopback(settings.ui_host) else ""
    if weak:
        raise ConfigError(f"要在 {settings.ui_host} 上对网络开放，REPORT_UI_PASSWORD 不够安全：{weak}。")
    port = int(os.environ.get("GRADIO_SERVER_PORT") or settings.ui_port)
    options = {"server_name": settings.ui_host, "server_port": port, "auth": auth,
               "max_file_size": f"{upload_cap_mb(settings)}mb"}
    if auth:  # failed logins are throttled per client and per user in front of Gradio's /login
        options["app_kwargs"] = {"middleware": [Middleware(LoginGuard)]}
    return options


def main() -> None:
    """Read settings, bring the knowledge base up to date with knowledge/ and uploads, serve."""
    settings = Settings()
    try:
        store = Store(settings.data_dir, settings.records_database)
        options = listen_options(settings, store.accounts)
        assistant = Assistant.from_settings(settings)
        results = sync_folders(assistant.kb, [settings.knowledge_dir, store.uploads_dir])
        if assistant.kb:  # load jieba and build the BM25 index now, not in the first person's search
            assistant.kb.lexical()
    except AssistantError as e:
        sys.exit(f"错误：{e}")
    for r in results:
        if r.status == "error":
            print(f"导入失败：{r.path.name}：{r.error}", file=sys.stderr)
    if sum(store.imported.values()):
        print(f"已把旧版本的 JSON 记录导入数据库 {store.db.where}：" + "、".join(f"{k} {n} 份" for k, n in store.imported.items()))
    print(f"知识库现有 {len(assistant.kb.documents())} 份文档；当前后端：{assistant.backend}", flush=True)
    app = build_ui(assistant, store).queue(default_concurrency_limit=CONCURRENCY, max_size=QUEUE_SIZE)
    app.launch(**options, css=views.CSS, head=IME_GUARD, show_error=True, footer_links=["api"])


if __name__ == "__main__":
    main()
