"""What a fact is about (data/item_kinds.yaml) and the small choices every composer shares."""

import re

from assistant.write.drafting import DraftRequest
from assistant.write.framing import PhraseGuard, bigrams, kind_data

CONNECTORS = ("同时，", "此外，")  # the genre's joins of a later sentence to an earlier one
CLAUSE_END = re.compile(r"[。；;！!？?，,]+$")

# How an author names itself in the body, by the ending of its name: (ending, word); 我 + word is its
# subject (我局, 我委, 我街道), 全 + word its whole staff (全局干部职工), word + 主要负责人 its principal.
_SELF_WORDS = (("街道办事处", "街道"), ("委员会", "委"), ("委", "委"), ("办事处", "办"), ("办公室", "办"), ("局", "局"))
# The table phrases the composers write for a 局 (part_forms.yaml, item_kinds.yaml), in that author's words.
_AUTHOR_PHRASES = ("我局", "局主要负责人", "全局工作", "全局干部职工")


def self_word(bureau: str) -> str:
    """局 for a 局, 委 for a 委员会, 街道 for a 街道办事处, 县/区/镇… for a 人民政府."""
    for ending, word in _SELF_WORDS:
        if bureau.endswith(ending):
            return word
    government = re.search(r"([省市区县镇乡])人民政府$", bureau)
    return government[1] if government else "局"


def self_name(bureau: str) -> str:
    """How the author names itself in the body: 我局, 我委, 我街道, 我县…"""
    return "我" + self_word(bureau)


def in_authors_words(text: str, bureau: str) -> str:
    """The composers' 局 phrases (我局, 局主要负责人, 全局工作) said as this author says them."""
    word = self_word(bureau)
    if word == "局":
        return text
    principal = f"{word}政府主要负责人" if bureau.endswith("人民政府") else f"{word}主要负责人"
    said = {"我局": f"我{word}", "局主要负责人": principal, "全局工作": f"全{word}工作", "全局干部职工": f"全{word}干部职工"}
    return re.sub("|".join(_AUTHOR_PHRASES), lambda m: said[m[0]], text)


def guard_of(request: DraftRequest) -> PhraseGuard:
    """The guard an example's phrase must pass for this request's facts and bureau."""
    return PhraseGuard(" ".join(f.text for f in request.facts), request.bureau)


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
