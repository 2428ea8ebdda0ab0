"""The 对话 tab: a conversation that drafts, polishes and answers, kept across reloads and restarts."""

import html

import gradio as gr

from assistant.records.accounts import LOCAL
from assistant.app.common import Tab
from assistant.write.chat import Chat, Turn
from assistant.records.store import new_id, valid_id


def messages_of(turns: list[Turn]) -> list[dict]:
    return [{"role": t.role, "content": t.content} for t in turns]


def shown(messages: list[dict]) -> list[dict]:
    """Messages as the Chatbot shows them: HTML escaped, so that a tag in a person's text, a
    model's answer or a passage is read, never rendered or fetched (Markdown still renders)."""
    return [m | {"content": html.escape(m["content"], quote=False)} for m in messages]


class ChatTab(Tab):
    """The chat's handlers: the live conversations of this process, saved after every answer."""

    def __init__(self, assistant, store):
        super().__init__(assistant, store)
        self.chats: dict[str, Chat] = {}

    def chat(self, message: str, conversation_id: str, request: gr.Request = None):
        """Stream the answer to a message into the conversation, then save the conversation."""
        user = self.user(request)
        conversation_id, chat = self.conversation(conversation_id, user)
        before = messages_of(chat.turns) + [{"role": "user", "content": message}]
        for partial in chat.respond(message):
            yield "", shown(before + [{"role": "assistant", "content": partial}]), conversation_id
        self.store.save_conversation(conversation_id, messages_of(chat.turns), user)

    def conversation(self, conversation_id: str, user=LOCAL) -> tuple[str, Chat]:
        """The live chat of an id, restored from disk after a restart; a new one for no id or
        for an id of another person's conversation."""
        if not valid_id(conversation_id) or not self.store.may_continue(conversation_id, user):
            conversation_id = new_id()
        if conversation_id not in self.chats:
            turns = [Turn(m["role"], m["content"]) for m in self.store.load_conversation(conversation_id, user)]
            self.chats[conversation_id] = Chat(self.assistant, turns=turns)
        return conversation_id, self.chats[conversation_id]

    def restore_chat(self, conversation_id: str, request: gr.Request = None):
        return shown(self.store.load_conversation(conversation_id, self.user(request)))


def placeholder(has_model: bool) -> str:
    """What the chat accepts, as the empty chat shows it: facts in lines or in one sentence; with a model, edits."""
    revise = "“改短点”“再正式一些”修改上一稿，" if has_model else ""
    return ("发“起草”加部分名称和事实（逐行写，或写在一句话里，如“写一段普法宣传，开展活动12场，发放资料6000份”），"
            f"“再来一版”换一种写法，{revise}“润色：”加一段文字，或问“行政复议怎么写”。")


def build(app, tab: ChatTab, conversation_id):
    """The 对话 tab's layout and events."""
    with gr.Tab("对话"):
        chatbot = gr.Chatbot(label="对话", height=460, buttons=["copy", "copy_all"], elem_id="chatbot",
                             placeholder=placeholder(tab.assistant.llm is not None))
        # One line that grows: Enter sends and Shift+Enter adds a line, as in 微信 and 钉钉 (Gradio sends on
        # Enter only for lines=1); ui.IME_GUARD keeps the Enter that confirms a pinyin word from sending.
        message = gr.Textbox(placeholder="输入消息（回车发送，Shift+回车换行）", lines=1, max_lines=8, show_label=False,
                             submit_btn="发送", elem_id="chat-input")
        new = gr.Button("新对话", size="sm")
    message.submit(tab.chat, [message, conversation_id], [message, chatbot, conversation_id], api_name="chat")
    new.click(lambda: ([], ""), None, [chatbot, conversation_id], api_name=False)
    chatbot.clear(lambda: "", None, conversation_id, api_name=False)
    app.load(tab.restore_chat, conversation_id, chatbot, api_name=False)
