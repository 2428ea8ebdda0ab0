"""The named-claim check: quoted names, 《titles》, honours, places and organisations that no fact,
example, the bureau's name or standard phrase states are flagged unsupported_name; framing is not.

Every snippet is our own text in the genre's style."""

import pytest

from assistant.check.claims import HONOUR, ORG, PLACE, QUOTED, TITLE, UNSUPPORTED_NAME, check_draft, check_names, find_claims
from assistant.check.facts import parse_facts

BUREAU = "示例县应急管理局"
NEUTRAL = "- 全年检查生产经营单位420家次"


def unsupported(draft: str, facts: str = NEUTRAL, examples=(), bureau: str = BUREAU):
    return [n for n in check_names(draft, parse_facts(facts), examples=examples, bureau=bureau)
            if n.status == UNSUPPORTED_NAME]


def assert_flagged(draft, facts, kind, expected, examples=()):
    found = unsupported(draft, facts, examples)
    assert [(n.kind, n.text) for n in found if expected in n.text] and all(n.kind == kind for n in found
                                                                           if expected in n.text), found
    claim = next(n for n in found if expected in n.text)
    assert draft[claim.start:claim.end] == claim.text and claim.reason


# --- quoted names ------------------------------------------------------------------------------

@pytest.mark.parametrize("facts, draft, expected", [
    (NEUTRAL, "今年以来，我局开展“清源行动”，检查生产经营单位420家次。", "“清源行动”"),
    (NEUTRAL, "组织“利剑”专项行动，严厉打击非法违法行为。", "“利剑”专项行动"),
    (NEUTRAL, "推出“安小护”宣传品牌，扩大普法覆盖面。", "“安小护”宣传品牌"),
    (NEUTRAL, "上线“应急e通”小程序，群众可在线咨询。", "“应急e通”小程序"),
    (NEUTRAL, "在各乡镇打造“法治驿站”，就近提供法律咨询。", "“法治驿站”"),
    (NEUTRAL, "全年集中开展“砺剑”，形成高压态势。", "“砺剑”"),
    (NEUTRAL, "开展“雷霆2024”执法行动，立案查处一批违法行为。", "“雷霆2024”"),
    ("- 开展“清源”专项行动", "开展“净源”专项行动，检查企业。", "“净源”专项行动"),
    (NEUTRAL, "深刻吸取“6·13”燃气爆炸事故教训，开展专项整治。", "“6·13”"),
    (NEUTRAL, "启动“雏鹰”工程，推进校园安全教育。", "“雏鹰”工程"),
    (NEUTRAL, '启动「雏鹰」工程和"春雷行动"。', "「雏鹰」工程"),  # quotes as pasted text brings them
    (NEUTRAL, '启动「雏鹰」工程和"春雷行动"。', '"春雷行动"'),
    ("- 营造“人人讲安全”的氛围", "营造“人人讲平安”的氛围。", "“人人讲平安”"),  # a stated name misspelt
    (NEUTRAL, "推出“市监护航”服务品牌，护航企业发展。", "“市监护航”服务品牌"),
    (NEUTRAL, "上线“薪安码”欠薪线索小程序。", "“薪安码”"),
])
def test_an_invented_quoted_name_is_flagged(facts, draft, expected):
    assert_flagged(draft, facts, QUOTED, expected)


@pytest.mark.parametrize("facts, draft, examples", [
    (NEUTRAL, "深入开展“八五”普法，推动普法向一线延伸。", ()),
    (NEUTRAL, "严格落实行政执法“三项制度”，规范执法行为。", ()),
    (NEUTRAL, "全面推行“双随机、一公开”监管，检查生产经营单位420家次。", ()),
    (NEUTRAL, "落实“谁执法谁普法”普法责任制，开展以案释法。", ()),
    (NEUTRAL, "持续深化“放管服”改革，优化营商环境。", ()),
    (NEUTRAL, "深入开展安全生产“治本攻坚三年行动”和民生领域“铁拳”行动。", ()),
    (NEUTRAL, "抓住领导干部这个“关键少数”，带头尊法学法守法用法。", ()),
    (NEUTRAL, "推动普法由“大水漫灌”向“精准滴灌”转变。", ()),
    ("- 开展“安全生产月”宣传咨询活动15场", "围绕“安全生产月”开展宣传咨询活动15场。", ()),
    ("- 开展清源专项行动，检查企业40家", "开展“清源”专项行动，检查企业40家。", ()),
    (NEUTRAL, "利用“4·15”全民国家安全教育日开展宣传。", ()),
    (NEUTRAL, "围绕“5.12 防灾减灾日”开展应急演练。", ()),
    (NEUTRAL, "推广“说理式”执法和普法，打造“指尖上”的普法平台。", ()),
    (NEUTRAL, "组织开展“平安守护”系列活动，营造良好氛围。", ("去年开展“平安守护”系列活动，群众参与度高。",)),
    (NEUTRAL, "坚持“以公开为常态、不公开为例外”原则，主动公开执法信息。", ()),
])
def test_framing_and_stated_quoted_names_pass(facts, draft, examples):
    assert unsupported(draft, facts, examples) == []


# --- titles ------------------------------------------------------------------------------------

@pytest.mark.parametrize("facts, draft, expected", [
    (NEUTRAL, "制定《示例县安全生产举报奖励办法》，鼓励群众举报。", "《示例县安全生产举报奖励办法》"),
    ("- 组织学习安全生产法", "组织学习《突发事件应对法》。", "《突发事件应对法》"),
    (NEUTRAL, "印发《行政执法全过程记录实施细则》，规范执法程序。", "《行政执法全过程记录实施细则》"),
    (NEUTRAL, "工作经验在《中国应急管理报》刊发。", "《中国应急管理报》"),
    ("- 修订示例县森林火灾应急预案", "修订《示例县防汛抗旱应急预案》。", "《示例县防汛抗旱应急预案》"),
    (NEUTRAL, "出台《关于加强安全生产执法工作的意见》。", "《关于加强安全生产执法工作的意见》"),
    (NEUTRAL, "严格执行《重大行政决策程序规定》，规范决策程序。", "《重大行政决策程序规定》"),
    (NEUTRAL, "印发《荔湾区安全生产奖励办法》。", "《荔湾区安全生产奖励办法》"),
    ("- 落实《应急管理综合行政执法事项指导目录（2023年版）》",
     "落实《应急管理综合行政执法事项指导目录（2024年版）》。", "《应急管理综合行政执法事项指导目录（2024年版）》"),
])
def test_a_title_no_fact_names_is_flagged(facts, draft, expected):
    assert_flagged(draft, facts, TITLE, expected)


def test_a_title_taken_from_an_example_that_names_its_place_is_flagged():
    example = "荔湾区应急管理局印发《荔湾区安全生产奖励办法》，鼓励群众举报。"
    [claim] = unsupported("印发《荔湾区安全生产奖励办法》。", examples=(example,))
    assert claim.kind == TITLE and "取自范例" in claim.reason


@pytest.mark.parametrize("facts, draft, examples", [
    ("- 组织学习安全生产法", "组织学习《安全生产法》。", ()),
    ("- 学习中华人民共和国安全生产法", "学习《安全生产法》。", ()),
    ("- 学习《安全生产法》", "学习《中华人民共和国安全生产法》。", ()),
    (NEUTRAL, "认真贯彻《法治政府建设实施纲要（2021—2025年）》。", ()),
    (NEUTRAL, "对照《法治政府建设与责任落实督察工作规定》开展自查。", ()),
    ("- 印发示例县应急管理局行政执法公示办法", "印发《示例县应急管理局行政执法公示办法》。", ()),
    ("- 印发《行政执法公示办法》", "印发《关于印发行政执法公示办法的通知》。", ()),
    (NEUTRAL, "组织学习《生产安全事故应急条例》。", ("学习《生产安全事故应急条例》，提升应急处置能力。",)),
    (NEUTRAL, "落实《法治中国建设规划（2020-2025年）》部署。", ()),
    ("- 〔2024〕17号文印发执法检查计划", "印发《2024年度安全生产执法检查计划》（示应急〔2024〕17号）。", ()),
])
def test_stated_and_standard_titles_pass(facts, draft, examples):
    assert unsupported(draft, facts, examples) == []


# --- honours -----------------------------------------------------------------------------------

@pytest.mark.parametrize("facts, draft, expected, examples", [
    (NEUTRAL, "我局荣获全省法治政府建设示范单位称号。", "荣获全省法治政府建设示范单位称号", ()),
    (NEUTRAL, "城关社区被评为全国综合减灾示范社区。", "被评为全国综合减灾示范社区", ()),
    ("- 获评全市安全生产先进集体", "我局获评全省安全生产先进集体。", "获评全省安全生产先进集体", ()),
    (NEUTRAL, "我局作为省级法治建设示范单位，发挥引领作用。", "省级法治建设示范单位", ()),
    (NEUTRAL, "执法案例入选全省法治政府建设优秀案例。", "入选全省法治政府建设优秀案例", ()),
    (NEUTRAL, "执法大队被授予“青年文明号”称号。", "被授予“青年文明号”称号", ()),
    (NEUTRAL, "辖区一家企业被命名为全国安全文化建设示范企业。", "被命名为全国安全文化建设示范企业", ()),
    (NEUTRAL, "我局成功创建省级安全发展示范城市。", "成功创建省级安全发展示范城市", ()),
    (NEUTRAL, "我局荣获全省应急管理系统先进集体。", "荣获全省应急管理系统先进集体",
     ("示例市应急管理局荣获全省应急管理系统先进集体。",)),
])
def test_an_honour_no_fact_states_is_flagged(facts, draft, expected, examples):
    assert_flagged(draft, facts, HONOUR, expected, examples)


@pytest.mark.parametrize("facts, draft", [
    ("- 获评全省法治政府建设示范单位", "我局荣获全省法治政府建设示范单位称号。"),
    ("- 获评全省法治政府建设示范单位", "我局荣获全省法治政府建设示范单位称号并在全市推广经验。"),
    ("- 获评省级法治政府建设示范单位", "我局荣获全省法治政府建设示范单位称号。"),
    (NEUTRAL, "力争创建全国综合减灾示范社区。"),
    (NEUTRAL, "积极争创法治政府建设示范单位。"),
    (NEUTRAL, "执法工作获得群众好评。"),
    (NEUTRAL, "查获非法储存烟花爆竹一批。"),
    ("- 被评为全市安全生产先进集体", "我局被评为全市安全生产先进集体。"),
    (NEUTRAL, "充分发挥示范单位引领作用。"),
    ("- 城关社区是全国综合减灾示范社区", "城关社区建成全国综合减灾示范社区。"),
    (NEUTRAL, "申报省级法治政府建设示范项目。"),
    ("- 普法知识竞赛获一等奖2个", "在普法知识竞赛中荣获2个一等奖。"),
    ("- 市级安全生产先进单位（2023年度）", "我局被评为2023年度市级安全生产先进单位。"),
])
def test_stated_honours_and_aims_pass(facts, draft):
    assert unsupported(draft, facts) == []


# --- places and organisations -------------------------------------------------------------------

@pytest.mark.parametrize("facts, draft, expected, kind, examples", [
    (NEUTRAL, "配合江汉区开展联合执法。", "江汉区", PLACE, ()),
    (NEUTRAL, "督促城关镇整改隐患。", "城关镇", PLACE, ()),
    (NEUTRAL, "赴东湖村开展送法下乡宣讲。", "东湖村", PLACE, ()),
    (NEUTRAL, "在湖北省安全生产工作会议上作交流发言。", "湖北省", PLACE, ()),
    (NEUTRAL, "接受示例市应急管理局督导检查。", "示例市", PLACE, ()),
    (NEUTRAL, "拱辰街道开展应急演练。", "拱辰街道", PLACE, ()),
    (NEUTRAL, "学习荔湾区的经验做法。", "荔湾区", PLACE, ("荔湾区应急管理局推行说理式执法。",)),
    (NEUTRAL, "与华诚律师事务所签订法律顾问合同。", "华诚律师事务所", ORG, ()),
    (NEUTRAL, "邀请示例大学教授授课。", "示例大学", ORG, ()),
    (NEUTRAL, "联合红星化工有限公司开展应急演练。", "红星化工有限公司", ORG, ()),
])
def test_a_place_or_organisation_no_fact_names_is_flagged(facts, draft, expected, kind, examples):
    assert_flagged(draft, facts, kind, expected, examples)


@pytest.mark.parametrize("facts, draft", [
    (NEUTRAL, "局党委专题研究法治建设工作。"),
    (NEUTRAL, "及时向区委、区政府报告法治建设情况。"),
    (NEUTRAL, "我局联合各乡镇开展安全检查。"),
    (NEUTRAL, "全县未发生较大及以上生产安全事故。"),
    (NEUTRAL, "主动向示例县人民政府报告工作。"),
    ("- 配合江汉区司法局开展培训", "配合江汉区司法局开展培训。"),
    (NEUTRAL, "聘请律师事务所担任法律顾问。"),
    (NEUTRAL, "邀请市律师协会专家授课。"),
    (NEUTRAL, "认真落实市委、市政府决策部署。"),
    (NEUTRAL, "加强市场监管和重点区域巡查。"),
    (NEUTRAL, "推动法律服务覆盖城乡社区和农村地区。"),
    (NEUTRAL, "组织园区企业开展演练，接受区委依法治区办督察。"),
    (NEUTRAL, "配合区应急管理局和省应急管理厅开展检查。"),
    (NEUTRAL, "执法窗口入驻区政务服务中心。"),
    (NEUTRAL, "深入学习贯彻习近平法治思想和党的二十大精神。"),
])
def test_genre_words_and_stated_places_pass(facts, draft):
    assert unsupported(draft, facts) == []


# --- the check as a whole ----------------------------------------------------------------------

def test_claims_are_found_once_and_in_order():
    text = "制定《示例县安全生产奖励办法》，开展“清源行动”，配合江汉区开展执法。"
    claims = find_claims(text)
    assert [c.kind for c in claims] == [TITLE, QUOTED, PLACE]  # the 示例县 inside the title is the title's
    assert [c.start for c in claims] == sorted(c.start for c in claims)


def test_an_unsupported_name_makes_the_check_fail_and_is_serialised():
    facts = parse_facts("- 立案93起")
    good = check_draft("全年立案93起。", facts, year=2024)
    bad = check_draft("全年开展“清源行动”，立案93起。", facts, year=2024)
    assert good.ok and good.unsupported_names == []
    assert not bad.ok and bad.unsupported == [] and [n.text for n in bad.unsupported_names] == ["“清源行动”"]
    [name] = bad.to_dict()["names"]
    assert name["status"] == "unsupported_name" and name["kind"] == "quoted" and name["start"] == 4


def test_a_supported_name_cites_its_fact():
    facts = parse_facts("- 立案93起\n- 聘请华诚律师事务所为法律顾问")
    [name] = check_draft("聘请华诚律师事务所为法律顾问。", facts).names
    assert name.status == "supported" and name.fact_id == "F2"


@pytest.mark.parametrize("draft", [
    "加强风景名胜区和重点防火区巡查，督促物业公司和燃气公司落实主体责任。",
    "推动建制镇、城中村和城市社区完善应急预案，组织定点医院和老年大学开展演练。",
    "引入保险公司参与风险评估，邀请行业协会和消费者协会监督。",
    "在市区两级和省市县三级推进执法规范化，覆盖偏远山区和地质灾害易发区。",
    "组织城区街道、相关街道和试点村开展演练，指导所在社区创建无毒社区。",
    "联动周边区县，服务全区企业，推进县乡村三级网格化监管，争创全国文明城市。",
])
def test_ordinary_places_and_kinds_of_organisation_pass(draft):
    assert unsupported(draft) == []
