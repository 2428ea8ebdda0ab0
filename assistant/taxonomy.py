"""The canonical parts of the report and the topics inside its measures (see DOMAIN.md).

Ids are English (code, metadata, CLI); names are Chinese (what people read and type).
Keywords decide which part a heading belongs to and which topic a section is about.
"""

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Label:
    id: str
    name: str
    keywords: tuple[str, ...]


PARTS = (
    Label("preamble", "开头", ()),
    Label("measures", "主要举措和成效", ("举措", "成效", "基本情况", "工作情况", "学习贯彻", "推进", "开展", "落实", "加强")),
    Label("highlights", "工作亮点", ("亮点", "特色做法", "创新做法", "经验做法", "典型经验", "特色工作")),
    # “履行职责” alone is also how a measures heading talks; the first-responsible person is the sign.
    Label("leader_duty", "党政主要负责人履行推进法治建设第一责任人职责情况", ("主要负责人", "第一责任人", "主要领导履行", "述法情况")),
    Label("shortcomings", "存在的不足和原因", ("存在的问题", "存在问题", "不足", "问题和原因", "短板", "差距", "困难和问题", "薄弱环节")),
    Label("plans", "下一年度工作打算", ("工作打算", "工作计划", "工作思路", "下一步", "下一年", "工作安排", "下年度", "明年", "今后", "工作设想", "努力方向")),
    Label("closing", "落款", ()),
)

TOPICS = (
    Label("leadership", "组织领导与理论学习", ("习近平法治思想", "组织领导", "领导小组", "理论学习", "中心组", "第一责任人", "述法", "党委", "政治站位", "主体责任")),
    Label("publicity", "普法宣传", ("普法", "宣传", "宪法", "安全生产月", "谁执法谁普法", "法治文化", "培训", "以案释法", "学法")),
    Label("enforcement", "行政执法", ("执法", "检查", "处罚", "立案", "三项制度", "法制审核", "执法人员", "双随机", "隐患", "监管")),
    Label("business", "营商环境与政务服务", ("放管服", "营商环境", "政务服务", "行政许可", "审批", "企业", "一网通办", "包容审慎")),
    Label("rulemaking", "立法与规范性文件", ("立法", "规范性文件", "地方性法规", "规章", "合法性审查", "清理")),
    Label("decisions", "依法决策", ("决策", "法律顾问", "集体讨论", "民主集中", "公众参与")),
    Label("oversight", "权力监督", ("监督", "行政复议", "行政应诉", "案卷评查", "政务公开", "信息公开", "人大代表", "政协委员", "制约")),
    Label("disputes", "矛盾纠纷化解", ("矛盾纠纷", "纠纷", "调解", "信访", "化解", "投诉举报", "举报")),
    Label("emergency", "应急管理与突发事件应对", ("应急预案", "预案", "演练", "突发事件", "救援", "防汛", "灾害", "应急处置", "值班值守")),
    Label("digital", "智慧执法与信息化", ("智慧", "智慧执法", "信息化", "数字", "平台", "系统", "互联网", "非现场", "大数据")),
    Label("general", "综合", ()),
)

PART_IDS = tuple(p.id for p in PARTS)
TOPIC_IDS = tuple(t.id for t in TOPICS)


def _best(labels: tuple[Label, ...], text: str, fallback: str) -> str:
    """The label whose keywords occur most often in text (earlier labels win ties)."""
    scores = [(sum(text.count(k) for k in label.keywords), -i, label.id) for i, label in enumerate(labels)]
    score, _, best = max(scores)
    return best if score > 0 else fallback


def classify_topic(text: str) -> str:
    """The topic id a section (its heading weighs most, then its body) is about."""
    return _best(TOPICS, text, "general")


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
    """Find a part or topic by its id or Chinese name; KeyError if unknown."""
    for label in labels:
        if id_or_name in (label.id, label.name):
            return label
    raise KeyError(id_or_name)


def choices(labels: tuple[Label, ...]) -> str:
    """The valid ids with their names, for an error message: "measures（主要举措和成效）、…"."""
    return "、".join(f"{label.id}（{label.name}）" for label in labels)
