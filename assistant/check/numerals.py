"""The exact value of a written numeral: Arabic digits (full-width too, with thousands commas) or
Chinese numerals through cn2an, and how precisely it was written (its magnitude and rounding step)."""

from __future__ import annotations

from decimal import Decimal

import cn2an

from assistant.check.quantity import SCALES

FULLWIDTH = str.maketrans("０１２３４５６７８９．，％", "0123456789.,%")


def parse_numeral(raw: str) -> Decimal | None:
    """Exact value of an isolated numeral span: '1,028.5', '１２', '一百零二点八万', '两'."""
    text = raw.translate(FULLWIDTH).replace(",", "").strip()
    if text[:1].isdigit():
        return Decimal(text)
    return _chinese_value(text)


def _chinese_value(text: str) -> Decimal | None:
    """cn2an (strict) on the integer part; decimals digit by digit so nothing passes a float."""
    text, scale = split_scale(text)
    text = ("一" if text[:1] in "百千万亿" else "") + text.replace("两", "二").replace("〇", "零")  # 百余家
    whole, _, decimals = text.partition("点")
    if len(whole) > 1 and not set(whole) & set("十百千万亿"):
        return None  # 八五, 十四五 read digit by digit are names, not amounts
    try:
        number = cn2an.cn2an(whole, "strict")
    except ValueError:
        return None
    digits = "".join(str("零一二三四五六七八九".index(c)) for c in decimals)
    return Decimal(f"{number}.{digits}" if digits else str(number)) * scale


def split_scale(numeral: str) -> tuple[str, Decimal]:
    """A Chinese numeral without its trailing 万/亿, and that scale: 一百零二点八万 -> 一百零二点八, 10^4."""
    scale = Decimal(1)
    while len(numeral) > 1 and numeral[-1] in "万亿":
        scale, numeral = scale * SCALES[numeral[-1]], numeral[:-1]
    return numeral, scale


def steps(raw: str, value: Decimal, scale: Decimal) -> tuple[Decimal, Decimal]:
    """(magnitude step, rounding step) of a written number: 500 -> 100, 102.8万 -> 1000."""
    text = raw.translate(FULLWIDTH).replace(",", "")
    if "." in text or "点" in text:
        places = len(text.partition("." if "." in text else "点")[2])
        step = Decimal(1).scaleb(-places) * scale
        return step, step
    digits = format(value / scale, "f").partition(".")[0]
    zeros = len(digits) - len(digits.rstrip("0")) if digits.strip("0") else 0
    magnitude = Decimal(10) ** zeros * scale
    return magnitude, (scale if scale > 1 else Decimal(0))
