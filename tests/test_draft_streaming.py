"""Drafting a big corpus as a stream: the folder is read while drafting goes on, blocks
are consumed once, window by window, and what each window finds is merged.

Invented sentences and folders, no corpus strings.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

import cards.extract as extract
from cards.corpus import CorpusStream, read_corpus
from cards.corpus.blocks import Block, OffsetMap

_DEFINITIONS = [
    ("catalyst", "A catalyst is a substance that speeds up a chemical reaction without "
                 "being consumed."),
    ("isotope", "An isotope is a variant of an element whose nuclei hold a different "
                "number of neutrons."),
    ("enzyme", "An enzyme is a protein that acts as a catalyst inside living cells."),
    ("oxidation", "Oxidation is the loss of electrons by a molecule, atom or ion."),
]
_FILLER = ("The laboratory notes go on about the weather and the coffee, and nothing in "
           "them defines anything at all.")


def _blocks(n_filler: int) -> list[Block]:
    """Definitions at the start and the end, filler between them."""
    out: list[Block] = []
    texts = [d for _, d in _DEFINITIONS[:2]] + [_FILLER] * n_filler + [
        d for _, d in _DEFINITIONS[2:]]
    for line, text in enumerate(texts, start=1):
        out.append(Block(file="notes.txt", kind="paragraph", text=text,
                         offsets=OffsetMap((0,), (line,), (0,))))
    return out


def test_blocks_are_consumed_once_window_by_window(monkeypatch: pytest.MonkeyPatch) -> None:
    blocks = _blocks(60)
    monkeypatch.setattr(extract, "WINDOW_CHARS", 2000)
    produced = [0]
    seen_at_call: list[tuple[int, int]] = []
    real = extract.find_concepts

    def spy(window):  # type: ignore[no-untyped-def]
        seen_at_call.append((produced[0], len(window)))
        return real(window)

    monkeypatch.setattr(extract, "find_concepts", spy)

    def stream() -> Iterator[Block]:
        for block in blocks:
            produced[0] += 1
            yield block

    result = extract.draft(stream(), deck="chem")
    assert len(seen_at_call) >= 3  # several windows
    first_read, first_size = seen_at_call[0]
    assert first_read == first_size < len(blocks)  # the first window ran before the rest was read
    assert sum(size for _, size in seen_at_call) == len(blocks) == result.passages
    found = {c.term.lower() for c in result.concepts}
    assert {"catalyst", "oxidation"} <= found  # from the first and the last window
    assert all(card.source is not None and card.source.quote for card in result.cards)


def test_a_small_corpus_is_drafted_in_one_window_as_before() -> None:
    blocks = _blocks(3)
    whole = extract.draft(blocks, deck="chem")
    streamed = extract.draft(iter(blocks), deck="chem")
    assert [c.id for c in streamed.cards] == [c.id for c in whole.cards]
    assert [c.key for c in streamed.concepts] == [c.key for c in whole.concepts]


def test_corpus_stream_reads_file_by_file_and_reports(tmp_path: Path) -> None:
    folder = tmp_path / "notes"
    folder.mkdir()
    for n, (_, text) in enumerate(_DEFINITIONS):
        (folder / f"{n}.txt").write_text(f"{text}\n\n{_FILLER}\n", encoding="utf-8")
    (folder / "x.bin").write_bytes(b"\x00\x01binary")
    calls: list[tuple[int, int]] = []
    stream = CorpusStream(folder, "notes", progress=lambda f, b: calls.append((f, b)))
    first = next(iter(stream))
    assert first.file == "0.txt" and stream.files == []  # nothing read beyond the first file
    blocks = read_corpus(folder, "notes").blocks
    again = CorpusStream(folder, "notes", progress=lambda f, b: calls.append((f, b)))
    assert list(again) == blocks
    assert again.files == [f"notes/{n}.txt" for n in range(4)]
    assert set(again.readers.values()) == {"text/generic"}
    assert again.block_count == 8 and any("binary" in w for w in again.warnings)
    assert calls[-1] == (5, 8)  # every file walked (the binary one too), every block
