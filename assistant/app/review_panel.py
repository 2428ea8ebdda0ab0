"""送审 and review inside the 整篇报告 tab: the report's status and comments, the drafter's 送审 /
撤回, and the reviewer's comment, 审阅通过 and 退回修改 (rules in assistant/records/review.py).

The panel is shown only to people who logged in (one person on loopback has nobody to send to);
buttons a role cannot use are hidden, buttons that do not fit the report's status are disabled,
and the report's text is read-only whenever the person may not change it. The handlers refuse on
their own as well (the library checks every step)."""

import gradio as gr

from assistant.app import views
from assistant.records.accounts import Account
from assistant.app.common import Tab, friendly, reported
from assistant.errors import InputError
from assistant.records.review import EDITABLE, ReviewState

PANEL_SIZE = 10  # outputs of ReviewPanel.panel


def review_html(state: ReviewState | None, user: Account) -> str:
    """The status line of a report and its comments, oldest first."""
    if state is None:
        return "<p class='muted'>起草或打开一份报告后，可在这里送审、查看审核意见。</p>"
    whose = "本人起草" if state.owner == user.name else f"起草人：{views.esc(state.owner or '（未登录时起草）')}"
    lines = [f"<p class='review-status'>状态：<b>{views.esc(state.label)}</b> · {whose}</p>"]
    if not state.comments:
        return lines[0] + "<p class='muted'>还没有审核意见。</p>"
    items = "".join(f"<li><span class='muted'>{views.esc(c.author)} · {views.esc(c.time)}</span><br>{views.esc(c.text)}</li>"
                    for c in state.comments)
    return lines[0] + f"<h4>审核意见（{len(state.comments)} 条）</h4><ol class='review-comments'>{items}</ol>"


def controls(state: ReviewState | None, user: Account) -> tuple:
    """The updates of submit, withdraw, comment box, comment, approve, return, text and re-check."""
    own = state is None or state.owner == user.name
    status = state.status if state else None
    in_review = bool(state and state.status)
    editable = state is None or (user.can_edit(state.owner) and status in EDITABLE)
    reviewer = user.is_reviewer
    return (gr.update(visible=own, interactive=status in EDITABLE and state is not None),
            gr.update(visible=own and status == "submitted", interactive=not (state and state.comments)),
            gr.update(visible=reviewer, interactive=in_review),
            gr.update(visible=reviewer, interactive=in_review),
            gr.update(visible=reviewer, interactive=not own and status == "submitted"),
            gr.update(visible=reviewer, interactive=not own and status in ("submitted", "reviewed")),
            gr.update(interactive=editable), gr.update(interactive=editable))


class ReviewPanel(Tab):
    """The panel's handlers: each step is one library call, then the panel is drawn again."""

    @friendly
    def panel(self, report_id: str, request: gr.Request = None):
        """The panel for the report on screen: shown to logged-in people only, buttons by role and status."""
        user = self.user(request)
        state = self.state(report_id, user)
        return (gr.update(visible=bool(user.name)), review_html(state, user), *controls(state, user))

    def state(self, report_id: str, user: Account) -> ReviewState | None:
        try:
            return self.store.reviews.state(report_id, user) if report_id else None
        except InputError:
            return None  # another person's report, or one removed since: nothing to show

    @reported(PANEL_SIZE)
    def submit(self, report_id: str, request: gr.Request = None):
        """Send the report on screen to the reviewers (送审)."""
        return self.after(self.store.reviews.submit(report_id, self.user(request)), request)

    @reported(PANEL_SIZE)
    def withdraw(self, report_id: str, request: gr.Request = None):
        """Take the 送审 back while no reviewer has commented."""
        return self.after(self.store.reviews.withdraw(report_id, self.user(request)), request)

    @reported(PANEL_SIZE + 1)
    def comment(self, report_id: str, text: str, request: gr.Request = None):
        """Leave a reviewer's comment on the report on screen; the comment box is emptied."""
        return (*self.after(self.store.reviews.comment(report_id, self.user(request), text), request), "")

    @reported(PANEL_SIZE + 1)
    def approve(self, report_id: str, text: str, request: gr.Request = None):
        """Mark the report 已审阅, with the comment box's text as a comment when there is one."""
        return self.decide(report_id, text, request, "reviewed")

    @reported(PANEL_SIZE + 1)
    def send_back(self, report_id: str, text: str, request: gr.Request = None):
        """Mark the report 退回修改, with the comment box's text as a comment when there is one."""
        return self.decide(report_id, text, request, "returned")

    def decide(self, report_id: str, text: str, request: gr.Request, status: str):
        # Two handlers, not functools.partial: Gradio gives a partial no gr.Request.
        return (*self.after(self.store.reviews.decide(report_id, self.user(request), status, text or ""), request), "")

    def after(self, state: ReviewState, request: gr.Request):
        user = self.user(request)
        return (gr.skip(), review_html(state, user), *controls(state, user))


def layout() -> list:
    """The panel's components: the box, the status and comments, the buttons, the message slot."""
    with gr.Accordion("送审与审核意见", open=True, visible=False, elem_id="review") as box:
        status = gr.HTML(review_html(None, Account("", "")), elem_id="review-status")
        with gr.Row():
            submit = gr.Button("送审", size="sm", variant="primary", elem_id="review-submit")
            withdraw = gr.Button("撤回送审", size="sm", visible=False, elem_id="review-withdraw")
        comment_box = gr.Textbox(label="审核意见", lines=3, visible=False, elem_id="review-comment",
                                 placeholder="写下对这份报告的意见，起草人重新打开报告时可以看到")
        with gr.Row():
            comment = gr.Button("发表意见", size="sm", visible=False, elem_id="review-comment-button")
            approve = gr.Button("审阅通过", size="sm", visible=False, elem_id="review-approve")
            send_back = gr.Button("退回修改", size="sm", variant="stop", visible=False, elem_id="review-return")
        message = gr.HTML(elem_id="review-message", elem_classes="app-slot")
    return [box, status, submit, withdraw, comment_box, comment, approve, send_back, message]


def wire(panel: ReviewPanel, parts: list, report_id, editing: list, refreshed_by, history) -> None:
    """The panel's events; editing are the tab's text box and re-check button (read-only when the
    person may not change the report), refreshed_by the tab's events that put a report on screen,
    history a (handler, list) pair that draws the report list again after a step changed a status."""
    box, status, submit, withdraw, comment_box, comment, approve, send_back, message = parts
    shown = [box, status, submit, withdraw, comment_box, comment, approve, send_back, *editing]
    for event in refreshed_by:
        event.then(panel.panel, report_id, shown, api_name=False, show_progress="hidden")
    steps = [submit.click(panel.submit, report_id, shown + [message], api_name=False),
             withdraw.click(panel.withdraw, report_id, shown + [message], api_name=False)]
    for button, handler in ((comment, panel.comment), (approve, panel.approve), (send_back, panel.send_back)):
        steps.append(button.click(handler, [report_id, comment_box], shown + [comment_box, message], api_name=False))
    for step in steps:
        step.then(history[0], report_id, history[1], api_name=False, show_progress="hidden")
