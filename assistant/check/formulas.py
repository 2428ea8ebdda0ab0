"""Formulas that derive a draft's figure from fact quantities: totals, differences, averages,
rates and 同比 changes (used by assistant/check/numbers.py for the `derived` status).

Only the quantities the number check passes in may enter a formula: with every fact allowed,
some pair would "explain" almost any wrong number.
"""

from __future__ import annotations

from decimal import Decimal
from itertools import combinations, permutations
from typing import NamedTuple

from assistant.check.quantity import Interval, Quantity, claim_interval, plain_number
from assistant.wordlists import words_re

_WORDS = "number_words.yaml"  # assistant/data/number_words.yaml
_TOTAL_HINT, _DIFF_HINT = words_re(_WORDS, "total_hint"), words_re(_WORDS, "difference_hint")
_AVERAGE_HINT, CHANGE_HINT = words_re(_WORDS, "average_hint"), words_re(_WORDS, "change_hint")
_RATE_HINT = words_re(_WORDS, "rate_hint")
RISING, FALLING = words_re(_WORDS, "rising"), words_re(_WORDS, "falling")


class Formula(NamedTuple):
    """A formula that yields the draft's figure, and the (fact, quantity) entries it uses."""

    text: str
    used: tuple


def find_formula(q: Quantity, related, inputs, year_of, *, parts_follow: bool = False) -> Formula | str | None:
    """The formula from `related` fact quantities that yields q; else, when q's sentence restates
    inputs (`inputs`), the closest formula tried, as the reason q is unsupported; else None.
    `year_of` gives a quantity's year, so that a change is computed against the earlier year;
    `parts_follow` says the draft lists q's parts right after it (其中…), so q may be their total."""
    target = claim_interval(q, rounded=True)
    if q.unit == "%":
        return _derive_rate(q, related, inputs, target, year_of)
    unit = "%" if q.base_unit == "个百分点" else q.base_unit  # 提高2.3个百分点: a difference of two rates
    pool = [e for e in related if e[1].base_unit == unit and not e[1].qualifiers]
    if _AVERAGE_HINT.search(q.subject) and (m := _derive_average(q, related, target)):
        return m
    inputs = [e for e in inputs if e in pool]
    # The hint stands before the number: in 两个街道共整改问题43个, 共 speaks of 43, not of 两个.
    if parts_follow or _TOTAL_HINT.search(q.subject.split("|")[0]):
        return _derive_sum(q, pool, inputs, target)
    if _DIFF_HINT.search(q.subject):
        return _derive_difference(q, pool, inputs, target)
    return None


def _point(value: Decimal) -> Interval:
    return Interval(value, value)


def _derive_sum(q: Quantity, pool, inputs, target: Interval) -> Formula | str | None:
    """Totals of the sentence's inputs, of all related facts, or of any two to four of them."""
    groups = [inputs] if len(inputs) > 1 else []
    groups += [pool] if len(pool) > 2 else []
    groups += [list(c) for size in range(2, 5) for c in combinations(pool[:10], size)]
    for group in groups:
        total = sum(e[1].base_value for e in group)
        if total != q.base_value and any(target.contains(_point(e[1].base_value)) for e in group):
            continue  # 1.2万家 + 320家 "=" 1.2万家: a rounded total is more than any of its parts
        if target.contains(_point(total)):
            return Formula(" + ".join(e[1].text for e in group) + f" = {q.text}", tuple(group))
    tried = inputs if len(inputs) > 1 else pool if len(pool) > 1 and len(pool) <= 6 else []
    if not tried:
        return None
    total = sum(e[1].base_value for e in tried)
    return f"计算不符：{' + '.join(e[1].text for e in tried)} = {_amount(total, q)}，文中为{q.text}"


def _derive_average(q: Quantity, related, target: Interval) -> Formula | None:
    """平均每起罚款0.74万元: an amount of q's unit divided by a count of another unit."""
    exact = [e for e in related if not e[1].qualifiers and e[1].unit != "%"]
    for a, b in permutations(exact, 2):
        x, y = a[1].base_value, b[1].base_value
        if a[1].base_unit == q.base_unit and b[1].base_unit != q.base_unit and y:
            if target.contains(_point(x / y)):
                return Formula(f"{a[1].text}/{b[1].text} = {_amount(x / y, q)} ≈ {q.text}", tuple((a, b)))
    return None


def _derive_difference(q: Quantity, pool, inputs, target: Interval) -> Formula | str | None:
    pairs = [(a, b) for a, b in permutations(pool, 2) if a[1].base_value > b[1].base_value]
    for a, b in pairs:
        if target.contains(_point(a[1].base_value - b[1].base_value)):
            return Formula(f"{a[1].text} - {b[1].text} = {q.text}", tuple((a, b)))
    tried = [(a, b) for a, b in pairs if a in inputs or b in inputs]
    if not tried:
        return None
    a, b = min(tried, key=lambda p: abs(p[0][1].base_value - p[1][1].base_value - q.base_value))
    difference = a[1].base_value - b[1].base_value
    return f"计算不符：{a[1].text} - {b[1].text} = {_amount(difference, q)}，文中为{q.text}"


def _derive_rate(q: Quantity, related, inputs, target: Interval, year_of) -> Formula | str | None:
    """Ratios a/b and changes |a-b|/b of two exact fact quantities in the same unit."""
    if not _RATE_HINT.search(q.subject):
        return None
    exact = [e for e in related if e[1].unit != "%" and not e[1].qualifiers]
    tried = []
    for a, b in permutations(exact, 2):
        x, y = a[1].base_value, b[1].base_value
        if a[1].base_unit != b[1].base_unit or not y:
            continue
        formulas = [(f"{plain_number(x)}/{plain_number(y)}", x / y * 100)]
        if CHANGE_HINT.search(q.subject):
            if _may_change(q, a, b, inputs, year_of):
                formulas.append((f"|{plain_number(x)}-{plain_number(y)}|/{plain_number(y)}", abs(x - y) / y * 100))
        elif x < y:  # 合格率 from 不合格12批次 of 560: (560-12)/560
            formulas.append((f"({plain_number(y)}-{plain_number(x)})/{plain_number(y)}", (y - x) / y * 100))
        for formula, value in formulas:
            if target.contains(_point(value)):
                return Formula(f"{formula} = {value:.2f}% ≈ {q.text}", tuple((a, b)))
            if a in inputs or b in inputs or not inputs:
                tried.append((abs(value - q.value), formula, value))
    if not tried:
        return None
    distance, formula, value = min(tried)
    if not inputs and distance > 10:
        return None  # with no inputs restated, only a near miss is worth showing as the formula tried
    return f"计算不符：{formula} = {value:.2f}%，文中为{q.text}"


def _may_change(q: Quantity, a, b, inputs, year_of) -> bool:
    """Whether q may be the change from b to a: b is the earlier year's figure (when years are
    known) and not the sentence's own figure, and the direction agrees with 增长 / 下降."""
    x, y = a[1].base_value, b[1].base_value
    if (RISING.search(q.subject) and x <= y) or (FALLING.search(q.subject) and x >= y):
        return False
    years = year_of(a[1]), year_of(b[1])
    if None not in years:
        return years[1] < years[0]
    return not (b in inputs and a not in inputs)  # 立案88起，同比增长…: 88 is this year's, not the base


def _amount(base_value: Decimal, q: Quantity) -> str:
    """A computed value in the draft's unit, in 万 when the draft wrote 万: 87000元 -> 8.7万元,
    rounded to four decimals for display."""
    value, scale = base_value / q.factor, ""
    if "万" in q.text:
        value, scale = value / 10000, "万"
    return f"{plain_number(round(value, 4))}{scale}{q.unit}"
