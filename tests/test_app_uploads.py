"""Uploads through the app's handlers over the real library and Chroma: a refused upload never
touches the report of the same name that was accepted before, and names that clash get their own;
a broken record in the data folder never fails a request."""

import pytest

import ui
from assistant.config import Settings
from assistant.service import Assistant
from assistant.records.store import Store
from reports import report_text, write_report


@pytest.fixture
def workspace(tmp_path):
    settings = Settings(data_dir=tmp_path / "data", kb_dir=tmp_path / "kb", knowledge_dir=tmp_path / "knowledge")
    write_report(settings.knowledge_dir, "示例市应急管理局_2023.txt")
    assistant = Assistant.from_settings(settings)
    ui.sync_folders(assistant.kb, [settings.knowledge_dir])
    return ui.Workspace(assistant, Store(settings.data_dir))


def indexed(workspace) -> dict[str, int]:
    return {d.source: d.chunks for d in workspace.assistant.kb.documents()}


def test_a_refused_upload_leaves_the_accepted_report_of_that_name_alone(workspace, tmp_path):
    good, bad = tmp_path / "good" / "示例县_2024.txt", tmp_path / "bad" / "示例县_2024.txt"
    write_report(good.parent, good.name, bureau="示例县应急管理局", year=2024)
    bad.parent.mkdir()
    bad.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(300))
    workspace.knowledge.upload([str(good)])
    before = indexed(workspace)["示例县_2024.txt"]
    status, *_ = workspace.knowledge.upload([str(bad)])
    assert "失败" in status
    assert (workspace.store.uploads_dir / "示例县_2024.txt").read_text("utf-8") == good.read_text("utf-8")
    workspace.knowledge.reindex()  # the re-index that used to prune the good report
    assert indexed(workspace)["示例县_2024.txt"] == before
    assert sorted(p.name for p in workspace.store.uploads_dir.iterdir()) == ["示例县_2024.txt"]


def test_names_that_clash_get_names_of_their_own_and_both_are_indexed(workspace, tmp_path):
    one, two = tmp_path / "a" / "示例区 2024.txt", tmp_path / "b" / "示例区_2024.txt"
    write_report(one.parent, one.name, bureau="示例区应急管理局", year=2024, cases=11)
    write_report(two.parent, two.name, bureau="示例区应急管理局", year=2024, cases=22)
    status, *_ = workspace.knowledge.upload([str(one), str(two)])
    assert "另存为“示例区_2024-2.txt”" in status
    docs = indexed(workspace)
    assert {"示例区_2024.txt", "示例区_2024-2.txt"} <= docs.keys()
    assert "立案22起" in (workspace.store.uploads_dir / "示例区_2024-2.txt").read_text("utf-8")


def test_an_upload_named_like_a_sample_report_is_indexed_under_another_name(workspace, tmp_path):
    upload = tmp_path / "up" / "示例市应急管理局_2023.txt"
    upload.parent.mkdir()
    upload.write_text(report_text("示例市应急管理局", 2023, cases=44), encoding="utf-8")
    status, *_ = workspace.knowledge.upload([str(upload)])
    assert "失败" not in status and "示例市应急管理局_2023-2.txt" in indexed(workspace)


def test_the_same_file_uploaded_twice_is_unchanged_not_duplicated(workspace, tmp_path):
    good = write_report(tmp_path / "g", "示例县_2023.txt", bureau="示例县应急管理局")
    workspace.knowledge.upload([str(good)])
    status, *_ = workspace.knowledge.upload([str(good)])
    assert "另存为" not in status and sorted(p.name for p in workspace.store.uploads_dir.iterdir()) == ["示例县_2023.txt"]


def test_a_corrupt_draft_in_the_data_folder_never_fails_a_new_draft(workspace):
    """The /draft request answered a raw JSONDecodeError once one record was broken."""
    import sqlite3

    first = workspace.draft.draft("measures", "", "示例市应急管理局", 2024, "- 立案93起")
    with sqlite3.connect(workspace.store.db.path) as conn:
        conn.execute("INSERT INTO records (kind, id, owner, time, data) VALUES ('drafts', ?, '', '', ?)",
                     ("20200101-000000-abcdef", '{"part": "measures", "te'))
    shown = workspace.draft.draft("measures", "", "示例市应急管理局", 2024, "- 下达行政处罚决定书78份")
    *_, draft_id, history, message = shown  # the last output is the message beside 起草
    assert first[-3] in [value for _, value in history["choices"]] and draft_id in [v for _, v in history["choices"]]
    assert message == ""
    assert (workspace.store.unreadable_dir / "drafts" / "20200101-000000-abcdef.json").exists()
    assert workspace.store.take_notices() == []  # shown once, by the handler
