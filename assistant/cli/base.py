"""The command group, the options commands share, and how a command gets its library objects."""

import sys
from pathlib import Path

import click

from assistant.config import Settings
from assistant.errors import AssistantError
from assistant.kb.organs import LEVELS, all_kinds
from assistant.kb.taxonomy import PARTS, TOPICS, choices, find_label

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


def settings_for(kb_dir: Path | None) -> Settings:
    """Settings from the environment, with the knowledge base folder overridden by --kb."""
    settings = Settings()
    return settings.model_copy(update={"kb_dir": kb_dir}) if kb_dir else settings


def knowledge_base(kb_dir: Path | None):
    from assistant.kb.index import KnowledgeBase

    return KnowledgeBase.from_settings(settings_for(kb_dir))


def supported_files(paths) -> list[Path]:
    from assistant.kb.index import supported_files as expand

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


def the_assistant(kb_dir: Path | None):
    from assistant.service import Assistant

    return Assistant.from_settings(settings_for(kb_dir))


def read_input(name: str, what: str) -> str:
    """A text argument: a file path, or - for standard input."""
    from assistant.kb.decoding import refuse_nul
    from assistant.check.facts import load_text

    if name != "-":
        return load_text(Path(name), what)
    text = sys.stdin.read()
    refuse_nul(text, what)
    return text
