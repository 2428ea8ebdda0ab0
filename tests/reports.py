"""Small fictional reports (our own text) that tests write into tmp_path as real files."""

from pathlib import Path


def report_text(bureau: str = "示例市应急管理局", year: int = 2023, cases: int = 93) -> str:
    """A short report with the standard parts, in the genre's usual heading styles."""
    return f"""{bureau}{year}年度法治政府建设工作报告

{year}年，{bureau}坚持以习近平法治思想为指导，扎实推进法治政府建设。现将有关情况报告如下：

一、主要举措和成效
（一）加强组织领导，压实法治建设责任。一是局党委理论学习中心组专题学习习近平法治思想4次。二是调整法治建设领导小组，明确分管领导和责任科室。
（二）深化普法宣传，营造尊法守法氛围。一是围绕“安全生产月”开展宣传活动12场，发放宣传资料3000余份。二是落实“谁执法谁普法”责任制，组织企业负责人培训5期。
（三）严格规范执法，提升执法质效。一是全年检查生产经营单位420家次，立案{cases}起，下达行政处罚决定书78份。二是组织执法案卷评查，评查案卷30卷，整改问题12个。
（四）强化权力监督，主动接受行政复议。一是全年办理行政复议案件2件，行政应诉案件1件，无败诉案件。二是推进政务公开，主动公开行政处罚信息。

二、党政主要负责人履行推进法治建设第一责任人职责情况
局主要负责人认真履行第一责任人职责，全年主持召开专题会议3次，研究部署法治建设重点工作。

三、存在的不足和原因
一是基层执法力量仍然不足，专业人员有待充实。二是普法宣传的针对性不够到位。

四、下一年度工作打算
（一）持续深化普法宣传。进一步创新宣传方式，扩大覆盖面。
（二）进一步规范行政执法。深入推进行政执法“三项制度”，提升执法质量。

{bureau}
{year + 1}年1月15日
"""


def write_report(folder: Path, name: str, **kwargs) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(report_text(**kwargs), encoding="utf-8")
    return path
