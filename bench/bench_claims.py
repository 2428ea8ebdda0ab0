"""Benchmark of the named-claim check: precision on faithful reports, recall on planted names, speed.

    .venv/bin/python bench/bench_claims.py [--runs 30]

Reads the real reports in ../shared/corpus (REPORT_CORPUS_DIR) at run time, plus the sample
reports of knowledge/. Each report is checked against facts made of its own sentences and its own
bureau name (faithful: every flag is a false alarm). Then named claims are planted, one at a time:
  - invented: a sentence of ours naming a campaign, document, honour, organisation or place that
    the report never names, inserted after a sentence of the report;
  - altered: a name the report does state, with one character changed (全国 → 全省, 清源 → 清泉),
    written back into the report where it stood.
A plant is caught when a flag overlaps it; every other flag on the planted text is a false alarm.
Prints a table and writes bench/results/claims.json. Medians throughout.
"""

import argparse
import json
import random
import statistics
import sys
import time
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(REPO), str(REPO / "tests")]

from conftest import corpus_files  # noqa: E402

from assistant.claims import UNSUPPORTED_NAME, check_draft, check_names  # noqa: E402
from assistant.documents import load_report  # noqa: E402
from assistant.facts import parse_facts  # noqa: E402
from assistant.index import supported_files  # noqa: E402

RESULTS = REPO / "bench" / "results" / "claims.json"
# Our own invented names: two-character proper parts and the sentences that carry them.
PROPER = ["清源", "利剑", "护航", "雷霆", "春风", "明镜", "安澜", "固本", "砺剑", "净土", "繁星", "启明"]
PLACES = ["江岸", "青禾", "白沙", "龙泉", "石门", "临川", "东坡", "南屏", "柳营", "桐林", "金沙", "望江"]
TEMPLATES = {
    "quoted": ["开展“{p}行动”，排查整治一批隐患。", "推出“{p}”普法品牌，扩大宣传覆盖面。",
               "组织“{p}”专项行动，严厉打击违法行为。", "上线“{p}”小程序，方便群众咨询。"],
    "title": ["制定《{q}县安全生产举报奖励办法》。", "印发《关于推进{p}执法的实施意见》。",
              "修订《{q}区生产安全事故应急预案》。", "出台《行政执法{p}工作规程》。"],
    "honour": ["我局荣获全省法治政府建设示范单位称号。", "我局被评为全国安全生产先进集体。",
               "执法案例入选全省应急管理系统优秀案例。", "我局被授予“{p}”示范单位称号。"],
    "org": ["与{p}律师事务所签订法律顾问合同。", "邀请{p}大学教授专题授课。", "联合{p}化工有限公司开展演练。"],
    "place": ["配合{q}区开展联合执法。", "赴{q}镇开展送法上门。", "督促{q}街道整改隐患。", "在{q}村举办法治讲座。"],
}
SWAPS = {"全国": "全省", "全省": "全市", "全市": "全省", "省级": "市级", "市级": "省级"}
FILLER = "安平新华兴昌泰康宁荣盛德福瑞祥"


def load_reports() -> list[tuple[str, str, str]]:
    """(name, text, bureau) of the real reports and of the samples in knowledge/."""
    paths = corpus_files() + supported_files([REPO / "knowledge"])
    reports = []
    for path in paths:
        report = load_report(path)
        reports.append((path.name, report.text, report.bureau or ""))
    return reports


def faithful(text: str, bureau: str):
    """The report's own sentences as facts: nothing it names may be flagged."""
    facts = parse_facts(text)
    return facts, [n for n in check_names(text, facts, bureau=bureau) if n.status == UNSUPPORTED_NAME]


def invented_plants(text: str, rng: random.Random):
    """(kind, planted text, start, end) for each template, inserted after a random sentence."""
    ends = [i + 1 for i, ch in enumerate(text) if ch == "。"]
    for kind, templates in TEMPLATES.items():
        for template in templates:
            sentence = template.format(p=rng.choice(PROPER), q=rng.choice(PLACES))
            if sentence in text:
                continue
            at = rng.choice(ends)
            yield kind, text[:at] + sentence + text[at:], at, at + len(sentence)


def altered_plants(text: str, facts, bureau: str, rng: random.Random):
    """(kind, altered text, start, end) for each name the report states, one character changed."""
    for claim in check_names(text, facts, bureau=bureau):
        if claim.status == UNSUPPORTED_NAME:
            continue
        changed = _alter(claim.text, claim.kind, rng)
        if changed and changed not in text:
            yield claim.kind, text[:claim.start] + changed + text[claim.end:], claim.start, claim.start + len(changed)


def _alter(name: str, kind: str, rng: random.Random) -> str:
    """The name with one character of its proper part changed: inside the quotes, before the kind
    word of a place or organisation (区, 街道, 律师事务所), anywhere but the last of a title."""
    for old, new in SWAPS.items():
        if old in name:
            return name.replace(old, new, 1)
    proper = {"quoted": name[:name.rfind("”")], "place": name[:2], "org": name[:2]}.get(kind, name[:-2])
    positions = [i for i, ch in enumerate(proper) if "\u4e00" <= ch <= "\u9fff"]
    if not positions:
        return ""
    i = rng.choice(positions)
    return name[:i] + rng.choice([c for c in FILLER if c != name[i]]) + name[i + 1:]


def score(plants, facts, bureau: str, tally: Counter, family: str) -> None:
    for kind, planted, start, end in plants:
        flags = [n for n in check_names(planted, facts, bureau=bureau) if n.status == UNSUPPORTED_NAME]
        hit = any(n.start < end and start < n.end for n in flags)
        tally[(family, kind, "planted")] += 1
        tally[(family, kind, "caught")] += hit
        tally[(family, kind, "false")] += sum(not (n.start < end and start < n.end) for n in flags)


def timing(reports, runs: int) -> dict:
    """Median time to check the names (and names with numbers) of about 10,000 characters."""
    text = "\n".join(t for _, t, _ in reports)
    text = text[:text.rfind("\n", 0, 10_000) + 1]
    facts = parse_facts(text)
    names, whole = [], []
    for _ in range(runs):
        started = time.perf_counter()
        check_names(text, facts)
        middle = time.perf_counter()
        check_draft(text, facts)
        names.append(middle - started)
        whole.append(time.perf_counter() - middle)
    return {"chars": len(text), "names_ms": round(statistics.median(names) * 1000, 1),
            "numbers_and_names_ms": round(statistics.median(whole) * 1000, 1)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=30)
    args = parser.parse_args()
    reports, rng, tally, false_faithful = load_reports(), random.Random(7), Counter(), []
    for name, text, bureau in reports:
        facts, flags = faithful(text, bureau)
        false_faithful += [f"{name}: {n.text}" for n in flags]
        score(invented_plants(text, rng), facts, bureau, tally, "invented")
        score(altered_plants(text, facts, bureau, rng), facts, bureau, tally, "altered")
    rows = {}
    for family, kind in sorted({(f, k) for f, k, _ in tally}):
        planted, caught, false = (tally[(family, kind, w)] for w in ("planted", "caught", "false"))
        rows[f"{family}/{kind}"] = {"planted": planted, "recall": round(caught / planted, 3) if planted else None,
                                    "precision": round(caught / (caught + false), 3) if caught + false else None}
    result = {"reports": len(reports), "faithful_false_flags": len(false_faithful),
              "faithful_false_flag_examples": false_faithful[:10], "families": rows, **timing(reports, args.runs)}
    print(f"{len(reports)} reports; false flags on the faithful reports: {len(false_faithful)}")
    print(f"{'family/kind':<22}{'planted':>8}{'recall':>9}{'precision':>11}")
    for key, row in rows.items():
        print(f"{key:<22}{row['planted']:>8}{row['recall']!s:>9}{row['precision']!s:>11}")
    print(f"check of {result['chars']} characters: names {result['names_ms']} ms, "
          f"numbers and names {result['numbers_and_names_ms']} ms")
    RESULTS.parent.mkdir(exist_ok=True)
    RESULTS.write_text(json.dumps(result, ensure_ascii=False, indent=2), encoding="utf-8")


if __name__ == "__main__":
    main()
