"""Model benchmark: how a model drafts this genre, measured against any OpenAI-compatible endpoint.

    .venv/bin/python bench/bench_llm.py            # the scripted "realistic mistakes" model, all fact sets
    .venv/bin/python bench/bench_llm.py --smoke    # the same, a few fact sets (CI runs this as a test)
    REPORT_LLM_BASE_URL=http://… REPORT_LLM_MODEL=… .venv/bin/python bench/bench_llm.py --endpoint

Fact sets come from every part of the real corpus (../shared/corpus, when present) and of
knowledge/ (several bureaus, all parts), as in bench_drafting.py. Each is drafted through the
model's drafter over a knowledge base of knowledge/, with the number check, the item checks and
the repair loop, exactly as `report` does. Reported: the share of drafts clean on the first try and
after repair, repair rounds, unsupported numbers and invented names left, facts left unused,
proofreading findings, time to first token and total latency (p50/p95), tokens per section; then
how long a whole report waits for a dead endpoint (hung, and refusing connections) before it is
drafted offline. The scripted model makes, in turn, the mistakes real models make: a swapped
number, a figure from the knowledge base, an invented name, a reply cut by max_tokens, a
reasoning block. Figures go to stdout and bench/results/llm.json.
"""

import argparse
import json
import re
import socket
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(REPO), str(REPO / "tests")]

from benchlib import save_results  # noqa: E402
from assistant.config import Settings  # noqa: E402
from assistant.write.drafting import Draft, DraftRequest, draft_section  # noqa: E402
from assistant.kb.index import KnowledgeBase, supported_files  # noqa: E402
from assistant.write.llm import LLMClient  # noqa: E402
from assistant.write.llm_drafter import LLMDrafter  # noqa: E402
from assistant.check.mentions import find_quantities  # noqa: E402
from assistant.check.proofread import proofread_fragment  # noqa: E402
from assistant.write.report import draft_report  # noqa: E402
from assistant.service import Assistant  # noqa: E402
from bench_drafting import requests  # noqa: E402
from fake_llm import Fault, Scripted, start_fake_llm  # noqa: E402

MISTAKES = ("none", "swapped_number", "example_figure", "invented_name", "cut_off", "reasoning")
INVENTED = "“清源护航”专项行动"
SMOKE_SETS = len(MISTAKES)
DEAD_TIMEOUT = 2.0  # seconds: the timeout of the dead-endpoint run
_NAME = re.compile(r"“([^”]{2,20})”|《([^》]{2,40})》")
REPORT_FACTS = """# 示例县应急管理局2024年度法治政府建设事实
## 主要举措和成效
### 行政执法
- 全年检查生产经营单位420家次，立案12起
### 普法宣传
- 开展“安全生产月”宣传活动12场，发放资料6000份
## 党政主要负责人履行推进法治建设第一责任人职责情况
- 主持召开专题会议3次
## 存在的不足和原因
- 基层执法力量薄弱
## 下一年度工作打算
- 深化普法宣传
"""


# --- the scripted model ------------------------------------------------------------------------------

class MistakenModel:
    """Answers drafting requests with a faithful JSON section, then spoils it with the next mistake;
    answers repair requests faithfully (a model that fixes what it is shown)."""

    def __init__(self, figures: list[str]):
        self.figures = figures
        self.drafts = 0

    def __call__(self, body: dict):
        system, human = body["messages"][0]["content"], body["messages"][-1]["content"]
        facts = re.findall(r"^(F\d+)：(.*)$", block(human, "facts"), re.M)
        part = "plans" if "不写已完成的成效" in system else "preamble" if "报告如下：”结尾" in system else "other"
        section = faithful(facts, part)
        if "核对发现的问题" in human:
            return json.dumps(section, ensure_ascii=False)
        mistake = MISTAKES[self.drafts % len(MISTAKES)]
        self.drafts += 1
        return spoil(section, mistake, self.figures[self.drafts % len(self.figures)])


def block(text: str, tag: str) -> str:
    return text.split(f"<{tag}>")[1].split(f"</{tag}>")[0] if f"<{tag}>" in text else ""


def faithful(facts: list[tuple[str, str]], part: str) -> dict:
    """One item per fact, stating it as given; a short first clause without a number heads it."""
    items = [item_of(fid, text, part) for fid, text in facts]
    subheading = {"plans": "", "preamble": ""}.get(part, "扎实推进法治建设，不断提升工作质效")
    return {"subheading": subheading, "items": items}


def item_of(fid: str, text: str, part: str) -> dict:
    first, rest = (re.split(r"[，。；：]", text, maxsplit=1) + [""])[:2]
    whole = first.count("“") == first.count("”") and first.count("《") == first.count("》")
    if part != "preamble" and whole and len(first) <= 14 and not re.search(r"\d", first) and rest.strip("，。；： "):
        return {"heading": first, "text": rest.strip("，。；： "), "fact_ids": [fid]}
    return {"heading": "", "text": text, "fact_ids": [fid]}


def spoil(section: dict, mistake: str, figure: str):
    """The section as JSON text, with one realistic mistake."""
    items = section["items"]
    numbered = [i for i in items if re.search(r"\d", i["text"])]
    if mistake == "swapped_number" and numbered:
        numbered[0]["text"] = re.sub(r"\d+", lambda m: str(int(m[0]) + 7), numbered[0]["text"], count=1)
    elif mistake == "example_figure" and items:
        items[0]["text"] += f"，累计完成{figure}"
    elif mistake == "invented_name" and items:
        items[0]["text"] += f"，组织开展{INVENTED}"
    text = json.dumps(section, ensure_ascii=False)
    if mistake == "cut_off":
        return Scripted(text[:len(text) * 3 // 5], finish_reason="length")
    if mistake == "reasoning":
        return Scripted(f"<think>范例里写的是{figure}，本局的数字要看事实。</think>\n{text}", reasoning="先逐条核对事实。")
    return text


def kb_figures(kb: KnowledgeBase) -> list[str]:
    """Figures the knowledge base's reports state (what a model copies from its examples)."""
    texts = kb.collection.get(include=["documents"])["documents"]
    found = [q.text for t in texts for q in find_quantities(t) if not q.ignore and q.kind == "number" and q.unit]
    return sorted(set(found))[:50] or ["93起"]


# --- measuring ---------------------------------------------------------------------------------------

def names_left(draft: Draft) -> int:
    """Names of the draft that neither its facts nor its examples state: the named-claim check's
    verdict where the check has one, else quoted names and 《titles》 looked up by hand."""
    if hasattr(draft.check, "unsupported_names"):
        return len(draft.check.unsupported_names)
    sources = " ".join(f.text for f in draft.request.facts) + " ".join(h.text for h in draft.sources)
    return sum(1 for m in _NAME.finditer(draft.text) if (m[1] or m[2]) not in sources)


def first_try_clean(draft: Draft) -> bool:
    return draft.repairs == 0 and draft.check.ok and not draft.review.problems


def measure(drafts: list[Draft]) -> dict:
    """The figures over a list of drafts."""
    n = len(drafts)
    clean = [d.check.ok and not d.review.problems and not names_left(d) for d in drafts]
    return {
        "drafts": n,
        "clean_first_try": round(sum(map(first_try_clean, drafts)) / n, 3),
        "clean_after_repair": round(sum(clean) / n, 3),
        "repair_rounds_mean": round(statistics.mean(d.repairs for d in drafts), 2),
        "unsupported_numbers_left": sum(len(d.check.unsupported) for d in drafts),
        "item_problems_left": sum(len(d.review.problems) for d in drafts),
        "invented_names_left": sum(map(names_left, drafts)),
        "facts_unused": sum(len(d.check.unused_facts) for d in drafts),
        "proofreading_findings": sum(len(proofread_fragment(d.text)) for d in drafts),
        **percentiles("first_token_s", [d.first_token_s for d in drafts]),
        **percentiles("total_s", [d.total_s for d in drafts]),
        "tokens_per_section_p50": statistics.median(d.tokens for d in drafts),
    }


def percentiles(name: str, values: list[float]) -> dict:
    ordered = sorted(values)
    return {f"{name}_p50": round(statistics.median(ordered), 3),
            f"{name}_p95": round(ordered[min(len(ordered) - 1, int(len(ordered) * 0.95))], 3)}


def run_drafts(settings: Settings, kb: KnowledgeBase, jobs: list[DraftRequest]) -> list[Draft]:
    drafter = LLMDrafter(LLMClient(settings), settings.llm_context_tokens, kb, settings.llm_response_format)
    return [draft_section(job, drafter, kb) for job in jobs]


def by_mistake(drafts: list[Draft]) -> dict:
    """What became of each scripted mistake: drafts clean after repair, names left, rounds it took."""
    handled: dict[str, dict] = {}
    for n, d in enumerate(drafts):
        row = handled.setdefault(MISTAKES[n % len(MISTAKES)], {"drafts": 0, "clean": 0, "names_left": 0, "repairs": 0})
        row["drafts"] += 1
        row["clean"] += d.check.ok and not d.review.problems and not names_left(d)
        row["names_left"] += names_left(d)
        row["repairs"] += d.repairs
    return handled


def dead_endpoint(kb_dir: Path, fault: str) -> dict:
    """Seconds a whole report waits before every section is drafted offline, for a dead endpoint."""
    server = None
    if fault == "hung":
        llm, server = start_fake_llm()
        llm.responder = lambda body: Fault(delay=DEAD_TIMEOUT * 3)
        url = llm.url
    else:
        with socket.socket() as probe:  # a port free a moment ago: nobody listens
            probe.bind(("127.0.0.1", 0))
            url = f"http://127.0.0.1:{probe.getsockname()[1]}/v1"
    try:
        assistant = Assistant.from_settings(Settings(kb_dir=kb_dir, llm_base_url=url, llm_timeout=DEAD_TIMEOUT))
        started = time.monotonic()
        report = draft_report(assistant, REPORT_FACTS, bureau="示例县应急管理局", year=2024)
        seconds = time.monotonic() - started
    finally:
        if server:
            server.shutdown()
    return {"timeout_s": DEAD_TIMEOUT, "report_s": round(seconds, 2), "sections": len(report.sections),
            "offline_sections": sum(s.backend == "offline" for s in report.sections)}


def run(smoke: bool = False, endpoint: bool = False) -> dict:
    """All figures: drafts against the scripted model (or the configured endpoint), then dead endpoints."""
    with tempfile.TemporaryDirectory() as tmp:
        kb_settings = Settings(kb_dir=Path(tmp) / "kb")
        kb = KnowledgeBase.from_settings(kb_settings)
        list(kb.ingest(supported_files([REPO / "knowledge"])))
        jobs = requests()
        jobs = spread(jobs, SMOKE_SETS) if smoke else jobs
        if endpoint:
            settings = Settings(kb_dir=kb_settings.kb_dir)
            if not settings.llm_base_url:
                raise SystemExit("--endpoint needs REPORT_LLM_BASE_URL (and REPORT_LLM_MODEL, REPORT_LLM_API_KEY)")
            drafts = run_drafts(settings, kb, jobs)
            return {"endpoint": settings.llm_base_url, "model": settings.llm_model, **measure(drafts)}
        llm, server = start_fake_llm()
        llm.responder = MistakenModel(kb_figures(kb))
        try:
            drafts = run_drafts(Settings(kb_dir=kb_settings.kb_dir, llm_base_url=llm.url, llm_timeout=10), kb, jobs)
        finally:
            server.shutdown()
        return {"endpoint": "scripted (realistic mistakes)", **measure(drafts), "by_mistake": by_mistake(drafts),
                "dead_endpoint": {fault: dead_endpoint(kb_settings.kb_dir, fault) for fault in ("hung", "refused")}}


def spread(jobs: list[DraftRequest], n: int) -> list[DraftRequest]:
    """n fact sets of different parts and bureaus, each stating a number, for the smoke run."""
    chosen, seen = [], set()
    for job in jobs:
        numbered = any(f.quantities for f in job.facts)
        if numbered and (job.part, job.bureau) not in seen and len(chosen) < n:
            seen.add((job.part, job.bureau))
            chosen.append(job)
    return chosen


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--smoke", action="store_true", help="a few fact sets only")
    parser.add_argument("--endpoint", action="store_true", help="the endpoint of REPORT_LLM_* instead of the scripted model")
    args = parser.parse_args()
    result = run(args.smoke, args.endpoint)
    print(json.dumps(result, ensure_ascii=False, indent=2))
    save_results("llm-smoke.json" if args.smoke else "llm.json", result)


if __name__ == "__main__":
    main()
