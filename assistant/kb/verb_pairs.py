"""Verb–object pairs of past reports, mined from each passage at ingest ("宣传资料=发放"): the verb
a bureau puts before a noun of the table in assistant/data/verb_objects.yaml, read back by the
offline drafter (assistant/write/phrasing.py) so its notes take the verbs of the bureau's own reports."""

import re
from functools import lru_cache

import yaml

from assistant.wordlists import DATA_DIR

CJK = "\u4e00-\u9fff"


@lru_cache(maxsize=1)
def verb_table() -> dict:
    """The built-in verb–object table, the verbs a report writes, and the verbs of bare counts."""
    data = yaml.safe_load((DATA_DIR / "verb_objects.yaml").read_text(encoding="utf-8"))
    data["actions"] = tuple(sorted(data["verbs"], key=len, reverse=True))
    data["verbs"] = tuple(sorted(set(data["verbs"]) | set(data["openers"]), key=len, reverse=True))
    return data


def verb_pairs(text: str) -> str:
    """The verb–object pairs of a passage whose object ends with a table noun, as stored at ingest:
    "宣传资料=发放;培训班=举办", read back by Phrasebook. Found from each table noun backwards,
    so a chunk costs a few look-ups rather than a scan for every verb at every character."""
    keys, before = ingest_patterns()
    pairs = set()
    for key in keys.finditer(text):
        if key.end() < len(text) and re.match(f"[{CJK}]", text[key.end()]) and text[key.end()] not in "共计累达":
            continue  # not the whole noun
        found = before.search(text, max(0, key.start() - 10), key.start())
        if found and found[1] not in verb_table()["modifiers"]:
            pairs.add(f"{found[2]}{key[0]}={found[1]}")
    return ";".join(sorted(pairs))


@lru_cache(maxsize=1)
def ingest_patterns() -> tuple[re.Pattern, re.Pattern]:
    """The table's nouns, and a real verb (with up to six characters of object) right before one."""
    keys = "|".join(sorted(map(re.escape, verb_table()["objects"]), key=len, reverse=True))
    verbs = "|".join(verb_table()["actions"])
    return re.compile(keys), re.compile(f"({verbs})了?([{CJK}]{{0,6}}?)$")


