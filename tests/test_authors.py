"""The author of a report of every kind of bureau and government, with its level and kind:
from the title, the letterhead or 文号, the signature, or the body's own subject — never another
organ the body names. All text here is our own, written in the genre's style."""

import pytest

from assistant.kb.documents import parse_report
from assistant.kb.organs import (body_authors, bureau_identity, organ_kind, organ_level, organs_in_line, place_of,
                              same_bureau)

BODY = "（一）加强组织领导。全年召开专题会议3次。\n二、存在的问题\n基层法治力量仍然薄弱。"


def report_of(head: str, opening: str, signature: str = "") -> str:
    """A small report: its head lines, an opening paragraph, two parts and an optional signature."""
    return f"{head}\n\n{opening}\n\n一、主要举措和成效\n{BODY}\n\n{signature}\n2024年1月10日\n" if signature else \
        f"{head}\n\n{opening}\n\n一、主要举措和成效\n{BODY}\n"


OPENING = "2023年，我们坚持以习近平法治思想为指导，扎实推进法治政府建设。现将有关情况报告如下："


@pytest.mark.parametrize("head, opening, signature, bureau, level, kind", [
    # the title names the author
    ("示例市司法局2023年度法治政府建设年度报告", OPENING, "", "示例市司法局", "市", "司法行政"),
    ("示例区人民政府关于2023年度法治政府建设情况的报告", OPENING, "", "示例区人民政府", "区县", "人民政府"),
    ("示例县生态环境局2023年法治政府建设工作总结", OPENING, "", "示例县生态环境局", "区县", "生态环境"),
    ("示例市人力资源和社会保障局2023年法治政府建设情况报告", OPENING, "", "示例市人力资源和社会保障局", "市", "人力社保"),
    ("示例省教育厅2023年度法治政府建设情况报告", OPENING, "", "示例省教育厅", "省", "教育"),
    ("示例区卫生健康委员会2023年法治政府建设工作报告", OPENING, "", "示例区卫生健康委员会", "区县", "卫生健康"),
    ("示例县农业农村局2023年法治政府建设年度报告", OPENING, "", "示例县农业农村局", "区县", "农业农村"),
    ("示例市财政局2023年度法治政府建设工作情况报告", OPENING, "", "示例市财政局", "市", "财政"),
    ("示例高新技术产业开发区管理委员会2023年法治政府建设工作报告", OPENING, "", "示例高新技术产业开发区管理委员会",
     "区县", "开发区"),
    # a bare place in the title is its government
    ("示例镇2023年度法治政府建设工作报告", OPENING, "", "示例镇人民政府", "乡镇街道", "乡镇"),
    ("示例街道2023年法治政府建设工作总结", OPENING, "", "示例街道办事处", "乡镇街道", "街道"),
    # the title keeps only the level: the place comes from a fuller name of the same organ
    ("市市场监管局2023年法治政府建设情况报告", OPENING, "示例市市场监督管理局", "示例市市场监督管理局", "市", "市场监管"),
    ("市市场监管局2023年法治政府建设情况报告", "2023年，市市场监管局坚持依法行政。示例市各级市场监管部门协同推进，"
     "示例市营商环境持续优化。", "", "示例市市场监管局", "市", "市场监管"),
    ("荔城区应急管理局2023年度法治政府建设工作报告", OPENING, "示例市荔城区应急管理局", "示例市荔城区应急管理局", "区县", "应急管理"),
    # no title: the signature, then the body's own subject
    ("", "2023年，示例街道办事处坚持法治引领基层治理。现将有关情况报告如下：", "中共示例街道工作委员会\n示例街道办事处",
     "示例街道办事处", "乡镇街道", "街道"),
    ("", "2023年，示例镇坚持以习近平法治思想为指导。现将有关情况报告如下：", "中共示例镇委员会\n示例镇人民政府",
     "示例镇人民政府", "乡镇街道", "乡镇"),
    ("", "2023年，示例县司法局坚持以习近平法治思想为指导，扎实推进法治政府建设。", "", "示例县司法局", "区县", "司法行政"),
    # another organ the body names is never the author
    ("", "2023年，示例区司法局被评为全省法治宣传教育先进单位。示例县市场监督管理局坚持依法行政，全面推进法治建设。", "",
     "示例县市场监督管理局", "区县", "市场监管"),
    ("", "2023年，示例区司法局联合区法院开展法治宣传。", "", "", "", ""),
])
def test_author_level_and_kind(head, opening, signature, bureau, level, kind):
    report = parse_report(report_of(head, opening, signature), "报告.txt")
    assert (report.bureau, report.level, report.kind) == (bureau, level, kind)


def test_document_number_names_the_organ_among_the_candidates():
    text = report_of("示荔应急〔2024〕9号\n关于2023年度法治政府建设工作情况的报告",
                     "2023年，示例市应急管理局指导我局工作。示例市荔城区应急管理局坚持依法行政，全面推进法治建设。")
    assert parse_report(text, "报告.txt").bureau == "示例市荔城区应急管理局"


@pytest.mark.parametrize("line, names", [
    ("中共示例镇委员会示例镇人民政府", ["中共示例镇委员会", "示例镇人民政府"]),
    ("中共示例市司法局党组", ["中共示例市司法局党组"]),
    ("示例街道办事处", ["示例街道办事处"]),
    ("示例街道党工委示例街道办事处", ["示例街道党工委", "示例街道办事处"]),
    ("示例市人民政府国有资产监督管理委员会", ["示例市人民政府国有资产监督管理委员会"]),
    ("2024年1月10日", []),
])
def test_signature_lines_hold_every_organ(line, names):
    assert organs_in_line(line, party=True) == names


@pytest.mark.parametrize("name, place, kind, level", [
    ("示例市市场监督管理局", "示例市", "市场监管", "市"),
    ("示例市示例区某某镇人民政府", "示例市示例区某某镇", "乡镇", "乡镇街道"),
    ("湘示市应急管理局", "湘示市", "应急管理", "市"),
    ("示乡市应急管理局", "示乡市", "应急管理", "市"),  # 乡 inside a city's name is no township
    ("区司法局", "", "司法行政", "区县"),
    ("示例区人民政府", "示例区", "人民政府", "区县"),
])
def test_place_kind_and_level_of_a_name(name, place, kind, level):
    assert (place_of(name), organ_kind(name), organ_level(name)) == (place, kind, level)


@pytest.mark.parametrize("text, authors", [
    ("2023年，示例区司法局坚持依法行政。示例区司法局认真落实述法制度。", ["示例区司法局"]),
    ("示例市应急管理局获评全省先进单位；示例区人民政府高度重视法治建设。", ["示例区人民政府"]),
    ("在区委、区政府的坚强领导下，示例区教育局紧扣中心工作。", ["示例区教育局"]),
    ("市场监管部门开展执法检查；区委依法治区办督导。", []),
])
def test_body_authors_are_subjects_only(text, authors):
    assert body_authors(text) == authors


@pytest.mark.parametrize("title, bureau, level, kind", [
    ("示例市住房和城乡建设局2023年度法治政府建设情况报告", "示例市住房和城乡建设局", "市", "住房城乡建设"),
    ("示例县人民政府办公室2023年法治政府建设工作报告", "示例县人民政府办公室", "区县", "人民政府"),
    ("示例市公安局示例分局2023年度法治政府建设工作报告", "示例市公安局示例分局", "市", "公安"),
    ("关于示例区财政局2023年度法治政府建设情况的报告", "示例区财政局", "区县", "财政"),
    ("示例县乡村振兴局2023年法治政府建设工作总结", "示例县乡村振兴局", "区县", ""),
    ("2023年度示例区司法局法治政府建设工作报告", "示例区司法局", "区县", "司法行政"),
    ("示例市人民政府国有资产监督管理委员会2023年法治政府建设情况报告", "示例市人民政府国有资产监督管理委员会", "市", "国资监管"),
])
def test_titles_of_more_organs(title, bureau, level, kind):
    report = parse_report(report_of(title, OPENING), "报告.txt")
    assert (report.bureau, report.level, report.kind) == (bureau, level, kind)


@pytest.mark.parametrize("a, b, same", [
    # a short name and the full name of one organ
    ("示例市市场监督管理局", "市市场监管局", True),
    ("望江市市场监督管理局", "望江市市场监管局", True),
    ("示例县应急管理局", "示例县应急局", True),
    ("示例区人力资源和社会保障局", "示例区人社局", True),
    ("示例县人民政府", "示例县政府", True),
    ("示例经开区管委会", "示例经开区管理委员会", True),
    # a bare level, or no place at all, is the bureau's own way of naming itself
    ("区司法局", "某区司法局", True),
    ("江汉区应急管理局", "区应急管理局", True),
    ("望江市市场监督管理局", "市场监督管理局", True),
    # a place written in full and in part
    ("江汉区应急管理局", "武汉市江汉区应急管理局", True),
    ("示范县司法局", "示范县司法局", True),
    # a bare place names its government
    ("示例镇", "示例镇人民政府", True),
    ("示例街道", "示例街道办事处", True),
    # two different places, or two different organs
    ("江汉区应急管理局", "硚口区应急管理局", False),
    ("示例区司法局", "样板区司法局", False),
    ("示例市司法局", "示例县司法局", False),
    ("望江市市场监督管理局", "望江市司法局", False),
    ("区司法局", "区应急管理局", False),
    ("示例镇人民政府", "样板镇人民政府", False),
    ("示例县卫生健康局", "示例县卫生健康委员会", False),
    ("", "示例县应急管理局", False),
])
def test_one_bureau_across_years(a, b, same):
    assert same_bureau(a, b) is same and same_bureau(b, a) is same


@pytest.mark.parametrize("name, place, organ", [
    ("示例市市场监管局", "示例市", "市场监督管理局"),
    ("市市场监管局", "市", "市场监督管理局"),
    ("区司法局", "区", "司法局"),
    ("武汉市江汉区应急局", "武汉市江汉区", "应急管理局"),
    ("示例 县 司法局", "示例县", "司法局"),
    ("市场监督管理局", "", "市场监督管理局"),
    ("示例镇", "示例镇", "人民政府"),
])
def test_bureau_identity_is_place_and_full_organ(name, place, organ):
    assert bureau_identity(name) == (place, organ)
