"""Several app processes over one real `chroma run` server and one records database.

First the knowledge base as two processes hold it (two KnowledgeBase objects on one server, each
with its own caches): a change by one is seen by the other within CHANGE_RECHECK seconds, even a
change that leaves the number of passages as it was. Then two real `python ui.py` processes on two
ports, sharing the server and the data folder (its SQLite file): a draft saved through one is
listed and reopened through the other, and a report uploaded or removed through one is found or
gone in the other's search, examples filters and bureau list, without a restart."""

import os
import subprocess
import sys
import time
from unittest import mock

import pytest

from assistant.config import Settings
from assistant.index import CHANGE_RECHECK, KnowledgeBase
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
    with mock.patch("assistant.index.time.monotonic", return_value=now):
        kb.bureaus(), kb.lexical()
        chroma.kill()
        try:
            assert kb.bureaus() == {FIRST} and kb.lexical().ids
        finally:
            chroma.start()
