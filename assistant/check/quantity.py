"""A quantity as the number check understands it: value, unit, qualifier and subject, and the
interval of true values it allows (assistant/check/mentions.py finds them in text).

Measure words and their equivalences come from assistant/data/units.yaml, read once.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from functools import cached_property

from assistant.wordlists import data_file

INF = Decimal("Infinity")

_MORE, APPROX, _NEAR = {"余", "多"}, {"约", "大约", "约为", "左右"}, {"近", "将近", "接近"}
_ABOVE, _AT_LEAST = {"超过", "超", "逾"}, {"以上", "不少于", "至少"}
# Vague magnitudes: 上万 reaches ten thousand (below 十万); 数百 / 几百 is two to nine hundred.
_REACHING, _SEVERAL = {"上"}, {"数", "几"}
VAGUE_ONLY = _REACHING | _SEVERAL  # these qualify only a bare 十/百/千/万: 线上1200人 is 1200人
_BELOW, _AT_MOST = {"不到", "不足"}, {"以下", "以内"}


def _load_unit_table() -> tuple[tuple[str, ...], dict[str, str], dict[str, str]]:
    """(measure words, aliases, synonyms) from assistant/data/units.yaml; the measure words longest
    first, so that 人次 wins over 人 and 个百分点 over 个; aliases and synonyms map a written form to
    its canonical measure word."""
    table = data_file("units.yaml")
    synonyms = {unit: group[0] for group in table["synonyms"] for unit in group}
    words = tuple(sorted(table["measure_words"], key=len, reverse=True))
    return words, dict(table["aliases"]), synonyms


UNITS, UNIT_ALIASES, _UNIT_SYNONYMS = _load_unit_table()
# 吨 and 千克 compare in 克, 公里 in 米, 成 in % (九成 = 90%).
_UNIT_SCALES = {unit: (base, Decimal(str(factor)))
                for unit, (base, factor) in data_file("units.yaml")["conversions"].items()}
SCALES = {"千": Decimal(1000), "万": Decimal(10000), "亿": Decimal(10) ** 8, "万亿": Decimal(10) ** 12}


# --- data -------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Interval:
    """The set of true values a stated quantity allows, with open or closed ends."""

    lo: Decimal
    hi: Decimal
    lo_open: bool = False
    hi_open: bool = False

    def contains(self, other: Interval) -> bool:
        """True when every value `other` allows is also allowed here."""
        lo_ok = other.lo > self.lo or (other.lo == self.lo and (other.lo_open or not self.lo_open))
        hi_ok = other.hi < self.hi or (other.hi == self.hi and (other.hi_open or not self.hi_open))
        return lo_ok and hi_ok


@dataclass(frozen=True)
class Quantity:
    """One numeric mention as written: its span, exact value, unit, qualifier and subject."""

    text: str
    start: int
    end: int
    kind: str  # "number" | "range" | "rank" | "date" | "level" (Ⅲ级响应) | "quarter" (一季度)
    value: Decimal | None = None
    high: Decimal | None = None  # upper end of a range
    unit: str = ""
    qualifiers: tuple[str, ...] = ()
    magnitude: Decimal = Decimal(1)  # step of the last significant written digit (500余 -> 100)
    rounding: Decimal = Decimal(0)  # precision of a rounded figure (102.8万 -> 1000)
    date: tuple[int | None, ...] | None = None  # (year, year_hi, month, month_hi, day)
    subject: str = ""  # words before and after the number, for binding to a fact
    ignore: str = ""  # why this is not a stated fact, when it is not
    frequency: str = ""  # the period of a rate of occurrence: 每月 in 每月召开1次调度会
    label: str = ""  # the award, level or quarter a count sits under: 等奖1 in 一等奖1个
    year_ref: str = ""  # the year its clause names: "2023" (2023年立案70起), "-1" (去年), "0" (今年)
    document: str = ""  # of a 文号: "issuing organ|title" (深应急|行政执法监督办法)

    @property
    def qualifier(self) -> str:
        return "+".join(self.qualifiers)

    @cached_property
    def base_unit(self) -> str:
        """The measure word compared with facts: 起 and 件, 家 and 个 are one kind of count."""
        unit = UNIT_ALIASES.get(self.unit, self.unit)
        unit = _UNIT_SCALES.get(unit, (unit, None))[0]
        return _UNIT_SYNONYMS.get(unit, unit)

    @property
    def factor(self) -> Decimal:
        """What one of this unit is in its base unit: 毫克 -> 0.001 克."""
        return _UNIT_SCALES.get(self.unit, ("", Decimal(1)))[1]

    @property
    def base_value(self) -> Decimal | None:
        return None if self.value is None else self.value * self.factor

    @cached_property
    def stated(self) -> Interval:
        """What a fact with this quantity states (cached: facts are compared many times)."""
        return claim_interval(self, rounded=False)

    @cached_property
    def allowed(self) -> Interval:
        """What a draft with this quantity claims, allowing for rounding to the digits written."""
        return claim_interval(self, rounded=True)

    def display_value(self) -> str | None:
        """The value as a plain string: 1028000, 3-5, 2024-01~08."""
        if self.kind == "date":
            return _format_date(self.date)
        if self.value is None:
            return None
        text = plain_number(self.value)
        return f"{text}-{plain_number(self.high)}" if self.high is not None else text


def plain_number(value: Decimal) -> str:
    """A Decimal without exponent or trailing zeros: 1.028E+6 -> 1028000."""
    text = format(value, "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


def _format_date(date) -> str:
    year, year_hi, month, month_hi, day = date
    parts = [f"{year}" + (f"~{year_hi}" if year_hi else "")] if year else []
    if month:
        parts.append(f"{month:02d}" + (f"~{month_hi:02d}" if month_hi else ""))
    if day:
        parts.append(f"{day:02d}")
    return "-".join(parts)


def claim_interval(q: Quantity, *, rounded: bool) -> Interval:
    """The values a quantity allows: its qualifiers as intervals, plus rounding for a draft."""
    v, step = q.base_value, q.magnitude * q.factor
    if q.kind == "range":
        return Interval(v, q.high * q.factor)
    half = q.rounding * q.factor / 2 if rounded else Decimal(0)
    iv = Interval(v - half, v + half, False, bool(half))
    for qual in sorted(q.qualifiers, key=lambda x: x not in _MORE):
        iv = _apply_qualifier(qual, v, step, iv)
    return iv


def _apply_qualifier(qual: str, v: Decimal, step: Decimal, iv: Interval) -> Interval:
    if qual in _MORE:
        return Interval(v, v + step, True, True)
    if qual in APPROX:
        return Interval(iv.lo - step / 2, iv.hi + step / 2)
    if qual in _NEAR:
        return Interval(v - min(step, v / 10), v, False, True)  # 近100% is 90-100%, not 0-100%
    if qual in _ABOVE:
        return Interval(v, INF, True)
    if qual in _REACHING:
        return Interval(v, v * 10, False, True)
    if qual in _SEVERAL:
        return Interval(v * 2, v * 10, False, True)
    if qual in _AT_LEAST:
        return Interval(v, INF)
    if qual in _BELOW:
        return Interval(-INF, v, False, True)
    return Interval(-INF, v) if qual in _AT_MOST else iv
