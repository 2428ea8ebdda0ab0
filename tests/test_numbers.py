"""The number check on snippets: every item of DOMAIN.md's two lists, the equivalences and traps."""

from decimal import Decimal

import pytest

from assistant.errors import InputError
from assistant.check.facts import parse_facts
from assistant.check.mentions import MAX_INPUT_CHARS, find_quantities
from assistant.check.numerals import parse_numeral
from assistant.check.numbers import check_numbers

UNRELATED = parse_facts("- 全年受理举报投诉68件")


def only(text: str):
    """The single stated (not ignored) quantity of a snippet."""
    stated = [q for q in find_quantities(text) if not q.ignore]
    assert len(stated) == 1, [(q.text, q.ignore) for q in find_quantities(text)]
    return stated[0]


def verdict(facts: str, draft: str, **context):
    """Status of the draft's single non-ignored mention, checked against the facts."""
    mentions = [m for m in check_numbers(draft, parse_facts(facts), **context).mentions if m.status != "ignored"]
    assert len(mentions) == 1, [(m.quantity.text, m.status) for m in mentions]
    return mentions[0]


# --- the finder: stated facts --------------------------------------------------------------------

@pytest.mark.parametrize("text, mention, value, unit, qualifier", [
    ("今年立案93起。", "93起", "93", "起", ""),
    ("下达行政处罚决定书78份", "78份", "78", "份", ""),
    ("共计下达现场检查记录 549 份，", "549 份", "549", "份", ""),
    ("对11家单位不予处罚", "11家", "11", "家", ""),
    ("各类事故应急演练500余场", "500余场", "500", "场", "余"),
    ("全局 61 名工作人员", "61 名", "61", "人", ""),
    ("开展执法业务培训 5 期", "5 期", "5", "期", ""),
    ("帮助指导镇街、村居230个次", "230个次", "230", "个次", ""),
    ("帮扶指导重点企业390家次", "390家次", "390", "家次", ""),
    ("受众 62 人次", "62 人次", "62", "人次", ""),
    ("处罚金额 102.8 余万元", "102.8 余万元", "1028000", "元", "余"),
    ("行政处罚金额合计18.5万元", "18.5万元", "185000", "元", ""),
    ("整改投入3017.1677万元", "3017.1677万元", "30171677", "元", ""),
    ("总投入1.2亿元", "1.2亿元", "120000000", "元", ""),
    ("专项资金16.4亿元", "16.4亿元", "1640000000", "元", ""),
    ("罚款一百零二点八万元", "一百零二点八万元", "1028000", "元", ""),
    ("发放资料3,000份", "3,000份", "3000", "份", ""),
    ("立案１２起", "１２起", "12", "起", ""),
    ("满意率100%", "100%", "100", "%", ""),
    ("较去年同期下降36.3%", "36.3%", "36.3", "%", ""),
    ("工伤事故同比下降37.04%", "37.04%", "37.04", "%", ""),
    ("覆盖率达到百分之九十五", "百分之九十五", "95", "%", ""),
    ("发生率下降2个百分点", "2个百分点", "2", "个百分点", ""),
    ("将全市企业划分为四个片区", "四个", "4", "个", ""),
    ("先后六次召开专题会议", "六次", "6", "次", ""),
    ("举办两场专题讲座", "两场", "2", "场", ""),
    ("十余家企业参加", "十余家", "10", "家", "余"),
    ("百余家企业参加", "百余家", "100", "家", "余"),
    ("万余人参加竞赛", "万余人", "10000", "人", "余"),
    ("二十三名执法人员", "二十三名", "23", "人", ""),
    ("翻印发放约 5000 本", "约 5000 本", "5000", "本", "约"),
    ("累计分发2万余册", "2万余册", "20000", "册", "余"),
    ("培训全市近50个单位", "近50个", "50", "个", "近"),
    ("向80余家单位发放", "80余家", "80", "家", "余"),
    ("参加人数100人以上", "100人以上", "100", "人", "以上"),
    ("参训50人左右", "50人左右", "50", "人", "左右"),
    ("超过100家企业参与", "超过100家", "100", "家", "超过"),
    ("覆盖受众110余万人", "110余万人", "1100000", "人", "余"),
    ("41万余人参加竞赛", "41万余人", "410000", "人", "余"),
    ("每次检查3至5次", "3至5次", "3-5", "次", ""),
    ("连续三年获评先进", "三年", "3", "年", ""),
    ("为期4个月的大检查", "4个月", "4", "个月", ""),
    ("浓度低于0.5毫克", "0.5毫克", "0.5", "毫克", ""),
    ("获得一等奖", "一等奖", "1", "等奖", ""),
    ("为企业节约费用3万元", "3万元", "30000", "元", ""),
    ("投入3-5万元", "3-5万元", "30000-50000", "元", ""),
    ("修订专项预案3部", "3部", "3", "部", ""),
    ("立案**93**起", "93**起", "93", "起", ""),
    # vague magnitudes are qualified numbers
    ("罚没款逾千万元", "逾千万元", "10000000", "元", "逾"),
    ("挽回损失超百万元", "超百万元", "1000000", "元", "超"),
    ("发放资料上万份", "上万份", "10000", "份", "上"),
    ("覆盖上百家企业", "上百家", "100", "家", "上"),
    ("数百人次参与", "数百人次", "100", "人次", "数"),
    ("参演几十人", "几十人", "10", "人", "几"),
    ("培训近千人次", "近千人次", "1000", "人次", "近"),
    ("线上1200人参加答题", "1200人", "1200", "人", ""),
])
def test_finder_reads_value_unit_and_qualifier(text, mention, value, unit, qualifier):
    q = only(text)
    assert (q.text, q.display_value(), q.unit, q.qualifier) == (mention, value, unit, qualifier)


@pytest.mark.parametrize("text, mention, value", [
    ("2023年9月，在省厅指导下", "2023年9月", "2023-09"),
    ("5月10日，全省会议在湘乡召开", "5月10日", "05-10"),
    ("2024年1-8月，事故起数下降", "2024年1-8月", "2024-01~08"),
    ("4月份，我局组织召开专题会议", "4月份", "04"),
    ("于2022-03-08召开推进会", "2022-03-08", "2022-03-08"),
    ("2023 年 4 月，我局组织参观", "2023 年 4 月", "2023-04"),
    ("截至10月底", "10月", "10"),
])
def test_finder_reads_dates_and_periods(text, mention, value):
    q = only(text)
    assert (q.kind, q.text, q.display_value()) == ("date", mention, value)


@pytest.mark.parametrize("text, value", [("获得全市大比武第三名", "3"), ("全省第二", "2"),
                                         ("跃居第10位", "10"), ("全市排名第一；", "1")])
def test_finder_reads_ranks_as_facts(text, value):
    q = only(text)
    assert (q.kind, q.display_value()) == ("rank", value)


@pytest.mark.parametrize("text, kind, value", [
    ("启动防汛Ⅳ级应急响应", "level", "4"), ("启动IV级应急响应", "level", "4"), ("发布三级预警", "level", "3"),
    ("启动Ⅱ级响应", "level", "2"), ("一季度立案20起", "quarter", "1"), ("第三季度", "quarter", "3"),
    ("4季度办结", "quarter", "4"),
])
def test_finder_reads_levels_and_quarters(text, kind, value):
    q = find_quantities(text)[0]
    assert (q.kind, q.display_value()) == (kind, value)


@pytest.mark.parametrize("text", ["构建市、区、街三级联动体系", "落实一级抓一级", "二级建造师"])
def test_level_words_without_response_or_warning_are_not_levels(text):
    assert all(q.kind != "level" for q in find_quantities(text))


def test_a_count_before_a_hotline_word_is_still_a_count():
    assert only("受理120件举报电话").text == "120件"


def test_values_are_exact_decimals_not_floats():
    assert only("16.4亿元").value == Decimal("1640000000")
    assert only("0.1万元").value + only("0.2万元").value == Decimal("3000")
    assert parse_numeral("一百零二点八") == Decimal("102.8")


def test_spans_index_the_original_text():
    text = "今年以来，共计下达现场检查记录 549 份，立案 93 起。"
    assert [text[q.start:q.end] for q in find_quantities(text)] == ["549 份", "93 起"]


def test_subject_is_the_words_around_the_number():
    q = only("今年以来，下达行政处罚决定书78份，")
    assert q.subject.startswith("下达行政处罚决定书")


# --- the finder: not stated facts ----------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "一是推进普法方式改革；二是强化社会监督；三是持续推进改革。",
    "结合第二批主题教育活动",
    "（三）推动严格公正文明执法",
    "(1) 提高政治站位",
    "1、 主要举措和成效",
    "主要负责人切实履行法治建设第一责任人职责",
    "举办首期专题研讨班",
    "全面贯彻党的二十大和二十届三中全会精神",
    "落实“八五”普法规划",
    "“十四五”应急体系规划",
    "严格落实行政执法“三项制度”",
    "严格落实行政执法三项制度",
    "落实“双随机、一公开”监管",
    "以“一法一条例”执法检查为契机",
    "推行“四制一规程”",
    "按照“六有”建设标准",
    "建立健全“631”叫应机制",
    "深刻领悟“两个确立”的决定性意义",
    "领会“十一个坚持”精髓要义",
    "践行“四下基层”制度",
    "全面落实“一规划两方案”",
    "全国两会期间加强值守",
    "统一配置执法服装",
    "统一部署专项整治",
    "根据《法治政府建设实施纲要（2021-2025年）》要求",
    "下发《关于成立普法志愿者中队的通知》（荔应急〔2023〕32 号）",
    "学习了《瞭望》2023年第17期文章",
    "结合“4·15”全民国家安全教育日",
    "“12·4”国家宪法日宣传周",
    "“5.12”防灾减灾日",
    "利用“3·15 国际消费者权益日”",
    "12.4 国家宪法日当天",
    "吸取“4.18”火灾事故教训",
    "完善“12350”举报投诉机制",
    "严格遵守中央八项规定精神",
    "统筹推进安全生产专项整治三年行动",
    "发布时间 17:11",
    "— - 1 - —",
    "推动一次办、零跑动",
    "第一时间反馈投诉人",
    "是承上启下的关键一年",
    "打造一站式服务",
    "畅通12345政务服务便民热线",
    "成千上万名群众",
    "推广5G执法终端",
    "PM2.5浓度监测",
    "违反《安全生产法》第九十四条第一款",
    "一季度召开例会",
    "二〇二二年",
    "落实24小时专人值班值守制度",
    "联系电话：0755-12345678",
    "畅通119、110联动机制",
    "吸取“7·20”特大暴雨灾害教训",
    "8.12特大火灾事故警示",
    "详见附件[1]",
    "第3页 共10页",
    "浏览次数：1024",
    "每季度至少开展一次案卷评查",
    "每年至少1次对案卷开展评查",
    "落实安全生产三类人员考核",
    "法治宣传教育第八个五年规划",
    "开展安全生产三年攻坚行动",
])
def test_names_slogans_titles_and_ordinals_are_not_checked(text):
    result = check_numbers(text, UNRELATED, year=2022)
    assert result.ok, [(m.quantity.text, m.reason) for m in result.unsupported]


@pytest.mark.parametrize("text, reason", [
    ("《法治政府建设实施纲要（2021-2025年）》", "书名号"),
    ("荔应急〔2023〕32号", "文号"),
    ("“12·4”国家宪法日", "纪念日"),
    ("落实“三项制度”", "引号"),
    ("结合第二批主题教育", "序号"),
])
def test_ignored_mentions_carry_a_reason(text, reason):
    mentions = check_numbers(text, UNRELATED).mentions
    assert mentions and all(m.status == "ignored" and reason in m.reason for m in mentions)


@pytest.mark.parametrize("draft, year, status, reason", [
    ("2023年，我局深入贯彻落实习近平法治思想", 2023, "ignored", "报告年度"),
    ("2023年度法治政府建设工作报告", 2023, "ignored", "报告年度"),
    ("2024年工作计划", 2023, "ignored", "计划年度"),
    ("2022年工作计划", 2023, "unsupported", ""),
    ("2023年9月启动试点", 2023, "unsupported", ""),
])
def test_report_and_plan_year_are_context_not_facts(draft, year, status, reason):
    m = check_numbers(draft, UNRELATED, year=year).mentions[0]
    assert (m.status, reason in m.reason) == (status, True)


# --- the check: equivalences, qualifiers, units, subjects ---------------------------------------

@pytest.mark.parametrize("facts, draft, status", [
    # scale: 元 / 万元 / 亿元 are one quantity
    ("- 处罚金额1028000元", "处罚金额102.8万元", "supported"),
    ("- 处罚金额102.8万元", "处罚金额1028000元", "supported"),
    ("- 处罚金额102.8万元", "处罚金额102.8万元", "supported"),
    ("- 处罚金额1027956元", "处罚金额102.8万元", "unsupported"),  # bare rounding: 约102.8万元
    ("- 处罚金额1027956元", "处罚金额约102.8万元", "supported"),
    ("- 投入1.2亿元", "投入12000万元", "supported"),
    ("- 投入12000万元", "投入1.2亿元", "supported"),
    ("- 处罚金额18.5万元", "处罚金额18.5千元", "unsupported"),
    ("- 处罚金额18.5万元", "处罚金额18.5元", "unsupported"),
    ("- 处罚金额18.5万元", "处罚金额一十八点五万元", "supported"),
    # measure words
    ("- 立案93起", "立案93起", "supported"),
    ("- 立案93起", "立案93份", "unsupported"),
    ("- 培训58人", "培训58人次", "unsupported"),
    ("- 培训58人次", "培训58人", "unsupported"),
    ("- 培训58名执法人员", "培训执法人员58人", "supported"),
    ("- 指导企业390家次", "指导企业390家", "unsupported"),
    ("- 发生率下降2个百分点", "发生率下降2%", "unsupported"),
    ("- 发生率下降2%", "发生率下降2个百分点", "unsupported"),
    ("- 浓度0.5毫克", "浓度500微克", "supported"),
    ("- 浓度0.5毫克", "浓度0.5微克", "unsupported"),
    # qualifiers are intervals
    ("- 累计分发2万余册", "累计分发2万余册", "supported"),
    ("- 累计分发20500册", "累计分发2万余册", "supported"),
    ("- 累计分发20000册", "累计分发2万余册", "unsupported"),
    ("- 累计分发2万册", "累计分发2万余册", "unsupported"),
    ("- 累计分发2万余册", "累计分发2万册", "unsupported"),
    ("- 累计分发2万余册", "累计分发近2万册", "unsupported"),
    ("- 翻印发放5000本", "翻印发放约5000本", "supported"),
    ("- 翻印发放约5000本", "翻印发放约5000本", "supported"),
    ("- 翻印发放约5000本", "翻印发放5000本", "unsupported"),
    ("- 培训单位48个", "培训近50个单位", "supported"),
    ("- 培训单位50个", "培训近50个单位", "unsupported"),
    ("- 培训单位52个", "培训近50个单位", "unsupported"),
    ("- 向85家单位发放", "向80余家单位发放", "supported"),
    ("- 向80家单位发放", "向80余家单位发放", "unsupported"),
    ("- 演练512场", "演练500余场", "supported"),
    ("- 演练500余场", "演练近500场", "unsupported"),
    ("- 参训120人", "参训100人以上", "supported"),
    ("- 参训90人", "参训100人以上", "unsupported"),
    ("- 参训52人", "参训50人左右", "supported"),
    ("- 参训101家企业", "超过100家企业参训", "supported"),
    ("- 参训100家企业", "超过100家企业参训", "unsupported"),
    # Chinese and Arabic numerals are the same number
    ("- 先后6次召开专题会议", "先后六次召开专题会议", "supported"),
    ("- 先后6次召开专题会议", "先后七次召开专题会议", "unsupported"),
    ("- 举办2场专题讲座", "举办两场专题讲座", "supported"),
    ("- 十余家企业参加", "10余家企业参加", "supported"),
    ("- 12家企业参加", "十余家企业参加", "supported"),
    ("- 将企业划分为4个片区", "将企业划分为四个片区", "supported"),
    ("- 将企业划分为4个片区", "将企业划分为五个片区", "unsupported"),
    ("- 受众41万余人", "受众40万余人", "unsupported"),
    ("- 受众41万余人", "受众40余万人", "supported"),
    ("- 受众41万余人", "受众四十一万余人", "supported"),
    # a paraphrase of the fact's words is the same subject; other words are not
    ("- 主题宣讲受众62人次", "开展“学习贯彻”主题宣讲，受众62人次", "supported"),
    ("- 主题宣讲活动，62人次参加", "开展主题宣讲，受众62人次", "supported"),
    ("- 读书班7天", "举办为期7天的主题教育读书班", "supported"),
    ("- 培训企业负责人62人次\n- 立案5起", "处罚62人次", "unsupported"),
    ("- 罚款102.8万余元", "处罚金额102.8余万元", "supported"),
    ("- 罚款102.8余万元", "罚款102.8万余元", "supported"),
    ("- 罚款102.8万元", "罚款102.8余万元", "unsupported"),
    ("- 罚款102.8余万元", "罚款102.9万余元", "unsupported"),
    # ranges
    ("- 每家企业检查3至5次", "每家企业检查3-5次", "supported"),
    ("- 每家企业检查3至5次", "每家企业检查3-6次", "unsupported"),
    # ranks and awards
    ("- 防灾减灾答题全省排名第二", "防灾减灾答题全省第二", "supported"),
    ("- 防灾减灾答题全省排名第二", "防灾减灾答题全省第三", "unsupported"),
    ("- 执法大比武获得第三名", "执法大比武获得第三名", "supported"),
    ("- 获得一等奖", "获得二等奖", "unsupported"),
    # periods
    ("- 连续3年获评先进单位", "连续三年获评先进单位", "supported"),
    ("- 连续3年获评先进单位", "连续四年获评先进单位", "unsupported"),
])
def test_quantity_is_supported_only_by_the_same_claim(facts, draft, status):
    assert verdict(facts, draft).status == status


@pytest.mark.parametrize("facts, draft, status", [
    ("- 2023年9月，在17家重点企业试点", "2023年9月，开始试点", "supported"),
    ("- 2023年9月，在17家重点企业试点", "2023年10月，开始试点", "unsupported"),
    ("- 2023年9月，在17家重点企业试点", "2022年9月，开始试点", "unsupported"),
    ("- 9月在重点企业试点", "2024年9月，开始试点", "supported"),
    ("- 5月10日召开全省现场会", "5月10日召开全省现场会", "supported"),
    ("- 5月10日召开全省现场会", "5月11日召开全省现场会", "unsupported"),
    ("- 2024年1-8月事故起数下降36.3%", "2024年1-8月", "supported"),
    ("- 2024年1-8月事故起数下降36.3%", "2024年1-9月", "unsupported"),
    ("- 4月组织专题学习", "4月份组织专题学习", "supported"),
    ("- 4月组织专题学习", "5月份组织专题学习", "unsupported"),
    ("- 2月26日召开会议", "2月36日召开会议", "unsupported"),
    ("- 2月26日召开会议", "二月二十六日召开会议", "supported"),
])
def test_dates_are_facts(facts, draft, status):
    assert verdict(facts, draft, year=2024).status == status


FACTS = """- 立案93起
- 下达行政处罚决定书78份
- 各镇街办理简易处罚案件73起
- 我局办理普通程序处罚案件59起
- 抽查检查企业199家
- 联合抽查4家
"""


@pytest.mark.parametrize("draft, status", [
    ("立案93起", "supported"),
    ("立案78起", "unsupported"),  # the number belongs to 处罚决定书 (份)
    ("立案73起", "unsupported"),  # the number belongs to the towns' simple cases
    ("各镇街办理简易处罚案件73起", "supported"),
    ("联合抽查4家", "supported"),
    ("联合抽查199家", "unsupported"),
    ("抽查检查企业4家", "unsupported"),
])
def test_right_number_bound_to_the_wrong_subject_is_caught(draft, status):
    assert verdict(FACTS, draft).status == status


@pytest.mark.parametrize("draft, status", [
    ("| 立案 | 93 |", "supported"),
    ("| 立案 | 94 |", "unsupported"),
    ("| 联合抽查 | 93 |", "unsupported"),
])
def test_table_cells_without_measure_word_bind_by_subject(draft, status):
    assert verdict(FACTS, draft).status == status


TABLE = """各季度执法情况如下表：
| 季度 | 检查企业（家次） | 立案（起） | 罚款（万元） |
| --- | --- | --- | --- |
| 第一季度 | 702 | 58 | 196.2 |
| 全年合计 | 3418 | 312 | 1186.4 |
"""


def test_table_cells_take_unit_and_subject_from_the_headers():
    cells = [(q.display_value(), q.unit, q.subject.split("|")[0]) for q in find_quantities(TABLE) if q.kind == "number"]
    assert cells[:3] == [("702", "家次", "第一季度 检查企业"), ("58", "起", "第一季度 立案"),
                         ("1962000", "元", "第一季度 罚款")]


@pytest.mark.parametrize("wrong, right", [(None, None), ("| 58 |", "| 59 |"), ("| 1186.4 |", "| 1168.4 |")])
def test_a_table_is_checked_cell_by_cell(wrong, right):
    facts = parse_facts("- 全年检查企业3418家次，立案312起，罚款1186.4万元\n"
                        "- 一季度检查企业702家次，立案58起，罚款196.2万元")
    draft = TABLE.replace(wrong, right) if wrong else TABLE
    flagged = [m.quantity.text for m in check_numbers(draft, facts).unsupported]
    assert flagged == ([right.strip("| ")] if wrong else [])


def test_same_number_right_in_one_place_wrong_in_another():
    result = check_numbers("抽查检查企业199家，联合抽查199家。", parse_facts(FACTS))
    assert [m.status for m in result.mentions] == ["supported", "unsupported"]


@pytest.mark.parametrize("facts, draft, formula", [
    ("- 我局办理普通程序案件59起\n- 镇街办理简易案件73起", "全区共办理处罚案件132起", "59起 + 73起 = 132起"),
    ("- 重大事故隐患142个\n- 整改到位135个", "重大隐患整改率95.1%", "135/142 = 95.07% ≈ 95.1%"),
    ("- 今年事故51起\n- 去年同期事故80起", "事故起数同比下降36.3%", "|51-80|/80 = 36.25% ≈ 36.3%"),
    ("- 排查隐患1223项\n- 整改到位1100项", "尚有123项隐患较整改数少", "1223项 - 1100项 = 123项"),
])
def test_derived_figures_come_with_their_formula(facts, draft, formula):
    m = verdict(facts, draft)
    assert (m.status, m.formula) == ("derived", formula)


def test_a_derived_rate_rounded_wrongly_is_unsupported():
    assert verdict("- 重大事故隐患142个\n- 整改到位135个", "重大隐患整改率95.3%").status == "unsupported"


def test_number_taken_from_an_example_gets_its_own_reason():
    examples = ["今年以来，全区共立案120起，下达处罚决定书110份。"]
    m = verdict("- 立案93起", "今年以来立案120起", examples=examples)
    assert m.status == "unsupported" and "范例" in m.reason


def test_unsupported_without_example_says_no_fact():
    m = verdict("- 立案93起", "今年以来立案120起")
    assert m.status == "unsupported" and "范例" not in m.reason and "93起" in m.reason


def test_unused_facts_are_reported():
    result = check_numbers("立案93起。", parse_facts(FACTS))
    assert "F1" not in {f.id for f, _ in result.unused_facts}
    assert {"F2", "F3", "F4", "F5", "F6"} <= {f.id for f, _ in result.unused_facts}


def test_supported_mention_names_its_fact():
    d = check_numbers("下达行政处罚决定书78份", parse_facts(FACTS)).to_dict()
    assert d["ok"] is True and d["mentions"][0]["fact"] == "下达行政处罚决定书78份"
    assert d["mentions"][0]["fact_id"] == "F2"


def test_to_dict_has_the_documented_shape():
    d = check_numbers("立案94起", parse_facts(FACTS)).to_dict()
    assert set(d) == {"ok", "mentions", "unused_facts", "names"} and d["ok"] is False
    assert {"text", "start", "end", "value", "unit", "qualifier", "status", "reason", "fact"} <= set(d["mentions"][0])


@pytest.mark.parametrize("draft", ["", "   \n  "])
def test_empty_draft_is_refused(draft):
    with pytest.raises(InputError, match="空"):
        check_numbers(draft, UNRELATED)


def test_no_facts_is_refused():
    with pytest.raises(InputError, match="事实"):
        check_numbers("立案93起", [])


def test_oversized_draft_is_refused():
    with pytest.raises(InputError, match="过长"):
        check_numbers("立案93起。" * (MAX_INPUT_CHARS // 5), UNRELATED)


@pytest.mark.parametrize("word", ["统一", "两会", "一是", "唯一", "进一步", "同一", "千家万户", "十分重要",
                                  "万户", "百家", "千人"])
def test_ordinary_words_with_numeral_characters_are_not_numbers(word):
    assert [q for q in find_quantities(f"我局{word}部署，{word}推进。") if not q.ignore] == []
