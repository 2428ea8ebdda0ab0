"""A real `chroma run` server that dies in the middle of an ingest batch: every file is still
attempted, each gets a Chinese message, a write that could not be undone is never taken for a
complete one, and the command line shows no traceback."""

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from assistant.kb import index
from assistant.config import Settings
from assistant.kb.index import KnowledgeBase

REPO = Path(__file__).resolve().parent.parent
CHROMA = Path(sys.executable).parent / "chroma"
PARAGRAPH = "我局全年开展执法检查{n}家次，立案{n}起，下达行政处罚决定书{n}份，组织“安全生产月”宣传活动{n}场。"


def report_text(n: int, paragraphs: int = 3) -> str:
    body = "\n".join(f"{i}是{PARAGRAPH.format(n=n + i)}" for i in range(1, paragraphs + 1))
    return f"示例{n}区应急管理局2024年法治政府建设工作报告\n一、主要举措和成效\n（一）严格执法。\n{body}\n"


class ChromaServer:
    """`chroma run` on a fixed loopback port and folder, which a test may kill and start again."""

    def __init__(self, folder: Path):
        self.folder, self.process = folder, None
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            self.port = s.getsockname()[1]

    def start(self) -> "ChromaServer":
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process is None or self.process.poll() is not None:
                # started again right after a kill, the port may still be held for a moment
                self.process = subprocess.Popen([str(CHROMA), "run", "--path", str(self.folder), "--host", "127.0.0.1",
                                                 "--port", str(self.port)],
                                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{self.port}/api/v2/heartbeat", timeout=1)
                return self
            except OSError:
                time.sleep(0.3)
        raise RuntimeError("chroma run did not answer within 60 s")

    def kill(self) -> None:
        """Gone at once, as after a crash or kill -9."""
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGKILL)
            self.process.wait(timeout=20)


@pytest.fixture
def server(tmp_path, monkeypatch):
    if not CHROMA.exists():
        pytest.skip("the chroma command is not installed")
    chroma = ChromaServer(tmp_path / "server").start()
    monkeypatch.setenv("REPORT_CHROMA_HOST", "127.0.0.1")
    monkeypatch.setenv("REPORT_CHROMA_PORT", str(chroma.port))
    yield chroma
    chroma.kill()


@pytest.fixture
def reports(tmp_path) -> list[Path]:
    folder = tmp_path / "reports"
    folder.mkdir()
    for n in range(1, 9):
        (folder / f"示例{n}区-2024.txt").write_text(report_text(n), encoding="utf-8")
    return sorted(folder.iterdir())


def test_the_batch_goes_on_when_the_server_dies_after_the_first_file(server, reports):
    kb = KnowledgeBase.from_settings(Settings())
    results = kb.ingest(reports)
    first = next(results)
    server.kill()
    rest = list(results)
    assert first.status == "added"
    assert [r.path for r in rest] == reports[1:]  # every file was attempted
    assert all(r.status == "error" and "知识库服务" in r.error and "重新导入" in r.error for r in rest)


class KilledAfterFirstWrite:
    """Chroma's own collection, whose server is killed right after its first write batch."""

    def __init__(self, collection, chroma: ChromaServer):
        self.collection, self.chroma = collection, chroma

    def __getattr__(self, name):
        return getattr(self.collection, name)

    def upsert(self, **batch):
        self.collection.upsert(**batch)
        self.chroma.kill()


def test_a_write_that_cannot_be_undone_is_reported_and_completed_by_the_next_ingest(server, reports, monkeypatch):
    monkeypatch.setattr(index, "WRITE_BATCH", 2)  # several write batches from one small report
    kb = KnowledgeBase.from_settings(Settings())
    kb.collection = KilledAfterFirstWrite(kb.collection, server)
    [result] = kb.ingest(reports[:1])
    assert result.status == "error"
    assert "已写入的 2/" in result.error and "未能撤回" in result.error and "重新导入" in result.error
    server.start()
    again = KnowledgeBase.from_settings(Settings())
    [redo] = again.ingest(reports[:1])
    assert redo.status == "replaced" and redo.chunks > 2, redo.error  # not taken for "unchanged"
    assert again.documents()[0].chunks == redo.chunks
    assert [r.status for r in again.ingest(reports[:1])] == ["unchanged"]


def test_the_command_line_reports_every_file_and_no_traceback(server, reports):
    env = os.environ | {"PYTHONUNBUFFERED": "1"}
    cli = subprocess.Popen([sys.executable, "-m", "assistant", "ingest", str(reports[0].parent)], cwd=REPO, env=env,
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    first = cli.stdout.readline()
    server.kill()
    out, err = cli.communicate(timeout=120)
    output = first + out + err
    assert first.startswith("新增："), output
    assert cli.returncode == 1
    assert "Traceback" not in output and "本次导入" in output
    assert all(path.name in output for path in reports)
    assert "知识库服务无法访问" in err
