"""Commands that read a report file or export one."""

from pathlib import Path

import click

from assistant.cli.base import cli, kb_option
from assistant.cli.output import print_json


@cli.command()
@click.argument("file", type=click.Path(path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="输出结构树 JSON。")
@kb_option
def parse(file, as_json, kb_dir):
    """解析一份报告（.txt .md .docx .pdf），显示其部分、小节和条目。"""
    from assistant.kb.documents import load_report

    report = load_report(file)
    if as_json:
        print_json(report.to_dict())
    else:
        click.echo("\n".join(report.outline()))


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
    from assistant.write.export import export_report
    from assistant.kb.formats import read_text

    path = export_report(read_text(file), out, title=title, doc_number=doc_number,
                         addressee=addressee, signature=signature, date=date)
    click.echo(f"已导出：{path}")
