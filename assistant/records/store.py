"""Drafts, whole reports, conversations and uploaded reports of the data folder.

Each draft, report and conversation is one row of the records database (assistant/records/db.py: SQLite
in WAL mode), written in one transaction with its audit-trail entry, so a crash or a restart never
leaves half a record and several app processes see the same records. The JSON files of earlier
versions are imported once on first start. Ids and file names that come from a browser are
checked before they touch a query or a path.
"""

import filecmp
import json
import logging
import os
import re
import secrets
import shutil
import time
from dataclasses import asdict, dataclass, field, replace
from datetime import datetime
from pathlib import Path

from assistant.records.accounts import LOCAL, Account, Accounts
from assistant.records.db import open_database
from assistant.kb.documents import SUPPORTED_SUFFIXES
from assistant.write.drafting import source_dict
from assistant.errors import InputError
from assistant.write.export import export_report
from assistant.records.review import Reviews

log = logging.getLogger(__name__)
# Downloads in exports/: each is written again whenever a download of its record is clicked, so few are kept.
EXPORT_MAX_AGE = 3600
MAX_EXPORTS = 200
EXPORT_MIN_AGE = 120  # younger files may still be on their way to a browser
IMPORTED_KINDS = {"drafts": "草稿", "reports": "整篇报告", "conversations": "对话"}
AUDIT_INSERT = "INSERT INTO audit (time, actor, action, kind, record_id, detail) VALUES (?, ?, ?, ?, ?, ?)"
_ID_RE = re.compile(r"^[0-9]{8}-[0-9]{6}-[0-9a-f]{6}$")
# Letters (Chinese included), digits, and a few separators survive in an uploaded file's name.
_UNSAFE_NAME_CHARS = re.compile(r"[^\w\u4e00-\u9fff.()（）\-]+")


@dataclass
class DraftRecord:
    """A saved draft: what was asked, what came back, and its number check."""

    part: str
    facts: str
    text: str
    topic: str = ""
    bureau: str = ""
    year: int | None = None
    backend: str = "offline"
    check: dict = field(default_factory=dict)
    sources: list[dict] = field(default_factory=list)
    notice: str = ""
    id: str = ""
    time: str = ""
    owner: str = ""  # the account that drafted it ("" on a loopback app without accounts)
    variant: int = 0  # 再来一版: which version of the request this is (0 the first)
    problems: list[str] = field(default_factory=list)  # the drafter's review of its items (Draft.review)

    @classmethod
    def from_draft(cls, draft, facts: str) -> "DraftRecord":
        """The record of a fresh drafting.Draft and the facts it was written from."""
        request = draft.request
        sources = [source_dict(hit) | {"text": hit.text} for hit in draft.sources]
        return cls(request.part, facts, draft.text, request.topic, request.bureau, request.year,
                   draft.backend, draft.check.to_dict(), sources, draft.notice,
                   variant=request.variant, problems=list(draft.review.problems))


@dataclass
class ReportRecord:
    """A saved whole report: the facts file, the assembled text, its check and proofreading, and
    the official-document fields its .docx is exported with."""

    facts: str
    text: str
    bureau: str = ""
    year: int | None = None
    title: str = ""
    backend: str = "offline"
    check: dict = field(default_factory=dict)
    findings: list[dict] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)
    doc_number: str = ""
    addressee: str = ""
    date: str = ""
    id: str = ""
    time: str = ""
    examples: list[str] = field(default_factory=list)  # the passages its parts were drafted from
    plan_review: dict = field(default_factory=dict)  # last year's plans followed up (assistant/check/planreview.py)
    owner: str = ""
    status: str = ""  # its review status (assistant/records/review.py), read from the database column on loading

    @classmethod
    def from_report(cls, report, facts: str, bureau: str, year: int | None) -> "ReportRecord":
        """The record of a fresh report.ReportDraft and the facts file it was drafted from."""
        data = report.to_dict()
        return cls(facts, report.text, bureau, year, report.title, data["backend"], data["check"], data["findings"],
                   list(dict.fromkeys(data["notices"])),  # every part that fell back says the same
                   examples=report.examples, plan_review=data.get("plan_review") or {})

    def with_export_fields(self, doc_number: str | None, addressee: str | None, date: str | None) -> "ReportRecord":
        """The same report with new 发文字号, 主送机关 and 成文日期; blank ones are taken from the text."""
        doc_number, addressee, date = ((value or "").strip() for value in (doc_number, addressee, date))
        return replace(self, doc_number=doc_number, addressee=addressee, date=date)

    @property
    def export_fields(self) -> dict:
        """The keyword arguments of export.export_report for this report."""
        return {"title": self.title or None, "doc_number": self.doc_number, "addressee": self.addressee,
                "date": self.date}


def _may_open(record, user: Account) -> bool:
    """Whether user may open a record: theirs, an admin's view, or a report in review for a reviewer."""
    return user.can_open(record.owner, submitted=bool(getattr(record, "status", "")))


def new_id() -> str:
    """A sortable, unguessable id: the time of creation and a random suffix."""
    return f"{datetime.now():%Y%m%d-%H%M%S}-{secrets.token_hex(3)}"


def valid_id(record_id: str | None) -> bool:
    return bool(record_id) and bool(_ID_RE.match(record_id))


@dataclass
class Upload:
    """An uploaded file as saved: where, whether it is new, and the name it asked for when taken."""

    path: Path
    new: bool
    renamed_from: str = ""


def _numbered(name: str, most: int = 100):
    """name, then stem-2.suffix, stem-3.suffix … for a name that is already taken."""
    stem, suffix = Path(name).stem, Path(name).suffix
    yield name
    yield from (f"{stem}-{n}{suffix}" for n in range(2, most))


def _create_exclusively(source: Path, target: Path) -> bool:
    """Copy source to target only if target does not exist yet (two uploads at once cannot collide)."""
    try:
        with open(target, "xb") as out, open(source, "rb") as data:
            shutil.copyfileobj(data, out)
    except FileExistsError:
        return False
    return True


def safe_upload_name(name: str) -> str:
    """A file name with no folders, no leading dots and only safe characters; InputError otherwise."""
    base = Path(name.replace("\\", "/")).name
    stem, suffix = Path(base).stem, Path(base).suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        allowed = " ".join(sorted(SUPPORTED_SUFFIXES))
        raise InputError(f"不支持的文件类型“{suffix or '无扩展名'}”（{base}）：只能上传 {allowed}。")
    stem = _UNSAFE_NAME_CHARS.sub("_", stem).strip("._ ")[:100]
    if not stem:
        raise InputError(f"文件名“{base}”不可用：请改用由文字或数字组成的文件名。")
    return stem + suffix


class Store:
    """Drafts, conversations and uploads under one data folder."""

    def __init__(self, data_dir: Path, database: Path | str | None = None):
        self.root = Path(data_dir)
        self.db = open_database(database or self.root / "records.db")  # a SQLite file or a PostgreSQL URL
        self.accounts = Accounts(self.db)
        self.reviews = Reviews(self.db)
        self.drafts_dir = self.root / "drafts"
        self.reports_dir = self.root / "reports"
        self.conversations_dir = self.root / "conversations"
        self.uploads_dir = self.root / "uploads"
        self.unreadable_dir = self.root / "unreadable"
        self.exports_dir = self.root / "exports"
        self.notices: list[str] = []  # records moved aside since the app last showed them
        self.imported: dict[str, int] = {}  # what the first start imported from JSON files
        self._import_json_once()

    # --- drafts ----------------------------------------------------------------

    def save_draft(self, record: DraftRecord, user: Account = LOCAL) -> DraftRecord:
        """Save a draft (a new one gets an id, a time and user as its owner) and return it."""
        return self._save("drafts", record, user)

    def load_draft(self, draft_id: str, user: Account = LOCAL) -> DraftRecord:
        """A saved draft by id that user may open; InputError when the id is malformed or unknown."""
        return self._visible(self._load("drafts", draft_id, DraftRecord, "草稿"), user, "草稿")

    def find_draft(self, draft_id: str | None, user: Account = LOCAL) -> DraftRecord | None:
        """A saved draft user may open, or None when the id is missing, malformed, unknown or unreadable."""
        return self._found(self._find("drafts", draft_id, DraftRecord, "草稿"), user)

    def list_drafts(self, limit: int = 50, user: Account = LOCAL) -> list[DraftRecord]:
        """The most recent drafts user may open first."""
        return self._readable("drafts", limit, DraftRecord, "草稿", user)

    # --- whole reports ---------------------------------------------------------

    def save_report(self, record: ReportRecord, user: Account = LOCAL) -> ReportRecord:
        """Save a whole report (a new one gets an id, a time and user as its owner) and return it;
        InputError when user may not change it now (another's, or in review: assistant/records/review.py)."""
        if valid_id(record.id):
            self.reviews.require_editable(record.id, user)
        return self._save("reports", record, user)

    def load_report(self, report_id: str, user: Account = LOCAL) -> ReportRecord:
        """A saved report by id that user may open; InputError when the id is malformed or unknown."""
        return self._visible(self._load("reports", report_id, ReportRecord, "整篇报告"), user, "整篇报告")

    def find_report(self, report_id: str | None, user: Account = LOCAL) -> ReportRecord | None:
        """A saved report user may open, or None when the id is missing, malformed, unknown or unreadable."""
        return self._found(self._find("reports", report_id, ReportRecord, "整篇报告"), user)

    def list_reports(self, limit: int = 50, user: Account = LOCAL) -> list[ReportRecord]:
        """The most recent reports user may open first (a reviewer's include every one in review)."""
        return self._readable("reports", limit, ReportRecord, "整篇报告", user)

    # --- conversations ---------------------------------------------------------

    def save_conversation(self, conversation_id: str, messages: list[dict], user: Account = LOCAL) -> str:
        """Save a conversation's messages ({"role", "content"}); returns its (possibly new) id.
        Another person's conversation is never written over: that id gets a new one."""
        if not valid_id(conversation_id) or not self.may_continue(conversation_id, user):
            conversation_id = new_id()
        self._write("conversations", conversation_id, user.name, self.db.now(), messages, user)
        return conversation_id

    def may_continue(self, conversation_id: str | None, user: Account = LOCAL) -> bool:
        """Whether user may see and continue a conversation (a new id may always be started)."""
        row = self._row("conversations", conversation_id)
        return row is None or user.can_open(row[0])

    def load_conversation(self, conversation_id: str | None, user: Account = LOCAL) -> list[dict]:
        """A conversation's messages, or [] for an unknown or missing id or another person's."""
        row = self._row("conversations", conversation_id)
        if row is None or not user.can_open(row[0]):
            return []
        messages = self._parse("conversations", conversation_id, row[1], "对话", quiet=True)
        if isinstance(messages, list) and all(isinstance(m, dict) and {"role", "content"} <= m.keys() for m in messages):
            return messages
        if messages is not None:
            self._set_aside("conversations", conversation_id, row[1], "对话", "内容不是对话记录")
        return []

    def take_notices(self) -> list[str]:
        """The notices about records moved aside since the last call (for the app to show once)."""
        notices, self.notices = self.notices, []
        return notices

    # --- audit trail -----------------------------------------------------------

    def record_event(self, user: Account, action: str, kind: str, record_id: str, detail: str = "") -> None:
        """Note in the audit trail who did what to which record (drafted, edited, exported, removed…)."""
        self.db.execute(AUDIT_INSERT, (self.db.now(), user.name, action, kind, record_id, detail))

    def audit_trail(self, limit: int = 100) -> list[dict]:
        """The most recent events first, as {"time", "actor", "action", "kind", "record_id", "detail"}."""
        rows = self.db.query("SELECT time, actor, action, kind, record_id, detail FROM audit ORDER BY seq DESC LIMIT ?",
                             (limit,))
        return [dict(zip(("time", "actor", "action", "kind", "record_id", "detail"), row)) for row in rows]

    # --- uploads and exports ---------------------------------------------------

    def save_upload(self, source: Path, name: str, max_bytes: int, taken: frozenset[str] = frozenset()) -> "Upload":
        """Copy an uploaded file into uploads/ under a sanitised name that no other file has: an
        upload never replaces a file already there (nor takes the name of an indexed report in
        `taken`), so a refused upload can be deleted without touching what was accepted before."""
        size = Path(source).stat().st_size
        if size > max_bytes:
            raise InputError(f"文件“{Path(name).name}”过大（{size / 1e6:.1f} MB，上限 {max_bytes / 1e6:.0f} MB）。")
        wanted = safe_upload_name(name)
        self.uploads_dir.mkdir(parents=True, exist_ok=True)
        for candidate in _numbered(wanted):
            target = self.uploads_dir / candidate
            if target.is_file() and filecmp.cmp(source, target, shallow=False):
                return Upload(target, new=False)  # the same file again: indexing finds it unchanged
            if candidate not in taken and _create_exclusively(source, target):
                return Upload(target, new=True, renamed_from=wanted if candidate != wanted else "")
        raise InputError(f"同名文件“{wanted}”太多：请改名后再上传。")

    def save_uploads(self, files: list[Path], max_bytes: int,
                     taken: frozenset[str] = frozenset()) -> tuple[list["Upload"], list[tuple[str, str]]]:
        """Save each uploaded file; one refused file is reported and the others go on."""
        saved, refused = [], []
        for file in map(Path, files):
            try:
                saved.append(self.save_upload(file, file.name, max_bytes, taken))
            except InputError as e:
                refused.append((file.name, str(e)))
        return saved, refused

    def remove_upload(self, name: str) -> bool:
        """Delete an uploaded report by its file name, so re-indexing does not bring it back."""
        path = self.uploads_dir / Path(name).name
        if path.parent != self.uploads_dir or not path.is_file():
            return False
        path.unlink()
        return True

    def export(self, name: str, text: str) -> Path:
        """Write a result to exports/ for downloading; name is chosen by the app, not the user."""
        path = self.exports_dir / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        self.expire_exports()
        return path

    def export_document(self, name: str, text: str, **fields) -> Path:
        """Write a result to exports/ as .docx (official-document format) or .md, by name's suffix."""
        path = export_report(text, self.exports_dir / name, **fields)
        self.expire_exports()
        return path

    def expire_exports(self, now: float | None = None) -> int:
        """Delete downloads past EXPORT_MAX_AGE, and the oldest beyond MAX_EXPORTS; returns how many.
        A download is only needed while the app hands it to the browser (Gradio copies it into its
        own cache), and every one can be written again from its record, so none is kept for long."""
        now = time.time() if now is None else now
        files = sorted((p for p in self.exports_dir.glob("*") if p.is_file()), key=lambda p: p.stat().st_mtime)
        ages = [now - p.stat().st_mtime for p in files]
        old = [p for n, (p, age) in enumerate(zip(files, ages))
               if age > EXPORT_MAX_AGE or (n < len(files) - MAX_EXPORTS and age > EXPORT_MIN_AGE)]
        for path in old:
            path.unlink(missing_ok=True)
        return len(old)

    def browser_secret(self) -> str:
        """A secret kept across restarts and shared by every app process of the data folder, so the
        browser's saved session ids stay readable whichever process answers."""
        path = self.root / ".browser_secret"
        if not path.is_file():
            self.root.mkdir(parents=True, exist_ok=True)
            draft = path.with_name(f".browser_secret.{os.getpid()}")
            draft.write_text(secrets.token_hex(16), encoding="utf-8")
            try:  # a link is made whole or not at all: of processes starting at once, the first one's wins
                os.link(draft, path)
            except FileExistsError:
                pass
            finally:
                draft.unlink()
        return path.read_text(encoding="utf-8").strip()

    def _save(self, kind: str, record, user: Account):
        if not valid_id(record.id):
            record.id, record.owner = new_id(), user.name
        record.time = record.time or self.db.now()
        self._write(kind, record.id, record.owner, record.time, asdict(record), user)
        return record

    def _write(self, kind: str, record_id: str, owner: str, when: str, data, user: Account) -> None:
        """Insert or replace one record, and note in the audit trail who drafted or edited it."""
        action = "edited" if self._row(kind, record_id) else "drafted"
        self.db.execute_many([
            ("INSERT INTO records (kind, id, owner, status, time, data) VALUES (?, ?, ?, '', ?, ?) "
             "ON CONFLICT (kind, id) DO UPDATE SET data = excluded.data",
             (kind, record_id, owner, when, json.dumps(data, ensure_ascii=False))),
            (AUDIT_INSERT, (self.db.now(), user.name, action, kind, record_id, "")),
        ])

    def _load(self, kind: str, record_id: str, cls, what: str):
        """A record of a dataclass from its row, ignoring fields an older or newer version wrote."""
        row = self._required_row(kind, record_id, what)
        data = self._parse(kind, record_id, row[1], what)
        try:
            record = cls(**{k: v for k, v in data.items() if k in cls.__dataclass_fields__})
        except (AttributeError, TypeError) as e:  # valid JSON of another shape: not a record of ours
            raise self._set_aside(kind, record_id, row[1], what, "内容不是有效记录") from e
        if "status" in cls.__dataclass_fields__:
            record.status = row[2]  # the column, not the copy in the JSON, is the record's status
        return record

    def _required_row(self, kind: str, record_id: str, what: str) -> tuple[str, str]:
        if not record_id:
            raise InputError(f"还没有{what}：请先起草或打开一份。")
        if not valid_id(record_id):
            raise InputError(f"{what}编号“{record_id}”无效。")
        row = self._row(kind, record_id)
        if row is None:
            raise InputError(f"找不到{what}“{record_id}”：它可能已被删除。")
        return row

    def _row(self, kind: str, record_id: str | None) -> tuple[str, str, str] | None:
        """The owner, JSON text and status of a record, or None for a malformed or unknown id."""
        if not valid_id(record_id):
            return None
        rows = self.db.query("SELECT owner, data, status FROM records WHERE kind = ? AND id = ?", (kind, record_id))
        return rows[0] if rows else None

    def _parse(self, kind: str, record_id: str, text: str, what: str, quiet: bool = False):
        """The JSON of a record; a broken one is set aside (None when quiet, else InputError)."""
        try:
            return json.loads(text)
        except ValueError as e:
            error = self._set_aside(kind, record_id, text, what, "记录已损坏")
            if quiet:
                return None
            raise error from e

    @staticmethod
    def _visible(record, user: Account, what: str):
        """record when user may open it; else the same error as an unknown id (ids are not confirmed)."""
        if not _may_open(record, user):
            raise InputError(f"找不到{what}“{record.id}”：它可能已被删除。")
        return record

    @staticmethod
    def _found(record, user: Account):
        return record if record is not None and _may_open(record, user) else None

    def _find(self, kind: str, record_id: str | None, cls, what: str):
        if self._row(kind, record_id) is None:
            return None
        try:
            return self._load(kind, record_id, cls, what)
        except InputError:
            return None  # moved aside and noted

    def _readable(self, kind: str, limit: int, cls, what: str, user: Account) -> list:
        """The most recent records user may open first; an unreadable one is moved aside and skipped."""
        rows = self.db.query("SELECT id FROM records WHERE kind = ? AND (owner = ? OR ? OR (? AND status <> '')) "
                             "ORDER BY id DESC LIMIT ?", (kind, user.name, user.is_admin, user.is_reviewer, limit))
        records = []
        for (record_id,) in rows:
            try:
                records.append(self._load(kind, record_id, cls, what))
            except InputError:
                continue  # _set_aside has logged it and left a notice
        return records

    def _set_aside(self, kind: str, record_id: str, text: str, what: str, why: str) -> InputError:
        """Move an unreadable record out of the database into unreadable/<kind>/ (kept for a person
        to look at), log it and note it for the app; returns the error to raise where it was asked for."""
        target = self.unreadable_dir / kind / f"{record_id}.json"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8", errors="replace")
        self.db.execute("DELETE FROM records WHERE kind = ? AND id = ?", (kind, record_id))
        return self._noted(target, what, why)

    def _noted(self, target: Path, what: str, why: str) -> InputError:
        log.warning("unreadable %s record (%s) moved to %s", what, why, target)
        message = f"有一份{what}记录无法读取（{why}），已移到 {target}，其余记录不受影响。"
        self.notices.append(message)
        return InputError(message)

    # --- the one-time import of the JSON files of earlier versions --------------

    def _import_json_once(self) -> None:
        """Bring the drafts/, reports/ and conversations/ JSON files of earlier versions into the
        database, once; the files stay where they were (nothing is lost), a broken one is moved
        to unreadable/ and noted, and the count is kept in self.imported and the notices."""
        if self.db.query("SELECT value FROM meta WHERE key = 'json_import'"):
            return
        counts = {kind: self._import_folder(kind) for kind in IMPORTED_KINDS}
        self.db.execute("INSERT OR REPLACE INTO meta (key, value) VALUES ('json_import', ?)", (json.dumps(counts),))
        self.imported = counts
        if sum(counts.values()):
            shown = "、".join(f"{IMPORTED_KINDS[k]} {n} 份" for k, n in counts.items() if n)
            self.notices.append(f"已把旧版本保存的记录导入数据库：{shown}。")

    def _import_folder(self, kind: str) -> int:
        """Import one folder's JSON records; the number imported."""
        imported = 0
        for path in sorted((self.root / kind).glob("*.json")):
            if not valid_id(path.stem):
                continue
            try:
                data = json.loads(path.read_text(encoding="utf-8"))
            except (ValueError, OSError):
                self._move_file_aside(path, kind, IMPORTED_KINDS[kind])
                continue
            imported += self._import_record(kind, path.stem, data)
        return imported

    def _import_record(self, kind: str, record_id: str, data) -> int:
        as_dict = data if isinstance(data, dict) else {}
        messages = as_dict.get("messages", data) if kind == "conversations" else data
        return self.db.execute(
            "INSERT OR IGNORE INTO records (kind, id, owner, status, time, data) VALUES (?, ?, ?, '', ?, ?)",
            (kind, record_id, str(as_dict.get("owner", "")), as_dict.get("time") or self.db.now(),
             json.dumps(messages, ensure_ascii=False)))

    def _move_file_aside(self, path: Path, kind: str, what: str) -> None:
        target = self.unreadable_dir / kind / path.name
        target.parent.mkdir(parents=True, exist_ok=True)
        try:
            os.replace(path, target)
        except OSError as e:
            log.warning("cannot move unreadable record %s aside: %s", path, e)
        self._noted(target, what, "文件已损坏")
