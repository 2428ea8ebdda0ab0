"""The login when the app is exposed: failed logins throttled per client and per user, in front of
Gradio's own /login route (the password rules are assistant/records/accounts.py's)."""

import json
import time
from collections import defaultdict, deque
from urllib.parse import parse_qs


class LoginThrottle:
    """Failed logins per key (a client address, a user name) in a sliding window; a key with too
    many is locked until its oldest failure leaves the window."""

    def __init__(self, max_failures: int, window_seconds: float, clock=time.monotonic):
        self.max_failures, self.window, self.clock = max_failures, window_seconds, clock
        self.failures: dict[str, deque] = defaultdict(deque)

    def wait_seconds(self, key: str) -> float:
        """0 when the key may try again, else how long it must wait."""
        recent = self._recent(key)
        if len(recent) < self.max_failures:
            return 0.0
        return max(0.0, recent[0] + self.window - self.clock())

    def failed(self, key: str) -> None:
        self._recent(key).append(self.clock())

    def succeeded(self, key: str) -> None:
        self.failures.pop(key, None)

    def _recent(self, key: str) -> deque:
        recent = self.failures[key]
        while recent and recent[0] <= self.clock() - self.window:
            recent.popleft()
        return recent


class LoginGuard:
    """ASGI middleware for POST /login: refuses a locked client or user with 429 and a Chinese
    message, and counts what Gradio answered (400 is a wrong password, 200 a login)."""

    def __init__(self, app, per_client: LoginThrottle | None = None, per_user: LoginThrottle | None = None):
        self.app = app
        self.per_client = per_client or LoginThrottle(max_failures=20, window_seconds=600)
        self.per_user = per_user or LoginThrottle(max_failures=5, window_seconds=300)

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http" or scope["method"] != "POST" or not scope["path"].endswith("/login"):
            return await self.app(scope, receive, send)
        body = await read_body(receive)
        keys = (f"client:{(scope.get('client') or ('?',))[0]}", f"user:{form_username(body)}")
        wait = max(self.per_client.wait_seconds(keys[0]), self.per_user.wait_seconds(keys[1]))
        if wait:
            return await refuse(send, wait)
        status = await self._forward(scope, body, send)
        self._count(keys, status)

    async def _forward(self, scope, body: bytes, send) -> int:
        """Pass the request on with its body replayed; the status code Gradio answered."""
        answered = {"status": 0}

        async def replay():
            return {"type": "http.request", "body": body, "more_body": False}

        async def watch(message):
            if message["type"] == "http.response.start":
                answered["status"] = message["status"]
            await send(message)

        await self.app(scope, replay, watch)
        return answered["status"]

    def _count(self, keys: tuple[str, str], status: int) -> None:
        for throttle, key in zip((self.per_client, self.per_user), keys):
            if status == 200:
                throttle.succeeded(key)
            elif status in (400, 401):
                throttle.failed(key)


async def read_body(receive) -> bytes:
    """The whole request body (a login form is small; more than 64 KB is cut off)."""
    chunks, more = [], True
    while more and sum(map(len, chunks)) < 65536:
        message = await receive()
        chunks.append(message.get("body", b""))
        more = message.get("more_body", False)
    return b"".join(chunks)


def form_username(body: bytes) -> str:
    values = parse_qs(body.decode("utf-8", errors="replace")).get("username", [""])
    return values[0].strip().lower()


async def refuse(send, wait: float) -> None:
    detail = f"登录失败次数过多，请 {int(wait) + 1} 秒后再试。"
    payload = json.dumps({"detail": detail}, ensure_ascii=False).encode()
    await send({"type": "http.response.start", "status": 429,
                "headers": [(b"content-type", b"application/json; charset=utf-8"),
                            (b"retry-after", str(int(wait) + 1).encode())]})
    await send({"type": "http.response.body", "body": payload})
