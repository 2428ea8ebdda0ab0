"""The app: a Gradio workspace for chatting, drafting sections and whole reports, polishing,
examples and the knowledge base.

Run inside the project's environment: `python ui.py` (honours GRADIO_SERVER_PORT). Thin by
design: the layout lives here, each handler calls the library once or twice, HTML comes from
assistant.views and saved drafts, reports and conversations from assistant.store. This is the only
place where the library's AssistantError becomes a message box.
"""

import functools
import ipaddress
import os
import sys
from dataclasses import replace
from pathlib import Path

os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")
os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")

import gradio as gr  # noqa: E402

from assistant import views  # noqa: E402
from assistant.chat import Chat, Turn  # noqa: E402
from assistant.config import Settings  # noqa: E402
from assistant.documents import load_report  # noqa: E402
from assistant.errors import AssistantError, ConfigError, InputError, KnowledgeBaseError  # noqa: E402
from assistant.formats import read_text  # noqa: E402
from assistant.index import KnowledgeBase, supported_files  # noqa: E402
from assistant.proofread import proofread_fragment  # noqa: E402
from assistant.report import draft_report, review_report, title_metadata  # noqa: E402
from assistant.service import Assistant  # noqa: E402
from assistant.store import DraftRecord, ReportRecord, Store, new_id, valid_id  # noqa: E402
from assistant.taxonomy import PARTS, TOPICS, topic_choice_label  # noqa: E402

DRAFT_VIEW_SIZE = 12  # outputs of the draft tab, see Workspace.show_draft
REPORT_VIEW_SIZE = 13  # outputs of the whole-report tab, see Workspace.show_report
CONCURRENCY = 4  # drafting is CPU-bound: more parallel jobs only queue inside the process
QUEUE_SIZE = 64
PART_CHOICES = [(p.name, p.id) for p in PARTS if p.id != "closing"]
# A topic's label also names its common wordings, so typing 复议 or 队伍 in the dropdown finds it.
TOPIC_CHOICES = [("按事实自动判断", "")] + [(topic_choice_label(t), t.id) for t in TOPICS]
ALL = [("全部", "")]
UPLOAD_TYPES = [".txt", ".md", ".docx", ".pdf"]
FACTS_TYPES = [".md", ".txt"]
SAMPLE_FACTS = Path(__file__).resolve().parent / "samples" / "facts-2024.md"
SCROLL_TO_PASSAGE = "watch('value', () => element.querySelector('#passage')?.scrollIntoView({block: 'center'}));"


def friendly(handler):
    """Show the library's AssistantError as a plain Chinese message instead of an error page."""

    @functools.wraps(handler)
    def wrapper(*args, **kwargs):
        try:
            return handler(*args, **kwargs)
        except AssistantError as e:
            raise gr.Error(str(e), title="没能完成", print_exception=False) from e

    return wrapper


def as_year(value) -> int | None:
    return int(value) if value else None


def messages_of(turns: list[Turn]) -> list[dict]:
    return [{"role": t.role, "content": t.content} for t in turns]


def fragment_findings(text: str) -> list[dict]:
    """The proofreading of a section or paragraph: phrase spelling, placeholders, brackets, repeats."""
    return [f.to_dict() for f in proofread_fragment(text)]


def checked_fragment_html(text: str, check: dict | None, notice: str = "", title: str = "") -> str:
    """A section's or paragraph's number check, with its proofreading underlined and listed."""
    findings = fragment_findings(text)
    return views.check_html(text, check, notice, title, findings) + views.findings_html(findings)


def part_progress(progress):
    """draft_report's on_progress, shown on a Gradio progress bar."""
    return lambda n, total, name: progress((n, total), desc=f"正在起草：{name}", unit="部分")


def report_metadata(facts: str, bureau: str, year) -> tuple[str, int | None]:
    """The bureau and year as typed; whichever is left empty comes from the facts file's "# " title."""
    bureau, year = bureau.strip(), as_year(year)
    if bureau and year:
        return bureau, year
    try:
        named_bureau, named_year = title_metadata(facts)
    except InputError as e:
        if bureau:
            return bureau, None
        raise InputError("没有填写单位：请在“单位”中填写，或在事实第一行写“# 某某局 2024 年度报告事实”。") from e
    return bureau or named_bureau, year or named_year


def sync_folders(kb: KnowledgeBase, folders: list[Path], progress=None):
    """Ingest every report in the folders (unchanged ones are skipped) and drop vanished ones."""
    total = len(supported_files([f for f in folders if f.is_dir()]))
    return list(progress.tqdm(kb.sync(folders), total=total, desc="正在索引") if progress else kb.sync(folders))


class Workspace:
    """The app's handlers: each calls the library and renders the result with assistant.views."""

    def __init__(self, assistant: Assistant, store: Store):
        self.assistant, self.store, self.settings = assistant, store, assistant.settings
        self.chats: dict[str, Chat] = {}

    # --- drafting ----------------------------------------------------------------------

    @friendly
    def draft(self, part, topic, bureau, year, facts, progress=gr.Progress()):
        """Draft a section from the facts, save it, and show it with its number check."""
        progress(0.2, desc="正在检索范例并起草…")
        result = self.assistant.draft(part, facts, topic=topic or None, bureau=bureau.strip(), year=as_year(year))
        return self.show_draft(self.store.save_draft(DraftRecord.from_draft(result, facts)))

    @friendly
    def reopen(self, draft_id):
        """Reopen a saved draft (from the history list, or the browser's last one after a reload)."""
        record = self.store.find_draft(draft_id)
        return self.show_draft(record) if record else [gr.skip()] * (DRAFT_VIEW_SIZE - 1) + [self.history()]

    @friendly
    def recheck(self, draft_id: str, text: str):
        """Check the numbers of an edited draft against its facts again, and save the edit."""
        record = self.store.load_draft(draft_id)
        examples = [source["text"] for source in record.sources]
        check = self.assistant.check(text, record.facts, record.year, examples).to_dict()
        return self.show_draft(self.store.save_draft(replace(record, text=text, check=check)))

    def show_draft(self, r: DraftRecord):
        """The draft tab filled from a record: form, check and proofreading, text, sources, downloads, id, history."""
        downloads = (self.store.export(f"草稿-{r.id}.md", views.draft_markdown(r)),
                     self.store.export_document(f"草稿-{r.id}.docx", r.text, title=views.draft_title(r)))
        return (r.part, r.topic, r.bureau, r.year, r.facts, checked_fragment_html(r.text, r.check, r.notice), r.text,
                views.sources_html(r.sources), *downloads, r.id, self.history(r.id))

    def history(self, selected: str | None = None):
        choices = [(f"{d.time} · {views.part_name(d.part)} · {d.text[:24]}…", d.id) for d in self.store.list_drafts()]
        return gr.update(choices=choices, value=selected)

    # --- whole report -----------------------------------------------------------------

    def sample_facts(self) -> str:
        """The sample facts file of a whole report (samples/facts-2024.md)."""
        return SAMPLE_FACTS.read_text(encoding="utf-8")

    @friendly
    def read_facts(self, path):
        """The text of an uploaded facts file."""
        return read_text(Path(path)) if path else gr.skip()

    @friendly
    def draft_report(self, facts, bureau, year, doc_number, addressee, date, progress=gr.Progress()):
        """Draft every part of the report in turn, save it, and show it with its check and proofreading."""
        bureau, year = report_metadata(facts, bureau, year)
        report = draft_report(self.assistant, facts, bureau=bureau, year=year, on_progress=part_progress(progress))
        record = ReportRecord.from_report(report, facts, bureau, year).with_export_fields(doc_number, addressee, date)
        return self.show_report(self.store.save_report(record))

    @friendly
    def reexport(self, report_id, doc_number, addressee, date):
        """Export the saved report again with new 发文字号, 主送机关 and 成文日期."""
        record = self.store.load_report(report_id).with_export_fields(doc_number, addressee, date)
        return self.show_report(self.store.save_report(record))

    @friendly
    def recheck_report(self, report_id: str, text: str):
        """Check and proofread an edited report again, and save the edit."""
        record = self.store.load_report(report_id)
        check, findings = review_report(text, record.facts, record.year)
        return self.show_report(self.store.save_report(replace(
            record, text=text, check=check.to_dict(), findings=[f.to_dict() for f in findings])))

    @friendly
    def reopen_report(self, report_id):
        """Reopen a saved report (from the history list, or the browser's last one after a reload)."""
        record = self.store.find_report(report_id)
        return self.show_report(record) if record else [gr.skip()] * (REPORT_VIEW_SIZE - 1) + [self.report_history()]

    def show_report(self, r: ReportRecord):
        """The report tab filled from a record: form, checked text, proofreading, text, downloads, id, history."""
        downloads = [self.store.export_document(f"整篇报告-{r.id}{suffix}", r.text, **r.export_fields)
                     for suffix in (".docx", ".md")]
        return (r.facts, r.bureau, r.year, r.doc_number, r.addressee, r.date,
                views.check_html(r.text, r.check, " ".join(r.notices), findings=r.findings),
                views.findings_html(r.findings, "全文校对"), r.text, *downloads, r.id, self.report_history(r.id))

    def report_history(self, selected: str | None = None):
        choices = [(f"{r.time} · {r.title or r.bureau}", r.id) for r in self.store.list_reports()]
        return gr.update(choices=choices, value=selected)

    # --- chat --------------------------------------------------------------------------

    def chat(self, message: str, conversation_id: str):
        """Stream the answer to a message into the conversation, then save the conversation."""
        conversation_id, chat = self.conversation(conversation_id)
        shown = messages_of(chat.turns) + [{"role": "user", "content": message}]
        for partial in chat.respond(message):
            yield "", shown + [{"role": "assistant", "content": partial}], conversation_id
        self.store.save_conversation(conversation_id, messages_of(chat.turns))

    def conversation(self, conversation_id: str) -> tuple[str, Chat]:
        """The live chat of an id, restored from disk after a restart; a new one for no id."""
        conversation_id = conversation_id if valid_id(conversation_id) else new_id()
        if conversation_id not in self.chats:
            turns = [Turn(m["role"], m["content"]) for m in self.store.load_conversation(conversation_id)]
            self.chats[conversation_id] = Chat(self.assistant, turns=turns)
        return conversation_id, self.chats[conversation_id]

    def restore_chat(self, conversation_id: str):
        return self.store.load_conversation(conversation_id)

    # --- polishing ---------------------------------------------------------------------

    @friendly
    def polish(self, text: str, facts: str, year=None):
        """Polish a paragraph; show tracked changes, the number check of both versions and the proofreading."""
        result = self.assistant.polish(text, facts, as_year(year))
        before = self.assistant.check(text, facts, as_year(year)).to_dict() if facts.strip() else None
        name = f"润色-{new_id()}"
        return (result.text, views.diff_html(text, result.text),
                views.check_html(text, before, title="原文"),
                checked_fragment_html(result.text, result.check and result.check.to_dict(), result.notice, "润色后"),
                self.store.export(f"{name}.txt", result.text),
                self.store.export_document(f"{name}.docx", result.text, title="润色稿"))

    # --- examples ----------------------------------------------------------------------

    @friendly
    def search(self, query, part, topic, bureau, year, k):
        """Comparable passages with filters, and a list to open one of them in its report."""
        found = self.assistant.examples(query, int(k), part=part or None, topic=topic or None,
                                        bureau=bureau or None, year=as_year(year))
        hits = [h.to_dict() for h in found.hits]
        choices = [(f"{n}. {views.source_heading(h)}", n - 1) for n, h in enumerate(hits, 1)]
        download = self.store.export(f"范例-{new_id()}.txt", found.text)
        return views.sources_html(hits, "检索结果"), gr.update(choices=choices, value=None), hits, download

    @friendly
    def open_passage(self, index, hits: list[dict]):
        """The whole source report of a passage, with the passage highlighted."""
        if index is None or not hits:
            return gr.skip()
        hit = hits[int(index)]
        report = load_report(Path(self.document(hit["source"]).path))
        return views.report_html(report.text, hit["start"], hit["end"], views.source_heading(hit))

    @friendly
    def compare(self, query: str, topic: str, bureaus: list[str]):
        """The same topic in several bureaus side by side."""
        query = query.strip() or views.topic_name(topic) or "法治政府建设"
        return views.side_by_side_html([(b, [h.to_dict() for h in self.assistant.examples(
            query, 2, topic=topic or None, bureau=b).hits]) for b in bureaus or []])

    # --- knowledge base ----------------------------------------------------------------

    @friendly
    def upload(self, files, progress=gr.Progress()):
        """Save the uploaded reports under safe names and index them; errors per file."""
        saved, refused = self.store.save_uploads(files or [], self.settings.max_upload_mb * 1_000_000)
        results = list(progress.tqdm(self.assistant.kb.ingest(saved), total=len(saved), desc="正在导入"))
        for failed in (r for r in results if r.status == "error"):
            self.store.remove_upload(failed.path.name)  # a file the index refused is not kept either
        return views.ingest_html(results, refused), *self.documents()

    @friendly
    def reindex(self, progress=gr.Progress()):
        """Index knowledge/ and the uploads again: changed files are replaced, vanished ones dropped."""
        results = sync_folders(self.assistant.kb, [self.settings.knowledge_dir, self.store.uploads_dir], progress)
        return views.ingest_html(results), *self.documents()

    @friendly
    def remove(self, source: str):
        """Remove a document from the index (and its uploaded file, so it stays removed)."""
        chunks = self.assistant.kb.remove(source)
        return views.removed_html(source, chunks, self.store.remove_upload(source)), *self.documents()

    @friendly
    def outline(self, source: str):
        """The parsed structure of an indexed report, as `report-assistant parse` prints it."""
        return "\n".join(load_report(Path(self.document(source).path)).outline()) if source else ""

    def documents(self):
        """The documents table, the document picker and the bureau and year filters of the examples tab."""
        docs = self.assistant.kb.documents()
        rows = [[d.source, d.bureau or "未识别", d.year or "", d.chunks] for d in docs]
        bureaus = sorted({d.bureau for d in docs if d.bureau})
        years = sorted({d.year for d in docs if d.year}, reverse=True)
        return (rows, gr.update(choices=[d.source for d in docs], value=None), gr.update(choices=ALL + [(b, b) for b in bureaus]),
                gr.update(choices=bureaus), gr.update(choices=ALL + [(f"{y}年", y) for y in years]))

    def document(self, source: str):
        for doc in self.assistant.kb.documents():
            if doc.source == source:
                return doc
        raise KnowledgeBaseError(f"知识库中没有文档“{source}”：请刷新文档列表。")


# --- layout ------------------------------------------------------------------------------

def build_ui(assistant: Assistant, store: Store) -> gr.Blocks:
    """The whole workspace: six tabs over one assistant and one store."""
    ws = Workspace(assistant, store)
    secret = store.browser_secret()
    with gr.Blocks(title="报告起草助手") as app:
        gr.Markdown("# 报告起草助手 · 法治政府建设年度报告")
        gr.HTML(views.backend_html(assistant.backend, assistant.settings.llm_model, assistant.settings.llm_base_url))
        draft_id = gr.BrowserState("", storage_key="report-assistant-draft", secret=secret)
        conversation_id = gr.BrowserState("", storage_key="report-assistant-conversation", secret=secret)
        report_id = gr.BrowserState("", storage_key="report-assistant-report", secret=secret)
        with gr.Tabs():
            chat_tab(app, ws, conversation_id)
            draft_tab(app, ws, draft_id)
            report_tab(app, ws, report_id)
            polish_tab(ws)
            example_filters = examples_tab(ws)
            knowledge_tab(app, ws, example_filters)
    return app


def chat_tab(app, ws: Workspace, conversation_id):
    with gr.Tab("对话"):
        chatbot = gr.Chatbot(label="对话", height=460, buttons=["copy", "copy_all"], elem_id="chatbot",
                             placeholder="发“起草 + 部分名称”并逐行列出事实，或“润色：”加一段文字，或问“行政复议怎么写”。")
        message = gr.Textbox(placeholder="输入消息（回车换行；Shift+回车或点“发送”发送）", lines=3, show_label=False,
                             submit_btn="发送", elem_id="chat-input")
        new = gr.Button("新对话", size="sm")
    message.submit(ws.chat, [message, conversation_id], [message, chatbot, conversation_id], api_name="chat")
    new.click(lambda: ([], ""), None, [chatbot, conversation_id], api_name=False)
    chatbot.clear(lambda: "", None, conversation_id, api_name=False)
    app.load(ws.restore_chat, conversation_id, chatbot, api_name=False)


def draft_tab(app, ws: Workspace, draft_id):
    with gr.Tab("起草"):
        with gr.Row():
            with gr.Column(scale=2):
                part = gr.Dropdown(PART_CHOICES, value="measures", label="部分")
                topic = gr.Dropdown(TOPIC_CHOICES, value="", label="主题", allow_custom_value=True)
                with gr.Row():
                    bureau = gr.Textbox(label="单位", placeholder="如 示例市应急管理局")
                    year = gr.Number(None, label="报告年度", precision=0, placeholder="如 2024")
                facts = gr.Textbox(label="事实（每行一条）", lines=8, elem_id="draft-facts",
                                   placeholder="- 全年开展执法检查542家次\n- 立案93起\n- 下达行政处罚决定书78份")
                go = gr.Button("起草", variant="primary", elem_id="draft-button")
                history = gr.Dropdown([], label="历史草稿（重新打开）", elem_id="draft-history")
            with gr.Column(scale=3):
                check = gr.HTML("<p class='muted'>起草结果和数字核对会显示在这里。</p>", elem_id="draft-check")
                text = gr.Textbox(label="草稿正文（可复制、可修改）", lines=8, buttons=["copy"], elem_id="draft-text")
                with gr.Row():
                    recheck = gr.Button("核对修改后的正文", size="sm", elem_id="draft-recheck")
                    download = gr.DownloadButton("下载草稿（Markdown）", size="sm", elem_id="draft-download")
                    docx = gr.DownloadButton("下载 Word", size="sm", elem_id="draft-docx")
                sources = gr.HTML(elem_id="draft-sources")
    outputs = [part, topic, bureau, year, facts, check, text, sources, download, docx, draft_id, history]
    go.click(ws.draft, [part, topic, bureau, year, facts], outputs, api_name="draft")
    recheck.click(ws.recheck, [draft_id, text], outputs, api_name=False)
    history.input(ws.reopen, history, outputs, api_name=False)
    app.load(ws.reopen, draft_id, outputs, api_name=False)


def report_tab(app, ws: Workspace, report_id):
    with gr.Tab("整篇报告"):
        with gr.Row():
            with gr.Column(scale=2):
                facts = gr.Textbox(label="整篇报告的事实（# 标题，## 部分，### 主题，- 每条事实）", lines=14, max_lines=30,
                                   elem_id="report-facts", placeholder="# 示例县应急管理局 2024 年度报告事实\n\n## 主要举措和成效\n"
                                   "### 行政执法\n- 立案查处安全生产违法行为56起\n\n## 存在的不足和原因\n- …")
                with gr.Row():
                    sample = gr.Button("载入示例事实", size="sm", elem_id="report-sample")
                    upload = gr.UploadButton("上传事实文件（.md .txt）", file_types=FACTS_TYPES, size="sm",
                                             elem_id="report-upload")
                with gr.Row():
                    bureau = gr.Textbox(label="单位", placeholder="留空则取事实标题中的单位", elem_id="report-bureau")
                    year = gr.Number(None, label="报告年度", precision=0, placeholder="留空则取标题中的年份", elem_id="report-year")
                with gr.Accordion("公文格式（导出 Word 时使用，可不填）", open=False):
                    doc_number = gr.Textbox(label="发文字号", placeholder="如 示应急〔2025〕3号")
                    addressee = gr.Textbox(label="主送机关", placeholder="如 中共示例县委、示例县人民政府")
                    date = gr.Textbox(label="成文日期", placeholder="留空则取事实中的落款日期，如 2025年1月20日")
                    reexport = gr.Button("按以上内容重新生成 Word", size="sm")
                go = gr.Button("起草整篇报告", variant="primary", elem_id="report-button")
                history = gr.Dropdown([], label="历史报告（重新打开）", elem_id="report-history")
            with gr.Column(scale=3):
                check = gr.HTML("<p class='muted'>整篇报告和数字核对会显示在这里；校对结果在右侧。</p>", elem_id="report-check")
                with gr.Accordion("报告正文（可复制、可修改）", open=False):
                    text = gr.Textbox(show_label=False, lines=12, buttons=["copy"], elem_id="report-text")
                    recheck = gr.Button("核对修改后的全文", size="sm", elem_id="report-recheck")
            with gr.Column(scale=2):
                with gr.Row():
                    docx = gr.DownloadButton("下载 Word（公文格式）", size="sm", elem_id="report-docx")
                    markdown = gr.DownloadButton("下载 Markdown", size="sm", elem_id="report-md")
                findings = gr.HTML(elem_id="report-findings")
    fields = [doc_number, addressee, date]
    outputs = [facts, bureau, year, *fields, check, findings, text, docx, markdown, report_id, history]
    sample.click(ws.sample_facts, None, facts, api_name=False)
    upload.upload(ws.read_facts, upload, facts, api_name=False)
    go.click(ws.draft_report, [facts, bureau, year, *fields], outputs, api_name="report")
    reexport.click(ws.reexport, [report_id, *fields], outputs, api_name=False)
    recheck.click(ws.recheck_report, [report_id, text], outputs, api_name=False)
    history.input(ws.reopen_report, history, outputs, api_name=False)
    app.load(ws.reopen_report, report_id, outputs, api_name=False)


def polish_tab(ws: Workspace):
    with gr.Tab("润色"):
        with gr.Row():
            text = gr.Textbox(label="待润色的段落", lines=8, elem_id="polish-input")
            with gr.Column():
                facts = gr.Textbox(label="事实（可选，用于核对数字）", lines=6, elem_id="polish-facts")
                year = gr.Number(None, label="报告年度（可选：单独出现的本年度年份不需事实支持）", precision=0,
                                 placeholder="如 2024", elem_id="polish-year")
        go = gr.Button("润色", variant="primary", elem_id="polish-button")
        result = gr.Textbox(label="润色结果", lines=6, buttons=["copy"], elem_id="polish-result")
        with gr.Row():
            download = gr.DownloadButton("下载润色结果", size="sm")
            docx = gr.DownloadButton("下载 Word", size="sm", elem_id="polish-docx")
        gr.Markdown("#### 修改痕迹（删除线为删去，绿色为新增）")
        diff = gr.HTML(elem_id="polish-diff")
        with gr.Row():
            before, after = gr.HTML(elem_id="polish-check-before"), gr.HTML(elem_id="polish-check-after")
    go.click(ws.polish, [text, facts, year], [result, diff, before, after, download, docx], api_name="polish")


def examples_tab(ws: Workspace):
    with gr.Tab("范例"):
        with gr.Row():
            query = gr.Textbox(label="检索内容", placeholder="如：行政复议 案卷评查", scale=3, elem_id="examples-query")
            k = gr.Slider(1, 20, value=5, step=1, label="条数", scale=1)
        with gr.Row():
            part = gr.Dropdown(ALL + PART_CHOICES, value="", label="部分")
            topic = gr.Dropdown(ALL + TOPIC_CHOICES[1:], value="", label="主题")
            bureau = gr.Dropdown(ALL, value="", label="单位")
            year = gr.Dropdown(ALL, value="", label="年度")
        with gr.Row():
            go = gr.Button("检索", variant="primary", elem_id="examples-button", scale=3)
            download = gr.DownloadButton("下载检索结果", scale=1)
        hits = gr.State([])
        with gr.Row():
            results = gr.HTML(elem_id="examples-results")
            with gr.Column():
                pick = gr.Dropdown([], label="打开原文（整篇报告中高亮该段）", type="value", elem_id="examples-open")
                report = gr.HTML(elem_id="examples-report", js_on_load=SCROLL_TO_PASSAGE)
        with gr.Accordion("同一主题，多个单位并排对照", open=False):
            bureaus = gr.CheckboxGroup([], label="单位（按上方检索内容和主题）", elem_id="examples-bureaus")
            compare = gr.Button("并排对照", elem_id="examples-compare-button")
            columns = gr.HTML(elem_id="examples-compare")
    filters, shown = [query, part, topic, bureau, year, k], [results, pick, hits, download]
    go.click(ws.search, filters, shown, api_name="examples")
    query.submit(ws.search, filters, shown, api_name=False)
    pick.input(ws.open_passage, [pick, hits], report, api_name=False)
    compare.click(ws.compare, [query, topic, bureaus], columns, api_name=False)
    return bureau, bureaus, year


def knowledge_tab(app, ws: Workspace, example_filters):
    with gr.Tab("知识库"):
        files = gr.File(file_count="multiple", file_types=UPLOAD_TYPES, label="上传往年报告（.txt .md .docx .pdf）",
                        elem_id="kb-upload")
        with gr.Row():
            ingest = gr.Button("导入上传的报告", variant="primary", elem_id="kb-ingest")
            reindex = gr.Button("重新索引全部报告")
        status = gr.HTML(elem_id="kb-status")
        table = gr.Dataframe(headers=["文件", "单位", "年度", "段落数"], interactive=False, elem_id="kb-table")
        with gr.Row():
            doc = gr.Dropdown([], label="选择文档（查看结构或移除）", elem_id="kb-doc")
            remove = gr.Button("从知识库移除", variant="stop", elem_id="kb-remove")
        outline = gr.Textbox(label="解析出的结构", lines=12, elem_id="kb-outline")
    listing = [table, doc, *example_filters]
    ingest.click(ws.upload, files, [status, *listing], api_name=False)
    reindex.click(ws.reindex, None, [status, *listing], api_name=False)
    remove.click(ws.remove, doc, [status, *listing], api_name=False)
    doc.input(ws.outline, doc, outline, api_name=False)
    app.load(ws.documents, None, listing, api_name=False)


# --- entry point -------------------------------------------------------------------------

def is_loopback(host: str) -> bool:
    try:
        return host == "localhost" or ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def listen_options(settings: Settings) -> dict:
    """Where to listen and with which login; refuses the network without a login."""
    auth = (settings.ui_username, settings.ui_password) if settings.ui_username and settings.ui_password else None
    if not is_loopback(settings.ui_host) and auth is None:
        raise ConfigError(f"要在 {settings.ui_host} 上对网络开放，必须设置登录账号：请同时设置 REPORT_UI_USERNAME 和 "
                          "REPORT_UI_PASSWORD，或把 REPORT_UI_HOST 改回 127.0.0.1。")
    port = int(os.environ.get("GRADIO_SERVER_PORT") or settings.ui_port)
    return {"server_name": settings.ui_host, "server_port": port, "auth": auth,
            "max_file_size": f"{settings.max_upload_mb}mb"}


def main() -> None:
    """Read settings, bring the knowledge base up to date with knowledge/ and uploads, serve."""
    settings = Settings()
    try:
        options = listen_options(settings)
        assistant, store = Assistant.from_settings(settings), Store(settings.data_dir)
        results = sync_folders(assistant.kb, [settings.knowledge_dir, store.uploads_dir])
    except AssistantError as e:
        sys.exit(f"错误：{e}")
    for r in results:
        if r.status == "error":
            print(f"导入失败：{r.path.name}：{r.error}", file=sys.stderr)
    print(f"知识库现有 {len(assistant.kb.documents())} 份文档；当前后端：{assistant.backend}", flush=True)
    app = build_ui(assistant, store).queue(default_concurrency_limit=CONCURRENCY, max_size=QUEUE_SIZE)
    app.launch(**options, css=views.CSS, show_error=True, footer_links=["api"])


if __name__ == "__main__":
    main()
