"""报告起草助手: draft, check and search annual rule-of-law reports (法治政府建设年度报告)."""
