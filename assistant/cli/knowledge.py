"""Commands that build and search the knowledge base of past reports."""

import sys
from pathlib import Path

import click

from assistant.errors import AssistantError
from assistant.cli.base import cli, kb_option, knowledge_base, search_options, settings_for, supported_files
from assistant.cli.output import print_json


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
        from assistant.kb.index import lost_server

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
