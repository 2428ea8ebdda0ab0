"""Files built to hurt: decompression bombs, oversized PDFs, UTF-16 without BOM, NUL bytes, folders.

Every bomb is built here, bounded so that building it is cheap (tens of MB of zeros streamed
through zlib); the limits they cross are the product's own.
"""

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from assistant.kb import formats
from assistant.cli import cli
from assistant.errors import AssistantError, DocumentError
from assistant.check.facts import load_text, parse_facts
from assistant.kb.formats import read_text
from assistant.service import Assistant
from assistant.config import Settings

REPO = Path(__file__).resolve().parent.parent
REPORT = "一、主要举措和成效\n全年开展执法检查412家次，立案93起，下达行政处罚决定书78份。\n"
MB = 1024 * 1024


def zip_bomb(path: Path, inflated_bytes: int) -> Path:
    """A .docx whose document part inflates to inflated_bytes of zeros, written 1 MB at a time."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as package:
        package.writestr("[Content_Types].xml", "<Types/>")
        with package.open("word/document.xml", "w", force_zip64=True) as member:
            block = b"\0" * MB
            for _ in range(inflated_bytes // MB):
                member.write(block)
    return path


def many_members(path: Path, count: int) -> Path:
    with zipfile.ZipFile(path, "w") as package:
        for n in range(count):
            package.writestr(f"word/media/p{n}.xml", "")
    return path


def pdf_with_pages(path: Path, pages: int) -> Path:
    from pypdf import PdfWriter

    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(595, 842)
    writer.write(path)
    return path


def pdf_with_text(path: Path, repeats: int) -> Path:
    """One page that draws the same short line `repeats` times: its stream compresses to nothing."""
    from reportlab.pdfgen import canvas

    page = canvas.Canvas(str(path), pageCompression=1)
    text = page.beginText(40, 800)
    text.setFont("Helvetica", 8)
    for _ in range(repeats):
        text.textLine("x" * 200)
    page.drawText(text)
    page.save()
    return path


def test_a_docx_that_inflates_past_the_limit_is_refused_before_it_is_unpacked(tmp_path):
    bomb = zip_bomb(tmp_path / "炸弹.docx", formats.MAX_DOCX_XML_MEMBER + 2 * MB)
    assert bomb.stat().st_size < MB
    with pytest.raises(DocumentError, match="解压后.*超过安全上限"):
        read_text(bomb)


def test_a_docx_with_thousands_of_members_is_refused(tmp_path):
    with pytest.raises(DocumentError, match="个部件"):
        read_text(many_members(tmp_path / "部件.docx", formats.MAX_DOCX_MEMBERS + 1))


def test_a_pdf_with_more_pages_than_a_report_is_refused(tmp_path):
    with pytest.raises(DocumentError, match=f"超过 {formats.MAX_PDF_PAGES} 页"):
        read_text(pdf_with_pages(tmp_path / "页数.pdf", formats.MAX_PDF_PAGES + 1))


def test_a_pdf_whose_text_passes_the_limit_is_refused(tmp_path, monkeypatch):
    monkeypatch.setattr(formats, "MAX_TEXT_CHARS", 100_000)  # the same rule, met with a smaller file
    with pytest.raises(DocumentError, match="万字的上限"):
        read_text(pdf_with_text(tmp_path / "文字.pdf", 600))


@pytest.mark.parametrize("command", ["parse", "ingest", "check"])
def test_a_bomb_through_the_command_line_is_refused_quickly_with_memory_bounded(tmp_path, command):
    """The real entry point in its own process, so its peak memory can be read afterwards."""
    bomb = zip_bomb(tmp_path / "年度报告.docx", 96 * MB)
    (tmp_path / "facts.md").write_text("- 立案93起\n", encoding="utf-8")
    args = {"parse": [bomb], "ingest": [bomb, "--kb", tmp_path / "kb"], "check": [bomb, "--facts", tmp_path / "facts.md"]}
    # A fresh parent whose only child is the command, so that its peak is the command's alone.
    measure = ("import resource, subprocess, sys; done = subprocess.run(sys.argv[1:]); "
               "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss // 1024, done.returncode)")
    done = subprocess.run([sys.executable, "-c", measure, sys.executable, "-m", "assistant", command,
                           *map(str, args[command])], cwd=REPO, capture_output=True, text=True, timeout=120)
    peak_mb, returncode = map(int, done.stdout.split()[-2:])
    assert returncode in (1, 2)
    assert "超过安全上限" in done.stderr and "Traceback" not in done.stderr
    assert peak_mb < 400, f"peak {peak_mb} MB"


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
def test_utf16_without_bom_is_read(tmp_path, encoding):
    path = tmp_path / "报告.txt"
    path.write_bytes(REPORT.encode(encoding))
    assert read_text(path) == REPORT
    assert load_text(path) == REPORT


def test_binary_with_nul_bytes_is_still_refused(tmp_path):
    path = tmp_path / "假文本.txt"
    path.write_bytes(bytes(range(256)) * 8)
    with pytest.raises(DocumentError, match="不是文本文件"):
        read_text(path)


NUL_TEXT = "全年立案93起，\x00下达行政处罚决定书78份。"


@pytest.mark.parametrize("reader", [
    pytest.param(lambda tmp: read_text(write(tmp / "a.txt", NUL_TEXT.encode("utf-16"))), id="ingest"),
    pytest.param(lambda tmp: load_text(write(tmp / "a.txt", NUL_TEXT.encode("utf-16"))), id="check-file"),
    pytest.param(lambda tmp: parse_facts(NUL_TEXT), id="facts"),
    pytest.param(lambda tmp: Assistant.from_settings(Settings()).polish(NUL_TEXT), id="polish"),
    pytest.param(lambda tmp: Assistant.from_settings(Settings()).check(NUL_TEXT, "- 立案93起"), id="check"),
    pytest.param(lambda tmp: Assistant.from_settings(Settings()).draft("measures", "- " + NUL_TEXT), id="draft"),
])
def test_one_rule_for_nul_characters_everywhere(tmp_path, reader):
    with pytest.raises(AssistantError, match="空字符（NUL）"):
        reader(tmp_path)


def write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


def test_parse_of_a_folder_says_it_is_a_folder(tmp_path):
    result = CliRunner().invoke(cli, ["parse", str(tmp_path)])
    assert result.exit_code == 2
    assert "这是一个文件夹" in result.output and "无扩展名" not in result.output


def test_pypdf_warnings_do_not_reach_stderr(tmp_path):
    """A PDF with a wrong startxref pointer: pypdf recovers, and says so in English on its logger."""
    from reportlab.pdfgen import canvas

    path = tmp_path / "报告.pdf"
    page = canvas.Canvas(str(path))
    page.drawString(40, 800, "Annual report of the bureau, 2024, with enough words to be a text layer.")
    page.save()
    data = path.read_bytes()
    cut = data.rindex(b"startxref") + len(b"startxref\n")
    path.write_bytes(data[:cut] + b"99999" + data[data.index(b"\n", cut):])
    done = subprocess.run([sys.executable, "-m", "assistant", "parse", str(path)], cwd=REPO,
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert "startxref" not in done.stderr and "pypdf" not in done.stderr, done.stderr
