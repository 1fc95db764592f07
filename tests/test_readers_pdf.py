"""The PDF reader, on PDFs the test draws with reportlab: pages, hyphens, running heads."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from cards.corpus import file_text
from tests.corpus_helpers import find, read_one

reportlab = pytest.importorskip("reportlab")


def _pdf(pages: list[list[str]], header: str | None = "A Running Header") -> bytes:
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    buffer = io.BytesIO()
    drawing = canvas.Canvas(buffer, pagesize=A4)
    for number, lines in enumerate(pages, 1):
        if header:
            drawing.drawString(72, 800, header)
        y = 760
        for line in lines:
            drawing.drawString(72, y, line)
            y -= 14
        drawing.drawString(72, 40, f"Page {number}")
        drawing.showPage()
    drawing.save()
    return buffer.getvalue()


def page(n: int) -> list[str]:
    word = ["", "first", "second", "third"][n]
    return [f"On the {word} page a catalyst comes up again.", *PAGE, f"That was the {word}"
            " page, with a closing line long enough to be like the others."]


PAGE = ["A catalyst is a substance that speeds up a reac-",
        "tion without being used up in the process of the",
        "reaction itself.",
        "Enzymes are the catalysts that living cells make and"
        " use for almost every reaction."]


def test_pages_paragraphs_hyphens_and_running_lines(tmp_path: Path) -> None:
    blocks, warnings = read_one(tmp_path, "book.pdf", _pdf([page(1), page(2), page(3)]))
    assert warnings == []
    texts = [b.text for b in blocks]
    assert texts.count("A catalyst is a substance that speeds up a reaction without being "
                       "used up in the process of the reaction itself.") == 3
    assert not any("Running Header" in t or "Page " in t for t in texts)
    assert "On the second page a catalyst comes up again." in texts
    block, start = find(blocks, "without being used up")
    lines = file_text(tmp_path / "corpus" / "book.pdf").split("\n")
    assert "tion without being used up" in lines[block.line_at(start) - 1]
    assert lines[block.line - 1].startswith("A catalyst")


def test_encrypted_pdf_is_skipped_with_one_line(tmp_path: Path) -> None:
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter()
    for page in PdfReader(io.BytesIO(_pdf([PAGE]))).pages:
        writer.add_page(page)
    writer.encrypt("secret")
    data = io.BytesIO()
    writer.write(data)
    blocks, warnings = read_one(tmp_path, "locked.pdf", data.getvalue())
    assert blocks == [] and len(warnings) == 1 and "encrypted" in warnings[0]


def test_corrupt_pdf_is_skipped_with_one_line(tmp_path: Path) -> None:
    blocks, warnings = read_one(tmp_path, "bad.pdf", b"%PDF-1.4\n1 0 obj <<\n garbage")
    assert blocks == [] and len(warnings) == 1 and "PDF" in warnings[0]
