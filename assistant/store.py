"""Drafts, whole reports, conversations and uploaded reports kept on disk under the data folder.

Each draft, report and conversation is one JSON file written atomically (a temporary file, then a
rename), so a crash or a restart never leaves half a record. Ids and file names that come from
a browser are checked before they touch a path.
"""

import filecmp
import json
import logging
import os
import re
import secrets
import shutil
import tempfile
import time
from dataclasses import asdict, dataclass, field, replace
from datetime import datetime
from pathlib import Path

from .accounts import LOCAL, Account, Accounts
from .db import Database
from .documents import SUPPORTED_SUFFIXES
from .drafting import source_dict
from .errors import InputError
from .export import export_report

log = logging.getLogger(__name__)
# Downloads in exports/: each is written again whenever its record is shown, so few are kept.
EXPORT_MAX_AGE = 3600
MAX_EXPORTS = 200
EXPORT_MIN_AGE = 120  # younger files may still be on their way to a browser
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

    @classmethod
    def from_draft(cls, draft, facts: str) -> "DraftRecord":
        """The record of a fresh drafting.Draft and the facts it was written from."""
        request = draft.request
        sources = [source_dict(hit) | {"text": hit.text} for hit in draft.sources]
        return cls(request.part, facts, draft.text, request.topic, request.bureau, request.year,
                   draft.backend, draft.check.to_dict(), sources, draft.notice)


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
    owner: str = ""

    @classmethod
    def from_report(cls, report, facts: str, bureau: str, year: int | None) -> "ReportRecord":
        """The record of a fresh report.ReportDraft and the facts file it was drafted from."""
        data = report.to_dict()
        return cls(facts, report.text, bureau, year, report.title, data["backend"], data["check"], data["findings"],
                   list(dict.fromkeys(data["notices"])),  # every part that fell back says the same
                   examples=report.examples)

    def with_export_fields(self, doc_number: str | None, addressee: str | None, date: str | None) -> "ReportRecord":
        """The same report with new 发文字号, 主送机关 and 成文日期; blank ones are taken from the text."""
        doc_number, addressee, date = ((value or "").strip() for value in (doc_number, addressee, date))
        return replace(self, doc_number=doc_number, addressee=addressee, date=date)

    @property
    def export_fields(self) -> dict:
        """The keyword arguments of export.export_report for this report."""
        return {"title": self.title or None, "doc_number": self.doc_number, "addressee": self.addressee,
                "date": self.date}


def new_id() -> str:
    """A sortable, unguessable id: the time of creation and a random suffix."""
    return f"{datetime.now():%Y%m%d-%H%M%S}-{secrets.token_hex(3)}"


def valid_id(record_id: str | None) -> bool:
    return bool(record_id) and bool(_ID_RE.match(record_id))


def write_json_atomic(path: Path, data) -> None:
    """Write JSON to a temporary file beside path, then rename it over path."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix=".json")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            json.dump(data, f, ensure_ascii=False, indent=1)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


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

    def __init__(self, data_dir: Path, database_path: Path | None = None):
        self.root = Path(data_dir)
        self.accounts = Accounts(Database(database_path or self.root / "records.db"))
        self.drafts_dir = self.root / "drafts"
        self.reports_dir = self.root / "reports"
        self.conversations_dir = self.root / "conversations"
        self.uploads_dir = self.root / "uploads"
        self.unreadable_dir = self.root / "unreadable"
        self.exports_dir = self.root / "exports"
        self.notices: list[str] = []  # records moved aside since the app last showed them

    # --- drafts ----------------------------------------------------------------

    def save_draft(self, record: DraftRecord, user: Account = LOCAL) -> DraftRecord:
        """Save a draft (a new one gets an id, a time and user as its owner) and return it."""
        return self._save(self.drafts_dir, record, user)

    def load_draft(self, draft_id: str, user: Account = LOCAL) -> DraftRecord:
        """A saved draft by id that user may open; InputError when the id is malformed or unknown."""
        return self._visible(self._load(self.drafts_dir, draft_id, DraftRecord, "草稿"), user, "草稿")

    def find_draft(self, draft_id: str | None, user: Account = LOCAL) -> DraftRecord | None:
        """A saved draft user may open, or None when the id is missing, malformed, unknown or unreadable."""
        return self._found(self._find(self.drafts_dir, draft_id, DraftRecord, "草稿"), user)

    def list_drafts(self, limit: int = 50, user: Account = LOCAL) -> list[DraftRecord]:
        """The most recent drafts user may open first."""
        return self._readable(self.drafts_dir, limit, DraftRecord, "草稿", user)

    # --- whole reports ---------------------------------------------------------

    def save_report(self, record: ReportRecord, user: Account = LOCAL) -> ReportRecord:
        """Save a whole report (a new one gets an id, a time and user as its owner) and return it."""
        return self._save(self.reports_dir, record, user)

    def load_report(self, report_id: str, user: Account = LOCAL) -> ReportRecord:
        """A saved report by id that user may open; InputError when the id is malformed or unknown."""
        return self._visible(self._load(self.reports_dir, report_id, ReportRecord, "整篇报告"), user, "整篇报告")

    def find_report(self, report_id: str | None, user: Account = LOCAL) -> ReportRecord | None:
        """A saved report user may open, or None when the id is missing, malformed, unknown or unreadable."""
        return self._found(self._find(self.reports_dir, report_id, ReportRecord, "整篇报告"), user)

    def list_reports(self, limit: int = 50, user: Account = LOCAL) -> list[ReportRecord]:
        """The most recent reports user may open first."""
        return self._readable(self.reports_dir, limit, ReportRecord, "整篇报告", user)

    # --- conversations ---------------------------------------------------------

    def save_conversation(self, conversation_id: str, messages: list[dict], user: Account = LOCAL) -> str:
        """Save a conversation's messages ({"role", "content"}); returns its (possibly new) id.
        Another person's conversation is never written over: that id gets a new one."""
        if not valid_id(conversation_id) or not self.may_continue(conversation_id, user):
            conversation_id = new_id()
        write_json_atomic(self.conversations_dir / f"{conversation_id}.json", {"owner": user.name, "messages": messages})
        return conversation_id

    def may_continue(self, conversation_id: str | None, user: Account = LOCAL) -> bool:
        """Whether user may see and continue a conversation (a new id may always be started)."""
        if not self._exists(self.conversations_dir, conversation_id):
            return True
        return self._conversation(conversation_id)[0] in (user.name, None) or user.is_admin

    def load_conversation(self, conversation_id: str | None, user: Account = LOCAL) -> list[dict]:
        """A conversation's messages, or [] for an unknown or missing id or another person's."""
        if not self._exists(self.conversations_dir, conversation_id):
            return []
        owner, messages = self._conversation(conversation_id)
        return messages if owner is not None and user.can_open(owner) else []

    def _conversation(self, conversation_id: str) -> tuple[str | None, list[dict]]:
        """The owner and messages of a saved conversation; (None, []) when it was unreadable."""
        try:
            data = self._read(self.conversations_dir, conversation_id, "对话")
        except InputError:
            return None, []  # moved aside and noted; the person starts a new conversation
        owner, messages = (data.get("owner", ""), data.get("messages")) if isinstance(data, dict) else ("", data)
        if isinstance(messages, list) and all(isinstance(m, dict) and {"role", "content"} <= m.keys() for m in messages):
            return str(owner), messages
        self._set_aside(self.conversations_dir / f"{conversation_id}.json", "对话", "内容不是对话记录")
        return None, []

    def take_notices(self) -> list[str]:
        """The notices about records moved aside since the last call (for the app to show once)."""
        notices, self.notices = self.notices, []
        return notices

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
        """A secret kept across restarts, so the browser's saved session ids stay readable."""
        path = self.root / ".browser_secret"
        if not path.is_file():
            self.root.mkdir(parents=True, exist_ok=True)
            path.write_text(secrets.token_hex(16), encoding="utf-8")
        return path.read_text(encoding="utf-8").strip()

    def _save(self, folder: Path, record, user: Account):
        if not valid_id(record.id):
            record.id, record.owner = new_id(), user.name
        record.time = record.time or f"{datetime.now():%Y-%m-%d %H:%M:%S}"
        write_json_atomic(folder / f"{record.id}.json", asdict(record))
        return record

    def _load(self, folder: Path, record_id: str, cls, what: str):
        """A record of a dataclass from its JSON, ignoring fields an older or newer version wrote."""
        data = self._read(folder, record_id, what)
        try:
            return cls(**{k: v for k, v in data.items() if k in cls.__dataclass_fields__})
        except (AttributeError, TypeError) as e:  # valid JSON of another shape: not a record of ours
            raise self._set_aside(folder / f"{record_id}.json", what, "内容不是有效记录") from e

    @staticmethod
    def _visible(record, user: Account, what: str):
        """record when user may open it; else the same error as an unknown id (ids are not confirmed)."""
        if not user.can_open(record.owner):
            raise InputError(f"找不到{what}“{record.id}”：它可能已被删除。")
        return record

    @staticmethod
    def _found(record, user: Account):
        return record if record is not None and user.can_open(record.owner) else None

    def _find(self, folder: Path, record_id: str | None, cls, what: str):
        if not self._exists(folder, record_id):
            return None
        try:
            return self._load(folder, record_id, cls, what)
        except InputError:
            return None  # moved aside and noted

    def _readable(self, folder: Path, limit: int, cls, what: str, user: Account) -> list:
        """The most recent records user may open first; an unreadable one is moved aside and skipped."""
        records = []
        for record_id in self._ids(folder):
            try:
                record = self._load(folder, record_id, cls, what)
            except InputError:
                continue  # _set_aside has logged it and left a notice
            if user.can_open(record.owner):
                records.append(record)
            if len(records) == limit:
                break
        return records

    def _set_aside(self, path: Path, what: str, why: str) -> InputError:
        """Move an unreadable record to unreadable/ (kept for a person to look at), log it and note
        it for the app; returns the error to raise where the record itself was asked for."""
        target = self.unreadable_dir / path.parent.name / path.name
        target.parent.mkdir(parents=True, exist_ok=True)
        try:
            os.replace(path, target)
        except OSError as e:
            log.warning("cannot move unreadable record %s aside: %s", path, e)
        log.warning("unreadable record %s (%s) moved to %s", path, why, target)
        message = f"有一份{what}记录无法读取（{why}），已移到 {target}，其余记录不受影响。"
        self.notices.append(message)
        return InputError(message)

    @staticmethod
    def _exists(folder: Path, record_id: str | None) -> bool:
        return valid_id(record_id) and (folder / f"{record_id}.json").is_file()

    @staticmethod
    def _ids(folder: Path) -> list[str]:
        """The ids of the most recent records first."""
        return [p.stem for p in sorted(folder.glob("*.json"), reverse=True) if valid_id(p.stem)]

    def _read(self, folder: Path, record_id: str, what: str):
        if not record_id:
            raise InputError(f"还没有{what}：请先起草或打开一份。")
        if not valid_id(record_id):
            raise InputError(f"{what}编号“{record_id}”无效。")
        path = folder / f"{record_id}.json"
        if not path.is_file():
            raise InputError(f"找不到{what}“{record_id}”：它可能已被删除。")
        try:
            return json.loads(path.read_text(encoding="utf-8"))
        except (ValueError, OSError) as e:  # JSONDecodeError and UnicodeDecodeError are ValueErrors
            raise self._set_aside(path, what, "文件已损坏") from e
