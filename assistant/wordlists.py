"""The word lists of assistant/data/*.yaml: each file read once, and words turned into a regex
alternation the same way everywhere (escaped, longest first, so 今年以来 wins over 今年)."""

import re
from functools import lru_cache
from pathlib import Path

import yaml

DATA_DIR = Path(__file__).parent / "data"


@lru_cache(maxsize=None)
def data_file(name: str) -> dict:
    """The parsed contents of assistant/data/<name>, read once."""
    return yaml.safe_load((DATA_DIR / name).read_text(encoding="utf-8"))


def alternation(words) -> str:
    """A regex alternation of literal words, longest first."""
    return "|".join(re.escape(word) for word in sorted(words, key=len, reverse=True))


@lru_cache(maxsize=None)
def words_re(name: str, key: str) -> re.Pattern:
    """A pattern matching any word of one list of a data file: words_re("number_words.yaml", "plan_hint")."""
    return re.compile(alternation(data_file(name)[key]))
