"""Examples made for imitation, not copying: whole sections of the same part and topic, no
tables or cut-off chunks, near-duplicates dropped, every figure masked (93起 -> X起), and one
worked example (facts -> finished section) from the bureau's own past report when there is one.

The hits arrive ranked (drafting.find_examples); a section keeps the rank of its best hit.
"""

import re
from dataclasses import replace
from statistics import median

from assistant.kb.index import Hit, KnowledgeBase
from assistant.check.mentions import find_quantities

# Characters of a section when the knowledge base has none of its part (what reports of the genre write).
DEFAULT_LENGTHS = {"preamble": 250, "measures": 500, "highlights": 450, "leader_duty": 450,
                   "shortcomings": 350, "plans": 450}
MIN_SECTION_CHARS = 40
DUPLICATE_SHARE = 0.6  # shared character pairs above which two sections count as the same text
_DIGITS = re.compile(r"[0-9０-９]+(?:[.．][0-9０-９]+)?")
_CHINESE_COUNT = re.compile(r"^[零一二两三四五六七八九十百千万]+")
_TABLE_ROW = re.compile(r"^\s*\|.*\|\s*$|\t")
# A chunk that ends where a table or list begins; an opening ends 报告如下： by design.
_CUT = re.compile(r"(如下表|见下表|详见下表|详见)[：:]?\s*$|[，,、]\s*$|(?<!报告如下)[：:]\s*$")
_SENTENCE_END = "。；！？”」）"


def whole_sections(hits: list[Hit], kb: KnowledgeBase | None) -> list[Hit]:
    """One Hit per section the hits come from, holding the section's whole prose, best first."""
    sections, seen = [], set()
    for hit in hits:
        key = (hit.source, hit.heading_path)
        if key in seen:
            continue
        seen.add(key)
        passages = kb.section_passages(*key) if kb is not None else [h for h in hits if (h.source, h.heading_path) == key]
        prose = [p.text.strip() for p in passages if is_prose(p)]
        text = "".join(prose)
        if len(text) >= MIN_SECTION_CHARS:
            sections.append(replace(hit, text=text, start=min(p.start for p in passages),
                                    end=max(p.end for p in passages)))
    return distinct(sections)


def is_prose(hit: Hit) -> bool:
    """A passage of running text: not a table, not a chunk ending where a table or list begins."""
    text = hit.text.strip()
    if getattr(hit, "kind", "") == "table" or sum(bool(_TABLE_ROW.search(l)) for l in text.splitlines()) >= 2:
        return False
    return bool(text) and not _CUT.search(text)


def distinct(sections: list[Hit]) -> list[Hit]:
    """The sections without near-duplicates of an earlier (better ranked) one."""
    kept: list[tuple[Hit, set[str]]] = []
    for section in sections:
        pairs = bigrams(mask_numbers(section.text))
        if all(len(pairs & other) < DUPLICATE_SHARE * min(len(pairs), len(other)) for _, other in kept):
            kept.append((section, pairs))
    return [section for section, _ in kept]


def mask_numbers(text: str) -> str:
    """The text with every figure replaced by X (93起 -> X起, 六次 -> X次); what the number finder
    reads as no fact (“12·4”国家宪法日, 《…（2021-2025年）》, 〔2024〕9号) stays as written."""
    quantities = find_quantities(text)
    kept = [(q.start, q.end) for q in quantities if q.ignore]
    for q in reversed([q for q in quantities if not q.ignore]):
        span = text[q.start:q.end]
        masked = _DIGITS.sub("X", span) if _DIGITS.search(span) else _CHINESE_COUNT.sub("X", span)
        # Padded to its length, so that the kept spans stay where they are until the padding goes.
        text = text[:q.start] + masked.ljust(len(span), "\0") + text[q.end:]
    text = _DIGITS.sub(lambda m: m[0] if any(a <= m.start() < b for a, b in kept) else "X", text)
    return text.replace("\0", "")


def section_heading(hit: Hit) -> str:
    """The section's own heading, without its numbering."""
    last = hit.heading_path.split(" > ")[-1]
    return re.sub(r"^[（(]?[一二三四五六七八九十0-9]+[)）、.．]\s*", "", last).strip()


def format_examples(sections: list[Hit]) -> str:
    """The examples block of the drafting prompt: heading and masked text of each section."""
    return "\n\n".join(f"[例{n}] 单位：{h.bureau or '未注明'}\n"
                       f"小标题：{mask_numbers(section_heading(h))}\n{mask_numbers(h.text)}"
                       for n, h in enumerate(sections, 1))


def worked_example(sections: list[Hit], bureau: str) -> Hit | None:
    """The best-ranked section of the bureau's own past reports, if any."""
    return next((h for h in sections if bureau and h.bureau == bureau), None)


def format_worked_example(section: Hit | None, limit: int = 6) -> str:
    """"事实：F1：…X家次 … 写成的正文：…" from the bureau's own section, figures masked."""
    if section is None:
        return "（无）"
    clauses = [c for c in re.split(r"[，。；]", mask_numbers(section.text)) if "X" in c and len(c) >= 6]
    facts = "\n".join(f"F{n}：{c.strip()}" for n, c in enumerate(clauses[:limit], 1)) or "（这一节没有数字）"
    return f"事实：\n{facts}\n写成的正文：\n{mask_numbers(section_heading(section))}\n{mask_numbers(section.text)}"


def length_target(sections: list[Hit], part: str) -> int:
    """Characters to aim at: the median of the knowledge base's sections of this part, to fifty."""
    lengths = [len(h.text) for h in sections]
    target = median(lengths) if lengths else DEFAULT_LENGTHS.get(part, 400)
    return int(min(max(round(target / 50) * 50, 150), 1200))


def bigrams(text: str) -> set[str]:
    return {text[i:i + 2] for i in range(len(text) - 1)}
