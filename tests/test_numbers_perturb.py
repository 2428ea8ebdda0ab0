"""Planted errors for the number check: facts built from a paragraph, and one-number perturbations.

Shared by tests/test_numbers_corpus.py and bench/bench_numbers.py; the tests below check that
each perturbation really changes the claim it targets.
"""

import re
from dataclasses import dataclass

import pytest

from assistant.check.facts import Fact, parse_facts
from assistant.check.mentions import Quantity, find_quantities

# Never within a synonym group of assistant/data/units.yaml (起/件, 家/个, 人/名/位): those are equal.
UNIT_SWAPS = {"起": "份", "份": "件", "件": "份", "家": "户", "个": "项", "次": "场", "场": "次",
              "人": "人次", "名": "人次", "人次": "人", "家次": "家", "个次": "个", "本": "册", "册": "本",
              "期": "次", "项": "个", "%": "个百分点", "条": "项", "篇": "份", "张": "份", "台": "个",
              "处": "个"}
CN_NEXT = {"一": "二", "二": "三", "两": "三", "三": "四", "四": "五", "五": "六", "六": "七",
           "七": "八", "八": "九", "九": "八", "十": "九"}
KINDS = ("digit", "first_digit", "scale", "unit", "qualifier", "chinese", "date")


@dataclass(frozen=True)
class Perturbation:
    """A paragraph with one number changed, and the span where the change now sits."""

    kind: str
    text: str
    start: int
    end: int
    original: str
    changed: str


def checkable(text: str) -> list[Quantity]:
    """Quantities of `text` that state a fact (not ordinals, titles, slogans …)."""
    return [q for q in find_quantities(text) if not q.ignore]


def paragraphs(text: str, min_quantities: int = 2) -> list[str]:
    """Lines of a report holding at least `min_quantities` stated numbers."""
    lines = (line.strip() for line in text.splitlines())
    return [line for line in lines if len(checkable(line)) >= min_quantities]


def fact_lines(paragraph: str, with_object: bool = True) -> list[str]:
    """One fact line per stated number: the words before it (and after, with_object), Arabic digits."""
    lines = []
    for q in checkable(paragraph):
        before, _, after = q.subject.partition("|")
        lines.append(f"- {before}{arabic(q)}{after if with_object else ''}")
    return lines


def facts_for(paragraph: str, with_object: bool = True) -> list[Fact]:
    return parse_facts("\n".join(fact_lines(paragraph, with_object)))


def arabic(q: Quantity) -> str:
    """The mention as a bureau would type it in a facts list: no spaces, Arabic digits."""
    text = re.sub(r"\s+", "", q.text)
    if q.kind == "number" and q.unit and re.fullmatch(r"[0-9.,]+", text):
        return f"{q.display_value()}{q.unit}"  # a table cell: the unit came from its column header
    if q.kind in ("number", "rank") and re.search(r"[一二两三四五六七八九十百]", text) and "百分之" not in text:
        numeral = re.match(r"(?:约|近|超过)?([零〇一二两三四五六七八九十百千万亿点]+)", text)
        if numeral and q.value is not None and "点" not in numeral[1] and not numeral[1].endswith(("万", "亿")):
            text = text.replace(numeral[1], str(int(q.value)), 1)
    return text


def perturbations(paragraph: str) -> list[Perturbation]:
    """Every applicable single-number change of every stated number of the paragraph."""
    found = []
    for q in checkable(paragraph):
        for kind in KINDS:
            changed = CHANGES[kind](q)
            if changed and changed != q.text:
                text = paragraph[:q.start] + changed + paragraph[q.end:]
                found.append(Perturbation(kind, text, q.start, q.start + len(changed), q.text, changed))
    return found


def _last_digit(q: Quantity) -> str | None:
    if q.kind not in ("number", "range", "rank"):
        return None
    return _bump_digit(q.text, reversed(range(len(q.text))), skip_zero=True)


def _first_digit(q: Quantity) -> str | None:
    digits = re.findall(r"[0-9]", q.text)
    if q.kind != "number" or len(digits) < 3:
        return None
    return _bump_digit(q.text, range(len(q.text)), skip_zero=True)


def _bump_digit(text: str, positions, skip_zero: bool) -> str | None:
    for i in positions:
        if text[i].isdigit() and not (skip_zero and text[i] == "0"):
            digit = int(text[i])
            return text[:i] + str(digit + 1 if digit < 9 else digit - 1) + text[i + 1:]
    return None


def _scale(q: Quantity) -> str | None:
    if q.kind != "number" or not re.search(r"[0-9]\s*(?:余\s*)?[万千亿]", q.text):
        return None
    swap = {"万": "千", "千": "万", "亿": "万"}
    return re.sub(r"(?<=[0-9余 ])([万千亿])", lambda m: swap[m[1]], q.text, count=1)


def _unit(q: Quantity) -> str | None:
    written = re.search(r"(人次|家次|个次|%|％|[起份件家个次场人名本册期项条篇张台处元])(以上|以下|左右)?$", q.text)
    if q.kind != "number" or not written or written[1] not in UNIT_SWAPS:
        return None
    return q.text[:written.start(1)] + UNIT_SWAPS[written[1]] + q.text[written.end(1):]


def _qualifier(q: Quantity) -> str | None:
    if q.kind != "number" or set(q.qualifiers) - {"余", "多", "约", "近"}:
        return None
    if "余" in q.text:
        return "近" + q.text.replace("余", "", 1).lstrip()
    if q.text.startswith("约"):
        return "近" + q.text[1:]
    if q.text.startswith("近"):
        return q.text[1:] + ("以上" if not q.text.endswith("以上") else "")
    return "近" + q.text


def _chinese(q: Quantity) -> str | None:
    match = re.search(r"[一二两三四五六七八九十]", q.text)
    if q.kind not in ("number", "rank") or not match:
        return None
    return q.text[:match.start()] + CN_NEXT[match[0]] + q.text[match.end():]


def _date(q: Quantity) -> str | None:
    if q.kind != "date":
        return None
    return _bump_digit(q.text, reversed(range(len(q.text))), skip_zero=True)


CHANGES = {"digit": _last_digit, "first_digit": _first_digit, "scale": _scale, "unit": _unit,
           "qualifier": _qualifier, "chinese": _chinese, "date": _date}

SAMPLE = "今年以来，共立案93起，下达行政处罚决定书78份，处罚金额102.8万元，发放宣传册约5000本，开展演练六次。"


@pytest.mark.parametrize("kind, expected", [
    ("digit", "立案94起"), ("first_digit", "处罚金额202.8万元"), ("scale", "102.8千元"),
    ("unit", "立案93份"), ("qualifier", "近5000本"), ("chinese", "演练七次"),
])
def test_each_kind_changes_the_sample(kind, expected):
    texts = [p.text for p in perturbations(SAMPLE) if p.kind == kind]
    assert any(expected in t for t in texts), texts


def test_perturbed_span_points_at_the_change():
    for p in perturbations(SAMPLE):
        assert p.text[p.start:p.end] == p.changed


def test_date_perturbation_changes_one_date():
    found = [p for p in perturbations("2023年9月，在17家企业试点；5月10日召开现场会。") if p.kind == "date"]
    assert {p.changed for p in found} == {"2023年8月", "5月20日"}


def test_fact_lines_use_arabic_digits_and_keep_the_subject():
    assert fact_lines("将全市企业划分为四个片区，先后6次召开专题会议。") == [
        "- 将全市企业划分为4个片区", "- 先后6次召开专题会议"]
