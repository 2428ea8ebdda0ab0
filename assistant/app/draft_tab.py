"""The 起草 tab: one section drafted from the facts, with its number check, sources and downloads.

An edit of the draft is checked and saved as it is typed; a download is always of the text on
screen (saved and checked first), and a Word file with unsupported numbers marks them."""

from dataclasses import replace

import gradio as gr

from assistant.app import views
from assistant.check.annotate import flag_unsupported
from assistant.app.common import (PART_CHOICES, TOPIC_CHOICES, Tab, as_year, click_download, flag_note,
                                  fragment_findings, friendly, offers_update, reported, show_store_notices,
                                  year_box)
from assistant.errors import InputError
from assistant.records.accounts import LOCAL
from assistant.write.llm_drafter import CUT_OFF
from assistant.records.store import DraftRecord

VIEW_SIZE = 12  # outputs of the tab, see DraftTab.show_draft
# The drafter's review is worded for the model it is sent back to; a person reads these instead.
FOR_A_PERSON = {CUT_OFF: "模型的回复因长度上限被截断，正文可能不完整：请检查结尾，或分几次起草。"}
SAME_VERSION = ("离线起草按规则改写事实，对这些事实已没有别的小标题、分组或开头可换，这一版与上一版相同；"
                "配置大模型后可得到更自由的改写。")


class DraftTab(Tab):
    """The draft's handlers: draft, save and re-check an edit, download, reopen a saved draft."""

    @reported(VIEW_SIZE)
    def draft(self, part, topic, bureau, year, facts, yoy=(), progress=gr.Progress(), request: gr.Request = None):
        """Draft a section from the facts (with the ticked 同比), save it, and show it with its number check."""
        user = self.user(request)
        record = self.drafted(part, topic, bureau, year, facts, yoy, 0, progress)
        return self.show_draft(self.store.save_draft(record, user), user)

    @reported(VIEW_SIZE)
    def redraft(self, draft_id, part, topic, bureau, year, facts, yoy=(), progress=gr.Progress(),
                request: gr.Request = None):
        """再来一版: the request on screen drafted as the next version of the draft shown, saved as a new draft."""
        user = self.user(request)
        shown = self.store.find_draft(draft_id, user)
        variant = next_variant(shown, part, topic, bureau, as_year(year), facts)
        record = self.drafted(part, topic, bureau, year, facts, yoy, variant, progress)
        if shown and record.backend == "offline" and record.text == shown.text:
            record.notice = SAME_VERSION  # the rules ran out of other headings and openers for these facts
        return self.show_draft(self.store.save_draft(record, user), user)

    def drafted(self, part, topic, bureau, year, facts, yoy, variant: int, progress) -> DraftRecord:
        """One version of a section drafted from the form, as a record not yet saved."""
        progress(0.2, desc="正在检索范例并起草…")
        result = self.assistant.draft(part, facts, topic=topic or None, bureau=bureau.strip(), year=as_year(year),
                                      changes=list(yoy or ()), variant=variant)
        return DraftRecord.from_draft(result, facts)

    @friendly
    def offers(self, facts, bureau, year):
        """The 同比 the bureau's previous report allows for these facts, to tick."""
        return offers_update(self.assistant, facts, bureau.strip(), as_year(year))

    def reopen(self, draft_id, request: gr.Request = None):
        """Reopen a saved draft of this person's (from the history list, or the browser's last one after a reload)."""
        user = self.user(request)
        record = self.store.find_draft(draft_id, user)
        return self.show_draft(record, user) if record else [gr.skip()] * (VIEW_SIZE - 1) + [self.history(user)]

    @reported(VIEW_SIZE)
    def recheck(self, draft_id: str, text: str, request: gr.Request = None):
        """Check the numbers of an edited draft against its facts again, and save the edit."""
        user = self.user(request)
        return self.show_draft(self.edited(draft_id, text, user), user)

    def autosave(self, draft_id: str, text: str, request: gr.Request = None):
        """Save and check the text as it is typed (nothing to save before a first draft)."""
        user = self.user(request)
        if self.store.find_draft(draft_id, user) is None or not (text or "").strip():
            return gr.skip()  # nothing drafted yet, or the box is being cleared to paste anew
        record = self.edited(draft_id, text, user)
        return result_html(record)

    @reported(2, download=True)
    def download_markdown(self, draft_id: str, text: str, request: gr.Request = None):
        """The text on screen, saved and checked, as Markdown with the problems found."""
        user = self.user(request)
        record = self.edited(draft_id, text, user)
        path = self.store.export(f"草稿-{record.id}.md", views.draft_markdown(record))
        self.store.record_event(user, "exported", "drafts", record.id, path.name)
        return path, result_html(record), flag_note(record.check)

    @reported(2, download=True)
    def download_word(self, draft_id: str, text: str, request: gr.Request = None):
        """The text on screen, saved and checked, as Word; numbers without a fact are marked in it."""
        user = self.user(request)
        record = self.edited(draft_id, text, user)
        path = self.store.export_document(f"草稿-{record.id}.docx", record.text, title=views.draft_title(record))
        self.store.record_event(user, "exported", "drafts", record.id, path.name)
        flag_unsupported(path, record.check)
        return path, result_html(record), flag_note(record.check)

    def edited(self, draft_id: str, text: str, user=LOCAL) -> DraftRecord:
        """The saved draft with the text on screen, checked against its facts again when it changed."""
        record = self.store.load_draft(draft_id, user)
        if text is None or text == record.text:
            return record
        if not text.strip():
            raise InputError("草稿正文是空的：请先起草，或把正文粘贴回“草稿正文”。")
        examples = [source["text"] for source in record.sources]
        check = self.assistant.check(text, record.facts, record.year, examples, record.bureau).to_dict()
        return self.store.save_draft(replace(record, text=text, check=check), user)

    def show_draft(self, r: DraftRecord, user=LOCAL):
        """The tab filled from a record: form, check and proofreading, text, sources, id, history; the
        download files are emptied, since a download is made from the text on screen when clicked."""
        return (r.part, r.topic, r.bureau, r.year, r.facts, result_html(r), r.text,
                views.sources_html(r.sources), None, None, r.id, self.history(user, r.id))

    def history(self, user=LOCAL, selected: str | None = None):
        drafts = self.store.list_drafts(user=user)
        choices = [(f"{d.time} · {views.part_name(d.part)}{version(d)} · {d.text[:24]}…", d.id) for d in drafts]
        show_store_notices(self.store)
        return gr.update(choices=choices, value=selected)


def result_html(r: DraftRecord) -> str:
    """A draft's number check, then what the drafter found in its own items, then its proofreading."""
    findings = fragment_findings(r.text)
    title = f"第 {r.variant + 1} 版" if r.variant else ""
    return views.check_html(r.text, r.check, r.notice, title, findings) + review_html(r.problems) + \
        views.findings_html(findings)


def version(r: DraftRecord) -> str:
    """"（第2版）" for a version drafted by 再来一版, nothing for a first draft."""
    return f"（第{r.variant + 1}版）" if r.variant else ""


def review_html(problems: list[str]) -> str:
    """The items the model left without their facts after its rounds of repair (Draft.review), to look at."""
    if not problems:
        return ""
    items = "".join(f"<li>{views.esc(FOR_A_PERSON.get(p, p))}</li>" for p in problems)
    return (f"<div id='draft-review'><h4>条目核对：发现 {len(problems)} 处问题</h4><p class='muted'>模型起草的这些条目"
            f"没有对上所给的事实，修改后仍未解决：请对照事实核实，或删去该条。</p><ul class='findings-list'>{items}</ul></div>")


def next_variant(shown: DraftRecord | None, part, topic, bureau: str, year: int | None, facts: str) -> int:
    """The version after the draft shown while the form still asks what it asked; else a new request's second."""
    asked = (part, bureau.strip(), year, facts.strip())
    if shown is None or asked != (shown.part, shown.bureau, shown.year, shown.facts.strip()):
        return 1
    return shown.variant + 1 if topic in ("", None, shown.topic) else 1


def build(app, tab: DraftTab, draft_id):
    """The 起草 tab's layout and events."""
    with gr.Tab("起草"):
        with gr.Row():
            with gr.Column(scale=2):
                part = gr.Dropdown(PART_CHOICES, value="measures", label="部分")
                topic = gr.Dropdown(TOPIC_CHOICES, value="", label="主题", allow_custom_value=True, elem_id="draft-topic")
                with gr.Row():
                    bureau = gr.Textbox(label="单位", placeholder="如 示例市应急管理局")
                    year = year_box("报告年度", "如 2024", "draft-year")
                facts = gr.Textbox(label="事实（每行一条）", lines=8, elem_id="draft-facts",
                                   placeholder="- 全年开展执法检查542家次\n- 立案93起\n- 下达行政处罚决定书78份")
                with gr.Accordion("同比（由知识库中的上年报告计算）", open=True):
                    yoy_button = gr.Button("计算同比", size="sm", elem_id="draft-yoy-button")
                    yoy = gr.CheckboxGroup([], label="勾选后写入草稿", elem_id="draft-yoy")
                    yoy_notice = gr.HTML(elem_id="draft-yoy-notice")
                with gr.Row():
                    go = gr.Button("起草", variant="primary", elem_id="draft-button", scale=2)
                    again = gr.Button("再来一版", elem_id="draft-again", scale=1)
                message = gr.HTML(elem_id="draft-message", elem_classes="app-slot")
                history = gr.Dropdown([], label="历史草稿（重新打开）", elem_id="draft-history",
                                      elem_classes="history-picker")
            with gr.Column(scale=3):
                check = gr.HTML("<p class='muted'>起草结果和数字核对会显示在这里。</p>", elem_id="draft-check")
                text = gr.Textbox(label="草稿正文（可复制、可修改；修改随时保存并重新核对）", lines=8, buttons=["copy"],
                                  elem_id="draft-text")
                with gr.Row():
                    recheck = gr.Button("核对修改后的正文", size="sm", elem_id="draft-recheck")
                    download = gr.Button("下载草稿（Markdown）", size="sm", elem_id="draft-download")
                    docx = gr.Button("下载 Word", size="sm", elem_id="draft-docx")
                download_file = gr.DownloadButton(visible="hidden", elem_id="draft-download-file")
                docx_file = gr.DownloadButton(visible="hidden", elem_id="draft-docx-file")
                download_message = gr.HTML(elem_id="draft-download-message", elem_classes="app-slot")
                sources = gr.HTML(elem_id="draft-sources")
    outputs = [part, topic, bureau, year, facts, check, text, sources, download_file, docx_file, draft_id, history]
    go.click(tab.draft, [part, topic, bureau, year, facts, yoy], outputs + [message], api_name="draft",
             show_progress_on=check)
    again.click(tab.redraft, [draft_id, part, topic, bureau, year, facts, yoy], outputs + [message],
                api_name="redraft", show_progress_on=check)
    yoy_button.click(tab.offers, [facts, bureau, year], [yoy, yoy_notice], api_name=False)
    recheck.click(tab.recheck, [draft_id, text], outputs + [download_message], api_name=False, show_progress_on=check)
    text.input(tab.autosave, [draft_id, text], check, api_name=False, trigger_mode="always_last", show_progress="hidden")
    for button, handler, file in ((download, tab.download_markdown, download_file), (docx, tab.download_word, docx_file)):
        button.click(handler, [draft_id, text], [file, check, download_message], api_name=False,
                     show_progress="hidden").success(None, js=click_download(file.elem_id))
    history.input(tab.reopen, history, outputs, api_name=False)
    app.load(tab.reopen, draft_id, outputs, api_name=False)
