"""送审 and review on the real records database (SQLite in tmp_path, then a real PostgreSQL server:
the records_database fixture): who may submit, withdraw,
comment and decide, what each role sees, that a report in review cannot be edited, and that every
step is in the audit trail."""

import pytest

from assistant.records.accounts import Account
from assistant.errors import InputError
from assistant.records.review import STATUSES, Reviews
from assistant.records.store import ReportRecord, Store

ZHANGSAN, LISI = Account("zhangsan", "drafter"), Account("lisi", "drafter")
KEZHANG, GUANLI = Account("kezhang", "reviewer"), Account("guanli", "admin")
FACTS = "# 示例县应急管理局 2024 年度报告事实\n\n## 主要举措和成效\n- 立案查处违法行为56起"
TEXT = "示例县应急管理局2024年度法治政府建设工作报告\n全年立案查处违法行为56起。\n"


@pytest.fixture
def store(tmp_path, records_database):
    return Store(tmp_path / "data", records_database)


def report_of(store: Store, user: Account = ZHANGSAN) -> str:
    return store.save_report(ReportRecord(FACTS, TEXT, "示例县应急管理局", 2024, "示例县应急管理局2024年度报告"), user).id


def test_a_submitted_report_reaches_reviewers_and_its_comments_reach_the_owner(store, records_database):
    report_id = report_of(store)
    assert store.list_reports(user=KEZHANG) == []  # not submitted yet: only its owner sees it
    assert store.find_report(report_id, KEZHANG) is None
    assert store.reviews.submit(report_id, ZHANGSAN).label == "已送审"
    assert [r.id for r in store.list_reports(user=KEZHANG)] == [report_id]
    assert store.load_report(report_id, KEZHANG).status == "submitted"
    store.reviews.comment(report_id, KEZHANG, "  第二部分请补充行政复议案件数。 ")
    reopened = Store(store.root, records_database).reviews.state(report_id, ZHANGSAN)  # as after a restart
    assert [(c.author, c.text) for c in reopened.comments] == [("kezhang", "第二部分请补充行政复议案件数。")]
    assert reopened.comments[0].time


@pytest.mark.parametrize("user", [LISI, Account("wangwu", "drafter")])
def test_a_drafter_never_sees_another_persons_report_whatever_its_status(store, user):
    report_id = report_of(store)
    for step in (lambda: None, lambda: store.reviews.submit(report_id, ZHANGSAN),
                 lambda: store.reviews.decide(report_id, KEZHANG, "reviewed")):
        step()
        assert store.list_reports(user=user) == [] and store.find_report(report_id, user) is None
        for refused in (lambda: store.load_report(report_id, user), lambda: store.reviews.state(report_id, user)):
            with pytest.raises(InputError, match="找不到整篇报告"):
                refused()


@pytest.mark.parametrize("user, action, message", [
    (LISI, lambda r, s, u: r.submit(s, u), "找不到整篇报告"),
    (KEZHANG, lambda r, s, u: r.submit(s, u), "只有起草人本人"),
    (ZHANGSAN, lambda r, s, u: r.comment(s, u, "我自己的意见"), "只有审核人或管理员"),
    (LISI, lambda r, s, u: r.comment(s, u, "别人的报告"), "只有审核人或管理员"),
    (ZHANGSAN, lambda r, s, u: r.decide(s, u, "reviewed"), "只有审核人或管理员"),
    (KEZHANG, lambda r, s, u: r.decide(s, u, "approved"), "没有审阅结论"),
    (KEZHANG, lambda r, s, u: r.comment(s, u, "   "), "审核意见是空的"),
    (KEZHANG, lambda r, s, u: r.comment(s, u, "长" * 2001), "审核意见太长"),
    (KEZHANG, lambda r, s, u: r.comment(s, u, "意见\x00"), "空字符"),
    (ZHANGSAN, lambda r, s, u: r.submit(s, u), "已送审，正在等待"),
])
def test_steps_a_person_may_not_take_are_refused_in_chinese(store, user, action, message):
    report_id = report_of(store)
    store.reviews.submit(report_id, ZHANGSAN)
    with pytest.raises(InputError, match=message):
        action(store.reviews, report_id, user)
    assert store.reviews.state(report_id, ZHANGSAN).status == "submitted"


def test_a_report_not_submitted_takes_no_comment_nor_decision(store):
    report_id = report_of(store)
    with pytest.raises(InputError, match="找不到整篇报告"):  # a reviewer cannot even see it
        store.reviews.comment(report_id, KEZHANG, "提前看看")
    with pytest.raises(InputError, match="还没有送审"):  # an admin sees it, but it is not in review
        store.reviews.comment(report_id, GUANLI, "提前看看")
    with pytest.raises(InputError, match="不能标为"):
        store.reviews.decide(report_id, GUANLI, "reviewed")


def test_withdrawal_is_possible_only_until_the_first_comment(store):
    report_id = report_of(store)
    store.reviews.submit(report_id, ZHANGSAN)
    assert store.reviews.withdraw(report_id, ZHANGSAN).status == ""
    assert store.list_reports(user=KEZHANG) == []  # withdrawn: out of the reviewers' sight again
    store.reviews.submit(report_id, ZHANGSAN)
    store.reviews.comment(report_id, KEZHANG, "请核对罚款金额。")
    with pytest.raises(InputError, match="不能再撤回"):
        store.reviews.withdraw(report_id, ZHANGSAN)
    with pytest.raises(InputError, match="只有起草人本人"):
        store.reviews.withdraw(report_id, KEZHANG)


@pytest.mark.parametrize("decision, then_editable", [("reviewed", False), ("returned", True)])
def test_a_report_in_review_is_read_only_until_it_is_returned(store, decision, then_editable):
    report_id = report_of(store)
    store.reviews.submit(report_id, ZHANGSAN)
    record = store.load_report(report_id, ZHANGSAN)
    with pytest.raises(InputError, match="审核期间不能修改"):
        store.save_report(record, ZHANGSAN)
    with pytest.raises(InputError, match="不能修改正文"):  # a reviewer only reads and comments
        store.save_report(store.load_report(report_id, KEZHANG), KEZHANG)
    store.reviews.decide(report_id, KEZHANG, decision, "第三部分写得好。" if decision == "reviewed" else "")
    record.text += "补充一句。"
    if then_editable:
        assert store.save_report(record, ZHANGSAN).text.endswith("补充一句。")
        assert store.reviews.submit(report_id, ZHANGSAN).status == "submitted"  # and back to review
    else:
        with pytest.raises(InputError, match="已审阅通过"):
            store.save_report(record, ZHANGSAN)
    assert store.load_report(report_id, ZHANGSAN).status in ("submitted", "reviewed")


@pytest.mark.parametrize("decision, allowed_from", [("reviewed", {"submitted"}),
                                                     ("returned", {"submitted", "reviewed"})])
def test_each_decision_moves_only_from_the_statuses_it_names(store, decision, allowed_from):
    for status in STATUSES:
        report_id = report_of(store)
        store.db.execute("UPDATE records SET status = ? WHERE id = ?", (status, report_id))
        if status in allowed_from:
            assert store.reviews.decide(report_id, GUANLI, decision).status == decision
        else:
            with pytest.raises(InputError, match="不能标为"):
                store.reviews.decide(report_id, GUANLI, decision)


def test_a_reviewer_cannot_decide_on_their_own_report(store):
    report_id = report_of(store, KEZHANG)
    store.reviews.submit(report_id, KEZHANG)
    with pytest.raises(InputError, match="不能审阅自己起草的报告"):
        store.reviews.decide(report_id, KEZHANG, "reviewed")
    assert store.reviews.decide(report_id, GUANLI, "reviewed").status == "reviewed"


def test_every_step_is_in_the_audit_trail(store):
    report_id = report_of(store)
    store.reviews.submit(report_id, ZHANGSAN)
    store.reviews.withdraw(report_id, ZHANGSAN)
    store.reviews.submit(report_id, ZHANGSAN)
    store.reviews.comment(report_id, KEZHANG, "请补充数据来源。")
    store.reviews.decide(report_id, KEZHANG, "returned", "退回，请补充后再送审。")
    events = [(e["actor"], e["action"]) for e in reversed(store.audit_trail()) if e["record_id"] == report_id]
    assert events == [("zhangsan", "drafted"), ("zhangsan", "submitted"), ("zhangsan", "withdrawn"),
                      ("zhangsan", "submitted"), ("kezhang", "commented"), ("kezhang", "returned")]
    assert store.audit_trail(1)[0]["detail"] == "已送审 → 退回修改"
    assert [c.text for c in store.reviews.comments(report_id)] == ["请补充数据来源。", "退回，请补充后再送审。"]


@pytest.mark.parametrize("owner, status, label", [
    ("zhangsan", "", "2025-01-20 09:30:00 · 示例县应急管理局2024年度报告"),
    ("zhangsan", "returned", "退回修改 · 2025-01-20 09:30:00 · 示例县应急管理局2024年度报告"),
    ("lisi", "submitted", "已送审 · lisi · 2025-01-20 09:30:00 · 示例县应急管理局2024年度报告"),
    ("", "", "2025-01-20 09:30:00 · 示例县应急管理局2024年度报告"),  # drafted before accounts
])
def test_the_history_list_shows_status_and_owner_first(owner, status, label):
    from assistant.app.report_tab import history_label

    record = ReportRecord(FACTS, TEXT, title="示例县应急管理局2024年度报告", time="2025-01-20 09:30:00", owner=owner,
                          status=status)
    assert history_label(record, ZHANGSAN) == label


class RacedReviews(Reviews):
    """Reviews where another person's step lands right after the step's check `at` (_visible_row or
    comments) and before its write, as when two people click at once in two app processes."""

    def __init__(self, db, other_step, at: str):
        super().__init__(db)
        self.other_step, self.at = other_step, at

    def _visible_row(self, report_id, user):
        return self._race("_visible_row", report_id, super()._visible_row(report_id, user))

    def comments(self, report_id):
        return self._race("comments", report_id, super().comments(report_id))

    def _race(self, at: str, report_id: str, checked):
        if at == self.at and self.other_step:
            other, self.other_step = self.other_step, None
            other(Reviews(self.db), report_id)
        return checked


@pytest.mark.parametrize("other_step, at, my_step, status_after", [
    (lambda r, i: r.decide(i, GUANLI, "reviewed"), "_visible_row",
     lambda r, i: r.decide(i, KEZHANG, "returned", "请修改。"), "reviewed"),
    (lambda r, i: r.decide(i, GUANLI, "reviewed"), "_visible_row",
     lambda r, i: r.decide(i, KEZHANG, "reviewed", "同意。"), "reviewed"),
    (lambda r, i: r.comment(i, KEZHANG, "请补充。"), "comments", lambda r, i: r.withdraw(i, ZHANGSAN), "submitted"),
    (lambda r, i: r.withdraw(i, ZHANGSAN), "_visible_row", lambda r, i: r.comment(i, KEZHANG, "晚到的意见。"), ""),
])
def test_a_step_raced_by_another_persons_writes_nothing(store, other_step, at, my_step, status_after):
    report_id = report_of(store)
    store.reviews.submit(report_id, ZHANGSAN)
    events_before = len(store.audit_trail())
    with pytest.raises(InputError, match="刚刚被其他人处理过"):
        my_step(RacedReviews(store.db, other_step, at), report_id)
    assert store.reviews.state(report_id, ZHANGSAN).status == status_after
    assert len(store.audit_trail()) == events_before + 1  # the other person's step only
    assert all(c.text not in ("请修改。", "同意。", "晚到的意见。") for c in store.reviews.comments(report_id))
