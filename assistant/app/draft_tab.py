"""The 起草 tab: one section drafted from the facts, with its number check, sources and downloads."""

from dataclasses import replace

import gradio as gr

from assistant import views
from assistant.app.common import (PART_CHOICES, TOPIC_CHOICES, Tab, as_year, checked_fragment_html, friendly,
                                  show_store_notices)
from assistant.accounts import LOCAL
from assistant.store import DraftRecord

VIEW_SIZE = 12  # outputs of the tab, see DraftTab.show_draft


class DraftTab(Tab):
    """The draft's handlers: draft, re-check an edit, reopen a saved draft."""

    @friendly
    def draft(self, part, topic, bureau, year, facts, progress=gr.Progress(), request: gr.Request = None):
        """Draft a section from the facts, save it, and show it with its number check."""
        user = self.user(request)
        progress(0.2, desc="正在检索范例并起草…")
        result = self.assistant.draft(part, facts, topic=topic or None, bureau=bureau.strip(), year=as_year(year))
        return self.show_draft(self.store.save_draft(DraftRecord.from_draft(result, facts), user), user)

    @friendly
    def reopen(self, draft_id, request: gr.Request = None):
        """Reopen a saved draft of this person's (from the history list, or the browser's last one after a reload)."""
        user = self.user(request)
        record = self.store.find_draft(draft_id, user)
        return self.show_draft(record, user) if record else [gr.skip()] * (VIEW_SIZE - 1) + [self.history(user)]

    @friendly
    def recheck(self, draft_id: str, text: str, request: gr.Request = None):
        """Check the numbers of an edited draft against its facts again, and save the edit."""
        user = self.user(request)
        record = self.store.load_draft(draft_id, user)
        examples = [source["text"] for source in record.sources]
        check = self.assistant.check(text, record.facts, record.year, examples, record.bureau).to_dict()
        return self.show_draft(self.store.save_draft(replace(record, text=text, check=check), user), user)

    def show_draft(self, r: DraftRecord, user=LOCAL):
        """The tab filled from a record: form, check and proofreading, text, sources, downloads, id, history."""
        downloads = (self.store.export(f"草稿-{r.id}.md", views.draft_markdown(r)),
                     self.store.export_document(f"草稿-{r.id}.docx", r.text, title=views.draft_title(r)))
        return (r.part, r.topic, r.bureau, r.year, r.facts, checked_fragment_html(r.text, r.check, r.notice), r.text,
                views.sources_html(r.sources), *downloads, r.id, self.history(user, r.id))

    def history(self, user=LOCAL, selected: str | None = None):
        drafts = self.store.list_drafts(user=user)
        choices = [(f"{d.time} · {views.part_name(d.part)} · {d.text[:24]}…", d.id) for d in drafts]
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
    go.click(tab.draft, [part, topic, bureau, year, facts], outputs, api_name="draft")
    recheck.click(tab.recheck, [draft_id, text], outputs, api_name=False)
    history.input(tab.reopen, history, outputs, api_name=False)
    app.load(tab.reopen, draft_id, outputs, api_name=False)
