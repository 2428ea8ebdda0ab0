"""Drafts, reports and conversations in the records database (real SQLite, then a real PostgreSQL
server: the records_database fixture), the one-time import
of the JSON files of earlier versions, the audit trail, ids checked, uploads under safe names."""

import json

import pytest

from assistant.errors import InputError
from assistant.records.accounts import Account
from assistant.records.store import DraftRecord, ReportRecord, Store, safe_upload_name, valid_id


@pytest.fixture
def store(tmp_path, records_database):
    return Store(tmp_path / "data", records_database)


def test_a_saved_draft_reopens_from_a_new_store(store, tmp_path, records_database):
    saved = store.save_draft(DraftRecord("measures", "- 立案93起", "全年立案93起。", year=2024,
                                         check={"ok": True, "mentions": [], "unused_facts": []}))
    assert valid_id(saved.id) and saved.time
    reopened = Store(tmp_path / "data", records_database).load_draft(saved.id)  # as after a restart
    assert reopened == saved
    assert [d.id for d in store.list_drafts()] == [saved.id]


def test_a_saved_report_reopens_with_its_export_fields(store, tmp_path, records_database):
    record = ReportRecord("# 示例县应急管理局 2024 年度报告事实", "示例县应急管理局2024年度法治政府建设工作报告\n", "示例县应急管理局",
                          2024, "示例县应急管理局2024年度法治政府建设工作报告", findings=[], notices=["连不上模型服务"])
    saved = store.save_report(record.with_export_fields(" 示应急〔2025〕3号 ", "中共示例县委：", ""))
    reopened = Store(tmp_path / "data", records_database).load_report(saved.id)
    assert reopened == saved and reopened.doc_number == "示应急〔2025〕3号"
    assert reopened.export_fields == {"title": "示例县应急管理局2024年度法治政府建设工作报告",
                                      "doc_number": "示应急〔2025〕3号", "addressee": "中共示例县委：", "date": ""}
    assert [r.id for r in store.list_reports()] == [saved.id] and store.list_drafts() == []
    assert store.find_report("20990101-000000-abcdef") is None and store.find_report("../x") is None


def test_saving_again_keeps_the_id(store):
    first = store.save_draft(DraftRecord("measures", "f", "旧稿"))
    first.text = "新稿"
    assert store.save_draft(first).id == first.id
    assert store.load_draft(first.id).text == "新稿"
    assert len(store.list_drafts()) == 1


@pytest.mark.parametrize("bad_id", ["../../etc/passwd", "20240101-000000-zzzzzz", "x", "20240101-000000-abcdef/../a"])
def test_ids_from_a_browser_never_reach_a_path(store, bad_id):
    with pytest.raises(InputError, match="无效"):
        store.load_draft(bad_id)
    assert store.find_draft(bad_id) is None
    assert store.load_conversation(bad_id) == []


def test_an_empty_id_asks_for_a_draft_first(store):
    with pytest.raises(InputError, match="请先起草"):
        store.load_draft("")
    with pytest.raises(InputError, match="还没有整篇报告"):
        store.load_report("")


def test_a_conversation_round_trips(store):
    messages = [{"role": "user", "content": "行政复议怎么写"}, {"role": "assistant", "content": "找到 2 段"}]
    conversation_id = store.save_conversation("", messages)
    assert store.load_conversation(conversation_id) == messages
    assert store.load_conversation(conversation_id, Account("zhangsan", "drafter")) == []  # not theirs
    assert store.save_conversation(conversation_id, [], Account("zhangsan", "drafter")) != conversation_id
    assert store.load_conversation(conversation_id) == messages


@pytest.mark.parametrize("name, safe", [
    ("示例区应急管理局_2024年度报告.docx", "示例区应急管理局_2024年度报告.docx"),
    ("../../etc/passwd.txt", "passwd.txt"),
    ("C:\\Users\\a\\报告 (终稿).PDF", "报告_(终稿).pdf"),
    ("..hidden.md", "hidden.md"),
    ("a;rm -rf ~.txt", "a_rm_-rf.txt"),
])
def test_upload_names_are_sanitised(name, safe):
    assert safe_upload_name(name) == safe


@pytest.mark.parametrize("name, message", [
    ("report.exe", "不支持的文件类型"), ("report", "不支持的文件类型"), ("...txt", "不可用"), ("~~.txt", "不可用"),
])
def test_unusable_upload_names_are_refused(name, message):
    with pytest.raises(InputError, match=message):
        safe_upload_name(name)


def test_uploads_are_copied_inside_the_folder_and_size_limited(store, tmp_path):
    small, big, bad = tmp_path / "小.txt", tmp_path / "大.txt", tmp_path / "x.exe"
    small.write_text("一、主要举措和成效\n全年立案93起。", encoding="utf-8")
    big.write_bytes(b"a" * 2000)
    bad.write_bytes(b"MZ")
    uploads, refused = store.save_uploads([small, big, bad], max_bytes=1000)
    saved = [u.path for u in uploads]
    assert saved == [store.uploads_dir / "小.txt"] and saved[0].read_text("utf-8").endswith("93起。")
    assert [name for name, _ in refused] == ["大.txt", "x.exe"]
    assert "过大" in refused[0][1] and "不支持" in refused[1][1]
    assert store.remove_upload("小.txt") and not saved[0].exists()
    assert not store.remove_upload("../小.txt")


def test_the_browser_secret_survives_a_restart(store, tmp_path):
    assert store.browser_secret() == Store(tmp_path / "data").browser_secret()


def write_old_json(data_dir, kind: str, record_id: str, content: bytes):
    """A record file as versions before the database wrote them."""
    (data_dir / kind).mkdir(parents=True, exist_ok=True)
    (data_dir / kind / f"{record_id}.json").write_bytes(content)


def old_draft(record_id: str, owner: str = "") -> bytes:
    return json.dumps({"part": "measures", "facts": "- 立案93起", "text": "全年立案93起。", "id": record_id,
                       "time": "2024-05-01 09:00:00", "owner": owner, "unknown_later_field": 1}).encode()


def test_json_records_of_earlier_versions_are_imported_once_and_a_broken_one_is_moved_aside(tmp_path, records_database):
    data = tmp_path / "data"
    write_old_json(data, "drafts", "20240501-090000-aaaaaa", old_draft("20240501-090000-aaaaaa"))
    write_old_json(data, "drafts", "20240502-090000-bbbbbb", old_draft("20240502-090000-bbbbbb", "zhangsan"))
    write_old_json(data, "drafts", "20240503-090000-cccccc", b'{"part": "measures", "te')
    write_old_json(data, "conversations", "20240504-090000-dddddd", b'[{"role": "user", "content": "hi"}]')
    store = Store(data, records_database)
    assert store.imported == {"drafts": 2, "reports": 0, "conversations": 1}
    notices = store.take_notices()
    assert any("无法读取" in n for n in notices) and any("草稿 2 份、对话 1 份" in n for n in notices)
    assert (store.unreadable_dir / "drafts" / "20240503-090000-cccccc.json").exists()
    assert [d.id for d in store.list_drafts()] == ["20240502-090000-bbbbbb", "20240501-090000-aaaaaa"]
    assert [d.id for d in store.list_drafts(user=Account("zhangsan", "drafter"))] == ["20240502-090000-bbbbbb"]
    assert store.load_conversation("20240504-090000-dddddd") == [{"role": "user", "content": "hi"}]
    assert (data / "drafts" / "20240501-090000-aaaaaa.json").exists()  # the old files are kept
    again = Store(data, records_database)
    assert again.imported == {} and len(again.list_drafts()) == 2


@pytest.mark.parametrize("content", ['{"part": "measures", "facts": ', '["not", "a record"]', '{"facts": "only facts"}'])
def test_an_unreadable_record_is_moved_aside_and_the_others_still_list(store, content):
    good = store.save_draft(DraftRecord("measures", "- 立案93起", "全年立案93起。"))
    bad = "20200101-000000-abcdef"
    store.db.execute("INSERT INTO records (kind, id, owner, time, data) VALUES ('drafts', ?, '', '', ?)", (bad, content))
    assert [d.id for d in store.list_drafts()] == [good.id]
    assert (store.unreadable_dir / "drafts" / f"{bad}.json").read_text("utf-8") == content
    notices = store.take_notices()
    assert len(notices) == 1 and "无法读取" in notices[0] and store.take_notices() == []
    assert store.find_draft(bad) is None


def test_an_unreadable_report_or_conversation_never_fails_the_request(store):
    store.db.execute("INSERT INTO records (kind, id, owner, time, data) VALUES ('reports', ?, '', '', '{')",
                     ("20200101-000000-abcdef",))
    store.db.execute("INSERT INTO records (kind, id, owner, time, data) VALUES ('conversations', ?, '', '', ?)",
                     ("20200101-000000-abcdee", '[{"role": "user"}]'))
    assert store.list_reports() == [] and store.find_report("20200101-000000-abcdef") is None
    assert store.load_conversation("20200101-000000-abcdee") == []
    assert len(store.take_notices()) == 2
    assert sorted(p.name for p in store.unreadable_dir.rglob("*.json")) == ["20200101-000000-abcdee.json",
                                                                           "20200101-000000-abcdef.json"]


def test_asking_for_an_unreadable_record_by_id_says_what_happened(store):
    store.db.execute("INSERT INTO records (kind, id, owner, time, data) VALUES ('drafts', ?, '', '', '{')",
                     ("20200101-000000-abcdef",))
    with pytest.raises(InputError, match="无法读取.*已移到"):
        store.load_draft("20200101-000000-abcdef")


def test_the_audit_trail_says_who_drafted_and_edited_what(store):
    zhangsan = Account("zhangsan", "drafter")
    saved = store.save_draft(DraftRecord("measures", "- 立案93起", "全年立案93起。"), zhangsan)
    store.save_draft(saved, zhangsan)
    store.record_event(zhangsan, "exported", "drafts", saved.id, "草稿.docx")
    trail = store.audit_trail()
    assert [(e["actor"], e["action"], e["record_id"]) for e in trail] == [
        ("zhangsan", "exported", saved.id), ("zhangsan", "edited", saved.id), ("zhangsan", "drafted", saved.id)]


def test_two_stores_on_one_database_see_each_others_records(tmp_path, records_database):
    first, second = Store(tmp_path / "a", records_database), Store(tmp_path / "b", records_database)
    saved = first.save_draft(DraftRecord("measures", "- 立案93起", "全年立案93起。"))
    assert second.load_draft(saved.id) == saved
    assert second.db.journal_mode() == ("postgresql" if isinstance(records_database, str) else "wal")


def test_exports_expire_by_age_and_count_but_a_fresh_one_stays(store):
    import os
    import time

    from assistant.records import store as store_module

    store.exports_dir.mkdir(parents=True)
    now = time.time()
    for n in range(store_module.MAX_EXPORTS + 50):
        old = store.exports_dir / f"草稿-{n:04d}.md"
        old.write_text("旧稿", encoding="utf-8")
        age = store_module.EXPORT_MAX_AGE + 10 if n < 20 else store_module.EXPORT_MIN_AGE + 300 - n
        os.utime(old, (now - age, now - age))
    fresh = store.export("润色-新.txt", "新稿")
    left = sorted(p.name for p in store.exports_dir.iterdir())
    assert fresh.name in left and len(left) == store_module.MAX_EXPORTS
    assert "草稿-0000.md" not in left and "草稿-0249.md" in left  # the oldest went, the newest stayed


def test_an_upload_never_replaces_a_file_already_there(store, tmp_path):
    first, second = tmp_path / "a" / "报告 2024.txt", tmp_path / "b" / "报告_2024.txt"  # both become 报告_2024.txt
    for path, text in ((first, "第一份"), (second, "第二份")):
        path.parent.mkdir()
        path.write_text(text, encoding="utf-8")
    [one], _ = store.save_uploads([first], 1000)
    [two], _ = store.save_uploads([second], 1000)
    [again], _ = store.save_uploads([first], 1000)
    assert (one.path.name, one.new, two.path.name, two.renamed_from) == ("报告_2024.txt", True, "报告_2024-2.txt", "报告_2024.txt")
    assert one.path.read_text("utf-8") == "第一份" and two.path.read_text("utf-8") == "第二份"
    assert again.path == one.path and not again.new
    [other], _ = store.save_uploads([first], 1000, taken=frozenset({"报告_2024-3.txt"}))
    assert other.path == one.path  # identical content is recognised before any other name is tried
