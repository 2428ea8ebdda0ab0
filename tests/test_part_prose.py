"""The parts other than measures and highlights, each in its own form (assistant/write/part_prose.py):
the opening's framing said once, plans as a heading and one sentence of intent, the leader's
duty as a paragraph, shortcomings with their consequence, the closing's date. All facts and
example passages here are text we wrote in the genre's style."""

import re

import pytest

from assistant.write.composer import OfflineDrafter
from assistant.write.drafting import DraftRequest
from assistant.check.facts import parse_facts
from assistant.kb.index import Hit
from assistant.check.numbers import check_numbers
from assistant.write.part_prose import distinct_framing, restates, written_date
from assistant.check.proofread import proofread_fragment
from test_drafting_offline import note_forms

BUREAUS = {"应急": "某县应急管理局", "市场": "某区市场监督管理局", "司法": "某县司法局"}


def drafted(part: str, notes: list[str], bureau: str = "某县应急管理局", examples: list[Hit] = ()) -> str:
    request = DraftRequest(part, parse_facts("\n".join(f"- {n}" for n in notes)), bureau=bureau, year=2024)
    return OfflineDrafter().compose(request, list(examples))


def assert_clean(text: str, notes: list[str]) -> None:
    """Every number and name supported by the notes, and nothing the proofreader would flag."""
    check = check_numbers(text, parse_facts("\n".join(f"- {n}" for n in notes)), year=2024)
    assert check.ok and not check.unused_facts, text
    assert proofread_fragment(text) == [] and note_forms(text) == [], text


def example(text: str, part: str = "preamble") -> Hit:
    return Hit(text, "例.txt", "例区应急管理局", 2024, part, "", "", 0.5, 0, len(text))


# --- the opening ----------------------------------------------------------------------------------

@pytest.mark.parametrize("clauses, kept", [
    (["坚持以习近平新时代中国特色社会主义思想为指导", "深入学习宣传贯彻党的二十大精神和习近平法治思想",
      "深入学习贯彻党的二十大和二十届三中全会精神"],
     ["坚持以习近平新时代中国特色社会主义思想为指导", "深入学习宣传贯彻党的二十大精神和习近平法治思想"]),
    (["深入学习贯彻习近平法治思想", "全面落实习近平法治思想"], ["深入学习贯彻习近平法治思想"]),
    (["全面贯彻党的二十届三中全会精神", "深入学习贯彻二十届三中全会精神", "深入学习贯彻习近平法治思想"],
     ["全面贯彻党的二十届三中全会精神", "深入学习贯彻习近平法治思想"]),
    (["坚持以习近平新时代中国特色社会主义思想为指导", "深入学习贯彻党的二十大和二十届三中全会精神",
      "全面落实习近平法治思想", "统筹推进法治政府建设"],
     ["坚持以习近平新时代中国特色社会主义思想为指导", "深入学习贯彻党的二十大和二十届三中全会精神",
      "全面落实习近平法治思想"]),
    (["认真落实上级决策部署", "全面落实省委决策部署"], ["认真落实上级决策部署"]),
    (["持续推进法治建设", "统筹推进法治政府建设各项工作"], ["持续推进法治建设"]),
    ([], []),
])
def test_framing_names_each_thought_and_congress_once(clauses, kept):
    assert distinct_framing(clauses) == kept


@pytest.mark.parametrize("example_text", [
    "2024年，我局坚持以习近平新时代中国特色社会主义思想为指导，深入学习宣传贯彻党的二十大精神和习近平法治思想，"
    "深入学习贯彻党的二十大和二十届三中全会精神，扎实推进各项工作。",
    "2024年，在县委、县政府的坚强领导下，我局深入学习贯彻习近平法治思想，全面落实习近平法治思想，推进依法行政。",
    "今年以来，我局全面贯彻党的二十届三中全会精神，深入学习贯彻二十届三中全会精神，认真落实上级决策部署。",
])
def test_opening_says_the_framing_once_whatever_the_examples_repeat(example_text):
    text = drafted("preamble", ["全年全县未发生较大及以上生产安全事故"], examples=[example(example_text)])
    framing = text.split("。")[0]
    for phrase in ("习近平法治思想", "党的二十大", "三中全会", "习近平新时代中国特色社会主义思想", "决策部署"):
        assert framing.count(phrase) <= 1, text
    assert text.startswith("2024年，某县应急管理局") and text.endswith("报告如下：")
    assert_clean(text, ["全年全县未发生较大及以上生产安全事故"])


def test_opening_takes_the_leadership_framing_at_the_authors_level():
    hit = example("2024年，在区委、区政府的正确领导下，我局坚持以习近平新时代中国特色社会主义思想为指导。")
    text = drafted("preamble", ["全年未发生重大执法过错"], bureau="某县司法局", examples=[hit])
    assert "某县司法局在县委、县政府的正确领导下，坚持以习近平新时代中国特色社会主义思想为指导" in text


# --- the plans ------------------------------------------------------------------------------------

PLAN_NOTES = [
    ("应急", "推进非现场执法"), ("应急", "提升应急预案实用性"), ("应急", "加强执法队伍建设"),
    ("应急", "深入开展“八五”普法"), ("应急", "落实行政执法“三项制度”"), ("应急", "强化重大事故隐患排查"),
    ("应急", "规范执法案卷管理"), ("市场", "强化特种设备安全监管"), ("市场", "加强网络交易执法"),
    ("市场", "深化包容审慎监管"), ("市场", "推进“双随机、一公开”监管"), ("市场", "提升投诉举报处置效率"),
    ("市场", "优化企业开办服务"), ("市场", "做好公平竞争审查"), ("司法", "规范行政复议案件办理"),
    ("司法", "提升公共法律服务质效"), ("司法", "加强法治队伍建设"), ("司法", "健全行政执法协调监督体系"),
    ("司法", "深化“八五”普法"), ("司法", "推进矛盾纠纷多元化解"), ("司法", "做好规范性文件备案审查"),
    ("司法", "严格重大行政决策合法性审查"),
]


def plan_items(text: str) -> list[tuple[str, str]]:
    return re.findall(r"^（[一二三四五六七八九十]+）([^。\n]+)。([^\n]*)$", text, re.M)


@pytest.mark.parametrize("kind, note", PLAN_NOTES)
def test_a_plan_is_a_heading_and_one_sentence_of_intent(kind, note):
    text = drafted("plans", [note], bureau=BUREAUS[kind])
    opening, *lines = text.splitlines()
    assert opening.startswith("2025年，我局将") and opening.endswith("：") and len(lines) == 1
    [(heading, body)] = plan_items(text)
    assert body.endswith("。") and body.count("。") == 1 and "，" in body, text  # one full sentence
    assert not body.startswith(heading[:4]) and heading not in body, text  # the heading is not echoed
    assert re.search(r"进一步|深入|持续|推动|着力|确保|提升|增强|发挥|实现|保持|满足", body), text
    words = re.sub(r"^(进一步|深入开展|深入|持续)", "", note)
    assert words in heading + body, text  # the plan in its own words, in heading or body
    assert 30 <= len(heading) + len(body) <= 98, text
    assert_clean(text, [note])


@pytest.mark.parametrize("kind, notes", [
    ("应急", ["推进非现场执法", "深入开展“八五”普法", "落实行政执法“三项制度”"]),
    ("市场", ["深化包容审慎监管", "加强网络交易执法", "推进“双随机、一公开”监管"]),
    ("司法", ["健全行政执法协调监督体系", "提升公共法律服务质效", "加强法治队伍建设"]),
    ("市场", ["强化特种设备安全监管", "提升投诉举报处置效率"]),
    ("应急", ["推进非现场执法，提升执法信息化水平", "规范行政执法行为，严格落实行政执法“三项制度”"]),
    ("应急", ["修订应急预案", "开展应急演练 不少于2次", "加强危化品企业执法检查"]),
    ("市场", ["加强食品安全抽检", "推进信用修复", "开展知识产权保护", "落实公平竞争审查制度"]),
    ("司法", ["完善人民调解组织网络", "推进法律援助便民", "开展“八五”普法总结验收"]),
])
def test_plans_take_distinct_headings_and_a_length_of_the_genre(kind, notes):
    text = drafted("plans", notes, bureau=BUREAUS[kind])
    items = plan_items(text)
    headings = [h for h, _ in items]
    assert len(set(headings)) == len(headings) and items, text
    assert 52 <= len(text) / len(notes) <= 98, text  # the corpus' characters per plan sentence, p10–p90
    assert_clean(text, notes)


@pytest.mark.parametrize("note", ["力争行政复议纠错率控制在10%以内", "完成2部规范性文件清理", "年内开展执法培训4期"])
def test_a_counted_plan_keeps_its_number_and_adds_none(note):
    text = drafted("plans", [note], bureau="某县司法局")
    assert_clean(text, [note])


# --- the leader's duty ----------------------------------------------------------------------------

@pytest.mark.parametrize("note, duty", [
    ("主要负责人 主持研究法治政府建设 5次", "及时研究解决法治建设中的重要问题"),
    ("局长 主持党组会 研究法治 4次", "及时研究解决法治建设中的重要问题"),
    ("带头旁听庭审1次", "增强运用法治思维和法治方式解决问题的能力"),
    ("带头开展述法", "自觉接受监督"),
    ("年终述法 已完成", "自觉接受监督"),
    ("带头讲法治党课1次", "带动全局干部职工增强法治意识"),
    ("主要负责人出庭应诉2次", "推动行政争议依法化解"),
    ("重大事项集体讨论决定", "确保决策合法合规"),
    ("开展法治建设督察1次", "推动法治建设各项任务落地见效"),
    ("签订法治建设责任书", "推动法治建设各项任务落实"),
    ("主要负责人年度述法", "带头开展年度述法，自觉接受监督"),
    ("党组书记 讲法治课", "带头讲法治课，带动全局干部职工增强法治意识"),
    ("局党组 专题研究法治工作 2次", "亲自过问，局党组专题研究法治工作2次，及时研究解决"),  # its own subject and verb
    ("重大行政决策 法律顾问 全程参与", "坚持依法科学民主决策，重大行政决策法律顾问"),
])
def test_each_leader_fact_is_given_its_duty_and_purpose(note, duty):
    text = drafted("leader_duty", [note])
    assert text.startswith("局主要负责人认真履行推进法治建设第一责任人职责"), text
    assert duty in text and "\n" not in text and "一是" not in text, text
    assert_clean(text, [note])


@pytest.mark.parametrize("notes", [
    ["主要负责人 主持研究法治工作 3次", "带头讲法治党课1次", "年终述法 已完成"],
    ["局长 主持党组会 研究法治 4次", "带头旁听庭审1次"],
    ["主持召开法治建设专题会2次", "带头学法4次", "出庭应诉1次", "开展述法"],
])
def test_the_leaders_duty_is_a_paragraph_of_the_genres_length(notes):
    text = drafted("leader_duty", notes)
    assert "\n" not in text and "一是" not in text and text.endswith("。"), text
    # the corpus' characters per sentence are 50–103 (p10–p90); four two-word notes give 47
    assert 45 <= len(text) / len(notes) <= 103, text
    assert len(re.findall(r"坚持重要工作亲自部署", text)) <= 1
    assert_clean(text, notes)


# --- the shortcomings -----------------------------------------------------------------------------

@pytest.mark.parametrize("note, problem", [
    ("网络交易监管手段比较少", "网络交易监管手段较少，监管效能有待提升"),
    ("执法装备比较老旧", "执法装备较为老旧，执法保障能力有待加强"),
    ("智慧监管刚起步", "智慧监管尚处于起步阶段，信息化支撑作用有待加强"),
    ("执法人员专业知识跟不上", "执法人员专业知识与新形势下依法履职的要求还不相适应"),
    ("基层司法所人员只有1到2人", "基层司法所人员仅有1到2人，公共法律服务均衡性有待提升"),
    ("法律服务资源分布不均", "法律服务资源分布不均，公共法律服务均衡性有待提升"),
    ("乡镇专业执法人员不足，执法力量与监管任务不相匹配", "乡镇专业执法人员不足，执法力量与监管任务不相匹配"),
    ("执法人员业务水平有待提高", "执法人员业务水平有待提高"),
    ("规范性文件备案不够及时", "规范性文件备案不够及时，制度建设质量有待提升"),
    ("行政复议案件办理周期偏长", "行政复议案件办理周期偏长，依法化解行政争议的能力有待提升"),
    ("信用监管还不完善", "信用监管还不完善，服务经营主体的精准度有待提升"),
    ("执法人员偏少，主要原因是编制不足", "执法人员偏少，主要原因是编制不足"),  # its cause given: as it is
    ("基层所人员年龄偏大", "基层所人员年龄偏大，与法治政府建设的要求还有一定差距"),
    ("执法人员少，由于编制不足，一线执法力量跟不上", "执法人员较少，由于编制不足，一线执法力量与新形势下依法履职的要求还不相适应"),
])
def test_a_problem_is_stated_in_the_register_with_its_consequence(note, problem):
    text = drafted("shortcomings", [note], bureau="某区市场监督管理局")
    assert text.endswith(f"{problem}。"), text
    assert_clean(text, [note])


@pytest.mark.parametrize("notes", [
    ["法律服务资源分布不均", "公共法律服务平台用得不多"],
    ["基层所执法力量比较薄弱", "智慧监管刚起步", "网络交易监管手段比较少"],
    ["执法装备比较老旧", "执法车辆不足"],
])
def test_shortcomings_are_full_sentences_and_no_frame_twice(notes):
    text = drafted("shortcomings", notes, bureau="某县司法局")
    problems = re.findall(r"[一二三四五六七八九十]是([^。]+)。", text)
    assert len(problems) == len(notes), text
    frames = [p.split("，", 1)[1] for p in problems if "，" in p]
    assert len(frames) == len(set(frames)), text
    assert_clean(text, notes)


def test_a_shortcoming_gives_no_cause_the_fact_does_not():
    text = drafted("shortcomings", ["执法车辆不足"])
    assert not re.search(r"由于|因为|原因是|主要是", text), text


# --- framing phrases and the closing --------------------------------------------------------------

@pytest.mark.parametrize("phrase, said, expected", [
    ("优化法律服务资源配置", "提升公共法律服务质效", False),
    ("提升执法信息化水平", "推进非现场执法，提升执法信息化水平", True),
    ("公共法律服务均衡性有待提升", "法律服务资源分布不均", False),
    ("不断提升监管效能", "强化监管，提升监管效能", True),
    ("", "任何内容", True),
])
def test_a_frame_restates_only_when_half_of_it_is_said(phrase, said, expected):
    assert restates(phrase, said) is expected


@pytest.mark.parametrize("phrase, said, expected", [
    ("加强预案修订和演练", "进一步修订应急预案，开展应急演练", True),  # two of the kind's words again
    ("强化执法监督和案卷管理", "进一步规范执法案卷管理", True),  # 案卷管理 twice
    ("优化法律服务资源配置", "提升公共法律服务质效", False),  # one field word is the field, not a repeat
    ("加强执法人员业务培训和资格管理", "进一步加强执法队伍建设", False),  # 加强执法 is a verb and a field
    ("聚焦重点领域和关键环节", "进一步强化特种设备安全监管", False),
])
def test_a_plan_frame_says_nothing_twice(phrase, said, expected):
    assert restates(phrase, said, runs=True) is expected


@pytest.mark.parametrize("jotted, written", [
    ("2025.1.20", "2025年1月20日"), ("2025-01-20", "2025年1月20日"), ("2025/2/3", "2025年2月3日"),
    ("2025年1月20日", "2025年1月20日"), ("联系人：张某", "联系人：张某"), ("2025.13", "2025.13"),
])
def test_the_closing_writes_a_jotted_date_as_the_genre_does(jotted, written):
    assert written_date(jotted) == written
    text = drafted("closing", [jotted])
    assert text == f"某县应急管理局\n{written}"
    check = check_numbers(text, parse_facts(f"- {jotted}"), year=2024)
    assert check.ok and not check.unused_facts and proofread_fragment(text) == [], text


# --- the author's own words, a leadership fact, a plan's year -------------------------------------

@pytest.mark.parametrize("bureau, subject, principal", [
    ("某县应急管理局", "我局", "局主要负责人"),
    ("某区卫生健康委员会", "我委", "委主要负责人"),
    ("某区卫健委", "我委", "委主要负责人"),
    ("某路街道办事处", "我街道", "街道主要负责人"),
    ("某镇人民政府", "我镇", "镇政府主要负责人"),
])
def test_every_part_names_its_author_as_that_author_does(bureau, subject, principal):
    shortcomings = drafted("shortcomings", ["执法人员力量不足"], bureau)
    plans = drafted("plans", ["推进智慧执法"], bureau)
    duty = drafted("leader_duty", ["主要负责人 主持研究法治工作 3次"], bureau)
    assert subject in shortcomings and f"{subject}将" in plans, (shortcomings, plans)
    assert duty.startswith((principal, "主要负责同志")), duty
    if subject != "我局":
        assert "我局" not in shortcomings + plans + duty and "全局" not in duty, (shortcomings, plans, duty)


@pytest.mark.parametrize("note, frame", [
    ("区委区政府正确领导下", "在区委区政府的正确领导下，坚持"),
    ("在县委、县政府的坚强领导下", "在县委、县政府的坚强领导下，坚持"),
])
def test_a_fact_naming_who_led_the_work_frames_the_opening(note, frame):
    text = drafted("preamble", [note])
    assert frame in text and f"{note}。" not in text, text


def test_a_plans_year_is_stated_once_by_the_opening():
    text = drafted("plans", ["2025年 医疗纠纷人民调解 推进"])
    assert text.count("2025年") == 1 and text.startswith("2025年，我局将"), text
    assert_clean(text, ["2025年 医疗纠纷人民调解 推进"])


def test_two_plans_of_no_known_kind_never_read_alike():
    notes = ["更新快检设备", "开展知识产权保护"]
    text = drafted("plans", notes)
    bodies = [line.split("。", 1)[1] for line in text.splitlines()[1:]]
    assert len(bodies) == 2 and bodies[0] != bodies[1], text
    assert_clean(text, notes)
