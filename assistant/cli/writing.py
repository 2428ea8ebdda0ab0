"""Commands that draft, polish and find examples."""

import sys
from pathlib import Path

import click

from assistant.kb.taxonomy import PARTS, TOPICS
from assistant.cli.base import cli, kb_option, label_option, read_input, search_options, the_assistant, yoy_option
from assistant.cli.output import print_check_summary, print_findings, print_json, print_plan_review, print_result


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
    from assistant.write.report import draft_report, title_metadata

    facts = read_input(facts_path, "事实文件")
    bureau, year = bureau or title_metadata(facts)[0], year or title_metadata(facts)[1]
    progress = lambda n, total, name: click.echo(f"[{n + 1}/{total}] 起草：{name}", err=True)  # noqa: E731
    assistant = the_assistant(kb_dir)
    changes = chosen_changes(assistant, facts, bureau, year, yoy)
    result = draft_report(assistant, facts, bureau=bureau, year=year, on_progress=progress, changes=changes)
    if out:
        from assistant.write.export import export_report

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
