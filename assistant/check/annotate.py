"""Marking the numbers (and names) a check found no fact for in an exported Word file: each is highlighted and
carries a comment saying why, so a text with red numbers never leaves the app looking clean."""

import copy
from pathlib import Path

from docx import Document
from docx.enum.text import WD_COLOR_INDEX
from docx.text.run import Run

AUTHOR = "报告起草助手"


def flag_unsupported(path: Path, check: dict | None) -> int:
    """Highlight and comment every unsupported number or name of the check in the .docx at path; how many."""
    reasons = unsupported(check)
    if not reasons or path.suffix != ".docx":
        return 0
    document = Document(str(path))
    flagged = sum(flag_paragraph(document, paragraph, reasons) for paragraph in document.paragraphs)
    document.save(str(path))
    return flagged


def unsupported(check: dict | None) -> dict[str, str]:
    """Each number (and named claim: campaign, honour, document) the check found no fact for, with why."""
    check = check or {}
    found = [m for m in check.get("mentions", []) if m["status"] == "unsupported"]
    found += [n for n in check.get("names", []) if n["status"] == "unsupported_name"]
    return {item["text"]: item.get("reason") or "没有事实依据" for item in found}


def flag_paragraph(document, paragraph, reasons: dict[str, str]) -> int:
    """Split the runs of a paragraph around each flagged number and mark that piece."""
    flagged = 0
    for run in list(paragraph.runs):
        for piece in split_run(run, list(reasons)):
            if piece.text in reasons:
                piece.font.highlight_color = WD_COLOR_INDEX.PINK
                document.add_comment(piece, text=f"无依据：{reasons[piece.text]}。请核对事实后再定稿。", author=AUTHOR)
                flagged += 1
    return flagged


def split_run(run, words: list[str]) -> list[Run]:
    """The run cut into runs of the same format so that each occurrence of a word is a run of its own."""
    text = run.text
    cuts = sorted({i for w in words for start in _find_all(text, w) for i in (start, start + len(w))} | {0, len(text)})
    if len(cuts) <= 2:
        return [run]
    pieces = []
    for a, b in zip(cuts, cuts[1:]):
        element = copy.deepcopy(run._r)
        run._r.addprevious(element)
        piece = Run(element, run._parent)
        piece.text = text[a:b]
        pieces.append(piece)
    run._r.getparent().remove(run._r)
    return pieces


def _find_all(text: str, word: str) -> list[int]:
    found, start = [], text.find(word)
    while start >= 0:
        found.append(start)
        start = text.find(word, start + len(word))
    return found
