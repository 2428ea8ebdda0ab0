"""Notes into the register: a fact as staff jot it, rewritten as clauses with their verbs.

`执法检查 企业412家次 查隐患1876项` -> `开展执法检查，检查企业412家次，排查隐患1876项`;
`规范性文件清理：清理3件，废止1件` -> `清理规范性文件3件，废止1件`. Colloquial words and note symbols
become the register's words (data/register.yaml); a bare noun phrase takes the verb the knowledge
base's passages put before it, or the built-in table's (data/verb_objects.yaml). Nothing is added
that the note does not say: every number, name and place stays, and no new one appears.
"""

import re
from collections import Counter
from functools import lru_cache

import yaml

from assistant.check.mentions import find_quantities
from assistant.kb.verb_pairs import verb_table
from assistant.wordlists import DATA_DIR

CJK = "\u4e00-\u9fff"
# Quotes and titles are kept exactly as written: “执法+普法” is a slogan, not a note.
_PROTECTED = re.compile(r"“[^”]*”|《[^》]*》|\"[^\"]*\"|‘[^’]*’")
_COUNT = re.compile(r"^(?:约|近|共|共计|累计|合计)?(?:[0-9]|[一二两三四五六七八九十百千万]+[余多]?[个项件次场期名人家份起台套批户条卷万])")
_MEASURE = "个项件次场期名人家份起台套批户条卷万亿元年月日余多批辆部本册处所%"
_DIGIT_GAP = re.compile(r"(?<=[0-9])\s+(?=[" + _MEASURE + r"])|(?<=[0-9][.])\s+|\s+(?=[.%])")
_SEGMENT_GAP = re.compile(r"(?<=[" + CJK + r"0-9%”》）])\s+(?=[" + CJK + r"0-9“《（])")
_CLAUSE = re.compile(r"[，；]")
_NUMERAL_RUN = re.compile(r"^[零一二两三四五六七八九十百千万亿]+")
_TIME_FRAME = "今年以来|全年|年内|年初|上半年|下半年|截至[0-9一二三四五六七八九十]{1,2}月底?"
_CLAUSE_TAIL = re.compile(r"[。；;，,\s]+$")
# Counts whose unit is a word of its own (2400余公里, 1.6万平方米, 3个工作日).
_MEASURE_WORDS = re.compile(r"[0-9.]+[余多]?[万亿]?(?:公里|平方米|立方米|千米|公斤|千克|万元|亿元|个工作日|小时)")


@lru_cache(maxsize=1)
def register_rules() -> dict:
    """The rewrite lexicon: compiled colloquial and symbol rewrites and note verbs
    (data/note_register.yaml), then the proofreader's colloquial table (data/register.yaml)."""
    data = yaml.safe_load((DATA_DIR / "note_register.yaml").read_text(encoding="utf-8"))
    compiled = {key: [(re.compile(p), r) for p, r in data[key]] for key in ("colloquial", "symbols", "shapes")}
    proofread = yaml.safe_load((DATA_DIR / "register.yaml").read_text(encoding="utf-8"))
    compiled["colloquial"] += [(re.compile(e["pattern"]), re.sub(r"\{(\w+)\}", r"\\g<\1>", e["formal"]))
                               for e in proofread.get("colloquial", [])]
    return compiled | {"verbs": data["verbs"], "campaign": re.compile(data["campaign_name"])}


def colloquial_words() -> list[re.Pattern]:
    """The colloquial patterns of the lexicon, for a check that none is left in a draft."""
    return [pattern for pattern, _ in register_rules()["colloquial"]]


class Phrasebook:
    """Verb–object pairs of the knowledge base's passages (mined at ingest, see `verb_pairs`, or
    from the passages' text when an older index has none), with the built-in table below."""

    def __init__(self, passages: list[str] = (), pairs: list[str] = ()):
        self.text = "\n".join(passages)
        self.pairs = Counter(tuple(p.split("=", 1)) for entry in pairs for p in entry.split(";") if "=" in p)
        self.mined: dict[str, str] = {}

    def verb_for(self, noun: str) -> str:
        """The verb the passages most often put right before the noun, else the table's, else ""."""
        if noun not in self.mined:
            self.mined[noun] = self._from_pairs(noun) or self._mine(noun) or table_verb(noun)
        return self.mined[noun]

    def _from_pairs(self, noun: str) -> str:
        found = [(count, verb) for (object_, verb), count in self.pairs.items() if object_ == noun]
        return max(found)[1] if found else ""

    def _mine(self, noun: str) -> str:
        if not self.text or len(noun) < 2:
            return ""
        found = Counter(verb for verb, _ in pair_matches(self.text, re.escape(noun)))
        return found.most_common(1)[0][0] if found else ""


def pair_matches(text: str, noun_pattern: str) -> list[tuple[str, str]]:
    """(verb, noun) for each real verb right before a whole noun the pattern matches."""
    verbs = "|".join(verb_table()["actions"])  # real verbs only: 加强, 推进 frame, they do not act
    ends = f"(?![{CJK}])|(?=[共计累达])"  # the whole noun: 下达行政处罚决定书 is not 下达 + 行政处罚
    return [(m[1], m[2]) for m in re.finditer(f"({verbs})了?({noun_pattern})(?:{ends})", text)
            if m[1] not in verb_table()["modifiers"]]  # 宣传活动 is a noun, not 宣传 + 活动


def table_verb(noun: str) -> str:
    """The built-in verb of the longest table key the noun ends with."""
    keys = [key for key in verb_table()["objects"] if noun.endswith(key)]
    return verb_table()["objects"][max(keys, key=len)] if keys else ""


def rewrite_note(text: str, book: Phrasebook | None = None) -> str:
    """A note rewritten as clauses in the register, with no closing punctuation."""
    book = book or Phrasebook()
    text = to_register(_DIGIT_GAP.sub("", re.sub(r"\s+", " ", text.strip())))
    frame = re.match(f"({_TIME_FRAME})[，\\s]?(?=[{CJK}])", text)
    if frame and frame.end() < len(text):  # 全年执法检查：… -> 全年开展执法检查，…
        return frame[1] + rewrite_note(text[frame.end():], book)
    head, colon, body = text.partition("：")
    if colon and body and 2 <= len(head) <= 14 and not has_count(head) and not _PROTECTED.search(head):
        return to_shapes(_CLAUSE_TAIL.sub("", colon_note(head, body, book)))
    clauses = [spaced_note(c, book) if _SEGMENT_GAP.search(c) else clause_with_verb(c, book)
               for c in _CLAUSE.split(text)]
    return with_activity_verb(to_shapes(_CLAUSE_TAIL.sub("", "，".join(c for c in clauses if c))))


def with_activity_verb(text: str) -> str:
    """A day or campaign's activity with its count and no verb gets 开展: “5·12”防灾减灾日宣传咨询8场."""
    activity = re.match(f"^“[^”]{{1,16}}”[{CJK}]{{0,8}}?(?:宣传|咨询|活动|讲座|义诊)[{CJK}]{{0,4}}[0-9]", text)
    return f"开展{text}" if activity else text


def to_shapes(text: str) -> str:
    """The note shapes of the lexicon (专题5次 after a study, 值班24小时值守) as a report writes them."""
    def rewrite(piece: str) -> str:
        for pattern, replacement in register_rules()["shapes"]:
            piece = pattern.sub(replacement, piece)
        return piece
    return outside_protected(text, rewrite)


@lru_cache(maxsize=1)
def standard_forms() -> list[tuple[str, str]]:
    """(wrong, correct) of the proofreader's standard phrases (data/standard_phrases.yaml) that
    differ only in their quotes and 、 (谁执法谁普法 -> “谁执法谁普法”, 双随机一公开 -> “双随机、一公开”),
    longest first. A misspelling (法制 for 法治) is left for the proofreader to show the person."""
    data = yaml.safe_load((DATA_DIR / "standard_phrases.yaml").read_text(encoding="utf-8"))
    bare = lambda phrase: re.sub("[“”\"、]", "", phrase)
    pairs = [(wrong, e["correct"]) for e in data["phrases"] for wrong in e.get("wrong", [])
             if wrong != e["correct"] and bare(wrong) == bare(e["correct"])]
    return sorted(pairs, key=lambda pair: -len(pair[0]))


def to_register(text: str) -> str:
    """Note symbols, colloquial words and unquoted standard phrases rewritten, outside quotes and titles."""
    rules = register_rules()
    def rewrite(piece: str) -> str:
        for pattern, replacement in rules["symbols"] + rules["colloquial"]:
            piece = pattern.sub(replacement, piece)
        for wrong, correct in standard_forms():
            piece = piece.replace(wrong, correct)
        return piece
    return outside_protected(text, rewrite)


def outside_protected(text: str, rewrite) -> str:
    """Apply rewrite to the text between quotes and titles, leaving those as they are."""
    pieces, last = [], 0
    for match in _PROTECTED.finditer(text):
        pieces += [rewrite(text[last:match.start()]), match[0]]
        last = match.end()
    return "".join(pieces + [rewrite(text[last:])])


def has_count(text: str) -> bool:
    return any(not q.ignore for q in find_quantities(text))


def is_bare_count(segment: str) -> bool:
    """A segment that is only a count: "2期", "96人次", "8000余份"."""
    segment = re.sub(r"（[^（）]*）$", "", segment)  # 12场（含桌面推演3场）: the aside is the count's own
    rest = re.sub(r"^(?:约|近|共计?|累计|合计)", "", segment)
    return bool(_COUNT.match(segment)) and (not re.search(f"[{CJK}]{{3,}}", rest) or bool(_MEASURE_WORDS.fullmatch(rest)))


def opening_verb(segment: str) -> str:
    """The verb (or opener such as 已, 均, 同比) a segment starts with, else ""."""
    # 规范性文件, 合法性审核: a verb before 性 is the stem of a noun
    return next((v for v in verb_table()["verbs"] if segment.startswith(v) and segment[len(v):len(v) + 1] != "性"), "")


def note_verb(segment: str) -> str:
    """A segment with its abbreviated opening verb written out (查隐患 -> 排查隐患)."""
    for short, full in sorted(register_rules()["verbs"].items(), key=lambda kv: -len(kv[0])):
        if segment.startswith(short):
            return full + segment[len(short):]
    return segment


def clause_with_verb(clause: str, book: Phrasebook) -> str:
    """A comma clause; a bare "noun + count" (宣传资料8000份) gets the noun's verb in front."""
    clause = note_verb(clause.strip())
    match = re.match(f"^({_TIME_FRAME})?([{CJK}]{{2,12}}?)(?=[0-9一二两三四五六七八九十])", clause)
    if not match or not has_count(clause[match.end():]):
        return clause
    frame, noun = match[1] or "", match[2]
    key = max((k for k in verb_table()["objects"] if noun.endswith(k)), key=len, default="")
    if not key or opening_verb(noun[:-len(key)]) or (noun == key and opening_verb(noun) and not table_verb(noun)):
        return clause
    if any(noun[:-len(key)].endswith(v) for v in verb_table()["actions"]):  # 干部职工旁听庭审: it has its verb
        return clause
    verb = book.verb_for(noun) or table_verb(noun)
    return f"{frame}{verb}{clause[len(frame):]}" if verb and not noun.startswith(verb) else clause


def split_nominal(noun: str) -> tuple[str, str]:
    """(object, verb) of a nominal note such as 规范性文件清理; ("", "") for an activity noun or
    for an organ doing something (党委中心组学习: the organ is the subject, not the object)."""
    if table_verb(noun) or is_subject(noun):  # 执法检查, 执法人员培训: an activity with a verb (开展)
        return "", ""
    verb = next((v for v in verb_table()["actions"] if noun.endswith(v) and len(noun) - len(v) >= 2), "")
    return (noun[:-len(verb)], verb) if verb and is_object(noun[:-len(verb)], verb) else ("", "")


def is_object(text: str, verb: str) -> bool:
    """True when text is what verb acts on (规范性文件 of 清理), not a manner (动态, 一窗), a doer
    (局党组会专题研究…) or the rest of a noun phrase ending in the verb (法治 of 法治建设)."""
    acts = any(v in text for v in verb_table()["actions"])
    manner = text in verb_table()["modifiers"] or re.fullmatch("[一两二三四五六七八九十][\u4e00-\u9fff]", text)
    return not (is_subject(text) or acts or manner or verb in verb_table()["nominal_endings"])


def starts_with_action(text: str) -> bool:
    """True for verb + object (查办食品案件), not for a noun that opens like a verb (调解员培训)."""
    verb = next((v for v in verb_table()["actions"] if text.startswith(v)), "")
    return bool(verb) and len(text) > len(verb) and text[len(verb)] not in "员人所室科股队者"


def starts_with_subject(text: str) -> bool:
    """True for who acts and what they did: 执法人员参加省厅培训."""
    found = re.match(verb_table()["subjects"].rstrip("$"), text)
    verb = opening_verb(text[found.end():]) if found else ""
    return bool(verb) and len(text) - found.end() > len(verb)  # 执法人员培训 is a kind of training


def is_subject(noun: str) -> bool:
    """True for a person or organ (主要负责人, 局党委会, 中心组), who acts rather than is acted on."""
    return bool(re.search(verb_table()["subjects"], noun))


def own_verb(noun: str) -> str:
    """The verb a noun phrase ends with (执法检查 -> 检查) that later counts of the note share."""
    verb = next((v for v in verb_table()["actions"] if noun.endswith(v) and len(v) >= 2), "")
    return "" if verb in verb_table()["intransitive"] + verb_table()["nominal_endings"] else verb


class NoteHead:
    """What a note is about (its first words, e.g. 执法人员培训), written once, where it fits."""

    def __init__(self, noun: str, book: Phrasebook):
        self.noun, self.book, self.used = noun, book, False
        self.object, self.split_verb = split_nominal(noun)

    def clause(self) -> str:
        """The head as a clause of its own: 开展执法检查, 清理规范性文件."""
        self.used = True
        if self.split_verb:
            return f"{self.split_verb}{self.object}"
        verb = self.book.verb_for(self.noun)
        return f"{verb}{self.noun}" if verb else self.noun

    def with_count(self, count: str, verb: str = "") -> str:
        """The head and a bare count: 举办执法人员培训班2期, 新配备执法记录仪14台."""
        self.used = True
        if self.split_verb:
            return f"{verb or self.split_verb}{self.object}{count}"
        unit = re.sub(r"^[0-9.一二两三四五六七八九十百千万余多约近共计累合]+", "", count)[:2]
        rule = next((r for key, units in verb_table()["bare_counts"].items() if self.noun.endswith(key)
                     for u, r in units.items() if unit.startswith(u)), None)
        if verb and unit[:1] in ("次", "场") or unit == "人次":  # 森林防火 巡查 1200人次: the verb is the activity
            return f"{self.noun}{verb}{count}" if verb else f"{self.noun}{count}"
        if verb:
            return f"{verb}{self.noun}{count}"
        if rule:
            return f"{rule[0]}{self.noun}{rule[1]}{count}"
        base = self.book.verb_for(self.noun)
        return f"{base}{self.noun}{count}"

    def redundant_in(self, segment: str) -> bool:
        """True when a segment already names the head (行政应诉 … 出庭应诉率100%)."""
        return not self.used and len(self.noun) >= 4 and self.noun[-2:] in segment

    def verb(self) -> str:
        """The verb later noun counts of the note take: 检查 (企业412家次), 培训 (96人次)."""
        return self.split_verb or own_verb(self.noun)


def spaced_note(text: str, book: Phrasebook, head_noun: str = "") -> str:
    """A note of space-separated segments as clauses: the head once, each count with a verb."""
    segments = [s for s in _SEGMENT_GAP.split(text.strip()) if s]
    followed_by_count = len(segments) > 1 and is_bare_count(segments[1]) and not is_pure_verb(note_verb(segments[0])) \
        and not starts_with_action(segments[0])
    if not head_noun and not has_count(segments[0]) and (is_noun_phrase(segments[0]) or followed_by_count
                                                         or not opening_verb(note_verb(segments[0]))):
        head_noun, segments = segments[0], segments[1:]
    if head_noun and segments and not re.search(f"[{CJK}]", head_noun):  # 3·15 宣传咨询 6场: a day names the activity
        head_noun, segments = day_name(head_noun) + segments[0], segments[1:]
    if head_noun and segments and campaign_name(segments[0]) != segments[0]:  # 普法宣传 安全生产月 活动12场
        head_noun, segments = campaign_name(segments[0]) + head_noun, segments[1:]
    head_noun = campaign_name(head_noun) if head_noun else head_noun
    frames = [s for s in segments if re.fullmatch(_TIME_FRAME, s)]
    segments = [s for s in segments if s not in frames]
    if frames:  # 应急演练 全年 28场 -> 全年组织应急演练28场
        return frames[0] + spaced_note(" ".join(segments), book, head_noun)
    if not segments:
        return head_noun
    head = NoteHead(head_noun, book) if head_noun else None
    if head and (is_subject(head.noun) or starts_with_subject(head.noun)):
        return subject_note(head.noun, merged_counts(segments), trained(head.noun, " ".join(segments)))
    clauses, pending = [], ""
    for segment in merged_counts(segments):
        segment = note_verb(segment)
        if is_pure_verb(segment) or (head is None and pending and not has_count(segment)):
            pending += segment  # 新配 14台: the verb waits for its count (罚款 合计 41.2万元: both wait)
            continue
        if pending and not is_bare_count(segment) and head:  # 系统 上线 接入企业42家: the head did it
            clauses.append(f"{head.noun if head and not head.used else ''}{pending}")
            head and setattr(head, "used", True)
            pending = ""
        clauses.append(segment_clause(segment, head, pending, book))
        pending = ""
    if head is None:
        clauses = continued(clauses)
    if pending:
        clauses.append(pending + (head.noun if head and not head.used else ""))
        head and setattr(head, "used", True)
    if head and not head.used:
        clauses.insert(0, head.clause())
    return "，".join(tidied([c for c in clauses if c]))


def tidied(clauses: list[str]) -> list[str]:
    """Clauses of one spaced note with the commas the note's gaps put in wrongly taken out:
    a predicate, a total or a rate joins what it speaks of, a trailing verb goes first."""
    joined: list[str] = []
    for clause in clauses:
        merged = joined and pair_joined(joined[-1], clause)
        if merged:
            joined[-1] = merged
        else:
            joined.append(clause)
    return joined


def pair_joined(previous: str, clause: str) -> str:
    """previous and clause as one clause when the second only completes the first, else ""."""
    if has_count(previous):
        return ""
    if clause in verb_table()["trailing_verbs"]:  # 法律明白人培训 持续开展
        return clause + previous
    verb = opening_verb(clause)
    acted_on = not verb and has_count(clause) and previous.endswith(verb_table()["actions"]) \
        and not previous.endswith(tuple(verb_table()["intransitive"]))
    if completes(previous, clause) or (acted_on and is_subject(previous[:-2])):  # 网格员排查 矛盾680余条
        return previous + clause
    if acted_on:  # 垃圾分类检查 商户260家次
        return f"{table_verb(previous)}{previous}，{own_verb(previous) or previous[-2:]}{clause}"
    return with_object(previous, clause, verb)


def completes(previous: str, clause: str) -> bool:
    """True when clause only says something of previous: a predicate, a total, a rate, the end
    of its noun phrase (法治市场监管 建设), or previous is an aim (争取 每个司法所 …)."""
    table = verb_table()
    endings = tuple(table["nominal_endings"])
    return bool(clause.startswith(tuple(table["predicates"] + table["totals"]))
                or re.match(f"^[{CJK}]{{1,4}}难(、|$)", clause) or re.match(f"^[{CJK}]{{0,6}}率", clause)
                or previous.startswith(tuple(table["aims"])) or clause.endswith(tuple(table["predicate_endings"]))
                or (clause.endswith(endings) and not has_count(clause)))


def with_object(previous: str, clause: str, verb: str) -> str:
    """previous as the object or the trainees of clause's verb, else "": 调解员 培训2期 -> 开展调解员
    培训2期; 卫片执法图斑 核查412个 -> 核查卫片执法图斑412个."""
    training = re.match(f"^(?:开展)?([{CJK}]{{0,4}}培训)", clause)
    if training and is_subject(previous) and not training[1].startswith(("参加", "参与")):
        return f"开展{previous}{clause[training.start(1):]}"
    object_count = re.match(f"^([{CJK}]{{2,10}}?)([0-9].*)$", clause)
    first = opening_verb(previous)
    if object_count and not verb and first and own_verb(previous[len(first):]) and not object_count[1].endswith("率"):
        return f"{first}{object_count[1]}{previous[len(first):]}{object_count[2]}"  # 开展规范性文件合法性审核2件
    if verb and verb in verb_table()["actions"] and is_bare_count(clause[len(verb):]) and not opening_verb(previous):
        return f"{verb}{previous}{clause[len(verb):]}"
    if verb and previous.startswith(verb) and is_bare_count(clause[len(verb):]):
        return previous + clause[len(verb):]  # 开展价格监督检查 开展5次
    return ""


def continued(clauses: list[str]) -> list[str]:
    """Clauses of a note without a head, a countless one running on into the next that has no
    verb of its own: 专题学习 习近平法治思想 6次 -> 专题学习习近平法治思想6次."""
    joined: list[str] = []
    for clause in clauses:
        if joined and not has_count(joined[-1]) and not opening_verb(clause):
            joined[-1] += clause
        else:
            joined.append(clause)
    return joined


def campaign_name(text: str) -> str:
    """A campaign a note names unquoted, in quotes (安全生产月 -> “安全生产月”), else the text."""
    return f"“{text}”" if register_rules()["campaign"].match(text) else text


def day_name(text: str) -> str:
    """A commemorative day in quotes (3·15 -> “3·15”), as the genre writes it."""
    return f"“{text}”" if re.fullmatch(r"\d{1,2}[·.．]\d{1,2}", text) else text


def trained(subject: str, segment: str) -> bool:
    """True when people are the ones trained, not the trainers (执法人员 轮训 1次, 调解员 培训2期)."""
    return bool(re.match(f"^[{CJK}]{{0,4}}(?:培训|轮训)", segment)) and has_count(segment) \
        and not segment.startswith(("参加", "参与")) \
        and not re.search("(负责人|局长|书记|领导|班子|党组|党委|中心组)$", subject)


def subject_note(subject: str, segments: list[str], trainees: bool = False) -> str:
    """A note whose head is who acted: 局党委会 研究法治建设 3次 -> 局党委会研究法治建设3次; people
    trained are what a training is of: 执法人员 轮训 1次 -> 开展执法人员轮训1次."""
    text = f"开展{subject}" if trainees else subject
    for segment in segments:
        segment = note_verb(segment)
        text += ("，" if has_count(text) and not is_bare_count(segment) else "") + segment
    return text


def is_pure_verb(segment: str) -> bool:
    """A segment that is only a verb (新配备, 已完成, 聘任), waiting for its object or count."""
    verb = segment[1:] if segment.startswith("已") else segment
    return verb in verb_table()["verbs"] or segment in register_rules()["verbs"].values()


def merged_counts(segments: list[str]) -> list[str]:
    """A segment followed by its bare count is one segment: "企业 233家次" -> "企业233家次"."""
    merged: list[str] = []
    for segment in segments:
        previous = merged[-1] if merged else ""
        if previous and is_bare_count(segment) and not has_count(previous) and not is_pure_verb(note_verb(previous)):
            merged[-1] = previous + segment
        elif previous and is_listed_noun(previous) and is_listed_noun(segment):
            merged[-1] = f"{previous}、{segment}"  # 水库 山塘 32处 -> 水库、山塘32处
        else:
            merged.append(segment)
    return merged


def is_listed_noun(segment: str) -> bool:
    """A short bare noun, one of a list the note runs through (水库 山塘)."""
    return 2 <= len(segment) <= 3 and not has_count(segment) and not opening_verb(note_verb(segment)) \
        and bool(re.fullmatch(f"[{CJK}]+", segment))


def segment_clause(segment: str, head: NoteHead | None, pending: str, book: Phrasebook) -> str:
    """One segment of a spaced note as a clause, given the note's head and a waiting verb."""
    if head is None:  # joined on below when it continues a clause; a waiting verb acts on the segment
        return pending + segment if pending else clause_with_verb(segment, book)
    if is_bare_count(segment) and segment.endswith(verb_table()["actions"]):
        return segment  # 100%审核: the count carries its own verb
    if is_bare_count(segment):
        if not head.used:
            return head.with_count(segment, pending)
        unit = re.sub(r"^[0-9.余多约近]+", "", segment)
        verb = pending or head.verb() or ("参与" if unit in ("人", "人次") else "")
        return f"{verb}{segment}"
    noun = re.match(f"^[{CJK}]*", segment)[0]
    verb = "" if is_noun_phrase(noun) else opening_verb(segment)  # 宣传资料2000份 opens with a noun, not 宣传
    if verb in verb_table()["object_verbs"] and not head.used and not is_subject(head.noun) \
            and is_bare_count(segment[len(verb):]):
        head.used = True  # 应急物资仓库 新建1个 -> 新建应急物资仓库1个
        return f"{verb}{head.noun}{segment[len(verb):]}"
    if verb and not head.used and not head.split_verb and re.match(r"(案件|申请|事项)", segment[len(verb):]):
        head.used = True  # 法律援助 受理案件210件 -> 受理法律援助案件210件
        return f"{verb}{head.noun}{segment[len(verb):]}"
    if not has_count(segment) and not verb and not head.used:
        head.used = True  # 非现场执法 刚起步: the head is the subject
        activity = table_verb(head.noun + segment) == "开展" and (is_noun_phrase(segment) or table_verb(segment))
        return f"{'开展' if activity else ''}{head.noun}{segment}"  # 根治欠薪 冬季专项行动 -> 开展根治欠薪冬季专项行动
    if verb and not pending and not head.used and is_bare_count(segment[len(verb):]) and verb in verb_table()["actions"] \
            and not head.verb() and re.search(verb_table()["documents"], head.noun):
        head.used = True  # 法治建设要点 印发1份 -> 印发法治建设要点1份
        return f"{verb}{head.noun}{segment[len(verb):]}"
    if verb and not pending and not head.used and has_count(segment):
        clause = head.clause()  # 人民调解 调解纠纷2860件 -> 开展人民调解，调解纠纷2860件
        if clause.startswith(verb) and is_bare_count(segment[len(verb):]):
            return clause + segment[len(verb):]  # 价格监督检查 开展5次
        joined = clause == head.noun and not any(head.noun.endswith(v) for v in verb_table()["verbs"])
        return f"{clause}{segment}" if joined else f"{clause}，{segment}"  # 行政处罚立案39起
    if pending or verb or not has_count(segment):
        return f"{pending}{segment}" if pending or has_count(segment) else clause_with_verb(segment, book)
    return noun_count_clause(segment, head, book)


def noun_count_clause(segment: str, head: NoteHead, book: Phrasebook) -> str:
    """A "noun + count" segment (企业412家次) with the verb its noun or the note's head gives."""
    noun = re.match(f"^[{CJK}]*", segment)[0]
    if noun.endswith("率") or "同比" in noun:  # a rate or a change is a result: the head is its subject
        subject = "" if head.used else head.noun
        head.used = True
        return f"{subject}{segment}"
    if not head.used and head.split_verb:  # 预案修订 区级专项预案4个 -> 修订区级专项预案4个
        head.used = True
        return f"{head.split_verb}{segment}" if head.object in segment else head.with_count(segment)
    verb = noun_verb(noun, book)
    if not head.used and verb and head.verb() and (verb == head.verb() or verb in ("审核", "审查")):
        # 合法性审核 规范性文件2件, 备案审查 规范性文件17件: the noun is what is reviewed
        head.used = True
        return f"{book.verb_for(head.noun)}{noun}{head.noun}{segment[len(noun):]}"
    if not head.used and verb and noun in verb_table()["objects"]:  # 普法宣传 活动15场
        head.used = True
        return f"{verb}{head.noun}{segment}"
    if verb and head.redundant_in(noun):
        head.used = True  # 应急演练 综合演练2场 -> 组织综合演练2场
    verb = verb or head.verb()
    if not verb:  # nothing known acts on this noun: the head stays its subject, as jotted
        subject = "" if head.used else head.noun
        head.used = True
        return f"{subject}{segment}"
    prefix = "" if head.used or head.noun == verb else head.clause() + "，"
    head.used = True
    return f"{prefix}{verb}{segment}"


def is_noun_phrase(text: str) -> bool:
    """True for a noun phrase of the table (宣传手册, 检查), even one that opens like a verb."""
    key = max((k for k in verb_table()["objects"] if text.endswith(k)), key=len, default="")
    return bool(key) and (text == key or text[:-len(key)] in verb_table()["modifiers"])


def noun_verb(noun: str, book: Phrasebook) -> str:
    """The verb a noun phrase takes, when the phrase is one the table or the passages know."""
    key = max((k for k in verb_table()["objects"] if noun.endswith(k)), key=len, default="")
    known = key and (noun == key or len(key) >= 3 or noun[:-len(key)] in verb_table()["modifiers"])
    return book.verb_for(noun) if known else ""  # a noun the table does not know takes the head's verb


def colon_note(head_text: str, body: str, book: Phrasebook) -> str:
    """"规范性文件清理：清理3件，废止1件" -> "清理规范性文件3件，废止1件"."""
    parts = [p for p in re.split(r"[，；\s]+", body.strip()) if p]
    if campaign_name(head_text) != head_text and opening_verb(note_verb(parts[0])):  # 食品安全宣传周：发放资料3500份
        return f"{campaign_name(head_text)}期间，{spaced_note(' '.join(parts), book)}"
    if is_pure_verb(head_text) and not split_nominal(head_text)[1] and opening_verb(note_verb(parts[0])):  # 清理：废止1件 -> 经清理，废止1件
        return f"经{head_text}，{spaced_note(' '.join(parts), book)}"
    if len(parts) > 1 and is_pure_verb(note_verb(parts[0])) and is_bare_count(parts[1]):
        parts[:2] = [parts[0] + parts[1]]  # 受理 482件 -> 受理482件
    first = note_verb(parts[0])
    verb = opening_verb(first)
    object_, split_verb = split_nominal(head_text)
    if verb and not split_verb and re.match(r"(申请|案件|事项)", first[len(verb):]):
        parts[0] = f"{verb}{head_text}{first[len(verb):]}"  # 收到申请12件 -> 收到行政复议申请12件
        return "，".join(parts)
    if split_verb and first.startswith(split_verb):
        parts[0] = first[len(split_verb):]  # 清理：清理3件 -> the bare count joins the head
    elif not (split_verb or book.verb_for(head_text)) and verb and is_bare_count(first[len(verb):]):
        parts[0] = f"{verb}{head_text}{first[len(verb):]}"  # 信访：受理31件 -> 受理信访31件
        return "，".join([parts[0]] + ([spaced_note(" ".join(parts[1:]), book)] if parts[1:] else []))
    noun = re.match(f"^[{CJK}]*", first)[0]
    fits = split_verb or book.verb_for(head_text) or is_bare_count(first) or noun in verb_table()["objects"] \
        or is_subject(head_text)
    if not fits:
        return f"在{head_text}方面，{spaced_note(' '.join(parts), book)}"
    return spaced_note(" ".join(parts), book, head_noun=head_text)


def arabic_counts(text: str) -> str:
    """Counts in Chinese numerals written in Arabic digits (GB/T 15835): 两期 -> 2期, 十余家 -> 10余家."""
    pieces, last = [], 0
    for q in find_quantities(text):
        digits = arabic_numeral(q.text) if q.kind == "number" and not q.ignore else ""
        if digits and not (digits[0] == "1" and digits[1:2] in ("个", "种", "支", "批", "套", "些", "名", "人", "家", "项")):
            pieces += [text[last:q.start], digits]
            last = q.end
    return "".join(pieces) + text[last:]


def arabic_numeral(quantity: str) -> str:
    """"两期" -> "2期", "两万余册" -> "2万余册"; "" when the quantity does not open with a numeral."""
    run = _NUMERAL_RUN.match(quantity)
    if not run:
        return ""
    numeral = run[0]
    big = numeral[-1] if numeral[-1] in "万亿" and len(numeral) > 1 else ""
    value = small_numeral(numeral[:-1] if big else numeral)
    return f"{value}{big}{quantity[len(numeral):]}" if value is not None else ""


def small_numeral(numeral: str) -> int | None:
    """The value of a Chinese numeral below 10,000 (十, 二十五, 三百, 两千零六), else None."""
    digits = {c: i for i, c in enumerate("零一二三四五六七八九")} | {"两": 2}
    units = {"十": 10, "百": 100, "千": 1000}
    total, current = 0, None
    for char in numeral:
        if char in digits:
            current = digits[char]
        elif char in units:
            total += (1 if current is None else current) * units[char]
            current = None
        else:
            return None
    return total + (current or 0)
