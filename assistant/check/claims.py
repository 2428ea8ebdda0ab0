"""Check every named claim a draft makes against the bureau's facts.

A wrong name is as bad as a wrong number: an invented campaign (“清源行动”), document
(《…实施办法》), honour (荣获…称号, 被评为…, …示范单位) or a place or organisation the facts never
name. Each claim found in the draft is looked up in the facts, the bureau's own name, the
example passages the draft was written from and the standard phrases; one found nowhere comes out
`unsupported_name` with its position and a reason. Set programmes every bureau runs (“八五”普法,
“三项制度”, “双随机、一公开”) and plain rhetoric in quotes (“关键少数”) are framing, not claims. The
words that decide all this are data: assistant/data/claims.yaml.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Sequence

from assistant.kb.organs import vocabulary
from assistant.wordlists import alternation, data_file, words_re

if TYPE_CHECKING:
    from assistant.check.facts import Fact
    from assistant.check.verdicts import CheckResult

NAME_SUPPORTED, UNSUPPORTED_NAME = "supported", "unsupported_name"
QUOTED, TITLE, HONOUR, PLACE, ORG = "quoted", "title", "honour", "place", "org"
KIND_NAMES = {QUOTED: "名称", TITLE: "文件名称", HONOUR: "荣誉", PLACE: "地名", ORG: "机构名称"}

_CJK = "\u4e00-\u9fff"
# “…” as the genre writes it; 「…」 and "…" as pasted text may bring it. The inner text is `inner`.
_QUOTE_RE = re.compile(r"“(?P<inner>[^“”\n]{1,40})”|「(?P<corner>[^「」\n]{1,40})」|\"(?P<plain>[^\"\n]{1,40})\"")
_TITLE_RE = re.compile(r"《([^《》\n]{1,80})》")
_SENTENCE_MARKS = re.compile(r"[，。；！？：,;!?:]")
_DIGIT_CODE = re.compile(r"^[0-9０-９·.．\-—、\s]+$")  # “4·15”, “12.4”, “12350”
_DAY_AFTER = re.compile(r"^[^，。；“]{0,12}?(日|周|月|热线|节)")
_HONOUR_END = re.compile(r"[，。；：！？、,;:!?（）()\n《》]|等(?:荣誉|称号|奖项)?|并|以来")
_DOC_NUMBER = re.compile(r"[（(]?[\u4e00-\u9fff]{0,6}([〔\[［(（][0-9]{4}[〕\]］)）][0-9]{1,4}号)")
_COUNT = re.compile(r"[0-9０-９]{4}年度?|年度|[0-9０-９.]+[个项次名位家件]?")
_NOISE = re.compile(r"[“”\"'《》〈〉「」『』*\s]+")
_DASHES = re.compile(r"[—–－~～]")
# An honour's level is written either way: 全省法治政府建设示范单位 is 省级法治政府建设示范单位.
_LEVEL_FORMS = data_file("claims.yaml")["level_forms"]
_LEVELS = re.compile(alternation(_LEVEL_FORMS))
_LEVEL_START = words_re("claims.yaml", "honour_levels")


@dataclass
class NameClaim:
    """A named claim of the draft with the verdict of the check."""

    kind: str
    text: str  # as written in the draft
    start: int
    end: int
    name: str  # what is looked up in the sources
    status: str = UNSUPPORTED_NAME
    reason: str = ""
    fact_id: str = ""

    def to_dict(self) -> dict:
        return {"kind": self.kind, "text": self.text, "start": self.start, "end": self.end, "name": self.name,
                "status": self.status, "reason": self.reason, "fact_id": self.fact_id or None}

    def repair_line(self) -> str:
        """One line for the drafter's repair prompt: the name as written and what to do."""
        return (f"「{self.text}」（{KIND_NAMES[self.kind]}）：{self.reason}；事实中有这个{KIND_NAMES[self.kind]}就照抄事实的写法，"
                f"没有就删去，不要换成另一个名称")


# --- word lists --------------------------------------------------------------------------------

@dataclass(frozen=True)
class Lexicon:
    """The word lists of claims.yaml, compiled once."""

    framing: frozenset
    name_heads: tuple
    naming_verbs: tuple
    honour_verb_re: re.Pattern
    weak_honour_verbs: frozenset
    honour_heads: tuple
    honour_suffix_re: re.Pattern
    honour_aims: tuple
    honour_noise: tuple
    place_re: re.Pattern
    place_before: dict
    place_after: dict
    place_function: str
    place_first_not: str  # a place name never opens with these: 全市, 本区, 我县, 省市, 在区 …
    place_not_names: frozenset
    org_re: re.Pattern
    org_domain: tuple
    org_generic: tuple
    org_level_chars: str
    standard: tuple  # normalised standard phrases and current documents


def _first_char_guarded(words, before: str = "") -> re.Pattern:
    """An alternation of words behind a one-character lookahead, so most positions fail at once."""
    firsts = "".join(sorted({w[0] for w in words}))
    return re.compile(f"{before}(?=[{re.escape(firsts)}])({alternation(words)})")


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    """The word lists, read once from assistant/data/claims.yaml and standard_phrases.yaml."""
    data, standard = data_file("claims.yaml"), data_file("standard_phrases.yaml")
    phrases = [p["correct"] for p in standard["phrases"]] + standard["keep"] + standard["current"]
    return Lexicon(
        framing=frozenset(normalise(w) for w in data["framing"]),
        name_heads=tuple(sorted(data["name_heads"], key=len, reverse=True)),
        naming_verbs=tuple(data["naming_verbs"]),
        honour_verb_re=_first_char_guarded(data["honour_verbs"]),
        weak_honour_verbs=frozenset(data["weak_honour_verbs"]),
        honour_heads=tuple(data["honour_heads"]),
        honour_suffix_re=_first_char_guarded(data["honour_suffixes"]),
        honour_aims=tuple(data["honour_aims"]),
        honour_noise=tuple(sorted(data["honour_noise"], key=len, reverse=True)),
        place_re=_first_char_guarded(data["place_suffixes"], f"(?<=[{_CJK}]{{2}})"),
        place_before={k: v or "" for k, v in data["place_generic_before"].items()},
        place_after={k: v or "" for k, v in data["place_generic_after"].items()},
        place_function=data["place_function_before"],
        place_first_not=data["place_function_first"] + vocabulary()["place_determiners"] + "省市区县镇乡村",
        place_not_names=frozenset(data["place_not_names"]),
        org_re=_first_char_guarded(data["org_suffixes"]),
        org_domain=tuple(sorted(data["org_domain_words"], key=len, reverse=True)),
        org_generic=tuple(sorted(data["org_generic_words"], key=len, reverse=True)),
        org_level_chars=data["org_level_chars"],
        standard=tuple(normalise(p) for p in phrases),
    )


def normalise(text: str) -> str:
    """Text as names are compared: no quotes, title marks, spaces or markdown; one kind of dash and
    bracket; laws without 中华人民共和国 (《安全生产法》 names 《中华人民共和国安全生产法》); levels
    in one form (全省 and 省级)."""
    text = _DASHES.sub("-", _NOISE.sub("", text)).replace("（", "(").replace("）", ")")
    return _LEVELS.sub(lambda m: _LEVEL_FORMS[m[0]], text.replace("中华人民共和国", ""))


# --- finding claims ----------------------------------------------------------------------------

def find_claims(text: str) -> list[NameClaim]:
    """Every named claim of the text, in order: quoted names, titles, honours, places, organisations."""
    lex = lexicon()
    claims = _titles(text)
    claims += _outside(_quoted(text, lex), claims)
    claims += _outside(_honours(text, lex), claims)
    claims += _outside(_places(text, lex) + _orgs(text, lex), claims)
    return sorted(claims, key=lambda c: c.start)


def _outside(found: list[NameClaim], taken: list[NameClaim]) -> list[NameClaim]:
    """The claims of `found` that do not overlap one already taken (a place inside a title is the title's)."""
    covered = bytearray(max((c.end for c in found + taken), default=0))
    for t in taken:
        covered[t.start:t.end] = b"\1" * (t.end - t.start)
    kept = []
    for claim in found:
        if not any(covered[claim.start:claim.end]):
            kept.append(claim)
            covered[claim.start:claim.end] = b"\1" * (claim.end - claim.start)
    return kept


def _titles(text: str) -> list[NameClaim]:
    """《…》: a law, document, plan or publication; 关于印发…的通知 names the document inside it."""
    found = []
    for m in _TITLE_RE.finditer(text):
        name = re.sub(r"^关于印发|^关于|的通知$", "", normalise(m[1])) or normalise(m[1])
        found.append(NameClaim(TITLE, m[0], m.start(), m.end(), name))
    return found


def quoted_text(m: re.Match) -> str:
    """The text inside a quote of any style."""
    return (m["inner"] or m["corner"] or m["plain"]).strip()


def _quoted(text: str, lex: Lexicon) -> list[NameClaim]:
    """“…” that names something (a campaign, brand, platform, mechanism), not a slogan or a quotation."""
    found = []
    for m in _QUOTE_RE.finditer(text):
        inner, after = quoted_text(m), text[m.end():m.end() + 16]
        head = _following_head(after, lex)
        if _is_framing_quote(inner, after, lex) or not _names_something(text, m, inner, head, lex):
            continue
        found.append(NameClaim(QUOTED, m[0] + head, m.start(), m.end() + len(head), normalise(inner)))
    return found


def _following_head(after: str, lex: Lexicon) -> str:
    """The words after a quote up to a name word, when one follows within a few characters of the
    same phrase (“X”行动, “X”服务品牌, “X”欠薪线索小程序); not across 的, 和, 等 or punctuation."""
    phrase = re.split(f"[^{_CJK}]|[的和与及或等]", after[:8])[0]
    found = [(phrase.find(h), -len(h)) for h in lex.name_heads if h in phrase]
    if not found:
        return ""
    start, minus_length = min(found)
    return phrase[:start - minus_length]


def _is_framing_quote(inner: str, after: str, lex: Lexicon) -> bool:
    """A set programme, a quotation (a clause with punctuation), or a commemorative day (“4·15”…日)."""
    if normalise(inner) in lex.framing or len(inner) > 20 or _SENTENCE_MARKS.search(inner):
        return True
    code, _, rest = inner.partition(" ")
    if _DIGIT_CODE.match(code) and rest.endswith(("日", "周", "月", "节")):  # “5.12 防灾减灾日”
        return True
    return bool(_DIGIT_CODE.match(inner)) and bool(_DAY_AFTER.match(after))


def _names_something(text: str, m: re.Match, inner: str, head: str, lex: Lexicon) -> bool:
    """True when the quote reads as a name: it ends in a name word, a name word follows it, it holds a
    code (“雷霆2024”), or a verb of naming opens it and nothing follows (开展“砺剑”)."""
    if head or any(inner.endswith(h) for h in lex.name_heads) or re.search(r"[0-9A-Za-z]", inner):
        return True
    before, next_char = text[max(0, m.start() - 6):m.start()], text[m.end():m.end() + 1]
    return any(before.endswith(v) for v in lex.naming_verbs) and not re.match(f"[{_CJK}]", next_char or "。")


def _honours(text: str, lex: Lexicon) -> list[NameClaim]:
    """荣获…称号, 被评为…, 入选…案例, and …示范单位 / …先进集体 written without a verb."""
    found = []
    for m in lex.honour_verb_re.finditer(text):
        stop = _HONOUR_END.search(text, m.end())
        name = text[m.end():min(stop.start() if stop else len(text), m.end() + 30)]
        title = re.search("(?:荣誉)?称号", name)  # the honour ends at its 称号: 荣获…称号并推广经验
        name = name[:title.end()] if title else name
        if _is_honour(text, m, name, lex):
            found.append(NameClaim(HONOUR, text[m.start():m.end() + len(name)], m.start(), m.end() + len(name),
                                   honour_core(name, lex)))
    return found + _outside(_suffix_honours(text, lex), found)


def _is_honour(text: str, m: re.Match, name: str, lex: Lexicon) -> bool:
    core = honour_core(name, lex)
    if len(core) < 3 or _is_aim(text, m.start(), lex):
        return False
    return m[1] not in lex.weak_honour_verbs or any(h in name for h in lex.honour_heads)


def _is_aim(text: str, start: int, lex: Lexicon) -> bool:
    """True when the words before an honour make it a goal (争创, 力争, 申报), not an award received."""
    window = text[max(0, start - 12):start]
    window = window[max((window.rfind(c) for c in "，。；、\n"), default=-1) + 1:]
    return "成功" not in window and any(aim in window for aim in lex.honour_aims)


def _suffix_honours(text: str, lex: Lexicon) -> list[NameClaim]:
    """An honour without a verb names its level (全国综合减灾示范社区); 发挥示范单位作用 names none."""
    found = []
    for m in lex.honour_suffix_re.finditer(text):
        window = re.split(f"[^{_CJK}]", text[max(0, m.start() - 16):m.start()])[-1]
        level = _LEVEL_START.search(window)
        if not level:
            continue
        window = window[level.start():]
        start = m.start() - len(window)
        if not _is_aim(text, start, lex):
            found.append(NameClaim(HONOUR, text[start:m.end()], start, m.end(), honour_core(text[start:m.end()], lex)))
    return found


def honour_core(name: str, lex: Lexicon | None = None) -> str:
    """An honour as compared: no 称号 / 荣誉 around it, no quotes, no counts or years (荣获一等奖2个
    is the honour 一等奖, 2023年度先进单位 the honour 先进单位; counts and years are the number check's)."""
    core = _COUNT.sub("", normalise(name))
    for noise in (lex or lexicon()).honour_noise:
        core = core.replace(noise, "")
    return core


def _places(text: str, lex: Lexicon) -> list[NameClaim]:
    """Proper place names: two characters or more before 省 市 区 县 镇 乡 街道 村 社区 that are not a
    common word (全市, 城区, 乡镇), a word the suffix starts (市场, 区域) or a short form (落实市委)."""
    found = []
    for m in lex.place_re.finditer(text):
        suffix, before, after = m[1], text[m.start() - 1], text[m.end():m.end() + 1]
        if before in lex.place_before.get(suffix, "") or before in lex.place_function:
            continue
        if after and after in lex.place_after.get(suffix, ""):
            continue
        start = m.start() - 2
        if text[start] in lex.place_first_not or text[start:m.start()] in lex.place_not_names:
            continue
        found.append(NameClaim(PLACE, text[start:m.end()], start, m.end(), text[start:m.end()]))
    return found


def _orgs(text: str, lex: Lexicon) -> list[NameClaim]:
    """Organisations with a proper name (华诚律师事务所), not a kind of organisation (市律师协会)."""
    found = []
    for m in lex.org_re.finditer(text):
        if re.match("[生习业化]", text[m.end():m.end() + 1]):  # 大学生, 大学习, 银行业
            continue
        window = re.split(f"[^{_CJK}]", text[max(0, m.start() - 10):m.start()])[-1]
        proper, tail = _proper_part(window, lex)
        if len(proper) >= 2:
            start = m.start() - len(proper) - tail
            found.append(NameClaim(ORG, text[start:m.end()], start, m.end(), text[start:m.end()]))
    return found


def _proper_part(window: str, lex: Lexicon) -> tuple[str, int]:
    """The proper name among the words before an organisation's kind, and how many characters of trade
    words follow it: trade words are cut from the end (律师, 安全技术咨询); nothing but a level before
    them (市律师协会), or a generic word right before them (聘请律师事务所), means a kind of
    organisation; otherwise the name runs back to the last generic word, six characters at most
    (续聘示例正源 → 示例正源)."""
    rest, changed = window, True
    while changed and rest:
        changed = False
        for word in lex.org_domain:
            if rest.endswith(word):
                rest, changed = rest[:-len(word)], True
                break
    if not rest.strip(lex.org_level_chars) or any(rest.endswith(w) for w in lex.org_generic):
        return "", 0
    cut = max((rest.rfind(w) + len(w) for w in lex.org_generic if w in rest), default=0)
    proper = rest[max(cut, len(rest) - 6):]
    return proper.lstrip(lex.org_level_chars), len(window) - len(rest)


# --- checking ----------------------------------------------------------------------------------

@dataclass
class _Sources:
    """Where a name may be stated, normalised once per check."""

    facts: list[tuple[str, str]]  # (fact id, normalised text)
    bureau: str
    examples: str

    def fact_stating(self, name: str) -> str:
        return next((fid for fid, text in self.facts if name in text), "")


def check_names(draft: str, facts: Sequence[Fact], *, examples: Sequence[str] = (), bureau: str = "") -> list[NameClaim]:
    """Every named claim of the draft, each supported (with the fact) or unsupported_name (with why)."""
    sources = _Sources([(f.id, normalise(f.text)) for f in facts], normalise(bureau),
                       "\n".join(normalise(e) for e in examples))
    lex = lexicon()
    claims = find_claims(draft)
    verdicts = [_verdict(claim, sources, lex, draft) for claim in claims]
    stated = {quoted_text(m) for text in [f.text for f in facts] + list(examples) for m in _QUOTE_RE.finditer(text)}
    return sorted(verdicts + _outside(_near_misses(draft, stated, sources), claims), key=lambda c: c.start)


def _near_misses(draft: str, stated: set[str], sources: _Sources) -> list[NameClaim]:
    """Quotes of the draft that are not names by their form, but nearly repeat a name the sources
    quote (“工贸安全宁线” for “工贸安全在线”): a name written wrong."""
    stated_pairs = [(s, _pairs(s)) for s in stated]
    found = []
    for m in _QUOTE_RE.finditer(draft):
        inner = quoted_text(m)
        if inner in stated or sources.fact_stating(normalise(inner)) or normalise(inner) in sources.examples:
            continue
        pairs = _pairs(inner)
        close = next((s for s, p in stated_pairs if _similar(pairs, p)), None)
        if close:
            found.append(NameClaim(QUOTED, m[0], m.start(), m.end(), normalise(inner),
                                   reason=f"与事实或范例中的“{close}”只差几个字：请照抄原来的名称"))
    return found


def _pairs(text: str) -> frozenset:
    return frozenset(text[i:i + 2] for i in range(len(text) - 1))


def _similar(a: frozenset, b: frozenset) -> bool:
    """True when two names share at least half of their character pairs (and are not tiny)."""
    return min(len(a), len(b)) >= 2 and len(a & b) * 2 >= max(len(a), len(b))


def _verdict(claim: NameClaim, sources: _Sources, lex: Lexicon, draft: str = "") -> NameClaim:
    name, what = claim.name, KIND_NAMES[claim.kind]
    fact_id = sources.fact_stating(name) or (_same_document(claim, draft, sources) if claim.kind == TITLE else "")
    if fact_id or (name and name in sources.bureau):
        claim.status, claim.fact_id = NAME_SUPPORTED, fact_id
    elif name in sources.examples:
        _from_example(claim, sources, lex)
    elif claim.kind in (QUOTED, TITLE) and any(name == s or name in s for s in lex.standard):
        claim.status = NAME_SUPPORTED
    else:
        claim.reason = f"事实中没有这个{what}：{_what_to_do(claim.kind)}"
    return claim


def _same_document(claim: NameClaim, draft: str, sources: _Sources) -> str:
    """The fact that states the 文号 written right after a title: that number names the document,
    however the fact words its title (印发《…检查计划》（示应急〔2024〕17号） for 〔2024〕17号文印发检查计划)."""
    number = _DOC_NUMBER.match(draft, claim.end)
    return sources.fact_stating(normalise(number[1])) if number else ""


def _from_example(claim: NameClaim, sources: _Sources, lex: Lexicon) -> None:
    """A name met in an example passage: framing (a programme, a law) may be reused; another bureau's
    honour, place or organisation, or a title naming its place, may not."""
    local = claim.kind in (HONOUR, PLACE, ORG) or any(
        p.status == UNSUPPORTED_NAME for p in (_verdict(p, _Sources(sources.facts, sources.bureau, ""), lex)
                                               for p in _places(claim.name, lex)))
    if local:
        claim.reason = f"取自范例，不是本单位的{KIND_NAMES[claim.kind]}：请删去，或改用事实中的说法"
    else:
        claim.status = NAME_SUPPORTED


def _what_to_do(kind: str) -> str:
    return {HONOUR: "请核实是否获得，事实中写明后再保留", PLACE: "请核实，或改用事实中的地名",
            ORG: "请核实，或改用事实中的机构名称"}.get(kind, "请核实名称是否准确，或在事实中写明")


def new_names(original: str, revised: str) -> list[str]:
    """The named claims of a revised text that the original does not state (a polish may add none)."""
    stated = normalise(original)
    return [c.text for c in find_claims(revised) if c.name not in stated]


def check_draft(draft: str, facts: Sequence[Fact], *, year: int | None = None, plan_year: int | None = None,
                examples: Sequence[str] = (), bureau: str = "") -> CheckResult:
    """The whole check of a text: every number (assistant/check/numbers.py) and every named claim."""
    from assistant.check.numbers import check_numbers

    result = check_numbers(draft, facts, year=year, plan_year=plan_year, examples=examples)
    result.names = check_names(draft, facts, examples=examples, bureau=bureau)
    return result
