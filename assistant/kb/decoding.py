"""Bytes into text: the encodings people save reports and facts in (UTF-8, GBK/GB18030, UTF-16 with
or without BOM), refusing binaries by their signature or their control characters, and one rule
for NUL characters wherever text comes in.
"""

import re

from assistant.errors import DocumentError, InputError

BOMS = ((b"\xef\xbb\xbf", "utf-8-sig"), (b"\xff\xfe", "utf-16"), (b"\xfe\xff", "utf-16"))
# Control characters other than tab/newline/form feed mean the bytes were not text.
CONTROL_RE = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f\ufffd]")
# Signatures of files that are not text, whatever their name says.
BINARY_MAGIC = {b"%PDF": "PDF", b"PK\x03\x04": "Word（.docx）或压缩包", b"\xd0\xcf\x11\xe0": "Word（.doc）",
                b"\x89PNG": "图片", b"\xff\xd8\xff": "图片", b"GIF8": "图片", b"MZ": "程序文件（.exe）",
                b"\x7fELF": "程序文件"}
# Characters of Chinese text and its ASCII: what a file decoded in the right encoding is made of.
PLAUSIBLE_TEXT_RE = re.compile(r"[\t\n\r\x20-\x7e\u2000-\u206f\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]")


def refuse_nul(text: str, name: str) -> None:
    """One rule for every text the product reads, pasted or from a file: a NUL character means
    the text was not typed but copied out of a binary file."""
    if "\x00" in text:
        raise InputError(f"{name}中含有空字符（NUL），看起来是从二进制文件中复制的：请从原文档中重新复制文字，"
                         "或把文件另存为 UTF-8 文本后再试。")


def decode_text(data: bytes, name: str) -> str:
    """Decode a text file: by its BOM, else UTF-16 without BOM, UTF-8, GB18030 (a superset of GBK), a guess."""
    text = decode_bytes(data, name)
    if len(CONTROL_RE.findall(text)) > max(2, len(text) // 200):
        raise DocumentError(f"{name}：看起来不是文本文件（含大量控制字符），请确认文件类型和编码（支持 UTF-8、GBK）。")
    refuse_nul(text, name)
    # Same newlines as Path.read_text, so spans also fit text read the ordinary way.
    return text.replace("\r\n", "\n").replace("\r", "\n")


def decode_bytes(data: bytes, name: str) -> str:
    """The bytes as text in the first encoding that fits; DocumentError for binary content."""
    bom = next((encoding for mark, encoding in BOMS if data.startswith(mark)), None)
    if bom:
        return data.decode(bom, errors="replace")
    kind = binary_kind(data)
    if kind:
        raise DocumentError(f"{name}：看起来是{kind}，不是文本文件；请按实际类型保存（Word 为 .docx，PDF 为 .pdf）后再导入。")
    if b"\x00" in data:
        text = utf16_without_bom(data)
        if text is None:
            raise DocumentError(f"{name}：看起来不是文本文件（含二进制内容），请确认文件类型；Word 文档请保存为 .docx。")
        return text
    return strict_decode(data) or guess_decode(data, name)


def binary_kind(data: bytes) -> str:
    """What a file's first bytes say it is ("PDF", "图片" …), or "" for no known binary signature."""
    return next((kind for magic, kind in BINARY_MAGIC.items() if data.startswith(magic)), "")


def utf16_without_bom(data: bytes) -> str | None:
    """UTF-16 text saved without a BOM, or None. Such bytes hold NULs (the high bytes of digits and
    newlines) and decode to Chinese and ASCII; binary bytes decode to characters from all over."""
    if len(data) % 2:
        return None
    for encoding in ("utf-16-le", "utf-16-be"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if len(PLAUSIBLE_TEXT_RE.findall(text)) >= 0.95 * len(text):
            return text
    return None


def strict_decode(data: bytes) -> str | None:
    """The text as UTF-8 or else GB18030, or None when the bytes are neither."""
    for encoding in ("utf-8", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return None


def guess_decode(data: bytes, name: str) -> str:
    """Decode with charset-normalizer's best guess (Big5, UTF-16 without BOM …)."""
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None:
        raise DocumentError(f"{name}：无法识别文件编码，请另存为 UTF-8 编码的文本后再导入。")
    return str(best)
