"""HTML for the app: checked drafts and reports with their proofreading, tracked changes, passages
in their reports, result lists.

Everything shown here is data (pasted text, uploaded reports), so every piece of it goes through
`esc`; a report that contains markup or "忽略以上指令" is displayed, never obeyed.
Functions take plain dicts (CheckResult.to_dict(), Finding.to_dict(), source dicts), so a draft
reopened from disk renders exactly like a fresh one.
"""

import difflib
import html

from assistant.check.proofread import KIND_NAMES
from assistant.kb.taxonomy import PARTS, TOPICS, label_of

STATUS_NAMES = {"supported": "有依据", "unsupported": "无依据", "stale": "与上年相同，请确认", "derived": "推算，请核实",
                "ignored": "非事实数字"}
TO_LOOK_AT = ("unsupported", "stale", "derived")
NAME_KINDS = {"quoted": "名称", "title": "文件名称", "honour": "荣誉", "place": "地名", "org": "机构名称"}

CSS = """
body, .gradio-container { font-family: "Noto Sans CJK SC", "Source Han Sans SC", "Microsoft YaHei", "PingFang SC", sans-serif; }
.num-supported { background: #d9f2dd; border-bottom: 2px solid #2e7d32; }
.num-unsupported { background: #fbd5d5; border-bottom: 2px solid #c62828; font-weight: 600; }
.num-derived { background: #fff0c2; border-bottom: 2px dashed #b26a00; }
.num-ignored { background: #eceff1; color: #546e7a; }
.num-stale { background: #e8d5f5; border-bottom: 2px solid #6a1b9a; font-weight: 600; }
.plan-addressed { color: #2e7d32; font-weight: 600; }
.plan-partly { color: #b26a00; font-weight: 600; }
.plan-missing { color: #c62828; font-weight: 600; }
.plan-list li { margin: 6px 0; }
.checked-text { white-space: pre-wrap; line-height: 2; font-size: 16px; padding: 12px;
                border: 1px solid #ddd; border-radius: 6px; background: #fff; color: #222; }
.legend span { margin-right: 12px; padding: 2px 6px; border-radius: 3px; }
.check-list li, .source-list li { margin: 4px 0; }
.muted { color: #666; font-size: 13px; }
.diff del { background: #fbd5d5; color: #8e0000; text-decoration: line-through; padding: 0 3px;
            border: 1px solid #e57373; border-radius: 3px; }
.diff ins { background: #d9f2dd; color: #1b5e20; text-decoration: none; padding: 0 3px;
            border: 1px solid #81c784; border-radius: 3px; }
.diff .change { margin: 0 1px; }
.diff .blank { color: #c62828; font-weight: 600; }
.diff ins .blank { color: #2e7d32; }
.report-view { white-space: pre-wrap; max-height: 560px; overflow-y: auto; padding: 12px;
               border: 1px solid #ddd; border-radius: 6px; background: #fff; color: #222; line-height: 1.8; }
.report-view mark { background: #ffe082; padding: 2px 0; }
.side-by-side { display: grid; grid-template-columns: repeat(auto-fit, minmax(260px, 1fr)); gap: 12px; }
.passage-table { border-collapse: collapse; margin: 4px 0; }
.passage-table th, .passage-table td { border: 1px solid #ccc; padding: 2px 6px; }
.side-by-side > div { border: 1px solid #ddd; border-radius: 6px; padding: 8px; background: #fff; color: #222; }
mark.finding { background: #ffe0b2; color: inherit; text-decoration: underline wavy #c62828;
               text-underline-offset: 4px; }
.findings-list li { margin: 6px 0; }
.proofread-ok { color: #2e7d32; font-weight: 600; }
.backend-banner { padding: 6px 10px; border-radius: 6px; background: #e3f2fd; color: #0d47a1; }
.app-slot:not(:has(.app-message)) { display: none; }  /* an empty message slot takes no room */
.app-message { padding: 6px 10px; border-radius: 6px; margin-top: 4px; }
.app-error { background: #fdecea; color: #b71c1c; border: 1px solid #f5c6cb; }
.app-warning { background: #fff4e5; color: #8a4b00; border: 1px solid #ffd8a8; }
.first-run-hint { padding: 8px 12px; border-radius: 6px; background: #fffde7; color: #5d4037; border: 1px solid #ffe082; }
.history-picker input { text-overflow: ellipsis; padding-right: 32px !important; }
.history-picker .wrap-inner { overflow: hidden; }
/* Gradio 6.31 titles a toast with its type in English ("Error", "Warning") whatever gr.Error(title=)
   says: the title is written in Chinese here, the count of messages kept beside it. */
.toast-title { font-size: 0 !important; }
.toast-title::before { font-size: var(--text-lg); }
.toast-title.error::before { content: "没能完成"; }
.toast-title.warning::before { content: "请注意"; }
.toast-title.info::before, .toast-title.success::before { content: "提示"; }
.toast-title .toast-count { font-size: var(--text-lg); }
"""


def esc(text) -> str:
    """Escape text for HTML, including the template characters Gradio's HTML component reads."""
    return html.escape(str(text)).replace("$", "&#36;").replace("{", "&#123;").replace("}", "&#125;")


def part_name(part_id: str) -> str:
    return _name(PARTS, part_id)


def topic_name(topic_id: str) -> str:
    return _name(TOPICS, topic_id)


def _name(labels, label_id: str) -> str:
    try:
        return label_of(labels, label_id).name
    except KeyError:
        return label_id or ""


# --- the number check ------------------------------------------------------------------

def _from_last_year(mention: dict) -> bool:
    """A mention judged against last year's report: its reason names the passage beside the formula."""
    return (mention.get("reason") or "").startswith(("由上年", "同比与上年"))


def mention_why(mention: dict) -> str:
    """Why a mention needs a look: the formula, the reason, or both when last year's report is the source."""
    if _from_last_year(mention) and mention.get("formula"):
        return f"{mention['reason']}（{mention['formula']}）"
    return mention.get("formula") or mention.get("reason") or ""


def mention_title(mention: dict) -> str:
    """The hover text of a mention: its status, then why (the fact, the formula or the reason)."""
    why = "；".join(filter(None, [mention.get("formula"), mention.get("reason")])) if _from_last_year(mention) \
        else mention.get("formula") or mention.get("reason") or ""
    fact = f"依据 {mention.get('fact_id') or ''}：{mention['fact']}" if mention.get("fact") else ""
    return "；".join(filter(None, [STATUS_NAMES.get(mention["status"], mention["status"]), why, fact]))


def is_marked(mention: dict) -> bool:
    """Whether a mention is coloured: every stated number, and an ignored one only when written in
    digits (2024年, 〔2023〕32号); 一 in 第一责任人 or 下一年度 is plainly a word, not a number to look at."""
    return mention["status"] != "ignored" or any(c.isdigit() and c.isascii() for c in mention["text"])


def name_title(name: dict) -> str:
    """The hover text of an unsupported name: what kind of name, and why."""
    return f"{NAME_KINDS.get(name['kind'], '名称')}无依据：{name.get('reason') or ''}"


def unsupported_names(check: dict) -> list[dict]:
    return [n for n in check.get("names", []) if n["status"] == "unsupported_name"]


def checked_text_html(text: str, check: dict, findings: list[dict] = ()) -> str:
    """The text with every numeric mention coloured by its status, every unsupported name coloured like
    an unsupported number and each proofreading finding underlined, all explained on hover."""
    marks = [(f["start"], f["end"], f'<mark class="finding" title="{esc(finding_title(f))}">', "</mark>")
             for f in findings if f["end"] > f["start"]]
    marks += [(n["start"], n["end"], f'<span class="num-unsupported name-unsupported" title="{esc(name_title(n))}">',
               "</span>") for n in unsupported_names(check)]
    at = 0
    for m in sorted(filter(is_marked, check.get("mentions", [])), key=lambda m: m["start"]):
        if m["start"] >= at:  # overlapping mentions cannot both be wrapped
            opening = f'<span class="num-{esc(m["status"])}" title="{esc(mention_title(m))}">'
            marks.append((m["start"], m["end"], opening, "</span>"))
            at = m["end"]
    # Cut the text wherever a mark opens or closes; each piece is wrapped in the marks covering it,
    # findings outside mentions, so a finding may span several mentions and tags always nest.
    cuts = sorted({0, len(text)} | {i for start, end, *_ in marks for i in (start, end)})
    pieces = []
    for a, b in zip(cuts, cuts[1:]):
        covering = [(opening, closing) for start, end, opening, closing in marks if start <= a and b <= end]
        pieces.append("".join(o for o, _ in covering) + esc(text[a:b]) + "".join(c for _, c in reversed(covering)))
    return f'<div class="checked-text">{"".join(pieces)}</div>'


def legend_html(check: dict) -> str:
    """One coloured label per status with how many mentions have it."""
    counts = {status: 0 for status in STATUS_NAMES}
    for m in filter(is_marked, check.get("mentions", [])):
        counts[m["status"]] = counts.get(m["status"], 0) + 1
    labels = "".join(f'<span class="num-{s}">{name} {counts[s]}</span>' for s, name in STATUS_NAMES.items())
    labels += f'<span class="num-unsupported">名称无依据 {len(unsupported_names(check))}</span>'
    verdict = "全部数字都有事实依据，名称均有出处。" if check.get("ok") else "有数字或名称缺少事实依据，请逐条核对。"
    return f'<div class="legend">{labels}</div><p class="muted">{verdict}鼠标悬停在数字或名称上可看原因。</p>'


def check_list_html(check: dict) -> str:
    """The mentions a person must look at (unsupported, derived) and the facts left out."""
    rows = [f"<li class='mention-{esc(m['status'])}'><b>{esc(m['text'])}</b>（{STATUS_NAMES[m['status']]}）：{esc(mention_why(m))}</li>"
            for m in check.get("mentions", []) if m["status"] in TO_LOOK_AT]
    unused = [f"<li>{esc(f['id'])} {esc(f['text'])}（{esc('、'.join(f['quantities']))}）</li>"
              for f in check.get("unused_facts", [])]
    names = [f"<li><b>{esc(n['text'])}</b>（{esc(NAME_KINDS.get(n['kind'], '名称'))}无依据）：{esc(n.get('reason') or '')}</li>"
             for n in unsupported_names(check)]
    parts = [f'<h4>需要核对的数字（{len(rows)}）</h4><ul class="check-list">{"".join(rows) or "<li>无</li>"}</ul>',
             f'<h4>需要核对的名称（{len(names)}）</h4><ul class="check-list">{"".join(names) or "<li>无</li>"}</ul>',
             f'<h4>未写入的事实（{len(unused)}）</h4><ul class="check-list">{"".join(unused) or "<li>无</li>"}</ul>']
    return "".join(parts)


def check_html(text: str, check: dict | None, notice: str = "", title: str = "", findings: list[dict] = ()) -> str:
    """The full check view: legend, coloured text (findings underlined), list of problems, any notice."""
    note = (f"<h4>{esc(title)}</h4>" if title else "") + (f'<p class="muted">提示：{esc(notice)}</p>' if notice else "")
    if not check:
        return note + checked_text_html(text, {}, findings) + '<p class="muted">未提供事实，未做数字核对。</p>'
    return note + legend_html(check) + checked_text_html(text, check, findings) + check_list_html(check)


# --- last year's report ----------------------------------------------------------------

def offer_choices(offers) -> list[tuple[str, str]]:
    """The offered 同比 as checkbox choices: the line and its formula, by id."""
    return [(f"{c.line}　{c.formula}", c.id) for c in offers]


def plan_review_html(review: dict | None) -> str:
    """Last year's plans, each with its status and the facts of this year that address it."""
    if not review:
        return ""
    title = f"<h4>上年（{esc(review.get('year') or '')}年）工作打算落实情况</h4>"
    notice = f"<p class='muted'>提示：{esc(review['notice'])}</p>" if review.get("notice") else ""
    if not review.get("items"):
        return "<div id='plan-review'><h4>上年工作打算落实情况</h4>" + (notice or "<p class='muted'>没有上年的工作打算。</p>") + "</div>"
    rows = "".join(plan_item_html(item) for item in review["items"])
    return f"<div id='plan-review'>{title}{notice}<ul class='plan-list'>{rows}</ul></div>"


def plan_item_html(item: dict) -> str:
    facts = "；".join(f"{esc(f['id'])} {esc(f['text'])}" for f in item["facts"])
    return (f"<li><span class='plan-{esc(item['status'])}'>{esc(item['label'])}</span> {esc(item['plan'])}"
            + (f"<br><span class='muted'>落实：{facts}</span>" if facts else "") + "</li>")


# --- proofreading ----------------------------------------------------------------------

def finding_title(finding: dict) -> str:
    """The hover text of a finding: what is wrong and what to do."""
    return f"{finding['message']}建议：{finding['suggestion']}。"


def findings_html(findings: list[dict], title: str = "校对") -> str:
    """The proofreading findings as a list: kind, the text, what is wrong, what to do."""
    if not findings:
        return f"<h4>{esc(title)}</h4><p class='proofread-ok'>未发现问题。</p>"
    items = "".join(map(finding_item, findings))
    return f"<h4>{esc(title)}：发现 {len(findings)} 处问题</h4><ul class='findings-list'>{items}</ul>"


def finding_item(finding: dict) -> str:
    quoted = f"“{esc(finding['text'])}”" if finding["text"] else ""
    return (f"<li><b>{esc(KIND_NAMES.get(finding['kind'], finding['kind']))}</b> {quoted}：{esc(finding['message'])}"
            f"<br><span class='muted'>建议：{esc(finding['suggestion'])}</span></li>")


# --- sources and search results --------------------------------------------------------

def source_heading(source: dict) -> str:
    """"示例市应急管理局 2024年 · 一、… > （二）…" for a passage."""
    year = f"{source['year']}年" if source.get("year") else "年度未识别"
    return f"{source.get('bureau') or source.get('source', '')} {year} · {source.get('heading') or source.get('heading_path', '')}"


def passage_label(source: dict, n: int) -> str:
    """A passage's label that no other passage shares: its number, bureau, year, heading path and first words."""
    words = " ".join(source.get("text", "").split())
    first = words[:16] + ("…" if len(words) > 16 else "")
    return f"{n}. {source_heading(source)} · {first}"


def passage_html(source: dict) -> str:
    """A passage's text; table rows (“月份 | 检查企业 | 立案”) as a table, the first row its header."""
    text = source.get("text", "")
    rows = [line.split(" | ") for line in text.splitlines() if line.strip()]
    if source.get("kind") != "table" or not rows:
        return esc(text)
    head = "".join(f"<th>{esc(cell)}</th>" for cell in rows[0])
    body = "".join("<tr>" + "".join(f"<td>{esc(cell)}</td>" for cell in row) + "</tr>" for row in rows[1:])
    return f"<table class='passage-table'><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def sources_html(sources: list[dict], title: str = "参考的范例段落") -> str:
    """Example passages, each with bureau, year and heading, and its text when known."""
    if not sources:
        return f"<h4>{title}</h4><p class='muted'>知识库中没有可参考的段落。</p>"
    items = "".join(f"<li><b>{n}. {esc(source_heading(s))}</b>"
                    f"<div class='muted'>{passage_html(s)}</div></li>" for n, s in enumerate(sources, 1))
    return f"<h4>{title}（{len(sources)}）</h4><ol class='source-list' style='list-style:none;padding-left:0'>{items}</ol>"


def side_by_side_html(columns: list[tuple[str, list[dict]]]) -> str:
    """The same topic in several bureaus, one column each."""
    if not columns:
        return "<p class='muted'>请选择至少一个单位。</p>"
    cells = []
    for bureau, passages in columns:
        body = "".join(f"<p><b>{esc(source_heading(p))}</b><br>{passage_html(p)}</p>" for p in passages)
        cells.append(f"<div><h4>{esc(bureau)}</h4>{body or '<p class=muted>没有找到相近的段落。</p>'}</div>")
    return f"<div class='side-by-side'>{''.join(cells)}</div>"


def report_html(text: str, start: int, end: int, title: str = "") -> str:
    """A whole source report with one passage highlighted and scrolled into view."""
    head = f"<h4>{esc(title)}</h4>" if title else ""
    return (f"{head}<div class='report-view'>{esc(text[:start])}<mark id='passage'>{esc(text[start:end])}</mark>"
            f"{esc(text[end:])}</div>")


# --- tracked changes -------------------------------------------------------------------

VISIBLE_BLANKS = {" ": "␣", "\u3000": "␣", "\u00a0": "␣", "\t": "⇥", "\n": "↵"}


def visible(text: str) -> str:
    """Escaped text with spaces, tabs and line breaks drawn as marks, so a deleted one can be seen."""
    return "".join(f"<span class='blank'>{VISIBLE_BLANKS[c]}</span>" if c in VISIBLE_BLANKS else esc(c) for c in text)


def diff_html(original: str, revised: str) -> str:
    """Character-level tracked changes: each change is one marked group (deletions struck through,
    insertions underlaid green, deleted spaces and line breaks drawn as ␣ and ↵), counted."""
    out, changes = [], 0
    matcher = difflib.SequenceMatcher(None, original, revised, autojunk=False)
    for op, a1, a2, b1, b2 in matcher.get_opcodes():
        if op == "equal":
            out.append(esc(original[a1:a2]))
            continue
        changes += 1
        deleted = f"<del>{visible(original[a1:a2])}</del>" if a2 > a1 else ""
        inserted = f"<ins>{visible(revised[b1:b2])}</ins>" if b2 > b1 else ""
        out.append(f"<span class='change' title='第 {changes} 处'>{deleted}{inserted}</span>")
    summary = f"共 {changes} 处改动（␣ 为空格，↵ 为换行）。" if changes else "没有改动。"
    return f"<p class='muted diff-count'>{summary}</p><div class='checked-text diff'>{''.join(out)}</div>"


# --- knowledge base --------------------------------------------------------------------

INGEST_STATUS = {"added": "已导入", "replaced": "已更新", "unchanged": "未变化（已在知识库中）", "error": "失败"}


def ingest_html(results: list, refused: list[tuple[str, str]] = ()) -> str:
    """One line per file (IngestResult, or a refused upload's name and reason): what happened."""
    rows = [(name, "error", 0, error) for name, error in refused]
    rows += [(r.path.name, r.status, r.chunks, r.error) for r in results]
    if not rows:
        return "<p class='muted'>没有选择文件。</p>"
    items = "".join(f"<li><b>{esc(name)}</b>：{INGEST_STATUS.get(status, status)}"
                    f"{f'，{chunks} 段' if status != 'error' else f'——{esc(error)}'}</li>"
                    for name, status, chunks, error in rows)
    return f"<ul>{items}</ul>"


def removed_html(source: str, chunks: int, was_upload: bool) -> str:
    """What removing a document did; a sample report comes back when the folder is indexed again."""
    again = "" if was_upload else "该文件仍在样例报告目录中，重新索引或重启后会再次导入；如需彻底移除，请从目录中删除该文件。"
    return f"<p>已移除 {esc(source)}（{chunks} 段）。{again}</p>"


def draft_title(record) -> str:
    """"主要举措和成效（行政执法）": a saved draft's part and, when it has one, its topic."""
    return part_name(record.part) + (f"（{topic_name(record.topic)}）" if record.topic else "")


def draft_markdown(record) -> str:
    """A saved draft as Markdown for downloading: the text, then the problems found."""
    lines = [f"# {draft_title(record)}", "", record.text, "", "## 数字核对", ""]
    problems = [m for m in record.check.get("mentions", []) if m["status"] in TO_LOOK_AT]
    lines += [f"- {m['text']}：{STATUS_NAMES[m['status']]}，{m.get('formula') or m.get('reason')}" for m in problems]
    lines += [f"- {n['text']}：{NAME_KINDS.get(n['kind'], '名称')}无依据，{n.get('reason')}" for n in unsupported_names(record.check)]
    lines += [f"- 未写入的事实：{f['text']}" for f in record.check.get("unused_facts", [])]
    lines += [f"- 条目问题：{p}" for p in record.problems]  # what the model left without its facts
    lines += ["- 全部数字和名称都有事实依据。"] if not problems and record.check.get("ok") else []
    lines += ["", "## 事实", "", record.facts]
    return "\n".join(lines) + "\n"


def backend_html(backend: str, model: str = "", endpoint: str = "") -> str:
    """Which drafter is in use, in words a 科员 reads; how to connect a model is in the help panel."""
    if backend == "llm":
        return (f"<div class='backend-banner'>当前使用大模型 {esc(model)} 起草和润色。模型服务连不上时会自动改用离线起草，"
                "并在结果上方提示。</div>")
    return ("<div class='backend-banner'>当前使用离线起草：按往年报告的写法组织您提供的事实，不连接任何大模型。"
            "需要接入本单位的大模型时，请看下方“如何接入大模型”。</div>")


MODEL_HELP = """由管理员在启动本程序前设置以下环境变量（或写在程序目录的 `.env` 文件中），然后重启：

| 变量 | 含义 | 示例 |
|---|---|---|
| `REPORT_LLM_BASE_URL` | 模型服务地址（兼容 OpenAI 接口） | `http://10.0.0.8:8000/v1` |
| `REPORT_LLM_MODEL` | 模型名称 | `qwen2.5-32b-instruct` |
| `REPORT_LLM_API_KEY` | 访问密钥（服务需要时） | |

未设置时使用离线起草，所有功能照常可用；数字核对和校对不依赖模型。"""


def message_html(text: str, kind: str = "error") -> str:
    """A message beside the button that caused it: an error to fix, or a warning about the result."""
    return f"<div class='app-message app-{esc(kind)}' role='alert'>{esc(text)}</div>"


FIRST_RUN_HINT = ("知识库里现在只有 {count} 份虚构的样例报告（{names}），检索和起草参考的都是它们。"
                  "请到“知识库”页上传本单位往年的报告（.txt .md .docx .pdf），点“导入上传的报告”后即可按本单位的写法检索和起草。")


def first_run_html(sample_names: list[str], own_count: int) -> str:
    """The hint shown while the knowledge base holds only the bundled sample reports."""
    if own_count or not sample_names:
        return ""
    names = "、".join(esc(n) for n in sample_names[:3]) + ("等" if len(sample_names) > 3 else "")
    return f"<div class='first-run-hint'>{FIRST_RUN_HINT.format(count=len(sample_names), names=names)}</div>"
