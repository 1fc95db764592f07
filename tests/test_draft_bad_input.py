"""`cards draft` on a folder that mixes good files with every kind of bad input of issue
10: each bad file gets one clear line on stderr, and the rest of the folder is drafted.

Runs the real command in a subprocess, as a user would.
"""

from __future__ import annotations

import io
import shutil
from pathlib import Path

from cards.decks import load_deck
from cli_run import run_text
from tests.test_readers_pdf import PAGE, _pdf


def _encrypted_pdf() -> bytes:
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter()
    for page in PdfReader(io.BytesIO(_pdf([PAGE]))).pages:
        writer.add_page(page)
    writer.encrypt("secret")
    data = io.BytesIO()
    writer.write(data)
    return data.getvalue()


#: Each bad file, and a word its one line must hold.
BAD = {
    "cut.html": "truncated",
    "locked.pdf": "encrypted",
    "broken.pdf": "PDF",
    "huge.html": "limit",
    "image.md": "binary",
    "fence.md": "fence",
    "loop": "loop",
    "self.txt": "loop",
    "ping.txt": "loop",
    "pong.txt": "loop",
}


def _folder(tmp_path: Path) -> Path:
    corpus = tmp_path / "mixed"
    shutil.copytree("seeds", corpus)
    (corpus / "cut.html").write_text("<html><body><p>A full sentence here.</p><p>Half a sen",
                                     encoding="utf-8")
    (corpus / "locked.pdf").write_bytes(_encrypted_pdf())
    (corpus / "broken.pdf").write_bytes(b"%PDF-1.4\n1 0 obj <<\n garbage")
    sentence = "A filler word is a word that fills a sentence. "
    (corpus / "huge.html").write_text(  # 50 MB on one line
        "<html><body><p>" + sentence * (50 * 2**20 // len(sentence)) + "</p></body></html>",
        encoding="utf-8")
    (corpus / "image.md").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    (corpus / "fence.md").write_text(
        "# Notes\n\nA *catalyst* is a substance that speeds up a reaction.\n\n"
        "```python\nprint('this fence is never closed')\n", encoding="utf-8")
    (corpus / "loop").symlink_to(".")  # a folder link back into the folder
    (corpus / "self.txt").symlink_to("self.txt")  # a link to itself
    (corpus / "ping.txt").symlink_to("pong.txt")  # two links to each other
    (corpus / "pong.txt").symlink_to("ping.txt")
    return corpus


def test_each_bad_file_gets_one_line_and_the_rest_is_drafted(tmp_path: Path) -> None:
    corpus = _folder(tmp_path)
    out = tmp_path / "mixed.toml"
    result = run_text("draft", "mixed", "-o", str(out), stdin=None, cwd=tmp_path)
    shown = corpus.name  # files are named as under the folder the user typed
    assert result.returncode == 0, result.stderr
    lines = result.stderr.splitlines()
    assert "Traceback" not in result.stderr
    assert all(line.startswith("cards: warning: ") for line in lines), lines
    for name, word in BAD.items():
        about = [line for line in lines if line.split(": ")[2] == f"{shown}/{name}"
                 or line.split(": ")[2].startswith(f"{shown}/{name}:")]
        assert len(about) == 1, (name, lines)
        assert word in about[0], about
    assert len(lines) == len(BAD)
    deck = load_deck(out)
    assert deck.cards
    sources = {card.source.file for card in deck.cards if card.source}
    assert sources <= {f"{shown}/{p.name}" for p in Path("seeds").glob("*.txt")} | {
        f"{shown}/fence.md", f"{shown}/cut.html"}
    report = [line.split() for line in result.stdout.splitlines()[1:]]
    assert {row[0] for row in report} == {
        *(f"{shown}/{p.name}" for p in Path("seeds").glob("*.txt")),
        f"{shown}/cut.html", f"{shown}/fence.md"}  # the skipped files are not reported
    assert all(row[-1] in ("card", "cards") for row in report)
