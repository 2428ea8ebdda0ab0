"""A person's browser session against the real app, over plain HTTP: log in with a cookie, then
run an event the way the page does (queue/join, then the server-sent events of queue/data)."""

import http.cookiejar
import json
import secrets
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path


class Session:
    """One logged-in person: a cookie jar, and the app's events found by their button's elem_id."""

    def __init__(self, base_url: str, timeout: float = 30):
        self.base, self.timeout = base_url.rstrip("/"), timeout  # a loaded bench waits longer than a test
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))
        self.session_hash = secrets.token_hex(6)
        self.config = None

    def login(self, username: str, password: str) -> int:
        form = urllib.parse.urlencode({"username": username, "password": password}).encode()
        try:
            with self.opener.open(urllib.request.Request(f"{self.base}/login", data=form), timeout=self.timeout) as answer:
                status = answer.status
        except urllib.error.HTTPError as e:
            return e.code
        self.config = json.loads(self.opener.open(f"{self.base}/config", timeout=self.timeout).read())
        return status

    def upload(self, path) -> dict:
        """Send a file as the page's upload box does; the file value an event takes."""
        boundary = secrets.token_hex(16)
        name = Path(path).name
        body = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"files\"; filename=\"{name}\"\r\n"
                "Content-Type: application/octet-stream\r\n\r\n").encode() + Path(path).read_bytes() + f"\r\n--{boundary}--\r\n".encode()
        request = urllib.request.Request(f"{self.base}/gradio_api/upload", data=body,
                                         headers={"content-type": f"multipart/form-data; boundary={boundary}"})
        [server_path] = json.loads(self.opener.open(request, timeout=60).read())
        return {"path": server_path, "orig_name": name, "meta": {"_type": "gradio.FileData"}}

    def component(self, elem_id: str) -> int:
        return next(c["id"] for c in self.config["components"] if c.get("props", {}).get("elem_id") == elem_id)

    def event(self, elem_id: str, trigger: str) -> tuple[int, int]:
        """The fn_index and the component id of an event (trigger: "click", "input", ...) of an element."""
        target = [self.component(elem_id), trigger]
        for index, dependency in enumerate(self.config["dependencies"]):
            if target in [list(t) for t in dependency["targets"]]:
                return dependency.get("id", index), target[0]
        raise LookupError(f"no {trigger} event on #{elem_id}")

    def run(self, elem_id: str, trigger: str, *data) -> dict:
        """Run an event with its inputs; the final message ({"success", "output": {"data" | "error"}})."""
        return self._run(*self.event(elem_id, trigger), data)

    def load(self, output_elem_id: str, *data) -> dict:
        """Run the page-load event that fills an element, as a browser opening the page does
        (data: the inputs it would send, such as an id the browser kept)."""
        return self._run(self.load_event(output_elem_id), None, data)

    def load_event(self, output_elem_id: str) -> int:
        """The fn_index of the page-load event that fills an element."""
        output = self.component(output_elem_id)
        for index, dependency in enumerate(self.config["dependencies"]):
            if any(t[1] == "load" for t in dependency["targets"]) and output in dependency["outputs"]:
                return dependency.get("id", index)
        raise LookupError(f"no load event fills #{output_elem_id}")

    def then(self, after: int, *data) -> dict:
        """Run the event a page chains after the event `after` (a fn_index) with `.then`, as the
        browser does once that one has finished (data: that event's own inputs)."""
        for index, dependency in enumerate(self.config["dependencies"]):
            if dependency.get("trigger_after") == after and dependency["targets"][0][1] == "then":
                return self._run(dependency.get("id", index), None, data)
        raise LookupError(f"no event follows #{after}")

    def _run(self, fn_index: int, trigger_id: int | None, data) -> dict:
        body = json.dumps({"data": list(data), "fn_index": fn_index, "trigger_id": trigger_id,
                           "session_hash": self.session_hash, "event_data": None}).encode()
        request = urllib.request.Request(f"{self.base}/gradio_api/queue/join", data=body,
                                         headers={"content-type": "application/json"})
        self.opener.open(request, timeout=self.timeout).read()
        with self.opener.open(f"{self.base}/gradio_api/queue/data?session_hash={self.session_hash}",
                              timeout=max(120, self.timeout)) as s:
            for line in s:
                message = json.loads(line[5:]) if line.startswith(b"data:") else {}
                if message.get("msg") == "process_completed":
                    return message
        raise AssertionError("the event never completed")
