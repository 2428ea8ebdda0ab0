"""Framing taken from the examples: subheadings, item headings, openings, framing clauses.

A phrase from another bureau's report is used only when it is neutral for this one: no number,
title or document number, no place or organ, no campaign, programme or honour that no fact
states, and no word of another field (安全生产 in a 市场监管局 report). See data/fields.yaml.
"""

import re
from dataclasses import dataclass
from functools import lru_cache

import yaml

from assistant.check.claims import find_claims
from assistant.kb.index import Hit
from assistant.check.mentions import find_quantities
from assistant.wordlists import DATA_DIR

_PLACE = re.compile(r"[\u4e00-\u9fff]{1,4}(?:省|市|区|县|镇|乡|街道|村)(?:委|政府|人大|政协|应急)|《|〔|[0-9]")
_CLAUSE_END = re.compile(r"[。；;！!？?：:]+$")
_NUMBERING = re.compile(r"^[（(][一二三四五六七八九十0-9]+[)）]\s*|^[一二三四五六七八九十]+、\s*")
# A framing clause of the opening frames the year by the Party's line, not by a measure of its own.
_SET_FRAMING = re.compile(r"习近平|党的二十|二十届|法治思想|法治政府|法治建设|依法行政|决策部署|实施纲要")
# A purpose frame of an example item: 围绕…, 聚焦…, 以…为抓手 (what the work is for or built on).
_FRAME_START = re.compile(r"^(?:围绕|聚焦|紧扣|着眼|紧盯|以[^，。；]{2,12}为(?:抓手|重点|载体))")
_SENTENCE_SUBJECT = re.compile(r"^(?:我局|我委|我办|局党委|局党组|局领导班子|局班子|局机关)")
REPEAT_RUN = 6  # no run this long of a section's framing may occur twice in it (the tests assert it)
CLOSE_RUN = 4  # the ledger is stricter: a 4-character run (监管效能) already reads as a repeat
_ITEM = re.compile(r"[一二三四五六七八九十]+是([^。；，,：:]{4,16})[。；：:](.*?)(?=[一二三四五六七八九十]+是|$)")


@lru_cache(maxsize=1)
def field_data() -> dict:
    """Field words, campaign words and set programmes (data/fields.yaml)."""
    return yaml.safe_load((DATA_DIR / "fields.yaml").read_text(encoding="utf-8"))


@lru_cache(maxsize=1)
def kind_data() -> dict:
    """Item kinds, fallback section headings and plan openings (data/item_kinds.yaml)."""
    return yaml.safe_load((DATA_DIR / "item_kinds.yaml").read_text(encoding="utf-8"))


@dataclass
class PhraseGuard:
    """Decides whether a phrase of an example may stand in this bureau's draft."""

    facts_text: str
    bureau: str = ""

    def allows(self, phrase: str) -> bool:
        """True when the phrase names nothing the facts, the bureau's field or the set programmes do not."""
        plain = self._without_programmes(phrase)
        if _PLACE.search(plain) or [q for q in find_quantities(plain) if not q.ignore]:
            return False
        if "“" in plain or "\"" in plain:
            return False  # a quoted name that is not a set programme: a campaign or a slogan of theirs
        return not self.foreign_words(plain) and not self.unstated_campaign(plain)

    def foreign_words(self, phrase: str) -> list[str]:
        """Words of a field this bureau is not in, which no fact says."""
        found = []
        for field in field_data()["fields"].values():
            if any(marker in self.bureau for marker in field["bureau"]):
                continue
            found += [w for w in field["words"] if w in phrase and w not in self.facts_text]
        return found

    def unstated_field_words(self, phrase: str) -> list[str]:
        """Words of any field, the bureau's own included, that no fact says: what an example's work focused on."""
        return [w for field in field_data()["fields"].values() for w in field["words"]
                if w in phrase and w not in self.facts_text]

    def neutral(self, phrase: str) -> bool:
        """Stricter than allows, for a clause lifted from an example: no field word, list or claim of any kind."""
        return (self.allows(phrase) and not self.unstated_field_words(phrase) and not find_claims(phrase)
                and not re.search(r"[、等]", self._without_programmes(phrase)))

    def unstated_campaign(self, phrase: str) -> bool:
        return any(w in phrase and w not in self.facts_text for w in field_data()["campaign_words"])

    def _without_programmes(self, phrase: str) -> str:
        for programme in field_data()["set_programmes"]:
            phrase = phrase.replace(programme, "")
        return phrase


def bigrams(text: str) -> set[str]:
    return {text[i:i + 2] for i in range(len(text) - 1)}


def section_headings(examples: list[Hit], guard: PhraseGuard) -> list[str]:
    """The examples' subheadings in two parallel clauses that the guard allows."""
    headings = []
    for hit in examples:
        heading = hit.heading_path.split(" > ")[-1] if " > " in hit.heading_path else ""
        heading = _CLAUSE_END.sub("", _NUMBERING.sub("", heading.strip()))
        if "，" in heading and len(heading) <= 30 and guard.allows(heading) and heading not in headings:
            headings.append(heading)
    return headings


def item_headings(examples: list[Hit], guard: PhraseGuard) -> list[tuple[str, str]]:
    """(heading, body) of the examples' 一是 items whose first clause is short and allowed."""
    items = []
    for hit in examples:
        for match in _ITEM.finditer(hit.text):
            if guard.allows(match[1]) and match[1] not in (h for h, _ in items):
                items.append((match[1], match[2]))
    return items


def opening_sentence(examples: list[Hit], guard: PhraseGuard) -> str:
    """The first sentence of an example that is framing, not an item or a fact."""
    for hit in examples:
        first = hit.text.split("。", 1)[0].strip()
        if first and not re.match(r"[一二三四五六七八九十]+是", first) and 8 <= len(first) <= 60 \
                and "：" not in first and guard.allows(first):
            return first + "。"
    return ""


def framing_clauses(examples: list[Hit], guard: PhraseGuard) -> list[str]:
    """Clauses of the example openings that frame the year (坚持以…为指导, 深入贯彻…)."""
    clauses = []
    for hit in examples:
        for clause in re.split(r"[，。；]", hit.text):
            if re.match(r"(坚持|深入|全面|认真|紧紧围绕|统筹推进|持续)", clause) and _SET_FRAMING.search(clause) \
                    and guard.allows(clause) and 6 <= len(clause) <= 40 and clause not in clauses:
                clauses.append(clause)
    return sorted(clauses, key=lambda c: not c.startswith("坚持以"))  # the guiding thought comes first


def leadership_phrase(examples: list[Hit], bureau: str) -> str:
    """"在县委、县政府的坚强领导下" when the examples frame the year so and the bureau's level is known."""
    level = bureau_level(bureau)
    for hit in examples:
        found = re.search(r"在(?:[\u4e00-\u9fff]{0,4}?)([市区县州旗])委、\1政府的(坚强|正确)领导下", hit.text)
        if found and level:
            return f"在{level}委、{level}政府的{found[2]}领导下"
    return ""


def bureau_level(bureau: str) -> str:
    """The administrative level of the author (示例县应急管理局 -> 县), or "" when unknown."""
    levels = [m[0] for m in re.finditer(r"[市区县州旗](?!场)", bureau)]
    department = re.search(r"(应急|司法|市场|生态|人力|教育|卫生|农业|财政|自然|住房|交通|水务|文化|民政|商务|发展)", bureau)
    if department:
        levels = [m[0] for m in re.finditer(r"[市区县州旗](?!场)", bureau[:department.start()])]
    return levels[-1] if levels else ""


def fallback_headings(topic: str) -> list[str]:
    """Neutral two-clause subheadings of a topic, for facts no example's subheading fits."""
    headings = kind_data()["section_headings"]
    return headings.get(topic) or headings["general"]


def runs(text: str, size: int = REPEAT_RUN) -> set[str]:
    """Every run of `size` characters inside the text's clauses (punctuation ends a run)."""
    found = set()
    for piece in re.split(r"[，。；：、！？,;:!?\s]+", text):
        found |= {piece[i:i + size] for i in range(len(piece) - size + 1)}
    return found


class FramingLedger:
    """The framing a section already carries, so that no phrase of it comes twice."""

    def __init__(self, *texts: str):
        self.taken: set[str] = set()
        for text in texts:
            self.add(text)

    def fresh(self, phrase: str) -> bool:
        return not runs(phrase, CLOSE_RUN) & self.taken

    def add(self, phrase: str) -> None:
        self.taken |= runs(phrase, CLOSE_RUN)


def example_frames(examples: list[Hit], guard: PhraseGuard) -> list[str]:
    """The examples' neutral purpose frames (围绕…, 以…为抓手): no field word, list, name or number."""
    frames = []
    for hit in examples:
        for clause in re.split(r"[，。；]", hit.text):
            clause = clause.strip()
            if _FRAME_START.match(clause) and 6 <= len(clause) <= 20 and clause not in frames and guard.neutral(clause):
                frames.append(clause)
    return frames


def section_opening(examples: list[Hit], guard: PhraseGuard) -> str:
    """An example section's first sentence when it only frames (坚持…，始终…): its clauses without the subject."""
    for hit in examples:
        first = _SENTENCE_SUBJECT.sub("", hit.text.split("。", 1)[0].strip())
        clauses = [c for c in re.split(r"[，；]", first) if c]
        if 2 <= len(clauses) <= 3 and 14 <= len(first) <= 50 and all(frames_only(c) for c in clauses) \
                and guard.neutral(first):
            return first
    return ""


def frames_only(clause: str) -> bool:
    """True for a clause that frames the work and states nothing done."""
    data = kind_data()
    return clause.startswith(tuple(data["opening_starts"])) and not any(v in clause for v in data["claim_verbs"])
