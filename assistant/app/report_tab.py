"""The 整篇报告 tab: every part of the report drafted from one facts file, checked, proofread, exported.

The bureau and year fields hold only what a person typed for this report: what the facts' title
says is not written back into them, so the next facts file's title is used for the next report.
An edit is saved and checked as it is typed; a download is always of the text on screen."""

from dataclasses import replace
from pathlib import Path

import gradio as gr

from assistant.app import views
from assistant.app import review_panel
from assistant.check.annotate import flag_unsupported
from assistant.app.common import (LONG_JOB, Tab, as_year, click_download, flag_note, friendly, offers_update, reported,
                                  show_store_notices, year_box)
from assistant.errors import InputError
from assistant.kb.formats import read_text
from assistant.write.report import draft_report, review_report, title_metadata
from assistant.records.accounts import LOCAL
from assistant.records.review import status_label
from assistant.records.store import ReportRecord

VIEW_SIZE = 13  # outputs of the tab, see ReportTab.show_report
FACTS_TYPES = [".md", ".txt"]
SAMPLE_FACTS = Path(__file__).resolve().parents[2] / "samples" / "facts-2024.md"


def part_progress(progress):
    """draft_report's on_progress, shown on a Gradio progress bar."""
    return lambda n, total, name: progress((n, total), desc=f"正在起草：{name}", unit="部分")


def typed_metadata(facts: str, bureau: str, year) -> tuple[str, int | None]:
    """The bureau and year of a report as a person typed them: empty where the facts' title gives them."""
    try:
        named_bureau, named_year = title_metadata(facts)
    except InputError:
        return bureau, year
    return ("" if bureau == named_bureau else bureau), (None if year in (None, named_year) else str(year))


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

    def sample_facts(self):
        """The sample facts file of a whole report (samples/facts-2024.md), with bureau and year cleared."""
        return SAMPLE_FACTS.read_text(encoding="utf-8"), "", None

    @reported(3)
    def read_facts(self, path):
        """The text of an uploaded facts file, with bureau and year cleared: its title names them."""
        return (read_text(Path(path)), "", None) if path else (gr.skip(), gr.skip(), gr.skip())

    @friendly
    def offers(self, facts, bureau, year):
        """The 同比 the bureau's previous report allows for the report's facts, to tick."""
        bureau, year = report_metadata(facts, bureau, year)
        return offers_update(self.assistant, facts, bureau, year)

    @reported(VIEW_SIZE)
    def draft_report(self, facts, bureau, year, doc_number, addressee, date, yoy=(), progress=gr.Progress(),
                     request: gr.Request = None):
        """Draft every part of the report in turn, save it, and show it with its check and proofreading."""
        bureau, year = report_metadata(facts, bureau, year)
        report = draft_report(self.assistant, facts, bureau=bureau, year=year, on_progress=part_progress(progress),
                              changes=list(yoy or ()))
        record = ReportRecord.from_report(report, facts, bureau, year).with_export_fields(doc_number, addressee, date)
        user = self.user(request)
        return self.show_report(self.store.save_report(record, user), user)

    @reported(VIEW_SIZE)
    def reexport(self, report_id, doc_number, addressee, date, request: gr.Request = None):
        """Save new 发文字号, 主送机关 and 成文日期 with the report, for its next Word download."""
        user = self.user(request)
        record = self.store.load_report(report_id, user).with_export_fields(doc_number, addressee, date)
        return self.show_report(self.store.save_report(record, user), user)

    @reported(VIEW_SIZE)
    def recheck_report(self, report_id: str, text: str, request: gr.Request = None):
        """Check and proofread an edited report again, and save the edit."""
        user = self.user(request)
        return self.show_report(self.edited(report_id, text, user), user)

    @friendly
    def autosave(self, report_id: str, text: str, request: gr.Request = None):
        """Save, check and proofread the text as it is typed (nothing to save before a first report)."""
        user = self.user(request)
        if self.store.find_report(report_id, user) is None or not (text or "").strip():
            return gr.skip(), gr.skip()  # nothing drafted yet, or the box is being cleared to paste anew
        r = self.edited(report_id, text, user)
        return (views.check_html(r.text, r.check, " ".join(r.notices), findings=r.findings),
                views.findings_html(r.findings, "全文校对"))

    @reported(3, download=True)
    def download(self, report_id: str, text: str, doc_number=None, addressee=None, date=None,
                 request: gr.Request = None, suffix: str = ".docx"):
        """The text and 公文格式 on screen, saved and checked, as Word (numbers without a fact marked) or
        Markdown; the file is written only now, when asked for, never for each report shown."""
        user = self.user(request)
        r = self.with_fields(self.edited(report_id, text, user), (doc_number, addressee, date), user)
        path = self.store.export_document(f"整篇报告-{r.id}{suffix}", r.text, **r.export_fields)
        self.store.record_event(user, "exported", "reports", r.id, path.name)
        flag_unsupported(path, r.check)
        return (path, views.check_html(r.text, r.check, " ".join(r.notices), findings=r.findings),
                views.findings_html(r.findings, "全文校对"), flag_note(r.check) if suffix == ".docx" else "")

    def download_docx(self, report_id: str, text: str, doc_number=None, addressee=None, date=None,
                      request: gr.Request = None):
        """The text on screen as Word (a method of its own: Gradio gives a functools.partial no gr.Request)."""
        return self.download(report_id, text, doc_number, addressee, date, request=request, suffix=".docx")

    def download_md(self, report_id: str, text: str, doc_number=None, addressee=None, date=None,
                    request: gr.Request = None):
        """The text on screen as Markdown."""
        return self.download(report_id, text, doc_number, addressee, date, request=request, suffix=".md")

    def edited(self, report_id: str, text: str, user=LOCAL) -> ReportRecord:
        """The saved report with the text on screen, checked and proofread again when it changed."""
        record = self.store.load_report(report_id, user)
        if text is None or text == record.text:
            return record
        if not text.strip():
            raise InputError("报告正文是空的：请先起草整篇报告，或把正文粘贴回“报告正文”。")
        last_year, _ = self.assistant.last_year(record.bureau, record.year)
        check, findings = review_report(text, record.facts, record.year, record.bureau, record.examples, last_year)
        return self.store.save_report(replace(
            record, text=text, check=check.to_dict(), findings=[f.to_dict() for f in findings]), user)

    def with_fields(self, record: ReportRecord, fields: tuple, user=LOCAL) -> ReportRecord:
        """The report with the 公文格式 fields on screen, saved when they changed (None: a field not sent)."""
        kept = (record.doc_number, record.addressee, record.date)
        changed = record.with_export_fields(*(old if new is None else new for new, old in zip(fields, kept)))
        return record if changed == record else self.store.save_report(changed, user)

    def reopen_report(self, report_id, request: gr.Request = None):
        """Reopen a saved report (from the history list, or the browser's last one after a reload)."""
        user = self.user(request)
        record = self.store.find_report(report_id, user)
        return self.show_report(record, user) if record else [gr.skip()] * (VIEW_SIZE - 1) + [self.report_history(user)]

    def show_report(self, r: ReportRecord, user=LOCAL):
        """The tab filled from a record: form, checked text, proofreading, text, id, history; the download
        files are emptied, since a download is made from the text on screen when clicked."""
        downloads = [None, None]
        bureau, year = typed_metadata(r.facts, r.bureau, r.year)
        return (r.facts, bureau, year, r.doc_number, r.addressee, r.date,
                views.check_html(r.text, r.check, " ".join(r.notices), findings=r.findings),
                views.findings_html(r.findings, "全文校对") + views.plan_review_html(r.plan_review), r.text, *downloads,
                r.id, self.report_history(user, r.id))

    @friendly
    def refresh_history(self, report_id: str, request: gr.Request = None):
        """The history list drawn again (after a review step changed a report's status)."""
        return self.report_history(self.user(request), report_id)

    def report_history(self, user=LOCAL, selected: str | None = None):
        choices = [(history_label(r, user), r.id) for r in self.store.list_reports(user=user)]
        show_store_notices(self.store)
        return gr.update(choices=choices, value=selected)


def history_label(r: ReportRecord, user=LOCAL) -> str:
    """A report in the history list: its review status and owner first when they tell something (the
    list cuts long labels), then time and title."""
    marks = ([status_label(r.status)] if r.status else []) + ([r.owner] if r.owner and r.owner != user.name else [])
    return " · ".join([*marks, r.time, r.title or r.bureau])


def build(app, tab: ReportTab, report_id):
    """The 整篇报告 tab's layout and events."""
    with gr.Tab("整篇报告"):
        with gr.Row():
            with gr.Column(scale=2, min_width=300):
                facts = gr.Textbox(label="整篇报告的事实（# 标题，## 部分，### 主题，- 每条事实）", lines=14, max_lines=30,
                                   elem_id="report-facts", placeholder="# 示例县应急管理局 2024 年度报告事实\n\n## 主要举措和成效\n"
                                   "### 行政执法\n- 立案查处安全生产违法行为56起\n\n## 存在的不足和原因\n- …")
                with gr.Row():
                    sample = gr.Button("载入示例事实", size="sm", elem_id="report-sample")
                    upload = gr.UploadButton("上传事实文件（.md .txt）", file_types=FACTS_TYPES, size="sm",
                                             elem_id="report-upload")
                with gr.Row():
                    bureau = gr.Textbox(label="单位", placeholder="留空则取事实标题中的单位", elem_id="report-bureau")
                    year = year_box("报告年度", "留空则取标题中的年份", "report-year")
                with gr.Accordion("公文格式（导出 Word 时使用，可不填）", open=False):
                    doc_number = gr.Textbox(label="发文字号", placeholder="如 示应急〔2025〕3号")
                    addressee = gr.Textbox(label="主送机关", placeholder="如 中共示例县委、示例县人民政府")
                    date = gr.Textbox(label="成文日期", placeholder="留空则取事实中的落款日期，如 2025年1月20日")
                    reexport = gr.Button("保存公文格式", size="sm")
                with gr.Accordion("同比（由知识库中的上年报告计算）", open=True):
                    yoy_button = gr.Button("计算同比", size="sm", elem_id="report-yoy-button")
                    yoy = gr.CheckboxGroup([], label="勾选后写入报告", elem_id="report-yoy")
                    yoy_notice = gr.HTML(elem_id="report-yoy-notice")
                go = gr.Button("起草整篇报告", variant="primary", elem_id="report-button")
                message = gr.HTML(elem_id="report-message", elem_classes="app-slot")
                history = gr.Dropdown([], label="历史报告（重新打开）", elem_id="report-history", elem_classes="history-picker")
                review = review_panel.layout()
            with gr.Column(scale=5):
                with gr.Row():
                    docx = gr.Button("下载 Word（公文格式）", size="sm", elem_id="report-docx")
                    markdown = gr.Button("下载 Markdown", size="sm", elem_id="report-md")
                docx_file = gr.DownloadButton(visible="hidden", elem_id="report-docx-file")
                markdown_file = gr.DownloadButton(visible="hidden", elem_id="report-md-file")
                download_message = gr.HTML(elem_id="report-download-message", elem_classes="app-slot")
                check = gr.HTML("<p class='muted'>整篇报告和数字核对会显示在这里；校对结果在下方。</p>", elem_id="report-check")
                with gr.Accordion("报告正文（可复制、可修改；修改随时保存并重新核对）", open=False):
                    text = gr.Textbox(show_label=False, lines=12, buttons=["copy"], elem_id="report-text")
                    recheck = gr.Button("核对修改后的全文", size="sm", elem_id="report-recheck")
                findings = gr.HTML(elem_id="report-findings")  # the proofreading, then last year's plans followed up
    fields = [doc_number, addressee, date]
    outputs = [facts, bureau, year, *fields, check, findings, text, docx_file, markdown_file, report_id, history]
    sample.click(tab.sample_facts, None, [facts, bureau, year], api_name=False)
    upload.upload(tab.read_facts, upload, [facts, bureau, year, message], api_name=False)
    yoy_button.click(tab.offers, [facts, bureau, year], [yoy, yoy_notice], api_name=False)
    drafted = go.click(tab.draft_report, [facts, bureau, year, *fields, yoy], outputs + [message], api_name="report",
                       show_progress_on=check, **LONG_JOB)
    reexport.click(tab.reexport, [report_id, *fields], outputs + [message], api_name=False, show_progress_on=check)
    recheck.click(tab.recheck_report, [report_id, text], outputs + [download_message], api_name=False,
                  show_progress_on=check)
    text.input(tab.autosave, [report_id, text], [check, findings], api_name=False, trigger_mode="always_last",
               show_progress="hidden")
    for button, handler, file in ((docx, tab.download_docx, docx_file), (markdown, tab.download_md, markdown_file)):
        button.click(handler, [report_id, text, *fields],
                     [file, check, findings, download_message], api_name=False, show_progress="hidden",
                     ).success(None, js=click_download(file.elem_id))
    reopened = [history.input(tab.reopen_report, history, outputs, api_name=False),
                app.load(tab.reopen_report, report_id, outputs, api_name=False)]
    review_panel.wire(review_panel.ReviewPanel(tab.assistant, tab.store), review, report_id, [text, recheck],
                      [drafted, *reopened], (tab.refresh_history, history))
