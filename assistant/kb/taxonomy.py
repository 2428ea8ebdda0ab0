"""The canonical parts of the report and the topics inside its measures (see DOMAIN.md).

Ids are English (code, metadata, CLI); names are Chinese (what people read and type).
Keywords (assistant/data/parts.yaml) decide which part a heading belongs to; weighted evidence (assistant/data/topics.yaml)
decides which topic a text is about, and aliases let people name a topic their own way.
"""

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

from assistant.wordlists import DATA_DIR, data_file

TOPICS_FILE = DATA_DIR / "topics.yaml"
HEADING_SHARE = 0.7  # a heading says what its section is about: its evidence decides 70 %, the body's 30 %
MIN_EVIDENCE = 2  # below this (one shared word) a text is about no topic in particular


@dataclass(frozen=True)
class Label:
    id: str
    name: str
    keywords: tuple[str, ...] = ()  # a part's: words that put a heading in it
    aliases: tuple[str, ...] = ()  # how people name it: accepted wherever the id or name is
    evidence: tuple[tuple[str, int], ...] = ()  # (word, weight) speaking for a topic


def load_topics(path: Path = TOPICS_FILE) -> tuple[Label, ...]:
    """The topics of the data file, with their aliases and weighted evidence."""
    entries = yaml.safe_load(path.read_text(encoding="utf-8"))
    return tuple(Label(e["id"], e["name"], aliases=tuple(e.get("aliases", ())),
                       evidence=tuple((str(w), int(n)) for w, n in e["evidence"].items())) for e in entries)


PARTS = tuple(Label(p["id"], p["name"], tuple(p["heading_words"])) for p in data_file("parts.yaml"))

TOPICS = load_topics()

PART_IDS = tuple(p.id for p in PARTS)
TOPIC_IDS = tuple(t.id for t in TOPICS)


def _best(labels: tuple[Label, ...], text: str, fallback: str) -> str:
    """The label whose keywords occur most often in text (earlier labels win ties)."""
    scores = [(sum(text.count(k) for k in label.keywords), -i, label.id) for i, label in enumerate(labels)]
    score, _, best = max(scores)
    return best if score > 0 else fallback


def classify_topic(text: str, heading: str = "") -> str:
    """The topic id a text is about, by weighted evidence; a heading with evidence weighs more than a long body."""
    body, head = topic_scores(text), topic_scores(heading)
    if not head:
        return best_topic(body)
    shares = {t: HEADING_SHARE * share(head, t) + (1 - HEADING_SHARE) * share(body, t) for t in head.keys() | body.keys()}
    best = best_topic(shares, minimum=0)
    return best if head.get(best, 0) + body.get(best, 0) >= MIN_EVIDENCE else "general"


def share(scores: dict[str, int], topic: str) -> float:
    """A topic's share of all the evidence in scores."""
    total = sum(scores.values())
    return scores.get(topic, 0) / total if total else 0.0


def best_topic(scores: dict[str, float], minimum: float = MIN_EVIDENCE) -> str:
    """The topic with the most evidence (earlier topics win ties), or general below the minimum."""
    order = {t.id: i for i, t in enumerate(TOPICS)}
    best = max(scores, key=lambda t: (scores[t], -order[t]), default="general")
    return best if scores.get(best, 0) >= minimum else "general"


def topic_scores(text: str) -> dict[str, int]:
    """Each topic's weighted evidence in text; of overlapping words (执法, 执法资格) the longest counts."""
    if not text:
        return {}
    weights, pattern = evidence_index()
    scores: dict[str, int] = {}
    for match in pattern.finditer(text):
        for topic, weight in weights[match.group()]:
            scores[topic] = scores.get(topic, 0) + weight
    return scores


ALIAS_WEIGHT = 3  # an alias inside a wording names the topic as strongly as its best evidence


def alias_scores(text: str) -> dict[str, int]:
    """ALIAS_WEIGHT for each name or alias of three characters or more in text (longest first, no overlaps)."""
    owners, pattern = alias_index()
    scores: dict[str, int] = {}
    for match in pattern.finditer(text):
        topic = owners[match.group()]
        scores[topic] = scores.get(topic, 0) + ALIAS_WEIGHT
    return scores


@lru_cache(maxsize=1)
def alias_index() -> tuple[dict[str, str], re.Pattern]:
    """Name or alias -> topic id, and one pattern trying longer ones first."""
    # Two-character aliases (执法, 普法) sit inside other topics' wordings (执法人员培训): exact use only.
    owners = {alias: t.id for t in reversed(TOPICS) for alias in (t.name, *t.aliases) if len(alias) > 2}
    return owners, re.compile("|".join(map(re.escape, sorted(owners, key=len, reverse=True))))


@lru_cache(maxsize=1)
def evidence_index() -> tuple[dict[str, list[tuple[str, int]]], re.Pattern]:
    """Evidence word -> [(topic, weight)], and one pattern trying longer words first."""
    weights: dict[str, list[tuple[str, int]]] = {}
    for topic in TOPICS:
        for word, weight in topic.evidence:
            weights.setdefault(word, []).append((topic.id, weight))
    words = sorted(weights, key=len, reverse=True)
    return weights, re.compile("|".join(map(re.escape, words)))


# “2025年工作重点”, “2024年度法治建设工作要点”: a year followed by what will be done.
PLAN_YEAR_RE = re.compile(r"\d{4}年度?.{0,12}(?:计划|打算|思路|安排|重点|要点|设想|目标)")


def classify_part_heading(heading: str) -> str:
    """The canonical part id of a top-level heading; anything unrecognised is a measures part."""
    plain = re.sub(r"\s+", "", heading)
    for part_id in ("leader_duty", "shortcomings", "highlights", "plans"):
        if _best((label_of(PARTS, part_id),), plain, "") == part_id:
            return part_id
    # “2023年度工作目标完成情况” looks back, not ahead.
    looks_ahead = PLAN_YEAR_RE.search(plain) and not re.search("情况|成效|完成", plain)
    return "plans" if looks_ahead else "measures"


def label_of(labels: tuple[Label, ...], id_or_name: str) -> Label:
    """Find a part or topic by its id, Chinese name or an alias; KeyError if unknown."""
    for label in labels:
        if id_or_name in (label.id, label.name, *label.aliases):
            return label
    raise KeyError(id_or_name)


# Numbering, spaces and the words a person adds around a topic's name (“一、行政复议工作情况”).
WORDING_NOISE_RE = re.compile(r"^[（(]?[一二三四五六七八九十\d]+[)）、.．]?|\s+|[，。、；：,.;:“”\"]|(?:方面|工作|情况|建设情况)+$")


def topic_of_wording(wording: str) -> Label:
    """A topic from how a person names it: id, name, alias, a wording holding an alias, or its evidence."""
    plain = WORDING_NOISE_RE.sub("", wording.strip())
    for text in (wording.strip(), plain):
        try:
            return label_of(TOPICS, text)
        except KeyError:
            pass
    scores = topic_scores(plain)
    for topic, score in alias_scores(plain).items():
        scores[topic] = scores.get(topic, 0) + score
    topic = best_topic(scores, minimum=1)  # a person names a topic in a few words: any evidence will do
    if topic == "general":
        raise KeyError(wording)
    return label_of(TOPICS, topic)


def find_label(labels: tuple[Label, ...], wording: str) -> Label:
    """A part by id or name, or a topic however a person names it; KeyError if unknown."""
    return topic_of_wording(wording) if labels is TOPICS else label_of(labels, wording)


def topic_choice_label(topic: Label, aliases: int = 3) -> str:
    """A topic's name with a few of its other wordings: "权力监督（行政复议、行政应诉、案卷评查）"."""
    others = [a for a in topic.aliases if a not in topic.name and topic.name not in a][:aliases]
    return f"{topic.name}（{'、'.join(others)}）" if others else topic.name


def choices(labels: tuple[Label, ...]) -> str:
    """The valid ids with their names, for an error message: "measures（主要举措和成效）、…"."""
    return "、".join(f"{label.id}（{label.name}）" for label in labels)
