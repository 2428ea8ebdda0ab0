"""The knowledge base on a real embedded Chroma in tmp_path: ingest, re-ingest, remove, search."""

import docx
import pytest

from assistant.config import Settings
from assistant.errors import KnowledgeBaseError
from assistant.kb.embeddings import NgramEmbeddings
from assistant.kb.index import KnowledgeBase, open_client, supported_files
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


# ---------------------------------------------------------------- authors' level and kind, the lexical ranking

BUREAUS = [("示例市司法局", "市", "司法行政"), ("示例镇人民政府", "乡镇街道", "乡镇"), ("示例区人民政府", "区县", "人民政府")]


@pytest.fixture
def bureaus(tmp_path):
    folder = tmp_path / "bureaus"
    for n, (bureau, _, _) in enumerate(BUREAUS):
        write_report(folder, f"{n}.txt", bureau=bureau, year=2023)
    return folder


@pytest.mark.parametrize("bureau, level, kind", BUREAUS)
def test_search_filters_by_the_authors_level_and_kind(kb, bureaus, bureau, level, kind):
    list(kb.ingest(supported_files([bureaus])))
    for hits in (kb.search("行政复议", 10, level=level), kb.search("行政复议", 10, kind=kind)):
        assert hits and {(h.bureau, h.level, h.organ_kind) for h in hits} == {(bureau, level, kind)}
    assert {(d.bureau, d.level, d.organ_kind) for d in kb.documents()} == set(BUREAUS)


@pytest.mark.parametrize("ranking", ["hybrid", "vector", "lexical"])
def test_every_ranking_honours_the_filters(settings, bureaus, ranking):
    kb = KnowledgeBase(open_client(settings), NgramEmbeddings(), "ngram:2048", ranking=ranking)
    list(kb.ingest(supported_files([bureaus])))
    hits = kb.search("执法检查 立案", 5, part="measures", year=2023, kind="司法行政")
    assert hits and all((h.part, h.year, h.organ_kind) == ("measures", 2023, "司法行政") for h in hits)
    assert all(0 < h.score <= 1.0001 for h in hits)


def searched_sources(kb, query):
    return {h.source for h in kb.search(query, 20)}


def test_the_lexical_ranking_follows_ingest_replace_remove_and_prune(kb, tmp_path):
    folder = tmp_path / "reports"
    write_report(folder, "a.txt", bureau="示例市司法局")
    list(kb.ingest(supported_files([folder])))
    assert kb.lexical().rank("行政复议", None, 5)  # built now, before the changes below
    (folder / "b.txt").write_text(report_text().replace("行政复议", "复议听证会"), encoding="utf-8")
    list(kb.ingest([folder / "b.txt"]))
    assert "b.txt" in {kb.collection.get(ids=[i])["metadatas"][0]["source"] for i in kb.lexical().rank("听证会", None, 5)}
    (folder / "b.txt").write_text(report_text().replace("行政复议", "调解工作室"), encoding="utf-8")
    assert [r.status for r in kb.ingest([folder / "b.txt"])] == ["replaced"]
    assert not kb.lexical().rank("听证会", None, 5) and kb.lexical().rank("工作室", None, 5)
    kb.remove("a.txt")
    assert {m["source"] for m in kb.lexical().metadatas} == {"b.txt"}
    (folder / "b.txt").unlink()
    kb.prune(folder, set())
    assert kb.lexical().ids == [] and kb.search("行政复议", 5) == []


def test_a_short_passage_with_the_figure_beats_long_ones(kb, tmp_path):
    long_text = "。".join(["持续加强行政执法队伍建设，组织执法人员参加业务培训，规范执法程序和执法文书制作"] * 6)
    text = (f"示例区司法局2023年度法治政府建设工作报告\n\n一、主要举措和成效\n（一）加强执法队伍建设。{long_text}。\n"
            f"（二）严格执法资格管理。全区执法人员持证率98.2%。\n（三）规范执法行为。{long_text}。\n")
    (tmp_path / "r.txt").write_text(text, encoding="utf-8")
    list(kb.ingest([tmp_path / "r.txt"]))
    assert "持证率98.2%" in kb.search("执法人员持证的比例", 1)[0].text


@pytest.mark.parametrize("typed, meant", [
    ("样板县应急管理局", "样板县应急管理局"),  # exact
    ("样板县", "样板县应急管理局"),  # part of one name
    ("样板县应急局", "样板县应急管理局"),  # the short name of the same organ
    ("示例市应急局", "示例市应急管理局"),
    ("另一县应急局", "另一县应急局"),  # no indexed bureau is it: kept as typed
    ("应急管理局", "应急管理局"),  # two could be meant: kept as typed
])
def test_a_bureau_is_resolved_by_its_name_however_shortened(kb, folder, typed, meant):
    list(kb.ingest(supported_files([folder])))
    assert kb.resolve_bureau(typed) == meant
