"""Names of the organs that write the report: found in a title, a signature or the body, told
apart from other organs the body mentions, with their kind (应急管理, 司法行政, 人民政府 …) and level
(省 / 市 / 区县 / 乡镇街道). Word lists: assistant/data/organs.yaml."""

import re
from collections import Counter
from functools import lru_cache

from assistant.wordlists import data_file

HAN = "\u4e00-\u9fff"
LEVELS = ("省", "市", "区县", "乡镇街道")
# A place unit ends a place name: 绍兴市, 越城区, 柯桥街道 …
# 和 / 与 never stand in a place name (住房和城乡建设局 names no 乡), nor does 城乡.
PLACE_UNIT_RE = re.compile(rf"(?:(?![和与及的])[{HAN}]){{1,10}}?(?:自治区|自治州|自治县|地区|新区|街道|省|市(?!场|政|容|管|民|级)|州|盟"
                           rf"|区(?!域|划)|县|旗|(?<!城)(?:镇|乡)(?![市区县州旗村]))")
BARE_LEVEL = "省市区县"
# “市场监管局” and “区域…” open with 市 / 区 but name no level.
NOT_BARE_RE = re.compile("市[场政容管民]|区[域划]")


def vocabulary() -> dict:
    """The organ word lists of assistant/data/organs.yaml, read once."""
    return data_file("organs.yaml")


def all_kinds() -> list[str]:
    """Every kind of author there is: the departments' fields, then 人民政府, 乡镇, 街道, 开发区."""
    governments = dict.fromkeys([*vocabulary()["governments"].values(), "乡镇"])
    return [*vocabulary()["kinds"], *governments]


@lru_cache(maxsize=1)
def organ_re() -> re.Pattern:
    """A name from its start up to the first organ ending: 绍兴市市场监督管理局, 某镇人民政府 …"""
    suffixes = "|".join(vocabulary()["suffixes"])
    return re.compile(rf"(?:中共)?[{HAN}]{{1,22}}?(?:{suffixes})")


def is_party(name: str) -> bool:
    """A Party organ (中共某区委, 某局党组): it signs beside the author but is not the author."""
    party = vocabulary()["party"]
    return name.startswith("中共") or name.endswith(tuple(party)) or bool(re.search("[省市区县镇乡]委$", name))


def place_of(name: str) -> str:
    """The place prefix of a name: 绍兴市 of 绍兴市司法局, 某区某镇 of 某区某镇人民政府."""
    position = 0
    while match := PLACE_UNIT_RE.match(name, position):
        if len(name) - match.end() < 1 and not name.endswith(("镇", "乡", "街道")):
            break
        position = match.end()
    return name[:position]


def full_name(name: str) -> str:
    """A bureau's name in its full form: 某市市场监管局 → 某市市场监督管理局; a bare place names its
    government (某镇 → 某镇人民政府, 某街道 → 某街道办事处)."""
    name = re.sub(r"\s+", "", name or "")
    for short, full in aliases():
        if name.endswith(short) and not name.endswith(full):
            return name[: -len(short)] + full
    if name and place_of(name) == name:
        return name + ("办事处" if name.endswith("街道") else "人民政府")
    return name


@lru_cache(maxsize=1)
def aliases() -> tuple[tuple[str, str], ...]:
    """(short, full) organ names, longest short form first so that 人力社保局 wins over 社保局."""
    return tuple(sorted(vocabulary()["aliases"].items(), key=lambda pair: -len(pair[0])))


def bureau_identity(name: str) -> tuple[str, str]:
    """(place, organ) of a bureau's name, the organ in full: 某市市场监管局 → (某市, 市场监督管理局);
    a bare level is its own place (区司法局 → (区, 司法局))."""
    name = full_name(name)
    place = place_of(name) or (name[:1] if bare_level(name) else "")
    return place, name[len(place):]


def same_bureau(a: str, b: str) -> bool:
    """True when two names are one bureau: the same organ, and places that agree where both are
    written (江汉区 and 武汉市江汉区 agree; a bare 区 or no place agrees with any)."""
    (place_a, organ_a), (place_b, organ_b) = bureau_identity(a), bureau_identity(b)
    if not organ_a or organ_a != organ_b:
        return False
    if len(place_a) <= 1 or len(place_b) <= 1:
        return True
    return place_a.endswith(place_b) or place_b.endswith(place_a)


def organ_kind(name: str) -> str:
    """The kind of organ a name is: a department's field, or 人民政府 / 乡镇 / 街道 / 开发区."""
    if name.endswith(("管理委员会", "管委会")) and any(word in name for word in vocabulary()["zones"]):
        return "开发区"
    for ending, kind in vocabulary()["governments"].items():
        if name.endswith(ending):
            return "乡镇" if kind == "人民政府" and place_of(name).endswith(("镇", "乡")) else kind
    own = name[len(place_of(name)):].replace("人民政府", "")  # 人民政府 holds 民政 but names no field
    for kind, words in vocabulary()["kinds"].items():
        if any(word in own for word in words):
            return kind
    return ""


def organ_level(name: str) -> str:
    """省, 市, 区县 or 乡镇街道, from the organ's kind and the last unit of its place."""
    if not name:
        return ""
    if organ_kind(name) in ("乡镇", "街道") or name.endswith("办事处"):
        return "乡镇街道"
    if name.endswith("厅"):
        return "省"
    place = place_of(name) or name[:1]
    for units, level in (("镇乡道", "乡镇街道"), ("区县旗", "区县"), ("市州盟", "市"), ("省", "省")):
        if place[-1] in units:
            return level
    return ""


def is_organ(name: str) -> bool:
    """A plausible organ name: a place (or a bare 市/区/县) before an organ ending, not the Party."""
    if not name or is_party(name) or len(name) > 30:
        return False
    if name.endswith(("镇", "乡", "街道")):
        return bool(place_of(name)) and len(name) >= 3
    if name.endswith(("管委会", "管理委员会")):  # 开发区 and 园区 bear names, not places
        return len(name) >= 5
    return bool(organ_re().fullmatch(name)) and (bool(place_of(name)) or bare_level(name))


def bare_level(name: str) -> bool:
    """A name that opens with its level only, as a report calls its own bureau: 区司法局, 市市场监管局."""
    return name[:1] in BARE_LEVEL and not NOT_BARE_RE.match(name)


def organs_in_line(text: str, party: bool = False) -> list[str]:
    """Every organ named in a signature line, which may hold two: 中共某镇委员会某镇人民政府
    (the Party's only when asked for)."""
    if organ_re().fullmatch(text) and is_organ(text) and not re.search("党|中共", text):  # 某市人民政府国资委 is one organ
        return [text]
    names, position = [], 0
    while match := organ_re().match(text, position):
        name = extend_government(text, match.group())
        names.append(name)
        position += len(name)
    return [name for name in names if is_organ(name) or (party and is_party(name) and len(name) >= 4)]


def extend_government(text: str, name: str) -> str:
    """某镇 → 某镇人民政府, 某县人民政府 → 某县人民政府办公室, 某市公安局 → 某市公安局某分局,
    中共某局 → 中共某局委员会: where the text goes on with an organ's ending."""
    rest = text[text.find(name) + len(name):] if name in text else ""
    for ending in vocabulary()["continuations"]:
        if rest.startswith(ending):
            return extend_government(text, name + ending) if ending == "人民政府" else name + ending
    branch = re.match(rf"[{HAN}]{{1,8}}?分局", rest)
    return name + branch.group() if branch and not re.search("[的和与在]", branch.group()) else name


def subject_organ(clause: str) -> str:
    """The organ a clause opens with, when it is the clause's subject (某区司法局坚持……)."""
    vocab = vocabulary()
    match = organ_re().match(clause) or re.match(rf"[{HAN}]{{1,10}}?(?:镇|乡|街道)", clause)
    if not match:
        return ""
    name = extend_government(clause, match.group())
    name = match.group() if is_party(name) and not is_party(match.group()) else name  # 某局党组坚持… is the bureau
    rest = clause[len(name):]
    if not is_organ(name) or rest.startswith(tuple(vocab["other_organ_words"])):
        return ""
    return name if rest.startswith(tuple(vocab["subject_words"])) else ""


def body_authors(text: str) -> list[str]:
    """Organs the body names as its own subject, most often named first."""
    clauses = re.split(r"[。；！？\n]|(?<=[，：])", text)
    names = [name for clause in clauses if (name := subject_organ(clause.strip()))]
    counts = Counter(names)
    return sorted(counts, key=lambda name: (-counts[name], names.index(name)))


def matches_abbreviation(name: str, abbreviation: str) -> bool:
    """Whether a document number's organ (荔应急) abbreviates a name (荔湾区应急管理局): its characters in order."""
    rest = iter(name)
    return bool(abbreviation) and all(char in rest for char in abbreviation)


def complete_place(name: str, others: list[str], text: str) -> str:
    """A name without its place (市市场监管局) completed from a fuller name of the same kind, or the body's own place."""
    fuller = [other for other in others if other.endswith(name) and len(other) > len(name) and is_organ(other)]
    if fuller:
        return max(fuller, key=len)
    if not name or not bare_level(name) or place_of(name)[:-1]:
        return name
    kind = organ_kind(name)
    for other in others:
        if other != name and place_of(other)[:-1] and organ_kind(other) == kind and organ_level(other) == organ_level(name):
            return other
    place = most_named_place(text, name[0])
    return place + name[1:] if place else name


def most_named_place(text: str, unit: str) -> str:
    """The place of that unit (市, 区 …) the text names most often: 绍兴市 in a city bureau's report."""
    found = Counter(m.group() for m in re.finditer(rf"[{HAN}]{{2,3}}{unit}(?=[{HAN}])", text)
                    if m.group()[0] not in BARE_LEVEL + vocabulary()["place_determiners"]
                    and not re.search("[的和与在了是对为]", m.group()))
    common = [(place, n) for place, n in found.most_common(1) if n >= 2]
    return common[0][0] if common else ""
