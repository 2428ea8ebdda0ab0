"""送审 and review of whole reports: the status a report is in, who may move it on, and the
reviewers' comments.

The status lives in the `status` column of the report's row and comments in the `comments` table
(assistant/records/db.py); each step and its audit-trail entry are written in one transaction, and only
while the report is still in the status the step was checked in: of two people acting at once, the
second is told to look again, and nothing of their step is written.

    起草中 ("") --送审--> 已送审 --审阅通过--> 已审阅
       ^  <--撤回 (no comment yet)--'  \\--退回修改--> 退回修改 --送审--> 已送审
Only 起草中 and 退回修改 reports can be edited, by their owner (or an admin); 已审阅 can still be
退回修改 by a reviewer. Drafters never see another person's report, whatever its status.
"""

from dataclasses import dataclass, field

from assistant.records.accounts import Account
from assistant.records.db import Database
from assistant.kb.decoding import refuse_nul
from assistant.errors import InputError

STATUSES = {"": "起草中", "submitted": "已送审", "reviewed": "已审阅", "returned": "退回修改"}
EDITABLE = ("", "returned")
DECISIONS = {"reviewed": ("submitted",), "returned": ("submitted", "reviewed")}  # to: from
MAX_COMMENT_CHARS = 2000
# Each statement of a step runs only while the report is still in the status the step was checked
# in (and, for a withdrawal, still without comments): a step raced by another person writes nothing.
STILL = "EXISTS (SELECT 1 FROM records WHERE kind = 'reports' AND id = ? AND status = ?)"
UNCOMMENTED = " AND NOT EXISTS (SELECT 1 FROM comments WHERE report_id = ?)"
AUDIT_STEP = "INSERT INTO audit (time, actor, action, kind, record_id, detail) SELECT ?, ?, ?, 'reports', ?, ? WHERE "
COMMENT_STEP = "INSERT INTO comments (report_id, author, time, text) SELECT ?, ?, ?, ? WHERE "
STATUS_STEP = "UPDATE records SET status = ? WHERE kind = 'reports' AND id = ? AND "


@dataclass(frozen=True)
class Comment:
    """A reviewer's comment on a report: who wrote it, when, and what."""

    author: str
    time: str
    text: str


@dataclass(frozen=True)
class ReviewState:
    """Where a report stands in review, as the person asking may see it."""

    report_id: str
    owner: str
    status: str
    comments: list[Comment] = field(default_factory=list)

    @property
    def label(self) -> str:
        return STATUSES.get(self.status, self.status)


def status_label(status: str) -> str:
    """The Chinese name of a review status (起草中, 已送审, 已审阅, 退回修改)."""
    return STATUSES.get(status, status)


def check_comment(text: str | None) -> str:
    """A comment without surrounding blanks; InputError when empty, too long or holding NUL."""
    text = (text or "").strip()
    if not text:
        raise InputError("审核意见是空的：请先在“审核意见”框中写下意见。")
    if len(text) > MAX_COMMENT_CHARS:
        raise InputError(f"审核意见太长（{len(text)} 字，上限 {MAX_COMMENT_CHARS} 字）：请分几条发表。")
    refuse_nul(text, "审核意见")
    return text


class Reviews:
    """送审, withdrawal, comments and decisions on the reports of one records database."""

    def __init__(self, db: Database):
        self.db = db

    def state(self, report_id: str, user: Account) -> ReviewState:
        """The report's status and comments; InputError when user may not see the report."""
        owner, status = self._visible_row(report_id, user)
        return ReviewState(report_id, owner, status, self.comments(report_id))

    def comments(self, report_id: str) -> list[Comment]:
        """The report's comments, oldest first."""
        rows = self.db.query("SELECT author, time, text FROM comments WHERE report_id = ? ORDER BY seq", (report_id,))
        return [Comment(*row) for row in rows]

    def submit(self, report_id: str, user: Account) -> ReviewState:
        """Mark the owner's report 送审, from 起草中 or 退回修改."""
        owner, status = self._visible_row(report_id, user)
        if owner != user.name:
            raise InputError(f"只有起草人本人可以送审：这是“{owner}”的报告。")
        if status not in EDITABLE:
            raise InputError(_NOT_SUBMITTABLE[status])
        self._step(report_id, user, status, "submitted", to="submitted")
        return self.state(report_id, user)

    def withdraw(self, report_id: str, user: Account) -> ReviewState:
        """Take a 送审 back to 起草中, only while no reviewer has commented on the report."""
        owner, status = self._visible_row(report_id, user)
        if owner != user.name:
            raise InputError(f"只有起草人本人可以撤回送审：这是“{owner}”的报告。")
        if status != "submitted":
            raise InputError(f"这份报告现在是“{status_label(status)}”，不在送审中，无需撤回。")
        if self.comments(report_id):
            raise InputError("审核人已对这份报告发表意见，不能再撤回：请等待审阅结果，或请审核人退回修改。")
        self._step(report_id, user, status, "withdrawn", to="", uncommented=True)
        return self.state(report_id, user)

    def comment(self, report_id: str, user: Account, text: str) -> ReviewState:
        """Add a reviewer's comment to a report that was submitted (送审) to review."""
        user.require_reviewer("发表审核意见")
        text = check_comment(text)
        _, status = self._visible_row(report_id, user)
        if not status:
            raise InputError("这份报告还没有送审：起草人送审后才能发表审核意见。")
        self._step(report_id, user, status, "commented", comment=text)
        return self.state(report_id, user)

    def decide(self, report_id: str, user: Account, status: str, text: str = "") -> ReviewState:
        """Mark a submitted report 已审阅 ("reviewed") or 退回修改 ("returned"), with an optional comment."""
        user.require_reviewer("审阅报告")
        if status not in DECISIONS:
            raise InputError(f"没有审阅结论“{status}”：请用 {' / '.join(DECISIONS)} 之一。")
        owner, current = self._visible_row(report_id, user)
        if owner == user.name:
            raise InputError("不能审阅自己起草的报告：请由其他审核人审阅。")
        if current not in DECISIONS[status]:
            raise InputError(f"这份报告现在是“{status_label(current)}”，不能标为“{status_label(status)}”。")
        self._step(report_id, user, current, status, to=status, comment=check_comment(text) if text.strip() else "")
        return self.state(report_id, user)

    def require_editable(self, report_id: str, user: Account) -> None:
        """InputError unless user may change the saved report now (its owner or an admin, and the
        report 起草中 or 退回修改); a report not saved yet may always be."""
        row = self._row(report_id)
        if row is None:
            return
        owner, status = row
        if not user.can_edit(owner):
            raise InputError(f"这是“{owner}”送审的报告，审核人只能查看和发表意见，不能修改正文。")
        if status not in EDITABLE:
            raise InputError(_NOT_EDITABLE[status])

    def _step(self, report_id: str, user: Account, current: str, action: str, to: str | None = None,
              comment: str = "", uncommented: bool = False) -> None:
        """One step in one transaction: its audit entry, its comment, then the status change, each
        only while the report is still `current`; InputError when another person's step came first."""
        still, still_params = STILL + (UNCOMMENTED if uncommented else ""), (report_id, current) + (report_id,) * uncommented
        now, detail = self.db.now(), comment[:200] if to is None else f"{status_label(current)} → {status_label(to)}"
        steps = [(AUDIT_STEP + still, (now, user.name, action, report_id, detail, *still_params))]
        if comment:
            steps.append((COMMENT_STEP + still, (report_id, user.name, now, comment, *still_params)))
        if to is not None:
            steps.append((STATUS_STEP + still, (to, report_id, *still_params)))
        self.db.execute_many(steps)
        if not self.db.query("SELECT 1 FROM audit WHERE time = ? AND actor = ? AND action = ? AND record_id = ?",
                             (now, user.name, action, report_id)):
            raise InputError("这份报告刚刚被其他人处理过：请重新打开报告，看过最新状态后再操作。")

    def _row(self, report_id: str) -> tuple[str, str] | None:
        rows = self.db.query("SELECT owner, status FROM records WHERE kind = 'reports' AND id = ?", (report_id or "",))
        return rows[0] if rows else None

    def _visible_row(self, report_id: str, user: Account) -> tuple[str, str]:
        """The owner and status of a report user may see; the same error as an unknown id otherwise."""
        row = self._row(report_id)
        if not report_id:
            raise InputError("还没有整篇报告：请先起草或打开一份。")
        if row is None or not user.can_open(row[0], submitted=bool(row[1])):
            raise InputError(f"找不到整篇报告“{report_id}”：它可能已被删除。")
        return row


_NOT_SUBMITTABLE = {"submitted": "这份报告已送审，正在等待审核人审阅：不必再次送审。",
                    "reviewed": "这份报告已审阅通过，不必再送审：如需修改，请联系审核人退回修改。"}
_NOT_EDITABLE = {"submitted": "报告已送审，审核期间不能修改：如需修改，请先撤回送审（尚无审核意见时），或等待审核人退回修改。",
                 "reviewed": "报告已审阅通过，不能再修改：如需修改，请联系审核人退回修改。"}
