"""What a fact is about (data/item_kinds.yaml) and the small choices every composer shares."""

import re

from assistant.write.framing import bigrams, kind_data

def kind_of(text: str) -> str:
    """The item kind whose words, weighed by length, occur most in the text ("" when none does)."""
    scores = [(sum(len(w) for w in kind["words"] if w in text), -i, kind["id"])
              for i, kind in enumerate(kind_data()["kinds"])]
    score, _, best = max(scores)
    return best if score else ""


def kinds() -> dict:
    """The item kinds by id."""
    return {kind["id"]: kind for kind in kind_data()["kinds"]}


def echoes(heading: str, body: str) -> bool:
    """True when the body opens by restating its heading (全面实施…。全面实施…)."""
    first = re.sub(r"^(进一步|持续|继续|深入|不断)", "", re.split(r"[，。；]", body, maxsplit=1)[0])
    shared = bigrams(heading) & bigrams(first)
    return first.startswith(heading[:4]) or (bool(shared) and len(shared) / max(len(bigrams(heading)), 1) >= 0.5)


def pick(options: list[str], variant: int) -> str:
    """The option a variant picks, cycling ("" when there is none)."""
    return options[variant % len(options)] if options else ""
