"""A corpus file whose name holds a control character (issue 9, item 25).

No card may cite such a file (the deck reader refuses the name, and it could rewrite
the terminal wherever it is shown), so `cards draft` skips it with one warning that
shows the name escaped, and drafts the rest: never silently, never a traceback.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from cards.decks import load_deck
from cli_run import run_cards

TEXT = ("Entropy is defined as the expected information of a message.\n\n"
        "A second paragraph says something else entirely.\n")


@pytest.mark.parametrize("evil", ["a\x1b]0;title\x07", "b\x1b[2J", "c\x85d", "e\tf"])
def test_a_file_named_with_a_control_character_is_skipped_and_said(
    tmp_path: Path, evil: str
) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / f"{evil}.md").write_text(TEXT)
    (corpus / "plain.md").write_text(TEXT)
    out = tmp_path / "deck.toml"
    run = run_cards(None, "draft", str(corpus), "-o", str(out))
    assert run.code == 0, run.stderr
    assert "\x1b" not in run.stderr + run.stdout and "\x85" not in run.stderr
    warnings = [line for line in run.stderr.splitlines() if "control character" in line]
    assert len(warnings) == 1 and warnings[0].startswith("cards: warning: ")
    assert "skipped" in warnings[0]
    cited = {card.source.file for card in load_deck(out).cards if card.source}
    assert cited == {"corpus/plain.md"}
