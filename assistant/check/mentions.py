"""Find every number a text states: its exact value, unit, qualifier and subject.

Regular expressions isolate numeric mentions (Arabic digits, Chinese numerals converted with cn2an
on isolated spans only, dates, ranges, percentages); each becomes a Quantity bound to its measure
word, its qualifier (as the interval of values it allows) and the words around it. Facts and drafts
are read by this same finder, so that both are understood identically (assistant/check/numbers.py).
The Quantity itself and its intervals live in assistant/check/quantity.py; numerals are read by
assistant/check/numerals.py, subjects bound by assistant/check/subjects.py, tables by assistant/check/number_tables.py.
"""

from __future__ import annotations

import re
from dataclasses import replace
from decimal import Decimal

import cn2an

from assistant.check.number_tables import with_table_headers
from assistant.check.numerals import FULLWIDTH, parse_numeral, split_scale, steps
from assistant.check.quantity import SCALES, UNIT_ALIASES, UNITS, VAGUE_ONLY, Quantity
from assistant.check.subjects import with_subjects, words_before
from assistant.wordlists import alternation, data_file

MAX_INPUT_CHARS = 500_000
_WORDS = data_file("number_words.yaml")  # word lists: assistant/data/number_words.yaml

# --- patterns ---------------------------------------------------------------------------------

_S = r"[\s*]{0,4}"  # PDF spaces and line breaks, markdown ** between a number and its unit
_DIGITS = "[0-9０-９]"
# Atomic groups keep "12G" from matching as "1": a number touching Latin letters is a code.
_ARABIC = rf"(?<![0-9０-９A-Za-z.．])(?>{_DIGITS}+(?:,[0-9]{{3}}(?![0-9]))*(?:[.．]{_DIGITS}+)?)(?![0-9０-９A-Za-z])"
_CN = r"(?>[零〇一二两三四五六七八九十百千万亿]+(?:点[零〇一二三四五六七八九]+[万亿]?)?)"
_YEAR = r"(?<![0-9０-９.．])[12][0-9]{3}"
_MONTHDAY = r"[0-9]{1,2}(?![0-9])"
_DASH = r"[-—–~～至到]"

# 部 counts plans (3部预案) but not in 3部门 / 部署; 成 is tenths (九成 = 90%), but not in 14成员单位.
_UNIT_GUARDS = {unit: f"(?![{re.escape(chars)}])" for unit, chars in data_file("units.yaml")["not_followed_by"].items()}
_UNITS_RE = "|".join(re.escape(u) + _UNIT_GUARDS.get(u, "") for u in sorted(UNITS, key=len, reverse=True))

_NUMBER = (
    rf"(?:(?P<pre>大约|约为|约|将近|接近|近|超过|超|逾|不到|不足|不少于|至少|上|数|几){_S})?"
    rf"(?P<n1>{_ARABIC}|{_CN})(?:{_S}{_DASH}{_S}(?P<n2>{_ARABIC}|{_CN}))?"
    rf"{_S}(?P<q1>余|多)?{_S}(?P<sc>万亿|万|亿|千)?{_S}(?P<q2>余|多)?"
    rf"{_S}(?P<unit>{_UNITS_RE})?(?P<post>以上|以下|以内|左右)?"
)
_YMD = (
    rf"(?P<y>{_YEAR}){_S}年(?:{_S}(?P<ym1>{_MONTHDAY}){_S}月?{_S}(?:{_DASH}{_S}(?P<ym2>{_MONTHDAY}){_S})?"
    rf"月份?(?:{_S}(?P<yd>{_MONTHDAY}){_S}[日号])?)?度?"
)
_YEAR_RANGE = rf"(?P<ry1>{_YEAR}){_S}{_DASH}{_S}(?P<ry2>{_YEAR}){_S}年度?"
_ISO = rf"(?P<iy>{_YEAR})[-/.](?P<im>[0-9]{{1,2}})[-/.](?P<id>[0-9]{{1,2}})(?![0-9])"
_MD = (
    rf"(?<![0-9０-９.．])(?P<m1>{_MONTHDAY}){_S}月?{_S}(?:{_DASH}{_S}(?P<m2>{_MONTHDAY}){_S})?"
    rf"月份?(?:{_S}(?P<d>{_MONTHDAY}){_S}[日号])?"
)
_CN_MONTH = r"(?:十[一二]?|[一二三四五六七八九])"
_CN_DAY = r"(?:三十一?|二?十[一二三四五六七八九]?|[一二三四五六七八九])"
_CN_DATE = (  # 二〇二四年二月三日, 五月份
    rf"(?<![零〇一二两三四五六七八九十百千统唯同单之逐每])(?:(?P<cy>[〇零一二三四五六七八九]{{4}})年)?"
    rf"(?P<cm>{_CN_MONTH})月份?(?:(?P<cd>{_CN_DAY})[日号])?|(?P<cy2>[〇零一二三四五六七八九]{{4}})年"
)
_PERCENT_CN = rf"百分之(?P<pnum>{_CN}|{_ARABIC})"
_ROMAN = {"Ⅰ": 1, "Ⅱ": 2, "Ⅲ": 3, "Ⅳ": 4, "Ⅴ": 5, "I": 1, "II": 2, "III": 3, "IV": 4, "V": 5}
_LEVEL = (r"(?<![A-Za-z])(?P<lv>[ⅠⅡⅢⅣⅤ]|IV|V|I{1,3}|[一二三四五1-5])\s*级"
          r"(?=\s*(?:应急|防汛|防台|防旱|气象|地质灾害|森林防灭火)?\s*(?:响应|预警|应急响应))")
_QUARTER = r"(?<!前)(?P<qt_first>第)?(?P<qt>[一二三四1-4])\s*季度"  # 前三季度 is a period
MENTION_RE = re.compile(  # the lookahead lets most characters fail at once
    r"(?=[0-9０-９零〇一二两三四五六七八九十百千万亿约近将接超逾不至大上数几第ⅠⅡⅢⅣⅤIV])"
    rf"(?:(?P<level>{_LEVEL})|(?P<quarter>{_QUARTER})|(?P<ymd>{_YMD})|(?P<yrange>{_YEAR_RANGE})|(?P<iso>{_ISO})|(?P<md>{_MD})|(?P<cdate>{_CN_DATE})"
    rf"|(?P<pcn>{_PERCENT_CN})|(?P<num>{_NUMBER}))"
)

# Regions whose numbers are names, not stated facts: (pattern, reason), first match wins.
_SLOGANS = _WORDS["slogans"]
# PDF text may break a line inside a term: 治本攻坚三\n年行动.
_SLOGANS_RE = "|".join(r"\s*".join(word) for word in _SLOGANS) + (
    r"|十分(?!钟)"  # 十分重要, not 十分钟
    r"|届[^，。；]{0,12}?[一二三四五六七八九十]+\s*次\s*(?:全体会议|全会|会议)"  # 十四届全国人大二次会议
    r"|[数几]十年如一日|[数几上][十百千]年(?:来|以来|历史)"
    r"|[一二三四五六七八九十两]\s*年\s*(?:攻坚|专项|集中)?\s*(?:行动|规划|计划)")  # 三年行动, 五年规划
_IGNORE_RULES = tuple((re.compile(p), reason) for p, reason in (
    (r"》\s*(?:[12][0-9]{3}\s*年\s*)?第\s*[0-9]+\s*期", "刊物期号"),
    (r"《[^《》]{0,80}》|〈[^〈〉]{0,80}〉", "书名号内的标题"),
    (r"[〔［\[﹝【（(]\s*[12][0-9]{3}\s*[〕］\]﹞】）)][^，。；\s]{0,12}?[0-9]+\s*号|令第\s*[0-9]+\s*号", "文号"),
    (r"(?<![0-9.．])[0-9]{1,2}\s*[·•・][0-9]{1,2}(?![0-9])"
     r"|(?<=[“\"‘「])[0-9]{1,2}[.．][0-9]{1,2}(?![0-9])"
     r"|(?<![0-9.．])[0-9]{1,2}[.．][0-9]{1,2}(?=[”\"’」]?\s*(?:全国|国家|国际|世界|[\u4e00-\u9fff]{0,6}"
     r"(?:日|周|节|事故|火灾|爆炸|坍塌|透水|暴雨|洪水|地震|台风|灾害|事件)))", "纪念日或事件代称"),
    (r"[“\"「‘][^“”\"「」‘’。]{1,16}[”\"」’]", "口号或简称（引号内）"),
    (_SLOGANS_RE, "口号或固定提法"),
    (r"(?m)^[\s#*>]*[0-9]{1,2}\s*(?:[、)）]|[.．](?![0-9]))|[（(\[【]\s*[0-9]{1,2}\s*[)）\]】]", "序号/列举"),
    (r"(?m)^[\s\-—–－]*[0-9]{1,3}[\s\-—–－]*$|[第共]\s*[0-9]+\s*页", "页码"),
    (r"(?m)^\s*(?:发布时间|发布日期|成文日期|来源|浏览次数|访问量|点击量|点击数|索引号|信息索引号|"
     r"文号|发文字号|主题分类|字号|分享)\s*[:：].*$", "网页信息"),
    (r"(?<![0-9])0[0-9]{2,3}\s*-\s*[0-9]{7,8}(?![0-9])|(?<![0-9])1[3-9][0-9]{9}(?![0-9])"
     r"|电话\s*[:：]?\s*[0-9\-]{7,13}", "电话号码"),
    (r"(?:7\s*[×xX*]\s*)?24\s*小时(?=[^，。；]{0,4}(?:值班|值守|在岗|在线|服务|不间断|监测|监控|响应|待命))",
     "固定提法"),
    (r"(?<![0-9])[0-9]{1,2}[:：][0-9]{2}(?![0-9])", "时刻"),
    (r"(?<![0-9])(?:1[0-9]{2}(?:[0-9]{2})?(?=\s*[\u4e00-\u9fff]{0,6}?(?:热线|专线|电话|平台|指挥))"
     rf"|{'|'.join(_WORDS['hotlines'])})(?![0-9]|\s*(?:[万千亿余多]|{_UNITS_RE}))", "热线号码"),
))
_RANK_BEFORE = re.compile(rf"(?:{alternation(_WORDS['rank_before'])})\s*$")
# A numeral glued to these characters is part of a word (统一, 唯一, 数十), not a count.
_CN_WORD_BEFORE = set(_WORDS["numeral_word_before"])
# 一 + these measure words is still a count; 一个/一种/一批/一站式 are articles or set terms.
_COUNTABLE_ONE = frozenset(_WORDS["countable_one"])
_FREQUENCY = re.compile(r"每(?:半年|季度|年|季|月|周|日|天|旬)")
FREQUENCY_REASON = "频次要求（每年、每季度……）"
_QUALIFIER_BLOCKERS = {word: set(chars) for word, chars in _WORDS["qualifier_blockers"].items()}




# --- finding ----------------------------------------------------------------------------------

def find_quantities(text: str) -> list[Quantity]:
    """Every numeric mention of `text`, in order, each bound to its unit, qualifier and subject."""
    reasons = _ignored_regions(text)
    found = [q for m in MENTION_RE.finditer(text) if (q := _quantity(text, m, reasons))]
    found = with_subjects(text, found)
    found = with_table_headers(text, found) if "|" in text else found
    found = _with_years(text, found)
    return _with_documents(text, found) if "号" in text else found


def _ignored_regions(text: str) -> list[str]:
    """Per character: why a number there is not a stated fact ('' where it may be one)."""
    reasons = [""] * len(text)
    for pattern, reason in reversed(_IGNORE_RULES):  # reversed, so the first rule's reason wins
        for m in pattern.finditer(text):
            reasons[m.start():m.end()] = [reason] * (m.end() - m.start())
    return reasons


def _quantity(text: str, m: re.Match, reasons: list[str]) -> Quantity | None:
    """Build the Quantity of one regex match, or None when it is no number after all."""
    if m["num"]:
        q = _number_quantity(text, m)
    elif m["level"] or m["quarter"]:
        q = _label_quantity(m)
    elif m["pcn"]:
        q = _percent_quantity(m)
    else:
        q = _date_quantity(m)
    if q is None:
        return None
    reason = reasons[q.start] or reasons[q.end - 1]
    return replace(q, ignore=reason) if reason and not q.ignore else q


def _label_quantity(m: re.Match) -> Quantity:
    """A response or warning level (Ⅲ级 = 三级) or a quarter (一季度 = 第一季度)."""
    kind, raw = ("level", m["lv"]) if m["level"] else ("quarter", m["qt"])
    value = _ROMAN.get(raw) or parse_numeral(raw)
    return Quantity(m.group(), m.start(), m.end(), kind, Decimal(value), unit="级" if kind == "level" else "季度")


def _date_quantity(m: re.Match) -> Quantity | None:
    """A date or period: 2023年9月, 2024年1-8月, 5月10日, 4月份, 2021-2025年, 2022-03-08."""
    g = {k: int(v) for k, v in m.groupdict().items() if v and v.isdigit()}
    if m["ymd"]:
        date = (g["y"], None, g.get("ym1"), g.get("ym2"), g.get("yd"))
    elif m["yrange"]:
        date = (g["ry1"], g["ry2"], None, None, None)
    elif m["iso"]:
        date = (g["iy"], None, g["im"], None, g["id"])
    elif m["cdate"]:
        date = _chinese_date(m)
    else:
        date = (None, None, g["m1"], g.get("m2"), g.get("d"))
    # An impossible date (2月36日) stays a mention: no fact states it, so it is flagged.
    return Quantity(m.group().strip(), m.start(), m.start() + len(m.group().rstrip()), "date", date=date)


def _chinese_date(m: re.Match) -> tuple:
    """二〇二四年二月三日: the year digit by digit, month and day through cn2an."""
    year = m["cy"] or m["cy2"]
    year_value = int("".join(str("〇一二三四五六七八九".index(c.replace("零", "〇"))) for c in year)) if year else None
    month, day = (int(cn2an.cn2an(x, "strict")) if x else None for x in (m["cm"], m["cd"]))
    return (year_value, None, month, None, day)


def _percent_quantity(m: re.Match) -> Quantity | None:
    value = Decimal(100) if m["pnum"] == "百" else parse_numeral(m["pnum"])
    if value is None:
        return None
    magnitude, _ = steps(m["pnum"], value, Decimal(1))
    return Quantity(m.group(), m.start(), m.end(), "number", value, unit="%",
                    magnitude=magnitude, rounding=min(magnitude, Decimal(1)))


def _number_quantity(text: str, m: re.Match) -> Quantity | None:
    """A count, amount, percentage, range or rank, with its qualifiers and measure word."""
    raw, chinese = m["n1"], not m["n1"][:1].translate(FULLWIDTH).isdigit()
    unit = UNIT_ALIASES.get(m["unit"], m["unit"]) if m["unit"] else ""
    value = parse_numeral(raw)
    if value is None or (chinese and not _is_chinese_count(text, m, unit)):
        return None
    written, scale = split_scale(raw) if chinese else (raw, SCALES[m["sc"]] if m["sc"] else Decimal(1))
    value = value if chinese else value * scale  # a Chinese numeral's 万 is already in its value
    high = parse_numeral(m["n2"]) if m["n2"] else None
    high = high if high is None or chinese else high * scale  # 3-5万元: both ends in 万
    if high is not None and high <= value:
        return None
    magnitude, rounding = steps(written, value, scale)
    if scale > 1 and (m["q2"] or (chinese and m["q1"])) and not re.search(r"[.．点]", written):
        # 40万余 is 40万 and less than one 万 more, where 40余万 may reach 50万; after decimals,
        # 102.8万余 and 102.8余万 are written alike for the same claim: just over 102.8万.
        magnitude = scale
    if unit == "%":
        rounding = magnitude if "." in raw else Decimal(1)
    start, qualifiers = _qualifiers(text, m)
    end = max(m.end(g) for g in ("n1", "n2", "q1", "sc", "q2", "unit", "post") if m[g])
    q = Quantity(text[start:end], start, end, "range" if high else "number", value, high, unit,
                 qualifiers, magnitude, rounding)
    return _classify_shape(text, m, q, chinese)


def _qualifiers(text: str, m: re.Match) -> tuple[int, tuple[str, ...]]:
    """Where the mention starts and its qualifiers: 约/近/超过 before it, 余/多/以上/左右 after."""
    after = tuple(q for q in (m["q1"], m["q2"], m["post"]) if q)
    pre = m["pre"]
    if pre in VAGUE_ONLY and not _is_bare_magnitude(m["n1"]):
        pre = None
    if pre and text[m.start("pre") - 1:m.start("pre")] not in _QUALIFIER_BLOCKERS.get(pre[-1], ()):
        return m.start("pre"), (pre, *after)  # 节约3万元 saves money, it does not estimate
    return m.start("n1"), after


def _is_bare_magnitude(numeral: str) -> bool:
    """十, 百, 千, 万, 十万, 千万 …: a power of ten written without digits, as in 上万 / 数百."""
    return bool(re.fullmatch(r"[十百千万]万?|[十百千]?亿", numeral))


def _is_chinese_count(text: str, m: re.Match, unit: str) -> bool:
    """A Chinese numeral counts only with a measure word (or as a rank after 第), not inside words."""
    before = text[max(0, m.start("n1") - 1):m.start("n1")]
    vague = bool(m["pre"]) and _is_bare_magnitude(m["n1"])  # 逾千万元, 上万份, 数百人次, 近千人
    if (before in _CN_WORD_BEFORE and not vague) or (unit == "分" and text[m.end("unit"):m.end("unit") + 1] == "之"):
        return False  # 统一, 三分之一
    if m["n1"][0] in "百千万亿" and not (m["q1"] or m["q2"] or vague):
        return False  # 百姓, 千家万户, 万人空巷: a bare 百/千/万 counts only as 百余 / 万余 / 上万
    return bool(unit) or before == "第"


def _classify_shape(text: str, m: re.Match, q: Quantity, chinese: bool) -> Quantity | None:
    """Ranges, ranks, ordinals, years written without 年, and the article-like 一."""
    if q.kind == "range":
        return q
    before = text[max(0, q.start - 12):q.start].rstrip()
    if before.endswith("第"):
        is_rank = q.unit in ("人", "位", "") and (q.unit or _RANK_BEFORE.search(before[:-1]))  # 第三名
        if is_rank:
            return replace(q, kind="rank", unit="名次")
        # 第一次 / 首期 only say the event happened; 第3次 says there were at least three.
        if q.unit in ("次", "期") and q.value > 1 and not _is_named_session(text, before, q.end):
            return replace(q, kind="ordinal")  # 召开第3次安委会会议 says there were at least 3
        return replace(q, ignore="序号/列举")
    if chinese and q.value == 1 and m["n1"] == "一" and q.unit not in _COUNTABLE_ONE:
        return replace(q, ignore="泛指（一个、一批等）")
    if period := _FREQUENCY.search(words_before(text, q.start, 0)):
        return replace(q, ignore=FREQUENCY_REASON, frequency=period.group())
    if not q.unit and not q.qualifiers and 1949 <= q.value <= 2100 and q.value == int(q.value):
        return Quantity(q.text, q.start, q.end, "date", date=(int(q.value), None, None, None, None))
    return q


_SESSION_AFTER = re.compile(rf"\s*(?:{alternation(_WORDS['session_after'])})")
_SESSION_BEFORE = re.compile(rf"(?:{alternation(_WORDS['session_before'])})[^，。；]{{0,6}}第$")


def _is_named_session(text: str, before: str, end: int) -> bool:
    """第二次全国污染源普查, 区委第五次全体会议, 区政府第35次常务会议: the name of a national
    survey or of a standing body's session, not a count of the bureau's own occasions."""
    return bool(_SESSION_AFTER.match(text, end) or _SESSION_BEFORE.search(before))




def kept_in_facts(q: Quantity) -> bool:
    """Quantities a fact keeps: stated ones, and the frequencies and 文号 that a draft's own are
    checked against (a draft's frequency or 文号 that no fact states is ignored)."""
    return not q.ignore or bool(q.frequency) or q.kind == "docno"





_YEAR_MARK = re.compile(r"(?P<y>[12][0-9]{3})\s*年度?(?!\s*[0-9０-９一二三四五六七八九十]{1,3}\s*[月季])(?!\s*[-—–~～至到])"
                        r"|(?P<last>去年|上年|上一年|上年度)|(?P<this>今年|本年|本年度)")
_COMPARED = re.compile(alternation(_WORDS["compared"]))
_CLAUSE_MARKS = "。；;\n，,（("


def _with_years(text: str, found: list[Quantity]) -> list[Quantity]:
    """Give each count the year its own clause names (2023年立案70起, （2023年为380家次）,
    去年办理5件), unless a comparison stands between them (较去年增加18起 is no count of last year)."""
    result = []
    for q in found:
        if q.kind in ("number", "range") and not q.year_ref and not q.ignore:
            q = replace(q, year_ref=_clause_year(text, q.start))
        result.append(q)
    return result


def _clause_year(text: str, start: int) -> str:
    window = max(0, start - 40)
    clause_start = max(max(text.rfind(mark, window, start) for mark in _CLAUSE_MARKS) + 1, window)
    clause = text[clause_start:start]
    marks = list(_YEAR_MARK.finditer(clause))
    if not marks or _COMPARED.search(clause, marks[-1].end()):
        return ""
    mark = marks[-1]
    return mark["y"] or ("-1" if mark["last"] else "0")


# The brackets first, the issuing organ looked up before them: a leading CJK run would make the
# regex retry at every character of the report.
_DOCNO = re.compile(r"[〔［\[﹝【]\s*(?P<y>[12][0-9]{3})\s*[〕］\]﹞】]\s*第?\s*(?P<n>[0-9]+)\s*号"
                    r"|令\s*第\s*(?P<dn>[0-9]+)\s*号")
_ORGAN_BEFORE = re.compile(r"[\u4e00-\u9fffA-Za-z]{1,8}$")
_TITLE_BEFORE = re.compile(r"《([^《》]{1,60})》[^《》，。；]{0,6}$")


def _with_documents(text: str, found: list[Quantity]) -> list[Quantity]:
    """Each 文号 (深应急〔2024〕17号, 市政府令第5号) becomes one mention in place of its year and
    number, knowing its issuing organ and the 《title》 before it, so that it can be compared
    with the same document's number in the facts."""
    documents = [_document(text, m) for m in _DOCNO.finditer(text)]
    if not documents:
        return found
    inside = lambda q: any(d.start <= q.start < d.end for d in documents)  # noqa: E731
    return sorted([q for q in found if not inside(q)] + documents, key=lambda q: q.start)


def _document(text: str, m: re.Match) -> Quantity:
    """The 文号 mention: from its issuing organ (深应急, 市政府令) to 号."""
    organ = _ORGAN_BEFORE.search(text, max(0, m.start() - 8), m.start())
    start = organ.start() if organ else m.start()
    organ_name = (organ.group() if organ else "") + ("令" if m["dn"] else "")
    title = _TITLE_BEFORE.search(text, max(0, start - 70), start)
    year = int(m["y"]) if m["y"] else None
    opening = start - (text[start - 1:start] in "（(")  # 制定实施方案（区市监〔2024〕21号）
    return Quantity(text[start:m.end()], start, m.end(), "docno", Decimal(m["n"] or m["dn"]), unit="号",
                    date=(year, None, None, None, None), subject=words_before(text, opening, 0) + "|",
                    ignore="文号", document=f"{organ_name}|{title[1] if title else ''}")


