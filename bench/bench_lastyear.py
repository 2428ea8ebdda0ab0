"""Benchmark of last year's report as a source: 同比 offers, left-over figures, plan review.

    .venv/bin/python bench/bench_lastyear.py

Three sets:
- corpus pairs: reports in ../shared/corpus (REPORT_CORPUS_DIR) of the same bureau in consecutive
  years, read at run time (none in today's corpus: the count is printed);
- corpus as last year: each real report taken as the previous report, this year's facts written from
  each of its exact figures (its words before the number, the value raised by a fifth plus one), so
  the right offer is known; the figure's own sentence left unchanged in a draft must be flagged;
- pairs we write (tests/lastyear_pairs.py), with labelled 同比, left-over figures and plan items,
  and for the plan review also knowledge/'s 2023 and 2024 reports of 示例县应急管理局.
Offers are right when they bind the fact to its own figure and compute its change; plan review is
scored as 3-way agreement and as precision/recall of 未见落实情况. Writes bench/results/lastyear.json.
"""

import sys
from collections import defaultdict
from decimal import Decimal
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(REPO), str(REPO / "tests")]

from conftest import corpus_files  # noqa: E402
from lastyear_pairs import PAIRS  # noqa: E402

from benchlib import save_results  # noqa: E402
from assistant.check.claims import check_draft  # noqa: E402
from assistant.kb.documents import parse_report  # noqa: E402
from assistant.check.facts import parse_facts  # noqa: E402
from assistant.check.lastyear import LastYear, change_clause, offer_changes, review_check  # noqa: E402
from assistant.kb.organs import bureau_identity  # noqa: E402
from assistant.check.quantity import plain_number  # noqa: E402
from assistant.check.planreview import ADDRESSED, MISSING, review_plans  # noqa: E402
from assistant.write.report import read_report_facts  # noqa: E402

RESULTS = REPO / "bench" / "results" / "lastyear.json"


def corpus_pairs(reports) -> list[tuple]:
    """(previous, current) reports of one bureau in consecutive years."""
    by_bureau = defaultdict(dict)
    for report in reports:
        if report.bureau and report.year:
            by_bureau[bureau_identity(report.bureau)][report.year] = report
    return [(years[y - 1], years[y]) for years in by_bureau.values() for y in years if y - 1 in years]


def raised(value: Decimal) -> Decimal:
    return (value * Decimal("1.2")).quantize(Decimal(1)) + 1


def corpus_as_last_year(report) -> dict:
    """Facts written from each exact figure of the report; offers and left-over flags scored."""
    last = LastYear.from_report(report)
    figures = [f for f in last.figures if not f.quantity.qualifiers and f.quantity.base_value
               and f.quantity.value == f.quantity.value.to_integral() and f.quantity.unit != "%"]
    if not figures:
        return {"facts": 0, "offers_right": 0, "offers_wrong": 0, "left_over": 0, "caught": 0}
    lines = [f"- {f.label.replace(f.quantity.text, plain_number(raised(f.quantity.value)) + f.quantity.unit)}"
             for f in figures]
    facts = parse_facts("\n".join(lines))
    expected = {fact.id: (figure, change_clause(fact.quantities[-1], figure.quantity)[0])
                for fact, figure in zip(facts, figures) if fact.quantities}
    right = wrong = 0
    for offer in offer_changes(facts, last):
        figure, clause = expected.get(offer.fact.id, (None, ""))
        ok = offer.figure.quantity.base_value == figure.quantity.base_value and offer.clause == clause
        right, wrong = right + ok, wrong + (not ok)
    caught = sum(left_over_caught(figure, facts, last) for figure in figures)
    return {"facts": len(expected), "offers_right": right, "offers_wrong": wrong,
            "left_over": len(figures), "caught": caught}


def left_over_caught(figure, facts, last) -> bool:
    """Whether last year's figure, left in its own sentence, is flagged against this year's facts."""
    draft = figure.passage
    check = review_check(check_draft(draft, facts, year=last.year + 1), draft, facts, last)
    return any(m.status == "stale" and m.quantity.text == figure.quantity.text for m in check.mentions)


def written_pairs() -> dict:
    """Offers, left-over figures and plan items of the pairs we write, against their labels."""
    totals = defaultdict(int)
    for pair in PAIRS.values():
        last = LastYear.from_report(parse_report(pair["report"], "last.txt"))
        facts = read_report_facts(pair["facts"]).facts
        offers = {c.line.split("（")[0]: c.clause for c in offer_changes(facts, last)}
        for fact, clause in pair["changes"].items():
            totals["changes"] += clause is not None
            totals["offers_right"] += clause is not None and offers.get(fact) == clause
            totals["offers_wrong"] += fact in offers and offers[fact] != clause
        for draft, label in pair["left_in"]:
            check = review_check(check_draft(draft, facts, year=pair["year"]), draft, facts, last)
            flagged = any(m.status == "stale" for m in check.mentions)
            totals["left_over"] += label is not None
            totals["caught"] += flagged and label is not None
            totals["false_flags"] += flagged and label is None
        score_plans(review_plans(facts, last).items, pair["plans"], totals)
    knowledge_pair(totals)
    return dict(totals)


# knowledge/ holds our own 2023 and 2024 reports of 示例县应急管理局: the 2024 report's items, read as
# this year's facts, do each of the 2023 plans (labelled by reading both).
KNOWLEDGE_PAIR = ("示例县应急管理局_2023年度法治政府建设工作报告.txt", "示例县应急管理局_2024年度法治政府建设工作报告.txt",
                  ["addressed"] * 5)


def knowledge_pair(totals) -> None:
    """Plan review of the knowledge/ pair: last year's plans against this year's report items."""
    from assistant.kb.documents import load_report
    from assistant.check.facts import Fact

    before, after, labels = KNOWLEDGE_PAIR
    last = LastYear.from_report(load_report(REPO / "knowledge" / before))
    report = load_report(REPO / "knowledge" / after)
    items = [i for p in report.parts if p.part not in ("plans", "closing", "shortcomings")
             for s in p.sections for i in s.items]
    facts = [Fact(f"F{n}", item.text) for n, item in enumerate(items, 1)]
    score_plans(review_plans(facts, last).items, labels, totals)


def score_plans(items, labels, totals) -> None:
    for item, label in zip(items, labels):
        totals["plans"] += 1
        totals["plans_agree"] += item.status == label
        totals["missing_labelled"] += label == MISSING
        totals["missing_said"] += item.status == MISSING
        totals["missing_both"] += item.status == MISSING and label == MISSING
        totals["addressed_labelled"] += label == ADDRESSED
        totals["addressed_said"] += item.status == ADDRESSED
        totals["addressed_both"] += item.status == ADDRESSED and label == ADDRESSED


def ratio(a: int, b: int) -> str:
    return f"{a}/{b} = {a / b:.0%}" if b else "n/a"


def main() -> None:
    files = corpus_files()
    reports = [parse_report(f.read_text(encoding="utf-8"), f.name) for f in files]
    pairs = corpus_pairs(reports)
    per_report = {r.source: corpus_as_last_year(r) for r in reports}
    corpus = {k: sum(v[k] for v in per_report.values()) for k in ("facts", "offers_right", "offers_wrong", "left_over", "caught")}
    own = written_pairs()
    print(f"corpus: {len(reports)} reports, {len(pairs)} pairs of one bureau in consecutive years")
    print(f"corpus as last year: 同比 offers right {ratio(corpus['offers_right'], corpus['facts'])}, "
          f"wrong {corpus['offers_wrong']}; left-over figures caught {ratio(corpus['caught'], corpus['left_over'])}")
    print(f"pairs we write: 同比 offers right {ratio(own['offers_right'], own['changes'])}, wrong {own['offers_wrong']}; "
          f"left-over caught {ratio(own['caught'], own['left_over'])}, false flags {own['false_flags']}")
    print(f"plan review: labels agree {ratio(own['plans_agree'], own['plans'])}; 未见落实情况 precision "
          f"{ratio(own['missing_both'], own['missing_said'])}, recall {ratio(own['missing_both'], own['missing_labelled'])}; "
          f"已落实 precision {ratio(own['addressed_both'], own['addressed_said'])}, "
          f"recall {ratio(own['addressed_both'], own['addressed_labelled'])}")
    save_results(RESULTS.name, {"corpus_pairs": len(pairs), "corpus_as_last_year": corpus, "per_report": per_report,
                                "written_pairs": own}, indent=1)


if __name__ == "__main__":
    main()
