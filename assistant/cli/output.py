"""How results are printed: JSON, or Chinese lines for a person at a terminal."""

import json

import click


def print_json(data) -> None:
    click.echo(json.dumps(data, ensure_ascii=False, indent=2))


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
    from assistant.check.planreview import LABELS

    return LABELS


def print_check_summary(text: str, result, year: int | None) -> None:
    """A one-line count, then one line per number to look at, with its line and column."""
    from assistant.check.verdicts import DERIVED, IGNORED, STALE, SUPPORTED, UNSUPPORTED

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


def print_findings(text: str, findings) -> None:
    """One line per finding: line number, kind, the text, what is wrong and what to do."""
    from assistant.check.proofread import KIND_NAMES

    click.echo(f"共发现 {len(findings)} 处问题。" if findings else "未发现问题。")
    for f in findings:
        line = text.count("\n", 0, f.start) + 1
        shown = f"「{f.text}」" if f.text else "（此处）"
        click.echo(f"第 {line} 行 [{KIND_NAMES[f.kind]}] {shown}：{f.message}建议：{f.suggestion}。")
