"""Notes into the register: table-driven over notes written the way staff jot them (our own
text, not corpus text), each with the sentence a report would write."""

from decimal import Decimal

import pytest

from assistant.mentions import find_quantities
from assistant.phrasing import Phrasebook, arabic_counts, rewrite_note

NOTES = [
    ('执法检查 企业412家次 查隐患1876项 已整改1803项', '开展执法检查，检查企业412家次，排查隐患1876项，已整改1803项'),
    ('执法检查 企业233家次 发现隐患604项 整改591项', '开展执法检查，检查企业233家次，发现隐患604项，整改591项'),
    ('立案28起 罚款41.5万元', '立案28起，罚款41.5万元'),
    ('执法人员培训 2期 96人次', '举办执法人员培训班2期，培训96人次'),
    ('执法记录仪 新配 14台', '新配备执法记录仪14台'),
    ('检查 企业 233 家次', '检查企业233家次'),
    ('双随机抽查 62家次', '开展双随机抽查62家次'),
    ('应急演练 3场', '组织应急演练3场'),
    ('普法讲座 12场 600人次', '举办普法讲座12场，参与600人次'),
    ('行政应诉 2件 负责人出庭2次', '办理行政应诉案件2件，负责人出庭2次'),
    ('行政复议 12件 纠错1件', '办理行政复议案件12件，纠错1件'),
    ('食品抽检 批次420 合格率98.1%', '抽检食品批次420，合格率98.1%'),
    ('主要负责人 主持专题研究法治建设 4次', '主要负责人主持专题研究法治建设4次'),
    ('年终述法 已完成', '已完成年终述法'),
    ('规范性文件清理：清理3件，废止1件', '清理规范性文件3件，废止1件'),
    ('行政复议：收到申请12件 办结11件', '收到行政复议申请12件，办结11件'),
    ('普法宣传：活动15场 资料8000余份', '开展普法宣传活动15场，发放资料8000余份'),
    ('合法性审核：审核文件23件', '开展合法性审核，审核文件23件'),
    ('法律顾问：列席会议6次', '在法律顾问方面，召开列席会议6次'),
    ('信访：受理31件 办结31件', '受理信访31件，办结31件'),
    ('案卷评查：评查案卷40卷', '开展案卷评查，评查案卷40卷'),
    ('培训：企业负责人 320人次', '培训企业负责人320人次'),
    ('主会场+8个分会场', '主会场和8个分会场'),
    ('线上/线下同步直播', '线上、线下同步直播'),
    ('推行“执法+普法”模式', '推行“执法+普法”模式'),
    ('宣传资料8000份，宣传活动15场', '发放宣传资料8000份，开展宣传活动15场'),
    ('合同审查(共12份)', '合同审查（共12份）'),
    ('普法还是发资料、摆摊为主，新媒体用得不够', '普法仍以发放资料、设点宣传为主，新媒体运用不够充分'),
    ('执法人员只有12人，人手不够', '执法人员仅有12人，人员力量不足'),
    ('智慧执法刚起步', '智慧执法尚处于起步阶段'),
    ('基层执法力量比较薄弱', '基层执法力量较为薄弱'),
    ('乡镇执法队伍还没有专职法制审核人员', '乡镇执法队伍尚无专职法制审核人员'),
    ('案卷制作不到位，文书不太规范', '案卷制作不够到位，文书不够规范'),
    ('执法+普法 覆盖企业86家', '开展执法和普法，覆盖企业86家'),
    ('专题学习 习近平法治思想 6次', '专题学习习近平法治思想6次'),
    ('局党组会 专题研究法治 4次', '召开局党组会，专题研究法治4次'),
    ('“安全生产月”宣传咨询 15场', '开展“安全生产月”宣传咨询15场'),
    ('调解纠纷 45件 成功43件', '调解纠纷45件，成功43件'),
    ('法律援助 受理案件210件', '受理法律援助案件210件'),
    ('执法资格考试 参考38人 通过35人', '组织执法资格考试，参考38人，通过35人'),
    ('行政许可 办件1012件 按时办结率100%', '行政许可办件1012件，按时办结率100%'),
    ('社区矫正 在册对象56人', '社区矫正在册对象56人'),
    ('法治副校长 聘任 11名', '聘任法治副校长11名'),
    ('培训两期，十余家企业', '开展培训两期，十余家企业'),
]


@pytest.mark.parametrize("note, expected", NOTES)
def test_a_note_becomes_a_clause_in_the_register(note, expected):
    assert rewrite_note(note) == expected


def counts(text: str) -> list[tuple[Decimal, str]]:
    return sorted((q.value, q.unit) for q in find_quantities(text) if not q.ignore and q.value is not None)


@pytest.mark.parametrize("note, expected", NOTES)
def test_a_rewrite_adds_and_drops_no_number(note, expected):
    assert counts(arabic_counts(rewrite_note(note))) == counts(note)


@pytest.mark.parametrize("text, expected", [
    ("举办培训班两期，培训九十六人次", "举办培训班2期，培训96人次"),
    ("带头讲授法治党课一次", "带头讲授法治党课1次"),
    ("走访十余家企业", "走访10余家企业"),
    ("发放读本两万余册", "发放读本2万余册"),
    ("连续三年未发生较大事故", "连续3年未发生较大事故"),
    ("组织演练二十五场", "组织演练25场"),
    ("一是落实行政执法“三项制度”", "一是落实行政执法“三项制度”"),  # an ordinal and a slogan stay
    ("第二批执法人员", "第二批执法人员"),
    ("建立一个平台", "建立一个平台"),  # "one" as an article stays in words
    ("立案93起", "立案93起"),
])
def test_counts_are_written_in_arabic_digits(text, expected):
    assert arabic_counts(text) == expected


def test_verbs_mined_from_the_passages_win_over_the_built_in_table():
    note = "宣传手册 500份"
    assert rewrite_note(note) == "发放宣传手册500份"  # the table's verb
    book = Phrasebook(["全年印发宣传手册2000份。", "编印并印发宣传手册。", "发放宣传手册300份。"])
    assert rewrite_note(note, book) == "印发宣传手册500份"
