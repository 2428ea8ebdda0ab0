"""Drafts, whole reports, conversations and uploaded reports kept on disk under the data folder.

Each draft, report and conversation is one JSON file written atomically (a temporary file, then a
rename), so a crash or a restart never leaves half a record. Ids and file names that come from
a browser are checked before they touch a path.
"""

import json
import os
import re
import secrets
import shutil
import tempfile
from dataclasses import asdict, dataclass, field, replace
from datetime import datetime
from pathlib import Path

from .documents import SUPPORTED_SUFFIXES
from .drafting import source_dict
from .errors import InputError
from .export import export_report

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
    plan_review: dict = field(default_factory=dict)  # last year's plans followed up (assistant/planreview.py)

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

    def __init__(self, data_dir: Path):
        self.root = Path(data_dir)
        self.drafts_dir = self.root / "drafts"
        self.reports_dir = self.root / "reports"
        self.conversations_dir = self.root / "conversations"
        self.uploads_dir = self.root / "uploads"

    # --- drafts ----------------------------------------------------------------

    def save_draft(self, record: DraftRecord) -> DraftRecord:
        """Save a draft (a new one gets an id and a time) and return it."""
        return self._save(self.drafts_dir, record)

    def load_draft(self, draft_id: str) -> DraftRecord:
        """A saved draft by id; InputError when the id is malformed or unknown."""
        return self._load(self.drafts_dir, draft_id, DraftRecord, "草稿")

    def find_draft(self, draft_id: str | None) -> DraftRecord | None:
        """A saved draft, or None when the id is missing, malformed or unknown."""
        return self.load_draft(draft_id) if self._exists(self.drafts_dir, draft_id) else None

    def list_drafts(self, limit: int = 50) -> list[DraftRecord]:
        """The most recent drafts first."""
        return [self.load_draft(record_id) for record_id in self._ids(self.drafts_dir, limit)]

    # --- whole reports ---------------------------------------------------------

    def save_report(self, record: ReportRecord) -> ReportRecord:
        """Save a whole report (a new one gets an id and a time) and return it."""
        return self._save(self.reports_dir, record)

    def load_report(self, report_id: str) -> ReportRecord:
        """A saved report by id; InputError when the id is malformed or unknown."""
        return self._load(self.reports_dir, report_id, ReportRecord, "整篇报告")

    def find_report(self, report_id: str | None) -> ReportRecord | None:
        """A saved report, or None when the id is missing, malformed or unknown."""
        return self.load_report(report_id) if self._exists(self.reports_dir, report_id) else None

    def list_reports(self, limit: int = 50) -> list[ReportRecord]:
        """The most recent reports first."""
        return [self.load_report(record_id) for record_id in self._ids(self.reports_dir, limit)]

    # --- conversations ---------------------------------------------------------

    def save_conversation(self, conversation_id: str, messages: list[dict]) -> str:
        """Save a conversation's messages ({"role", "content"}); returns its (possibly new) id."""
        conversation_id = conversation_id if valid_id(conversation_id) else new_id()
        write_json_atomic(self.conversations_dir / f"{conversation_id}.json", messages)
        return conversation_id

    def load_conversation(self, conversation_id: str | None) -> list[dict]:
        """A conversation's messages, or [] for an unknown or missing id."""
        if not self._exists(self.conversations_dir, conversation_id):
            return []
        return self._read(self.conversations_dir, conversation_id, "对话")

    # --- uploads and exports ---------------------------------------------------

    def save_upload(self, source: Path, name: str, max_bytes: int) -> Path:
        """Copy an uploaded file into uploads/ under a sanitised name, refusing oversized files."""
        size = Path(source).stat().st_size
        if size > max_bytes:
            raise InputError(f"文件“{Path(name).name}”过大（{size / 1e6:.1f} MB，上限 {max_bytes / 1e6:.0f} MB）。")
        target = self.uploads_dir / safe_upload_name(name)
        self.uploads_dir.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, target)
        return target

    def save_uploads(self, files: list[Path], max_bytes: int) -> tuple[list[Path], list[tuple[str, str]]]:
        """Save each uploaded file; one refused file is reported and the others go on."""
        saved, refused = [], []
        for file in map(Path, files):
            try:
                saved.append(self.save_upload(file, file.name, max_bytes))
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
        path = self.root / "exports" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        return path

    def export_document(self, name: str, text: str, **fields) -> Path:
        """Write a result to exports/ as .docx (official-document format) or .md, by name's suffix."""
        return export_report(text, self.root / "exports" / name, **fields)

    def browser_secret(self) -> str:
        """A secret kept across restarts, so the browser's saved session ids stay readable."""
        path = self.root / ".browser_secret"
        if not path.is_file():
            self.root.mkdir(parents=True, exist_ok=True)
            path.write_text(secrets.token_hex(16), encoding="utf-8")
        return path.read_text(encoding="utf-8").strip()

    def _save(self, folder: Path, record):
        record.id = record.id if valid_id(record.id) else new_id()
        record.time = record.time or f"{datetime.now():%Y-%m-%d %H:%M:%S}"
        write_json_atomic(folder / f"{record.id}.json", asdict(record))
        return record

    def _load(self, folder: Path, record_id: str, cls, what: str):
        """A record of a dataclass from its JSON, ignoring fields an older or newer version wrote."""
        data = self._read(folder, record_id, what)
        return cls(**{k: v for k, v in data.items() if k in cls.__dataclass_fields__})

    @staticmethod
    def _exists(folder: Path, record_id: str | None) -> bool:
        return valid_id(record_id) and (folder / f"{record_id}.json").is_file()

    @staticmethod
    def _ids(folder: Path, limit: int) -> list[str]:
        """The ids of the most recent records first."""
        return [p.stem for p in sorted(folder.glob("*.json"), reverse=True) if valid_id(p.stem)][:limit]

    def _read(self, folder: Path, record_id: str, what: str):
        if not record_id:
            raise InputError(f"还没有{what}：请先起草或打开一份。")
        if not valid_id(record_id):
            raise InputError(f"{what}编号“{record_id}”无效。")
        path = folder / f"{record_id}.json"
        if not path.is_file():
            raise InputError(f"找不到{what}“{record_id}”：它可能已被删除。")
        return json.loads(path.read_text(encoding="utf-8"))
