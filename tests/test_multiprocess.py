"""Several app processes over one real `chroma run` server and one records database.

First the knowledge base as two processes hold it (two KnowledgeBase objects on one server, each
with its own caches): a change by one is seen by the other within CHANGE_RECHECK seconds, even a
change that leaves the number of passages as it was. Then two real `python ui.py` processes on two
ports, sharing the server, the data folder and the records database (SQLite, then PostgreSQL): a draft saved through one is
listed and reopened through the other, and a report uploaded or removed through one is found or
gone in the other's search, examples filters and bureau list, without a restart."""

import os
import subprocess
import sys
import time
from unittest import mock

import pytest

from assistant.config import Settings
from assistant.kb.index import CHANGE_RECHECK, KnowledgeBase
from assistant.service import Assistant
from gradio_http import Session
from reports import report_text, write_report
from test_server_loss import CHROMA, ChromaServer
from test_ui_e2e import REPO, free_port, wait_until_up

pytestmark = pytest.mark.skipif(not CHROMA.exists(), reason="the chroma command is not installed")
# Two bureaus whose names are as long as each other: their reports chunk to the same number of passages.
FIRST, SECOND = "甲测区司法局", "乙测区司法局"


@pytest.fixture(scope="module")
def chroma(tmp_path_factory):
    server = ChromaServer(tmp_path_factory.mktemp("chroma")).start()
    yield server
    server.kill()


@pytest.fixture
def settings(chroma, tmp_path) -> Settings:
    """Settings of one process on the shared server, each test in a collection of its own."""
    return Settings(chroma_host="127.0.0.1", chroma_port=chroma.port, collection=f"reports-{tmp_path.name[-20:]}",
                    data_dir=tmp_path / "data", knowledge_dir=tmp_path / "knowledge")


def after_the_recheck() -> None:
    time.sleep(CHANGE_RECHECK + 0.2)


# --- the knowledge base as two processes hold it ----------------------------------------------

def test_a_replacement_of_the_same_size_is_seen_by_the_other_process(settings, tmp_path):
    """The bureau list used to be kept while the passage count stayed the same."""
    writer, reader = KnowledgeBase.from_settings(settings), KnowledgeBase.from_settings(settings)
    list(writer.ingest([write_report(tmp_path / "r", "first-2023.txt", bureau=FIRST)]))
    assert reader.bureaus() == {FIRST} and reader.resolve_bureau("甲测") == FIRST
    size = reader.count()
    writer.remove("first-2023.txt")
    list(writer.ingest([write_report(tmp_path / "r", "second-2023.txt", bureau=SECOND)]))
    assert reader.count() == size  # the same number of passages: only the marker tells
    after_the_recheck()
    assert reader.bureaus() == {SECOND}
    hits = reader.search("行政复议", 5, bureau="乙测")  # a part of the name resolves to the new bureau
    assert hits and {h.source for h in hits} == {"second-2023.txt"}
    assert "second-2023.txt" in {reader.collection.get(ids=[i])["metadatas"][0]["source"]
                                 for i in reader.lexical().rank("行政复议", None, 5)}


def test_a_removal_by_the_other_process_leaves_no_passage_in_the_ranking(settings, tmp_path):
    writer, reader = KnowledgeBase.from_settings(settings), KnowledgeBase.from_settings(settings)
    list(writer.ingest([write_report(tmp_path / "r", "first-2023.txt", bureau=FIRST),
                        write_report(tmp_path / "r", "second-2023.txt", bureau=SECOND)]))
    assert {h.source for h in reader.search("执法案卷评查", 10)} == {"first-2023.txt", "second-2023.txt"}
    writer.remove("first-2023.txt")
    after_the_recheck()
    assert {h.source for h in reader.search("执法案卷评查", 10)} == {"second-2023.txt"}
    assert reader.lexical().ids and all(i.startswith("second-2023.txt:") for i in reader.lexical().ids)


def test_last_years_report_changed_by_the_other_process_is_read_again(settings, tmp_path):
    """A 同比 must come from last year's report as it is now, not as this process first read it."""
    writer, assistant = KnowledgeBase.from_settings(settings), Assistant.from_settings(settings)
    path = write_report(tmp_path / "r", "first-2023.txt", bureau=FIRST, year=2023, cases=93)
    list(writer.ingest([path]))
    last, _ = assistant.last_year(FIRST, 2024)
    assert "立案93起" in [f.label for f in last.figures]
    size = writer.count()
    write_report(tmp_path / "r", "first-2023.txt", bureau=FIRST, year=2023, cases=95)
    assert [r.status for r in writer.ingest([path])] == ["replaced"] and writer.count() == size
    after_the_recheck()
    last, _ = assistant.last_year(FIRST, 2024)
    assert "立案95起" in [f.label for f in last.figures] and "立案93起" not in [f.label for f in last.figures]


def test_within_the_recheck_the_caches_cost_no_request(settings, tmp_path, chroma):
    """The bound on staleness is also the bound on cost: within it nothing is asked of the server."""
    kb = KnowledgeBase.from_settings(settings)
    list(kb.ingest([write_report(tmp_path / "r", "first-2023.txt", bureau=FIRST)]))
    now = time.monotonic()
    with mock.patch("assistant.kb.index.time.monotonic", return_value=now):
        kb.bureaus(), kb.lexical()
        chroma.kill()
        try:
            assert kb.bureaus() == {FIRST} and kb.lexical().ids
        finally:
            chroma.start()


# --- two real app processes ------------------------------------------------------------------

PASSWORDS = {"zhangsan": "Qicao-2025!a", "guanli": "Jiancha-2025!c"}
ROLES = {"zhangsan": "drafter", "guanli": "admin"}
FACTS = "- 全年开展执法检查542家次\n- 立案100起\n- 下达行政处罚决定书80份"


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def apps(request, chroma, tmp_path_factory):
    """Two `python ui.py` on two ports, started at once, over one Chroma server, one data folder
    and one records database: the data folder's records.db (several processes on one host), then
    a PostgreSQL server's (several hosts)."""
    data = tmp_path_factory.mktemp("shared-data")
    write_report(data.parent / f"{data.name}-knowledge", "甲测区司法局_2023.txt", bureau=FIRST)
    env = os.environ | {"REPORT_DATA_DIR": str(data), "REPORT_KNOWLEDGE_DIR": str(data.parent / f"{data.name}-knowledge"),
                        "REPORT_CHROMA_HOST": "127.0.0.1", "REPORT_CHROMA_PORT": str(chroma.port),
                        "REPORT_COLLECTION": f"apps-{request.param}", "REPORT_LLM_BASE_URL": "",
                        "GRADIO_ANALYTICS_ENABLED": "False"}
    if request.param == "postgresql":
        env["REPORT_DATABASE_URL"] = request.getfixturevalue("postgres_server").fresh_url()
    for name, role in ROLES.items():
        subprocess.run([sys.executable, "-m", "assistant", "user", "add", name, "--role", role], cwd=REPO, env=env,
                       input=PASSWORDS[name] + "\n", text=True, check=True, capture_output=True)
    processes, urls = [], []
    for n in (1, 2):
        port, log = free_port(), data / f"ui-{n}.log"
        with log.open("w") as out:
            processes.append((subprocess.Popen([sys.executable, "ui.py"], cwd=REPO, env=env | {"GRADIO_SERVER_PORT": str(port)},
                                               stdout=out, stderr=subprocess.STDOUT), log))
        urls.append(f"http://127.0.0.1:{port}")
    try:
        for url, (process, log) in zip(urls, processes):
            wait_until_up(url + "/", process, log, seconds=180)
        yield urls
    finally:
        for process, _ in processes:
            process.terminate()
            process.wait(timeout=30)


def session(url: str, name: str) -> Session:
    person = Session(url)
    assert person.login(name, PASSWORDS[name]) == 200
    return person


def test_a_draft_saved_through_one_process_is_listed_reopened_and_edited_through_the_other(apps):
    first, second = session(apps[0], "zhangsan"), session(apps[1], "zhangsan")
    drafted = first.run("draft-button", "click", "measures", "", FIRST, 2024, FACTS, [])
    assert drafted["success"], drafted
    draft_id, text = drafted["output"]["data"][-3], drafted["output"]["data"][6]
    assert "542" in text
    listed = second.load("draft-history", "")["output"]["data"][-1]  # a fresh page: its history list
    assert draft_id in str(listed["choices"])
    reopened = second.load("draft-history", draft_id)["output"]["data"]
    assert reopened[6] == text and reopened[-2] == draft_id
    edited = second.run("draft-recheck", "click", draft_id, text + "全年未发生行政诉讼败诉案件。")
    assert edited["success"], edited
    again = first.load("draft-history", draft_id)["output"]["data"]
    assert again[6].endswith("全年未发生行政诉讼败诉案件。")


def examples_found(person: Session, query: str) -> str:
    """The 范例 results (each passage headed by its bureau, year and heading)."""
    answer = person.run("examples-button", "click", query, "", "", "", "", "", "", 10)
    assert answer["success"], answer
    return answer["output"]["data"][0]


def listed_documents(person: Session) -> tuple[set[str], str]:
    """The documents in the 知识库 table and the bureaus offered by the 范例 filter, as a fresh page shows them."""
    rows, _, _, bureau_filter, *_ = person.load("kb-doc")["output"]["data"]
    return {row[0] for row in rows["data"]}, str(bureau_filter["choices"])


def offers(person: Session) -> str:
    answer = person.run("draft-yoy-button", "click", FACTS, SECOND, 2024)
    assert answer["success"], answer
    return str(answer["output"]["data"])


def test_a_report_uploaded_and_removed_through_one_process_is_seen_by_the_other(apps, tmp_path):
    admin, reader = session(apps[0], "guanli"), session(apps[1], "zhangsan")
    assert FIRST in examples_found(reader, "行政复议 案卷评查")
    assert "没有乙测区司法局2023年" in offers(reader)  # read (and kept) before the upload
    upload = write_report(tmp_path, "yice-2023.txt", bureau=SECOND, year=2023, cases=93)
    ingested = admin.run("kb-ingest", "click", [admin.upload(upload)])
    assert ingested["success"] and "yice-2023.txt" in str(ingested["output"]["data"][0]), ingested
    after_the_recheck()  # the bound on staleness: another process's change is seen after it
    assert SECOND in examples_found(reader, "行政复议 案卷评查")
    documents, bureaus = listed_documents(reader)
    assert "yice-2023.txt" in documents and SECOND in bureaus
    assert "立案100起（上年93起" in offers(reader)  # a 同比 from the report uploaded through the other process
    removed = admin.run("kb-remove", "click", "yice-2023.txt")
    assert removed["success"] and "已移除 yice-2023.txt" in removed["output"]["data"][0], removed
    after_the_recheck()
    assert SECOND not in examples_found(reader, "行政复议 案卷评查")
    documents, bureaus = listed_documents(reader)
    assert "yice-2023.txt" not in documents and SECOND not in bureaus
    assert "没有乙测区司法局2023年" in offers(reader)


SECRET_OF_A_STARTING_PROCESS = "import sys; from assistant.records.store import Store; print(Store(sys.argv[1]).browser_secret())"


def test_processes_starting_at_once_share_one_browser_secret(tmp_path):
    """A browser's saved draft id is sealed with it: any process behind the proxy must read it."""
    starting = [subprocess.Popen([sys.executable, "-c", SECRET_OF_A_STARTING_PROCESS, str(tmp_path / "data")],
                                 cwd=REPO, stdout=subprocess.PIPE, text=True) for _ in range(4)]
    secrets = {process.communicate(timeout=60)[0].strip() for process in starting}
    assert len(secrets) == 1 and len(secrets.pop()) == 32
    assert sorted(p.name for p in (tmp_path / "data").iterdir() if p.name.startswith(".browser")) == [".browser_secret"]
