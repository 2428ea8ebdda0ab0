"""The 起草 tab: one section drafted from the facts, with its number check, sources and downloads."""

from dataclasses import replace

import gradio as gr

from assistant import views
from assistant.app.common import (PART_CHOICES, TOPIC_CHOICES, Tab, as_year, checked_fragment_html, friendly,
                                  offers_update, show_store_notices)
from assistant.store import DraftRecord

VIEW_SIZE = 12  # outputs of the tab, see DraftTab.show_draft


class DraftTab(Tab):
    """The draft's handlers: draft, re-check an edit, reopen a saved draft."""

    @friendly
    def draft(self, part, topic, bureau, year, facts, yoy=(), progress=gr.Progress()):
        """Draft a section from the facts (with the ticked 同比), save it, and show it with its number check."""
        progress(0.2, desc="正在检索范例并起草…")
        result = self.assistant.draft(part, facts, topic=topic or None, bureau=bureau.strip(), year=as_year(year),
                                      changes=list(yoy or ()))
        return self.show_draft(self.store.save_draft(DraftRecord.from_draft(result, facts)))

    @friendly
    def offers(self, facts, bureau, year):
        """The 同比 the bureau's previous report allows for these facts, to tick."""
        return offers_update(self.assistant, facts, bureau.strip(), as_year(year))

    @friendly
    def reopen(self, draft_id):
        """Reopen a saved draft (from the history list, or the browser's last one after a reload)."""
        record = self.store.find_draft(draft_id)
        return self.show_draft(record) if record else [gr.skip()] * (VIEW_SIZE - 1) + [self.history()]

    @friendly
    def recheck(self, draft_id: str, text: str):
        """Check the numbers of an edited draft against its facts again, and save the edit."""
        record = self.store.load_draft(draft_id)
        examples = [source["text"] for source in record.sources]
        check = self.assistant.check(text, record.facts, record.year, examples, record.bureau).to_dict()
        return self.show_draft(self.store.save_draft(replace(record, text=text, check=check)))

    def show_draft(self, r: DraftRecord):
        """The tab filled from a record: form, check and proofreading, text, sources, downloads, id, history."""
        downloads = (self.store.export(f"草稿-{r.id}.md", views.draft_markdown(r)),
                     self.store.export_document(f"草稿-{r.id}.docx", r.text, title=views.draft_title(r)))
        return (r.part, r.topic, r.bureau, r.year, r.facts, checked_fragment_html(r.text, r.check, r.notice), r.text,
                views.sources_html(r.sources), *downloads, r.id, self.history(r.id))

    def history(self, selected: str | None = None):
        choices = [(f"{d.time} · {views.part_name(d.part)} · {d.text[:24]}…", d.id) for d in self.store.list_drafts()]
        show_store_notices(self.store)
        return gr.update(choices=choices, value=selected)


def build(app, tab: DraftTab, draft_id):
    """The 起草 tab's layout and events."""
    with gr.Tab("起草"):
        with gr.Row():
            with gr.Column(scale=2):
                part = gr.Dropdown(PART_CHOICES, value="measures", label="部分")
                topic = gr.Dropdown(TOPIC_CHOICES, value="", label="主题", allow_custom_value=True, elem_id="draft-topic")
                with gr.Row():
                    bureau = gr.Textbox(label="单位", placeholder="如 示例市应急管理局")
                    year = gr.Number(None, label="报告年度", precision=0, placeholder="如 2024")
                facts = gr.Textbox(label="事实（每行一条）", lines=8, elem_id="draft-facts",
                                   placeholder="- 全年开展执法检查542家次\n- 立案93起\n- 下达行政处罚决定书78份")
                with gr.Accordion("同比（由知识库中的上年报告计算）", open=True):
                    yoy_button = gr.Button("计算同比", size="sm", elem_id="draft-yoy-button")
                    yoy = gr.CheckboxGroup([], label="勾选后写入草稿", elem_id="draft-yoy")
                    yoy_notice = gr.HTML(elem_id="draft-yoy-notice")
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
    go.click(tab.draft, [part, topic, bureau, year, facts, yoy], outputs, api_name="draft")
    yoy_button.click(tab.offers, [facts, bureau, year], [yoy, yoy_notice], api_name=False)
    recheck.click(tab.recheck, [draft_id, text], outputs, api_name=False)
    history.input(tab.reopen, history, outputs, api_name=False)
    app.load(tab.reopen, draft_id, outputs, api_name=False)
