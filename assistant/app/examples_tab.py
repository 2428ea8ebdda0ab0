"""The 范例 tab: comparable passages with filters, a passage opened in its report, bureaus side by side."""

from pathlib import Path

import gradio as gr

from assistant.app import views
from assistant.app.common import ALL, PART_CHOICES, TOPIC_CHOICES, Tab, as_year, find_document, friendly
from assistant.kb.documents import load_report
from assistant.kb.organs import LEVELS, all_kinds
from assistant.records.store import new_id

SCROLL_TO_PASSAGE = "watch('value', () => element.querySelector('#passage')?.scrollIntoView({block: 'center'}));"


class ExamplesTab(Tab):
    """The examples' handlers: search, open a passage, compare bureaus."""

    @friendly
    def search(self, query, part, topic, bureau, year, level, kind, k):
        """Comparable passages with filters, and a list to open one of them in its report."""
        found = self.assistant.examples(query, int(k), **filters(part, topic, bureau, year, level, kind))
        hits = [h.to_dict() for h in found.hits]
        choices = [(views.passage_label(h, n), n - 1) for n, h in enumerate(hits, 1)]
        download = self.store.export(f"范例-{new_id()}.txt", found.text)
        return views.sources_html(hits, "检索结果"), gr.update(choices=choices, value=None), hits, download

    @friendly
    def open_passage(self, index, hits: list[dict]):
        """The whole source report of a passage, with the passage highlighted."""
        if index is None or not hits:
            return gr.skip()
        hit = hits[int(index)]
        report = load_report(Path(find_document(self.assistant.kb, hit["source"]).path))
        return views.report_html(report.text, hit["start"], hit["end"], views.source_heading(hit))

    @friendly
    def compare(self, query: str, part, topic: str, year, level, kind, bureaus: list[str]):
        """The same topic in several bureaus side by side, under every filter set above."""
        query = query.strip() or views.topic_name(topic) or "法治政府建设"
        return views.side_by_side_html([(b, [h.to_dict() for h in self.assistant.examples(
            query, 2, **filters(part, topic, b, year, level, kind)).hits]) for b in bureaus or []])


def filters(part, topic, bureau, year, level, kind) -> dict:
    """The search filters from the dropdowns, “全部” (an empty value) leaving one out."""
    return {"part": part or None, "topic": topic or None, "bureau": bureau or None, "year": as_year(year),
            "level": level or None, "kind": kind or None}


def build(tab: ExamplesTab):
    """The 范例 tab's layout and events; returns the filters and the hint the knowledge base tab keeps up to date."""
    with gr.Tab("范例"):
        hint = gr.HTML(elem_id="examples-hint")
        with gr.Row():
            query = gr.Textbox(label="检索内容", placeholder="如：行政复议 案卷评查", scale=3, elem_id="examples-query")
            k = gr.Slider(1, 20, value=5, step=1, label="条数", scale=1)
        with gr.Row():
            part = gr.Dropdown(ALL + PART_CHOICES, value="", label="部分")
            topic = gr.Dropdown(ALL + TOPIC_CHOICES[1:], value="", label="主题")
            bureau = gr.Dropdown(ALL, value="", label="单位")
            year = gr.Dropdown(ALL, value="", label="年度")
            level = gr.Dropdown(ALL + [(name, name) for name in LEVELS], value="", label="层级")
            kind = gr.Dropdown(ALL + [(name, name) for name in all_kinds()], value="", label="单位类别")
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
            bureaus = gr.CheckboxGroup([], label="单位（按上方检索内容和全部筛选条件）", elem_id="examples-bureaus")
            compare = gr.Button("并排对照", elem_id="examples-compare-button")
            columns = gr.HTML(elem_id="examples-compare")
    inputs, shown = [query, part, topic, bureau, year, level, kind, k], [results, pick, hits, download]
    go.click(tab.search, inputs, shown, api_name="examples")
    query.submit(tab.search, inputs, shown, api_name=False)
    pick.input(tab.open_passage, [pick, hits], report, api_name=False)
    compare.click(tab.compare, [query, part, topic, year, level, kind, bureaus], columns, api_name=False)
    return bureau, bureaus, year, hint
