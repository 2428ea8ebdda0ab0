"""The parser on the five real reports in ../shared/corpus, as read and repackaged (PDF, Word, GBK).

The corpus text is read at run time and never copied here; the tests skip without it.
"""

import re

import pytest

from assistant.kb.documents import load_report
from conftest import CORPUS_DIR
from test_documents import assert_spans_fit, normalised, write_docx_markdown, write_pdf_lines

EXPECTED = {
    "000_582004d2e5e9f536.txt": {
        "parts": ["preamble", "measures", "measures", "measures", "plans"],
        "second_level": 9, "bureau": "江汉区应急管理局", "level": "区县", "year": 2023, "doc_number": "",
    },
    "001_ac6b43b892e5b79a.txt": {
        "parts": ["preamble", "measures", "shortcomings", "plans", "closing"],
        "second_level": 14, "bureau": "武汉市应急管理局", "level": "市", "year": 2021, "doc_number": "",
        "date": "2022年3月8日",
    },
    "002_39f8802a2c038771.txt": {
        "parts": ["preamble", "measures", "leader_duty", "shortcomings", "plans", "closing"],
        "second_level": 10, "bureau": "莆田市荔城区应急管理局", "level": "区县", "year": 2023,
        "doc_number": "荔应急〔2024〕9号", "addressee": "中共荔城区委、荔城区人民政府、莆田市应急管理局",
    },
    "003_f04ed9c7db267921.txt": {
        "parts": ["preamble", "measures", "highlights", "shortcomings", "plans"],
        "second_level": 4, "bureau": "湘乡市应急管理局", "level": "市", "year": 2024, "doc_number": "",
    },
    "004_bfa995e79c53abb1.txt": {
        "parts": ["preamble", "measures", "leader_duty", "shortcomings", "plans", "closing"],
        "second_level": 18, "bureau": "重庆市沙坪坝区应急管理局", "level": "区县", "year": 2023, "doc_number": "",
        "addressee": "区委、区政府", "date": "2024年2月3日",
    },
}


def corpus_file(name):
    path = CORPUS_DIR / name
    if not path.is_file():
        pytest.skip(f"{name} not in the corpus at {CORPUS_DIR}")
    return path


def second_level_count(report) -> int:
    return sum(1 for part in report.parts for section in part.sections if section.label)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_corpus_parts_sections_and_metadata(corpus, name):
    report = load_report(corpus_file(name))
    expected = EXPECTED[name]
    assert [part.part for part in report.parts] == expected["parts"]
    assert second_level_count(report) == expected["second_level"]
    for key in ("bureau", "level", "year", "doc_number", "addressee", "date"):
        if key in expected:
            assert getattr(report, key) == expected[key], key
    assert report.title and "报告" in report.title and "#" not in report.title


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_corpus_spans_point_at_each_item(corpus, name):
    report = load_report(corpus_file(name))
    items = [item for part in report.parts for section in part.sections for item in section.items]
    assert items
    for item in items:
        assert normalised(report.text[item.span[0]:item.span[1]]) == normalised(item.text)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_corpus_items_are_clean_and_inline_items_are_found(corpus, name):
    report = load_report(corpus_file(name))
    items = [item for part in report.parts for section in part.sections for item in section.items]
    assert not any(re.search(r"\*\*|^#|发布时间|字号|\[bookmark", item.text) for item in items)
    inline = [item for item in items if item.kind == "item"]
    assert inline and all(item.label.endswith("是") and item.heading and item.text.startswith(item.label) for item in inline)


def outline(report):
    """Parts, section headings and the inline items' labels: what a repackaging must not change."""
    return [(part.part, part.heading, [(section.label, section.heading, [item.label for item in section.items if item.label])
                                       for section in part.sections]) for part in report.parts]


@pytest.mark.parametrize("name", sorted(EXPECTED))
@pytest.mark.parametrize("packaging", ["pdf", "indented-pdf", "docx", "gbk"])
def test_corpus_in_other_packagings_parses_the_same(corpus, name, packaging, tmp_path):
    source = corpus_file(name)
    text = source.read_text(encoding="utf-8")
    lines = [re.sub(r"^\s*#+\s*", "", line).replace("**", "").strip() for line in text.splitlines() if line.strip()]
    if packaging.endswith("pdf"):
        path = write_pdf_lines(tmp_path / "r.pdf", lines, wrap=28, indent=packaging == "indented-pdf")
    elif packaging == "docx":
        path = write_docx_markdown(tmp_path / "r.docx", text)
    else:
        path = tmp_path / "r.txt"
        path.write_bytes(text.replace("\xa0", " ").encode("gbk"))  # GBK has no no-break space
    original, repackaged = load_report(source), load_report(path)
    assert outline(repackaged) == outline(original)
    assert_spans_fit(repackaged)
    for key in ("title", "bureau", "year", "doc_number", "addressee"):
        assert getattr(repackaged, key) == getattr(original, key), key
