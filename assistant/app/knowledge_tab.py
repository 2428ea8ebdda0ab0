"""The 知识库 tab: upload past reports, index again, see a report's parsed structure, remove one.

Every handler refreshes every pane that shows documents: the table, the picker, the outline, the
examples' filters and the first-run hint of both tabs; an import empties the upload box."""

from pathlib import Path

import gradio as gr

from assistant.app import views
from assistant.app.common import ALL, Tab, find_document, friendly, role_controls, sync_folders
from assistant.config import Settings
from assistant.kb.documents import load_report

SAMPLES_DIR = Settings.model_fields["knowledge_dir"].default  # the fictional reports shipped with the app
CONFIRM_REMOVE = ("(source) => source && confirm(`确定从知识库移除“${source}”吗？上传的文件会一并删除，"
                  "此操作不能撤销。`) ? source : null")

LISTING_SIZE = 8  # outputs of KnowledgeTab.documents


class KnowledgeTab(Tab):
    """The knowledge base's handlers; every one refreshes the document list and the examples' filters."""

    @friendly
    def upload(self, files, progress=gr.Progress(), request: gr.Request = None):
        """Save the uploaded reports under names of their own and index them; errors per file.
        Nothing indexed before is touched: a taken name gets a numbered one, and only a new file
        the index refused is deleted again. Admins only."""
        self.user(request).require_admin("上传报告到知识库")
        indexed = frozenset(d.source for d in self.assistant.kb.documents())
        uploads, refused = self.store.save_uploads(files or [], self.settings.max_upload_mb * 1_000_000, indexed)
        results = list(progress.tqdm(self.assistant.kb.ingest([u.path for u in uploads]), total=len(uploads),
                                     desc="正在导入"))
        for upload, result in zip(uploads, results):
            if result.status == "error" and upload.new:
                self.store.remove_upload(upload.path.name)  # a file the index refused is not kept either
        return views.ingest_html(results, refused) + renamed_html(uploads, results), None, *self.documents()

    @friendly
    def reindex(self, progress=gr.Progress(), request: gr.Request = None):
        """Index knowledge/ and the uploads again: changed files are replaced, vanished ones dropped."""
        self.user(request).require_admin("重新索引知识库")
        results = sync_folders(self.assistant.kb, [self.settings.knowledge_dir, self.store.uploads_dir], progress)
        return views.ingest_html(results), *self.documents()

    @friendly
    def remove(self, source: str | None, request: gr.Request = None):
        """Remove a document from the index (and its uploaded file, so it stays removed), once
        confirmed. Admins only."""
        user = self.user(request)
        user.require_admin("从知识库移除文档")
        if not source:  # not chosen, or the confirmation was cancelled
            return (gr.skip(),) * (1 + LISTING_SIZE)
        chunks = self.assistant.kb.remove(source)
        self.store.record_event(user, "removed", "documents", source, f"{chunks} 段")
        return views.removed_html(source, chunks, self.store.remove_upload(source)), *self.documents()

    @friendly
    def permissions(self, request: gr.Request = None):
        """The upload box, import, re-index and remove as this person may use them (admins only)."""
        return role_controls(self.user(request).is_admin, 3, "只有管理员可以上传、重新索引或移除知识库文档；"
                             "需要添加本单位的报告时，请联系知识库管理员。")

    @friendly
    def outline(self, source: str):
        """The parsed structure of an indexed report, as `report-assistant parse` prints it."""
        if not source:
            return ""
        return "\n".join(load_report(Path(find_document(self.assistant.kb, source).path)).outline())

    def documents(self):
        """The documents table, the picker, the outline, the examples' filters and both first-run hints."""
        docs = self.assistant.kb.documents()
        rows = [[d.source, d.bureau or "未识别", d.year or "", d.chunks] for d in docs]
        bureaus = sorted({d.bureau for d in docs if d.bureau})
        years = sorted({d.year for d in docs if d.year}, reverse=True)
        hint = self.first_run_hint(docs)
        return (rows, gr.update(choices=[d.source for d in docs], value=None), "",
                gr.update(choices=ALL + [(b, b) for b in bureaus]), gr.update(choices=bureaus),
                gr.update(choices=ALL + [(f"{y}年", y) for y in years]), hint, hint)

    def first_run_hint(self, docs) -> str:
        """The hint while the knowledge base holds only the sample reports shipped with the app."""
        samples = [f"{d.bureau or d.source} {d.year or ''}年".replace(" 年", "")
                   for d in docs if Path(d.path).resolve().is_relative_to(SAMPLES_DIR.resolve())]
        return views.first_run_html(samples, len(docs) - len(samples))


def renamed_html(uploads, results) -> str:
    """A line for each accepted upload that had to take another name than its own."""
    lines = [f"<li>已有同名报告“{views.esc(u.renamed_from)}”，新上传的文件另存为“{views.esc(u.path.name)}”；"
             "如要替换旧报告，请先把它从知识库移除再上传。</li>"
             for u, r in zip(uploads, results) if u.renamed_from and r.status != "error"]
    return f"<ul class='muted'>{''.join(lines)}</ul>" if lines else ""


def build(app, tab: KnowledgeTab, example_filters):
    """The 知识库 tab's layout and events; example_filters are the examples tab's filters and hint."""
    with gr.Tab("知识库"):
        hint = gr.HTML(elem_id="kb-hint")
        # No file_types: the browser's own refusal is an English toast; ours names the file in Chinese.
        files = gr.File(file_count="multiple", label="上传往年报告（.txt .md .docx .pdf）", elem_id="kb-upload")
        with gr.Row():
            ingest = gr.Button("导入上传的报告", variant="primary", elem_id="kb-ingest")
            reindex = gr.Button("重新索引全部报告")
        status = gr.HTML(elem_id="kb-status")
        role_note = gr.HTML(elem_id="kb-role-note")
        table = gr.Dataframe(headers=["文件", "单位", "年度", "段落数"], interactive=False, elem_id="kb-table")
        with gr.Row():
            doc = gr.Dropdown([], label="选择文档（查看结构或移除）", elem_id="kb-doc")
            remove = gr.Button("从知识库移除", variant="stop", elem_id="kb-remove")
        outline = gr.Textbox(label="解析出的结构", lines=12, elem_id="kb-outline")
    *filters, examples_hint = example_filters
    listing = [table, doc, outline, *filters, hint, examples_hint]
    ingest.click(tab.upload, files, [status, files, *listing], api_name=False)
    reindex.click(tab.reindex, None, [status, *listing], api_name=False)
    remove.click(tab.remove, doc, [status, *listing], api_name=False, js=CONFIRM_REMOVE)
    doc.input(tab.outline, doc, outline, api_name=False)
    app.load(tab.documents, None, listing, api_name=False)
    app.load(tab.permissions, None, [files, ingest, reindex, remove, role_note], api_name=False)
