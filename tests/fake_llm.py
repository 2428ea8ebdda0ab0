"""A local OpenAI-compatible HTTP server the tests start and script (a stand-in for any LLM).

Chat completions are answered from a script of replies (or by a responder function, or by echoing
the last user message), as JSON or as server-sent events; a reply may carry reasoning (a
`reasoning_content` field, as DeepSeek-R1 and Qwen3 servers send it) and a finish reason (`length`
for a reply cut by max_tokens), or instead be a fault: a status code, a delay, garbage, headers.
Embeddings are deterministic bags of characters. Every request (path, body, headers) is recorded.
"""

import json
import threading
import time
import zlib
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

EMBEDDING_DIMENSIONS = 256


@dataclass
class Fault:
    """A scripted failure instead of a reply."""

    status: int = 500
    delay: float = 0.0
    body: str = '{"error": {"message": "scripted failure"}}'
    headers: dict = field(default_factory=dict)  # e.g. {"Retry-After": "1"}


@dataclass
class Scripted:
    """A reply with what real servers add around the text."""

    content: str
    reasoning: str = ""  # sent as reasoning_content beside the content
    finish_reason: str = "stop"
    stall: float = 0.0  # seconds a stream waits after its headers, before the first piece


@dataclass
class FakeLLM:
    replies: list = field(default_factory=list)  # str, Scripted or Fault, consumed in order
    requests: list = field(default_factory=list)
    url: str = ""
    responder: object = None  # body -> str | Scripted | Fault, when the script is used up

    def next_reply(self, body: dict):
        if self.replies:
            return self.replies.pop(0)
        if self.responder:
            return self.responder(body)
        return body["messages"][-1]["content"]  # echo

    def chat_requests(self) -> list[dict]:
        """The bodies of the chat completion requests, in order."""
        return [r["body"] for r in self.requests if r["path"].endswith("/chat/completions")]


def embed(text: str) -> list[float]:
    vector = [0.0] * EMBEDDING_DIMENSIONS
    for ch in text:
        vector[zlib.crc32(ch.encode()) % EMBEDDING_DIMENSIONS] += 1.0
    norm = sum(v * v for v in vector) ** 0.5 or 1.0
    return [v / norm for v in vector]


def _handler(llm: FakeLLM):
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args):
            pass

        def do_POST(self):
            body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
            headers = {k.lower(): v for k, v in self.headers.items()}
            llm.requests.append({"path": self.path, "body": body, "headers": headers})
            if self.path.endswith("/embeddings"):
                inputs = body["input"] if isinstance(body["input"], list) else [body["input"]]
                data = [{"object": "embedding", "index": i, "embedding": embed(t)} for i, t in enumerate(inputs)]
                return self._send(200, {"object": "list", "data": data, "model": body["model"],
                                        "usage": {"prompt_tokens": 0, "total_tokens": 0}})
            reply = llm.next_reply(body)
            if isinstance(reply, Fault):
                time.sleep(reply.delay)
                return self._send_raw(reply.status, reply.body.encode(), "application/json", reply.headers)
            reply = reply if isinstance(reply, Scripted) else Scripted(reply)
            if body.get("stream"):
                try:
                    return self._stream(reply, body)
                except (BrokenPipeError, ConnectionResetError):
                    return None  # the client stopped reading (a timeout, or a reader that stopped early)
            return self._send(200, _completion(reply, body["model"]))

        def _stream(self, reply: Scripted, body: dict):
            self.send_response(200)
            self.send_header("Content-Type", "text/event-stream")
            self.end_headers()
            self.wfile.flush()
            time.sleep(reply.stall)
            deltas = [{"reasoning_content": reply.reasoning[i:i + 8]} for i in range(0, len(reply.reasoning), 8)]
            deltas += [{"content": reply.content[i:i + 8]} for i in range(0, len(reply.content), 8)]
            for n, delta in enumerate(deltas):
                last = n == len(deltas) - 1
                self._event({"choices": [{"index": 0, "delta": delta,
                                          "finish_reason": reply.finish_reason if last else None}]}, body)
            if (body.get("stream_options") or {}).get("include_usage"):
                self._event({"choices": [], "usage": _usage(reply)}, body)
            self.wfile.write(b"data: [DONE]\n\n")

        def _event(self, payload: dict, body: dict):
            chunk = {"id": "c1", "object": "chat.completion.chunk", "created": 0, "model": body["model"]} | payload
            self.wfile.write(f"data: {json.dumps(chunk, ensure_ascii=False)}\n\n".encode())

        def _send(self, status: int, payload: dict):
            self._send_raw(status, json.dumps(payload, ensure_ascii=False).encode(), "application/json")

        def _send_raw(self, status: int, data: bytes, content_type: str, headers: dict | None = None):
            try:
                self.send_response(status)
                self.send_header("Content-Type", content_type)
                for name, value in (headers or {}).items():
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)
            except (BrokenPipeError, ConnectionResetError):
                pass  # the client stopped waiting (a timeout test): nobody is left to answer

    return Handler


def _completion(reply: "Scripted", model: str) -> dict:
    message = {"role": "assistant", "content": reply.content}
    if reply.reasoning:
        message["reasoning_content"] = reply.reasoning
    return {"id": "c1", "object": "chat.completion", "created": 0, "model": model,
            "choices": [{"index": 0, "message": message, "finish_reason": reply.finish_reason}],
            "usage": _usage(reply)}


def _usage(reply: "Scripted") -> dict:
    """A token count the tests can predict: one token per character of the reply, ten for the prompt."""
    completion = len(reply.content) + len(reply.reasoning)
    return {"prompt_tokens": 10, "completion_tokens": completion, "total_tokens": 10 + completion}


def start_fake_llm() -> tuple[FakeLLM, ThreadingHTTPServer]:
    """Start the server on a free loopback port; the caller shuts it down."""
    llm = FakeLLM()
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(llm))
    # A short poll interval: shutdown() waits for it, once per test.
    threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True).start()
    llm.url = f"http://127.0.0.1:{server.server_address[1]}/v1"
    return llm, server
