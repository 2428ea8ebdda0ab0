"""The 整篇报告 tab: every part of the report drafted from one facts file, checked, proofread, exported."""

from dataclasses import replace
from pathlib import Path

import gradio as gr

from assistant import views
from assistant.app.common import LONG_JOB, Tab, as_year, friendly, show_store_notices
from assistant.errors import InputError
from assistant.formats import read_text
from assistant.report import draft_report, review_report, title_metadata
from assistant.accounts import LOCAL
from assistant.store import ReportRecord

VIEW_SIZE = 13  # outputs of the tab, see ReportTab.show_report
FACTS_TYPES = [".md", ".txt"]
SAMPLE_FACTS = Path(__file__).resolve().parents[2] / "samples" / "facts-2024.md"


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


class ReportTab(Tab):
    """The whole report's handlers: draft, re-check an edit, export again, reopen a saved report."""

    def sample_facts(self) -> str:
        """The sample facts file of a whole report (samples/facts-2024.md)."""
        return SAMPLE_FACTS.read_text(encoding="utf-8")

    @friendly
    def read_facts(self, path):
        """The text of an uploaded facts file."""
        return read_text(Path(path)) if path else gr.skip()

    @friendly
    def draft_report(self, facts, bureau, year, doc_number, addressee, date, progress=gr.Progress(),
                     request: gr.Request = None):
        """Draft every part of the report in turn, save it, and show it with its check and proofreading."""
        user = self.user(request)
        bureau, year = report_metadata(facts, bureau, year)
        report = draft_report(self.assistant, facts, bureau=bureau, year=year, on_progress=part_progress(progress))
        record = ReportRecord.from_report(report, facts, bureau, year).with_export_fields(doc_number, addressee, date)
        return self.show_report(self.store.save_report(record, user), user)

    @friendly
    def reexport(self, report_id, doc_number, addressee, date, request: gr.Request = None):
        """Export the saved report again with new 发文字号, 主送机关 and 成文日期."""
        user = self.user(request)
        record = self.store.load_report(report_id, user).with_export_fields(doc_number, addressee, date)
        return self.show_report(self.store.save_report(record, user), user)

    @friendly
    def recheck_report(self, report_id: str, text: str, request: gr.Request = None):
        """Check and proofread an edited report again, and save the edit."""
        user = self.user(request)
        record = self.store.load_report(report_id, user)
        check, findings = review_report(text, record.facts, record.year, record.bureau, record.examples)
        return self.show_report(self.store.save_report(replace(
            record, text=text, check=check.to_dict(), findings=[f.to_dict() for f in findings]), user), user)

    @friendly
    def reopen_report(self, report_id, request: gr.Request = None):
        """Reopen a saved report (from the history list, or the browser's last one after a reload)."""
        user = self.user(request)
        record = self.store.find_report(report_id, user)
        return self.show_report(record, user) if record else [gr.skip()] * (VIEW_SIZE - 1) + [self.report_history(user)]

    def show_report(self, r: ReportRecord, user=LOCAL):
        """The tab filled from a record: form, checked text, proofreading, text, downloads, id, history."""
        downloads = [self.store.export_document(f"整篇报告-{r.id}{suffix}", r.text, **r.export_fields)
                     for suffix in (".docx", ".md")]
        return (r.facts, r.bureau, r.year, r.doc_number, r.addressee, r.date,
                views.check_html(r.text, r.check, " ".join(r.notices), findings=r.findings),
                views.findings_html(r.findings, "全文校对"), r.text, *downloads, r.id, self.report_history(user, r.id))

    def report_history(self, user=LOCAL, selected: str | None = None):
        choices = [(f"{r.time} · {r.title or r.bureau}", r.id) for r in self.store.list_reports(user=user)]
        show_store_notices(self.store)
        return gr.update(choices=choices, value=selected)


def build(app, tab: ReportTab, report_id):
    """The 整篇报告 tab's layout and events."""
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
    sample.click(tab.sample_facts, None, facts, api_name=False)
    upload.upload(tab.read_facts, upload, facts, api_name=False)
    go.click(tab.draft_report, [facts, bureau, year, *fields], outputs, api_name="report", **LONG_JOB)
    reexport.click(tab.reexport, [report_id, *fields], outputs, api_name=False)
    recheck.click(tab.recheck_report, [report_id, text], outputs, api_name=False)
    history.input(tab.reopen_report, history, outputs, api_name=False)
    app.load(tab.reopen_report, report_id, outputs, api_name=False)
