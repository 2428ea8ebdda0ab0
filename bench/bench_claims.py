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
import random
import re
import statistics
import sys
import time
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(REPO), str(REPO / "tests")]

from conftest import corpus_files  # noqa: E402

from benchlib import save_results  # noqa: E402
from assistant.check.claims import UNSUPPORTED_NAME, check_draft, check_names  # noqa: E402
from assistant.kb.documents import load_report  # noqa: E402
from assistant.check.facts import parse_facts  # noqa: E402
from assistant.kb.index import supported_files  # noqa: E402

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


# Faithful sections written from terse, differently worded facts (our own text, several kinds of
# bureau), each with one embellishment a model might add: (bureau, facts, faithful draft, embellished).
REWORDED = [
    ("示例区司法局", "- 法律援助案件326件\n- 建成公共法律服务工作站12个\n- “法律明白人”培训6期",
     "今年以来，区司法局全区建成公共法律服务工作站12个，办理法律援助案件326件。坚持和发展新时代“枫桥经验”，"
     "扎实开展“法律明白人”培养工程，举办培训6期。",
     "我局被评为全省公共法律服务先进集体。"),
    ("示例市市场监督管理局", "- 食品安全案件85起\n- 双随机抽查企业2300户\n- 推行首违不罚清单",
     "全年查办食品安全案件85起。深入推进“双随机、一公开”监管，抽查企业2300户。全面推行包容审慎监管，"
     "落实“首违不罚”清单制度，深化民生领域“铁拳”行动。",
     "推出“市监护航”服务品牌，护航企业发展。"),
    ("示例县生态环境局", "- 环境违法案件40起，罚款320万元\n- 开展清废行动\n- 环保设施开放活动4次",
     "我局始终保持环境执法高压态势，全年办理环境违法案件40起，罚款320万元。深入开展“清废行动”，"
     "组织环保设施向公众开放活动4次，深入打好蓝天、碧水、净土保卫战。",
     "印发《示例县生态环境违法行为有奖举报办法》。"),
    ("示例街道办事处", "- 调处矛盾纠纷230件\n- 各社区配备法律顾问\n- 民法典宣传进社区8场",
     "街道党工委高度重视法治建设，全年调处矛盾纠纷230件，各社区均配备法律顾问。开展民法典宣传进社区活动8场，"
     "推动“民法典”走到群众身边，打通服务群众“最后一公里”。",
     "联合明德律师事务所开展法律咨询。"),
    ("示例县人民政府", "- 常务会议学法4次\n- 制定重大行政决策事项目录\n- 行政复议案件45件",
     "县政府常务会议坚持会前学法制度，全年学法4次。严格落实重大行政决策程序，制定并公布重大行政决策事项目录。"
     "发挥行政复议化解行政争议主渠道作用，办理行政复议案件45件。",
     "配合青禾镇开展重大决策社会稳定风险评估。"),
    ("示例区教育局", "- 法治副校长配备率100%\n- 学生法治教育课每学期2课时\n- 开展宪法晨读活动",
     "全区中小学法治副校长配备率100%，法治教育课每学期安排2课时。在“12·4”国家宪法日组织开展宪法晨读活动，"
     "推动宪法精神进校园。",
     "成功创建全国青少年普法教育示范区。"),
    ("示例市卫生健康委员会", "- 医疗机构监督检查560家次\n- 行政处罚案件32起\n- 开展打击非法行医专项行动",
     "全年监督检查医疗机构560家次，立案查处行政处罚案件32起。开展打击非法行医专项行动，规范医疗服务秩序，"
     "落实“谁执法谁普法”普法责任制。",
     "在《健康报》刊发经验文章。"),
    ("示例县农业农村局", "- 农资检查门店210家次\n- 查办农资案件9起\n- 开展放心农资下乡进村宣传",
     "今年以来，我局检查农资经营门店210家次，查办农资案件9起。开展放心农资下乡进村宣传，深入各乡镇和行政村"
     "普及农业法律知识。",
     "深入示范区五里村开展送法下乡。"),
    ("示例区人力资源和社会保障局", "- 追讨欠薪1860万元\n- 劳动人事争议案件结案率96%\n- 根治欠薪冬季专项行动",
     "全年为劳动者追讨欠薪1860万元，劳动人事争议案件结案率96%。扎实开展根治欠薪冬季专项行动，"
     "保障劳动者合法权益。",
     "上线“薪安码”欠薪线索小程序。"),
    ("示例县财政局", "- 规范性文件合法性审查3件\n- 政府采购投诉处理2件\n- 聘请常年法律顾问",
     "我局严格落实规范性文件合法性审查，全年审查3件；依法处理政府采购投诉2件。聘请常年法律顾问，"
     "为重大决策提供法律意见。",
     "聘请恒信律师事务所担任常年法律顾问。"),
]


def reworded(tally: Counter) -> list[str]:
    """False flags on the faithful reworded sections, and whether each embellishment is caught."""
    false = []
    for bureau, facts, draft, added in REWORDED:
        parsed = parse_facts(facts)
        flags = [n for n in check_names(draft, parsed, bureau=bureau) if n.status == UNSUPPORTED_NAME]
        false += [f"{bureau}: {n.text}" for n in flags]
        embellished = [n for n in check_names(draft + added, parsed, bureau=bureau) if n.status == UNSUPPORTED_NAME]
        tally[("reworded", "embellished", "planted")] += 1
        tally[("reworded", "embellished", "caught")] += any(n.start >= len(draft) for n in embellished)
        tally[("reworded", "embellished", "false")] += sum(n.start < len(draft) for n in embellished)
    return false


def load_reports() -> list[tuple[str, str, str]]:
    """(name, text, bureau) of the real reports and of the samples in knowledge/."""
    paths = corpus_files() + supported_files([REPO / "knowledge"])
    reports = []
    for path in paths:
        report = load_report(path)
        reports.append((path.name, report.text, report.bureau or ""))
    return reports


def faithful(text: str, bureau: str):
    """The report's own sentences (headings included) as facts: nothing it names may be flagged."""
    facts = parse_facts(re.sub(r"^#+\s*", "", text, flags=re.M))
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
    """Median CPU time to check the names (and names with numbers) of about 10,000 characters: CPU
    time, because the machines are shared and wall time follows the load of the others."""
    text = "\n".join(t for _, t, _ in reports)
    text = text[:text.rfind("\n", 0, 10_000) + 1]
    facts = parse_facts(text)
    names, whole = [], []
    for _ in range(runs):
        started = time.process_time()
        check_names(text, facts)
        middle = time.process_time()
        check_draft(text, facts)
        names.append(middle - started)
        whole.append(time.process_time() - middle)
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
    false_reworded = reworded(tally)
    rows = {}
    for family, kind in sorted({(f, k) for f, k, _ in tally}):
        planted, caught, false = (tally[(family, kind, w)] for w in ("planted", "caught", "false"))
        rows[f"{family}/{kind}"] = {"planted": planted, "recall": round(caught / planted, 3) if planted else None,
                                    "precision": round(caught / (caught + false), 3) if caught + false else None}
    result = {"reports": len(reports), "faithful_false_flags": len(false_faithful),
              "faithful_false_flag_examples": false_faithful[:10], "reworded_sections": len(REWORDED),
              "reworded_false_flags": false_reworded, "families": rows, **timing(reports, args.runs)}
    print(f"{len(reports)} reports; false flags on the faithful reports: {len(false_faithful)}")
    print(f"{len(REWORDED)} faithful sections from reworded facts; false flags: {false_reworded or 0}")
    print(f"{'family/kind':<22}{'planted':>8}{'recall':>9}{'precision':>11}")
    for key, row in rows.items():
        print(f"{key:<22}{row['planted']:>8}{row['recall']!s:>9}{row['precision']!s:>11}")
    print(f"check of {result['chars']} characters (CPU time): names {result['names_ms']} ms, "
          f"numbers and names {result['numbers_and_names_ms']} ms")
    save_results(RESULTS.name, result)


if __name__ == "__main__":
    main()
