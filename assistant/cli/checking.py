"""Commands that check a draft: its numbers and names, last year's promises, proofreading."""

import sys
from pathlib import Path

import click

from assistant.cli.base import cli, kb_option, read_input, the_assistant
from assistant.cli.output import print_check_summary, print_findings, print_json, print_plan_review


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
    from assistant.check.claims import check_draft
    from assistant.errors import InputError
    from assistant.check.facts import load_facts, load_text, parse_facts

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
    from assistant.check.lastyear import review_check

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


def signed_bureau(text: str) -> str:
    """The bureau that signs a whole report (its names need no fact); "" for a fragment or unusable text."""
    from assistant.kb.documents import parse_report
    from assistant.check.mentions import MAX_INPUT_CHARS

    return parse_report(text, "draft").signature if text.strip() and len(text) <= MAX_INPUT_CHARS else ""


def read_draft(path: Path) -> str:
    """The draft's text: Word and PDF through the report reader, anything else as plain text."""
    if path.suffix.lower() in (".docx", ".pdf"):
        from assistant.kb.formats import read_text

        return read_text(path)
    from assistant.check.facts import load_text

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
    from assistant.kb.formats import read_text
    from assistant.check.proofread import proofread as proofread_text

    text = sys.stdin.read() if file == "-" else read_text(Path(file))
    findings = proofread_text(text, year)
    if as_json:
        print_json({"findings": [finding.to_dict() for finding in findings]})
    else:
        print_findings(text, findings)
    sys.exit(1 if findings else 0)
