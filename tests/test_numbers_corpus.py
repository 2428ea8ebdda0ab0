"""The number check on real paragraphs (read at run time from ../shared/corpus) and on our own.

For each paragraph the facts are built from its own stated numbers (subject + number, digits
in Arabic); the faithful paragraph must pass with zero unsupported mentions, and each planted
error (a digit, a scale, a unit, a qualifier, a Chinese numeral, a date) must be caught at
exactly the changed mention.
"""

import re
from pathlib import Path

import pytest
from conftest import corpus_files
from test_numbers_perturb import checkable, facts_for, paragraphs, perturbations

from assistant.check.facts import parse_facts
from assistant.check.numbers import check_numbers

# Our own paragraphs in the house style (invented figures), so the suite runs without the corpus.
SAMPLES = [
    "今年以来，我局共开展执法检查312次，检查生产经营单位186家，发现并督促整改一般隐患1045项，"
    "立案查处违法行为27起，作出行政处罚决定25份，罚没款合计64.3万元。",
    "围绕“安全生产月”，组织宣传咨询活动四场，发放宣传折页1.2万余份，线上答题参与约3600人次，"
    "邀请专家开展专题讲座两次，覆盖企业负责人80余名。",
    "2024年3月，我局修订完善应急预案9项，全年组织防汛、地质灾害等综合演练13场，参演人员近900人，"
    "6月18日联合区消防救援大队开展高层建筑疏散演练。",
    "全年办理行政复议案件3件、行政应诉案件2件，均无败诉；法律顾问审查合同41份、规范性文件6件，"
    "提出法律意见58条，重大执法决定法制审核率100%。",
    "深化“放管服”改革，受理行政许可申请146件，按时办结率100%，平均审批时限压缩至5个工作日，"
    "为企业节约费用约23万元，政务服务好评率99.6%。",
]


def corpus_paragraphs() -> list[tuple[str, str]]:
    """(id, paragraph) of every corpus line holding at least two stated numbers."""
    found = []
    for path in corpus_files():
        for n, paragraph in enumerate(paragraphs(path.read_text(encoding="utf-8")), 1):
            found.append((f"{path.stem[:3]}-p{n}", paragraph))
    return found


def all_paragraphs() -> list[tuple[str, str]]:
    return [(f"own-{n}", p) for n, p in enumerate(SAMPLES, 1)] + corpus_paragraphs()


def planted_cases() -> list:
    cases = []
    for pid, paragraph in all_paragraphs():
        for p in perturbations(paragraph):
            cases.append(pytest.param(paragraph, p, id=f"{pid}-{p.kind}-{p.original}->{p.changed}"))
    return cases


@pytest.mark.parametrize("with_object", [True, False], ids=["subject+object", "subject-only"])
@pytest.mark.parametrize("paragraph", [pytest.param(p, id=pid) for pid, p in all_paragraphs()])
def test_faithful_paragraph_has_no_unsupported_number(paragraph, with_object):
    result = check_numbers(paragraph, facts_for(paragraph, with_object))
    assert result.ok, [(m.quantity.text, m.reason) for m in result.unsupported]
    assert result.unused_facts == []


@pytest.mark.parametrize("paragraph, planted", planted_cases())
def test_planted_error_is_caught_at_exactly_that_mention(paragraph, planted):
    if _states_elsewhere(paragraph, planted):
        pytest.skip("the changed number is stated elsewhere in the paragraph with the same unit")
    result = check_numbers(planted.text, facts_for(paragraph))
    flagged = [(m.quantity.start, m.quantity.end) for m in result.unsupported]
    assert len(flagged) == 1, [(m.quantity.text, m.reason) for m in result.unsupported]
    start, end = flagged[0]
    assert start < planted.end and end > planted.start, (planted.changed, flagged)


def _states_elsewhere(paragraph: str, planted) -> bool:
    """True when the planted value+unit already occurs in the paragraph: then it may be true."""
    changed = next(q for q in checkable(planted.text) if q.start < planted.end and q.end > planted.start)
    return any((q.kind, q.display_value(), q.unit, q.qualifier) ==
               (changed.kind, changed.display_value(), changed.unit, changed.qualifier)
               for q in checkable(paragraph))


def test_enough_planted_cases_exist_to_mean_something():
    assert len(planted_cases()) >= 80


def test_whole_real_reports_pass_against_their_own_facts(corpus):
    for path in corpus:
        text = path.read_text(encoding="utf-8")
        result = check_numbers(text, facts_for(text))
        assert result.ok, (path.name, [(m.quantity.text, m.reason) for m in result.unsupported][:5])


def test_real_reports_are_checked_fast_enough(corpus):
    import time

    text = "\n".join(p.read_text(encoding="utf-8") for p in corpus)[:10_000]
    facts = parse_facts("\n".join(f"- {q.text}" for q in checkable(text)))
    started = time.perf_counter()
    check_numbers(text, facts)
    assert time.perf_counter() - started < 0.5  # the bench measures the real figure; this catches blow-ups


def test_pdf_style_spaces_and_line_breaks_read_the_same(corpus):
    paragraph = next(p for _, p in corpus_paragraphs() if re.search(r"[0-9] [份起名次]", p))
    spaced = re.sub(r"([0-9])([份起名次件家])", r"\1 \2", paragraph)
    assert check_numbers(spaced, facts_for(paragraph)).ok


def test_corpus_is_read_at_run_time_not_copied(corpus):
    own_text = Path(__file__).read_text(encoding="utf-8")
    for path in corpus:
        for paragraph in paragraphs(path.read_text(encoding="utf-8"))[:3]:
            assert paragraph[:30] not in own_text
