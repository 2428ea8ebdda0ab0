"""The `report-assistant` command line. Each command parses options, calls the library, prints."""

import json
import sys
from pathlib import Path

import click

from .config import Settings
from .errors import AssistantError
from .organs import LEVELS, all_kinds
from .taxonomy import PARTS, TOPICS, choices, find_label

EXIT_BAD_INPUT = 2


class AssistantGroup(click.Group):
    """Turns AssistantError into a one-line Chinese message and exit code 2."""

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except AssistantError as e:
            click.echo(f"错误：{e}", err=True)
            sys.exit(EXIT_BAD_INPUT)


@click.group(cls=AssistantGroup)
def cli():
    """报告起草助手：起草、核对、检索法治政府建设年度报告。"""


def kb_option(command):
    """The --kb option every command takes (those that need no knowledge base ignore it, so that
    scripts can pass it to every command alike): which knowledge base folder to use."""
    return click.option("--kb", "kb_dir", type=click.Path(path_type=Path), default=None,
                        help="知识库目录（默认取设置 REPORT_KB_DIR）。")(command)


def print_json(data) -> None:
    click.echo(json.dumps(data, ensure_ascii=False, indent=2))


def settings_for(kb_dir: Path | None) -> Settings:
    """Settings from the environment, with the knowledge base folder overridden by --kb."""
    settings = Settings()
    return settings.model_copy(update={"kb_dir": kb_dir}) if kb_dir else settings


def knowledge_base(kb_dir: Path | None):
    from .index import KnowledgeBase

    return KnowledgeBase.from_settings(settings_for(kb_dir))


def supported_files(paths) -> list[Path]:
    from .index import supported_files as expand

    return expand(paths)


def yoy_option(command):
    """--yoy ID (repeatable, or all): the 同比 computed from last year's report to write in."""
    return click.option("--yoy", multiple=True, metavar="ID",
                        help="写入由上年报告算出的同比（编号如 Y-F3，可多次给出；all 表示全部）。")(command)


def label_option(name: str, labels, help_text: str, required: bool = False):
    """An option taking a part or topic by id or Chinese name, turned into its id."""

    def to_id(ctx, param, value):
        if value is None:
            return None
        try:
            return find_label(labels, value).id
        except KeyError:
            raise click.BadParameter(f"“{value}”不是有效值，可选：{choices(labels)}") from None

    return click.option(name, default=None, required=required, callback=to_id, help=help_text)


@cli.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--prune", is_flag=True, help="删除知识库中来自这些目录、但文件已不存在的文档。")
@click.option("--force", is_flag=True, help="看起来不是报告的文件（如网址清单）也导入。")
@kb_option
def ingest(paths, prune, force, kb_dir):
    """导入往年报告（.txt .md .docx .pdf，或包含它们的目录）。"""
    kb = knowledge_base(kb_dir)
    files = supported_files(paths)
    failed = show_ingest(kb.ingest(files, force=force), len(files))
    try:
        if prune:
            for folder in (p for p in paths if p.is_dir()):
                for source in kb.prune(folder, {f.name for f in supported_files([folder])}):
                    click.echo(f"已移除：{source}（文件已不存在）")
        click.echo(f"知识库现有 {len(kb.documents())} 份文档、{kb.count()} 个段落。")
    except Exception as e:  # the server may have gone away during the batch; the results above stand
        from .index import lost_server

        click.echo(f"错误：无法读取知识库概况：{e if isinstance(e, AssistantError) else lost_server(e)}", err=True)
        sys.exit(1)
    sys.exit(1 if failed else 0)


def show_ingest(results, total: int) -> int:
    """Show ingest results as they come, with a progress bar on stderr; returns how many failed."""
    from tqdm import tqdm

    names = {"added": "新增", "replaced": "已更新", "unchanged": "未变化", "error": "失败"}
    counts = dict.fromkeys(names, 0)
    with tqdm(total=total, unit="份", desc="导入", file=sys.stderr, disable=total < 2) as bar:
        for result in results:
            bar.update()
            counts[result.status] += 1
            if result.status == "error":
                tqdm.write(f"失败：{result.path.name}：{result.error}", file=sys.stderr)
            else:
                tqdm.write(f"{names[result.status]}：{result.path.name}（{result.chunks} 段）")
    if total > 1:
        click.echo("本次导入：" + "，".join(f"{names[s]} {n} 份" for s, n in counts.items() if n) + "。")
    return counts["error"]


def search_options(command):
    """The query and filters that search and examples share."""
    for option in reversed((
        click.argument("query"),
        label_option("--part", PARTS, "只查某一部分（id 或中文名）。"),
        label_option("--topic", TOPICS, "只查某一主题（id 或中文名）。"),
        click.option("--bureau", default=None, help="只查某一单位，如 江汉区应急管理局。"),
        click.option("--year", type=int, default=None, help="只查某一年度的报告。"),
        click.option("--level", type=click.Choice(LEVELS), default=None, help="只查某一层级单位的报告。"),
        click.option("--kind", type=click.Choice(all_kinds()), default=None, metavar="类别",
                     help="只查某一类单位的报告，如 司法行政、市场监管、人民政府、街道、乡镇。"),
        click.option("-k", "k", type=click.IntRange(1, 100), default=5, show_default=True, help="返回条数。"),
        click.option("--json", "as_json", is_flag=True, help="输出 JSON。"),
        kb_option,
    )):
        command = option(command)
    return command


@cli.command()
@search_options
def search(query, part, topic, bureau, year, level, kind, k, as_json, kb_dir):
    """在知识库中检索可参考的段落。"""
    hits = knowledge_base(kb_dir).search(query, k, part=part, topic=topic, bureau=bureau, year=year,
                                         level=level, kind=kind)
    if as_json:
        print_json([hit.to_dict() for hit in hits])
        return
    if not hits:
        click.echo("没有找到符合条件的段落。")
    for n, hit in enumerate(hits, 1):
        click.echo(f"[{n}] {hit.bureau or hit.source} {hit.year or ''}年 · {hit.heading_path}（相似度 {hit.score:.2f}）")
        click.echo(f"    {hit.text}\n")


@cli.command()
@kb_option
def demo(kb_dir):
    """从 knowledge/ 建立或更新知识库，再演示一次检索（不启动界面）。"""
    settings = settings_for(kb_dir)
    kb = knowledge_base(kb_dir)
    click.echo(f"知识库：{settings.chroma_host or settings.kb_dir}；样例报告目录：{settings.knowledge_dir}")
    folder = settings.knowledge_dir
    show_ingest(kb.sync([folder]), len(supported_files([folder])))
    click.echo(f"知识库现有 {len(kb.documents())} 份文档、{kb.count()} 个段落。\n示例检索“行政执法 案卷评查”：")
    for hit in kb.search("行政执法 案卷评查", 3):
        click.echo(f"· {hit.bureau} {hit.year or ''}年 · {hit.heading_path}\n  {hit.text[:120]}…")
    click.echo("\n更多用法：report-assistant --help")


@cli.group()
def kb():
    """管理知识库：列出或移除文档。"""


@kb.command("list")
@click.option("--json", "as_json", is_flag=True, help="输出 JSON。")
@kb_option
def kb_list(as_json, kb_dir):
    """列出知识库中的文档。"""
    documents = knowledge_base(kb_dir).documents()
    if as_json:
        print_json([vars(d) for d in documents])
        return
    if not documents:
        click.echo("知识库为空：请先用 report-assistant ingest 导入往年报告。")
    for d in documents:
        click.echo(f"{d.source}\t{d.bureau or '（单位未识别）'}\t{d.level or '—'}\t{d.organ_kind or '—'}"
                   f"\t{d.year or '—'}年\t{d.chunks} 段")


@kb.command("remove")
@click.argument("doc")
@kb_option
def kb_remove(doc, kb_dir):
    """从知识库移除一份文档（按文件名）。"""
    removed = knowledge_base(kb_dir).remove(doc)
    click.echo(f"已移除 {doc}（{removed} 段）。")


def the_assistant(kb_dir: Path | None):
    from .service import Assistant

    return Assistant.from_settings(settings_for(kb_dir))


def read_input(name: str, what: str) -> str:
    """A text argument: a file path, or - for standard input."""
    from .decoding import refuse_nul
    from .facts import load_text

    if name != "-":
        return load_text(Path(name), what)
    text = sys.stdin.read()
    refuse_nul(text, what)
    return text


def print_result(result, as_json: bool) -> None:
    """A draft, polish or examples result: JSON, or the text with its check and sources."""
    if as_json:
        print_json(result.to_dict())
        return
    click.echo(result.text)
    if getattr(result, "notice", ""):
        click.echo(f"\n提示：{result.notice}", err=True)
    print_model_summary(result)
    if getattr(result, "check", None) is not None:
        click.echo("")
        print_check_summary(result.text, result.check, None)
    sources = getattr(result, "sources", None) or getattr(result, "hits", [])
    for hit in sources:
        click.echo(f"参考：{hit.bureau or hit.source} {hit.year or ''}年 · {hit.heading_path}")


def print_model_summary(result) -> None:
    """For a model's draft: what it cost, and the items whose facts are missing or wrong."""
    if getattr(result, "backend", "") != "llm" or not hasattr(result, "review"):
        return
    click.echo(f"模型：首字 {result.first_token_s:.1f} 秒，共 {result.total_s:.1f} 秒；{result.tokens} 个词元；"
               f"修改 {result.repairs} 轮。", err=True)
    for problem in result.review.problems:
        click.echo(f"条目核对：{problem}", err=True)
    if result.review.uncited:
        click.echo(f"没有条目引用的事实：{'、'.join(result.review.uncited)}", err=True)


@cli.command()
@label_option("--part", PARTS, "要起草的部分（id 或中文名）。", required=True)
@label_option("--topic", TOPICS, "主题（id 或中文名）；不给则按事实推断。")
@click.option("--facts", "facts_path", required=True, help="事实文件（每行一条，或 Markdown / JSON），- 表示标准输入。")
@click.option("--bureau", default="", help="单位名称，如 示例市应急管理局。")
@click.option("--year", type=int, default=None, help="报告年度。")
@yoy_option
@click.option("--variant", type=click.IntRange(min=0), default=0,
              help="再来一版：第几版（0 为第一版；同一请求同一版号得到相同文字）。")
@click.option("--json", "as_json", is_flag=True, help="输出 JSON。")
@kb_option
def draft(part, topic, facts_path, bureau, year, yoy, variant, as_json, kb_dir):
    """按事实起草报告的一个部分，并核对其中的每个数字（知识库中有上年报告时一并核对同比和上年数字）。"""
    facts = read_input(facts_path, "事实文件")
    assistant = the_assistant(kb_dir)
    changes = chosen_changes(assistant, facts, bureau, year, yoy)
    result = assistant.draft(part, facts, topic=topic, bureau=bureau, year=year, changes=changes, variant=variant)
    print_result(result, as_json)
    sys.exit(0 if result.check.ok else 1)


def chosen_changes(assistant, facts: str, bureau: str, year: int | None, yoy: tuple[str, ...]) -> list[str]:
    """The ids of the offered 同比 to write in (all with --yoy all); the offers are listed on stderr."""
    offers, notice = assistant.offers(facts, bureau, year) if bureau and year else ([], "")
    if notice:
        click.echo(f"提示：{notice}", err=True)
    for change in offers:
        click.echo(f"可用同比 {change.id}：{change.line}（{change.formula}）", err=True)
    wanted = set(yoy)
    return [c.id for c in offers if "all" in wanted or c.id in wanted]


@cli.command()
@click.argument("file")
@click.option("--facts", "facts_path", default=None, help="事实文件；给出时核对润色后的数字。")
@click.option("--json", "as_json", is_flag=True, help="输出 JSON。")
@kb_option
def polish(file, facts_path, as_json, kb_dir):
    """润色一段文字（FILE，- 表示标准输入），不改动任何数字。"""
    text = read_input(file, "待润色文字")
    facts = read_input(facts_path, "事实文件") if facts_path else None
    result = the_assistant(kb_dir).polish(text, facts)
    print_result(result, as_json)
    sys.exit(0 if result.check is None or result.check.ok else 1)


@cli.command()
@search_options
def examples(query, part, topic, bureau, year, level, kind, k, as_json, kb_dir):
    """查找其他报告中的可比写法，附来源、单位、年度和标题。"""
    result = the_assistant(kb_dir).examples(query, k, part=part, topic=topic, bureau=bureau, year=year,
                                            level=level, kind=kind)
    print_result(result, as_json)
    sys.exit(0 if result.check is None or result.check.ok else 1)


@cli.command()
@click.option("--facts", "facts_path", required=True, help="整篇报告的事实文件（Markdown：## 部分、### 主题、- 事实），- 表示标准输入。")
@click.option("--bureau", default="", help="单位名称（默认取事实文件 # 标题中的单位）。")
@click.option("--year", type=int, default=None, help="报告年度（默认取事实文件 # 标题中的年份）。")
@click.option("--out", "out", type=click.Path(path_type=Path), default=None, help="另存为 .docx（公文格式）或 .md。")
@yoy_option
@click.option("--json", "as_json", is_flag=True, help="输出 JSON。")
@kb_option
def report(facts_path, bureau, year, out, yoy, as_json, kb_dir):
    """按一个事实文件起草整篇报告：各部分依次起草、统一编号，再核对数字并校对全文。"""
    from .report import draft_report, title_metadata

    facts = read_input(facts_path, "事实文件")
    bureau, year = bureau or title_metadata(facts)[0], year or title_metadata(facts)[1]
    progress = lambda n, total, name: click.echo(f"[{n + 1}/{total}] 起草：{name}", err=True)  # noqa: E731
    assistant = the_assistant(kb_dir)
    changes = chosen_changes(assistant, facts, bureau, year, yoy)
    result = draft_report(assistant, facts, bureau=bureau, year=year, on_progress=progress, changes=changes)
    if out:
        from .export import export_report

        export_report(result.text, out)
    if as_json:
        print_json(result.to_dict())
    else:
        click.echo(result.text)
        print_check_summary(result.text, result.check, year)
        print_findings(result.text, result.findings)
        print_plan_review(result.plan_review)
        click.echo(f"已导出：{out}" if out else "")
    sys.exit(0 if result.check.ok and not result.findings else 1)


@cli.command()
@click.argument("file", type=click.Path(path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="输出结构树 JSON。")
@kb_option
def parse(file, as_json, kb_dir):
    """解析一份报告（.txt .md .docx .pdf），显示其部分、小节和条目。"""
    from .documents import load_report

    report = load_report(file)
    if as_json:
        print_json(report.to_dict())
    else:
        click.echo("\n".join(report.outline()))


@cli.command()
@click.argument("draft")
@click.option("--facts", "facts_path", required=True, type=click.Path(path_type=Path),
              help="事实文件（每行一条，或 Markdown / JSON；- 表示标准输入）。")
@click.option("--year", type=int, default=None, help="报告年度，如 2024（单独出现的该年份不需事实支持）。")
@click.option("--plan-year", type=int, default=None, help="计划年度（默认报告年度 + 1）。")
@click.option("--example", "example_paths", multiple=True, type=click.Path(path_type=Path),
              help="起草时参考的范例段落文件，可多次给出；取自范例的数字会单独标明。")
@click.option("--bureau", default="", help="本单位名称，如 示例县应急管理局（其中的地名不需事实支持）。")
@click.option("--json", "as_json", is_flag=True, help="输出 JSON。")
@kb_option
def check(draft, facts_path, year, plan_year, example_paths, bureau, as_json, kb_dir):
    """核对文稿（DRAFT，- 表示标准输入）中的每个数字和名称是否都有事实依据。"""
    from .claims import check_draft
    from .errors import InputError
    from .facts import load_facts, load_text, parse_facts

    if draft == "-" and str(facts_path) == "-":
        raise InputError("文稿和事实不能都从标准输入读取：请把其中之一保存为文件。")
    text = read_input("-", "文稿") if draft == "-" else read_draft(Path(draft))
    facts = parse_facts(sys.stdin.read()) if str(facts_path) == "-" else load_facts(facts_path)
    examples = [load_text(p, "范例文件") for p in example_paths]
    bureau = bureau or signed_bureau(text)
    result = check_draft(text, facts, year=year, plan_year=plan_year, examples=examples, bureau=bureau)
    if bureau and year:
        result = with_last_year(result, text, facts, bureau, year, kb_dir)
    if as_json:
        print_json(result.to_dict())
    else:
        print_check_summary(text, result, year)
    sys.exit(0 if result.ok else 1)


def with_last_year(result, text: str, facts, bureau: str, year: int, kb_dir: Path | None):
    """The check with the bureau's previous report consulted (同比, last year's figures); a notice when absent."""
    from .lastyear import review_check

    last, notice = the_assistant(kb_dir).last_year(bureau, year)
    if notice:
        click.echo(f"提示：{notice}", err=True)
    return review_check(result, text, facts, last)


@cli.command("plan-review")
@click.option("--facts", "facts_path", required=True, help="本年度的事实文件，- 表示标准输入。")
@click.option("--bureau", required=True, help="单位名称，如 示例县应急管理局。")
@click.option("--year", type=int, required=True, help="报告年度，如 2024（核对上一年报告中的工作打算）。")
@click.option("--json", "as_json", is_flag=True, help="输出 JSON。")
@kb_option
def plan_review(facts_path, bureau, year, as_json, kb_dir):
    """逐条列出上年报告中的工作打算，以及本年度事实中落实它的内容（或“未见落实情况”）。"""
    review = the_assistant(kb_dir).plan_review(read_input(facts_path, "事实文件"), bureau, year)
    if as_json:
        print_json(review.to_dict())
    else:
        print_plan_review(review)
    sys.exit(0)


def print_plan_review(review) -> None:
    """One line per promise of last year: its status, the promise, and the facts that address it."""
    if review is None:
        return
    if review.notice:
        click.echo(f"提示：{review.notice}")
    if not review.items:
        return
    counts = "，".join(f"{label} {review.count(status)} 条" for status, label in review_labels().items())
    click.echo(f"上年（{review.year}年）工作打算 {len(review.items)} 条：{counts}。")
    for item in review.items:
        facts = "；".join(f"{f.id} {f.text}" for f in item.facts)
        click.echo(f"[{item.label}] {item.plan.text}" + (f" —— {facts}" if facts else ""))


def review_labels() -> dict:
    from .planreview import LABELS

    return LABELS


def signed_bureau(text: str) -> str:
    """The bureau that signs a whole report (its names need no fact); "" for a fragment or unusable text."""
    from .documents import parse_report
    from .mentions import MAX_INPUT_CHARS

    return parse_report(text, "draft").signature if text.strip() and len(text) <= MAX_INPUT_CHARS else ""


def print_check_summary(text: str, result, year: int | None) -> None:
    """A one-line count, then one line per number to look at, with its line and column."""
    from .numbers import DERIVED, IGNORED, STALE, SUPPORTED, UNSUPPORTED

    names = {UNSUPPORTED: "无依据", STALE: "与上年相同", SUPPORTED: "有依据", DERIVED: "推算", IGNORED: "非事实数字"}
    counts = "，".join(f"{name} {result.count(status)} 处" for status, name in names.items())
    click.echo(f"共找到 {len(result.mentions)} 处数字：{counts}；事实中未用到 {len(result.unused_facts)} 条。")
    for m in result.mentions:
        if m.status in (UNSUPPORTED, STALE, DERIVED):
            line = text.count("\n", 0, m.quantity.start) + 1
            column = m.quantity.start - text.rfind("\n", 0, m.quantity.start)
            from_last_year = m.reason.startswith(("由上年", "同比与上年"))
            why = f"{m.reason}（{m.formula}）" if m.formula and from_last_year else m.formula or m.reason
            click.echo(f"[{names[m.status]}] 第 {line} 行第 {column} 字「{m.quantity.text}」：{why}")
    for fact, quantities in result.unused_facts:
        click.echo(f"[未用到] {fact.id} {fact.text}（{'、'.join(q.text for q in quantities)}）")
    print_names(text, result)
    if year is None and result.unsupported:
        click.echo("提示：未指定 --year，单独出现的报告年份也需要事实支持。")


def print_names(text: str, result) -> None:
    """A one-line count of the named claims, then one line per name no source states."""
    if not result.names:
        return
    wrong = result.unsupported_names
    click.echo(f"共找到 {len(result.names)} 处名称：无依据 {len(wrong)} 处。")
    for n in wrong:
        line = text.count("\n", 0, n.start) + 1
        column = n.start - text.rfind("\n", 0, n.start)
        click.echo(f"[名称无依据] 第 {line} 行第 {column} 字「{n.text}」：{n.reason}")


def read_draft(path: Path) -> str:
    """The draft's text: Word and PDF through the report reader, anything else as plain text."""
    if path.suffix.lower() in (".docx", ".pdf"):
        from .formats import read_text

        return read_text(path)
    from .facts import load_text

    return load_text(path, "文稿")


@cli.command()
@click.argument("file")
@click.option("--year", type=int, default=None, help="报告年度，如 2023（默认取标题或开头中的年份）。")
@click.option("--json", "as_json", is_flag=True, help="输出 JSON：{\"findings\": [...]}。")
@kb_option
def proofread(file, year, as_json, kb_dir):
    """校对报告全文（FILE，- 表示标准输入）：规范用语、序号、年份、标点配对、重复句子、缺少部分、占位符、过期文件。

    没有问题时退出码为 0，有问题时为 1，文件无法使用时为 2。
    """
    from .formats import read_text
    from .proofread import proofread as proofread_text

    text = sys.stdin.read() if file == "-" else read_text(Path(file))
    findings = proofread_text(text, year)
    if as_json:
        print_json({"findings": [finding.to_dict() for finding in findings]})
    else:
        print_findings(text, findings)
    sys.exit(1 if findings else 0)


def print_findings(text: str, findings) -> None:
    """One line per finding: line number, kind, the text, what is wrong and what to do."""
    from .proofread import KIND_NAMES

    click.echo(f"共发现 {len(findings)} 处问题。" if findings else "未发现问题。")
    for f in findings:
        line = text.count("\n", 0, f.start) + 1
        shown = f"「{f.text}」" if f.text else "（此处）"
        click.echo(f"第 {line} 行 [{KIND_NAMES[f.kind]}] {shown}：{f.message}建议：{f.suggestion}。")


@cli.command()
@click.argument("file", type=click.Path(path_type=Path))
@click.option("--out", "out", required=True, type=click.Path(path_type=Path),
              help="输出文件：.docx（公文格式 Word）或 .md（Markdown）。")
@click.option("--title", default=None, help="标题（默认取报告中的标题）。")
@click.option("--doc-number", default="", help="发文字号，如 示应急〔2024〕5号。")
@click.option("--addressee", default="", help="主送机关，如 中共示例市委、示例市人民政府。")
@click.option("--signature", default="", help="发文机关署名（默认取报告落款）。")
@click.option("--date", "date", default="", help="成文日期，如 2024年1月15日。")
@kb_option
def export(file, out, title, doc_number, addressee, signature, date, kb_dir):
    """把报告（.txt .md .docx .pdf）导出为公文格式的 Word（.docx）或 Markdown（.md）。"""
    from .export import export_report
    from .formats import read_text

    path = export_report(read_text(file), out, title=title, doc_number=doc_number,
                         addressee=addressee, signature=signature, date=date)
    click.echo(f"已导出：{path}")


# --- accounts ----------------------------------------------------------------------------

def the_accounts():
    from .accounts import Accounts
    from .db import open_database

    return Accounts(open_database(Settings().records_database))


def read_password(name: str) -> str:
    """The new password: asked twice at a terminal, or the first line of standard input."""
    if sys.stdin.isatty():
        return click.prompt(f"“{name}”的新密码", hide_input=True, confirmation_prompt="再输入一次")
    return sys.stdin.readline().rstrip("\r\n")


@cli.group()
def user():
    """管理登录应用的账号（起草人 drafter、审核人 reviewer、管理员 admin）。"""


@user.command("add")
@click.argument("name")
@click.option("--role", required=True, type=click.Choice(["drafter", "reviewer", "admin"]), help="角色。")
def user_add(name, role):
    """新建账号；密码在终端输入两次，或从标准输入读取一行。"""
    from .accounts import ROLES

    account = the_accounts().add(name, role, read_password(name))
    click.echo(f"已新建用户“{account.name}”（{ROLES[account.role]}）。")


@user.command("list")
def user_list():
    """列出所有账号及其角色。"""
    from .accounts import ROLES

    accounts = the_accounts().all()
    click.echo("\n".join(f"{a.name}\t{a.role}\t{ROLES[a.role]}" for a in accounts) if accounts else "还没有账号。")


@user.command("remove")
@click.argument("name")
def user_remove(name):
    """删除账号（其草稿和报告保留）。"""
    the_accounts().remove(name)
    click.echo(f"已删除用户“{name}”。")


@user.command("passwd")
@click.argument("name")
def user_passwd(name):
    """修改账号的密码。"""
    accounts = the_accounts()
    accounts.require(name)
    accounts.set_password(name, read_password(name))
    click.echo(f"已修改用户“{name}”的密码。")


def main() -> None:
    cli(prog_name="report-assistant")
