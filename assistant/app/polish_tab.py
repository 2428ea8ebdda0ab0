"""The 润色 tab: a paragraph polished, with tracked changes and the number check of both versions."""

import gradio as gr

from assistant.app import views
from assistant.app.common import Tab, as_year, checked_fragment_html, reported, year_box
from assistant.records.store import new_id


class PolishTab(Tab):
    """The polishing handler."""

    @reported(6)
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


def build(tab: PolishTab):
    """The 润色 tab's layout and events."""
    with gr.Tab("润色"):
        with gr.Row():
            text = gr.Textbox(label="待润色的段落", lines=8, elem_id="polish-input")
            with gr.Column():
                facts = gr.Textbox(label="事实（可选，用于核对数字）", lines=6, elem_id="polish-facts")
                year = year_box("报告年度（可选：单独出现的本年度年份不需事实支持）", "如 2024", "polish-year")
        go = gr.Button("润色", variant="primary", elem_id="polish-button")
        message = gr.HTML(elem_id="polish-message", elem_classes="app-slot")
        result = gr.Textbox(label="润色结果", lines=6, buttons=["copy"], elem_id="polish-result")
        with gr.Row():
            download = gr.DownloadButton("下载润色结果", size="sm")
            docx = gr.DownloadButton("下载 Word", size="sm", elem_id="polish-docx")
        gr.Markdown("#### 修改痕迹（红色删除线为删去，绿色为新增，␣ 为空格，↵ 为换行）")
        diff = gr.HTML(elem_id="polish-diff")
        with gr.Row():
            before, after = gr.HTML(elem_id="polish-check-before"), gr.HTML(elem_id="polish-check-after")
    go.click(tab.polish, [text, facts, year], [result, diff, before, after, download, docx, message],
             api_name="polish", show_progress_on=result)
