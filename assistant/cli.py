"""The `report-assistant` command line. Each command parses options, calls the library, prints."""

import json
import sys
from pathlib import Path

import click

from .config import Settings
from .errors import AssistantError

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
    """The --kb option every command takes: which knowledge base folder to use."""
    return click.option("--kb", "kb_dir", type=click.Path(path_type=Path), default=None,
                        help="知识库目录（默认取设置 REPORT_KB_DIR）。")(command)


def print_json(data) -> None:
    click.echo(json.dumps(data, ensure_ascii=False, indent=2))


def settings_for(kb_dir: Path | None) -> Settings:
    """Settings from the environment, with the knowledge base folder overridden by --kb."""
    settings = Settings()
    return settings.model_copy(update={"kb_dir": kb_dir}) if kb_dir else settings


def main() -> None:
    cli(prog_name="report-assistant")
