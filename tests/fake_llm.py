"""A local OpenAI-compatible HTTP server the tests start and script (a stand-in for any LLM).

Chat completions are answered from a script of replies (or echo the last user message), as JSON
or as server-sent events; a reply may instead be a fault: a status code, a delay, or garbage.
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


@dataclass
class FakeLLM:
    replies: list = field(default_factory=list)  # str or Fault, consumed in order
    requests: list = field(default_factory=list)
    url: str = ""

    def next_reply(self, body: dict):
        if self.replies:
            return self.replies.pop(0)
        return body["messages"][-1]["content"]  # echo


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
                return self._send_raw(reply.status, reply.body.encode(), "application/json")
            if body.get("stream"):
                return self._stream(reply, body["model"])
            return self._send(200, _completion(reply, body["model"]))

        def _stream(self, reply: str, model: str):
            self.send_response(200)
            self.send_header("Content-Type", "text/event-stream")
            self.end_headers()
            for piece in [reply[i:i + 8] for i in range(0, len(reply), 8)]:
                chunk = {"id": "c1", "object": "chat.completion.chunk", "created": 0, "model": model,
                         "choices": [{"index": 0, "delta": {"content": piece}, "finish_reason": None}]}
                self.wfile.write(f"data: {json.dumps(chunk, ensure_ascii=False)}\n\n".encode())
            self.wfile.write(b"data: [DONE]\n\n")

        def _send(self, status: int, payload: dict):
            self._send_raw(status, json.dumps(payload, ensure_ascii=False).encode(), "application/json")

        def _send_raw(self, status: int, data: bytes, content_type: str):
            try:
                self.send_response(status)
                self.send_header("Content-Type", content_type)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)
            except (BrokenPipeError, ConnectionResetError):
                pass  # the client stopped waiting (a timeout test): nobody is left to answer

    return Handler


def _completion(text: str, model: str) -> dict:
    return {"id": "c1", "object": "chat.completion", "created": 0, "model": model,
            "choices": [{"index": 0, "message": {"role": "assistant", "content": text}, "finish_reason": "stop"}],
            "usage": {"prompt_tokens": 1, "completion_tokens": 1, "total_tokens": 2}}


def start_fake_llm() -> tuple[FakeLLM, ThreadingHTTPServer]:
    """Start the server on a free loopback port; the caller shuts it down."""
    llm = FakeLLM()
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(llm))
    # A short poll interval: shutdown() waits for it, once per test.
    threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True).start()
    llm.url = f"http://127.0.0.1:{server.server_address[1]}/v1"
    return llm, server
