"""The knowledge base on a real embedded Chroma in tmp_path: ingest, re-ingest, remove, search."""

import docx
import pytest

from assistant.config import Settings
from assistant.errors import KnowledgeBaseError
from assistant.embeddings import NgramEmbeddings
from assistant.index import KnowledgeBase, open_client, supported_files
from reports import report_text, write_report


@pytest.fixture
def settings(tmp_path):
    return Settings(kb_dir=tmp_path / "kb")


@pytest.fixture
def kb(settings):
    return KnowledgeBase.from_settings(settings)


@pytest.fixture
def folder(tmp_path):
    folder = tmp_path / "reports"
    write_report(folder, "a-2023.txt", bureau="示例市应急管理局", year=2023)
    write_report(folder, "b-2024.md", bureau="样板县应急管理局", year=2024, cases=41)
    return folder


def all_chunks(kb):
    return kb.collection.get(include=["metadatas"])


def test_ingest_indexes_every_item_with_its_provenance(kb, folder):
    results = list(kb.ingest(supported_files([folder])))
    assert [r.status for r in results] == ["added", "added"]
    metas = all_chunks(kb)["metadatas"]
    assert {m["source"] for m in metas} == {"a-2023.txt", "b-2024.md"}
    assert {m["part"] for m in metas} >= {"preamble", "measures", "leader_duty", "shortcomings", "plans"}
    assert "closing" not in {m["part"] for m in metas}
    enforcement = [m for m in metas if m["source"] == "a-2023.txt" and m["section_label"] == "（三）"]
    assert enforcement and all(m["topic"] == "enforcement" for m in enforcement)
    assert {m["year"] for m in metas} == {2023, 2024}


def test_chunk_span_points_at_the_passage_in_the_source(kb, folder):
    list(kb.ingest(supported_files([folder])))
    source_text = (folder / "a-2023.txt").read_text(encoding="utf-8")
    got = kb.collection.get(where={"source": "a-2023.txt"}, include=["metadatas", "documents"])
    for text, meta in zip(got["documents"], got["metadatas"]):
        original = source_text[meta["start"]:meta["end"]]
        assert text[:6] in original, (text, original)


def test_reingesting_an_unchanged_file_changes_nothing(kb, folder):
    list(kb.ingest(supported_files([folder])))
    before = sorted(all_chunks(kb)["ids"])
    results = list(kb.ingest(supported_files([folder])))
    assert [r.status for r in results] == ["unchanged", "unchanged"]
    assert sorted(all_chunks(kb)["ids"]) == before


def test_a_changed_file_replaces_its_old_chunks(kb, folder):
    list(kb.ingest(supported_files([folder])))
    path = folder / "a-2023.txt"
    path.write_text(report_text(year=2023, cases=57), encoding="utf-8")
    result = kb.ingest_file(path)
    assert result.status == "replaced"
    texts = kb.collection.get(where={"source": "a-2023.txt"})["documents"]
    assert len(texts) == result.chunks
    assert any("立案57起" in t for t in texts) and not any("立案93起" in t for t in texts)


def test_remove_and_prune_leave_no_chunk_behind(kb, folder):
    list(kb.ingest(supported_files([folder])))
    assert kb.remove("b-2024.md") > 0
    assert kb.collection.get(where={"source": "b-2024.md"})["ids"] == []
    with pytest.raises(KnowledgeBaseError, match="a-2023.txt"):
        kb.remove("no-such-report.txt")
    (folder / "a-2023.txt").unlink()
    assert kb.prune(folder, {f.name for f in supported_files([folder])}) == ["a-2023.txt"]
    assert kb.count() == 0


def test_bad_files_are_reported_and_the_batch_goes_on(kb, folder):
    (folder / "empty.txt").write_bytes(b"")
    (folder / "binary.txt").write_bytes(bytes(range(256)) * 40)
    (folder / "corrupt.docx").write_bytes(b"PK\x03\x04 not really a zip")
    results = {r.path.name: r for r in kb.ingest(supported_files([folder]))}
    assert {name for name, r in results.items() if r.status == "error"} == {"empty.txt", "binary.txt", "corrupt.docx"}
    assert all(results[name].error for name in ("empty.txt", "binary.txt", "corrupt.docx"))
    assert {d.source for d in kb.documents()} == {"a-2023.txt", "b-2024.md"}


def test_search_finds_the_topic_and_honours_filters(kb, folder):
    list(kb.ingest(supported_files([folder])))
    hits = kb.search("行政复议和行政应诉", k=3)
    assert hits[0].topic == "oversight" and "行政复议" in hits[0].text
    assert all(h.part == "plans" for h in kb.search("普法宣传", k=5, part="plans"))
    assert all(h.bureau == "样板县应急管理局" for h in kb.search("执法", k=5, bureau="样板县应急管理局"))
    assert {h.bureau for h in kb.search("执法", k=5, bureau="样板县")} == {"样板县应急管理局"}
    assert all(h.year == 2023 for h in kb.search("执法", k=5, year=2023))
    assert kb.search("执法", k=5, year=1999) == []
    with pytest.raises(KnowledgeBaseError):
        kb.search("   ")


def test_docx_tables_keep_their_header_in_every_chunk(tmp_path, settings):
    document = docx.Document()
    for line in report_text().splitlines()[:6]:
        document.add_paragraph(line)
    table = document.add_table(rows=1, cols=3)
    for cell, name in zip(table.rows[0].cells, ("月份", "检查企业（家次）", "立案（起）")):
        cell.text = name
    for month in range(1, 121):
        row = table.add_row().cells
        row[0].text, row[1].text, row[2].text = f"第{month}期", str(month * 3), str(month)
    path = tmp_path / "table.docx"
    document.save(path)
    kb = KnowledgeBase(open_client(settings), NgramEmbeddings(), "ngram:2048", chunk_tokens=200)
    kb.ingest_file(path)
    tables = [t for t, m in zip(*_docs_and_metas(kb)) if m["kind"] == "table"]
    assert len(tables) > 1
    assert all(t.startswith("月份") for t in tables)


def _docs_and_metas(kb):
    got = kb.collection.get(include=["documents", "metadatas"])
    return got["documents"], got["metadatas"]


def test_a_knowledge_base_refuses_another_embedding(settings, folder):
    list(KnowledgeBase.from_settings(settings).ingest(supported_files([folder])))
    other = settings.model_copy(update={"embedding_backend": "openai", "embedding_base_url": "http://127.0.0.1:9/v1"})
    with pytest.raises(KnowledgeBaseError, match="ngram"):
        KnowledgeBase.from_settings(other)


def test_a_namesake_from_another_folder_is_refused_but_a_moved_file_is_taken(kb, folder, tmp_path):
    list(kb.ingest(supported_files([folder])))
    other = write_report(tmp_path / "other", "a-2023.txt", bureau="别的县应急管理局", cases=5)
    [result] = kb.ingest([other])
    assert result.status == "error" and "同名文档" in result.error
    assert {d.bureau for d in kb.documents()} == {"示例市应急管理局", "样板县应急管理局"}
    (folder / "a-2023.txt").unlink()  # the indexed file has gone: the new one is that document now
    assert kb.ingest_file(other).status == "replaced"
